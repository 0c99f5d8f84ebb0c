"""GLPI imports: asset-list exports (CSV, XLSX) and glpi-agent JSON inventories → inventory lines.

The pipeline reads as itself (GLPI.md §5):

    read files → rows (file, real line number, GLPI fields)
      → decide each row: excluded (why) | unclassified (which value) | imported (category, how)
      → merge identical imported assets into lines (unless ``keep_assets``)
      → an Inventory validated by the same code as every other inventory, and a report

Every row ends in exactly one of the three outcomes, so the report accounts for all of them.
Nothing here prints: :func:`format_report` returns the report's lines and the CLI prints them.

Decisions documented for users (``sobriete import glpi --help`` says the same):

- a row whose category cannot be decided is *unclassified*: it is never defaulted, it is named
  in the report with its file, line and value, and the command writes nothing until every
  unclassified value is mapped (``--map-type "Type=category"`` or ``--mapping FILE``; the
  category ``exclude`` leaves a type out deliberately);
- the category comes from the user's mapping of the Model or of a telling Type, else the GLPI
  Type (SMBIOS chassis names, French admin labels, the factor set's aliases), else the model
  (Apple identifiers and unambiguous vendor families), else the list's own kind when the Type is
  empty (Monitors → monitor, Printers → printer), else the user's mapping of a Type that says
  nothing ('Other', 'Networking'): such a mapping fixes the unclassified rows it was written for
  without overriding a model that tells the kind;
- excluded, always with line numbers: retired statuses, virtual machines, laptops' built-in
  panels, keyboards/mice and other accessories without a factor, items decommissioned before
  the reporting year or bought after it, a second row with the same serial number, partial
  agent inventories;
- ``purchase_year`` = year of the purchase date, else delivery date, else commissioning date;
  ``site`` = first level of the location (the building); ``service`` = last level of the
  entity below the root entity; ``name`` = the asset name (merged assets keep it only when
  they all share it); ``model`` = the model, prefixed by the cleaned manufacturer.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import html
import io
import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from .. import model
from ..errors import InputError, InputErrors, error, quote_value
from ..text import allowed, did_you_mean, normalise_name

# --- vocabulary -----------------------------------------------------------------------------------

ITEMTYPES = {
    "computer": "Computers",
    "monitor": "Monitors",
    "phone": "Phones",
    "printer": "Printers",
    "networkequipment": "Network equipment",
    "peripheral": "Peripherals",
}
ITEMTYPE_NAMES = {
    "computer": ("computer", "computers", "ordinateur", "ordinateurs", "poste", "postes", "pc"),
    "monitor": ("monitor", "monitors", "moniteur", "moniteurs", "ecran", "ecrans", "screen", "screens"),
    "phone": ("phone", "phones", "telephone", "telephones"),
    "printer": ("printer", "printers", "imprimante", "imprimantes"),
    "networkequipment": ("networkequipment", "network equipment", "network", "networking",
                         "materiel reseau", "materiels reseau", "materiels reseaux", "reseau", "reseaux"),
    "peripheral": ("peripheral", "peripherals", "peripherique", "peripheriques", "device", "devices"),
}

EXCLUDE_WORDS = ("exclude", "exclure", "ignore", "ignorer")
# Categories an asset can be: physical equipment only (no cloud, SaaS, telecom or online service).
NOT_EQUIPMENT = ("cloud_vm", "cloud_storage", "saas", "colocation", "telecom")

# Exclusion reasons, in report order.
REASONS = {
    "status": "retired status",
    "decommissioned": "decommission date before the reporting year",
    "after_year": "bought or put in service after the reporting year",
    "virtual": "virtual machine (its footprint is its host's)",
    "panel": "laptop built-in panel (counted with the laptop)",
    "accessory": "accessory without an emission factor (keyboard, mouse, webcam…)",
    "mapped": "excluded by your mapping (exclude)",
    "duplicate": "duplicate serial number (same asset listed twice)",
    "partial": "partial agent inventory (partial: true; only changed sections)",
}

DATE_FIELDS = ("buy_date", "delivery_date", "use_date")
DATE_LABELS = {"buy_date": "purchase date", "delivery_date": "delivery date",
               "use_date": "commissioning date", "decommission_date": "decommission date"}

# Header names (normalised: no accents, lower case, ' - ' groups joined by a space), FR and EN.
FIELD_HEADERS = {
    "name": ("nom", "name"),
    "id": ("id",),
    "entity": ("entite", "entity"),
    "status": ("statut", "status", "etat", "state"),
    "manufacturer": ("fabricant", "manufacturer", "constructeur", "marque", "brand"),
    "type": ("type", "type d'ordinateur", "computer type", "type de moniteur", "monitor type",
             "type de telephone", "phone type", "type d'imprimante", "printer type",
             "type de materiel reseau", "network equipment type", "type de peripherique",
             "peripheral type", "device type"),
    "model": ("modele", "model", "modele d'ordinateur", "computer model", "modele de moniteur",
              "monitor model", "modele de telephone", "phone model", "modele d'imprimante",
              "printer model", "modele de materiel reseau", "network equipment model",
              "modele de peripherique", "peripheral model", "device model"),
    "serial": ("numero de serie", "serial number", "serial", "n de serie", "no de serie", "sn"),
    "inventory_number": ("numero d'inventaire", "inventory number", "otherserial"),
    "location": ("lieu", "location", "localisation", "emplacement"),
    "buy_date": ("date d'achat", "date of purchase", "purchase date", "buy date"),
    "delivery_date": ("date de livraison", "delivery date"),
    "use_date": ("date de mise en service", "startup date", "commissioning date", "date of startup",
                 "in service date"),
    "decommission_date": ("date de reforme", "decommission date", "decommissioning date",
                          "date of decommission"),
    "os": ("systeme d'exploitation nom", "operating system name", "systeme d'exploitation",
           "operating system", "os"),
    "processor": ("composants processeur", "components processor", "processeur", "processor"),
    "firmware": ("micrologiciel", "firmware"),
    "itemtype": ("type d'element", "item type", "itemtype", "type d'objet"),
    # never a purchase year (GLPI.md §1.6), but in the same user date format: helps detect it
    "last_update": ("derniere modification", "last update", "date de creation", "creation date"),
}
# Only these groups may prefix a header we read by its last part ('Group - Name'); another
# prefix is another object's field (e.g. 'Ordinateur - Nom' in the Monitors list).
OWN_GROUPS = ("informations financieres et administratives", "financial and administrative information",
              "gestion", "management", "caracteristiques", "characteristics")

# SMBIOS chassis names, GLPI admin labels in French and English (GLPI.md §3.3, §4, §5.2), per list.
_COMPUTER_TYPES = {
    "laptop": ("laptop", "notebook", "portable", "sub notebook", "subnotebook", "convertible",
               "ordinateur portable", "pc portable", "portable pc", "ultraportable", "netbook",
               "detachable", "2 en 1", "2 in 1", "ordinateur portatif", "pc portatif",
               "portable windows", "laptop pc"),
    "desktop": ("desktop", "low profile desktop", "mini tower", "tower", "tour", "mini tour",
                "space saving", "pizza box", "lunch box", "sealed case pc", "mini pc", "stick pc",
                "poste fixe", "pc fixe", "unite centrale", "uc", "station de travail", "workstation",
                "ordinateur de bureau", "ordinateur fixe", "pc de bureau", "poste de travail",
                "desktop pc", "micro ordinateur", "pc"),
    "all_in_one": ("all in one", "aio", "tout en un", "ordinateur tout en un", "pc tout en un"),
    "thin_client": ("client leger", "thin client", "terminal leger", "zero client", "client zero"),
    "tablet": ("tablet", "tablette", "tablette tactile", "hand held", "handheld", "tablet pc"),
    "smartphone": ("smartphone", "telephone mobile"),
    "rack_server": ("server", "serveur", "serveur rack", "serveur en rack", "rack mount chassis",
                    "main server chassis", "main system chassis", "serveur physique", "rack server",
                    "serveur 1u", "serveur 2u", "hyperviseur", "hypervisor", "serveur esx",
                    "serveur hyperv", "noeud de cluster"),
    "tower_server": ("serveur tour", "tower server", "serveur de proximite"),
    "blade_server": ("serveur lame", "blade", "multi system", "blade server", "lame"),
}
_MONITOR_TYPES = {
    "monitor": ("ecran", "ecran plat", "moniteur", "monitor", "lcd", "led", "display", "ecran lcd",
                "ecran led", "ecran pc", "ecran d'ordinateur", "flat panel", "screen", "ecran 24",
                "ecran 27", "ecran 22", "ecran 19"),
    "television": ("televiseur", "television", "tv", "tele", "ecran tv", "affichage dynamique",
                   "digital signage"),
    "interactive_display": ("ecran interactif", "ecran numerique interactif", "eni", "tni",
                            "ecran tactile interactif", "interactive display", "interactive flat panel"),
    "projector": ("videoprojecteur", "video projecteur", "projecteur", "projector", "vpi", "tbi"),
}
_PHONE_TYPES = {
    "smartphone": ("smartphone", "mobile", "telephone mobile", "telephone portable", "portable",
                   "iphone", "android", "mobile phone", "cell phone", "gsm android", "ordiphone"),
    "feature_phone": ("feature phone", "telephone basique", "mobile basique", "mobile simple",
                      "telephone mobile simple", "telephone a clapet"),
    "desk_phone": ("telephone ip", "ip phone", "telephone fixe", "fixe", "dect", "telephone dect",
                   "combine dect", "voip", "telephone voip", "poste telephonique", "desk phone",
                   "deskphone", "sip", "telephone sip", "telephone analogique", "analogique",
                   "telephone de bureau"),
    "tablet": ("tablette", "tablet", "ipad"),
}
_PRINTER_TYPES = {
    "multifunction_printer": ("multifonction", "imprimante multifonction", "copieur", "photocopieur",
                              "photocopieuse", "copieur multifonction", "mfp", "mfd",
                              "multifunction", "multifunction printer", "all in one printer"),
    "printer": ("printer", "imprimante", "laser", "imprimante laser", "jet d'encre",
                "imprimante jet d'encre", "inkjet", "laser printer", "imprimante couleur",
                "imprimante reseau", "imprimante thermique", "imprimante etiquettes",
                "imprimante de badges", "imprimante ticket"),
}
_NETWORK_TYPES = {
    "network_switch": ("switch", "commutateur", "switch poe", "switch reseau", "commutateur reseau",
                       "switch ethernet", "switch manageable", "switch fibre", "switch coeur"),
    "router": ("routeur", "router", "routeur 4g", "edge router"),
    "firewall": ("pare feu", "parefeu", "firewall", "utm", "firewall appliance"),
    "wifi_access_point": ("borne wifi", "borne wi fi", "point d'acces", "point d'acces wifi",
                          "access point", "ap", "ap wifi", "wifi", "wi fi", "wireless access point",
                          "borne"),
    "storage_array": ("nas", "san", "baie de stockage", "baie san", "baie nas", "storage", "stockage"),
    "network_box": ("box", "box internet", "modem", "livebox", "freebox"),
}
_PERIPHERAL_TYPES = {
    "projector": ("videoprojecteur", "video projecteur", "projecteur", "projector", "vpi", "tbi"),
    "external_storage": ("disque dur externe", "disque externe", "disque usb", "hdd externe",
                         "external hard drive", "external drive", "external hdd"),
    "external_ssd": ("ssd externe", "external ssd"),
    "usb_key": ("cle usb", "clef usb", "usb key", "usb stick"),
    "television": ("televiseur", "television", "tv"),
    "interactive_display": ("ecran interactif", "ecran numerique interactif", "tni", "eni"),
    "monitor": ("ecran", "moniteur", "monitor"),
    "network_box": ("box", "box internet", "modem"),
}
# Peripherals sobriete has no factor for and that no footprint method counts separately
# (GLPI creates them from a laptop's own keyboard and touchpad): excluded, with their lines.
_ACCESSORIES = (
    "keyboard", "clavier", "mouse", "souris", "trackball", "touch pad", "touchpad", "pave tactile",
    "touch screen", "webcam", "camera web", "casque", "headset", "micro casque", "microphone", "micro",
    "haut parleur", "haut parleurs", "speaker", "speakers", "enceinte", "enceintes", "pointing device",
    "peripherique de pointage", "lecteur de carte", "card reader", "lecteur de cartes",
    "hid", "usb hub", "hub usb", "input device",
)
_VIRTUAL_TYPES = (
    "vmware", "qemu", "kvm", "xen", "xenhvm", "xen hvm", "virtualbox", "hyper v", "hyperv",
    "virtual machine", "machine virtuelle", "vm", "parallels", "lxc", "docker", "podman", "wsl",
    "virtuozzo", "openvz", "bsdjail", "jail", "aix lpar", "lpar", "bhyve", "solaris zone",
    "vserver", "systemd nspawn", "container", "conteneur", "vm cloud", "virtual", "virtuel",
    "virtuelle",
)
_VIRTUAL_WORDS = re.compile(r"\b(virtuel|virtuelle|virtual|vmware|qemu|kvm|virtualbox|hyper v)\b")
_VIRTUAL_MODELS = re.compile(
    r"(vmware|virtualbox|virtual machine|virtual platform|\bkvm\b|\bqemu\b|hvm domu|"
    r"standard pc \((q35|i440fx)|\bbochs\b|openstack nova|google compute engine|"
    r"amazon ec2|\bhvm\b|parallels virtual)")
_VIRTUAL_MANUFACTURERS = re.compile(r"^(vmware|qemu|innotek|xen|parallels|bochs|red hat|openstack)\b")
# Placeholders that say nothing about the kind: the model is tried instead.
_PLACEHOLDER_TYPES = ("other", "others", "unknown", "autre", "autres", "inconnu", "divers",
                      "default string", "to be filled by o.e.m.", "to be filled by o e m",
                      "not specified", "not applicable", "system product name", "n/a", "na",
                      "none", "aucun", "empty", "docking station", "expansion chassis",
                      "sub chassis", "subchassis", "bus expansion chassis", "peripheral chassis",
                      "raid chassis", "storage chassis", "compactpci", "advancedtca",
                      "iot gateway", "embedded pc", "blade enclosing")
_PLACEHOLDER_VALUES = ("to be filled by o.e.m.", "to be filled by o e m", "system manufacturer",
                       "system product name", "default string", "not specified", "not applicable",
                       "all series", "o.e.m.", "oem", "unknown", "none", "n/a", "empty",
                       "system serial number", "base board product name", "type1productconfigid")

# Model rules (GLPI.md §5.2), checked in order on the normalised "manufacturer model" text.
_MODEL_RULES = (
    ("apple", re.compile(r"\bmacbook"), "laptop"),
    ("apple", re.compile(r"\bimac"), "all_in_one"),
    ("apple", re.compile(r"\bmac ?mini|\bmac ?pro\b|\bmacpro|\bmac ?studio"), "desktop"),
    ("apple", re.compile(r"\bipad"), "tablet"),
    ("apple", re.compile(r"\biphone"), "smartphone"),
    ("vendor family", re.compile(r"all in one|\bproone\b|\beliteone\b|\baio\b"), "all_in_one"),
    ("vendor family", re.compile(r"thin client|\bwyse\b"), "thin_client"),
    ("vendor family", re.compile(r"\bpoweredge\b|\bproliant\b|\bthinksystem\b|\bprimergy\b"), "rack_server"),
    ("vendor family", re.compile(r"\blatitude\b|\belitebook\b|\bprobook\b|\bzbook\b|\bthinkpad\b|"
                                 r"\btravelmate\b|surface laptop|surface book|\bnotebook\b|\blaptop\b"),
     "laptop"),
    ("vendor family", re.compile(r"\boptiplex\b|\belitedesk\b|\bprodesk\b|\besprimo\b"), "desktop"),
)
_MFP_MODELS = re.compile(r"\bmfp\b|\bmfc\b|multifunction|multifonction|imagerunner|workcentre|"
                         r"versalink c\d+\b|bizhub|taskalfa|ecosys m\d|\bmf ?\d{3,4}|aficio|"
                         r"imagepress|\bmx ?\d{4}")
_NETWORK_MODELS = (
    (re.compile(r"fortigate|fortiwifi|stormshield|\bsn\d{2,4}\b|pfsense|opnsense|sophos (xg|sg)|"
                r"\basa ?\d{4}|palo alto|watchguard|sonicwall"), "firewall"),
    (re.compile(r"\bap[ -]?\d{2,3}\b|access point|aironet|unifi ap|\buap\b|\bwap\d|fortiap|"
                r"\bmr\d{2}\b|instant on ap"), "wifi_access_point"),
    (re.compile(r"catalyst|nexus|procurve|\baruba \d{4}|\b2530\b|\b2930|\bsg\d{3}|\bgs\d{3}|"
                r"\bdgs\b|\bdgs \d|\bsf\d{3}|\bcbs\d{3}|\bex\d{4}|\bswitch|\bcommutateur|"
                r"\bums\b|\bus \d{2}|officeconnect"), "network_switch"),
    (re.compile(r"\bisr ?\d{3,4}|\brouter\b|\brouteur\b|\bmx\d{2,3}\b|\bedgerouter"), "router"),
)
# Laptop panel makers as written by glpi-agent from EDID (GLPI.md §3.4).
_PANEL_MAKERS = re.compile(
    r"^(au optronics|auo\b|chimei|chi mei|cmn\b|cmo\b|innolux|inl\b|lg display|lgd\b|boe\b|"
    r"sharp|shp\b|samsung display|sdc\b|infovision|ivo\b|panda|csot|tianma|ivo )")
_ZERO_SERIAL = re.compile(r"^0+$")

_MANUFACTURER_NAMES = {
    "dell": "Dell", "dell inc": "Dell", "dell computer corporation": "Dell",
    "hp": "HP", "hewlett packard": "HP", "hp inc": "HP", "hewlett packard company": "HP",
    "hewlett packard enterprise": "HPE", "hpe": "HPE", "lenovo": "Lenovo",
    "apple": "Apple", "apple inc": "Apple", "apple computer inc": "Apple",
    "microsoft": "Microsoft", "microsoft corporation": "Microsoft",
    "asustek computer inc": "ASUS", "asus": "ASUS", "acer": "Acer", "acer technologies": "Acer",
    "fujitsu": "Fujitsu", "fujitsu siemens": "Fujitsu", "fujitsu technology solutions": "Fujitsu",
    "samsung": "Samsung", "samsung electronics co ltd": "Samsung", "samsung electric company": "Samsung",
    "goldstar company ltd": "LG", "lg electronics": "LG", "iiyama north america": "iiyama",
    "iiyama": "iiyama", "philips consumer electronics company": "Philips", "philips": "Philips",
    "eizo nanao corporation": "Eizo", "viewsonic corporation": "ViewSonic",
    "aoc international (usa) ltd": "AOC", "benq corporation": "BenQ",
    "cisco": "Cisco", "cisco systems": "Cisco", "cisco systems inc": "Cisco",
    "brother": "Brother", "brother industries ltd": "Brother", "canon": "Canon", "canon inc": "Canon",
    "kyocera": "Kyocera", "ricoh": "Ricoh", "xerox": "Xerox", "konica minolta": "Konica Minolta",
    "toshiba": "Toshiba", "dynabook": "Dynabook", "medion": "Medion", "msi": "MSI",
    "micro star international co ltd": "MSI", "gigabyte technology co ltd": "Gigabyte",
}
_COMPANY_SUFFIX = re.compile(r"[\s,]+(inc|inc\.|corporation|corp|corp\.|co\.?,? ?ltd\.?|ltd\.?|"
                             r"gmbh|s\.?a\.?s?|s\.?p\.?a\.?|ag|llc|company|limited)\.?$", re.I)

ROOT_ENTITIES = ("entite racine", "root entity")
SUSPICIOUS_PAGE_SIZES = (15, 20, 50)
NOTES_MAX_REFS = 12


@functools.lru_cache(maxsize=1 << 16)
def _norm(text) -> str:
    """Normalised text for matching: accents and case folded, '’' as "'", separators as one space."""
    if text is None:
        return ""
    return normalise_name(str(text).replace("’", "'").replace("`", "'"))


def _table(groups: dict) -> dict[str, str]:
    return {_norm(name): category for category, names in groups.items() for name in names}


TYPE_TABLES = {
    "computer": _table(_COMPUTER_TYPES),
    "monitor": _table(_MONITOR_TYPES),
    "phone": _table(_PHONE_TYPES),
    "printer": _table(_PRINTER_TYPES),
    "networkequipment": _table(_NETWORK_TYPES),
    "peripheral": _table(_PERIPHERAL_TYPES),
}
# Lists tried for a row whose list is unknown (or whose Type belongs to another list).
TABLE_ORDER = ("computer", "monitor", "printer", "networkequipment", "phone", "peripheral")
ACCESSORY_TYPES = frozenset(_norm(t) for t in _ACCESSORIES)
VIRTUAL_TYPES = frozenset(_norm(t) for t in _VIRTUAL_TYPES)
PLACEHOLDER_TYPES = frozenset(_norm(t) for t in _PLACEHOLDER_TYPES)
PLACEHOLDER_VALUES = frozenset(_norm(t) for t in _PLACEHOLDER_VALUES)
# Types that do not tell the kind: the model is tried before the user's mapping of the type.
GENERIC_TYPES = PLACEHOLDER_TYPES | {"", "networking"}
HEADER_FIELDS = {_norm(h): f for f, names in FIELD_HEADERS.items() for h in names}
ITEMTYPE_BY_NAME = {_norm(n): k for k, names in ITEMTYPE_NAMES.items() for n in names}
ITEMTYPE_BY_NAME.update({_norm(label): k for k, label in ITEMTYPES.items()})


def itemtype_of(text: str) -> str | None:
    """The GLPI list id for a name given by a user ('Computer', 'ordinateurs', 'Moniteur'…)."""
    return ITEMTYPE_BY_NAME.get(_norm(text))


# --- rows ----------------------------------------------------------------------------------------

@dataclass
class Row:
    """One asset as read from a GLPI file, with the file's own line number."""

    file: str
    line: int
    itemtype: str | None
    values: dict  # field -> cleaned text ('' when absent)
    partial: bool = False
    date_format: str | None = None  # the file's: 'Y-m-d', 'd-m-Y' or 'm-d-Y'

    def get(self, key: str) -> str:
        return self.values.get(key) or ""

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass
class FileInfo:
    """What was read from one file, for the report and the inventory's header."""

    label: str
    kind: str  # "GLPI 10 CSV", "GLPI 11 CSV", "XLSX", "glpi-agent JSON"…
    itemtype: str | None
    itemtype_from: str  # "--itemtype", "the columns …", "the file name", "the types", "agent JSON"
    rows: int
    sha256: str
    columns_used: list = field(default_factory=list)
    columns_ignored: list = field(default_factory=list)
    date_format: str | None = None
    notes: list = field(default_factory=list)


@dataclass
class Decision:
    """What happened to one row: imported (category), excluded (reason) or unclassified."""

    row: Row
    outcome: str  # "imported" | "excluded" | "unclassified"
    category: str | None = None
    section: str | None = None
    how: str = ""  # how the category was decided: type, mapping, model, list
    reason: str | None = None  # key of REASONS
    detail: str = ""  # the value behind the decision (status, type, serial…)
    key: str = ""  # the value a --map-type would match (type, else model)
    purchase_year: int | None = None
    year_from: str | None = None  # which date gave purchase_year
    site: str | None = None
    service: str | None = None
    model: str | None = None
    name: str | None = None


@dataclass
class GlpiImport:
    """The result of an import: decisions for every row, inventory lines, report material."""

    year: int
    files: list
    decisions: list
    lines: dict  # section -> list of line mappings (inventory keys)
    notes: list
    keep_assets: bool = False
    mapping_sources: dict = field(default_factory=dict)  # normalised key -> (raw key, category, origin)
    unused_mappings: list = field(default_factory=list)

    def outcome(self, name: str) -> list:
        return [d for d in self.decisions if d.outcome == name]

    @property
    def imported(self) -> list:
        return self.outcome("imported")

    @property
    def excluded(self) -> list:
        return self.outcome("excluded")

    @property
    def unclassified(self) -> list:
        return self.outcome("unclassified")

    def imported_by_category(self) -> dict[tuple[str, str], int]:
        counts: Counter = Counter((d.section, d.category) for d in self.imported)
        return dict(counts)

    def excluded_by_reason(self) -> dict[str, list]:
        groups: dict[str, list] = {}
        for reason in REASONS:
            rows = [d for d in self.excluded if d.reason == reason]
            if rows:
                groups[reason] = rows
        return groups

    @property
    def line_count(self) -> int:
        return sum(len(v) for v in self.lines.values())


# --- mappings given by the user ----------------------------------------------------------------

@dataclass
class TypeMapping:
    """User decisions: normalised GLPI type (or model) → category id or ``None`` (exclude)."""

    entries: dict = field(default_factory=dict)  # norm key -> (raw key, category|None, origin)

    def get(self, key: str):
        return self.entries.get(_norm(key))


def _mapped_category(value, factors, where: str, problems: list, path=None, row=None) -> tuple[bool, str | None]:
    text = str(value).strip() if value is not None else ""
    if _norm(text) in EXCLUDE_WORDS:
        return True, None
    category = factors.category_of(text) if text else None
    if category is not None and category not in NOT_EQUIPMENT and \
            factors.profiles[category].section in ("devices", "hosting"):
        return True, category
    choices = equipment_categories(factors) + ["exclude"]
    hint = did_you_mean(text, choices + [a for c in choices if c in factors.profiles
                                         for a in factors.profiles[c].aliases]) if text else None
    problems.append(error(f"{where}: unknown equipment category", path=path, row=row,
                          value=text, hint=hint or allowed(choices, limit=40)))
    return False, None


def equipment_categories(factors) -> list[str]:
    return [p.id for p in factors.profiles.values()
            if p.section in ("devices", "hosting") and p.id not in NOT_EQUIPMENT]


def parse_type_mappings(options, mapping_file, factors) -> TypeMapping:
    """``--map-type "TYPE=category"`` options (which win) and a ``--mapping`` YAML file.

    The YAML file is a mapping of GLPI type → category, e.g. ``Other: desktop`` or
    ``Station d'accueil: exclude``. Raises InputErrors listing every bad entry.
    """
    problems: list[InputError] = []
    mapping = TypeMapping()
    if mapping_file:
        from ..io.yamlsafe import LineDict, load_yaml_file

        label = str(mapping_file)
        if not Path(mapping_file).is_file():
            raise InputErrors([error("mapping file not found", path=label)])
        data = load_yaml_file(Path(mapping_file), label)
        if data is None:
            data = {}
        if not isinstance(data, dict):
            raise InputErrors([error("a mapping file must map GLPI types to categories "
                                     "(e.g. 'Other: desktop')", path=label)])
        for key, value in data.items():
            row = data.key_lines.get(key) if isinstance(data, LineDict) else None
            if isinstance(value, (dict, list)) or value is None:
                problems.append(error(f"type {str(key)!r}: expected a category", path=label, row=row,
                                      hint="e.g. 'Other: desktop' or 'Clavier: exclude'"))
                continue
            raw_key = "" if key is None else str(key)
            ok, category = _mapped_category(value, factors, f"type {raw_key!r}", problems, label, row)
            if ok:
                mapping.entries[_norm(raw_key)] = (raw_key, category, f"{label}:{row}" if row else label)
    for option in options:
        if "=" not in option:
            problems.append(error(f"--map-type {option!r}: expected TYPE=category",
                                  hint='e.g. --map-type "Other=desktop"'))
            continue
        raw_key, value = option.rsplit("=", 1)
        raw_key = raw_key.strip().strip('"').strip("'")
        ok, category = _mapped_category(value.strip(), factors, f"--map-type {option!r}", problems)
        if ok:
            mapping.entries[_norm(raw_key)] = (raw_key, category, "--map-type")
    if problems:
        raise InputErrors(problems)
    return mapping


# --- reading files ----------------------------------------------------------------------------------

def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _decode(data: bytes, label: str, notes: list) -> str:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
        notes.append(f"{label}: not valid UTF-8, read as cp1252 (a file re-saved by Excel?)")
    return text


_URL_SUFFIX = re.compile(r"\s*\[https?://[^\]]*\]\s*$")


def _clean(value) -> str:
    """A GLPI cell as text: HTML entities decoded, NBSP and spaces trimmed, 9.5 '[URL]' suffix cut."""
    if value.__class__ is str:
        text = value
        if "&" in text:
            text = html.unescape(text)
        if "\xa0" in text or "\ufeff" in text:
            text = text.replace("\xa0", " ").replace("\ufeff", "")
        text = text.strip()
        if "[http" in text:
            text = _URL_SUFFIX.sub("", text)
        return text
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return _clean(str(value))


def _first(value: str) -> str:
    """The first of a GLPI multi-value cell (values joined by '<br>')."""
    if "<br" not in value.lower():
        return value
    for part in re.split(r"<br\s*/?>", value, flags=re.I):
        if part.strip():
            return part.strip()
    return ""


def _all(value: str) -> list[str]:
    parts = [p.strip() for p in re.split(r"<br\s*/?>", value, flags=re.I)] if value else []
    return list(dict.fromkeys(p for p in parts if p))


def _sniff_delimiter(line: str) -> str:
    counts = {d: 0 for d in (";", ",", "\t")}
    quoted = False
    for char in line:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(counts, key=counts.get)
    return best if counts[best] else ";"


def _match_headers(header: list[str]) -> tuple[dict[str, int], list[str], list[str]]:
    """Column index of each field, and the headers used / ignored, by FR/EN name (GLPI.md §5.1.3)."""
    exact: dict[str, int] = {}
    by_suffix: dict[str, int] = {}
    for index, raw in enumerate(header):
        parts = [p for p in re.split(r"\s+-\s+", raw.strip()) if p.strip()]
        if not parts:
            continue
        full = _norm(" ".join(parts))
        found = HEADER_FIELDS.get(full)
        if found is not None:
            exact.setdefault(found, index)
            continue
        if len(parts) > 1 and _norm(" ".join(parts[:-1])) in OWN_GROUPS:
            found = HEADER_FIELDS.get(_norm(parts[-1]))
            if found is not None:
                by_suffix.setdefault(found, index)
    columns = dict(by_suffix)
    columns.update(exact)
    used_indices = set(columns.values())
    used = [header[i] for i in sorted(used_indices)]
    ignored = [h for i, h in enumerate(header) if i not in used_indices and h.strip()]
    return columns, used, ignored


def read_rows(path, label: str | None = None, itemtype: str | None = None) -> tuple[list[Row], FileInfo]:
    """Read one GLPI export (CSV, XLSX) or glpi-agent JSON file into rows."""
    path = Path(path)
    label = label or str(path)
    if not path.is_file():
        raise InputErrors([error("file not found", path=label)])
    data = path.read_bytes()
    if not data.strip():
        raise InputErrors([error("empty file", path=label)])
    digest = _sha256(data)
    head = data[:8].lstrip(b"\xef\xbb\xbf \t\r\n")
    suffix = path.suffix.lower()
    if data.startswith(b"%PDF"):
        raise InputErrors([error("a PDF export cannot be read", path=label,
                                 hint="in GLPI choose Export → All pages → CSV")])
    if data.startswith(b"PK\x03\x04"):
        if suffix == ".ods" or b"opendocument" in data[:200]:
            raise InputErrors([error("ODS spreadsheets are not read", path=label,
                                     hint="export as CSV or XLSX from GLPI")])
        return _read_xlsx(path, label, itemtype, digest)
    if b"\x00" in data[:65536]:
        raise InputErrors([error("binary file, not a GLPI export", path=label,
                                 hint="give the CSV or XLSX export of a GLPI list, or a glpi-agent JSON")])
    if head.startswith(b"ID;P"):
        raise InputErrors([error("SYLK (.slk) exports are not read", path=label,
                                 hint="in GLPI choose Export → All pages → CSV")])
    if head.startswith((b"{", b"[")) or suffix == ".json":
        return _read_agent_json(data, label, digest)
    return _read_csv(data, label, itemtype, digest)


def _read_csv(data: bytes, label: str, itemtype: str | None, digest: str) -> tuple[list[Row], FileInfo]:
    notes: list[str] = []
    bom = data.startswith(b"\xef\xbb\xbf") or b"\n\xef\xbb\xbf" in data[:4096]
    text = _decode(data, label, notes)
    lines = io.StringIO(text, newline="").readlines()
    offset = 0  # blank lines before the header (GLPI 9.5 and some 10.0.x versions add one)
    while offset < len(lines) and not lines[offset].replace("\ufeff", "").strip():
        offset += 1
    if offset == len(lines):
        raise InputErrors([error("empty file", path=label)])
    if offset:
        notes.append(f"{label}: {offset} blank line(s) before the header skipped")
    body = "".join(lines[offset:]).lstrip("\ufeff")
    header_line = lines[offset].lstrip("\ufeff").rstrip("\r\n")
    delimiter = _sniff_delimiter(header_line)
    crlf = lines[offset].endswith("\r\n")
    reader = csv.reader(io.StringIO(body, newline=""), delimiter=delimiter, quotechar='"',
                        doublequote=True, strict=True)
    records: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for record in reader:
            records.append((offset + start, record))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise InputErrors([error(f"broken CSV ({exc})", path=label, row=offset + start,
                                 hint="a quoted value opened on this line is never closed, or the file "
                                      "is not a GLPI CSV export")]) from exc
    if not records:
        raise InputErrors([error("empty file", path=label)])
    header_row, header = records[0]
    trailing = len(header) > 1 and not header[-1].strip()
    while header and not header[-1].strip():
        header = header[:-1]
    header = [h.replace("\ufeff", "").strip() for h in header]
    # A separator after every value is GLPI 9.5/10's writer; GLPI 11's (PhpSpreadsheet) ends lines
    # with CRLF and no separator; anything else was re-saved by a spreadsheet.
    kind = "GLPI 10 CSV" if trailing else "GLPI 11 CSV" if crlf else "CSV"
    details = [d for d in ("BOM" if bom else "no BOM", f"'{delimiter}'" if delimiter != "\t" else "tab",
                           "CRLF" if crlf else "LF",
                           "trailing separator" if trailing else "") if d]
    kind = f"{kind} ({', '.join(details)})"
    problems = []
    raw_rows: list[tuple[int, list[str]]] = []
    for line, record in records[1:]:
        if not "".join(record).strip():
            continue
        if len(record) > len(header):
            extra = record[len(header):]
            if any(v.strip() for v in extra):
                problems.append(error(f"{len(record) - trailing} values on this line but "
                                      f"{len(header)} columns in the header", path=label, row=line,
                                      hint="check the separators and quotes of this line"))
                continue
            record = record[:len(header)]
        raw_rows.append((line, record + [""] * (len(header) - len(record))))
    if problems:
        raise InputErrors(problems[:20] + ([error(f"… and {len(problems) - 20} more problem(s)",
                                                  path=label)] if len(problems) > 20 else []))
    return _rows_from_table(header, header_row, raw_rows, label, itemtype, digest, kind, notes)


def _read_xlsx(path: Path, label: str, itemtype: str | None, digest: str) -> tuple[list[Row], FileInfo]:
    import zipfile

    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise InputErrors([error(f"not a readable XLSX workbook ({exc})", path=label)]) from exc
    try:
        sheet = workbook.worksheets[0]
        header, header_row, raw_rows = None, 1, []
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = ["" if v is None else v for v in (values or ())]
            if header is None:
                if any(str(c).strip() for c in cells):
                    header, header_row = [str(c).strip() for c in cells], number
                    while header and not header[-1]:
                        header.pop()
                continue
            if not any(str(c).strip() for c in cells):
                continue
            cells = (cells + [""] * len(header))[:len(header)]
            raw_rows.append((number, cells))
    finally:
        workbook.close()
    if header is None:
        raise InputErrors([error("empty workbook", path=label)])
    return _rows_from_table(header, header_row, raw_rows, label, itemtype, digest, "XLSX (GLPI 11)", [])


def _rows_from_table(header, header_row, raw_rows, label, itemtype, digest, kind,
                     notes) -> tuple[list[Row], FileInfo]:
    columns, used, ignored = _match_headers(header)
    if "type" not in columns and "model" not in columns:
        hint = ("this looks like the 'Global' (all assets) list: export each list (Ordinateurs, "
                "Moniteurs…) instead" if "itemtype" in columns else
                "add the Type and Modèle columns to the GLPI view, then export again")
        raise InputErrors([error("no 'Type' or 'Modèle'/'Model' column: the category cannot be decided",
                                 path=label, row=header_row, hint=hint)])
    if not raw_rows:
        raise InputErrors([error("no asset in this export, only its header", path=label, row=header_row,
                                 hint="check the GLPI search criteria and export 'All pages'")])
    rows = []
    for line, record in raw_rows:
        values = {key: _clean(record[index]) for key, index in columns.items()}
        rows.append(Row(label, line, None, values))
    info = FileInfo(label, kind, None, "", len(rows), digest, used, ignored, notes=list(notes))
    dates = [_first(r.get(f)) for r in rows for f in DATE_FIELDS + ("decommission_date", "last_update")
             if r.get(f)]
    info.date_format, assumed = _date_format(dates)
    for row in rows:
        row.date_format = info.date_format
    if assumed:
        info.notes.append(f"{label}: dates read as day-month-year (GLPI's French setting): no date tells "
                          "it from month-day-year, and only the year is used")
    if not any(f in columns for f in DATE_FIELDS):
        info.notes.append(f"{label}: no purchase, delivery or commissioning date column: purchase years "
                          "unknown (add 'Date d'achat' and 'Date de mise en service' to the GLPI view)")
    _strip_glpi_ids(rows)
    _detect_itemtype(rows, info, columns, itemtype)
    if "name" not in columns:
        info.notes.append(f"{label}: no 'Nom'/'Name' column: lines will have no name")
    if len(rows) in SUSPICIOUS_PAGE_SIZES:
        info.notes.append(f"{label}: exactly {len(rows)} rows, as on one page of a GLPI list: if you "
                          "exported 'Current page', export again with 'All pages'")
    return rows, info


_GLPI_ID = re.compile(r"^(.*?)\s*\((\d+)\)$")


def _strip_glpi_ids(rows: list[Row]) -> None:
    """'Name (123)' when GLPI shows ids, '(123)' for an item without a name (GLPI.md §1.2)."""
    names = [r.get("name") for r in rows if r.get("name")]
    decorated = sum(1 for n in names if _GLPI_ID.match(n))
    all_decorated = names and decorated >= 0.9 * len(names)
    for row in rows:
        match = _GLPI_ID.match(row.get("name"))
        if match and (all_decorated or not match.group(1)):
            row.values["name"] = match.group(1)


def _detect_itemtype(rows: list[Row], info: FileInfo, columns: dict, given: str | None) -> None:
    label = info.label
    found, source = None, ""
    if given:
        found, source = given, "--itemtype"
    elif "os" in columns or "processor" in columns:
        found, source = "computer", "its operating system/processor columns"
    elif "firmware" in columns:
        found, source = "networkequipment", "its firmware column"
    else:
        stem = _norm(Path(label).stem)
        for word in re.split(r"[^a-z]+", stem.replace("'", " ")):
            if word in ITEMTYPE_BY_NAME and word not in ("device", "devices"):
                found, source = ITEMTYPE_BY_NAME[word], "the file name"
                break
        if found is None:
            joined = " ".join(re.split(r"[^a-z]+", stem))
            for name, key in ITEMTYPE_BY_NAME.items():
                if " " in name and name in joined:
                    found, source = key, "the file name"
                    break
        if found is None:
            votes: Counter = Counter()
            for row in rows:
                kind = _norm(_first(row.get("type")))
                for list_id, table in TYPE_TABLES.items():
                    if kind in table:
                        votes[list_id] += 1
                if kind in ACCESSORY_TYPES:
                    votes["peripheral"] += 1
            if votes:
                (best, count), *rest = votes.most_common(2) + [(None, 0)]
                if count > rest[0][1]:
                    found, source = best, "its Type values"
    info.itemtype = found
    info.itemtype_from = source
    if found is None:
        info.notes.append(f"{label}: could not tell which GLPI list this is: rows are classified by "
                          "their Type and Model only (give --itemtype computer, monitor, phone, "
                          "printer, networkequipment or peripheral)")
    for row in rows:
        row.itemtype = found


def _json_line_of(text: str, pattern: str, start: int = 0) -> int | None:
    match = re.compile(pattern).search(text, start)
    return text.count("\n", 0, match.start()) + 1 if match else None


def _read_agent_json(data: bytes, label: str, digest: str) -> tuple[list[Row], FileInfo]:
    notes: list[str] = []
    text = _decode(data, label, notes).lstrip("\ufeff")
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputErrors([error(f"not valid JSON ({exc.msg})", path=label, row=exc.lineno)]) from exc
    if not isinstance(document, dict) or not isinstance(document.get("content"), dict):
        raise InputErrors([error("not a glpi-agent inventory (no 'content' object)", path=label,
                                 hint="give a file written by 'glpi-agent --local DIR --json' or "
                                      "'glpi-inventory --json'")])
    content = document["content"]
    itemtype_raw = str(document.get("itemtype") or "Computer")
    partial = bool(document.get("partial"))
    hardware = content.get("hardware") if isinstance(content.get("hardware"), dict) else {}
    bios = content.get("bios") if isinstance(content.get("bios"), dict) else {}
    device = content.get("network_device") if isinstance(content.get("network_device"), dict) else {}
    rows: list[Row] = []
    itemtype = {"computer": "computer", "phone": "phone", "networkequipment": "networkequipment",
                "printer": "printer"}.get(itemtype_raw.lower().replace("_", ""), None)
    if itemtype is None and device:
        itemtype = {"networking": "networkequipment", "printer": "printer", "phone": "phone",
                    "computer": "computer"}.get(str(device.get("type", "")).lower())
    main_line = (_json_line_of(text, r'"chassis_type"\s*:') or _json_line_of(text, r'"vmsystem"\s*:')
                 or _json_line_of(text, r'"hardware"\s*:') or _json_line_of(text, r'"network_device"\s*:')
                 or 1)
    if itemtype in ("computer", None) and not device:
        vmsystem = _clean(hardware.get("vmsystem"))
        kind = vmsystem if vmsystem and _norm(vmsystem) != "physical" else _clean(hardware.get("chassis_type"))
        if not kind and bios.get("type"):
            kind = _clean(bios.get("type"))
        manufacturer = next((_clean(bios.get(k)) for k in ("smanufacturer", "mmanufacturer", "bmanufacturer")
                             if _clean(bios.get(k)) and _norm(bios.get(k)) not in PLACEHOLDER_VALUES), "")
        values = {"name": _clean(hardware.get("name")), "type": kind, "manufacturer": manufacturer,
                  "model": _clean(bios.get("smodel")), "serial": _clean(bios.get("ssn"))}
        rows.append(Row(label, main_line, "computer", values, partial))
        itemtype = "computer"
    else:
        # SNMP discovery finds networked desk phones; an 'itemtype: Phone' without network_device
        # comes from the Android agent: a smartphone (GLPI.md §2).
        kind = _clean(device.get("type") or itemtype_raw)
        if itemtype == "phone":
            kind = "Téléphone IP" if device else "Smartphone"
        values = {"name": _clean(device.get("name") or hardware.get("name")),
                  "type": kind,
                  "manufacturer": _clean(device.get("manufacturer") or bios.get("smanufacturer")),
                  "model": _clean(device.get("model") or bios.get("smodel")),
                  "serial": _clean(device.get("serial") or bios.get("ssn")),
                  "location": _clean(device.get("location"))}
        rows.append(Row(label, main_line, itemtype, values, partial))
    monitors = content.get("monitors") if isinstance(content.get("monitors"), list) else []
    if monitors:
        for position, monitor in zip(_json_array_positions(text, "monitors"), monitors):
            if not isinstance(monitor, dict):
                continue
            line = text.count("\n", 0, position) + 1 if position is not None else main_line
            values = {"name": _clean(monitor.get("caption") or monitor.get("name")), "type": "",
                      "manufacturer": _clean(monitor.get("manufacturer")), "model": "",
                      "serial": _clean(monitor.get("serial"))}
            rows.append(Row(label, line, "monitor", values, partial))
    info = FileInfo(label, f"glpi-agent JSON ({_clean(content.get('versionclient')) or 'unknown agent'})",
                    itemtype, "agent JSON", len(rows), digest,
                    [k for k in ("hardware", "bios", "monitors", "network_device") if content.get(k)],
                    [], notes=notes)
    if partial:
        info.notes.append(f"{label}: partial inventory (only changed sections): not counted")
    if itemtype == "computer" and not hardware.get("chassis_type") and not _clean(bios.get("smodel")):
        info.notes.append(f"{label}: no chassis type and no model in the inventory")
    return rows, info


def _json_array_positions(text: str, key: str) -> list:
    """Character offsets of the items of the array under `"key":`, to give their real lines."""
    match = re.search(r'"%s"\s*:\s*\[' % re.escape(key), text)
    if not match:
        return []
    decoder = json.JSONDecoder()
    index = match.end()
    positions = []
    while True:
        while index < len(text) and text[index] in " \t\r\n,":
            index += 1
        if index >= len(text) or text[index] == "]":
            break
        positions.append(index)
        try:
            _, index = decoder.raw_decode(text, index)
        except json.JSONDecodeError:
            break
    return positions


# --- dates -----------------------------------------------------------------------------------------

_DATE = re.compile(r"^(\d{1,4})[-/.](\d{1,2})[-/.](\d{1,4})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$")


def _date_format(values: list[str]) -> tuple[str | None, bool]:
    """The file's date format: 'Y-m-d', 'd-m-Y' or 'm-d-Y', and whether d-m-Y was assumed."""
    year_first = year_last = day_first = month_first = 0
    for value in values:
        match = _DATE.match(value)
        if not match:
            continue
        a, b, c = match.groups()
        if len(a) == 4:
            year_first += 1
        elif len(c) == 4:
            year_last += 1
            if int(a) > 12:
                day_first += 1
            if int(b) > 12:
                month_first += 1
    if not (year_first or year_last):
        return None, False
    if year_first >= year_last:
        return "Y-m-d", False
    if month_first and not day_first:
        return "m-d-Y", False
    return "d-m-Y", not day_first


@functools.lru_cache(maxsize=1 << 14)
def _year_of(value: str, fmt: str | None) -> int | None:
    match = _DATE.match(value)
    if not match:
        return None
    a, b, c = (int(x) for x in match.groups())
    if len(match.group(1)) == 4:
        year, month, day = a, b, c
    elif len(match.group(3)) == 4:
        year = c
        month, day = (a, b) if fmt == "m-d-Y" else (b, a)
    else:
        return None
    try:
        date(year, month, day)
    except ValueError:
        return None
    return year


# --- decisions ---------------------------------------------------------------------------------------

# Retired statuses (GLPI.md §5.3), at any level of the status path: word stems, then whole words.
_RETIRED = re.compile(
    r"\b(rebut|reform|detrui|recycl|restitu|archiv|decommission|dispos|scrap)|"
    r"\b(hors service|hs|deee|d3e|vendue?s?|cedee?s?|donnee?s?|volee?s?|perdue?s?|"
    r"fin de location|retourne au loueur|retired|out of service|sold|stolen|lost|donated|"
    r"weee|end of life|fin de vie)\b")


@functools.lru_cache(maxsize=1 << 16)
def _is_retired(status: str) -> bool:
    return bool(status) and bool(_RETIRED.search(_norm(status)))


@functools.lru_cache(maxsize=1 << 16)
def _clean_manufacturer(text: str) -> str:
    text = _first(text).strip()
    norm = _norm(text)
    if not norm or norm in PLACEHOLDER_VALUES:
        return ""
    key = re.sub(r"[.,]", "", norm).strip()
    if key in _MANUFACTURER_NAMES:
        return _MANUFACTURER_NAMES[key]
    stripped = _COMPANY_SUFFIX.sub("", text).strip(" ,.")
    if stripped.isupper() and len(stripped) > 3:
        stripped = stripped.title()
    return stripped or text


def _model_text(row: Row) -> str | None:
    return _model_text_of(row.get("model"), row.get("manufacturer"), row.get("name"),
                          row.itemtype == "monitor" and not _first(row.get("type")))


@functools.lru_cache(maxsize=1 << 16)
def _model_text_of(model_value: str, manufacturer: str, name: str, name_is_model: bool) -> str | None:
    model_value = _first(model_value)
    if _norm(model_value) in PLACEHOLDER_VALUES:
        model_value = ""
    if not model_value and name_is_model:
        model_value = _first(name)  # agent monitors: the name is the EDID model (GLPI.md §2)
    if not model_value:
        return None
    manufacturer = _clean_manufacturer(manufacturer)
    if manufacturer and _norm(manufacturer) not in _norm(model_value):
        return f"{manufacturer} {model_value}"
    return model_value


@functools.lru_cache(maxsize=1 << 16)
def _site(location: str) -> str | None:
    parts = [p.strip() for p in _first(location).split(" > ") if p.strip()]
    return parts[0] if parts else None


@functools.lru_cache(maxsize=1 << 16)
def _service(entity: str) -> str | None:
    parts = [p.strip() for p in _first(entity).split(" > ") if p.strip()]
    parts = [p for p in parts if _norm(p) not in ROOT_ENTITIES]
    return parts[-1] if parts else None


def _model_rule(row: Row) -> tuple[str, str] | None:
    text = _norm(f"{_clean_manufacturer(row.get('manufacturer'))} {_first(row.get('model'))}")
    if row.itemtype == "monitor" and not _first(row.get("model")):
        return None
    for origin, pattern, category in _MODEL_RULES:
        if pattern.search(text):
            return origin, category
    return None


def _is_virtual(row: Row, kind: str) -> str | None:
    if kind in VIRTUAL_TYPES or _VIRTUAL_WORDS.search(kind):
        return f"Type {_first(row.get('type'))!r}"
    model_text = _norm(_first(row.get("model")))
    if model_text and _VIRTUAL_MODELS.search(model_text):
        return f"model {_first(row.get('model'))!r}"
    manufacturer = _norm(_first(row.get("manufacturer")))
    if manufacturer and _VIRTUAL_MANUFACTURERS.search(manufacturer) and row.itemtype in ("computer", None):
        return f"manufacturer {_first(row.get('manufacturer'))!r}"
    return None


def _is_panel(row: Row) -> str | None:
    manufacturer = _norm(_first(row.get("manufacturer")))
    if manufacturer and _PANEL_MAKERS.search(manufacturer):
        return f"panel maker {_first(row.get('manufacturer'))!r}"
    serial = _first(row.get("serial")).strip()
    if serial and _ZERO_SERIAL.match(serial):
        return f"serial {serial!r}"
    return None


def _type_category(kind: str, itemtype: str | None) -> str | None:
    if not kind:
        return None
    if itemtype in TYPE_TABLES and kind in TYPE_TABLES[itemtype]:
        return TYPE_TABLES[itemtype][kind]
    for list_id in TABLE_ORDER:
        if kind in TYPE_TABLES[list_id]:
            return TYPE_TABLES[list_id][kind]
    return None


def _list_rule(row: Row, kind: str, category: str | None) -> tuple[str | None, str]:
    """Rules that depend on the list: printers refined by their model, network gear by model,
    and the list's own kind when the Type is empty (Monitors → monitor, Printers → printer)."""
    model_text = _norm(f"{row.get('manufacturer')} {_first(row.get('model'))}")
    if row.itemtype == "printer" or category == "printer":
        # SNMP 'Printer', 'Imprimante' or no Type: an MFP model says more (GLPI.md §5.2).
        if category in (None, "printer") and _MFP_MODELS.search(model_text):
            return "multifunction_printer", "model"
        if category is None and re.search(r"multifonction|copieur|\bmfp\b", kind):
            return "multifunction_printer", "type"
        if category is None and re.search(r"imprimante|printer|\blaser\b|jet d'encre|inkjet", kind):
            return "printer", "type"
        if category is None and kind in ("", "networking"):
            return "printer", "list"
    if category is None and (row.itemtype == "networkequipment" or kind == "networking") \
            and kind in ("", "networking", "network", "reseau", "equipement reseau", "materiel reseau"):
        for pattern, network_category in _NETWORK_MODELS:
            if pattern.search(model_text) or pattern.search(_norm(row.get("name"))):
                return network_category, "model"
    if category is None and row.itemtype == "monitor" and not kind:
        return "monitor", "list"
    return category, "type" if category else ""


class _Classifier:
    """Decides the category of each distinct (list, type, model, manufacturer) once."""

    def __init__(self, factors, mapping: TypeMapping):
        self.factors = factors
        self.mapping = mapping
        self.used_keys: set = set()
        self._cache: dict = {}
        self._mapped_by: dict = {}  # cache key -> the normalised mapping key that decided it

    def __call__(self, row: Row) -> tuple[str, str | None, str, str]:
        """(outcome, category or reason, how/detail, key) for a row already past the status checks."""
        kind = _norm(_first(row.get("type")))
        model_value = _first(row.get("model"))
        key = _first(row.get("type")) or model_value
        cache_key = (row.itemtype, kind, _norm(model_value), _norm(row.get("manufacturer")),
                     _norm(row.get("serial")) if row.itemtype == "monitor" else "",
                     _norm(row.get("name")) if row.itemtype == "networkequipment" else "")
        if cache_key not in self._cache:
            self._mapped_by[cache_key] = None
            self._cache[cache_key] = self._decide(row, kind, key, cache_key)
        result = self._cache[cache_key]
        if self._mapped_by.get(cache_key) is not None:
            self.used_keys.add(self._mapped_by[cache_key])
        return result

    def _mapped(self, raw_value: str, cache_key: tuple, key: str):
        """The decision of the user's mapping for a Type or Model value, or None."""
        mapped = self.mapping.get(raw_value)
        if mapped is None:
            return None
        raw_key, category, origin = mapped
        self._mapped_by[cache_key] = _norm(raw_key)
        if category is None:
            return "excluded", "mapped", f"mapping {raw_key!r} → exclude ({origin})", key
        return "imported", category, f"mapping {raw_key!r} ({origin})", key

    def _decide(self, row: Row, kind: str, key: str, cache_key: tuple) -> tuple[str, str | None, str, str]:
        """Order: virtual/panel; the user's mapping of the Model (specific to the asset), then of a
        telling Type (it wins over the built-in names); the built-in Type names; the model rules;
        then the user's mapping of a Type that says nothing ('Other', 'Networking'), so that such
        a mapping fixes the unclassified rows without overriding a model that tells the kind."""
        virtual = _is_virtual(row, kind)
        if virtual:
            return "excluded", "virtual", virtual, key
        if row.itemtype == "monitor":
            panel = _is_panel(row)
            if panel:
                return "excluded", "panel", panel, key
        type_value, model_value = _first(row.get("type")), _first(row.get("model"))
        generic = kind in GENERIC_TYPES
        if model_value:
            decided = self._mapped(model_value, cache_key, key)
            if decided:
                return decided
        if not generic:
            decided = self._mapped(key, cache_key, key)  # the Type, or the Model when no Type
            if decided:
                return decided
        if row.itemtype == "peripheral" or row.itemtype is None:
            if kind in ACCESSORY_TYPES:
                return "excluded", "accessory", f"Type {type_value!r}", key
        category = None if generic else _type_category(kind, row.itemtype)
        if category is None and kind and not generic:
            alias = self.factors.category_of(kind)
            if alias is not None and alias not in NOT_EQUIPMENT and \
                    self.factors.profiles[alias].section in ("devices", "hosting"):
                category = alias
        category, how = _list_rule(row, kind, category)
        if category is not None and how == "type":
            how = f"Type {type_value!r}"
        elif category is not None and how == "list":
            how = f"{ITEMTYPES[row.itemtype]} list, no Type"
        elif category is not None and how == "model":
            how = f"model {model_value or row.get('name')!r}"
        if category is None:
            rule = _model_rule(row)
            if rule is not None:
                origin, category = rule
                how = f"model {model_value!r} ({origin})"
        if category is None and generic:
            decided = self._mapped(key, cache_key, key)
            if decided:
                return decided
        if category is None or category not in self.factors.profiles:
            return "unclassified", None, "", key
        return "imported", category, how, key


def decide_rows(rows: list[Row], year: int, factors,
                mapping: TypeMapping) -> tuple[list[Decision], list[str], set]:
    """Decide every row (GLPI.md §5.2–§5.4), in file order. Returns decisions, notes, used mapping keys."""
    notes: list[str] = []
    classify = _Classifier(factors, mapping)
    decisions: list[Decision] = []
    bad_dates: dict[str, list] = defaultdict(list)
    seen_serials: dict[tuple, Row] = {}
    for row in rows:
        decision = Decision(row, "imported")
        fmt = row.date_format
        status = _first(row.get("status"))
        years: dict[str, int] = {}
        for name in DATE_FIELDS + ("decommission_date",):
            value = _first(row.get(name))
            if not value:
                continue
            parsed = _year_of(value, fmt)
            if parsed is None or parsed < model.PURCHASE_YEAR_MIN:
                bad_dates[row.file].append((row.line, DATE_LABELS[name], value))
                continue
            years[name] = parsed
        purchase_from = next((f for f in DATE_FIELDS if f in years), None)
        if row.partial:
            decision.outcome, decision.reason, decision.detail = "excluded", "partial", "partial: true"
        elif _is_retired(status):
            decision.outcome, decision.reason, decision.detail = "excluded", "status", status
        elif "decommission_date" in years and years["decommission_date"] < year:
            decision.outcome, decision.reason = "excluded", "decommissioned"
            decision.detail = _first(row.get("decommission_date"))
        elif purchase_from and years[purchase_from] > year:
            decision.outcome, decision.reason = "excluded", "after_year"
            decision.detail = f"{DATE_LABELS[purchase_from]} {_first(row.get(purchase_from))}"
        else:
            outcome, value, how, key = classify(row)
            decision.outcome, decision.key = outcome, key
            if outcome == "excluded":
                decision.reason, decision.detail = value, how
            elif outcome == "unclassified":
                decision.detail = _first(row.get("type"))
            else:
                decision.category, decision.how = value, how
                decision.section = factors.profiles[value].section
        if decision.outcome == "imported":
            serial = _norm(_first(row.get("serial")))
            if serial and len(serial) >= 4 and serial not in PLACEHOLDER_VALUES and len(set(serial)) > 1:
                identity = (decision.section, serial, _norm(_clean_manufacturer(row.get("manufacturer"))))
                first = seen_serials.get(identity)
                if first is not None:
                    decision.outcome, decision.reason = "excluded", "duplicate"
                    decision.detail = f"serial {_first(row.get('serial'))!r}, as {first.where}"
                    decision.category = decision.section = None
                else:
                    seen_serials[identity] = row
        if decision.outcome == "imported":
            decision.purchase_year = years.get(purchase_from) if purchase_from else None
            decision.year_from = purchase_from
            decision.site = _site(row.get("location"))
            decision.service = _service(row.get("entity"))
            decision.model = _model_text(row)
            names = _all(row.get("name"))
            decision.name = ", ".join(names) if names else None
        decisions.append(decision)
    for label, items in bad_dates.items():
        shown = "; ".join(f"line {line}: {what} {value!r}" for line, what, value in items[:10])
        more = f"; … and {len(items) - 10} more" if len(items) > 10 else ""
        notes.append(f"{label}: {len(items)} unreadable or implausible date(s) ignored ({shown}{more})")
    return decisions, notes, classify.used_keys


# --- merging ----------------------------------------------------------------------------------------

@functools.lru_cache(maxsize=1024)
def _basename(label: str) -> str:
    return Path(label).name


def _refs(decisions: list[Decision]) -> str:
    by_file: dict[str, list[int]] = defaultdict(list)
    for d in decisions:
        by_file[_basename(d.row.file)].append(d.row.line)
    parts, shown = [], 0
    for name, lines in by_file.items():
        room = NOTES_MAX_REFS - shown
        if room <= 0:
            break
        parts.append(f"{name}:{','.join(str(n) for n in lines[:room])}")
        shown += min(room, len(lines))
    total = len(decisions)
    more = f" and {total - shown} more" if total > shown else ""
    return "GLPI " + "; ".join(parts) + more


def merge_lines(decisions: list[Decision], keep_assets: bool) -> dict[str, list[dict]]:
    """Inventory lines per section: identical assets merged with a quantity (GLPI.md §5.4)."""
    groups: dict[tuple, list[Decision]] = {}
    for d in decisions:
        if d.outcome != "imported":
            continue
        key = (d.section, d.category, d.model, d.purchase_year, d.site, d.service)
        if keep_assets:
            key += (d.row.file, d.row.line)
        groups.setdefault(key, []).append(d)
    lines: dict[str, list[dict]] = {}
    for (section, category, model_text, purchase_year, site, service, *_), members in groups.items():
        names = {m.name for m in members}
        line = {"category": category, "quantity": len(members)}
        if purchase_year is not None:
            line["purchase_year"] = purchase_year
        if service:
            line["service"] = service
        if site:
            line["site"] = site
        if model_text:
            line["model"] = model_text
        if len(names) == 1 and None not in names:
            line["name"] = members[0].name
        notes = _refs(members)
        serial = _first(members[0].row.get("serial"))
        if keep_assets and serial:
            notes += f", serial {serial}"
        line["notes"] = notes
        lines.setdefault(section, []).append(line)
    return lines


# --- the whole import ----------------------------------------------------------------------------------

def expand_paths(paths) -> list[Path]:
    """Files given on the command line; a folder stands for its .csv, .xlsx and .json files."""
    result: list[Path] = []
    for item in paths:
        path = Path(item)
        if path.is_dir():
            result.extend(sorted(p for p in path.iterdir()
                                 if p.is_file() and p.suffix.lower() in (".csv", ".xlsx", ".json")))
        else:
            result.append(path)
    return result


def import_glpi(paths, factors, *, year: int, itemtype: str | None = None,
                mapping: TypeMapping | None = None, keep_assets: bool = False) -> GlpiImport:
    """Read GLPI exports and agent JSON files, decide every row, merge lines. Nothing is written.

    Raises InputErrors for unreadable files (every file is tried before raising).
    """
    mapping = mapping or TypeMapping()
    if itemtype is not None and itemtype not in ITEMTYPES:
        resolved = itemtype_of(itemtype)
        if resolved is None:
            raise InputErrors([error(f"unknown --itemtype {itemtype!r}", hint=allowed(ITEMTYPES))])
        itemtype = resolved
    files = expand_paths(paths)
    if not files:
        raise InputErrors([error("no file to import (the folders hold no .csv, .xlsx or .json file)")])
    problems: list[InputError] = []
    rows: list[Row] = []
    infos: list[FileInfo] = []
    seen: dict = {}
    for path in files:
        label = str(path)
        try:
            resolved_path = path.resolve()
        except OSError:
            resolved_path = path
        if resolved_path in seen:
            problems.append(error(f"given twice (also as {seen[resolved_path]})", path=label))
            continue
        seen[resolved_path] = label
        try:
            file_rows, info = read_rows(path, label, itemtype)
        except InputErrors as exc:
            problems.extend(exc.problems)
            continue
        rows.extend(file_rows)
        infos.append(info)
    if problems:
        raise InputErrors(problems)
    digests: dict[str, str] = {}
    for info in infos:
        if info.sha256 in digests:
            problems.append(error(f"same content as {digests[info.sha256]}: the same export given twice",
                                  path=info.label))
        digests.setdefault(info.sha256, info.label)
    if problems:
        raise InputErrors(problems)
    decisions, notes, used = decide_rows(rows, year, factors, mapping)
    for info in infos:
        notes[:0] = info.notes
    lines = merge_lines(decisions, keep_assets)
    result = GlpiImport(year, infos, decisions, lines, notes, keep_assets, dict(mapping.entries))
    result.unused_mappings = [raw for norm, (raw, _, _) in mapping.entries.items() if norm not in used]
    for raw in result.unused_mappings:
        result.notes.append(f"your mapping of {raw!r} was not used: no row left to classify has that "
                            "Type (or that Model when the Type is empty)")
    imported = result.imported
    unknown_year = [d for d in imported if d.purchase_year is None]
    if imported and unknown_year:
        has_dates = any(set(DATE_FIELDS) & set(d.row.values) for d in imported)
        hint = ("" if has_dates else ": add 'Date d'achat' (and 'Date de mise en service') to the GLPI "
                "view before exporting")
        result.notes.append(f"purchase year unknown for {len(unknown_year)} of {len(imported)} imported "
                            f"assets{hint}")
    stock = [d for d in imported if re.search(r"\bstock\b", _norm(_first(d.row.get("status"))))]
    if stock:
        result.notes.append(f"{len(stock)} asset(s) in stock are counted like the others (their status "
                            "says 'stock'); map them out in GLPI or change their status if they are spare")
    return result


class _Collector:
    """Collects the problems build_section reports (it calls ``add``)."""

    def __init__(self):
        self.items: list = []

    def add(self, problem) -> None:
        self.items.append(problem)


def inventory_of(result: GlpiImport, factors, label: str = "<glpi import>") -> model.Inventory:
    """The import's lines as a validated Inventory (the same checks as any loaded inventory)."""
    import numpy as np
    import pandas as pd

    from ..io.inventory import build_section
    from ..io.tables import RawTable

    problems = _Collector()
    sections, locations = {}, {}
    for section in model.ALL_SECTIONS:
        records = result.lines.get(section, [])
        frame = pd.DataFrame.from_records(records).astype(object) if records else pd.DataFrame()
        table = RawTable(frame, np.arange(1, len(records) + 1), label, 0) if records else None
        sections[section], locations[section] = build_section(table, section, factors, result.year, "FR",
                                                              problems)
    if problems.items:  # every value was checked while deciding: a problem here is our bug
        raise RuntimeError("GLPI import produced an invalid inventory: "
                           + "; ".join(str(p) for p in problems.items[:5]))
    return model.Inventory(model.Organisation(), result.year, sections, locations, label)


def inventory_text(result: GlpiImport, factors, *, generated_on: date,
                   command: str = "sobriete import glpi") -> str:
    """The YAML inventory, with a header saying where it comes from."""
    import yaml

    from ..io.writers import section_records

    inventory = inventory_of(result, factors)
    header = [f"# Generated by `{command}` on {generated_on.isoformat()} from:"]
    for info in result.files:
        header.append(f"#   {info.label} — {info.kind}, {ITEMTYPES.get(info.itemtype, 'unknown list')}, "
                      f"{info.rows} row{'s' if info.rows != 1 else ''}, sha256 {info.sha256[:12]}")
    counts = (f"{len(result.imported)} assets imported as {result.line_count} lines; "
              f"{len(result.excluded)} rows excluded")
    header += [f"# Reporting year {result.year}. {counts} (see the import report).",
               "# Each line's `notes` gives the GLPI rows it comes from (file:line).",
               "# Fill in the organisation (name, kind, population, agents) for per-agent figures."]
    body = ["organisation:",
            "  name: unnamed            # the collectivity's name",
            "  kind: other              # commune | epci | departement | region | other",
            "  # population: 12500      # inhabitants",
            "  # agents: 180            # staff (FTE)",
            "  country: FR",
            yaml.safe_dump({"year": result.year, "imported_from": "glpi"}, sort_keys=False).rstrip()]
    document = {}
    for section in model.ALL_SECTIONS:
        records = section_records(inventory, section, flat=False)
        for record in records:
            if isinstance(record.get("quantity"), float) and record["quantity"].is_integer():
                record["quantity"] = int(record["quantity"])
        if records:
            document[section] = records
    text = "\n".join(header + body) + "\n"
    if document:
        text += yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=100)
    return text


# --- the report ------------------------------------------------------------------------------------

def _compact(numbers: list[int], limit: int = 30) -> str:
    numbers = sorted(set(numbers))
    ranges: list[str] = []
    start = prev = None
    for n in numbers:
        if start is None:
            start = prev = n
        elif n == prev + 1:
            prev = n
        else:
            ranges.append(f"{start}" if start == prev else f"{start}-{prev}")
            start = prev = n
    if start is not None:
        ranges.append(f"{start}" if start == prev else f"{start}-{prev}")
    if len(ranges) > limit:
        return ", ".join(ranges[:limit]) + f", … ({len(numbers)} lines)"
    return ", ".join(ranges)


def _lines_by_file(decisions: list[Decision]) -> str:
    by_file: dict[str, list[int]] = defaultdict(list)
    for d in decisions:
        by_file[d.row.file].append(d.row.line)
    parts = []
    for label, lines in by_file.items():
        word = "line" if len(lines) == 1 else "lines"
        parts.append(f"{label} {word} {_compact(lines)}")
    return "; ".join(parts)


def _counted(values: list[str], limit: int = 6) -> str:
    counts = Counter(values).most_common()
    shown = ", ".join(f"{v} ×{c}" if c > 1 else v for v, c in counts[:limit])
    if len(counts) > limit:
        shown += f", … ({len(counts)} values)"
    return shown


def _suggested_categories(itemtype: str | None) -> str:
    if itemtype in TYPE_TABLES:
        ordered = list(dict.fromkeys(TYPE_TABLES[itemtype].values()))
        return ", ".join(ordered + ["exclude"])
    return "laptop, desktop, monitor, printer, … or exclude (see `sobriete factors list`)"


def _guess_category(key: str, itemtype: str | None, factors) -> str | None:
    """A likely category for a misspelt type ('Portabel' → laptop), or None."""
    import difflib

    names: dict[str, str] = {}
    for list_id in ((itemtype,) if itemtype in TYPE_TABLES else TABLE_ORDER):
        for name, category in TYPE_TABLES[list_id].items():
            names.setdefault(name, category)
    for category in equipment_categories(factors):
        for name in (category, *factors.profiles[category].aliases):
            names.setdefault(_norm(name), category)
    match = difflib.get_close_matches(_norm(key), list(names), n=1, cutoff=0.75) if key else []
    return names[match[0]] if match else None


def mapping_suggestions(result: GlpiImport, factors) -> list[tuple[str, int, str]]:
    """For each unclassified value: the --map-type option to add, its row count, and a hint."""
    groups: dict[str, list[Decision]] = {}
    for d in result.unclassified:
        groups.setdefault(_norm(d.key), []).append(d)
    suggestions = []
    for _, members in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        key = members[0].key
        itemtypes = {m.row.itemtype for m in members}
        itemtype = next(iter(itemtypes)) if len(itemtypes) == 1 else None
        guess = _guess_category(key, itemtype, factors)
        hint = f"probably {guess}" if guess else "one of: " + _suggested_categories(itemtype)
        suggestions.append((f'--map-type "{key}=CATEGORY"', len(members), hint))
    return suggestions


def format_report(result: GlpiImport, factors, max_rows_per_file: int = 20) -> list[str]:
    """The import report, one string per line, for stderr."""
    out = [f"GLPI import — reporting year {result.year}"]
    total_rows = sum(i.rows for i in result.files)
    out.append(f"Read {len(result.files)} file(s), {total_rows} rows:")
    for info in result.files:
        listed = ITEMTYPES.get(info.itemtype, "list unknown")
        origin = f" (from {info.itemtype_from})" if info.itemtype and info.itemtype_from else ""
        dates = f", dates {info.date_format}" if info.date_format else ""
        rows = f"{info.rows} row{'s' if info.rows != 1 else ''}"
        out.append(f"  {info.label}: {info.kind}; {listed}{origin}; {rows}{dates}")
        if info.columns_used and not info.kind.startswith("glpi-agent"):
            out.append(f"    columns used: {', '.join(info.columns_used)}")
    imported = result.imported
    out.append(f"Imported: {len(imported)} assets → {result.line_count} inventory lines"
               + ("" if result.keep_assets else " (identical assets merged)"))
    for (section, category), count in sorted(result.imported_by_category().items(),
                                             key=lambda kv: (model.SECTIONS.index(kv[0][0]), -kv[1], kv[0][1])):
        out.append(f"  {section:8} {category:24} {count:5}")
    by_model = [d for d in imported if d.how.startswith("model")]
    if by_model:
        out.append(f"  classified from the model ({len(by_model)}): "
                   + _counted([f"{d.how} → {d.category}" for d in by_model], limit=8))
    by_list = [d for d in imported if d.how.endswith("no Type")]
    if by_list:
        out.append(f"  classified from the list, no Type ({len(by_list)}): "
                   + _counted([f"{ITEMTYPES[d.row.itemtype]} → {d.category}" for d in by_list]))
    mapped = [d for d in imported if d.how.startswith("mapping")]
    if mapped:
        out.append(f"  classified by your mapping ({len(mapped)}): "
                   + _counted([f"{d.key!r} → {d.category}" for d in mapped], limit=8))
    if imported:
        sources = Counter(d.year_from for d in imported)
        parts = [f"{DATE_LABELS[f]} {sources[f]}" for f in DATE_FIELDS if sources.get(f)]
        parts.append(f"unknown {sources.get(None, 0)}")
        out.append("  purchase year from: " + ", ".join(parts))
    excluded = result.excluded_by_reason()
    out.append(f"Excluded: {len(result.excluded)} rows" + (":" if excluded else ""))
    for reason, members in excluded.items():
        label = REASONS[reason].replace("the reporting year", str(result.year))
        out.append(f"  {label} ({len(members)}): {_lines_by_file(members)}")
        out.append(f"    {_counted([m.detail for m in members])}")
    unclassified = result.unclassified
    out.append(f"Unclassified: {len(unclassified)} rows" + (" (not written):" if unclassified else ""))
    shown: Counter = Counter()
    hidden: Counter = Counter()
    for d in unclassified:
        if shown[d.row.file] >= max_rows_per_file:
            hidden[d.row.file] += 1
            continue
        shown[d.row.file] += 1
        kind = _first(d.row.get("type"))
        model_value = _first(d.row.get("model"))
        what = f"Type {quote_value(kind)}" if kind else "no Type"
        extra = [f"model {quote_value(model_value)}" if model_value and kind else
                 (f"Model {quote_value(model_value)}" if model_value else "no Model")]
        if d.row.get("manufacturer"):
            extra.append(f"manufacturer {quote_value(_first(d.row.get('manufacturer')))}")
        if d.row.get("name"):
            extra.append(f"name {quote_value(_first(d.row.get('name')))}")
        listed = ITEMTYPES.get(d.row.itemtype, "list unknown")
        out.append(f"  {d.row.where}: {what} ({', '.join(extra)}; {listed})")
    for label, count in hidden.items():
        out.append(f"  {label}: … and {count} more unclassified row(s)")
    if unclassified:
        out.append("  To classify them, add these options (or put 'TYPE: category' lines in a --mapping "
                   "file); the key is the Type, or the Model when the Type is empty; "
                   "'exclude' leaves a type out on purpose:")
        for option, count, hint in mapping_suggestions(result, factors):
            out.append(f"    {option}   ({count} row{'s' if count > 1 else ''}; {hint})")
    if result.notes:
        out.append("Notes:")
        out.extend(f"  {note}" for note in result.notes)
    out.append(f"Total: {len(result.decisions)} rows = {len(imported)} imported + "
               f"{len(result.excluded)} excluded + {len(unclassified)} unclassified")
    return out


__all__ = ["ITEMTYPES", "REASONS", "Row", "FileInfo", "Decision", "GlpiImport", "TypeMapping",
           "parse_type_mappings", "read_rows", "decide_rows", "merge_lines", "import_glpi",
           "inventory_of", "inventory_text", "format_report", "mapping_suggestions", "itemtype_of",
           "expand_paths"]
