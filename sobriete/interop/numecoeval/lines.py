"""NumÉcoÉval's data centres and physical equipment → sobriete inventory lines (DESIGN §9).

Each physical equipment file gives a :class:`Piece`: the raw columns of its kept lines, in the
inventory's keys, with NumÉcoÉval's conventions applied (lifespan, usage rate, a data centre's
country and PUE); :func:`build_inventory` validates them with the inventory loader's own rules.
Lines that cannot count in the reporting year are excluded with their place and reason.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ... import model
from ...errors import error
from ...io.distinct import map_distinct
from ...io.problems import Problems
from .conventions import DEFAULT_PUE, SERVER_CATEGORIES
from .lifespans import first_day, last_day, lifespans, purchase_years, type_lifespans, usage_rates
from .linenotes import count_notes, line_notes
from .reading import Table
from .values import dates_of, numbers_of, parse_each, report_bad
from .vocabulary import category_of_type, country_code
from ...locale import Message, _

COUNTRY_HINT = "a country name in French or English, or an ISO code (FR, DEU)"


@dataclass
class DataCentre:
    name: str
    long_name: str | None
    pue: float
    country: str
    where: str


@dataclass
class Piece:
    """Lines of one physical equipment file, ready for build_section: raw columns per section."""

    label: str
    rows: np.ndarray
    section: np.ndarray
    columns: dict


def read_datacentres(tables: list, problems: Problems) -> dict[str, DataCentre]:
    """The data centres of the data centre files, by short name."""
    result: dict[str, DataCentre] = {}
    for table in tables:
        pue = numbers_of(table, "pue", problems, minimum=1.0)
        for position, (name, long_name, place) in enumerate(zip(
                table.column("nomCourtDatacenter"), table.column("nomLongDatacenter"),
                table.column("localisation"))):
            where = table.where(position)
            row = int(table.rows[position])
            if name is None:
                problems.add(error(_("missing data centre name"), path=table.label, row=row,
                                   column="nomCourtDatacenter"))
                continue
            if name in result:
                problems.add(error(_("data centre {name!r} already defined at {where}"), name=name, where=result[name].where,
                                   path=table.label, row=row, column="nomCourtDatacenter"))
                continue
            code = country_code(place)
            if code is None:
                problems.add(error(_("unknown country") if place else _("missing country"), path=table.label,
                                   row=row, column="localisation", value=place if place else ...,
                                   hint=COUNTRY_HINT))
                continue
            result[name] = DataCentre(name, long_name, float(pue[position]), code, where)
    return result


def physical_lines(table: Table, datacentres: dict, factors, year: int, mode: str, type_map,
                   problems: Problems, excluded: list, notes: list) -> Piece:
    """The lines of one physical equipment file, NumÉcoÉval's conventions applied."""
    values = _values(table, problems)
    achat, retrait = values["dateAchat"], values["dateRetrait"]
    category = _categories(table, factors, type_map, problems)
    keep = _kept(table, category, values, factors, year, excluded)
    centre, country = _places(table, datacentres, keep, problems, notes)
    kind = table.column("type")
    lifespan, days, basis, stand_in, raised = lifespans(
        achat, retrait, values["dureeUsageInterne"], values["dureeUsageAmont"], values["dureeUsageAval"],
        year, mode, default=type_lifespans(kind))
    share, unknown_mode = usage_rates(table.column("modeUtilisation"), values["tauxUtilisation"])
    sections = map_distinct(category, lambda c: factors.profiles[c].section, missing="")
    # A server is a server by its NumÉcoÉval type, whatever category it maps to (an item of a
    # converted characterisation-factor file, with --map-type "Server=item").
    type_category = map_distinct(kind, lambda text: category_of_type(text, factors))
    pue, no_pue, default_pue = _pues(category, sections, centre["in_dc"], centre["pue"], type_category)
    other_lives = (np.nan_to_num(values["dureeUsageAmont"]) + np.nan_to_num(values["dureeUsageAval"])) != 0
    notes_per_line = line_notes(table, year, mode, lifespan, days, basis, stand_in, raised, achat, retrait,
                                no_pue, default_pue, centre["long"], other_lives)
    count_notes(table.label, keep, mode, year, basis, stand_in, raised, unknown_mode,
                table.column("modeUtilisation"), no_pue, default_pue, notes)
    columns = {
        "category": category, "quantity": values["quantite"], "lifespan": lifespan,
        "purchase_year": purchase_years(achat), "share": share, "electricity": values["consoElecAnnuelle"],
        "pue": pue, "country": country, "service": table.column("nomEntite"),
        "site": np.where(centre["in_dc"], table.column("nomCourtDatacenter"), None),
        "model": table.column("modele"), "name": table.column("nomEquipementPhysique"), "notes": notes_per_line,
    }
    columns = {key: np.asarray(column)[keep] for key, column in columns.items()}
    return Piece(table.label, table.rows[keep], sections[keep], columns)


def _values(table: Table, problems: Problems) -> dict:
    """The file's numbers and dates, and the problems of lines whose values do not go together."""
    label = table.label
    values = {
        "quantite": numbers_of(table, "quantite", problems, minimum=0.0),
        "consoElecAnnuelle": numbers_of(table, "consoElecAnnuelle", problems, minimum=0.0),
        "tauxUtilisation": numbers_of(table, "tauxUtilisation", problems, minimum=0.0, percent=True),
        "dureeUsageInterne": numbers_of(table, "dureeUsageInterne", problems, minimum=0.0),
        "dureeUsageAmont": numbers_of(table, "dureeUsageAmont", problems, minimum=0.0),
        "dureeUsageAval": numbers_of(table, "dureeUsageAval", problems, minimum=0.0),
        "dateAchat": dates_of(table, "dateAchat", problems),
        "dateRetrait": dates_of(table, "dateRetrait", problems),
    }
    for p in np.flatnonzero(values["tauxUtilisation"] > 1.0):
        problems.add(error(_("a usage rate is between 0 and 1 (or 0 and 100 %)"), path=label,
                           row=int(table.rows[p]), column="tauxUtilisation",
                           value=table.column("tauxUtilisation")[p]))
    for p in np.flatnonzero(np.array([v is None for v in table.column("nomEquipementPhysique")])):
        problems.add(error(_("missing equipment name"), path=label, row=int(table.rows[p]),
                           column="nomEquipementPhysique"))
    achat, retrait = values["dateAchat"], values["dateRetrait"]
    for p in np.flatnonzero(~np.isnat(achat) & ~np.isnat(retrait) & (retrait < achat)):
        problems.add(error(_("dateRetrait is before dateAchat"), path=label, row=int(table.rows[p]),
                           column="dateRetrait", value=table.column("dateRetrait")[p]))
    return values


def _categories(table: Table, factors, type_map, problems: Problems) -> np.ndarray:
    """The category of each line's type (None when unknown); a missing type is a problem."""
    kind = table.column("type")
    category = map_distinct(kind, lambda text: category_of_type(text, factors, type_map))
    for p in np.flatnonzero(np.array([v is None for v in kind]) if len(table) else np.zeros(0, dtype=bool)):
        problems.add(error(_("missing equipment type"), path=table.label, row=int(table.rows[p]), column="type",
                           hint=_("e.g. Laptop, Desktop, Monitor, Smartphone, Server")))
    return category


def _kept(table: Table, category, values: dict, factors, year: int, excluded: list) -> np.ndarray:
    """Which lines count in the reporting year; the others are excluded with their reason (the
    first reason that applies)."""
    kind = table.column("type")
    achat, retrait = values["dateAchat"], values["dateRetrait"]
    keep = np.ones(len(table), dtype=bool)

    def exclude(mask, reason_of):
        for p in np.flatnonzero(mask & keep):
            excluded.append((table.where(p), reason_of(p)))
        keep[mask] = False

    missing_type = np.array([v is None for v in kind]) if len(table) else np.zeros(0, dtype=bool)
    not_equipment = map_distinct(category, lambda c: factors.profiles[c].method != "equipment",
                                 missing=False, dtype=bool)
    exclude(~missing_type & (category == None) | not_equipment,  # noqa: E711 - object array
            lambda p: f"type {kind[p]!r} is no known equipment type (map it with --map-type "
                      f"'{kind[p]}=category', e.g. '{kind[p]}=laptop')")
    # Withdrawn before the reporting year, bought after it, nothing to count.
    start, end = first_day(year), last_day(year)
    exclude(~np.isnat(retrait) & (retrait < start),
            lambda p: f"withdrawn on {retrait[p]} (dateRetrait), before {start}: not in service in {year}")
    exclude(~np.isnat(achat) & (achat > end),
            lambda p: f"bought on {achat[p]} (dateAchat), after the reporting year {year}")
    exclude(values["quantite"] == 0, lambda p: "quantity 0")
    return keep


def _places(table: Table, datacentres: dict, keep, problems: Problems, notes: list) -> tuple[dict, np.ndarray]:
    """The data centre of each line (its country applies to every equipment hosted there, its PUE
    to servers) and each line's country."""
    def centre_of(short):
        if short not in datacentres:
            raise ValueError(_("unknown data centre"))
        return datacentres[short]

    found, codes, bad = parse_each(table.column("nomCourtDatacenter"), centre_of, None, object)
    report_bad(table, codes, bad, "nomCourtDatacenter", problems,
               hint="give the data centres file too, or check the name" if datacentres
               else "give the data centres CSV file too")
    in_dc = np.array([c is not None for c in found], dtype=bool) if len(table) else np.zeros(0, dtype=bool)
    centre = {
        "in_dc": in_dc,
        "country": np.array([c.country if c is not None else None for c in found], dtype=object),
        "long": np.array([c.long_name if c is not None else None for c in found], dtype=object),
        "pue": np.array([c.pue if c is not None else np.nan for c in found], dtype=np.float64),
    }

    def code_of(text):
        code = country_code(text)
        if code is None:
            raise ValueError(_("unknown country"))
        return code

    place, codes, bad = parse_each(table.column("paysDUtilisation"), code_of, None, object)
    report_bad(table, codes, bad, "paysDUtilisation", problems, mask=~in_dc, hint=COUNTRY_HINT)
    no_country = keep & ~in_dc & (codes < 0)
    if no_country.any():
        notes.append(Message(_("{label}: {count} line(s) without paysDUtilisation are counted in the organisation's "
                               "country (FR)"),
                              label=table.label, count=int(no_country.sum())))
    return centre, np.where(in_dc, centre["country"], place)


def _pues(category, sections, in_dc, dc_pue, type_category=None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each line's PUE, and which lines get PUE 1 or NumÉcoÉval's default PUE.

    NumÉcoÉval multiplies the use phase by a PUE only for a server (a type flagged `serveur`)
    hosted in a data centre: the data centre's PUE, else PUEParDefaut. Every other hosting line
    (switches, storage, servers outside a data centre) gets PUE 1, as sobriete would otherwise
    apply its default PUE to them.
    """
    is_server = map_distinct(category, lambda c: c in SERVER_CATEGORIES, missing=False, dtype=bool)
    if type_category is not None:
        is_server |= map_distinct(type_category, lambda c: c in SERVER_CATEGORIES, missing=False, dtype=bool)
    with_pue = is_server & in_dc
    no_pue = (sections == "hosting") & ~with_pue
    default_pue = with_pue & np.isnan(dc_pue)
    pue = np.where(with_pue, np.where(default_pue, DEFAULT_PUE, dc_pue), np.nan)
    return np.where(no_pue, 1.0, pue), no_pue, default_pue


def build_inventory(pieces: list, factors, year: int, problems: Problems) -> model.Inventory:
    """Validate the lines section by section with the inventory loader's own rules."""
    import pandas as pd

    from ...io.inventory import build_section
    from ...io.tables import RawTable

    sections, locations = {}, {}
    for section in model.ALL_SECTIONS:
        frames, where = [], []
        for piece in pieces:
            mask = piece.section == section
            if section in ("devices", "hosting") and mask.any():
                raw = pd.DataFrame({key: pd.Series(values[mask], dtype=object if values.dtype == object
                                                   else values.dtype) for key, values in piece.columns.items()})
                frame, rows = build_section(RawTable(raw, piece.rows[mask], piece.label, 1), section, factors,
                                            year, "FR", problems)
                frames.append(frame)
                where.append(rows)
        if not frames:
            frame, rows = build_section(None, section, factors, year, "FR", problems)
            frames, where = [frame], [rows]
        sections[section] = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
        locations[section] = np.concatenate(where) if len(where) > 1 else where[0]
    return model.Inventory(organisation=model.Organisation(), year=year, sections=sections,
                           locations=locations, source=", ".join(p.label for p in pieces),
                           imported_from="numecoeval")


def note_past_lifespan(inventory, year: int, notes: list) -> None:
    """Lines whose amortisation has ended in sobriete but that NumÉcoÉval still counts."""
    ended = []
    for section in ("devices", "hosting"):
        frame = inventory.sections[section]
        purchase = frame["purchase_year"].to_numpy(float)
        lifespan = frame["lifespan"].to_numpy(float)
        mask = ~np.isnan(purchase) & ~np.isnan(lifespan) & (purchase + lifespan <= year * (1 + 1e-9))
        ended.extend(np.asarray(inventory.locations[section], dtype=object)[mask])
    if ended:
        shown = ", ".join(str(w) for w in ended[:10]) + (f", … ({len(ended)} in all)" if len(ended) > 10 else "")
        notes.append(Message(_("{count} line(s) are past their lifespan (purchase year + lifespan ≤ {year}): "
                               "sobriete's amortized method counts no embodied emissions for them, NumÉcoÉval would "
                               "still count quantity × factor / lifespan: {shown}"),
                              count=len(ended), year=year, shown=shown))
