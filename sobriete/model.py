"""The inventory model: which keys a line may have, what each holds, and the loaded Inventory.

An :class:`Inventory` is one pandas DataFrame per section, every column in its canonical unit
(float64, NaN where the line does not give the key), plus the organisation and the year.
Frames have the same columns whatever the source format (YAML, CSV, XLSX), so that loading the
same inventory in three formats gives identical frames.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .units import QuantityKind

SECTIONS = ("devices", "hosting", "services")
ALL_SECTIONS = SECTIONS + ("purchases", "retired")
TOP_LEVEL_KEYS = ("organisation", "year") + ALL_SECTIONS + ("imported_from",)
IMPORT_TOOLS = ("glpi", "numecoeval")  # `imported_from`: the values on lines came from this tool
ORGANISATION_KINDS = ("commune", "epci", "departement", "region", "other")
OWNERSHIPS = ("owned", "leased", "expensed")
DESTINATIONS = ("reuse", "donation", "recycling", "weee")
# Origin of a purchase (AGEC art. 58): new, réemploi/réutilisation (refurbished included), or new with
# recycled materials. French words for these lists are in sobriete/vocabulary.py.
ORIGINS = ("new", "reuse", "recycled")
YEAR_MIN, YEAR_MAX = 1990, 2100
PURCHASE_YEAR_MIN = 1990
LIFESPAN_MAX_YEARS = 30.0

COUNT = QuantityKind("count", "", "")
KINDS = {
    "quantity": COUNT,
    "lifespan": QuantityKind("duration", "year", "year"),
    "embodied": QuantityKind("mass of CO2e", "kgCO2e", "kgCO2e"),
    "electricity": QuantityKind("energy per year", "kWh/year", "kWh/year", per_year_implied=True),
    "pue": QuantityKind("ratio", "", ""),
    "hours": QuantityKind("number of hours per year", "hour/year", "hour/year", time_as_per_year=True),
    "vcpu": QuantityKind("number of vCPU", "vcpu", "vcpu"),
    "storage": QuantityKind("storage volume", "TB", "TB"),
    "spend": QuantityKind("spend per year", "EUR/year", "EUR/year", per_year_implied=True),
    "page_views": QuantityKind("number per year", "1/year", "1/year", per_year_implied=True),
    "page_weight": QuantityKind("data size", "MB", "MB"),
    "data_transfer": QuantityKind("data volume per year", "GB/year", "GB/year", per_year_implied=True),
    "share": QuantityKind("share", "", ""),
    "uncertainty": QuantityKind("relative uncertainty", "", ""),
    "ecoindex": QuantityKind("EcoIndex score", "", ""),
    "ecoindex.dom": COUNT,
    "ecoindex.requests": COUNT,
    "ecoindex.size": QuantityKind("data size", "KiB", "KiB"),
    "unit_price": QuantityKind("amount of money", "EUR", "EUR"),
}


TEXT_KEYS = ("service", "site", "model", "name", "provider", "notes")
LINE_KEYS = (
    "category", "quantity", "lifespan", "purchase_year", "refurbished", "ownership", "share",
    "electricity", "embodied", "pue", "country", "service", "site", "model", "name", "provider",
    "vcpu", "hours", "storage", "spend", "page_views", "page_weight", "data_transfer",
    "ecoindex", "ecoindex.dom", "ecoindex.requests", "ecoindex.size", "uncertainty", "notes", "covers",
)
RETIRED_KEYS = ("category", "quantity", "destination", "purchase_year", "name", "service", "site",
                "model", "notes")
PURCHASE_KEYS = ("category", "quantity", "unit_price", "origin", "name", "service", "site", "model", "notes")
# Keys a line of the section must give (besides its category).
REQUIRED_KEYS = {"retired": ("destination",), "purchases": ("unit_price",)}


def section_keys(section: str) -> tuple[str, ...]:
    if section == "retired":
        return RETIRED_KEYS
    if section == "purchases":
        return PURCHASE_KEYS
    return LINE_KEYS


# Bounds checked by validation: (minimum, minimum allowed?, maximum, maximum allowed?)
BOUNDS = {
    "quantity": (0.0, False, None, True),
    "lifespan": (0.0, False, LIFESPAN_MAX_YEARS, True),
    "embodied": (0.0, True, None, True),
    "electricity": (0.0, True, None, True),
    "pue": (1.0, True, None, True),
    "hours": (0.0, True, 8784.0, True),
    "vcpu": (0.0, False, None, True),
    "storage": (0.0, True, None, True),
    "spend": (0.0, True, None, True),
    "page_views": (0.0, True, None, True),
    "page_weight": (0.0, True, None, True),
    "data_transfer": (0.0, True, None, True),
    "share": (0.0, True, 1.0, True),
    "uncertainty": (0.0, True, None, True),
    "ecoindex": (0.0, True, 100.0, True),
    "ecoindex.dom": (0.0, True, None, True),
    "ecoindex.requests": (0.0, True, None, True),
    "ecoindex.size": (0.0, True, None, True),
    "unit_price": (0.0, True, None, True),
}
DEFAULTS = {"quantity": 1.0, "share": 1.0}

TRUE_WORDS = {"true", "yes", "oui", "vrai", "1", "y", "o"}
FALSE_WORDS = {"false", "no", "non", "faux", "0", "n"}

# ISO 3166-1 alpha-2 codes (officially assigned), plus UK and EL, the EU's usual codes for GB and GR.
ISO_COUNTRIES = frozenset("""
AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS
BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE
EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM
HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC
LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA
NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW
SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO
TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW
""".split())
COUNTRY_ALIASES = {"UK": "GB", "EL": "GR"}


class Locations:
    """Where each row of a section came from (``file:row``), built only when asked for.

    A million-line CSV section would otherwise carry a million small strings that most runs
    never print. Indexing with an integer gives one string; with a slice, mask or index array,
    another Locations; ``numpy.asarray(locations, dtype=object)`` gives every string.
    """

    def __init__(self, label: str, rows):
        import numpy as np

        self.label = label
        self._rows = rows if hasattr(rows, "_get") else np.asarray(rows, dtype=np.int64)

    @property
    def rows(self):
        import numpy as np

        if not isinstance(self._rows, np.ndarray):
            self._rows = np.asarray(self._rows, dtype=np.int64)
        return self._rows

    def __len__(self) -> int:
        return len(self._rows)

    def __getitem__(self, index):
        import numpy as np

        if isinstance(index, (int, np.integer)):
            return f"{self.label}:{int(self.rows[index])}"
        return Locations(self.label, self.rows[index])

    def __iter__(self):
        prefix = f"{self.label}:"
        return (prefix + str(r) for r in self.rows.tolist())

    def __array__(self, dtype=None, copy=None):
        import numpy as np

        return np.array(list(self), dtype=object)


@dataclass
class Organisation:
    name: str = "unnamed"
    kind: str = "other"
    population: float | None = None
    agents: float | None = None
    country: str = "FR"

    def to_dict(self) -> dict:
        return {"name": self.name, "kind": self.kind, "population": self.population,
                "agents": self.agents, "country": self.country}


@dataclass
class Inventory:
    """A validated inventory: one DataFrame per section, in canonical units.

    ``locations[section]`` gives, for each row, where it came from (``file:line``), so that
    later messages (and the footprint's per-line provenance) can point at the source.
    """

    organisation: Organisation
    year: int
    sections: dict  # section name -> pandas.DataFrame
    locations: dict = field(default_factory=dict)  # section -> list/array of "file:row" strings
    source: str = ""
    notes: list[str] = field(default_factory=list)
    # Per-line facts that are not inventory keys, by section: e.g. {"devices": {"pcf_uncertainty":
    # array}} when --pcf filled `embodied` from a manufacturer's footprint (NaN elsewhere).
    line_extras: dict = field(default_factory=dict)
    imported_from: str | None = None  # the tool an importer read (values given on lines are then `import`)

    @property
    def line_count(self) -> int:
        return sum(len(self.sections[s]) for s in SECTIONS)
