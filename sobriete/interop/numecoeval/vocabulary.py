"""NumÉcoÉval's vocabulary: type and country names read from ``vocabulary.yaml`` (once), and the
lookups that use them."""

from __future__ import annotations

import functools
from importlib import resources

from ... import model
from ...errors import error
from ...io.problems import Problems
from ...text import normalise_name
from ...locale import _


@functools.cache
def load_vocabulary() -> dict:
    """The content of ``vocabulary.yaml`` (read once)."""
    import yaml

    text = resources.files(__package__).joinpath("vocabulary.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


_VOCABULARY = load_vocabulary()

# NumÉcoÉval / G4IT equipment type (normalised) → sobriete category.
TYPE_CATEGORIES: dict[str, str] = {name: category for category, names in _VOCABULARY["type_categories"].items()
                                   for name in names}
# The type written back for each category when a line carries no NumÉcoÉval type of its own.
CATEGORY_TYPES: dict[str, str] = dict(_VOCABULARY["category_types"])
_COUNTRY_NAMES = {code: tuple(names) for code, names in _VOCABULARY["countries"].items()}
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
    mapping, problems = {}, Problems()
    for item in items or ():
        type_name, sep, category = str(item).rpartition("=")
        profile = factors.category_of(category.strip()) if sep else None
        if not sep or not type_name.strip():
            problems.add(error(_("expected TYPE=category"), column="--map-type", value=item))
        elif profile is None or factors.profiles[profile].method != "equipment":
            problems.add(error(_("not an equipment category of the factor set"), column="--map-type",
                               value=category.strip(), hint=_("see `sobriete factors list`")))
        else:
            mapping[normalise_name(type_name)] = profile
    problems.raise_if_any()
    return mapping
