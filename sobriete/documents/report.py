"""The annual carbon report (bilan carbone du numérique): figures, tables, charts, documents.

`build_report` computes everything as plain data; `write_report` renders it (Markdown + HTML)
and writes every table as CSV and JSON (and one XLSX workbook) under ``tables/``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import numpy as np

from .. import __version__
from ..footprint import compute_footprint, quality_shares
from ..uncertainty import interval
from . import common, figures, i18n

AGEC_MIN_SHARE = 0.20  # décret 2021-254 (loi AGEC art. 58): ≥ 20 % of IT purchases from reuse/recycled
REEN_REUSE_QUOTA = {2023: 0.25, 2024: 0.35}  # décret 2023-266; 50 % from 2025
REEN_REUSE_FROM_2025 = 0.50
BEGES_POSTES = ("2.1", "4.1", "4.2", "4.3", "4.4", "4.5", "5.1")


def reuse_quota(year: int) -> float | None:
    if year < 2023:
        return None
    return REEN_REUSE_QUOTA.get(year, REEN_REUSE_FROM_2025)


def legal_indicators(inventory) -> dict:
    """AGEC share of refurbished purchases and REEN share of retired equipment sent to reuse."""
    year = inventory.year
    frames = [inventory.sections[s] for s in ("devices", "hosting") if len(inventory.sections[s])]
    agec = None
    if frames:
        import pandas as pd

        lines = pd.concat(frames, ignore_index=True)
        bought = (lines["purchase_year"].to_numpy(float) == year) & lines["spend"].isna().to_numpy()
        units = (lines["quantity"] * lines["share"]).to_numpy(float)
        if bought.any():
            refurbished = lines["refurbished"].to_numpy(bool)
            agec = {"observed": float(units[bought & refurbished].sum() / units[bought].sum()),
                    "units": float(units[bought].sum()), "requirement": AGEC_MIN_SHARE}
    reen = None
    retired = inventory.sections["retired"]
    quota = reuse_quota(year)
    if len(retired):
        purchase = retired["purchase_year"].to_numpy(float)
        recent = np.isnan(purchase) | (purchase > year - 10)  # equipment under 10 years old
        quantity = retired["quantity"].to_numpy(float)
        reused = np.isin(retired["destination"].to_numpy(dtype=object), ["reuse", "donation"])
        if quantity[recent].sum() > 0:
            reen = {"observed": float(quantity[recent & reused].sum() / quantity[recent].sum()),
                    "units": float(quantity[recent].sum()), "requirement": quota}
    return {"agec": agec, "reen": reen}


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


def decompose_change(previous_inventory, previous_factors, previous_method, inventory, factor_set, method, *,
                     current=None) -> dict:
    """Split total(current) − total(previous) into fleet, factor and method effects (telescoping).

    `current` is this year's footprint when the caller has already computed it.
    """
    t_previous = compute_footprint(previous_inventory, previous_factors, method=previous_method)
    fleet_only = compute_footprint(inventory, previous_factors, method=previous_method)
    with_factors = compute_footprint(inventory, factor_set, method=previous_method)
    if current is None:
        current = compute_footprint(inventory, factor_set, method=method)
    by_category_prev = t_previous.by("category")
    by_category_fleet = fleet_only.by("category")
    categories = sorted(set(by_category_prev) | set(by_category_fleet),
                        key=lambda c: -abs(by_category_fleet.get(c, 0.0) - by_category_prev.get(c, 0.0)))
    return {
        "previous_year": previous_inventory.year,
        "previous_total": t_previous.total,
        "current_total": current.total,
        "fleet": fleet_only.total - t_previous.total,
        "factors": with_factors.total - fleet_only.total,
        "method": current.total - with_factors.total,
        "change": current.total - t_previous.total,
        "fleet_by_category": [{"category": c, "value": by_category_fleet.get(c, 0.0) - by_category_prev.get(c, 0.0)}
                              for c in categories],
    }


def build_report(inventory, factor_set, *, method="amortized", lang="fr", draws=1000, seed=0, previous=None,
                 previous_factors=None, previous_method=None, scenario_result=None, footprint=None) -> ReportData:
    """The report's figures, tables and charts; `footprint` is this inventory's, if already computed."""
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
    legal_rows = []
    for key, text in (("agec", s["agec_indicator"]), ("reen", s["reen_indicator"])):
        item = legal[key]
        row = {"indicator": key, "label": text, "observed": None, "requirement": None, "met": None}
        if item is not None:
            row.update(observed=item["observed"], requirement=item["requirement"],
                       met=None if item["requirement"] is None else item["observed"] >= item["requirement"] - 1e-12)
        legal_rows.append(row)
    tables["legal_indicators"] = legal_rows
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
        trajectory = _trajectory_position(scenario_result, inventory, factor_set)
        tables["trajectory"] = [trajectory] if trajectory else []
    from ..outputs import line_records

    tables["lines"] = line_records(footprint)
    charts = {
        "categories": figures.bar_chart({label_of(k): v for k, v in footprint.by("category").items()},
                                        title=s["by_category"], unit=s["unit_year"], lang=lang,
                                        other_label=s["others"]),
        "beges": figures.bar_chart({f"{p} — {s[f'beges_{p}']}"[:48]: beges.get(p, 0.0) for p in BEGES_POSTES},
                                   title=s["beges_title"], unit=s["unit_year"], lang=lang),
    }
    captions = {"categories": s["by_category"], "beges": s["beges_title"]}
    sections = footprint.by("section")
    context = {
        "title": s["report_title"].format(year=inventory.year),
        "organisation": org, "year": inventory.year, "method": method, "total": total,
        "interval": footprint.interval, "per_agent": footprint.per(org.agents),
        "per_inhabitant": footprint.per(org.population), "tables": tables, "legal": legal_rows, "quality": quality,
        "lines": inventory.line_count, "source": inventory.source,
        "notes": [i18n.translate_note(note, lang) for note in footprint.notes], "change": change,
        "trajectory": trajectory, "factors_version": factor_set.version, "version": __version__,
        "date": i18n.fmt_date(common.today(), lang),
        "main_sources": tables["by_category"][:3],
        "quality_weak_list": ", ".join(f"{w['id']} ({i18n.fmt_percent(w['share'], lang, 0)})"
                                       for w in quality["weak_factors"][:5]) or "—",
        "quality_keys": ", ".join(s[f"key_{k}"] for k, v in quality["defaults"].items() if v) or "—",
        "section_shares": {k: (v / total if total else None) for k, v in sections.items()},
    }
    return ReportData(context, tables, charts, captions)


def _trajectory_position(result, inventory, factor_set) -> dict | None:
    scenario = result.trajectories.scenario
    years = result.trajectories.years
    if inventory.year not in years:
        return None
    steady = compute_footprint(inventory, factor_set, method=scenario.method, steady=True).total
    planned = float(result.plan["total"][years.index(inventory.year)])
    return {"year": inventory.year, "actual": steady, "planned": planned, "gap": steady - planned,
            "on_track": steady <= planned * (1 + 1e-9)}


def write_tables(folder, tables: dict, lang: str = "fr") -> list:
    """Every table as CSV and JSON under tables/<lang>/, and all of them in tables/<lang>/tables.xlsx.

    The figures are the same in both languages; labels are translated, hence one folder per language.
    """
    from openpyxl import Workbook

    from ..io.writers import atomic_write, csv_text, safe_cell, save_workbook

    written = []
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in tables.items():
        columns = list(rows[0].keys()) if rows else []
        flat = [[_cell(row.get(c)) for c in columns] for row in rows]
        path = folder / "tables" / lang / f"{name}.csv"
        atomic_write(path, csv_text([columns] + flat))
        written.append(path)
        path = folder / "tables" / lang / f"{name}.json"
        atomic_write(path, json.dumps(rows, ensure_ascii=False, indent=2, default=_json_default) + "\n")
        written.append(path)
        sheet = workbook.create_sheet(name[:31])
        sheet.append(columns)
        for row in flat:
            sheet.append([safe_cell(v) for v in row])
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
    common.record_manifest(folder, written)
    return written
