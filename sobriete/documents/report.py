"""The annual carbon report (bilan carbone du numérique): figures, tables, charts, documents.

`build_report` computes everything as plain data; `write_report` renders it (Markdown + HTML)
and writes every table as CSV and JSON (and one XLSX workbook) under ``tables/``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import numpy as np

from .. import __version__
from ..change import decompose_change
from ..constants import BEGES_POSTES
from ..footprint import compute_footprint, quality_shares
from ..legal import legal_indicators  # noqa: F401  (also the name documents and tests use)
from ..uncertainty import interval
from . import common, figures, i18n



@dataclass
class ReportData:
    context: dict
    tables: dict  # name → list of dict rows
    charts: dict  # name → svg
    captions: dict


def _breakdown_rows(values: dict, total: float, key_label=None) -> list[dict]:
    return [{"key": key, "label": key_label(key) if key_label else key, "value": value,
             "share": (value / total) if total else None} for key, value in values.items()]


def _quality(inventory, factor_set) -> dict:
    """Share of equipment lines relying on category defaults, and lines without a purchase year."""
    import pandas as pd

    frames = [inventory.sections[s] for s in ("devices", "hosting") if len(inventory.sections[s])]
    if not frames:
        return {"equipment_lines": 0, "defaults": {}, "no_purchase_year": 0}
    lines = pd.concat(frames, ignore_index=True)
    methods = factor_set.profile_attribute(lines["category"], "method")
    equipment = (methods == "equipment") & lines["spend"].isna().to_numpy()
    defaults = {key: int((equipment & lines[key].isna().to_numpy()).sum())
                for key in ("embodied", "lifespan", "electricity")}
    return {"equipment_lines": int(equipment.sum()), "defaults": defaults,
            "no_purchase_year": int((equipment & lines["purchase_year"].isna().to_numpy()).sum())}


def _factor_sources(factor_set, footprint) -> list[dict]:
    rows = []
    for factor_id in sorted(set(footprint.factor_ids)):
        entry = factor_set.entry(factor_id)
        if entry is None:
            continue
        rows.append({"id": factor_id, "source": entry.source, "year": entry.year, "uncertainty": entry.uncertainty})
    return rows


def build_report(inventory, factor_set, *, method="amortized", lang="fr", draws=1000, seed=0, previous=None,
                 previous_factors=None, previous_method=None, scenario_result=None, footprint=None,
                 indicator_values=None) -> ReportData:
    """The report's figures, tables and charts; `footprint` is this inventory's, if already computed;
    `indicator_values` ({indicator id: {year: value}}, from `--indicators FILE.csv`) adds measured
    values to the scenario's for the roadmap evaluation."""
    s = i18n.strings(lang)
    if footprint is None:
        footprint = compute_footprint(inventory, factor_set, method=method)
    footprint.interval = interval(footprint, draws, seed) if draws else None
    footprint.draws, footprint.seed = draws, seed
    total = footprint.total
    org = inventory.organisation
    beges = footprint.by_beges()
    scopes = footprint.by_scope()
    labels = {"embodied": s["embodied"], "use": s["use"], "network": s["network"], "spend": s["spend"],
              "devices": s["devices"], "hosting": s["hosting"], "services": s["services"], "(none)": s["none"]}

    def label_of(key):
        profile = factor_set.profiles.get(key)
        return profile.label(lang) if profile is not None else labels.get(key, key)

    tables = {
        "summary": [{"year": inventory.year, "organisation": org.name, "method": method, "unit": "kgCO2e/year",
                     "total": total, "interval_low": footprint.interval[0] if footprint.interval else None,
                     "interval_high": footprint.interval[1] if footprint.interval else None,
                     "per_agent": footprint.per(org.agents), "per_inhabitant": footprint.per(org.population),
                     "factors_version": factor_set.version}],
        "by_phase": _breakdown_rows(footprint.by_phase(), total, label_of),
        "by_section": _breakdown_rows(footprint.by("section"), total, label_of),
        "by_category": _breakdown_rows(footprint.by("category"), total, label_of),
        "by_service": _breakdown_rows(footprint.by("service"), total, label_of),
        "by_site": _breakdown_rows(footprint.by("site"), total, label_of),
        "by_beges": [{"poste": p, "label": s[f"beges_{p}"], "scope": "2" if p == "2.1" else "3",
                      "value": beges.get(p, 0.0), "share": beges.get(p, 0.0) / total if total else None}
                     for p in BEGES_POSTES],
        "by_scope": [{"scope": k, "label": s[f"scope_{k}"], "value": v, "share": v / total if total else None}
                     for k, v in scopes.items()],
    }
    legal = legal_indicators(inventory)
    legal_rows = _legal_rows(legal, inventory.year, s, lang)
    tables["legal_indicators"] = legal_rows
    if legal["agec"] is not None and legal["agec"]["basis"] == "spending":
        tables["agec_purchases"] = _agec_purchase_rows(legal["agec"], s, lang)
    quality = _quality(inventory, factor_set)
    shares = quality_shares(footprint, factor_set)
    quality.update(defaults_share=shares["defaults"], weak=shares["weak"], weak_factors=shares["weak_factors"])
    tables["factor_sources"] = _factor_sources(factor_set, footprint)
    change = None
    if previous is not None:
        change = decompose_change(previous, previous_factors or factor_set, previous_method or method,
                                  inventory, factor_set, method, current=footprint)
        tables["change"] = [{"effect": k, "value": change[k]} for k in ("fleet", "factors", "method", "change")]
        tables["change_by_category"] = change["fleet_by_category"]
    trajectory = None
    if scenario_result is not None:
        trajectory = _trajectory_position(scenario_result, inventory, factor_set, footprint)
        tables["trajectory"] = [trajectory] if trajectory else []
    from ..outputs import line_records

    base = _inventory_folder(inventory)
    tables["lines"] = common.public_rows(line_records(footprint), base)
    charts = {
        "categories": figures.bar_chart({label_of(k): v for k, v in footprint.by("category").items()},
                                        title=s["by_category"], unit=s["unit_year"], lang=lang,
                                        other_label=s["others"]),
        "beges": figures.bar_chart({f"{p} — {s[f'beges_{p}']}": beges.get(p, 0.0) for p in BEGES_POSTES},
                                   title=s["beges_title"], unit=s["unit_year"], lang=lang),
    }
    captions = {"categories": s["by_category"], "beges": s["beges_title"]}
    sections = footprint.by("section")
    context = {
        "title": s["report_title"].format(year=inventory.year),
        "organisation": org, "year": inventory.year, "method": method, "total": total,
        "interval": footprint.interval, "per_agent": footprint.per(org.agents),
        "per_inhabitant": footprint.per(org.population), "tables": tables, "legal": legal_rows,
        "legal_details": legal, "quality": quality,
        "lines": inventory.line_count, "source": common.public_path(inventory.source, base) if inventory.source else "—",
        "path_base": base, "draws": draws,
        "notes": [common.strip_paths(i18n.translate_source(i18n.translate_note(note, lang), lang), base)
                  for note in footprint.notes],
        "change": change,
        "trajectory": trajectory, "factors_version": factor_set.version, "version": __version__,
        "date": i18n.fmt_date(common.today(), lang),
        "main_sources": _main_sources(tables["by_category"][:3], tables["lines"], quality, factor_set,
                                      inventory.year, s, lang),
        "synthesis": common.plan_synthesis(scenario_result, lang) if scenario_result is not None else None,
        "factor_source_rows": [{**row, "label": _factor_label(row["id"], factor_set, lang),
                                "source": i18n.translate_source(row["source"], lang)}
                               for row in tables["factor_sources"]],
        "quality_weak_list": ", ".join(f"{w['id']} ({i18n.fmt_percent(w['share'], lang, 0)})"
                                       for w in quality["weak_factors"][:5]) or "—",
        "quality_keys": ", ".join(s[f"key_{k}"] for k, v in quality["defaults"].items() if v) or "—",
        "section_shares": {k: (v / total if total else None) for k, v in sections.items()},
        "category_labels": {key: label_of(key) for key in factor_set.profiles},
    }
    context["roadmap_evaluation"] = None
    if scenario_result is not None and scenario_result.trajectories.scenario.indicators:
        _roadmap_evaluation(scenario_result.trajectories.scenario, indicator_values, inventory.year, lang, context,
                            tables, charts, captions)
    beyond = _beyond_carbon(footprint, inventory, label_of, s, lang)
    tables["criteria"] = beyond["rows"]
    context["beyond_carbon"] = beyond
    context["head"] = {key: context[key] for key in ("year", "total", "interval", "per_agent", "per_inhabitant",
                                                      "main_sources", "method")}
    context["syn"] = context["synthesis"]
    return ReportData(context, tables, charts, captions)


def _roadmap_evaluation(scenario, indicator_values, year, lang, context, tables, charts, captions) -> None:
    """The "Roadmap evaluation" section: each indicator's latest value up to the report's year against
    its path, with a chart each (``sobriete.documents.evaluation``)."""
    from ..indicators import indicator_statuses
    from . import evaluation

    statuses = indicator_statuses(scenario, indicator_values, as_of=year)
    rows, section_charts, section_captions = evaluation.report_section(scenario, statuses, lang)
    charts.update(section_charts)
    captions.update(section_captions)
    context["roadmap_evaluation"] = {"year": year, "rows": rows,
                                     "measured": any(r["latest_year"] is not None for r in rows)}
    keys = ("id", "label", "unit", "direction", "latest_year", "latest_value", "path_value", "status", "gap",
            "progress_needed_per_year", "progress_measured_per_year", "owner", "source")
    tables["roadmap_evaluation"] = [{k: r[k] for k in keys} for r in statuses]
def _beyond_carbon(footprint, inventory, label_of, s: dict, lang: str) -> dict:
    """The "Au-delà du carbone" section: each criterion's total, per agent, coverage, main sources,
    a sentence on what it means, and the person-equivalent (EF global normalisation, cited)."""
    from ..criteria import CARBON, CRITERIA, PERSON_EQUIVALENT, PERSON_EQUIVALENT_SOURCE
    from ..outputs import significant

    agents = inventory.organisation.agents
    rows, items = [], []
    for criterion_id, figures in footprint.criteria().items():
        criterion = CRITERIA[criterion_id]
        total = figures["total"]
        by_category = footprint.criterion_by(criterion_id, "category")
        evaluated = sum(by_category.values())
        main = [f"{label_of(k)} ({i18n.fmt_percent(v / evaluated, lang, 0)})"
                for k, v in list(by_category.items())[:3] if evaluated and v > 0]
        people = total / PERSON_EQUIVALENT[criterion_id] if criterion_id in PERSON_EQUIVALENT else None
        rows.append({"criterion": criterion_id, "label": criterion.label(lang), "unit": figures["unit"],
                     "total": total, "per_agent": total / agents if agents else None,
                     "coverage": figures["coverage"], "person_equivalent": people,
                     "main_sources": "; ".join(main)})
        unit = f"{criterion.unit}/{'an' if lang == 'fr' else 'year'}"
        items.append({"id": criterion_id, "label": criterion.label(lang), "meaning": criterion.meaning(lang),
                      "total": f"{significant(total, lang)} {unit}",
                      "per_agent": f"{significant(total / agents, lang)} {unit}" if agents else "—",
                      "coverage": figures["coverage"], "complete": figures["coverage"] >= 1 - 1e-9,
                      "people": significant(people, lang) if people is not None else "—",
                      "main_sources": ", ".join(main) or "—", "carbon": criterion_id == CARBON})
    partial = [item for item in items if not item["complete"]]
    return {"rows": rows, "items": items, "any_beyond": len(items) > 1, "partial": bool(partial),
            "normalisation_source": PERSON_EQUIVALENT_SOURCE[lang]}


def _legal_rows(legal: dict, year: int, s: dict, lang: str) -> list[dict]:
    """The legal indicators as table rows: `agec` and `reen` first (their keys kept), then details.

    `agec` is the share of the year's IT spending from réemploi/réutilisation or incorporating
    recycled materials (or, without a `purchases` section, the estimate by units, `basis`
    `units_estimate`); `agec_reuse` and `agec_recycled` are the two shares of décret 2024-134.
    """
    agec, reen = legal["agec"], legal["reen"]
    regime = agec["regime"] if agec is not None else None
    if agec is not None and agec["basis"] == "units_estimate":
        agec_label = s["agec_estimate_indicator"]
    elif regime == "2021-254":
        agec_label = s["agec_indicator_2021"]
    else:
        agec_label = s["agec_indicator"]
    reen_label = s["reen_indicator"]
    rows = []

    def row(key, label, observed, requirement, basis=None, source=None, note=""):
        met = None if observed is None or requirement is None else observed >= requirement * (1 - 1e-9)
        rows.append({"indicator": key, "label": label, "observed": observed, "requirement": requirement,
                     "met": met, "year": year, "basis": basis, "source": source, "note": note})

    agec_source = s["agec_source_2021"] if regime == "2021-254" else s["agec_source"]
    if agec is None:
        row("agec", agec_label, None, None, source=agec_source)
    else:
        note = ""
        if agec["basis"] == "units_estimate":
            note = s["agec_estimate_note"]
        elif regime == "2024-134" and year == 2024:
            note = s["agec_transition_note"]
        row("agec", agec_label, agec["observed"], agec["requirement"], agec["basis"], agec_source, note)
    if reen is None:
        row("reen", reen_label, None, None, source=s["reen_source"], note=s["reen_rule_note"])
    else:
        note = s["reen_rule_note"]
        if reen["unknown_age_units"]:
            note += " " + s["reen_unknown_age"].format(count=i18n.fmt_number(reen["unknown_age_units"], lang, 0))
        row("reen", reen_label, reen["observed"], reen["requirement"], "units", s["reen_source"], note)
    if agec is not None and agec["basis"] == "spending" and regime == "2024-134":
        for line in agec["lines"]:
            missing = s["agec_target_missing"]
            row("agec_reuse", s["agec_reuse_indicator"].format(line=line[f"label_{lang}"]), line["reuse_share"],
                line["reuse_target"], "spending", s["agec_source"],
                "" if line["reuse_target"] is not None else missing)
            row("agec_recycled", s["agec_recycled_indicator"].format(line=line[f"label_{lang}"]),
                line["recycled_share"], line["recycled_target"], "spending", s["agec_source"],
                "" if line["recycled_target"] is not None else missing)
    return rows


def _agec_purchase_rows(agec: dict, s: dict, lang: str) -> list[dict]:
    """The year's IT purchases by annex line and product: spending excluding VAT and the two shares."""
    rows = []
    for line in agec["lines"]:
        rows.append({"line": line["id"], "product": None, "label": line[f"label_{lang}"],
                     "spending_eur": line["spending"], "reuse_share": line["reuse_share"],
                     "reuse_target": line["reuse_target"], "reuse_met": line["reuse_met"],
                     "recycled_share": line["recycled_share"], "recycled_target": line["recycled_target"],
                     "recycled_met": line["recycled_met"], "combined_share": line["combined_share"],
                     "combined_target": line["combined_target"], "combined_met": line["combined_met"]})
        for product in line["products"]:
            rows.append({"line": line["id"], "product": product["product"],
                         "label": s[f"agec_product_{product['product']}"], "spending_eur": product["spending"],
                         "reuse_share": product["reuse_share"], "recycled_share": product["recycled_share"]})
    if agec["outside_annex_spending"]:
        rows.append({"line": None, "product": None, "label": s["agec_outside"].format(
            categories=", ".join(agec["outside_annex_categories"])), "spending_eur": agec["outside_annex_spending"]})
    columns = list(rows[0]) if rows else []
    return [{column: row.get(column) for column in columns} for row in rows]


def _trajectory_position(result, inventory, factor_set, footprint=None) -> dict | None:
    """The reported year's footprint against the plan's value for that year (same method and factors)."""
    scenario = result.trajectories.scenario
    years = list(result.trajectories.years)
    if inventory.year not in years:
        return {"year": inventory.year, "covered": False, "start": years[0], "end": years[-1],
                "actual": footprint.total if footprint is not None else None, "planned": None, "gap": None,
                "on_track": None, "band_low": None, "band_high": None}
    if footprint is None or footprint.method != scenario.method:
        footprint = compute_footprint(inventory, factor_set, method=scenario.method)
    index = years.index(inventory.year)
    planned = float(result.plan["total"][index])
    band = result.plan_band or {}
    low = band.get("low", [None] * len(years))[index] if band else None
    high = band.get("high", [None] * len(years))[index] if band else None
    return {"year": inventory.year, "covered": True, "start": years[0], "end": years[-1],
            "actual": footprint.total, "planned": planned, "gap": footprint.total - planned,
            "on_track": footprint.total <= planned * (1 + 1e-9), "band_low": low, "band_high": high}


def _inventory_folder(inventory):
    from pathlib import Path

    return Path(inventory.source).parent if inventory.source else None


_INTENSITY_LABELS = {
    "fr": {"network.fixed": "Réseau fixe (transfert de données)", "network.mobile": "Réseau mobile (transfert de "
           "données)", "datacenter.pue": "PUE par défaut d'un centre de données", "electricity": "Électricité ({code})",
           "spend": "Ratio monétaire ({code})"},
    "en": {"network.fixed": "Fixed network (data transfer)", "network.mobile": "Mobile network (data transfer)",
           "datacenter.pue": "Default PUE of a data centre", "electricity": "Electricity ({code})",
           "spend": "Spend-based ratio ({code})"},
}


def _factor_label(factor_id: str, factor_set, lang: str) -> str:
    """A factor's name for readers: the category's label, a known intensity's name, else its id."""
    profile = factor_set.profiles.get(factor_id)
    if profile is not None:
        return profile.label(lang)
    labels = _INTENSITY_LABELS[lang]
    if factor_id in labels:
        return labels[factor_id]
    head, _, code = factor_id.partition(".")
    if head in ("electricity", "spend") and code and "." not in code:
        return labels[head].format(code=code)
    return factor_id


def _main_sources(rows, lines, quality, factor_set, year, s, lang) -> list[dict]:
    """The largest sources, each with a warning when it rests on a weak factor, and what would improve it."""
    weak = {w["id"] for w in quality.get("weak_factors") or []}
    out = []
    for row in rows:
        members = [line for line in lines if line["category"] == row["key"]]
        used = []
        for line in members:
            for factor_id in line.get("factors") or []:
                if factor_id in weak and factor_id not in used:
                    used.append(factor_id)
        warning = None
        if used:
            spend = sum(line.get("spend") or 0.0 for line in members)
            total = sum(line.get("total") or 0.0 for line in members)
            sections = {line["section"] for line in members}
            entries = [factor_set.entry(f) for f in used]
            old = all(e is not None and e.year is not None and int(e.year) < year - 10 and e.uncertainty < 0.5
                      for e in entries)
            if total and spend / total > 0.5:
                advice = s["advice_spend"]
            elif all(f.startswith("electricity") for f in used):
                advice = s["advice_electricity"]
            elif old:
                advice = s["advice_old"]
            elif "hosting" in sections:
                advice = s["advice_server"]
            else:
                advice = s["advice_equipment"]
            names = ", ".join(_factor_label(f, factor_set, lang) if _factor_label(f, factor_set, lang) != f
                              else f"`{f}`" for f in used[:3])
            warning = s["weak_warning"].format(factors=names, advice=advice)
        out.append({**row, "weak": bool(used), "weak_factors": used, "warning": warning})
    return out


LARGE_TABLE_ROWS = 10_000  # above this, a table is written as tables/<lang>/<name>.csv.gz only


def write_tables(folder, tables: dict, lang: str = "fr") -> list:
    """Every table as CSV and JSON under tables/<lang>/, and all of them in tables/<lang>/tables.xlsx;
    a table of more than ``LARGE_TABLE_ROWS`` rows (the lines of a large inventory) as a gzip CSV only.

    The figures are the same in both languages; labels are translated, hence one folder per language.
    """
    from openpyxl import Workbook

    from ..io.writers import append_row, atomic_write, csv_text, save_workbook

    written = []
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in tables.items():
        columns = list(rows[0].keys()) if rows else []
        flat = [[_cell(row.get(c)) for c in columns] for row in rows]
        if len(rows) > LARGE_TABLE_ROWS:
            # A per-line table of a large inventory: one gzip CSV (a few bytes a line), not a JSON
            # and a worksheet ten times its size. gzip's mtime is fixed: the same input, the same bytes.
            import gzip

            path = folder / "tables" / lang / f"{name}.csv.gz"
            atomic_write(path, gzip.compress(csv_text([columns] + flat).encode("utf-8"), mtime=0))
            written.append(path)
            continue
        path = folder / "tables" / lang / f"{name}.csv"
        atomic_write(path, csv_text([columns] + flat))
        written.append(path)
        path = folder / "tables" / lang / f"{name}.json"
        atomic_write(path, json.dumps(rows, ensure_ascii=False, indent=2, default=_json_default) + "\n")
        written.append(path)
        sheet = workbook.create_sheet(name[:31])
        sheet.append(columns)
        for row in flat:
            append_row(sheet, row)
    path = folder / "tables" / lang / "tables.xlsx"
    save_workbook(workbook, path)
    written.append(path)
    return written


def _cell(value):
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    if value is None:
        return ""
    return value


def _json_default(value):
    if isinstance(value, (np.floating, np.integer)):
        return value.item()
    return str(value)


def write_report(data: ReportData, directory, *, lang: str = "fr", force: bool = False) -> list:
    folder = common.prepare_output(directory, force=force)
    markdown_text = common.render_markdown("report.md.j2", data.context, lang)
    basename = f"bilan-carbone-{data.context['year']}" if lang == "fr" else f"carbon-report-{data.context['year']}"
    written = common.write_document(folder, basename, markdown_text, data.charts, data.captions, data.context["title"],
                                    lang)
    written += write_tables(folder, data.tables, lang)
    return common.record_manifest(folder, written)
