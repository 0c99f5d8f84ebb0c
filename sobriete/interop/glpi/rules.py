"""The classification rules that read a row's values: retired statuses, virtual machines, panels,
manufacturer and model names, sites and services, model families (GLPI.md §5.2, §5.3).

The names these rules look up are data (``vocabulary.yaml``); the patterns are logic and stay here.
"""

from __future__ import annotations

import functools
import re

from .records import Row, first_value
from .vocabulary import (MANUFACTURER_NAMES, PLACEHOLDER_VALUES, ROOT_ENTITIES, TABLE_ORDER,
                         TYPE_TABLES, VIRTUAL_TYPES, norm)

_VIRTUAL_WORDS = re.compile(r"\b(virtuel|virtuelle|virtual|vmware|qemu|kvm|virtualbox|hyper v)\b")
_VIRTUAL_MODELS = re.compile(
    r"(vmware|virtualbox|virtual machine|virtual platform|\bkvm\b|\bqemu\b|hvm domu|"
    r"standard pc \((q35|i440fx)|\bbochs\b|openstack nova|google compute engine|"
    r"amazon ec2|\bhvm\b|parallels virtual)")
_VIRTUAL_MANUFACTURERS = re.compile(r"^(vmware|qemu|innotek|xen|parallels|bochs|red hat|openstack)\b")
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

_COMPANY_SUFFIX = re.compile(r"[\s,]+(inc|inc\.|corporation|corp|corp\.|co\.?,? ?ltd\.?|ltd\.?|"
                             r"gmbh|s\.?a\.?s?|s\.?p\.?a\.?|ag|llc|company|limited)\.?$", re.I)


# Retired statuses (GLPI.md §5.3), at any level of the status path: word stems, then whole words.
_RETIRED = re.compile(
    r"\b(rebut|reform|detrui|recycl|restitu|archiv|decommission|dispos|scrap)|"
    r"\b(hors service|hs|deee|d3e|vendue?s?|cedee?s?|donnee?s?|volee?s?|perdue?s?|"
    r"fin de location|retourne au loueur|retired|out of service|sold|stolen|lost|donated|"
    r"weee|end of life|fin de vie)\b")


@functools.lru_cache(maxsize=1 << 16)
def is_retired(status: str) -> bool:
    return bool(status) and bool(_RETIRED.search(norm(status)))


@functools.lru_cache(maxsize=1 << 16)
def clean_manufacturer(text: str) -> str:
    text = first_value(text).strip()
    normalised = norm(text)
    if not normalised or normalised in PLACEHOLDER_VALUES:
        return ""
    key = re.sub(r"[.,]", "", normalised).strip()
    if key in MANUFACTURER_NAMES:
        return MANUFACTURER_NAMES[key]
    stripped = _COMPANY_SUFFIX.sub("", text).strip(" ,.")
    if stripped.isupper() and len(stripped) > 3:
        stripped = stripped.title()
    return stripped or text


def model_of(row: Row) -> str | None:
    return _model_text_of(row.get("model"), row.get("manufacturer"), row.get("name"),
                          row.itemtype == "monitor" and not first_value(row.get("type")))


@functools.lru_cache(maxsize=1 << 16)
def _model_text_of(model_value: str, manufacturer: str, name: str, name_is_model: bool) -> str | None:
    model_value = first_value(model_value)
    if norm(model_value) in PLACEHOLDER_VALUES:
        model_value = ""
    if not model_value and name_is_model:
        model_value = first_value(name)  # agent monitors: the name is the EDID model (GLPI.md §2)
    if not model_value:
        return None
    manufacturer = clean_manufacturer(manufacturer)
    if manufacturer and norm(manufacturer) not in norm(model_value):
        return f"{manufacturer} {model_value}"
    return model_value


@functools.lru_cache(maxsize=1 << 16)
def site_of(location: str) -> str | None:
    parts = [p.strip() for p in first_value(location).split(" > ") if p.strip()]
    return parts[0] if parts else None


@functools.lru_cache(maxsize=1 << 16)
def service_of(entity: str) -> str | None:
    parts = [p.strip() for p in first_value(entity).split(" > ") if p.strip()]
    parts = [p for p in parts if norm(p) not in ROOT_ENTITIES]
    return parts[-1] if parts else None


def model_rule(row: Row) -> tuple[str, str] | None:
    text = norm(f"{clean_manufacturer(row.get('manufacturer'))} {first_value(row.get('model'))}")
    if row.itemtype == "monitor" and not first_value(row.get("model")):
        return None
    for origin, pattern, category in _MODEL_RULES:
        if pattern.search(text):
            return origin, category
    return None


def is_virtual(row: Row, kind: str) -> str | None:
    if kind in VIRTUAL_TYPES or _VIRTUAL_WORDS.search(kind):
        return f"Type {first_value(row.get('type'))!r}"
    model_text = norm(first_value(row.get("model")))
    if model_text and _VIRTUAL_MODELS.search(model_text):
        return f"model {first_value(row.get('model'))!r}"
    manufacturer = norm(first_value(row.get("manufacturer")))
    if manufacturer and _VIRTUAL_MANUFACTURERS.search(manufacturer) and row.itemtype in ("computer", None):
        return f"manufacturer {first_value(row.get('manufacturer'))!r}"
    return None


def is_panel(row: Row) -> str | None:
    manufacturer = norm(first_value(row.get("manufacturer")))
    if manufacturer and _PANEL_MAKERS.search(manufacturer):
        return f"panel maker {first_value(row.get('manufacturer'))!r}"
    serial = first_value(row.get("serial")).strip()
    if serial and _ZERO_SERIAL.match(serial):
        return f"serial {serial!r}"
    return None


def type_category(kind: str, itemtype: str | None) -> str | None:
    if not kind:
        return None
    if itemtype in TYPE_TABLES and kind in TYPE_TABLES[itemtype]:
        return TYPE_TABLES[itemtype][kind]
    for list_id in TABLE_ORDER:
        if kind in TYPE_TABLES[list_id]:
            return TYPE_TABLES[list_id][kind]
    return None


def list_rule(row: Row, kind: str, category: str | None) -> tuple[str | None, str]:
    """Rules that depend on the list: printers refined by their model, network gear by model,
    and the list's own kind when the Type is empty (Monitors → monitor, Printers → printer)."""
    model_text = norm(f"{row.get('manufacturer')} {first_value(row.get('model'))}")
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
            if pattern.search(model_text) or pattern.search(norm(row.get("name"))):
                return network_category, "model"
    if category is None and row.itemtype == "monitor" and not kind:
        return "monitor", "list"
    return category, "type" if category else ""

