"""Manufacturers' product carbon footprints (PCF) by model, from Boavizta's database.

``sobriete footprint --pcf`` gives an equipment line whose ``model`` names a product of
``factors/boavizta/boavizta-data-us.csv`` (ODbL 1.0, see its README) that product's embodied
footprint, ``gwp_total × (1 − gwp_use_ratio)`` kgCO2e, instead of its category's average; only
where the line has no ``embodied`` of its own and is not refurbished (a PCF is a new product's).

Matching is exact on normalised strings (case, accents, spaces and punctuation ignored, ``+``
kept as "plus"), against the product's ``name`` and ``manufacturer name``. With ``fuzzy``, a model
without an exact match takes the closest product name whose ``difflib`` ratio is at least
:data:`FUZZY_CUTOFF`, and the result says so line by line. The table is read once per process
(cached) and matching works on the distinct model strings, never row by row.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from ..locale import Message, _

FUZZY_CUTOFF = 0.9
DATASET = "Boavizta environmental-footprint-data"
ATTRIBUTION = (f"Contains information from {DATASET}, which is made available under the Open "
               "Database License (ODbL) 1.0 (factors/boavizta/README.md)")
# Quoted from the upstream README (factors/boavizta/README.md, "Upstream warning").
WARNING = ('the dataset warns: "Methodologies used by manufactureres are not transparent and have '
           'very large margins of error [...] WE RECOMMAND NOT USING THESE DATA TO MAKE ACCURATE '
           'IMPACTS EVALUATIONS or to compare the impacts of devices from different manufacturers."')
# Which inventory categories a product's `subcategory` may stand for: a model that matches a
# product of another kind (a monitor's model on a laptop line) is reported, never used.
SUBCATEGORY_CATEGORIES = {
    "laptop": ("laptop",),
    "desktop": ("desktop", "all_in_one"),
    "workstation": ("desktop",),
    "monitor": ("monitor",),
    "smartphone": ("smartphone",),
    "tablet": ("tablet",),
    "thin client": ("thin_client",),
    "printer": ("printer", "multifunction_printer"),
    "server": ("rack_server", "tower_server", "blade_server"),
    "converged": ("rack_server", "blade_server"),
    "converged edge": ("rack_server", "tower_server"),
    "san/nas": ("storage_array",),
    "hard drive": ("external_storage",),
    "network": ("network_box", "network_switch", "router", "wifi_access_point"),
}
_NOT_ALNUM = re.compile(r"[^0-9a-z]+")


PCF_DEFAULT_UNCERTAINTY = 0.5  # a PCF without a stated error: large margins (dataset README)


def normalise_model(text) -> str:
    """'Dell Latitude-5420 (i5)' → 'dell latitude 5420 i5'; 'Surface Pro 7+' → 'surface pro 7 plus'."""
    decomposed = unicodedata.normalize("NFKD", str(text).casefold())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c)).replace("+", " plus ")
    return " ".join(_NOT_ALNUM.sub(" ", stripped).split())


@dataclass(frozen=True)
class PcfTable:
    """The products, their embodied footprints and the normalised keys that find them."""

    manufacturer: np.ndarray  # object
    name: np.ndarray  # object
    subcategory: np.ndarray  # object, lower-cased
    embodied_kgco2e: np.ndarray  # float64, NaN where gwp_use_ratio is missing
    keys: dict  # normalised key → product index, or -1 when products with that key differ
    path: str
    error_ratio: np.ndarray = None  # float64: the manufacturer's stated relative error, NaN if none


def _default_path() -> Path:
    from importlib import resources

    return Path(str(resources.files("sobriete.factors") / "boavizta" / "boavizta-data-us.csv"))


@lru_cache(maxsize=4)
def load_pcf_table(path: str | None = None) -> PcfTable:
    """Read the PCF table (cached: once per process and path)."""
    import pandas as pd

    from ..errors import FactorDataError

    source = Path(path) if path is not None else _default_path()
    try:
        frame = pd.read_csv(source, dtype={"manufacturer": str, "name": str, "subcategory": str},
                            keep_default_na=False, na_values=[""])
    except (OSError, ValueError, pd.errors.ParserError) as exc:
        raise FactorDataError(f"cannot read the PCF table {source}: {exc}") from exc
    missing = {"manufacturer", "name", "subcategory", "gwp_total", "gwp_use_ratio"} - set(frame.columns)
    if missing:
        raise FactorDataError(f"{source}: missing column(s) {', '.join(sorted(missing))}")
    total = pd.to_numeric(frame["gwp_total"], errors="coerce").to_numpy(float)
    use_ratio = pd.to_numeric(frame["gwp_use_ratio"], errors="coerce").to_numpy(float)
    embodied = total * (1.0 - use_ratio)
    manufacturer = frame["manufacturer"].fillna("").to_numpy(object)
    name = frame["name"].fillna("").to_numpy(object)
    subcategory = frame["subcategory"].fillna("").str.strip().str.lower().to_numpy(object)
    keys: dict[str, int] = {}
    for index, (maker, product) in enumerate(zip(manufacturer, name)):
        name_key = normalise_model(product)
        maker_key = normalise_model(maker)
        candidates = {name_key}
        if maker_key and not name_key.startswith(maker_key + " "):
            candidates.add(f"{maker_key} {name_key}")
        for key in candidates:
            if not key:
                continue
            previous = keys.get(key)
            if previous is None:
                keys[key] = index
            elif previous >= 0 and not _same_product(previous, index, embodied, subcategory):
                keys[key] = -1  # two products, two footprints: ambiguous
    error_ratio = (pd.to_numeric(frame["gwp_error_ratio"], errors="coerce").to_numpy(float)
                   if "gwp_error_ratio" in frame.columns else np.full(len(frame), np.nan))
    return PcfTable(manufacturer, name, subcategory, embodied, keys, str(source), error_ratio)


def _same_product(a: int, b: int, embodied: np.ndarray, subcategory: np.ndarray) -> bool:
    same_value = (embodied[a] == embodied[b]) or (np.isnan(embodied[a]) and np.isnan(embodied[b]))
    return bool(same_value and subcategory[a] == subcategory[b])


@dataclass
class ModelMatch:
    """How one distinct model string matched: product index (-1: none), ratio, reason."""

    product: int
    ratio: float
    fuzzy: bool
    reason: str  # "" when matched; otherwise why not


def match_models(models, table: PcfTable, *, fuzzy: bool = False) -> dict[str, ModelMatch]:
    """Match each distinct model string (exact on normalised keys, then fuzzy if asked)."""
    results: dict[str, ModelMatch] = {}
    fuzzy_keys = [k for k, v in table.keys.items() if v >= 0] if fuzzy else []
    for model in dict.fromkeys(models):
        key = normalise_model(model)
        found = table.keys.get(key) if key else None
        if found is not None and found >= 0:
            results[model] = ModelMatch(found, 1.0, False, "")
            continue
        if found == -1:
            results[model] = ModelMatch(-1, 0.0, False, "several products of that name have different "
                                                        "footprints: give the manufacturer and full name")
            continue
        if fuzzy and key:
            results[model] = _fuzzy_match(key, fuzzy_keys, table)
            continue
        results[model] = ModelMatch(-1, 0.0, False, "no product of that name")
    return results


def _fuzzy_match(key: str, keys: list, table: PcfTable) -> ModelMatch:
    close = difflib.get_close_matches(key, keys, n=3, cutoff=FUZZY_CUTOFF)
    if not close:
        return ModelMatch(-1, 0.0, True, f"no product name with a similarity ≥ {FUZZY_CUTOFF}")
    ratios = [difflib.SequenceMatcher(None, key, c).ratio() for c in close]
    best = max(ratios)
    products = {table.keys[c] for c, r in zip(close, ratios) if r == best}
    values = {float(table.embodied_kgco2e[p]) for p in products}
    if len(values) > 1:
        return ModelMatch(-1, best, True, "several products are equally close: give the full name")
    return ModelMatch(min(products), best, True, "")


def apply_pcf(inventory, *, fuzzy: bool = False, table: PcfTable | None = None):
    """A copy of `inventory` whose matching lines carry their model's PCF as `embodied`.

    Returns ``(inventory, notes)``; the notes are also appended to the copy's ``notes`` so that
    the footprint's notes carry them. The input inventory is not modified.
    """
    import pandas as pd

    table = table if table is not None else load_pcf_table()
    sections = dict(inventory.sections)
    notes: list[str] = []
    used: list[str] = []
    fuzzy_lines: list[str] = []
    skipped: dict[str, list[str]] = {}
    extras: dict[str, dict] = {}
    for section in ("devices", "hosting"):
        frame = inventory.sections[section]
        if not len(frame):
            continue
        model = pd.Series(frame["model"].to_numpy(dtype=object), dtype=object).fillna("").astype(str).str.strip()
        no_embodied = np.isnan(frame["embodied"].to_numpy(float)) & np.isnan(frame["spend"].to_numpy(float))
        refurbished = frame["refurbished"].to_numpy(bool)
        has_model = (model != "").to_numpy()
        sources = np.asarray(inventory.locations.get(section, [""] * len(frame)), dtype=object)
        for source in sources[has_model & no_embodied & refurbished]:
            skipped.setdefault("refurbished: a PCF is a new product's footprint", []).append(str(source))
        eligible = has_model & no_embodied & ~refurbished
        if not eligible.any():
            continue
        positions = np.flatnonzero(eligible)
        categories = frame["category"].to_numpy(dtype=object)[positions]
        models = model.to_numpy(dtype=object)[positions]
        matches = match_models(models, table, fuzzy=fuzzy)
        # One decision per distinct (model, category) pair, spread back to the lines.
        codes, pairs = pd.factorize(pd.Series(models, dtype=object) + "\x1f"
                                    + pd.Series(categories, dtype=object).astype(str))
        order = np.argsort(codes, kind="stable")
        bounds = np.searchsorted(codes[order], np.arange(len(pairs) + 1))
        values = np.full(len(pairs), np.nan)
        for k, pair in enumerate(pairs):
            text, category = pair.split("\x1f", 1)
            match = matches[text]
            lines = sources[positions[order[bounds[k]:bounds[k + 1]]]]
            product = match.product
            kind = str(table.subcategory[product]) if product >= 0 else ""
            if product < 0:
                if match.reason != "no product of that name":
                    skipped.setdefault(match.reason, []).extend(f"{s} ({text!r})" for s in lines)
            elif category not in SUBCATEGORY_CATEGORIES.get(kind, ()):
                skipped.setdefault("the product is of another kind than the line's category", []).extend(
                    f"{s} ({text!r} is a {kind or 'product'}, the line a {category})" for s in lines)
            elif not np.isfinite(table.embodied_kgco2e[product]):
                skipped.setdefault("the product's PCF gives no gwp_use_ratio", []).extend(
                    f"{s} ({text!r})" for s in lines)
            else:
                values[k] = float(table.embodied_kgco2e[product])
                used.extend(str(s) for s in lines)
                if match.fuzzy:
                    fuzzy_lines.extend(
                        f"{s}: model {text!r} ≈ {table.manufacturer[product]} {table.name[product]!r} "
                        f"(ratio {match.ratio:.2f}) → {values[k]:g} kgCO2e" for s in lines)
        embodied = frame["embodied"].to_numpy(float).copy()
        found = values[codes]
        embodied[positions] = np.where(np.isnan(found), embodied[positions], found)
        sections[section] = frame.assign(embodied=embodied)
        # The product's own stated error (gwp_error_ratio) when the dataset gives one, else ±50 %
        # (upstream warns that manufacturers' PCFs have large margins of error).
        product_uncertainty = np.full(len(pairs), np.nan)
        for k in np.flatnonzero(~np.isnan(values)):
            error_ratio = table.error_ratio[matches[pairs[k].split("\x1f", 1)[0]].product]
            product_uncertainty[k] = error_ratio if np.isfinite(error_ratio) else PCF_DEFAULT_UNCERTAINTY
        line_uncertainty = np.full(len(frame), np.nan)
        line_uncertainty[positions] = product_uncertainty[codes]
        line_product = np.full(len(frame), None, dtype=object)
        line_product[positions] = np.where(np.isnan(found), None,
                                           np.asarray([str(p).split("\x1f", 1)[0] for p in pairs], dtype=object)[codes])
        extras[section] = {"pcf_uncertainty": line_uncertainty, "pcf_product": line_product}
    if used:
        notes.append(Message(_("--pcf: {count} line(s) use a manufacturer's product carbon footprint (gwp_total × (1 "
                               "− gwp_use_ratio)) instead of their category's embodied: {lines}"),
                              count=len(used), lines=_listed(used)))
        if fuzzy_lines:
            notes.append(f"--pcf-fuzzy: {len(fuzzy_lines)} of them matched approximately "
                         f"(difflib ratio ≥ {FUZZY_CUTOFF}): " + "; ".join(fuzzy_lines))
        notes.append(Message(_("--pcf: {warning}"), warning=WARNING))
        notes.append(Message(_("--pcf: {attribution}"), attribution=ATTRIBUTION))
    else:
        notes.append(Message(_("--pcf: no line's model matched a product of the manufacturers' footprints "
                               "({dataset}); category averages used"),
                              dataset=DATASET))
    for reason, lines in skipped.items():
        notes.append(Message(_("--pcf: {count} line(s) keep their category's embodied ({reason}): {lines}"),
                              count=len(lines), reason=reason, lines=_listed(lines, 10)))
    result = dataclasses.replace(inventory, sections=sections, notes=list(inventory.notes) + notes,
                                 line_extras={**inventory.line_extras, **extras})
    return result, notes


def _listed(items: list, limit: int = 20) -> str:
    shown = ", ".join(items[:limit])
    return shown + (f", … ({len(items)} in all)" if len(items) > limit else "")
