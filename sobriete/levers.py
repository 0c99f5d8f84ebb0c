"""The levers of a scenario (DESIGN.md §6): one object per lever, the one place that knows it.

A lever knows how to read its value (with its bounds), what it does to the lines it targets (on
numpy columns), which lines the action catalogue may aim it at, the cost bases and the KPI it
moves, and its labels. The scenario file loader, the scenario engine, the catalogue and the
documents all read this registry: adding a lever is one class here (plus its catalogue data).

Columns are a ``dict`` of numpy arrays (one entry per inventory key, plus ``section`` and the
scenario's bookkeeping columns ``market_factor``, ``_base_share``, ``_refurb_part``). ``apply``
returns the columns it changes (new arrays; its input is never modified) and, when it adds lines,
the input row each output row comes from.
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from dataclasses import dataclass

import numpy as np

from .constants import HOURS_PER_YEAR
from .model import LIFESPAN_MAX_YEARS
from .units import QuantityKind, parse_value

FRACTION = QuantityKind("share or change", "", "")
YEARS = QuantityKind("duration", "year", "year")
GRID = QuantityKind("emission factor of electricity", "kgCO2e/kWh", "kgCO2e/kWh")
DEFAULT_ENERGY_SAVED = 0.6  # consolidation: share of the removed servers' electricity saved (assumption,
# documented in the README: virtualisation moves the load to fewer hosts, which draw more power).
MIN_LIFESPAN_YEARS = 0.1  # a lifespan change never makes a lifespan vanish
# Bounds of values no real plan writes: refused rather than clamped. A PUE above 5 or a grid factor
# above 2 kgCO2e/kWh (coal plants emit about 1) is a typo, as is a lifespan change beyond the
# longest lifespan.
MAX_PUE = 5.0
MAX_GRID_KGCO2E_PER_KWH = 2.0


@dataclass
class LeverValue:
    """What a lever does: set a value, or change it (multiply by 1 + v, or add for lifespans)."""

    mode: str  # "set" | "change" | "add"
    amount: float  # canonical units: years, fraction, kgCO2e/kWh, PUE


class LeverError(ValueError):
    """A lever value that cannot be used; the message says what is allowed."""


def _fraction(value, low: float, high: float) -> float:
    number = parse_value(value, FRACTION)
    if not math.isfinite(number) or number < low or number > high:
        raise LeverError(f"must be between {low:g} and {high:g} (as a fraction or a percentage)")
    return number


@dataclass
class LineView:
    """Per-line arrays in canonical units, defaults filled (what the catalogue reasons on)."""

    category: np.ndarray
    section: np.ndarray
    equipment: np.ndarray
    units: np.ndarray
    lifespan: np.ndarray
    electricity: np.ndarray
    pue: np.ndarray
    hosting: np.ndarray
    refurbished: np.ndarray
    leased: np.ndarray
    storage: np.ndarray
    site: np.ndarray
    page_weight: np.ndarray
    ecoindex_size: np.ndarray
    data_transfer: np.ndarray

    def __getitem__(self, key: str) -> np.ndarray:  # view["units"] reads like the columns
        return getattr(self, key)


class Lever(ABC):
    """The behaviour shared by every lever; each lever overrides what it does differently."""

    name = ""
    label_fr = ""
    label_en = ""
    acts_on_equipment = True  # only equipment lines (devices and physical hosting)
    location_based = True  # its effect shows in the location-based footprint (not only market-based)

    # --- reading the value -------------------------------------------------------------------
    @abstractmethod
    def parse(self, value) -> LeverValue:
        """The value as written in a scenario file or the catalogue; LeverError when out of bounds."""

    # --- effect on the targeted lines (at full effect) -------------------------------------------
    @abstractmethod
    def apply(self, columns: dict, value: LeverValue, action, factor_set, equipment: np.ndarray):
        """(changed columns, rows): `rows` is None, or the input row of each output row."""

    # --- the action catalogue ---------------------------------------------------------------------
    def needs_equipment(self, wanted_categories) -> bool:
        return self.acts_on_equipment

    def eligible(self, view: LineView, value: LeverValue) -> np.ndarray:
        """Lines this lever can change (besides the template's categories and sections)."""
        return np.ones(len(view.units), dtype=bool)

    def refine_target(self, target: dict, view: LineView, eligible, value: LeverValue, mask_of):
        """(target, mask, why): the catalogue's target selectors, adjusted by the lever if needed;
        `mask_of(selectors)` gives the lines a target selects; `why` says why nothing fits."""
        return target, mask_of(target), ""

    def bases(self, view: LineView, value: LeverValue, mask, equipment, units, purchases, kwh) -> dict:
        """Cost bases specific to the lever (the others are zero): see ``catalogue._bases``."""
        return {}

    def kpi_target(self, view: LineView, value: LeverValue, mask, bases, template) -> float | None:
        return None

    def already_done(self, view: LineView, categories: list, value: LeverValue) -> tuple[bool, str]:
        """(True when the inventory already does what the action would, French sentence on the current state)."""
        return False, ""

    # --- documents ----------------------------------------------------------------------------------
    def assumption(self, actions: list) -> tuple[str, dict] | None:
        """The roadmap's assumption sentence for the actions of this lever: (string key, parameters)."""
        return None

    def label(self, lang: str = "fr") -> str:
        return self.label_fr if lang == "fr" else self.label_en


def _with_default(columns: dict, key: str, factor_set, where=None) -> np.ndarray:
    """The column, with the category's profile value where the line gives none (and `where`)."""
    current = columns[key]
    default = factor_set.profile_values(columns["category"], key)
    missing = np.isnan(current) if where is None else np.isnan(current) & where
    return np.where(missing, default, current)


class Lifespan(Lever):
    name, label_fr, label_en = "lifespan", "durée de vie", "lifespan"

    def parse(self, value) -> LeverValue:
        text = str(value).strip() if not isinstance(value, (int, float)) else value
        if isinstance(text, str) and not text:
            raise LeverError("a lifespan lever needs a value ('7 years', or '+2 years' for a change)")
        if isinstance(text, str) and text[0] in "+-":
            amount = parse_value(text[1:], YEARS)
            if not (math.isfinite(amount) and 0 < amount <= LIFESPAN_MAX_YEARS):
                raise LeverError(f"a lifespan change must be more than 0 and at most {int(LIFESPAN_MAX_YEARS)} "
                                 "years either way")
            return LeverValue("add", amount if text[0] == "+" else -amount)
        amount = parse_value(text, YEARS)
        if not 0 < amount <= LIFESPAN_MAX_YEARS:
            raise LeverError(f"a lifespan must be > 0 and at most {int(LIFESPAN_MAX_YEARS)} years")
        return LeverValue("set", amount)

    def new_lifespan(self, current: np.ndarray, value: LeverValue) -> np.ndarray:
        new = np.full(len(current), value.amount) if value.mode == "set" else current + value.amount
        return np.maximum(new, MIN_LIFESPAN_YEARS)

    def apply(self, columns, value, action, factor_set, equipment):
        current = _with_default(columns, "lifespan", factor_set)
        return {"lifespan": np.where(equipment, self.new_lifespan(current, value), columns["lifespan"])}, None

    def bases(self, view, value, mask, equipment, units, purchases, kwh):
        life = np.where(view.lifespan > 0, view.lifespan, np.nan)
        new = self.new_lifespan(view.lifespan, value)
        return {"purchases_avoided": np.nan_to_num(np.where(equipment, units / life - units / new, 0.0))}

    def kpi_target(self, view, value, mask, bases, template):
        units = np.where(mask & view.equipment, view.units, 0.0)
        new = np.full(len(units), value.amount) if value.mode == "set" else view.lifespan + value.amount
        return round(float(np.sum(units * np.nan_to_num(new)) / units.sum()), 1) if units.sum() else None


class Refurbished(Lever):
    name, label_fr, label_en = "refurbished", "achat reconditionné", "refurbished purchases"

    def parse(self, value) -> LeverValue:
        return LeverValue("set", _fraction(value, 0.0, 1.0))

    def apply(self, columns, value, action, factor_set, equipment):
        # Per unit (1 − s) × new + s × refurbished: each line splits into its new units (share × (1 − s))
        # and its refurbished units (share × s, refurbished, the profile's refurbished embodied), so
        # that both keep their profile factor and its uncertainty (an explicit per-unit embodied
        # would count as certain in the Monte Carlo draws). A set value replaces (DESIGN §6): lines
        # already split by an earlier refurbished action get their two parts re-weighted, never
        # split again.
        share = value.amount
        part, base, original = columns["_refurb_part"], columns["_base_share"], columns["share"]
        resplit = equipment & ~np.isnan(part)
        if resplit.any():
            original = np.where(resplit, base * np.where(part == 1.0, share, 1 - share), original)
        has_figure = ~np.isnan(factor_set.profile_values(columns["category"], "refurbished_embodied"))
        split = equipment & ~columns["refurbished"].astype(bool) & has_figure & np.isnan(part)
        if not split.any():
            return {"share": original}, None
        count = int(split.sum())
        rows = np.concatenate([np.arange(len(split)), np.flatnonzero(split)])
        return {
            "share": np.concatenate([np.where(split, original * (1 - share), original), original[split] * share]),
            "refurbished": np.concatenate([columns["refurbished"].astype(bool), np.ones(count, dtype=bool)]),
            # a line's own embodied (a manufacturer's PCF) scales by the profile's refurbished ratio,
            # so that buying refurbished never raises it; otherwise the profile's refurbished figure
            "embodied": np.concatenate([columns["embodied"], self._refurbished_embodied(columns, factor_set)[split]]),
            "_base_share": np.concatenate([np.where(split, original, base), original[split]]),
            "_refurb_part": np.concatenate([np.where(split, 0.0, part), np.ones(count)]),
        }, rows

    @staticmethod
    def _refurbished_embodied(columns, factor_set) -> np.ndarray:
        categories = columns["category"]
        ratio = (factor_set.profile_values(categories, "refurbished_embodied")
                 / factor_set.profile_values(categories, "embodied"))
        return columns["embodied"] * ratio  # NaN where the line gives none: the profile's figure applies

    def eligible(self, view, value):
        return ~view.refurbished

    def bases(self, view, value, mask, equipment, units, purchases, kwh):
        return {"purchases_switched": np.where(equipment & ~view.refurbished, purchases * value.amount, 0.0)}

    def kpi_target(self, view, value, mask, bases, template):
        return round(value.amount * 100)

    def already_done(self, view, categories, value):
        # Share of the yearly purchases (units / lifespan) of these categories bought refurbished.
        lines = view.equipment & np.isin(view.category, np.array(categories, dtype=object))
        purchases = np.nan_to_num(np.where(lines, view.units / view.lifespan, 0.0))
        total = purchases.sum()
        current = float(purchases[view.refurbished].sum() / total) if total else 0.0
        if current >= value.amount:
            return True, ""
        return False, f" Part actuelle des achats en reconditionné (inventaire) : {current * 100:.0f} %."


class _Change(Lever):
    """A change v of a quantity: × (1 + v), from −100 % to +10,000 %."""

    def parse(self, value) -> LeverValue:
        return LeverValue("change", _fraction(value, -1.0, 100.0))


class Fleet(_Change):
    name, label_fr, label_en = "fleet", "taille du parc", "fleet size"
    SERVICES = {"cloud_storage", "cloud_vm", "email", "video_conference"}

    def needs_equipment(self, wanted_categories) -> bool:
        return not set(wanted_categories) & self.SERVICES

    def apply(self, columns, value, action, factor_set, equipment):
        return {"quantity": columns["quantity"] * (1 + value.amount)}, None

    def bases(self, view, value, mask, equipment, units, purchases, kwh):
        cut = max(0.0, -value.amount)
        return {"removed_units": units * cut, "purchases_avoided": purchases * cut, "kwh_saved": kwh * cut,
                "tb_removed": np.where(mask, view.storage * units * cut, 0.0)}

    def kpi_target(self, view, value, mask, bases, template):
        all_units = np.where(mask, view.units, 0.0)
        if template["applies_to"].get("categories") == ["cloud_storage"]:
            storage = np.where(mask, view.storage * view.units, 0.0)
            return round(float(storage.sum() - np.sum(bases["tb_removed"])), 1)
        return float(round(all_units.sum() - np.sum(bases["removed_units"])))


class Electricity(_Change):
    name, label_fr, label_en = "electricity", "consommation électrique", "electricity use"

    def apply(self, columns, value, action, factor_set, equipment):
        current = _with_default(columns, "electricity", factor_set, where=equipment)
        return {"electricity": current * (1 + value.amount)}, None

    def bases(self, view, value, mask, equipment, units, purchases, kwh):
        return {"kwh_saved": kwh * max(0.0, -value.amount)}

    def kpi_target(self, view, value, mask, bases, template):
        kwh = np.where(mask & view.equipment, view.units * view.electricity * view.pue, 0.0)
        return float(round(kwh.sum() * (1 + value.amount)))


class Pue(Lever):
    name, label_fr, label_en = "pue", "PUE de la salle serveurs", "server room PUE"

    def parse(self, value) -> LeverValue:
        amount = parse_value(value, FRACTION)
        if not amount >= 1:
            raise LeverError("a PUE cannot be below 1")
        if not amount <= MAX_PUE:
            raise LeverError(f"a PUE above {MAX_PUE:g} is not plausible")
        return LeverValue("set", amount)

    def apply(self, columns, value, action, factor_set, equipment):
        hosting = (columns["section"] == "hosting") & (equipment | (columns["category"] == "colocation"))
        return {"pue": np.where(hosting, value.amount, columns["pue"])}, None

    def eligible(self, view, value):
        return view.hosting & (view.pue > value.amount * (1 + 1e-9))

    def refine_target(self, target, view, eligible, value, mask_of):
        # Name the rooms too, so that equipment with a lower PUE (network gear outside the room)
        # is never raised to the target; lines without a site cannot be named: left out unless
        # no targeted line has a site.
        target = dict(target)
        sites = [s for s in dict.fromkeys(view.site[eligible]) if isinstance(s, str) and s]
        if sites:
            target["site"] = sites[0] if len(sites) == 1 else sites
        mask = mask_of(target)
        lower = mask & view.hosting & (view.pue < value.amount * (1 - 1e-9))
        if lower.any():  # a named site also holds equipment below the target: leave that site out
            bad = set(view.site[lower])
            named = target.get("site") if isinstance(target.get("site"), list) else [target.get("site")]
            sites = [s for s in named if s not in bad and s]
            if not sites:
                return {}, np.zeros(len(mask), dtype=bool), "every room already holds equipment below the target"
            target["site"] = sites[0] if len(sites) == 1 else sites
            mask = mask_of(target)
        return target, mask, ""

    def bases(self, view, value, mask, equipment, units, purchases, kwh):
        it = np.where(equipment, units * view.electricity, 0.0)
        return {"kwh_saved": it * np.maximum(view.pue - value.amount, 0.0), "it_kw": it / HOURS_PER_YEAR}

    def kpi_target(self, view, value, mask, bases, template):
        return value.amount


class Consolidate(Lever):
    name, label_fr, label_en = "consolidate", "consolidation des serveurs", "server consolidation"

    def parse(self, value) -> LeverValue:
        return LeverValue("set", _fraction(value, 0.0, 0.99))

    def apply(self, columns, value, action, factor_set, equipment):
        removed = value.amount
        current = _with_default(columns, "electricity", factor_set)
        per_unit = current * (1 - removed * action.energy_saved) / (1 - removed)
        return {"quantity": np.where(equipment, columns["quantity"] * (1 - removed), columns["quantity"]),
                "electricity": np.where(equipment, per_unit, columns["electricity"])}, None

    def bases(self, view, value, mask, equipment, units, purchases, kwh):
        return {"removed_units": np.where(equipment, units * value.amount, 0.0),
                "purchases_avoided": purchases * value.amount,
                "kwh_saved": kwh * value.amount * DEFAULT_ENERGY_SAVED}

    kpi_target = Fleet.kpi_target

    def assumption(self, actions):
        return "assumption_consolidate", {"share": actions[0].energy_saved or DEFAULT_ENERGY_SAVED}


class PageWeight(_Change):
    name, label_fr, label_en = "page_weight", "poids des pages", "page weight"
    acts_on_equipment = False

    def apply(self, columns, value, action, factor_set, equipment):
        return {"page_weight": columns["page_weight"] * (1 + value.amount),
                "ecoindex.size": columns["ecoindex.size"] * (1 + value.amount)}, None

    def eligible(self, view, value):
        return ~np.isnan(view.page_weight) | ~np.isnan(view.ecoindex_size)

    def kpi_target(self, view, value, mask, bases, template):
        weights = view.page_weight[mask]
        weights = weights[~np.isnan(weights)]
        return round(float(weights.mean() * (1 + value.amount)), 2) if len(weights) else None


class DataTransfer(_Change):
    name, label_fr, label_en = "data_transfer", "volume de données transféré", "data transferred"
    acts_on_equipment = False

    def apply(self, columns, value, action, factor_set, equipment):
        return {"data_transfer": columns["data_transfer"] * (1 + value.amount)}, None

    def eligible(self, view, value):
        return ~np.isnan(view.data_transfer)

    def kpi_target(self, view, value, mask, bases, template):
        return float(round(np.nansum(view.data_transfer[mask]) * (1 + value.amount)))


class ElectricityFactor(Lever):
    """A renewable electricity contract: the market-based series only (DESIGN §6)."""

    name, label_fr, label_en = "electricity_factor", "contrat d'électricité renouvelable", "renewable electricity contract"
    acts_on_equipment = False
    location_based = False

    def parse(self, value) -> LeverValue:
        amount = parse_value(value, GRID)
        if not amount >= 0:
            raise LeverError("must not be negative")
        if not amount <= MAX_GRID_KGCO2E_PER_KWH:
            raise LeverError(f"an electricity factor above {MAX_GRID_KGCO2E_PER_KWH:g} kgCO2e/kWh is not plausible")
        return LeverValue("set", amount)

    def apply(self, columns, value, action, factor_set, equipment):
        return {"market_factor": np.full(len(columns["quantity"]), value.amount)}, None

    def eligible(self, view, value):
        return view.equipment & (view.electricity > 0)

    def assumption(self, actions):
        return "assumption_market", {}


REGISTRY: dict[str, Lever] = {lever.name: lever for lever in (
    Lifespan(), Refurbished(), Fleet(), Electricity(), Pue(), Consolidate(), PageWeight(), DataTransfer(),
    ElectricityFactor())}
LEVERS = tuple(REGISTRY)


def lever(name: str) -> Lever:
    return REGISTRY[name]
