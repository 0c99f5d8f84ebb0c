"""The GLPI vocabulary: names read from ``vocabulary.yaml`` (once), and the tables built from them.

The YAML file holds the data (list names, header names, Type values per list, placeholders,
manufacturer names…); the rules that use it, and their regular expressions, are code
(``rules.py``). Every name is looked up by its normalised form, :func:`norm`.
"""

from __future__ import annotations

import functools
from importlib import resources

from ...text import normalise_name

# Exclusion reasons, in report order (the report's wording).
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

# Lists tried for a row whose list is unknown (or whose Type belongs to another list).
TABLE_ORDER = ("computer", "monitor", "printer", "networkequipment", "phone", "peripheral")
SUSPICIOUS_PAGE_SIZES = (15, 20, 50)  # rows on one page of a GLPI list (GLPI.md §1.1)
NOTES_MAX_REFS = 12


@functools.cache
def load_vocabulary() -> dict:
    """The content of ``vocabulary.yaml`` (read once)."""
    import yaml

    text = resources.files(__package__).joinpath("vocabulary.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


@functools.lru_cache(maxsize=1 << 16)
def norm(text) -> str:
    """Normalised text for matching: accents and case folded, '’' as "'", separators as one space."""
    if text is None:
        return ""
    return normalise_name(str(text).replace("’", "'").replace("`", "'"))


def _table(groups: dict) -> dict[str, str]:
    return {norm(name): category for category, names in groups.items() for name in names}


_VOCABULARY = load_vocabulary()

ITEMTYPES: dict[str, str] = dict(_VOCABULARY["itemtypes"])
ITEMTYPE_NAMES = {k: tuple(v) for k, v in _VOCABULARY["itemtype_names"].items()}
EXCLUDE_WORDS = tuple(_VOCABULARY["exclude_words"])
# Categories an asset can be: physical equipment only (no cloud, SaaS, telecom or online service).
NOT_EQUIPMENT = tuple(_VOCABULARY["not_equipment"])
FIELD_HEADERS = {k: tuple(v) for k, v in _VOCABULARY["field_headers"].items()}
OWN_GROUPS = tuple(_VOCABULARY["own_groups"])
MANUFACTURER_NAMES: dict[str, str] = dict(_VOCABULARY["manufacturer_names"])
ROOT_ENTITIES = tuple(_VOCABULARY["root_entities"])

TYPE_TABLES = {list_id: _table(groups) for list_id, groups in _VOCABULARY["types"].items()}
ACCESSORY_TYPES = frozenset(norm(t) for t in _VOCABULARY["accessories"])
VIRTUAL_TYPES = frozenset(norm(t) for t in _VOCABULARY["virtual_types"])
PLACEHOLDER_TYPES = frozenset(norm(t) for t in _VOCABULARY["placeholder_types"])
PLACEHOLDER_VALUES = frozenset(norm(t) for t in _VOCABULARY["placeholder_values"])
# Types that do not tell the kind: the model is tried before the user's mapping of the type.
GENERIC_TYPES = PLACEHOLDER_TYPES | {"", "networking"}
HEADER_FIELDS = {norm(h): f for f, names in FIELD_HEADERS.items() for h in names}
ITEMTYPE_BY_NAME = {norm(n): k for k, names in ITEMTYPE_NAMES.items() for n in names}
ITEMTYPE_BY_NAME.update({norm(label): k for k, label in ITEMTYPES.items()})


def itemtype_of(text: str) -> str | None:
    """The GLPI list id for a name given by a user ('Computer', 'ordinateurs', 'Moniteur'…)."""
    return ITEMTYPE_BY_NAME.get(norm(text))
