"""NumÉcoÉval CSV files ↔ sobriete inventories, keeping NumÉcoÉval's calculation conventions.

NumÉcoÉval (the French State's tool, also inside G4IT) reads four `;` CSV files: data centres,
physical equipment, virtual equipment and applications (REFERENCES §3). Importing keeps their
semantics (DESIGN §9), so that the same factors give the same per-equipment results:

- ``nomEquipementPhysique`` → ``name``, ``modele`` → ``model``, ``quantite`` → ``quantity``,
  ``consoElecAnnuelle`` → ``electricity`` (kWh per unit and year), ``nomEntite`` → ``service``,
  ``type`` → ``category`` (:data:`TYPE_CATEGORIES`, else sobriete's own names and aliases;
  ``--map-type`` adds more), the data centre's short name → ``site``.
- Country: the hosting data centre's ``localisation``, else ``paysDUtilisation`` (French or
  English names, ISO alpha-2 or alpha-3 codes).
- PUE: NumÉcoÉval multiplies the use phase by a PUE only for a server (a type its referential
  flags ``serveur``) hosted in a data centre: the data centre's PUE, else its hypothesis
  ``PUEParDefaut`` 1.75. Such servers get that PUE; every other hosting line (switches,
  storage…, and servers outside a data centre) gets ``pue: 1`` so that sobriete, which applies a
  PUE to every hosting line, does not add one.
- Lifespan ``REEL`` (the default, as in G4IT): (``dateRetrait`` − ``dateAchat``) in days / 365,
  31 December of the reporting year standing in for a missing ``dateRetrait``; ``FIXE``:
  ``dureeUsageInterne`` (years). ``dureeUsageAmont`` and ``dureeUsageAval`` (years of first and
  third life) are added. Without ``dateAchat`` (REEL) or ``dureeUsageInterne`` (FIXE), the
  type's default lifespan in NumÉcoÉval's referential (Server 7 years, Smartphone 2), else its
  ``dureeVieParDefaut``, 2 years. Never below 1 year.
  NumÉcoÉval's year is 365 days and sobriete's 365.25 (pint's): the lifespan is written as the
  exact number of NumÉcoÉval years (``days / 365``), so ``embodied / lifespan`` is NumÉcoÉval's
  manufacturing share to the last bit.
- ``purchase_year`` = year of ``dateAchat``. Equipment withdrawn during the reporting year counts
  a full year, as in NumÉcoÉval; equipment withdrawn before 1 January of the reporting year, or
  bought after it, is excluded and reported with its line (NumÉcoÉval, which has no reporting
  year, would still count it).
- Usage rate → ``share``: ``tauxUtilisation`` if given, else ``modeUtilisation`` COPE 0.8 or BYOD
  0.57 (NumÉcoÉval's hypotheses ``taux_utilisation_COPE`` / ``_BYOD``), else 1.

Each imported line's ``notes`` keeps the NumÉcoÉval fields sobriete has no key for (type, dates,
durations, usage mode) after ``NumÉcoÉval ``, then ``|`` and how the line was derived; export
writes them back when they still give the line's values, so import → export → import round-trips.

Virtual equipment and applications do not become lines: they receive a share of their host's
footprint, written as an allocation table next to the inventory (``<inventory>.applications.csv``)
and applied by :func:`application_breakdown`. A virtual machine's share is its ``cleRepartition``
when given, else its storage share (``typeEqv`` stockage/storage) or its vCPU share (over the
storage or vCPU of all the host's virtual machines); an application gets an equal part of each
virtual machine it runs on.

Differences that remain, and why, are listed in docs/numecoeval-differences.md; the main one is
by design: under sobriete's ``amortized`` method a line whose lifespan has ended
(``purchase_year + lifespan ≤ year``) counts no embodied emissions, while NumÉcoÉval counts
``factor / lifespan`` for every equipment. Such lines are listed by the import.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .. import model
from ..errors import InputError, InputErrors, error
from ..text import normalise_name

# --- NumÉcoÉval conventions -------------------------------------------------------------------

DAYS_PER_NUMECOEVAL_YEAR = 365.0  # lifespan REEL = days / 365 (REFERENCES §3)
MIN_LIFESPAN_YEARS = 1.0
# NumÉcoÉval's lifespan fallbacks (docs/numecoeval-differences.md): the type's ``dureeVieDefaut``
# in its type referential (G4IT ships Server 7 years, Smartphone 2 years, no default for the other
# types), else the hypothesis ``dureeVieParDefaut``, 2 years.
DEFAULT_LIFESPAN_YEARS = 2.0
TYPE_LIFESPANS = {"server": 7.0, "smartphone": 2.0}
DEFAULT_PUE = 1.75  # NumÉcoÉval's hypothesis PUEParDefaut, for a data centre without a PUE
USAGE_RATES = {"cope": 0.8, "byod": 0.57}  # NumÉcoÉval hypotheses taux_utilisation_COPE / _BYOD
LIFESPAN_MODES = ("reel", "fixe")
SERVER_CATEGORIES = frozenset({"rack_server", "tower_server", "blade_server"})
NOTE_PREFIX = "NumÉcoÉval "
NOTE_FIELDS = ("type", "dateAchat", "dateRetrait", "dureeUsageInterne", "dureeUsageAmont",
               "dureeUsageAval", "modeUtilisation", "tauxUtilisation", "statut", "nomLongDatacenter")

DATACENTER_COLUMNS = ("nomCourtDatacenter", "nomLongDatacenter", "pue", "localisation", "nomEntite",
                      "qualite")
PHYSICAL_COLUMNS = ("nomEquipementPhysique", "modele", "quantite", "nomCourtDatacenter", "dateAchat",
                    "dateRetrait", "dureeUsageInterne", "dureeUsageAmont", "dureeUsageAval", "type",
                    "statut", "paysDUtilisation", "consoElecAnnuelle", "utilisateur", "nomSourceDonnee",
                    "nomEntite", "nbCoeur", "modeUtilisation", "tauxUtilisation", "qualite")
VIRTUAL_COLUMNS = ("nomEquipementVirtuel", "nomEquipementPhysique", "nomSourceDonneeEquipementPhysique",
                   "cleRepartition", "vCPU", "cluster", "consoElecAnnuelle", "typeEqv", "capaciteStockage",
                   "nomEntite", "qualite")
APPLICATION_COLUMNS = ("nomApplication", "typeEnvironnement", "nomEquipementVirtuel",
                       "nomSourceDonneeEquipementVirtuel", "domaine", "sousDomaine", "nomEntite",
                       "nomEquipementPhysique", "nomSourceDonnee")
KINDS = {
    "datacenters": (DATACENTER_COLUMNS, ("nomCourtDatacenter", "localisation")),
    "physical": (PHYSICAL_COLUMNS, ("nomEquipementPhysique", "type")),
    "virtual": (VIRTUAL_COLUMNS, ("nomEquipementVirtuel", "nomEquipementPhysique")),
    "applications": (APPLICATION_COLUMNS, ("nomApplication", "nomEquipementVirtuel")),
}
KIND_LABELS = {"datacenters": "data centres", "physical": "physical equipment",
               "virtual": "virtual equipment", "applications": "applications"}
EXPORT_FILES = {"datacenters": "datacenters.csv", "physical": "equipementsPhysiques.csv",
                "virtual": "equipementsVirtuels.csv", "applications": "applications.csv"}
ALLOCATION_SUFFIX = ".applications.csv"
ALLOCATION_COLUMNS = ("host", "virtual_equipment", "application", "environment", "share", "vcpu",
                      "storage", "allocation_key", "vm_type", "cluster")
NO_APPLICATION = "(virtual machine without application)"
NOT_ALLOCATED = "(not allocated)"

# NumÉcoÉval / G4IT equipment types → sobriete categories (DESIGN §4). The names are those of
# NumÉcoÉval's and G4IT's referentials and sample inventories (Server, Dedicated Server, Shared
# Server, Smartphone, Laptop, Desktop, Screen, Printer, Tablet, Landline, External storage…) and the
# French spellings found in practice; matched like sobriete's aliases (case, accents, spaces).
# G4IT's generic "Terminal" and "Network" name no device and stay unknown (reported).
TYPE_CATEGORIES = {
    "server": "rack_server", "serveur": "rack_server", "dedicated server": "rack_server",
    "shared server": "rack_server", "serveur dedie": "rack_server", "serveur mutualise": "rack_server",
    "serveurcalcul": "rack_server", "serveur calcul": "rack_server", "computeserver": "rack_server",
    "compute server": "rack_server", "physical server": "rack_server", "serveur physique": "rack_server",
    "rack server": "rack_server", "serveur rack": "rack_server",
    "tower server": "tower_server", "serveur tour": "tower_server",
    "blade server": "blade_server", "serveur lame": "blade_server",
    "laptop": "laptop", "notebook": "laptop", "ordinateur portable": "laptop", "pc portable": "laptop",
    "desktop": "desktop", "ordinateur fixe": "desktop", "pc fixe": "desktop", "ordinateur de bureau": "desktop",
    "workstation": "desktop", "station de travail": "desktop",
    "all in one": "all_in_one", "tout en un": "all_in_one",
    "thin client": "thin_client", "client leger": "thin_client",
    "monitor": "monitor", "screen": "monitor", "ecran": "monitor", "moniteur": "monitor",
    "computer monitor": "monitor", "display": "monitor",
    "smartphone": "smartphone", "mobile phone": "smartphone", "telephone mobile": "smartphone",
    "telephone portable": "smartphone",
    "feature phone": "feature_phone",
    "landline": "desk_phone", "landline phone": "desk_phone", "desk phone": "desk_phone",
    "fixed phone": "desk_phone", "ip phone": "desk_phone", "telephone fixe": "desk_phone",
    "tablet": "tablet", "tablette": "tablet",
    "printer": "printer", "imprimante": "printer", "laser printer": "printer",
    "professional laser printer": "printer",
    "multifunction printer": "multifunction_printer", "mfp": "multifunction_printer",
    "copier": "multifunction_printer", "copieur": "multifunction_printer",
    "imprimante multifonction": "multifunction_printer",
    "television": "television", "tv": "television", "televiseur": "television",
    "interactive display": "interactive_display", "ecran interactif": "interactive_display",
    "projector": "projector", "video projector": "projector", "videoprojecteur": "projector",
    "tv box / decoder": "network_box", "tv box decoder": "network_box", "set top box": "network_box",
    "box": "network_box", "internet box": "network_box", "modem": "network_box",
    "external storage": "external_storage", "external hard drive": "external_storage",
    "disque dur externe": "external_storage",
    "external ssd": "external_ssd",
    "usb key": "usb_key", "cle usb": "usb_key",
    "storage": "storage_array", "storage array": "storage_array", "storage device": "storage_array",
    "san": "storage_array", "nas": "storage_array", "baie de stockage": "storage_array",
    "stockage": "storage_array",
    "switch": "network_switch", "ip switch": "network_switch", "network switch": "network_switch",
    "commutateur": "network_switch",
    "router": "router", "ip router": "router", "routeur": "router",
    "firewall": "firewall", "pare feu": "firewall",
    "access point": "wifi_access_point", "wifi access point": "wifi_access_point",
    "wi fi access point": "wifi_access_point", "borne wifi": "wifi_access_point",
}
# The type written back for each category when a line carries no NumÉcoÉval type of its own.
CATEGORY_TYPES = {
    "rack_server": "Server", "tower_server": "Tower server", "blade_server": "Blade server",
    "laptop": "Laptop", "desktop": "Desktop", "all_in_one": "All-in-one", "thin_client": "Thin client",
    "monitor": "Monitor", "smartphone": "Smartphone", "feature_phone": "Feature phone",
    "desk_phone": "Landline", "tablet": "Tablet", "printer": "Printer",
    "multifunction_printer": "Multifunction printer", "television": "Television",
    "interactive_display": "Interactive display", "projector": "Projector", "network_box": "Internet box",
    "external_storage": "External storage", "external_ssd": "External SSD", "usb_key": "USB key",
    "storage_array": "Storage", "network_switch": "Switch", "router": "Router", "firewall": "Firewall",
    "wifi_access_point": "Access point",
}

# Country names (English and French) and ISO alpha-3 codes → ISO alpha-2. ISO alpha-2 codes are
# accepted as they are (model.ISO_COUNTRIES).
_COUNTRY_NAMES = {
    "FR": ("France", "FRA"), "DE": ("Germany", "Allemagne", "DEU"), "BE": ("Belgium", "Belgique", "BEL"),
    "ES": ("Spain", "Espagne", "ESP"), "IT": ("Italy", "Italie", "ITA"),
    "GB": ("United Kingdom", "Royaume-Uni", "Great Britain", "Grande-Bretagne", "England", "Angleterre",
           "GBR"),
    "NL": ("Netherlands", "The Netherlands", "Pays-Bas", "Holland", "Hollande", "NLD"),
    "CH": ("Switzerland", "Suisse", "CHE"), "SE": ("Sweden", "Suède", "SWE"), "PL": ("Poland", "Pologne", "POL"),
    "US": ("United States", "United States of America", "États-Unis", "Etats-Unis d'Amérique", "USA"),
    "CN": ("China", "Chine", "CHN"), "LU": ("Luxembourg", "LUX"), "PT": ("Portugal", "PRT"),
    "IE": ("Ireland", "Irlande", "IRL"), "AT": ("Austria", "Autriche", "AUT"), "DK": ("Denmark", "Danemark", "DNK"),
    "FI": ("Finland", "Finlande", "FIN"), "NO": ("Norway", "Norvège", "NOR"),
    "CZ": ("Czechia", "Czech Republic", "Tchéquie", "République tchèque", "CZE"),
    "SK": ("Slovakia", "Slovaquie", "SVK"), "HU": ("Hungary", "Hongrie", "HUN"), "RO": ("Romania", "Roumanie", "ROU"),
    "BG": ("Bulgaria", "Bulgarie", "BGR"), "GR": ("Greece", "Grèce", "GRC"), "HR": ("Croatia", "Croatie", "HRV"),
    "SI": ("Slovenia", "Slovénie", "SVN"), "EE": ("Estonia", "Estonie", "EST"), "LV": ("Latvia", "Lettonie", "LVA"),
    "LT": ("Lithuania", "Lituanie", "LTU"), "CY": ("Cyprus", "Chypre", "CYP"), "MT": ("Malta", "Malte", "MLT"),
    "IS": ("Iceland", "Islande", "ISL"), "MC": ("Monaco", "MCO"), "AD": ("Andorra", "Andorre", "AND"),
    "CA": ("Canada", "CAN"), "JP": ("Japan", "Japon", "JPN"), "IN": ("India", "Inde", "IND"),
    "BR": ("Brazil", "Brésil", "BRA"), "AU": ("Australia", "Australie", "AUS"),
    "KR": ("South Korea", "Korea", "Corée du Sud", "KOR"), "TW": ("Taiwan", "Taïwan", "TWN"),
    "SG": ("Singapore", "Singapour", "SGP"), "MA": ("Morocco", "Maroc", "MAR"), "TN": ("Tunisia", "Tunisie", "TUN"),
    "DZ": ("Algeria", "Algérie", "DZA"), "SN": ("Senegal", "Sénégal", "SEN"), "RU": ("Russia", "Russie", "RUS"),
    "TR": ("Turkey", "Türkiye", "Turquie", "TUR"), "UA": ("Ukraine", "UKR"), "MX": ("Mexico", "Mexique", "MEX"),
    "ZA": ("South Africa", "Afrique du Sud", "ZAF"), "IL": ("Israel", "Israël", "ISR"),
    "AE": ("United Arab Emirates", "Émirats arabes unis", "ARE"), "VN": ("Vietnam", "Viêt Nam", "VNM"),
    "TH": ("Thailand", "Thaïlande", "THA"), "MY": ("Malaysia", "Malaisie", "MYS"),
    "ID": ("Indonesia", "Indonésie", "IDN"), "PH": ("Philippines", "PHL"),
    "NZ": ("New Zealand", "Nouvelle-Zélande", "NZL"), "AR": ("Argentina", "Argentine", "ARG"),
    "CL": ("Chile", "Chili", "CHL"), "RE": ("Réunion", "La Réunion", "REU"), "GP": ("Guadeloupe", "GLP"),
    "MQ": ("Martinique", "MTQ"), "GF": ("French Guiana", "Guyane", "Guyane française", "GUF"),
    "YT": ("Mayotte", "MYT"), "NC": ("New Caledonia", "Nouvelle-Calédonie", "NCL"),
    "PF": ("French Polynesia", "Polynésie française", "PYF"),
}
COUNTRIES = {normalise_name(name): code for code, names in _COUNTRY_NAMES.items() for name in names}
COUNTRY_NAMES = {code: names[0] for code, names in _COUNTRY_NAMES.items()}


def country_code(text) -> str | None:
    """'France', 'Allemagne', 'DEU', 'de' → ISO alpha-2 code; None if unknown."""
    if text is None:
        return None
    raw = str(text).strip()
    code = model.COUNTRY_ALIASES.get(raw.upper(), raw.upper())
    if len(raw) == 2 and code in model.ISO_COUNTRIES:
        return code
    return COUNTRIES.get(normalise_name(raw))


def category_of_type(text: str, factors, type_map: dict | None = None) -> str | None:
    """The sobriete category of a NumÉcoÉval type: --map-type, then NumÉcoÉval names, then sobriete's."""
    key = normalise_name(text)
    if type_map and key in type_map:
        return type_map[key]
    if key in TYPE_CATEGORIES:
        return TYPE_CATEGORIES[key]
    return factors.category_of(text) if factors is not None else None


def parse_type_map(items, factors) -> dict[str, str]:
    """``["Casque VR=smartphone", …]`` (``--map-type``) → {normalised type: category id}."""
    mapping, problems = {}, []
    for item in items or ():
        type_name, sep, category = str(item).rpartition("=")
        profile = factors.category_of(category.strip()) if sep else None
        if not sep or not type_name.strip():
            problems.append(error("expected TYPE=category", column="--map-type", value=item))
        elif profile is None or factors.profiles[profile].method != "equipment":
            problems.append(error("not an equipment category of the factor set", column="--map-type",
                                  value=category.strip(), hint="see `sobriete factors list`"))
        else:
            mapping[normalise_name(type_name)] = profile
    if problems:
        raise InputErrors(problems)
    return mapping


# --- reading the files --------------------------------------------------------------------------

@dataclass
class _Table:
    """One NumÉcoÉval file: its kind, text columns (canonical names → str or None), line numbers."""

    kind: str
    label: str
    columns: dict
    rows: np.ndarray
    ignored: list = field(default_factory=list)
    notes: list = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.rows)

    def column(self, name: str) -> np.ndarray:
        values = self.columns.get(name)
        return values if values is not None else np.full(len(self.rows), None, dtype=object)

    def where(self, position: int) -> str:
        return f"{self.label}:{int(self.rows[position])}"


def _decode(path: Path, label: str) -> tuple[str, list]:
    data = path.read_bytes()
    if not data.strip():
        raise InputErrors([error("empty file", path=label)])
    if b"\x00" in data[:65536] or data.startswith(b"PK\x03\x04"):
        raise InputErrors([error("binary file, not a CSV text file", path=label,
                                 hint="NumÉcoÉval files are CSV text with ';' separators")])
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), [
            f"{label}: read as cp1252 (Windows) because it is not valid UTF-8"]


def read_file(path, label: str | None = None) -> _Table:
    """Read one NumÉcoÉval CSV file, recognising its kind by its header."""
    path = Path(path)
    label = label or str(path)
    if not path.is_file():
        raise InputErrors([error("file not found", path=label)])
    text, notes = _decode(path, label)
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= max(first.count(","), 1) else ("," if "," in first else ";")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except (StopIteration, csv.Error) as exc:
        raise InputErrors([error(f"unreadable header ({exc})", path=label)]) from exc
    names = [h.replace("\ufeff", "").strip() for h in header]
    kind = _kind_of({n.lower() for n in names if n})
    if kind is None:
        raise InputErrors([error("not a NumÉcoÉval file: its header names no known file kind",
                                 path=label, row=1,
                                 hint="expected the header of data centres (nomCourtDatacenter;…;pue;"
                                      "localisation), physical equipment (nomEquipementPhysique;…;type), "
                                      "virtual equipment (nomEquipementVirtuel;…) or applications "
                                      "(nomApplication;…)")])
    known, _ = KINDS[kind]
    canonical = {c.lower(): c for c in known}
    positions, ignored = {}, []
    for index, name in enumerate(names):
        if not name:
            continue
        target = canonical.get(name.lower())
        if target is None:
            ignored.append(name)
        elif target not in positions:
            positions[target] = index
    width = len(names)
    records, rows, problems = [], [], []
    start = 2
    try:
        for record in reader:
            line = start
            start = reader.line_num + 1
            if not any(v.strip() for v in record):
                continue
            if len(record) > width and any(v.strip() for v in record[width:]):
                problems.append(error(f"{len(record)} values on this line but {width} columns in the header",
                                      path=label, row=line, hint="check the ';' separators and the quotes"))
                continue
            records.append(record)
            rows.append(line)
    except csv.Error as exc:
        raise InputErrors([error(f"broken CSV: {exc}", path=label, row=start)]) from exc
    if problems:
        raise InputErrors(problems)
    columns = _text_columns(records, positions, width)
    table = _Table(kind, label, columns, np.asarray(rows, dtype=np.int64), ignored, notes)
    missing = [c for c in KINDS[kind][1] if c not in columns]
    if missing:
        raise InputErrors([error(f"missing column {', '.join(missing)} in a {KIND_LABELS[kind]} file",
                                 path=label, row=1)])
    return table


def _text_columns(records: list, positions: dict, width: int) -> dict:
    """Each used column as an object array of stripped strings, None where empty."""
    import pandas as pd

    grid = np.empty((len(records), width), dtype=object)
    grid[:] = ""
    for i, record in enumerate(records):
        grid[i, :min(len(record), width)] = record[:width]
    columns = {}
    for name, index in positions.items():
        values = pd.Series(grid[:, index], dtype=object).str.strip()
        columns[name] = values.where(values != "", None).to_numpy(dtype=object)
    return columns


def _kind_of(header: set) -> str | None:
    if "nomapplication" in header:
        return "applications"
    if "nomequipementvirtuel" in header:
        return "virtual"
    if "nomequipementphysique" in header and "type" in header:
        return "physical"
    if "nomcourtdatacenter" in header and ({"pue", "localisation", "nomlongdatacenter"} & header):
        return "datacenters"
    return None


# --- value parsers (each distinct value parsed once) -------------------------------------------

_DATE_PATTERNS = (
    (re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][0-9:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$"), (1, 2, 3)),
    (re.compile(r"^(\d{4})(\d{2})(\d{2})$"), (1, 2, 3)),
    (re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$"), (3, 2, 1)),
)


def parse_date(text: str) -> dt.date:
    """``2020-07-08``, ``20200708`` or ``08/07/2020`` (day first, as NumÉcoÉval writes it)."""
    for pattern, (y, m, d) in _DATE_PATTERNS:
        match = pattern.match(text.strip())
        if match:
            try:
                return dt.date(int(match.group(y)), int(match.group(m)), int(match.group(d)))
            except ValueError as exc:
                raise ValueError(f"not a date ({exc})") from exc
    raise ValueError("not a date")


def _distinct(values: np.ndarray):
    import pandas as pd

    codes, uniques = pd.factorize(pd.Series(values, dtype=object), use_na_sentinel=True)
    return codes, list(uniques)


def _parse_distinct(values: np.ndarray, parse, missing, dtype):
    """`parse` applied once per distinct value; returns (array, codes, [(code, value, message)])."""
    codes, uniques = _distinct(values)
    parsed, bad = [], []
    for k, text in enumerate(uniques):
        try:
            parsed.append(parse(text))
        except ValueError as exc:
            parsed.append(missing)
            bad.append((k, text, str(exc)))
    table = np.array(parsed + [missing], dtype=dtype)
    return table[np.where(codes < 0, len(uniques), codes)], codes, bad


def _report(table: _Table, codes, bad: list, column: str, problems: list, hint=None, mask=None) -> None:
    """One problem per line holding a bad value (at most 20 per distinct value)."""
    for k, text, message in bad:
        positions = np.flatnonzero((codes == k) if mask is None else (codes == k) & mask)
        for p in positions[:20]:
            problems.append(error(message, path=table.label, row=int(table.rows[p]), column=column,
                                  value=text, hint=hint))


def parse_dates(values: np.ndarray):
    return _parse_distinct(values, lambda t: np.datetime64(parse_date(t), "D"), np.datetime64("NaT"),
                           "datetime64[D]")


def _dates(table: _Table, name: str, problems: list) -> np.ndarray:
    out, codes, bad = parse_dates(table.column(name))
    _report(table, codes, bad, name, problems, hint="write 2020-07-08, 20200708 or 08/07/2020")
    return out


def parse_numbers(values: np.ndarray, *, minimum: float | None = 0.0, percent: bool = False):
    """Numbers written the French or English way (``2,5``, ``1 200``; ``80 %`` if `percent`)."""
    from ..units import parse_number

    def parse(text):
        try:
            number, unit = parse_number(text)
        except ValueError as exc:
            raise ValueError(str(exc) if "ambiguous" in str(exc) else "not a number") from exc
        unit = unit.strip()
        if unit == "%" and percent:
            number /= 100.0
        elif unit or not math.isfinite(number):
            raise ValueError("not a number")
        if minimum is not None and number < minimum:
            raise ValueError(f"must be at least {minimum:g}")
        return number

    return _parse_distinct(values, parse, np.nan, np.float64)


def _numbers(table: _Table, name: str, problems: list, *, minimum: float | None = 0.0,
             percent: bool = False) -> np.ndarray:
    out, codes, bad = parse_numbers(table.column(name), minimum=minimum, percent=percent)
    _report(table, codes, bad, name, problems)
    return out


def _texts(table: _Table, name: str) -> np.ndarray:
    return table.column(name)


# --- import -------------------------------------------------------------------------------------

@dataclass
class NumecoevalImport:
    """An imported inventory, the allocation of hosts to virtual machines and applications, and
    the import report: lines imported per category, lines excluded (where, why), notes."""

    inventory: model.Inventory
    allocation: object  # pandas.DataFrame with ALLOCATION_COLUMNS
    imported: dict  # category → number of lines
    excluded: list  # [(where, reason)]
    notes: list
    files: dict  # kind → [labels]


@dataclass
class _DataCentre:
    name: str
    long_name: str | None
    pue: float
    country: str
    where: str


def read_numecoeval(paths, factors, *, year: int, lifespan: str = "reel", type_map: dict | None = None,
                    labels: list | None = None) -> NumecoevalImport:
    """Read NumÉcoÉval CSV files (any order, any subset) into a validated sobriete inventory."""
    import pandas as pd

    if lifespan not in LIFESPAN_MODES:
        raise ValueError(f"lifespan must be one of {LIFESPAN_MODES}")
    if not (model.YEAR_MIN <= int(year) <= model.YEAR_MAX):
        raise InputErrors([error(f"must be an integer year from {model.YEAR_MIN} to {model.YEAR_MAX}",
                                 column="--year", value=year)])
    problems: list[InputError] = []
    tables: dict[str, list[_Table]] = {kind: [] for kind in KINDS}
    notes: list[str] = []
    for index, path in enumerate(paths):
        label = labels[index] if labels else str(path)
        try:
            table = read_file(path, label)
        except InputErrors as exc:
            problems.extend(exc.problems)
            continue
        tables[table.kind].append(table)
        notes.extend(table.notes)
        if table.ignored:
            notes.append(f"{label}: column(s) not used by sobriete: {', '.join(table.ignored)}")
    if problems:
        raise _sorted_errors(problems)
    if not tables["physical"]:
        raise InputErrors([error("no physical equipment file among the files given", path=", ".join(
            str(p) for p in paths), hint="give the equipementsPhysiques CSV (header nomEquipementPhysique;…;type;…)")])
    datacentres = _read_datacentres(tables["datacenters"], problems)
    excluded: list[tuple[str, str]] = []
    pieces = [_physical_lines(table, datacentres, factors, year, lifespan, type_map, problems, excluded, notes)
              for table in tables["physical"]]
    if problems:
        raise _sorted_errors(problems)
    inventory = _build_inventory(pieces, factors, year, problems)
    if problems:
        raise _sorted_errors(problems)
    names = {}
    for section in ("devices", "hosting"):
        frame = inventory.sections[section]
        for position, name in enumerate(frame["name"].to_numpy(dtype=object)):
            names.setdefault(name, []).append(inventory.locations[section][position])
    allocation = _allocation(tables["virtual"], tables["applications"], names, problems, excluded, notes)
    if problems:
        raise _sorted_errors(problems)
    duplicates = {n: w for n, w in names.items() if n is not None and len(w) > 1}
    if duplicates and len(allocation):
        notes.append(f"{len(duplicates)} equipment name(s) used by several lines: their virtual machines "
                     f"share the footprint of all of them ({', '.join(list(duplicates)[:5])})")
    imported: dict[str, int] = {}
    for section in ("devices", "hosting"):
        for category, count in pd.Series(inventory.sections[section]["category"]).value_counts(sort=False).items():
            imported[str(category)] = imported.get(str(category), 0) + int(count)
    _note_past_lifespan(inventory, year, notes)
    inventory.notes = list(notes)
    file_order = {(labels[i] if labels else str(p)): i for i, p in enumerate(paths)}
    excluded.sort(key=lambda item: (file_order.get(item[0].rsplit(":", 1)[0], len(file_order)),
                                    int(item[0].rsplit(":", 1)[1])))
    return NumecoevalImport(inventory, allocation, dict(sorted(imported.items())), excluded, notes,
                            {kind: [t.label for t in found] for kind, found in tables.items() if found})


def _sorted_errors(problems: list) -> InputErrors:
    """All problems, grouped by file in order of appearance, then by line."""
    first_seen: dict = {}
    for problem in problems:
        first_seen.setdefault(problem.path, len(first_seen))
    return InputErrors(sorted(problems, key=lambda p: (first_seen[p.path], p.row or 0)))


def _read_datacentres(tables: list, problems: list) -> dict[str, _DataCentre]:
    result: dict[str, _DataCentre] = {}
    for table in tables:
        pue = _numbers(table, "pue", problems, minimum=1.0)
        for position, (name, long_name, place) in enumerate(zip(
                table.column("nomCourtDatacenter"), table.column("nomLongDatacenter"),
                table.column("localisation"))):
            where = table.where(position)
            row = int(table.rows[position])
            if name is None:
                problems.append(error("missing data centre name", path=table.label, row=row,
                                      column="nomCourtDatacenter"))
                continue
            if name in result:
                problems.append(error(f"data centre {name!r} already defined at {result[name].where}",
                                      path=table.label, row=row, column="nomCourtDatacenter"))
                continue
            code = country_code(place)
            if code is None:
                problems.append(error("unknown country" if place else "missing country", path=table.label,
                                      row=row, column="localisation", value=place if place else ...,
                                      hint="a country name in French or English, or an ISO code (FR, DEU)"))
                continue
            result[name] = _DataCentre(name, long_name, float(pue[position]), code, where)
    return result


@dataclass
class _Piece:
    """Lines of one physical equipment file, ready for build_section: raw columns per section."""

    label: str
    rows: np.ndarray
    section: np.ndarray
    columns: dict


def type_lifespans(types) -> np.ndarray:
    """NumÉcoÉval's default lifespan of each type: its type default, else 2 years."""
    return _map_distinct(np.asarray(types, dtype=object),
                         lambda t: TYPE_LIFESPANS.get(normalise_name(str(t)), DEFAULT_LIFESPAN_YEARS),
                         DEFAULT_LIFESPAN_YEARS).astype(np.float64)


def lifespans(achat, retrait, interne, amont, aval, year: int, mode: str, default=None):
    """Lifespans in NumÉcoÉval years and how each was obtained, as NumÉcoÉval chooses them.

    ``REEL``: (``dateRetrait``, else 31 December of `year`, − ``dateAchat``) in days / 365;
    ``FIXE``: ``dureeUsageInterne``; both plus ``dureeUsageAmont`` and ``dureeUsageAval``. Without
    ``dateAchat`` (REEL) or ``dureeUsageInterne`` (FIXE), the type's default lifespan `default`
    (per line, :func:`type_lifespans`; 2 years when not given). Never below 1 year.

    Returns ``(lifespan, days, basis, stand_in, raised)``: ``basis`` is "REEL", "FIXE" or
    "default".
    """
    n = len(achat)
    has_achat = ~np.isnat(achat)
    stand_in = has_achat & np.isnat(retrait) & (mode == "reel")
    end = np.where(np.isnat(retrait), np.datetime64(dt.date(year, 12, 31), "D"), retrait)
    days = np.where(has_achat, (end - achat).astype("timedelta64[D]").astype(np.float64), np.nan)
    fallback = np.full(n, DEFAULT_LIFESPAN_YEARS) if default is None else np.asarray(default, dtype=np.float64)
    given = has_achat if mode == "reel" else ~np.isnan(interne)
    base = days / DAYS_PER_NUMECOEVAL_YEAR if mode == "reel" else interne.astype(np.float64)
    extra = np.nan_to_num(amont) + np.nan_to_num(aval)
    total = np.where(given, np.where(extra != 0, base + extra, base), fallback)
    basis = np.where(given, "REEL" if mode == "reel" else "FIXE", "default").astype(object)
    raised = ~np.isnan(total) & (total < MIN_LIFESPAN_YEARS)
    total = np.where(raised, MIN_LIFESPAN_YEARS, total)
    return total, days, basis, stand_in, raised


def usage_rates(mode, rate) -> tuple[np.ndarray, np.ndarray]:
    """The share of each line (``tauxUtilisation``, else COPE 0.8 / BYOD 0.57, else 1) and a mask
    of unknown ``modeUtilisation`` values (counted as 1)."""
    from_mode = _map_distinct(mode, lambda m: USAGE_RATES.get(str(m).strip().lower(), 1.0), 1.0).astype(float)
    unknown = _map_distinct(mode, lambda m: str(m).strip().lower() not in USAGE_RATES, False)
    share = np.where(~np.isnan(rate), rate, from_mode)
    return share, unknown & np.isnan(rate)


def _map_distinct(values: np.ndarray, function, missing) -> np.ndarray:
    """`function` applied once per distinct value of `values` (None → `missing`), spread back."""
    codes, uniques = _distinct(values)
    results = [function(u) for u in uniques] + [missing]
    dtype = bool if all(isinstance(r, (bool, np.bool_)) for r in results) else object
    return np.array(results, dtype=dtype)[np.where(codes < 0, len(uniques), codes)]


def _physical_lines(table: _Table, datacentres: dict, factors, year: int, mode: str, type_map,
                    problems: list, excluded: list, notes: list) -> _Piece:
    n = len(table)
    label = table.label
    name = _texts(table, "nomEquipementPhysique")
    kind = _texts(table, "type")
    dc_name = _texts(table, "nomCourtDatacenter")
    quantity = _numbers(table, "quantite", problems, minimum=0.0)
    electricity = _numbers(table, "consoElecAnnuelle", problems, minimum=0.0)
    rate = _numbers(table, "tauxUtilisation", problems, minimum=0.0, percent=True)
    interne = _numbers(table, "dureeUsageInterne", problems, minimum=0.0)
    amont = _numbers(table, "dureeUsageAmont", problems, minimum=0.0)
    aval = _numbers(table, "dureeUsageAval", problems, minimum=0.0)
    achat = _dates(table, "dateAchat", problems)
    retrait = _dates(table, "dateRetrait", problems)
    keep = np.ones(n, dtype=bool)

    def exclude(mask, reason_of):
        for p in np.flatnonzero(mask & keep):
            excluded.append((table.where(p), reason_of(p)))
        keep[mask] = False

    for p in np.flatnonzero(rate > 1.0):
        problems.append(error("a usage rate is between 0 and 1 (or 0 and 100 %)", path=label,
                              row=int(table.rows[p]), column="tauxUtilisation",
                              value=table.column("tauxUtilisation")[p]))
    for p in np.flatnonzero(np.array([v is None for v in name])):
        problems.append(error("missing equipment name", path=label, row=int(table.rows[p]),
                              column="nomEquipementPhysique"))
    bad_order = ~np.isnat(achat) & ~np.isnat(retrait) & (retrait < achat)
    for p in np.flatnonzero(bad_order):
        problems.append(error("dateRetrait is before dateAchat", path=label, row=int(table.rows[p]),
                              column="dateRetrait", value=table.column("dateRetrait")[p]))

    # Category per distinct type.
    category = _map_distinct(kind, lambda text: category_of_type(text, factors, type_map), None)
    missing_type = np.array([v is None for v in kind]) if n else np.zeros(0, dtype=bool)
    for p in np.flatnonzero(missing_type):
        problems.append(error("missing equipment type", path=label, row=int(table.rows[p]), column="type",
                              hint="e.g. Laptop, Desktop, Monitor, Smartphone, Server"))
    not_equipment = _map_distinct(category, lambda c: factors.profiles[c].method != "equipment", False)
    exclude(~missing_type & (category == None) | not_equipment,  # noqa: E711 - object array
            lambda p: f"type {kind[p]!r} is no known equipment type (map it with --map-type "
                      f"'{kind[p]}=category', e.g. '{kind[p]}=laptop')")

    # Withdrawn before the reporting year, bought after it, nothing to count.
    first_day = np.datetime64(dt.date(year, 1, 1), "D")
    last_day = np.datetime64(dt.date(year, 12, 31), "D")
    exclude(~np.isnat(retrait) & (retrait < first_day),
            lambda p: f"withdrawn on {retrait[p]} (dateRetrait), before {first_day}: not in service in {year}")
    exclude(~np.isnat(achat) & (achat > last_day),
            lambda p: f"bought on {achat[p]} (dateAchat), after the reporting year {year}")
    exclude(quantity == 0, lambda p: "quantity 0")

    # Data centre: its country for every equipment hosted there, its PUE for servers.
    def centre_of(short):
        if short not in datacentres:
            raise ValueError("unknown data centre")
        return datacentres[short]

    centre, codes, bad = _parse_distinct(dc_name, centre_of, None, object)
    _report(table, codes, bad, "nomCourtDatacenter", problems,
            hint="give the data centres file too, or check the name" if datacentres
            else "give the data centres CSV file too")
    in_dc = np.array([c is not None for c in centre], dtype=bool) if n else np.zeros(0, dtype=bool)
    dc_country = np.array([c.country if c is not None else None for c in centre], dtype=object)
    dc_long = np.array([c.long_name if c is not None else None for c in centre], dtype=object)
    dc_pue = np.array([c.pue if c is not None else np.nan for c in centre], dtype=np.float64)

    def code_of(text):
        code = country_code(text)
        if code is None:
            raise ValueError("unknown country")
        return code

    place, codes, bad = _parse_distinct(_texts(table, "paysDUtilisation"), code_of, None, object)
    _report(table, codes, bad, "paysDUtilisation", problems, mask=~in_dc,
            hint="a country name in French or English, or an ISO code (FR, DEU)")
    country = np.where(in_dc, dc_country, place)
    no_country = keep & ~in_dc & (codes < 0)
    if no_country.any():
        notes.append(f"{label}: {int(no_country.sum())} line(s) without paysDUtilisation are counted in "
                     f"the organisation's country (FR)")

    lifespan, days, basis, stand_in, raised = lifespans(achat, retrait, interne, amont, aval, year, mode,
                                                        default=type_lifespans(kind))
    share, unknown_mode = usage_rates(_texts(table, "modeUtilisation"), rate)
    is_server = _map_distinct(category, lambda c: c in SERVER_CATEGORIES, False)
    sections = _map_distinct(category, lambda c: factors.profiles[c].section, "").astype(object)
    # NumÉcoÉval multiplies the use phase by a PUE only for a server (a type flagged `serveur`)
    # hosted in a data centre: the data centre's PUE, else PUEParDefaut. Every other hosting line
    # (switches, storage, servers outside a data centre) gets PUE 1, as sobriete would otherwise
    # apply its default PUE to them.
    with_pue = is_server & in_dc
    no_pue = (sections == "hosting") & ~with_pue
    default_pue = with_pue & np.isnan(dc_pue)
    pue = np.where(with_pue, np.where(default_pue, DEFAULT_PUE, dc_pue), np.nan)
    pue = np.where(no_pue, 1.0, pue)
    purchase_year = np.where(np.isnat(achat), np.nan,
                             achat.astype("datetime64[Y]").astype(np.int64) + 1970.0)

    line_notes = _line_notes(table, year, mode, lifespan, days, basis, stand_in, raised, achat, retrait,
                             no_pue, default_pue, dc_long, (np.nan_to_num(amont) + np.nan_to_num(aval)) != 0)
    _count_notes(label, keep, mode, year, basis, stand_in, raised, unknown_mode,
                 table.column("modeUtilisation"), no_pue, default_pue, notes)

    columns = {
        "category": category, "quantity": quantity, "lifespan": lifespan, "purchase_year": purchase_year,
        "share": share, "electricity": electricity, "pue": pue, "country": country,
        "service": _texts(table, "nomEntite"), "site": np.where(in_dc, dc_name, None),
        "model": _texts(table, "modele"), "name": name, "notes": line_notes,
    }
    columns = {key: np.asarray(values)[keep] for key, values in columns.items()}
    return _Piece(label, table.rows[keep], sections[keep], columns)


def _line_notes(table, year, mode, lifespan, days, basis, stand_in, raised, achat, retrait,
                no_pue, default_pue, dc_long, other_lives) -> np.ndarray:
    """Per line: the NumÉcoÉval fields kept, then how the line's values were derived."""
    n = len(table)
    fields = {"type": table.column("type"), "dateAchat": _date_texts(achat), "dateRetrait": _date_texts(retrait)}
    for name in NOTE_FIELDS[3:-1]:
        fields[name] = table.column(name)
    fields["nomLongDatacenter"] = dc_long
    kept = _joined([_map_distinct(values, lambda v, key=key: f"{key}={_clean_note(v)}", "")
                    for key, values in fields.items()])
    day_texts = np.where(np.isnan(days), 0, days).astype(np.int64).astype(str).astype(object)
    missing = "dateAchat" if mode == "reel" else "dureeUsageInterne"
    lifespan_text = np.select(
        [basis == "REEL", basis == "FIXE"],
        ["lifespan REEL " + day_texts + " days / 365", "lifespan FIXE from dureeUsageInterne"],
        f"lifespan: NumÉcoÉval's default for the type (no {missing})").astype(object)
    derived = _joined([
        lifespan_text,
        np.where(stand_in & (basis == "REEL"), f"{year}-12-31 stands in for the missing dateRetrait", ""),
        np.where(other_lives & (basis != "default"), "plus dureeUsageAmont and dureeUsageAval", ""),
        np.where(raised, "raised to 1 year, NumÉcoÉval's minimum", ""),
        np.where(no_pue, "PUE 1: NumÉcoÉval applies a PUE only to servers in a data centre", ""),
        np.where(default_pue, f"PUE {DEFAULT_PUE:g}: NumÉcoÉval's default for a data centre without PUE", ""),
    ])
    return (NOTE_PREFIX + kept + " | " + derived) if n else np.array([], dtype=object)


def _date_texts(dates: np.ndarray) -> np.ndarray:
    texts = dates.astype(str).astype(object)
    return np.where(np.isnat(dates), None, texts)


def _joined(parts: list, separator: str = "; ") -> np.ndarray:
    """Join per line the non-empty strings of several object arrays."""
    result = np.asarray(parts[0], dtype=object)
    for part in parts[1:]:
        part = np.asarray(part, dtype=object)
        both = (result != "") & (part != "")
        result = np.where(both, result + separator + part, result + part)
    return result


def _clean_note(value) -> str:
    return str(value).replace(";", ",").replace("|", "/").replace("=", "-").strip()


def _count_notes(label, keep, mode, year, basis, stand_in, raised, unknown_mode, modes,
                 no_pue, default_pue, notes) -> None:
    def count(mask):
        return int((mask & keep).sum())

    if count(stand_in):
        notes.append(f"{label}: {count(stand_in)} line(s) without dateRetrait: 31 December {year} stands in "
                     "for it in the REEL lifespan (NumÉcoÉval uses the day of the calculation)")
    if count(raised):
        notes.append(f"{label}: {count(raised)} line(s) with a lifespan under 1 year raised to 1 year "
                     "(NumÉcoÉval's minimum)")
    defaults = basis == "default"
    if count(defaults):
        what = "dateAchat" if mode == "reel" else "dureeUsageInterne"
        notes.append(f"{label}: {count(defaults)} line(s) without {what} take NumÉcoÉval's default lifespan "
                     f"for their type (Server {TYPE_LIFESPANS['server']:g} years, Smartphone "
                     f"{TYPE_LIFESPANS['smartphone']:g} years, others {DEFAULT_LIFESPAN_YEARS:g} years)")
    if count(unknown_mode):
        values = sorted({str(m) for m, u, k in zip(modes, unknown_mode, keep) if u and k})
        notes.append(f"{label}: {count(unknown_mode)} line(s) with modeUtilisation {', '.join(values)}, "
                     "neither COPE nor BYOD: usage rate 1")
    if count(no_pue):
        notes.append(f"{label}: {count(no_pue)} hosting line(s) that are not servers in a data centre get "
                     "PUE 1 (NumÉcoÉval applies a PUE only to servers hosted in a data centre)")
    if count(default_pue):
        notes.append(f"{label}: {count(default_pue)} server line(s) in a data centre without PUE get "
                     f"NumÉcoÉval's default PUE {DEFAULT_PUE:g}")


def _build_inventory(pieces: list, factors, year: int, problems: list) -> model.Inventory:
    """Validate the lines section by section with the inventory loader's own rules."""
    import pandas as pd

    from ..io.inventory import build_section
    from ..io.tables import RawTable

    collector = _Collector(problems)
    sections, locations = {}, {}
    for section in model.ALL_SECTIONS:
        frames, where = [], []
        for piece in pieces:
            mask = piece.section == section
            if section in ("devices", "hosting") and mask.any():
                raw = pd.DataFrame({key: pd.Series(values[mask], dtype=object if values.dtype == object
                                                   else values.dtype) for key, values in piece.columns.items()})
                frame, rows = build_section(RawTable(raw, piece.rows[mask], piece.label, 1), section, factors,
                                            year, "FR", collector)
                frames.append(frame)
                where.append(rows)
        if not frames:
            frame, rows = build_section(None, section, factors, year, "FR", collector)
            frames, where = [frame], [rows]
        sections[section] = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
        locations[section] = np.concatenate(where) if len(where) > 1 else where[0]
    return model.Inventory(organisation=model.Organisation(), year=year, sections=sections,
                           locations=locations, source=", ".join(p.label for p in pieces),
                           imported_from="numecoeval")


class _Collector:
    """What build_section needs to report problems: an ``add`` method."""

    def __init__(self, items: list):
        self.items = items

    def add(self, problem) -> None:
        self.items.append(problem)


def _note_past_lifespan(inventory, year: int, notes: list) -> None:
    """Lines whose amortisation has ended in sobriete but that NumÉcoÉval still counts."""
    ended = []
    for section in ("devices", "hosting"):
        frame = inventory.sections[section]
        purchase = frame["purchase_year"].to_numpy(float)
        lifespan = frame["lifespan"].to_numpy(float)
        mask = ~np.isnan(purchase) & ~np.isnan(lifespan) & (purchase + lifespan <= year * (1 + 1e-9))
        ended.extend(np.asarray(inventory.locations[section], dtype=object)[mask])
    if ended:
        shown = ", ".join(str(w) for w in ended[:10]) + (f", … ({len(ended)} in all)" if len(ended) > 10 else "")
        notes.append(f"{len(ended)} line(s) are past their lifespan (purchase year + lifespan ≤ {year}): "
                     "sobriete's amortized method counts no embodied emissions for them, NumÉcoÉval "
                     f"would still count quantity × factor / lifespan: {shown}")


# --- virtual equipment and applications -------------------------------------------------------

def _allocation(virtual: list, applications: list, hosts: dict, problems: list, excluded: list,
                notes: list):
    """The share of each host's footprint that goes to each virtual machine and application."""
    import pandas as pd

    vms = []
    for table in virtual:
        key = _numbers(table, "cleRepartition", problems, minimum=0.0, percent=True)
        vcpu = _numbers(table, "vCPU", problems, minimum=0.0)
        storage = _numbers(table, "capaciteStockage", problems, minimum=0.0)
        for p in range(len(table)):
            vms.append({"where": table.where(p), "virtual_equipment": table.column("nomEquipementVirtuel")[p],
                        "host": table.column("nomEquipementPhysique")[p], "allocation_key": key[p],
                        "vcpu": vcpu[p], "storage": storage[p], "vm_type": table.column("typeEqv")[p],
                        "cluster": table.column("cluster")[p]})
    if problems:
        return _allocation_frame(pd.DataFrame(columns=list(ALLOCATION_COLUMNS)))
    frame = pd.DataFrame(vms, columns=["where", "virtual_equipment", "host", "allocation_key", "vcpu",
                                       "storage", "vm_type", "cluster"])
    if len(frame):
        unknown = ~frame["host"].isin([h for h in hosts if h is not None])
        for where, host in zip(frame["where"][unknown], frame["host"][unknown]):
            excluded.append((where, f"virtual machine on {host!r}, which is not an imported physical equipment"
                             if host else "virtual machine without nomEquipementPhysique"))
        frame = frame[~unknown].reset_index(drop=True)
    frame["share"] = _vm_shares(frame, notes)
    apps = []
    for table in applications:
        for p in range(len(table)):
            apps.append({"where": table.where(p), "application": table.column("nomApplication")[p],
                         "environment": table.column("typeEnvironnement")[p],
                         "virtual_equipment": table.column("nomEquipementVirtuel")[p],
                         "host": table.column("nomEquipementPhysique")[p]})
    app_frame = pd.DataFrame(apps, columns=["where", "application", "environment", "virtual_equipment", "host"])
    rows = []
    vm_keys = {}
    for index, vm in frame.iterrows():
        vm_keys.setdefault(vm["virtual_equipment"], []).append(index)
    runs: dict[int, list] = {}
    for _, app in app_frame.iterrows():
        candidates = vm_keys.get(app["virtual_equipment"], [])
        if app["host"] is not None:
            candidates = [i for i in candidates if frame.at[i, "host"] == app["host"]]
        if len(candidates) != 1:
            reason = ("on several virtual machines of that name: give nomEquipementPhysique" if candidates
                      else f"virtual machine {app['virtual_equipment']!r} not found among the imported ones")
            excluded.append((app["where"], f"application {app['application']!r} {reason}"))
            continue
        runs.setdefault(candidates[0], []).append(app)
    for index, vm in frame.iterrows():
        base = {"host": vm["host"], "virtual_equipment": vm["virtual_equipment"], "vcpu": vm["vcpu"],
                "storage": vm["storage"], "allocation_key": vm["allocation_key"], "vm_type": vm["vm_type"],
                "cluster": vm["cluster"]}
        found = runs.get(index, [])
        if not found:
            rows.append({**base, "application": None, "environment": None, "share": vm["share"]})
        for app in found:
            rows.append({**base, "application": app["application"], "environment": app["environment"],
                         "share": vm["share"] / len(found)})
    return _allocation_frame(pd.DataFrame(rows, columns=list(ALLOCATION_COLUMNS)))


ALLOCATION_TEXT = ("host", "virtual_equipment", "application", "environment", "vm_type", "cluster")


def _allocation_frame(frame):
    """Text columns as objects (None where empty), numbers as float64: one form, whatever the source."""
    import pandas as pd

    frame = frame.copy()
    for column in ALLOCATION_COLUMNS:
        if column not in frame.columns:
            frame[column] = None
    for column in ALLOCATION_TEXT:
        values = frame[column].astype(object).to_numpy()
        frame[column] = pd.Series([v if isinstance(v, str) and v != "" else None for v in values],
                                  dtype=object, index=frame.index)
    for column in ("share", "vcpu", "storage", "allocation_key"):
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype(np.float64)
    return frame[list(ALLOCATION_COLUMNS)].reset_index(drop=True)


def _vm_shares(frame, notes: list) -> np.ndarray:
    """cleRepartition, else the storage share (typeEqv stockage/storage), else the vCPU share.

    As in G4IT, the vCPU (storage) share's denominator is the sum of the vCPU (storage) of all the
    host's virtual machines, those with a cleRepartition included.
    """
    import pandas as pd

    if not len(frame):
        return np.array([], dtype=float)
    key = frame["allocation_key"].to_numpy(float)
    vcpu = frame["vcpu"].to_numpy(float)
    storage = frame["storage"].to_numpy(float)
    kind = frame["vm_type"].map(lambda t: normalise_name(t) if isinstance(t, str) else "").to_numpy(object)
    by_key = ~np.isnan(key)
    by_storage = ~by_key & np.isin(kind, ["stockage", "storage"]) & ~np.isnan(storage)
    by_vcpu = ~by_key & ~by_storage & ~np.isnan(vcpu)
    host = frame["host"].to_numpy(object)
    vcpu_total = pd.Series(np.nan_to_num(vcpu)).groupby(host).transform("sum").to_numpy(float)
    storage_total = pd.Series(np.nan_to_num(storage)).groupby(host).transform("sum").to_numpy(float)
    for values, used, what in ((vcpu, by_vcpu, "vCPU"), (storage, by_storage, "capaciteStockage")):
        lacking = pd.Series(np.isnan(values) | (values == 0)).groupby(host).transform("any").to_numpy(bool)
        partial = used & lacking
        if partial.any():
            notes.append(f"{int(partial.sum())} virtual machine(s) share their host by {what} while another "
                         f"virtual machine of the host gives none (G4IT then has no {what} total): "
                         f"{', '.join(frame['where'][partial].astype(str)[:10])}")
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(by_key, key, np.where(by_storage, storage / storage_total,
                                               np.where(by_vcpu, vcpu / vcpu_total, 0.0)))
    share = np.nan_to_num(share)
    none = ~(by_key | by_storage | by_vcpu)
    if none.any():
        notes.append(f"{int(none.sum())} virtual machine(s) without cleRepartition, vCPU or storage get no "
                     f"share of their host: {', '.join(frame['where'][none].astype(str)[:10])}")
    totals = pd.Series(share).groupby(host).sum()
    over = totals[totals > 1 + 1e-9]
    if len(over):
        notes.append(f"{len(over)} host(s) whose virtual machines' shares add up to more than 100 %: "
                     f"{', '.join(str(h) for h in over.index[:10])}")
    return share


def allocation_path(inventory_path) -> Path:
    """``inventaire.yaml`` → ``inventaire.applications.csv`` (the allocation table's place)."""
    path = Path(inventory_path)
    return path.with_name(path.stem + ALLOCATION_SUFFIX)


def allocation_csv(allocation) -> str:
    from ..io.writers import csv_text

    rows = [list(ALLOCATION_COLUMNS)]
    for record in allocation.itertuples(index=False):
        rows.append([_csv_value(getattr(record, c)) for c in ALLOCATION_COLUMNS])
    return csv_text(rows)


def load_allocation(path):
    """Read an allocation table written by the import (host, virtual machine, application, share)."""
    import pandas as pd

    path = Path(path)
    label = str(path)
    if not path.is_file():
        raise InputErrors([error("file not found", path=label)])
    text_columns = ALLOCATION_TEXT
    try:
        frame = pd.read_csv(path, dtype={c: str for c in text_columns}, keep_default_na=False, na_values=[""])
    except (ValueError, pd.errors.ParserError) as exc:
        raise InputErrors([error(f"not a readable allocation table ({exc})", path=label)]) from exc
    missing = [c for c in ("host", "virtual_equipment", "application", "share") if c not in frame.columns]
    if missing:
        raise InputErrors([error(f"missing column {', '.join(missing)}", path=label, row=1)])
    for column in text_columns:
        if column in frame.columns:  # undo the formula-injection guard of the CSV writer
            frame[column] = frame[column].astype(object).map(
                lambda v: v[1:] if isinstance(v, str) and v[:2] in ("'=", "'+", "'-", "'@") else v)
    return _allocation_frame(frame)


def application_breakdown(footprint, allocation, *, phase: str = "total") -> dict[str, float]:
    """kgCO2e per year per application: each host line's `phase` × the share of each application.

    Virtual machines without an application appear under :data:`NO_APPLICATION`, the rest of the
    footprint (devices, hosts without virtual machines, unallocated parts) under
    :data:`NOT_ALLOCATED`, so that the values add up to the footprint's total for `phase`.
    """
    import pandas as pd

    lines = footprint.lines
    values = lines[phase].to_numpy(float)
    names = lines["name"].astype(object).where(lines["name"].notna(), None)
    per_host = pd.Series(values).groupby(names.to_numpy(object), dropna=True).sum()
    total = float(values.sum())
    if allocation is None or not len(allocation):
        return {NOT_ALLOCATED: total}
    host_value = allocation["host"].map(per_host).fillna(0.0).to_numpy(float)
    amount = allocation["share"].to_numpy(float) * host_value
    label = allocation["application"].where(allocation["application"].notna(), NO_APPLICATION)
    result = pd.Series(amount).groupby(label.to_numpy(object), sort=False).sum()
    breakdown = {str(k): float(v) for k, v in result.items() if v != 0 or k != NO_APPLICATION}
    breakdown = dict(sorted(breakdown.items(), key=lambda kv: -kv[1]))
    breakdown[NOT_ALLOCATED] = total - float(amount.sum())
    return breakdown


# --- writing an import --------------------------------------------------------------------------

LARGE_IMPORT_LINES = 5000  # above this, sections go to CSV files next to the YAML (DESIGN §3)


def write_import(result: NumecoevalImport, output) -> list[Path]:
    """Write the inventory (YAML or XLSX) and, when there is one, its allocation table."""
    from ..io.writers import atomic_write, csv_text, inventory_yaml, section_records, write_inventory_xlsx

    output = Path(output)
    written = [output]
    suffix = output.suffix.lower()
    inventory = result.inventory
    if suffix == ".xlsx":
        write_inventory_xlsx(inventory, output)
    elif suffix in (".yaml", ".yml"):
        if inventory.line_count > LARGE_IMPORT_LINES:
            import yaml

            from ..io.writers import organisation_record

            document = {"organisation": organisation_record(inventory), "year": inventory.year,
                        "imported_from": "numecoeval"}
            for section in ("devices", "hosting"):
                records = section_records(inventory, section, flat=True)
                if not records:
                    continue
                present = set().union(*records)
                keys = [k for k in model.section_keys(section) if k in present]
                table = output.with_name(f"{output.stem}.{section}.csv")
                atomic_write(table, csv_text([keys] + [[r.get(k, "") for k in keys] for r in records]))
                written.append(table)
                document[section] = table.name
            atomic_write(output, yaml.safe_dump(document, allow_unicode=True, sort_keys=False))
        else:
            atomic_write(output, inventory_yaml(inventory))
    else:
        raise InputErrors([error("the output must be a .yaml, .yml or .xlsx file", column="--output",
                                 value=str(output))])
    if len(result.allocation):
        path = allocation_path(output)
        atomic_write(path, allocation_csv(result.allocation))
        written.append(path)
    return written


def import_report(result: NumecoevalImport) -> list[str]:
    """What was imported, excluded (with lines) and assumed: one line each, for stderr."""
    lines = []
    total = sum(result.imported.values())
    per_category = ", ".join(f"{c} {n}" for c, n in result.imported.items())
    sources = "; ".join(f"{KIND_LABELS[k]}: {', '.join(v)}" for k, v in result.files.items())
    lines.append(f"imported {total} line(s) ({per_category or 'none'}) from {sources}")
    if len(result.allocation):
        vms = result.allocation[["host", "virtual_equipment"]].drop_duplicates()
        apps = result.allocation["application"].dropna().nunique()
        lines.append(f"allocation: {len(vms)} virtual machine(s) on "
                     f"{result.allocation['host'].nunique()} host(s), {apps} application(s)")
    if result.excluded:
        lines.append(f"excluded {len(result.excluded)} line(s):")
        lines.extend(f"  {where}: {reason}" for where, reason in result.excluded)
    lines.extend(f"note: {n}" for n in result.notes)
    return lines


# --- export -----------------------------------------------------------------------------------

def parse_line_note(text) -> dict:
    """The NumÉcoÉval fields kept in a line's notes (``NumÉcoÉval type=Laptop; dateAchat=…``)."""
    if not isinstance(text, str) or NOTE_PREFIX not in text:
        return {}
    body = text[text.index(NOTE_PREFIX) + len(NOTE_PREFIX):].split(" | ", 1)[0]
    fields = {}
    for part in body.split("; "):
        key, sep, value = part.partition("=")
        if sep and key.strip() in NOTE_FIELDS:
            fields[key.strip()] = value.strip()
    return fields


def export_numecoeval(inventory, factors, folder, *, allocation=None) -> tuple[list[Path], list[str]]:
    """Write the inventory's equipment as NumÉcoÉval files (data centres, physical equipment, and
    virtual equipment and applications when an allocation table is given).

    Returns the files written and notes on what NumÉcoÉval's format cannot carry.
    """
    import pandas as pd

    from ..io.writers import atomic_write, csv_text

    folder = Path(folder)
    notes: list[str] = []
    frames = []
    for section in ("devices", "hosting"):
        frame = inventory.sections[section]
        where = np.asarray(inventory.locations.get(section, []), dtype=object)
        if len(frame):
            frames.append(frame.assign(_where=where if len(where) == len(frame) else inventory.source))
    if frames:
        lines = pd.concat(frames, ignore_index=True)
    else:
        lines = inventory.sections["devices"].assign(_where=np.array([], dtype=object))
    category = lines["category"].to_numpy(dtype=object)
    method = _map_distinct(category, lambda c: factors.profiles[c].method if c in factors.profiles else "", "")
    equipment = (method == "equipment") & np.isnan(lines["spend"].to_numpy(float))
    skipped = int((~equipment).sum()) + len(inventory.sections["services"])
    if skipped:
        notes.append(f"{skipped} line(s) not exported: NumÉcoÉval's files hold physical equipment only "
                     "(cloud, spend-based and online-service lines have no place there)")
    lines = lines[equipment].reset_index(drop=True)
    lost = {key: int(lines[key].notna().sum()) for key in ("embodied", "uncertainty")}
    lost["refurbished"] = int(lines["refurbished"].astype(bool).sum())
    lost["ownership"] = int((lines["ownership"].fillna("owned") != "owned").sum())
    for key, count in lost.items():
        if count:
            notes.append(f"{count} line(s) give {key}, which NumÉcoÉval's files cannot hold: not exported")
    n = len(lines)
    category = lines["category"].to_numpy(dtype=object)
    kept = _kept_fields(lines["notes"].to_numpy(dtype=object))
    type_ok = np.array([_type_matches(t, c, factors) for t, c in zip(kept["type"], category)], dtype=bool) \
        if n else np.zeros(0, dtype=bool)
    default_type = _map_distinct(category, lambda c: CATEGORY_TYPES.get(c, c), "")
    types = np.where(type_ok, kept["type"], default_type) if n else np.array([], dtype=object)
    type_default = type_lifespans(types)
    fields, consistent = _export_fields(lines, kept, inventory.year, type_default)
    lifespan = lines["lifespan"].to_numpy(float)
    undated = np.array([not v for v in fields["dateAchat"]], dtype=bool) if n else np.zeros(0, dtype=bool)
    default_taken = undated & ~np.isnan(lifespan) & ~_close(lifespan, type_default)
    if default_taken.any():
        notes.append(f"{int(default_taken.sum())} line(s) with a lifespan but no purchase date: G4IT and "
                     "NumÉcoÉval's REEL mode will take the type's default lifespan instead (FIXE mode takes "
                     "dureeUsageInterne): " + ", ".join(str(w) for w in lines["_where"][default_taken][:10]))
    has_note = np.array([bool(v) for v in kept["_present"]], dtype=bool) if n else np.zeros(0, dtype=bool)
    if (has_note & ~consistent).any():
        notes.append(f"{int((has_note & ~consistent).sum())} line(s) whose NumÉcoÉval notes no longer match "
                     "their values (edited since the import): dates and durations rewritten from the values")
    name = _texts_of(lines["name"])
    unnamed = np.array([v is None for v in name], dtype=bool)
    if unnamed.any():
        generated = np.array([f"{c}-{i + 1}" for i, c in enumerate(category)], dtype=object)
        name = np.where(unnamed, generated, name)
        notes.append(f"{int(unnamed.sum())} line(s) without a name get one (category-number): NumÉcoÉval "
                     "needs nomEquipementPhysique")
    site = _texts_of(lines["site"])
    country = lines["country"].to_numpy(dtype=object)
    pue = lines["pue"].to_numpy(float)
    is_server = _map_distinct(category, lambda c: c in SERVER_CATEGORIES, False)
    loose = is_server & (np.isnan(pue) | (pue != 1.0)) & np.array([s is None for s in site], dtype=bool)
    if loose.any():
        notes.append(f"{int(loose.sum())} server line(s) with a PUE but no site: NumÉcoÉval applies a PUE only "
                     "to servers in a data centre, so no PUE will apply: "
                     + ", ".join(str(w) for w in lines["_where"][loose][:10]))
    columns = {
        "nomEquipementPhysique": name,
        "modele": _or_empty(_texts_of(lines["model"])),
        "quantite": _number_texts(lines["quantity"].to_numpy(float)),
        "nomCourtDatacenter": _or_empty(site),
        "type": types,
        "statut": np.where([v is None for v in kept["statut"]], "In use", kept["statut"]) if n else [],
        "paysDUtilisation": _map_distinct(country, lambda c: COUNTRY_NAMES.get(c, c), ""),
        "consoElecAnnuelle": _number_texts(lines["electricity"].to_numpy(float)),
        "nomEntite": _or_empty(_texts_of(lines["service"])),
        **fields,
    }
    empty = np.full(n, "", dtype=object)
    table = np.column_stack([np.asarray(columns.get(c, empty), dtype=object) for c in PHYSICAL_COLUMNS]) \
        if n else np.empty((0, len(PHYSICAL_COLUMNS)), dtype=object)
    written = []
    centres = _centres(site, country, pue, is_server, kept["nomLongDatacenter"], notes)
    if centres:
        rows = [list(DATACENTER_COLUMNS)] + [
            [short, long_name, _number_text(centre_pue), COUNTRY_NAMES.get(code, code), "", ""]
            for short, (long_name, centre_pue, code) in centres.items()]
        path = folder / EXPORT_FILES["datacenters"]
        atomic_write(path, csv_text(rows, delimiter=";"))
        written.append(path)
    path = folder / EXPORT_FILES["physical"]
    atomic_write(path, csv_text([list(PHYSICAL_COLUMNS)] + table.tolist(), delimiter=";"))
    written.append(path)
    if allocation is not None and len(allocation):
        written.extend(_export_allocation(allocation, folder))
    return written, notes


def _texts_of(series) -> np.ndarray:
    values = series.astype(object).to_numpy(dtype=object)
    return np.array([v if isinstance(v, str) and v else None for v in values], dtype=object)


def _or_empty(values: np.ndarray) -> np.ndarray:
    return np.where(np.array([v is None for v in values], dtype=bool), "", values) if len(values) else values


def _number_texts(values: np.ndarray) -> np.ndarray:
    return _map_distinct(values.astype(object), _number_text, "")


def _kept_fields(notes: np.ndarray) -> dict:
    """The NumÉcoÉval fields of each line's notes, one object array per field (None: absent)."""
    parsed = _map_distinct(notes, parse_line_note, None)
    result = {key: np.array([(d or {}).get(key) or None for d in parsed], dtype=object) for key in NOTE_FIELDS}
    result["_present"] = np.array([bool(d) for d in parsed], dtype=object)
    return result


def _centres(site, country, pue, is_server, long_names, notes) -> dict:
    """Data centres from the lines' sites: the servers' PUE, the lines' country, the kept long name."""
    import pandas as pd

    if not len(site):
        return {}
    frame = pd.DataFrame({"site": site, "country": country, "pue": np.where(is_server, pue, np.nan),
                          "long": long_names})
    frame = frame[frame["site"].notna()]
    centres = {}
    for short, group in frame.groupby("site", sort=False):
        pues = group["pue"].dropna().unique()
        countries = group["country"].unique()
        if len(pues) > 1 or len(countries) > 1:
            notes.append(f"site {short!r}: its lines give different countries or server PUEs; the data centre "
                         "keeps the first ones")
        long_name = group["long"].dropna()
        centres[short] = (long_name.iloc[0] if len(long_name) else short,
                          float(pues[0]) if len(pues) else None, countries[0])
    return centres


def _export_fields(lines, kept: dict, year: int, default: np.ndarray) -> tuple[dict, np.ndarray]:
    """Dates, durations and usage fields per line: the kept NumÉcoÉval ones where they still give
    the line's lifespan, purchase year and share, else fields rebuilt from those values."""
    n = len(lines)
    lifespan = lines["lifespan"].to_numpy(float)
    purchase = lines["purchase_year"].to_numpy(float)
    share = lines["share"].to_numpy(float)
    achat, achat_codes, bad_achat = parse_dates(kept["dateAchat"])
    retrait, retrait_codes, bad_retrait = parse_dates(kept["dateRetrait"])
    bad = np.zeros(n, dtype=bool)
    for codes, problems in ((achat_codes, bad_achat), (retrait_codes, bad_retrait)):
        bad |= np.isin(codes, [k for k, _, _ in problems])
    durations = []
    for key in ("dureeUsageInterne", "dureeUsageAmont", "dureeUsageAval"):
        values, codes, problems = parse_numbers(kept[key], minimum=None)
        durations.append(values)
        bad |= np.isin(codes, [k for k, _, _ in problems])
    rate, codes, problems = parse_numbers(kept["tauxUtilisation"], minimum=None, percent=True)
    bad |= np.isin(codes, [k for k, _, _ in problems])
    kept_share, _ = usage_rates(kept["modeUtilisation"], rate)
    kept_purchase = np.where(np.isnat(achat), np.nan, achat.astype("datetime64[Y]").astype(np.int64) + 1970.0)
    reel = lifespans(achat, retrait, *durations, year, "reel", default=default)[0]
    fixe = lifespans(achat, retrait, *durations, year, "fixe", default=default)[0]
    # The mode used at import is not recorded: the kept fields stand if either mode gives the line's
    # lifespan.
    consistent = kept["_present"].astype(bool) & ~bad & _close(kept_purchase, purchase) \
        & _close(kept_share, share) & (_close(reel, lifespan) | _close(fixe, lifespan))
    # Rebuilt fields: 1 January of the purchase year, and a withdrawal date that gives the lifespan
    # exactly when it is a whole number of days / 365 and falls in or after the reporting year.
    start = np.where(np.isnan(purchase), np.datetime64("NaT"),
                     (np.nan_to_num(purchase) - 1970).astype(np.int64).astype("datetime64[Y]").astype("datetime64[D]"))
    days = lifespan * DAYS_PER_NUMECOEVAL_YEAR
    whole = ~np.isnan(days) & (np.abs(days - np.round(np.nan_to_num(days))) < 1e-6)
    end = start + np.round(np.nan_to_num(days)).astype(np.int64).astype("timedelta64[D]")
    end_ok = whole & ~np.isnat(start) & (end >= np.datetime64(dt.date(year, 1, 1), "D"))
    rebuilt = {
        "dateAchat": np.where(np.isnat(start), "", _date_texts(start)),
        "dateRetrait": np.where(end_ok, _date_texts(end), ""),
        "dureeUsageInterne": _number_texts(lifespan),
        "tauxUtilisation": np.where(share != 1.0, _number_texts(share), ""),
    }
    fields = {}
    for key in NOTE_FIELDS:
        if key in ("type", "statut", "nomLongDatacenter"):
            continue
        original = _or_empty(kept[key])
        fields[key] = np.where(consistent, original, rebuilt.get(key, np.full(n, "", dtype=object)))
    return fields, consistent


def _close(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    both_nan = np.isnan(a) & np.isnan(b)
    with np.errstate(invalid="ignore"):
        near = np.abs(a - b) <= 1e-9 * np.maximum(np.maximum(np.abs(a), np.abs(b)), 1.0)
    return both_nan | (near & ~np.isnan(a) & ~np.isnan(b))


def _type_matches(type_name, category: str, factors) -> bool:
    return bool(type_name) and category_of_type(type_name, factors) == category


def _export_allocation(allocation, folder: Path) -> list[Path]:
    from ..io.writers import atomic_write, csv_text

    vms = allocation.drop_duplicates(subset=["host", "virtual_equipment"])
    virtual = [list(VIRTUAL_COLUMNS)]
    for vm in vms.itertuples(index=False):
        record = {"nomEquipementVirtuel": vm.virtual_equipment, "nomEquipementPhysique": vm.host,
                  "cleRepartition": _number_text(vm.allocation_key), "vCPU": _number_text(vm.vcpu),
                  "cluster": _csv_value(vm.cluster), "typeEqv": _csv_value(vm.vm_type),
                  "capaciteStockage": _number_text(vm.storage)}
        virtual.append([record.get(c, "") for c in VIRTUAL_COLUMNS])
    written = [folder / EXPORT_FILES["virtual"]]
    atomic_write(written[0], csv_text(virtual, delimiter=";"))
    apps = allocation[allocation["application"].notna()]
    if len(apps):
        rows = [list(APPLICATION_COLUMNS)]
        for app in apps.itertuples(index=False):
            record = {"nomApplication": app.application, "typeEnvironnement": _csv_value(app.environment),
                      "nomEquipementVirtuel": app.virtual_equipment, "nomEquipementPhysique": app.host}
            rows.append([record.get(c, "") for c in APPLICATION_COLUMNS])
        written.append(folder / EXPORT_FILES["applications"])
        atomic_write(written[-1], csv_text(rows, delimiter=";"))
    return written


def _number_text(value) -> str:
    if value is None:
        return ""
    number = float(value)
    if math.isnan(number):
        return ""
    return str(int(number)) if number.is_integer() and abs(number) < 1e15 else repr(number)


def _csv_value(value) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, float):
        return _number_text(value)
    return str(value)
