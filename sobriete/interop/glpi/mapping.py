"""The user's decisions: ``--map-type "TYPE=category"`` options and a ``--mapping`` YAML file."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ...errors import InputErrors, error
from ...io.problems import Problems
from ...text import allowed, did_you_mean
from .vocabulary import EXCLUDE_WORDS, NOT_EQUIPMENT, norm
from ...locale import Message, _


@dataclass
class TypeMapping:
    """User decisions: normalised GLPI type (or model) → category id or ``None`` (exclude)."""

    entries: dict = field(default_factory=dict)  # norm key -> (raw key, category|None, origin)

    def get(self, key: str):
        return self.entries.get(norm(key))


def _mapped_category(value, factors, where: str, problems: Problems, path=None, row=None) -> tuple[bool, str | None]:
    text = str(value).strip() if value is not None else ""
    if norm(text) in EXCLUDE_WORDS:
        return True, None
    category = factors.category_of(text) if text else None
    if category is not None and category not in NOT_EQUIPMENT and \
            factors.profiles[category].section in ("devices", "hosting"):
        return True, category
    choices = equipment_categories(factors) + ["exclude"]
    hint = did_you_mean(text, choices + [a for c in choices if c in factors.profiles
                                         for a in factors.profiles[c].aliases]) if text else None
    problems.add(error(_("{where}: unknown equipment category"), where=where, path=path, row=row,
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
    problems = Problems()
    mapping = TypeMapping()
    if mapping_file:
        from ...io.yamlsafe import LineDict, load_yaml_file

        label = str(mapping_file)
        if not Path(mapping_file).is_file():
            raise InputErrors([error(_("mapping file not found"), path=label)])
        data = load_yaml_file(Path(mapping_file), label)
        if data is None:
            data = {}
        if not isinstance(data, dict):
            raise InputErrors([error(_("a mapping file must map GLPI types to categories "
                                       "(e.g. 'Other: desktop')"), path=label)])
        for key, value in data.items():
            row = data.key_lines.get(key) if isinstance(data, LineDict) else None
            if isinstance(value, (dict, list)) or value is None:
                problems.add(error(_("type {type!r}: expected a category"), type=str(key), path=label, row=row,
                                      hint=_("e.g. 'Other: desktop' or 'Clavier: exclude'")))
                continue
            raw_key = "" if key is None else str(key)
            ok, category = _mapped_category(value, factors, f"type {raw_key!r}", problems, label, row)
            if ok:
                mapping.entries[norm(raw_key)] = (raw_key, category, f"{label}:{row}" if row else label)
    for option in options:
        if "=" not in option:
            problems.add(error(_("--map-type {option!r}: expected TYPE=category"), option=option,
                                  hint=_('e.g. --map-type "Other=desktop"')))
            continue
        raw_key, value = option.rsplit("=", 1)
        raw_key = raw_key.strip().strip('"').strip("'")
        ok, category = _mapped_category(value.strip(), factors, f"--map-type {option!r}", problems)
        if ok:
            mapping.entries[norm(raw_key)] = (raw_key, category, "--map-type")
    problems.raise_if_any()
    return mapping

