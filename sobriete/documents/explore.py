"""`sobriete explore`: one self-contained, offline HTML page to explore a footprint and try the plan.

The page is made of three parts put together here: the data (one JSON document embedded in a
``<script type="application/json">`` element, escaped so that no user text can close it), the
style sheet and the plain JavaScript of ``templates/explore.css`` and ``templates/explore.js``.
Nothing in it is fetched: no CDN, no font, no image; a Content-Security-Policy forbids any
connection, so the page works from ``file://`` and can be e-mailed as it is.

What the browser computes is only sums over numbers computed here by the library:

- the footprint's lines with their *pieces* (one per line, phase, BEGES poste and weak flag), so
  that every filter (site, service, category, poste, scope, phase, "uses a default value") sums
  the same values as ``sobriete footprint``, in the same order (line order, like ``Footprint.by``);
- with a scenario, the per-partition variant tables of the scenario engine
  (``sobriete.scenario.what_if_tables``): a subset of the actions is evaluated by adding one table
  row per partition, in partition order, exactly as ``sobriete.scenario.evaluate`` does, and each
  objective is checked against the same targets with the same tolerance. Probabilities need the
  Monte Carlo draws: they are shown for the plan computed here, not for other subsets.
"""

from __future__ import annotations

import json
import math
from importlib import resources

import numpy as np

from ..constants import BEGES_POSTES, SCOPE_OF_POSTE
from ..footprint import ORIGINS, PHASES, POSTE_CODE, WEAK_UNCERTAINTY, compute_footprint, is_weak, quality_shares
from . import i18n

TEMPLATE_PACKAGE = "sobriete.documents"
NONE = -1  # index of "no value" in a dimension column


def _template(name: str) -> str:
    return resources.files(TEMPLATE_PACKAGE).joinpath("templates", name).read_text(encoding="utf-8")


def _finite(value):
    if value is None:
        return None
    value = float(value)
    return value if math.isfinite(value) else None


def _codes(values) -> tuple[list[int], list[str]]:
    """Each value's index into the distinct values (first-seen order); NONE for missing ones."""
    import pandas as pd

    codes, uniques = pd.factorize(pd.Series(values, dtype=object), use_na_sentinel=True)
    return [int(c) for c in codes], [str(u) for u in uniques]


# --- the data ---------------------------------------------------------------------------------------

def _pieces(footprint, weak_code: np.ndarray) -> dict:
    """Every non-zero term value as (line, phase, poste, weak): what the term-level filters sum."""
    n = len(footprint.lines)
    line, phase, poste, weak, value = [], [], [], [], []
    for term in footprint.terms:
        values = np.asarray(term.values, dtype=float)
        postes = np.full(n, POSTE_CODE[term.poste]) if isinstance(term.poste, str) else np.asarray(term.poste)
        flagged = np.zeros(n, dtype=bool)
        for slot in term.factors:
            codes = np.asarray(slot)
            flagged |= weak_code[np.where(codes >= 0, codes, len(weak_code) - 1)]
        used = np.flatnonzero(values != 0)
        line.append(used)
        phase.append(np.full(len(used), PHASES.index(term.phase)))
        poste.append(postes[used])
        weak.append(flagged[used])
        value.append(values[used])
    if not line:
        return {"line": [], "phase": [], "poste": [], "weak": [], "value": []}
    line, phase, poste = np.concatenate(line), np.concatenate(phase), np.concatenate(poste)
    weak, value = np.concatenate(weak), np.concatenate(value)
    order = np.lexsort((phase, line))  # by line, then phase: stable, readable
    return {"line": line[order].tolist(), "phase": phase[order].tolist(), "poste": poste[order].tolist(),
            "weak": weak[order].astype(int).tolist(), "value": value[order].tolist()}


def _factor_records(footprint, factor_set, lang: str) -> list[dict]:
    at_year = factor_set.at_year(footprint.year)
    records = []
    for code, factor_id in enumerate(footprint.factor_ids):
        entry = at_year.entry(factor_id)
        uncertainty = _finite(footprint.factor_uncertainty[code])
        record = {"id": factor_id, "uncertainty": uncertainty,
                  "weak": bool((uncertainty or 0) >= WEAK_UNCERTAINTY or is_weak(entry, footprint.year))}
        if entry is None:  # a line's own value with its own uncertainty (a PCF, a measured figure)
            record["own"] = True
        elif hasattr(entry, "texts"):  # a profile
            record.update(kind="profile", label=entry.label(lang),
                          values={k: str(v) for k, v in entry.texts.items()}, year=entry.year,
                          source=i18n.translate_source(entry.source, lang), url=_web_url(entry.source_url),
                          notes=entry.notes or "")
        else:
            record.update(kind="intensity", values={"value": f"{entry.value:.6g} {entry.unit}"},
                          written=entry.text, year=entry.year,
                          source=i18n.translate_source(entry.source, lang), url=_web_url(entry.source_url),
                          notes=entry.notes or "")
        records.append(record)
    return records


def _web_url(url) -> str | None:
    """Only http(s) links are kept: a factor file cannot put a ``javascript:`` link in the page."""
    if not url:
        return None
    text = str(url).strip()
    return text if text.lower().startswith(("https://", "http://")) else None


def _line_factor_codes(footprint) -> list[list[int]]:
    from ..outputs import line_factor_lists

    index = {factor_id: code for code, factor_id in enumerate(footprint.factor_ids)}
    return [[index[i] for i in ids] for ids in line_factor_lists(footprint)]


def _past_lifespan(footprint, factor_set) -> np.ndarray:
    """Equipment lines whose purchase year + lifespan ≤ the reporting year (they count only their use)."""
    lines = footprint.lines
    n = len(lines)
    origins = footprint.value_origins.get("lifespan")
    if origins is None or not n:
        return np.zeros(n, dtype=bool)
    equipment = np.asarray(origins) != 0  # a lifespan origin is recorded for equipment lines only
    given = lines["lifespan"].to_numpy(float)
    default = np.asarray(factor_set.profile_values(lines["category"].to_numpy(dtype=object), "lifespan"),
                         dtype=float)
    lifespan = np.where(np.isnan(given), default, given)
    purchase = lines["purchase_year"].to_numpy(float) if "purchase_year" in lines else np.full(n, np.nan)
    with np.errstate(invalid="ignore"):
        return equipment & ~np.isnan(purchase) & (purchase + lifespan <= footprint.year * (1 + 1e-9))


def _texts(column) -> list:
    """A column as strings, None where it has no value (whole-column operations, no loop over lines)."""
    import pandas as pd

    series = pd.Series(column, dtype=object)
    present = series.notna().to_numpy()
    texts = series.astype(str).to_numpy(dtype=object)
    texts[~present] = None
    return texts.tolist()


def _public_sources(sources, base) -> list:
    """``file:row`` of each line with the file made public (``public_path``), once per distinct file."""
    import pandas as pd

    from .common import public_path

    series = pd.Series(sources, dtype=object).fillna("").astype(str)
    split = series.str.extract(r"^(?P<file>.*?)(?P<row>(?::\d+)*)$")
    public = {name: public_path(name, base) if name else "" for name in pd.unique(split["file"])}
    return (split["file"].map(public) + split["row"]).tolist()


def _source_base(inventory):
    from pathlib import Path

    source = str(getattr(inventory, "source", "") or "")
    return Path(source).parent if source else None


def build_explore(inventory, factor_set, *, method: str = "amortized", lang: str = "fr", draws: int = 1000,
                  seed: int = 0, scenario_result=None) -> dict:
    """The page's data: key figures, lines, pieces, factors, quality and (optionally) the what-if tables."""
    from ..notes import render_note
    from ..uncertainty import interval
    from .common import strip_paths

    footprint = compute_footprint(inventory, factor_set, method=method)
    if draws:
        footprint.interval = interval(footprint, draws, seed)
    lines = footprint.lines
    org = footprint.organisation
    s = i18n.strings(lang)
    base = _source_base(inventory)
    total = footprint.total
    shares = quality_shares(footprint, factor_set)
    factors = _factor_records(footprint, factor_set, lang)
    weak_code = np.array([f["weak"] for f in factors] + [False], dtype=bool)
    dims = {}
    columns = {}
    for key in ("section", "category", "service", "site"):
        columns[key], dims[key] = _codes(lines[key].to_numpy(dtype=object) if key in lines else [None] * len(lines))
    origins = {key: np.asarray(codes, dtype=np.int8) for key, codes in footprint.value_origins.items()}
    on_default = np.zeros(len(lines), dtype=bool)
    for codes in origins.values():
        on_default |= codes == ORIGINS.index("profile")  # the factor set's default instead of the line's value
    past = _past_lifespan(footprint, factor_set)
    names = _texts(lines["name"]) if "name" in lines else [None] * len(lines)
    sources = _public_sources(footprint.sources(), base)
    category_labels = {}
    for category in dims["category"]:
        profile = factor_set.profiles.get(category)
        category_labels[category] = profile.label(lang) if profile is not None else category
    data = {
        "lang": lang,
        "organisation": {"name": org.name, "population": _finite(org.population), "agents": _finite(org.agents)},
        "year": footprint.year,
        "method": method,
        "factors_version": footprint.factors_version,
        "total": total,
        "interval": [float(v) for v in footprint.interval] if footprint.interval is not None else None,
        "draws": draws,
        "per_agent": footprint.per(org.agents),
        "per_inhabitant": footprint.per(org.population),
        "quality": {"defaults": shares["defaults"], "weak": shares["weak"]},
        "dims": {**dims, "phase": list(PHASES), "poste": list(BEGES_POSTES),
                 "scope": sorted(set(SCOPE_OF_POSTE.values()))},
        "scope_of_poste": [SCOPE_OF_POSTE[p] for p in BEGES_POSTES],
        "labels": {"category": category_labels,
                   "section": {k: s.get(k, k) for k in dims["section"]},
                   "phase": {p: s.get(p, p) for p in PHASES},
                   "poste": {p: s.get(f"beges_{p}", p) for p in BEGES_POSTES},
                   "scope": {sc: s.get(f"scope_{sc}", sc) for sc in ("2", "3")}},
        "lines": {
            "section": columns["section"], "category": columns["category"], "service": columns["service"],
            "site": columns["site"],
            "name": names,
            "source": sources,
            "quantity": [_finite(v) for v in lines["quantity"].to_numpy(float)],
            "total": lines["total"].to_numpy(float).tolist(),
            "factors": _line_factor_codes(footprint),
            "default": on_default.astype(int).tolist(),
            "past": past.astype(int).tolist(),
            "provenance": {key: codes.tolist() for key, codes in origins.items()},
        },
        "origins": list(ORIGINS),
        "pieces": _pieces(footprint, weak_code),
        "factors": factors,
        "notes": [strip_paths(render_note(note, lang), base) for note in footprint.notes],
        "text": ui_strings(lang),
        "number": number_symbols(lang),
        "scenario": scenario_data(scenario_result, lang) if scenario_result is not None else None,
    }
    return data


def scenario_data(result, lang: str) -> dict:
    """The trajectory, the plan computed by ``run_scenario`` and the tables to re-evaluate any subset."""
    from ..scenario import what_if_tables

    tables = what_if_tables(result)
    objectives_by_id = {o["id"]: o for o in result.objectives}
    for objective in tables["objectives"]:
        record = objectives_by_id[objective["id"]]
        objective.update(label=record.get("label") or objective["id"], probability=record.get("probability"),
                         likelihood=record.get("likelihood"),
                         likelihood_text=i18n.likelihood_term(record.get("likelihood"), lang))
    return {
        **tables,
        "title": result.trajectories.scenario.title,
        "actions": [{"id": a["id"], "label": a.get("label") or a["id"], "lever": a["lever"], "start": a["start"],
                     "ramp": a["ramp"], "selected": a["selected"]} for a in result.actions],
        "selected": list(result.selected),
        "bau": [float(v) for v in result.bau["total"]],
        "plan": [float(v) for v in result.plan["total"]],
        "plan_band": result.plan_band,
        "computed": {"plan": [float(v) for v in result.plan["total"]],
                     "objectives": [{"id": o["id"], "met": o["met"], "gap": o["gap"], "target": o["target"],
                                     "target_year": o["target_year"], "plan": o["plan"]}
                                    for o in result.objectives],
                     "total_cost": result.total_cost, "spending": result.spending,
                     "abatement_cost": [a["abatement_cost"] for a in result.actions]},
    }


def number_symbols(lang: str) -> dict:
    """Decimal and grouping symbols of the language, from Babel (the page formats numbers itself)."""
    from babel.numbers import get_decimal_symbol, get_group_symbol

    locale = i18n.locale_of(lang)
    return {"decimal": get_decimal_symbol(locale), "group": get_group_symbol(locale),
            "percent": "\u202f%" if lang == "fr" else " %", "euro": "\u202f€" if lang == "fr" else " EUR"}


# --- the page -----------------------------------------------------------------------------------------

def embed_json(data) -> str:
    """JSON safe inside ``<script>``: no ``<``, ``>``, ``&``, U+2028 or U+2029 left as such."""
    text = json.dumps(data, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    return (text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


CSP = ("default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; "
       "connect-src 'none'; form-action 'none'; base-uri 'none'")


def explore_html(data: dict) -> str:
    """The whole page as one string."""
    from html import escape

    t = data["text"]
    title = " ".join(f"{t['page_title']} — {data['organisation']['name']} {data['year']}".split())  # one line
    return (
        "<!DOCTYPE html>\n"
        f"<html lang=\"{escape(data['lang'])}\">\n<head>\n<meta charset=\"utf-8\">\n"
        f"<meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        "<meta name=\"generator\" content=\"sobriete explore\">\n"
        f"<title>{escape(title)}</title>\n<style>\n{_template('explore.css')}</style>\n</head>\n<body>\n"
        f"<noscript><p>{escape(t['noscript'])}</p></noscript>\n"
        "<div id=\"app\"></div>\n"
        f"<script type=\"application/json\" id=\"sobriete-data\">{embed_json(data)}</script>\n"
        f"<script>\n{_template('explore.js')}</script>\n</body>\n</html>\n"
    )


def write_explore(data: dict, path) -> None:
    """Write the page atomically (never over an input; clear error on an unwritable place)."""
    from ..io.writers import atomic_write

    atomic_write(path, explore_html(data))


# --- texts --------------------------------------------------------------------------------------------

UI = {
    "fr": {
        "page_title": "Explorer l'empreinte du numérique",
        "noscript": "Cette page a besoin de JavaScript pour afficher l'empreinte (aucune connexion n'est faite).",
        "tab_overview": "Vue d'ensemble", "tab_drill": "Détail", "tab_plan": "Plan d'actions",
        "tab_quality": "Qualité des données",
        "filters": "Filtres", "all": "(tous)", "none": "(non renseigné)", "reset": "Effacer les filtres",
        "f_site": "Site", "f_service": "Service", "f_category": "Catégorie", "f_poste": "Poste BEGES",
        "f_scope": "Scope", "f_phase": "Phase", "f_section": "Section", "f_default": "Lignes utilisant une valeur par défaut",
        "filtered": "Vue filtrée : {n} ligne(s) sur {total}.",
        "total": "Empreinte annuelle", "interval": "Intervalle à 95 % : {low} – {high}",
        "interval_filtered": "L'intervalle à 95 % porte sur l'empreinte entière (non filtrée).",
        "per_agent": "Par agent", "per_inhabitant": "Par habitant", "share_defaults": "Part sur valeurs par défaut",
        "share_weak": "Part sur facteurs fragiles", "unit_year": "kgCO₂e/an", "unit_t_year": "tCO₂e/an",
        "by": "Répartition par", "legend": "Légende (cliquer pour filtrer)", "share": "Part", "value": "kgCO₂e/an",
        "chart_table": "Tableau des données du graphique",
        "drill_intro": "Section → catégorie → site ou service → ligne → facteur. Entrée ou espace ouvre un niveau.",
        "group_by": "Grouper par", "lines": "ligne(s)",
        "line_source": "Source", "line_quantity": "Quantité", "line_factors": "Facteurs utilisés",
        "line_provenance": "Origine des valeurs", "origin_input": "saisie", "origin_profile": "valeur par défaut",
        "origin_pcf": "fiche constructeur", "origin_import": "importée",
        "factor_value": "Valeur", "factor_year": "Année", "factor_uncertainty": "Incertitude (±, 95 %)",
        "factor_source": "Source", "factor_link": "Lien vers la source", "factor_own": "Valeur propre à la ligne",
        "factor_weak": "facteur fragile",
        "plan_intro": "Cochez ou décochez les actions : le plan, les objectifs et les coûts sont recalculés "
                      "exactement comme par « sobriete scenario ».",
        "bau": "Sans plan (tendanciel)", "plan": "Avec le plan", "band": "Plan : bande à 90 %", "target": "Cible",
        "year": "Année", "actions": "Actions", "objectives": "Objectifs", "met": "atteint", "missed": "non atteint",
        "gap": "écart", "probability": "Probabilité (plan du fichier)",
        "probability_other": "probabilité calculée pour le plan du fichier seulement",
        "cost": "Coût net", "spending": "Dépenses à budgéter", "abatement": "Coût d'abattement",
        "eur_per_t": "€/tCO₂e", "start": "début", "all_on": "Toutes", "all_off": "Aucune",
        "reset_plan": "Plan du fichier", "trajectory": "Trajectoire", "objective_status": "{label} : {status} en {year} "
        "(plan {plan}, cible {target})",
        "quality_defaults": "Lignes sur valeurs par défaut", "quality_past": "Lignes au-delà de leur durée de vie",
        "quality_notes": "Notes du calcul", "quality_weak": "Facteurs fragiles (incertitude ≥ 50 % ou données de plus de 10 ans)",
        "keys_default": "Valeurs par défaut", "nothing": "Aucune.",
        "line": "Ligne", "name": "Nom", "print": "Imprimer",
        "footer": "Page produite par sobriete, hors ligne : aucune donnée ne quitte cet ordinateur. "
                  "Base de facteurs {version}, méthode {method}.",
        "method_amortized": "amortie", "method_acquisition": "à l'acquisition",
    },
    "en": {
        "page_title": "Explore the digital footprint",
        "noscript": "This page needs JavaScript to show the footprint (it makes no connection).",
        "tab_overview": "Overview", "tab_drill": "Detail", "tab_plan": "Action plan", "tab_quality": "Data quality",
        "filters": "Filters", "all": "(all)", "none": "(not given)", "reset": "Clear filters",
        "f_site": "Site", "f_service": "Service", "f_category": "Category", "f_poste": "BEGES poste",
        "f_scope": "Scope", "f_phase": "Phase", "f_section": "Section", "f_default": "Lines using a default value",
        "filtered": "Filtered view: {n} of {total} line(s).",
        "total": "Annual footprint", "interval": "95 % interval: {low} – {high}",
        "interval_filtered": "The 95 % interval is that of the whole footprint (unfiltered).",
        "per_agent": "Per staff member", "per_inhabitant": "Per inhabitant", "share_defaults": "Share on default values",
        "share_weak": "Share on weak factors", "unit_year": "kgCO₂e/year", "unit_t_year": "tCO₂e/year",
        "by": "Breakdown by", "legend": "Legend (click to filter)", "share": "Share", "value": "kgCO₂e/year",
        "chart_table": "Data table of the chart",
        "drill_intro": "Section → category → site or service → line → factor. Enter or space opens a level.",
        "group_by": "Group by", "lines": "line(s)",
        "line_source": "Source", "line_quantity": "Quantity", "line_factors": "Factors used",
        "line_provenance": "Where values come from", "origin_input": "input", "origin_profile": "default value",
        "origin_pcf": "manufacturer's footprint", "origin_import": "imported",
        "factor_value": "Value", "factor_year": "Year", "factor_uncertainty": "Uncertainty (±, 95 %)",
        "factor_source": "Source", "factor_link": "Link to the source", "factor_own": "The line's own value",
        "factor_weak": "weak factor",
        "plan_intro": "Tick or untick actions: the plan, the objectives and the costs are recomputed exactly as "
                      "\"sobriete scenario\" does.",
        "bau": "Business as usual", "plan": "With the plan", "band": "Plan: 90 % band", "target": "Target",
        "year": "Year", "actions": "Actions", "objectives": "Objectives", "met": "met", "missed": "missed",
        "gap": "gap", "probability": "Probability (the file's plan)",
        "probability_other": "probability computed for the file's plan only",
        "cost": "Net cost", "spending": "Spending to budget", "abatement": "Abatement cost",
        "eur_per_t": "EUR/tCO₂e", "start": "start", "all_on": "All", "all_off": "None",
        "reset_plan": "The file's plan", "trajectory": "Trajectory", "objective_status": "{label}: {status} in {year} "
        "(plan {plan}, target {target})",
        "quality_defaults": "Lines on default values", "quality_past": "Lines past their lifespan",
        "quality_notes": "Calculation notes", "quality_weak": "Weak factors (uncertainty ≥ 50 % or data over 10 years old)",
        "keys_default": "Default values", "nothing": "None.",
        "line": "Line", "name": "Name", "print": "Print",
        "footer": "Page made by sobriete, offline: no data leaves this computer. Factor database {version}, "
                  "method {method}.",
        "method_amortized": "amortised", "method_acquisition": "acquisition",
    },
}


# The value keys a line or a profile carries, as the page names them.
VALUE_KEYS = {
    "fr": {"embodied": "fabrication", "lifespan": "durée de vie", "electricity": "électricité", "pue": "PUE",
           "spend": "dépense", "refurbished_embodied": "fabrication (reconditionné)", "value": "valeur"},
    "en": {"embodied": "embodied", "lifespan": "lifespan", "electricity": "electricity", "pue": "PUE",
           "spend": "spend", "refurbished_embodied": "embodied (refurbished)", "value": "value"},
}


def ui_strings(lang: str) -> dict:
    s = i18n.strings(lang)
    texts = dict(UI[lang])
    texts.update({f"k_{key}": label for key, label in VALUE_KEYS[lang].items()})
    for key in ("embodied", "use", "network", "spend", "devices", "hosting", "services", "none"):
        texts[f"w_{key}"] = s.get(key, key)
    return texts
