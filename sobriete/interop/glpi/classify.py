"""The classifier: the category of a row from the user's mapping, the Type, the model or the list."""

from __future__ import annotations

from ...io.distinct import distinct
from .mapping import TypeMapping
from .records import Row, first_value
from .rules import is_panel, is_virtual, list_rule, model_rule, type_category
from .vocabulary import ACCESSORY_TYPES, GENERIC_TYPES, ITEMTYPES, NOT_EQUIPMENT, norm


class Classifier:
    """Decides the category of each distinct (list, type, model, manufacturer) once."""

    def __init__(self, factors, mapping: TypeMapping):
        self.factors = factors
        self.mapping = mapping
        self.used_keys: set = set()
        self._cache: dict = {}
        self._mapped_by: dict = {}  # cache key -> the normalised mapping key that decided it

    @staticmethod
    def cache_key(row: Row) -> tuple:
        """What the decision on a row depends on: rows with the same key get the same decision."""
        return (row.itemtype, norm(first_value(row.get("type"))), norm(first_value(row.get("model"))),
                norm(row.get("manufacturer")),
                norm(row.get("serial")) if row.itemtype == "monitor" else "",
                norm(row.get("name")) if row.itemtype == "networkequipment" else "")

    def classify_all(self, rows: list[Row]) -> list[tuple[str, str | None, str, str]]:
        """``self(row)`` for every row, computed once per distinct key (on its first row) and spread back."""
        keys = distinct([self.cache_key(row) for row in rows])
        decided = [self(rows[position]) for position in keys.first_rows()]
        return list(keys.spread(decided))

    def __call__(self, row: Row) -> tuple[str, str | None, str, str]:
        """(outcome, category or reason, how/detail, key) for a row already past the status checks."""
        kind = norm(first_value(row.get("type")))
        key = first_value(row.get("type")) or first_value(row.get("model"))
        cache_key = self.cache_key(row)
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
        self._mapped_by[cache_key] = norm(raw_key)
        if category is None:
            return "excluded", "mapped", f"mapping {raw_key!r} → exclude ({origin})", key
        return "imported", category, f"mapping {raw_key!r} ({origin})", key

    def _decide(self, row: Row, kind: str, key: str, cache_key: tuple) -> tuple[str, str | None, str, str]:
        """Order: virtual/panel; the user's mapping of the Model (specific to the asset), then of a
        telling Type (it wins over the built-in names); the built-in Type names; the model rules;
        then the user's mapping of a Type that says nothing ('Other', 'Networking'), so that such
        a mapping fixes the unclassified rows without overriding a model that tells the kind."""
        virtual = is_virtual(row, kind)
        if virtual:
            return "excluded", "virtual", virtual, key
        if row.itemtype == "monitor":
            panel = is_panel(row)
            if panel:
                return "excluded", "panel", panel, key
        type_value, model_value = first_value(row.get("type")), first_value(row.get("model"))
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
        category = None if generic else type_category(kind, row.itemtype)
        if category is None and kind and not generic:
            alias = self.factors.category_of(kind)
            if alias is not None and alias not in NOT_EQUIPMENT and \
                    self.factors.profiles[alias].section in ("devices", "hosting"):
                category = alias
        category, how = list_rule(row, kind, category)
        if category is not None and how == "type":
            how = f"Type {type_value!r}"
        elif category is not None and how == "list":
            how = f"{ITEMTYPES[row.itemtype]} list, no Type"
        elif category is not None and how == "model":
            how = f"model {model_value or row.get('name')!r}"
        if category is None:
            rule = model_rule(row)
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

