"""Legal indicators on a collectivity's IT equipment: AGEC purchases and REEN retirements.

Two obligations of French law, computed from a validated inventory (no I/O, no printing):

- **AGEC** — loi n° 2020-105 du 10 février 2020, art. 58: each year, the State and local authorities
  acquire goods "issus du réemploi ou de la réutilisation ou [qui] intègrent des matières recyclées
  dans des proportions de 20 % à 100 % selon le type de produit" (art. 58 I). The product list and
  the shares were set by décret n° 2021-254 du 9 mars 2021, repealed and replaced from 1 July 2024
  by **décret n° 2024-134 du 21 février 2024** (art. 5 repeals, art. 6 entry into force). Under the
  2024 décret the shares are percentages of the *annual spending excluding VAT* on each category
  of products during a calendar year, with one share for réemploi/réutilisation and a separate
  one for products incorporating recycled materials, and targets for 2024, 2027 and 2030 (annex).
  The products of each category are listed by the arrêté du 29 février 2024 (NOR TRED2403741A);
  for "matériel informatique et téléphonie": ordinateurs fixes et portables (avec ou sans écran),
  terminaux informatiques, écrans, serveurs, téléphones fixes et mobiles, tablettes and
  vidéoprojecteurs (tablets and projectors are new in 2024).
- **REEN** — loi n° 2021-1485 du 15 novembre 2021, art. 16, and **décret n° 2023-266 du 12 avril
  2023**: a yearly share of the IT equipment the body retires ("matériels informatiques réformés")
  must go to réemploi or réutilisation (art. 3: 25 % in 2023, 35 % in 2024, 50 % from 2025).

See :func:`agec_indicator` and :func:`reen_indicator` for the exact rules.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

TOLERANCE = 1e-9  # relative tolerance of decisions (DESIGN §2)

# --- AGEC (loi 2020-105 art. 58) -------------------------------------------------------------

AGEC_LAW_FLOOR = 0.20  # loi 2020-105 art. 58 I: "dans des proportions de 20 % à 100 % selon le type de produit"
AGEC_FIRST_YEAR = 2021  # art. 58 I applies "à compter du 1er janvier 2021"
AGEC_DECREE_2024_YEAR = 2024  # décret 2024-134 art. 6: in force on 1 July 2024 (décret 2021-254 until 30 June)
# Décret 2021-254 (2021 to June 2024): IT and telephony at least 20 % of the year's spending from
# réemploi/réutilisation or incorporating recycled materials (one combined share).
AGEC_2021_COMBINED = 0.20


@dataclass(frozen=True)
class AnnexLine:
    """One category of products of the annex of décret 2024-134, restricted to IT equipment.

    ``products`` maps a product of the arrêté du 29 février 2024 to the factor-set categories
    that fall under it. Targets are milestone year → minimum share of the category's spending
    excluding VAT; a milestone applies from its year until the next one. ``None`` means the value
    has not been transcribed from the Journal officiel: the indicator then checks only the law's
    own floor (art. 58 I, 20 % from réemploi/réutilisation or recycled materials together).
    """

    id: str
    label_fr: str
    label_en: str
    products: dict
    reuse_targets: dict = field(default_factory=dict)
    recycled_targets: dict = field(default_factory=dict)

    @property
    def categories(self) -> dict:
        return {category: product for product, categories in self.products.items() for category in categories}


# Annex of décret 2024-134 (JORF n° 0045 du 23 février 2024), category "matériel informatique et
# téléphonie", products per the arrêté du 29 février 2024. The two target columns (% issu du
# réemploi ou de la réutilisation, % intégrant des matières recyclées) for 2024, 2027 and 2030 are
# to be copied from the annex's table: they could not be read from a verifiable copy when this was
# written, so they are left as None rather than guessed (see AnnexLine).
ANNEX_LINES = (
    AnnexLine(
        id="it_telephony",
        label_fr="Matériel informatique et téléphonie",
        label_en="IT and telephony equipment",
        products={
            "computers": ("laptop", "desktop", "all_in_one", "thin_client"),
            "monitors": ("monitor",),
            "servers": ("rack_server", "tower_server", "blade_server"),
            "phones": ("smartphone", "feature_phone", "desk_phone"),
            "tablets": ("tablet",),
            "projectors": ("projector",),
        },
        reuse_targets={2024: None, 2027: None, 2030: None},
        recycled_targets={2024: None, 2027: None, 2030: None},
    ),
)


def milestone_target(targets: dict, year: int):
    """The target of the latest milestone at or before `year` (None before the first one)."""
    past = [y for y in targets if y <= year]
    return targets[max(past)] if past else None


def agec_regime(year: int) -> str | None:
    """Which text sets the AGEC shares for a reporting year: None, '2021-254' or '2024-134'."""
    if year < AGEC_FIRST_YEAR:
        return None
    return "2021-254" if year < AGEC_DECREE_2024_YEAR else "2024-134"


def _share(part: float, whole: float):
    return float(part / whole) if whole > 0 else None


def _met(observed, target):
    if observed is None or target is None:
        return None
    return bool(observed >= target * (1 - TOLERANCE))


def agec_indicator(purchases, year: int, annex_lines=ANNEX_LINES) -> dict | None:
    """AGEC art. 58 shares of the year's IT purchases, by spending excluding VAT.

    `purchases` is the inventory's `purchases` frame (category, quantity, unit_price in EUR
    excluding VAT per unit, origin new | reuse | recycled). For each annex line: spending, share
    from réemploi/réutilisation, share incorporating recycled materials, their targets for `year`
    and whether they are met; the combined share is checked against the applicable minimum
    (décret 2021-254 before 2024, else the law's 20 % floor). Purchases of categories outside the
    annex (printers, network gear…) are totalled apart. None when there is no purchase line.
    """
    if purchases is None or not len(purchases):
        return None
    category = purchases["category"].to_numpy(dtype=object)
    origin = purchases["origin"].to_numpy(dtype=object)
    spend = purchases["quantity"].to_numpy(float) * purchases["unit_price"].to_numpy(float)
    regime = agec_regime(year)
    lines, in_annex = [], np.zeros(len(spend), dtype=bool)
    for line in annex_lines:
        mapping = line.categories
        mask = np.isin(category, list(mapping))
        in_annex |= mask
        total = float(spend[mask].sum())
        reuse = float(spend[mask & (origin == "reuse")].sum())
        recycled = float(spend[mask & (origin == "recycled")].sum())
        reuse_share, recycled_share = _share(reuse, total), _share(recycled, total)
        combined = _share(reuse + recycled, total)
        reuse_target = recycled_target = None
        if regime == "2024-134":
            reuse_target = milestone_target(line.reuse_targets, year)
            recycled_target = milestone_target(line.recycled_targets, year)
        combined_target = None
        if regime == "2021-254":
            combined_target = AGEC_2021_COMBINED
        elif regime == "2024-134":
            combined_target = AGEC_LAW_FLOOR
        products = []
        for product, categories in line.products.items():
            in_product = np.isin(category, categories)
            product_total = float(spend[in_product].sum())
            if product_total > 0 or in_product.any():
                products.append({
                    "product": product, "spending": product_total,
                    "reuse_share": _share(float(spend[in_product & (origin == "reuse")].sum()), product_total),
                    "recycled_share": _share(float(spend[in_product & (origin == "recycled")].sum()),
                                             product_total)})
        lines.append({
            "id": line.id, "label_fr": line.label_fr, "label_en": line.label_en, "spending": total,
            "units": float(purchases["quantity"].to_numpy(float)[mask].sum()),
            "reuse_share": reuse_share, "reuse_target": reuse_target, "reuse_met": _met(reuse_share, reuse_target),
            "recycled_share": recycled_share, "recycled_target": recycled_target,
            "recycled_met": _met(recycled_share, recycled_target),
            "combined_share": combined, "combined_target": combined_target,
            "combined_met": _met(combined, combined_target), "products": products,
        })
    outside = sorted({str(c) for c in category[~in_annex]})
    first = lines[0] if lines else None
    return {
        "basis": "spending", "regime": regime, "year": year,
        # Keys of the earlier indicator, kept: the combined share of the (first) annex line.
        "observed": first["combined_share"] if first else None,
        "requirement": first["combined_target"] if first else None,
        "units": first["units"] if first else 0.0,
        "spending": first["spending"] if first else 0.0,
        "lines": lines,
        "outside_annex_spending": float(spend[~in_annex].sum()), "outside_annex_categories": outside,
    }


def agec_estimate_by_units(lines, year: int) -> dict | None:
    """Without a `purchases` section: the refurbished share, in units, of devices bought in `year`.

    An estimate only (the legal indicator is by spending excluding VAT and distinguishes recycled
    materials): equipment lines of `devices`/`hosting` with purchase_year = year and no `spend`.
    """
    if lines is None or not len(lines):
        return None
    bought = (lines["purchase_year"].to_numpy(float) == year) & lines["spend"].isna().to_numpy()
    if not bought.any():
        return None
    units = (lines["quantity"] * lines["share"]).to_numpy(float)
    refurbished = lines["refurbished"].to_numpy(bool)
    regime = agec_regime(year)
    requirement = None if regime is None else (AGEC_2021_COMBINED if regime == "2021-254" else AGEC_LAW_FLOOR)
    return {"basis": "units_estimate", "regime": regime, "year": year,
            "observed": float(units[bought & refurbished].sum() / units[bought].sum()),
            "units": float(units[bought].sum()), "requirement": requirement, "lines": []}


# --- REEN (loi 2021-1485 art. 16, décret 2023-266) ---------------------------------------------

# Décret 2023-266 art. 3: yearly minimum share of retired IT equipment sent to réemploi/réutilisation.
REEN_TARGETS = {2023: 0.25, 2024: 0.35, 2025: 0.50}  # 2025: "à partir de 2025"
# Art. 1: retired equipment older than ten years at the date it is retired is left out of the
# calculation. With only a purchase year, the age is reporting year − purchase year; a line is left
# out only when it is surely over ten years old, i.e. that difference is at least 11 (bought in 2014
# and retired during 2024 may be 9 to 11 years old, so it stays in).
REEN_MAX_AGE_YEARS = 10
# Art. 2: réformé equipment transferred to another public body, sold, or given (to staff,
# associations…) counts as réemploi/réutilisation when the taker commits to reuse it; recycling
# and WEEE collection do not count.
REEN_REUSE_DESTINATIONS = ("reuse", "donation")
# Art. 1: "matériels informatiques réformés" are used EEE of categories 2° (screens, monitors and
# equipment with screens over 100 cm²) and 6° (small IT and telecommunication equipment, no external
# dimension over 50 cm) of art. R. 543-172 II of the code de l'environnement. Factor categories in
# those two: large equipment (4°: rack and blade servers, storage arrays, floor-standing copiers)
# and projectors (5°, small equipment) are outside.
REEN_CATEGORIES = frozenset({
    "laptop", "desktop", "all_in_one", "thin_client", "monitor", "smartphone", "feature_phone", "desk_phone",
    "tablet", "printer", "television", "interactive_display", "network_box", "external_storage",
    "external_ssd", "usb_key", "tower_server", "network_switch", "router", "firewall", "wifi_access_point",
})


def reen_target(year: int) -> float | None:
    return milestone_target(REEN_TARGETS, year)


def reen_indicator(retired, year: int) -> dict | None:
    """Décret 2023-266 art. 3 share A / B of the year's retired IT equipment sent to reuse.

    A = units sent to `reuse` or `donation`; B = units retired. Both count only equipment of
    categories 2° and 6° of art. R. 543-172 II, and leave out units surely over ten years old
    (REEN_MAX_AGE_YEARS). A line without a purchase year stays in: its age cannot show it is
    excluded. The décret's B is the stock of retired equipment on 1 January; the inventory records
    the equipment retired during the year, which stands for it (equipment still waiting for its
    destination should be listed with the year it leaves). None when no line is in scope.
    """
    if retired is None or not len(retired):
        return None
    quantity = retired["quantity"].to_numpy(float)
    category = retired["category"].to_numpy(dtype=object)
    purchase = retired["purchase_year"].to_numpy(float)
    in_scope = np.isin(category, list(REEN_CATEGORIES))
    with np.errstate(invalid="ignore"):
        too_old = ~np.isnan(purchase) & (year - purchase > REEN_MAX_AGE_YEARS)
    counted = in_scope & ~too_old
    reused = np.isin(retired["destination"].to_numpy(dtype=object), REEN_REUSE_DESTINATIONS)
    denominator = float(quantity[counted].sum())
    if denominator <= 0:
        return None
    observed = float(quantity[counted & reused].sum() / denominator)
    target = reen_target(year)
    return {
        "observed": observed, "requirement": target, "met": _met(observed, target), "year": year,
        "units": denominator, "reused_units": float(quantity[counted & reused].sum()),
        "excluded_over_10_years": float(quantity[in_scope & too_old].sum()),
        "unknown_age_units": float(quantity[counted & np.isnan(purchase)].sum()),
        "out_of_scope_units": float(quantity[~in_scope].sum()),
        "out_of_scope_categories": sorted({str(c) for c in category[~in_scope]}),
    }


def legal_indicators(inventory) -> dict:
    """Both indicators of an inventory: {'agec': …, 'reen': …} (each None when not computable).

    AGEC uses the `purchases` section when the inventory has one, else the estimate by units
    (`basis` says which).
    """
    import pandas as pd

    year = inventory.year
    purchases = inventory.sections.get("purchases")
    if purchases is not None and len(purchases):
        agec = agec_indicator(purchases, year)
    else:
        frames = [inventory.sections[s] for s in ("devices", "hosting")
                  if s in inventory.sections and len(inventory.sections[s])]
        agec = agec_estimate_by_units(pd.concat(frames, ignore_index=True) if frames else None, year)
    return {"agec": agec, "reen": reen_indicator(inventory.sections.get("retired"), year)}
