"""Generate a synthetic asset-level inventory of N lines (benchmarks only).

    python benchmarks/generate.py 1000000 --output benchmarks/data/inv-1m
    python benchmarks/generate.py 200 --output /tmp/small --seed 7

writes ``DIR/inventory.yaml`` (organisation, ``year: 2024``, ``devices: devices.csv``,
``hosting: hosting.csv``) and the two CSV files, ``;``-separated and UTF-8 like a French
spreadsheet or asset-manager (GLPI) export, with N lines in all (≈ 97 % devices, ≈ 3 % hosting).

What the lines look like (one line per asset, as an asset manager exports them):

* a realistic mix of categories — mostly laptops, monitors, desktops and smartphones, then desk
  phones, tablets, printers, copiers, thin clients…; in hosting, switches, Wi-Fi access points,
  rack/tower/blade servers, storage arrays, firewalls, cloud VMs and cloud storage; categories are
  written as ids (``laptop``) or French aliases (``portable``, ``Écran``, ``PC fixe``, ``copieur``,
  ``serveur``…), every one of them known to both the shipped and the test factor sets;
* French services (``Direction générale des services``, ``État civil``…) and sites
  (``Hôtel de ville``, ``Groupe scolaire Jules-Ferry``…), a unique asset tag per line (``name``),
  manufacturer models, purchase years 2014–2024 (recent years more frequent, ≈ 8 % empty);
* quantities mostly ``1`` (asset level), some empty (default 1), a few 2–20;
* quantities with units in several spellings, and often empty (the profile default applies):
  ``5 years``, ``60 mois``, ``6 ans``, ``48 months``, bare ``5``; ``1800 kWh/year``,
  ``1 800 kWh/an``, ``29,5 kWh/an``, ``120 kWh``, bare ``95``; ``2,5 To``, ``500 Go``;
  ``8 760 h/an``; PUE ``1,6``; share ``50 %``; embodied ``250 kgCO2e``, ``0,3 tCO2e``;
  booleans ``oui``/``non``/``true``/``false``; ownership ``owned``/``leased``.

Everything is drawn from ``numpy.random.default_rng(seed)`` and built column by column with numpy
and pandas (no per-row Python loop): the same N and seed give the same bytes, and 1,000,000 lines
take a few seconds. Unit strings are formatted once per *distinct* (value, spelling) pair, then
spread to the rows by integer index.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

YEAR = 2024
HOSTING_SHARE = 0.03

# --- categories ------------------------------------------------------------------------------
# (profile id, weight, spellings, tag prefix, typical lifespan in years, typical kWh/year, models)
# Spellings are ids or aliases present in both factors/profiles.yaml and tests/fixtures/factors.
DEVICES = [
    ("laptop", 0.30, ["laptop", "portable", "Portable", "ordinateur portable", "Ordinateur portable"],
     "PC", 5, 29.0, ["Dell Latitude 5440", "HP EliteBook 840 G9", "Lenovo ThinkPad T14 Gen 3",
                     "Lenovo ThinkPad L14", "Dell Latitude 3520", "HP ProBook 450 G8"]),
    ("monitor", 0.22, ["monitor", "écran", "Écran", "moniteur", "ecran"],
     "ECR", 6, 40.0, ["Dell P2422H", "Iiyama ProLite XU2493HS", "HP E24 G5", "Philips 243V7",
                      "Lenovo ThinkVision T24i"]),
    ("desktop", 0.16, ["desktop", "pc fixe", "PC fixe", "unité centrale", "Unité centrale"],
     "UC", 5, 120.0, ["Dell OptiPlex 7010", "HP ProDesk 400 G7", "Lenovo ThinkCentre M70q",
                      "Dell OptiPlex 3080"]),
    ("smartphone", 0.10, ["smartphone", "téléphone mobile", "Téléphone mobile"],
     "TEL", 3, 4.0, ["Samsung Galaxy A54", "Apple iPhone SE", "Crosscall Core-X5",
                     "Samsung Galaxy XCover 6 Pro"]),
    ("desk_phone", 0.05, ["desk_phone"], "TF", 7, 15.0, ["Alcatel-Lucent 8028s", "Yealink T54W",
                                                         "Cisco 8841"]),
    ("tablet", 0.04, ["tablet", "tablette", "Tablette"], "TAB", 4, 8.0,
     ["Apple iPad 10.2", "Samsung Galaxy Tab A8", "Lenovo Tab M10"]),
    ("printer", 0.02, ["printer", "imprimante", "Imprimante"], "IMP", 6, 60.0,
     ["HP LaserJet Pro M404", "Brother HL-L5100DN", "Kyocera ECOSYS P2040dn"]),
    ("multifunction_printer", 0.015, ["copieur", "Copieur", "multifunction_printer"], "MFP", 6, 350.0,
     ["Canon imageRUNNER C3226i", "Ricoh IM C3000", "Konica Minolta bizhub C300i", "Sharp MX-3071"]),
    ("thin_client", 0.02, ["thin_client"], "CL", 7, 30.0, ["HP t640", "Dell Wyse 5070", "IGEL UD3"]),
    ("all_in_one", 0.015, ["all_in_one"], "AIO", 5, 90.0, ["HP ProOne 440 G9", "Dell OptiPlex 7410 AIO"]),
    ("projector", 0.01, ["projector"], "VP", 6, 150.0, ["Epson EB-W51", "BenQ MW560"]),
    ("interactive_display", 0.008, ["interactive_display"], "TNI", 8, 200.0,
     ["Promethean ActivPanel 9", "Speechi SpeechiTouch 75"]),
    ("feature_phone", 0.01, ["feature_phone"], "GSM", 4, 2.0, ["Nokia 105", "Doro 6880"]),
    ("external_storage", 0.01, ["external_storage"], "DD", 5, 5.0, ["WD Elements 2 To",
                                                                     "Seagate Expansion 1 To"]),
    ("network_box", 0.005, ["network_box"], "BOX", 5, 90.0, ["Livebox Pro 6", "Bbox Pro"]),
    ("television", 0.003, ["television"], "TV", 8, 100.0, ["Samsung 55\" Crystal UHD", "LG 50UQ75"]),
]
HOSTING = [
    ("network_switch", 0.30, ["switch", "Switch", "network_switch"], "SW", 8, 400.0,
     ["Cisco Catalyst 9200L", "HPE Aruba 2930F", "Juniper EX2300"]),
    ("wifi_access_point", 0.25, ["borne wifi", "Borne WiFi", "wifi_access_point"], "AP", 7, 60.0,
     ["Aruba AP-515", "Cisco Meraki MR36", "Ubiquiti U6 Pro"]),
    ("rack_server", 0.12, ["serveur", "Serveur", "rack_server"], "SRV", 6, 1800.0,
     ["Dell PowerEdge R650", "HPE ProLiant DL360 Gen10", "Lenovo ThinkSystem SR630"]),
    ("tower_server", 0.05, ["tower_server"], "SRT", 6, 900.0, ["Dell PowerEdge T350", "HPE ProLiant ML110"]),
    ("blade_server", 0.04, ["blade_server"], "BL", 6, 1500.0, ["HPE Synergy 480 Gen10", "Dell PowerEdge MX750c"]),
    ("storage_array", 0.03, ["storage_array"], "SAN", 6, 2500.0, ["NetApp AFF A250", "Dell PowerStore 500T"]),
    ("router", 0.03, ["router"], "RT", 8, 150.0, ["Cisco ISR 4331", "Juniper MX204"]),
    ("firewall", 0.04, ["firewall"], "FW", 6, 250.0, ["Fortinet FortiGate 100F", "Stormshield SN910"]),
    ("cloud_vm", 0.10, ["cloud_vm"], "VM", 0, 0.0, [None]),
    ("cloud_storage", 0.04, ["cloud_storage"], "S3", 0, 0.0, [None]),
]
ON_PREMISES = {"network_switch", "wifi_access_point", "rack_server", "tower_server", "blade_server",
               "storage_array", "router", "firewall"}

SERVICES = [
    "Direction générale des services", "Ressources humaines", "Finances", "État civil",
    "Urbanisme", "Services techniques", "Éducation", "Petite enfance", "Culture",
    "Médiathèques", "Sports", "Police municipale", "CCAS", "Communication",
    "Direction des systèmes d'information", "Affaires juridiques", "Commande publique", "Voirie",
    "Espaces verts", "Jeunesse", "Archives", "Accueil", "Eau et assainissement",
    "Collecte des déchets", "Mobilités", "Action sociale", "Santé", "Habitat",
    "Développement économique", "Relations internationales",
]
SITES = [
    "Hôtel de ville", "Mairie annexe Nord", "Mairie annexe Sud", "Centre technique municipal",
    "Médiathèque François-Mitterrand", "Médiathèque Louise-Michel", "Piscine municipale",
    "Gymnase Pierre-de-Coubertin", "Crèche Les Petits Loups", "Crèche L'Île aux enfants",
    "Centre social Jean-Moulin", "Conservatoire à rayonnement départemental",
    "Maison des associations", "Poste de police municipale", "Salle polyvalente des Érables",
    "Archives municipales", "Musée des Beaux-Arts", "Salle de spectacle L'Escale",
    "Centre communal d'action sociale", "Cuisine centrale", "Cimetière paysager",
    "Maison de l'emploi", "Office de tourisme", "Hôtel de la métropole", "Pôle solidarités",
]
SCHOOL_NAMES = [
    "Jules-Ferry", "Victor-Hugo", "Jean-Jaurès", "Jacques-Prévert", "Louis-Pasteur", "Marie-Curie",
    "Paul-Bert", "Jean-Moulin", "Les Tilleuls", "Les Marronniers", "Condorcet", "Simone-Veil",
    "Albert-Camus", "Anatole-France", "Jean-de-La-Fontaine", "Antoine-de-Saint-Exupéry",
    "Georges-Brassens", "Lucie-Aubrac", "Pablo-Picasso", "Jean-Zay",
]
SCHOOL_KINDS = ["École maternelle", "École élémentaire", "Groupe scolaire"]
HOSTING_SITES = ["Salle serveurs Hôtel de ville", "Centre de données métropolitain",
                 "Salle de secours Centre technique", "Local technique Médiathèque"]
PROVIDERS = ["ovhcloud", "outscale", "scaleway", "aws", "Hébergeur régional"]


def _pick(rng, n, weights):
    weights = np.asarray(weights, dtype=float)
    return rng.choice(len(weights), size=n, p=weights / weights.sum())


def _zipf_weights(k, s=1.0):
    return 1.0 / np.arange(1, k + 1) ** s


def _blank(values: np.ndarray, mask: np.ndarray) -> np.ndarray:
    out = values.astype(object)
    out[mask] = None
    return out


def _fr(value: float) -> str:
    """French spelling: decimal comma, thousands separated by a space (1 800 ; 29,5)."""
    if float(value).is_integer():
        text = f"{int(value):,}".replace(",", " ")
    else:
        whole, frac = f"{value:.1f}".split(".")
        text = f"{int(whole):,}".replace(",", " ") + "," + frac
    return text


def _en(value: float) -> str:
    return f"{int(value)}" if float(value).is_integer() else f"{value:.1f}"


def _formatted(rng, n, grid: np.ndarray, value_index: np.ndarray, spellings, spelling_weights):
    """Format `grid[value_index]` with a spelling drawn per row, one format call per distinct pair."""
    spelling = _pick(rng, n, spelling_weights)
    code = value_index.astype(np.int64) * len(spellings) + spelling
    distinct, inverse = np.unique(code, return_inverse=True)
    table = np.array([spellings[c % len(spellings)](grid[c // len(spellings)]) for c in distinct],
                     dtype=object)
    return table[inverse.reshape(-1)]


LIFESPAN_SPELLINGS = [
    lambda y: f"{_en(y)} years", lambda y: f"{_en(y)} ans", lambda y: f"{int(round(y * 12))} mois",
    lambda y: f"{int(round(y * 12))} months", lambda y: _en(y), lambda y: f"{_en(y)} an" if y == 1 else f"{_en(y)} ans",
]
LIFESPAN_WEIGHTS = [0.3, 0.25, 0.15, 0.05, 0.2, 0.05]
ELECTRICITY_SPELLINGS = [
    lambda v: f"{_en(v)} kWh/year", lambda v: f"{_fr(v)} kWh/an", lambda v: _en(v),
    lambda v: f"{_en(v)} kWh", lambda v: f"{_fr(v)} kWh/an", lambda v: f"{_en(v)} kWh/an",
]
ELECTRICITY_WEIGHTS = [0.3, 0.25, 0.2, 0.1, 0.05, 0.1]


def _lifespans(rng, n, base_years: np.ndarray, fill: float) -> np.ndarray:
    offsets = rng.choice(np.array([-1, 0, 0, 0, 1, 2]), size=n)
    years = np.clip(base_years + offsets, 2, 12)
    grid = np.arange(0, 13, dtype=float)
    values = _formatted(rng, n, grid, years, LIFESPAN_SPELLINGS, LIFESPAN_WEIGHTS)
    return _blank(values, (rng.random(n) >= fill) | (base_years == 0))


def _electricity(rng, n, base_kwh: np.ndarray, fill: float) -> np.ndarray:
    # A measured or catalogue figure: the category's typical value × 0.5…1.6, on a 5 % grid,
    # rounded to 0.5 kWh below 100 kWh/year and to 10 kWh above 1,000 kWh/year.
    factor = rng.integers(10, 33, size=n) * 0.05
    values = base_kwh * factor
    values = np.where(values < 100, np.round(values * 2) / 2,
                      np.where(values < 1000, np.round(values), np.round(values, -1)))
    grid, index = np.unique(values, return_inverse=True)
    text = _formatted(rng, n, grid, index.reshape(-1), ELECTRICITY_SPELLINGS, ELECTRICITY_WEIGHTS)
    return _blank(text, (rng.random(n) >= fill) | (base_kwh == 0))


def _categories(rng, n, table):
    kind = _pick(rng, n, [row[1] for row in table])
    # Spelling of the category: per kind, uniformly among its spellings.
    offsets = np.cumsum([0] + [len(row[2]) for row in table])
    counts = np.array([len(row[2]) for row in table])
    spelling = offsets[kind] + (rng.random(n) * counts[kind]).astype(np.int64)
    spellings = np.array([s for row in table for s in row[2]], dtype=object)
    return kind, spellings[spelling]


def _models(rng, n, table, kind):
    offsets = np.cumsum([0] + [len(row[6]) for row in table])
    counts = np.array([len(row[6]) for row in table])
    models = np.array([m for row in table for m in row[6]], dtype=object)
    index = offsets[kind] + (rng.random(n) * counts[kind]).astype(np.int64)
    out = models[index]
    out[rng.random(n) < 0.05] = None  # model not filled in
    return out


def _tags(table, kind, start: int) -> np.ndarray:
    prefixes = pd.Series(np.array([row[3] for row in table], dtype=object)[kind])
    numbers = pd.Series(np.arange(start, start + len(kind))).astype(str).str.zfill(7)
    return (prefixes + "-" + numbers).to_numpy(dtype=object)


def _purchase_years(rng, n, fill=0.92) -> np.ndarray:
    years = np.arange(2014, YEAR + 1)
    weights = np.linspace(0.4, 1.2, len(years))  # recent purchases more frequent
    values = years[_pick(rng, n, weights)]
    return _blank(values, rng.random(n) >= fill)


def _quantities(rng, n) -> np.ndarray:
    draw = rng.random(n)
    values = np.where(draw < 0.97, 1, rng.integers(2, 21, size=n))
    return _blank(values, (draw >= 0.85) & (draw < 0.95))  # 10 % empty: default 1


def _choice_column(rng, n, choices, weights) -> np.ndarray:
    values = np.array(choices, dtype=object)
    return values[_pick(rng, n, weights)]


def _sites(rng, n) -> np.ndarray:
    schools = [f"{kind} {name}" for name in SCHOOL_NAMES for kind in SCHOOL_KINDS]
    names = np.array(SITES + schools, dtype=object)
    weights = np.concatenate([_zipf_weights(len(SITES), 0.8) * 3, np.full(len(schools), 0.08)])
    return names[_pick(rng, n, weights)]


def devices_frame(rng, n: int, tag_start: int = 1) -> pd.DataFrame:
    kind, category = _categories(rng, n, DEVICES)
    lifespan_base = np.array([row[4] for row in DEVICES])[kind]
    kwh_base = np.array([row[5] for row in DEVICES])[kind]
    embodied = _choice_column(rng, n, [None, "250 kgCO2e", "185 kg CO2e", "0,3 tCO2e", "420"],
                              [0.97, 0.01, 0.01, 0.005, 0.005])
    return pd.DataFrame({
        "name": _tags(DEVICES, kind, tag_start),
        "category": category,
        "model": _models(rng, n, DEVICES, kind),
        "service": np.array(SERVICES, dtype=object)[_pick(rng, n, _zipf_weights(len(SERVICES), 0.7))],
        "site": _sites(rng, n),
        "purchase_year": _purchase_years(rng, n),
        "quantity": _quantities(rng, n),
        "lifespan": _lifespans(rng, n, lifespan_base, fill=0.35),
        "electricity": _electricity(rng, n, kwh_base, fill=0.30),
        "embodied": embodied,
        "refurbished": _choice_column(rng, n, [None, "non", "oui", "false", "true", "Non"],
                                      [0.55, 0.3, 0.04, 0.07, 0.01, 0.03]),
        "ownership": _choice_column(rng, n, [None, "owned", "leased", "expensed"], [0.7, 0.2, 0.08, 0.02]),
        "share": _choice_column(rng, n, [None, "100%", "50 %", "0,5", "100 %"], [0.95, 0.02, 0.015, 0.005, 0.01]),
        "country": _choice_column(rng, n, [None, "FR", "fr"], [0.96, 0.035, 0.005]),
    })


def hosting_frame(rng, n: int, tag_start: int = 1) -> pd.DataFrame:
    kind, category = _categories(rng, n, HOSTING)
    ids = np.array([row[0] for row in HOSTING], dtype=object)[kind]
    physical = np.isin(ids, list(ON_PREMISES))
    vm = ids == "cloud_vm"
    bucket = ids == "cloud_storage"
    lifespan_base = np.array([row[4] for row in HOSTING])[kind]
    kwh_base = np.array([row[5] for row in HOSTING])[kind]
    pue = _choice_column(rng, n, [None, "1,6", "1.8", "2", "1,45", "2,1"], [0.4, 0.2, 0.15, 0.1, 0.1, 0.05])
    pue[~physical] = None
    provider = _choice_column(rng, n, PROVIDERS, [0.4, 0.2, 0.2, 0.15, 0.05])
    provider[~(vm | bucket)] = None
    vcpu = _choice_column(rng, n, ["2", "4", "8", "16 vCPU", "4 vcpu"], [0.25, 0.35, 0.2, 0.1, 0.1])
    vcpu[~vm] = None
    hours = _choice_column(rng, n, ["8760", "8 760 h", "8760 h/an", "4380 h/year", "2 920 h"],
                           [0.4, 0.25, 0.15, 0.1, 0.1])
    hours[~vm] = None
    storage = _choice_column(rng, n, ["2,5 To", "500 Go", "10 To", "1 200 Go", "0.8 TB", "250 GB"],
                             [0.2, 0.25, 0.1, 0.15, 0.15, 0.15])
    storage[~bucket] = None
    site = np.array(HOSTING_SITES, dtype=object)[_pick(rng, n, [0.5, 0.3, 0.1, 0.1])]
    site[~physical] = None
    model = _models(rng, n, HOSTING, kind)
    service = np.array(SERVICES, dtype=object)[_pick(rng, n, _zipf_weights(len(SERVICES), 0.7))]
    return pd.DataFrame({
        "name": _tags(HOSTING, kind, tag_start),
        "category": category,
        "model": model,
        "service": service,
        "site": site,
        "purchase_year": _blank(_purchase_years(rng, n), ~physical),
        "quantity": _quantities(rng, n),
        "lifespan": _lifespans(rng, n, lifespan_base, fill=0.5),
        "electricity": _electricity(rng, n, kwh_base, fill=0.9),
        "pue": pue,
        "provider": provider,
        "vcpu": vcpu,
        "hours": hours,
        "storage": storage,
    })


MANIFEST = """\
# Synthetic asset-level inventory for benchmarks (benchmarks/generate.py).
# {lines} lines in all: {devices} devices, {hosting} hosting. Seed {seed}.
organisation:
  name: Région synthétique de benchmark
  kind: region
  population: 5800000
  agents: 95000
  country: FR
year: {year}
devices: devices.csv
hosting: hosting.csv
"""


def generate(lines: int, output: Path, seed: int = 42, sep: str = ";") -> dict:
    """Write the inventory; return a summary (paths, line counts, seconds)."""
    if lines < 2:
        raise ValueError("need at least 2 lines (one device, one hosting line)")
    start = time.perf_counter()
    rng = np.random.default_rng(seed)
    n_hosting = max(1, int(round(lines * HOSTING_SHARE)))
    n_devices = lines - n_hosting
    output.mkdir(parents=True, exist_ok=True)
    devices = devices_frame(rng, n_devices, tag_start=1)
    hosting = hosting_frame(rng, n_hosting, tag_start=1)
    paths = {"devices": output / "devices.csv", "hosting": output / "hosting.csv",
             "manifest": output / "inventory.yaml"}
    for frame, key in ((devices, "devices"), (hosting, "hosting")):
        tmp = paths[key].with_suffix(".csv.tmp")
        frame.to_csv(tmp, sep=sep, index=False, encoding="utf-8", lineterminator="\n")
        tmp.replace(paths[key])
    paths["manifest"].write_text(MANIFEST.format(lines=lines, devices=n_devices, hosting=n_hosting,
                                                 seed=seed, year=YEAR), encoding="utf-8")
    return {"paths": paths, "devices": n_devices, "hosting": n_hosting,
            "seconds": time.perf_counter() - start}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog="Example: python benchmarks/generate.py 1000000 --output benchmarks/data/inv-1m")
    parser.add_argument("lines", type=int, help="number of inventory lines in all (devices + hosting)")
    parser.add_argument("--output", "-o", type=Path, required=True, help="folder to write into")
    parser.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
    parser.add_argument("--sep", default=";", help="CSV separator (default ';')")
    args = parser.parse_args(argv)
    try:
        summary = generate(args.lines, args.output, seed=args.seed, sep=args.sep)
    except ValueError as exc:
        parser.error(str(exc))
    size = sum(summary["paths"][k].stat().st_size for k in ("devices", "hosting"))
    print(f"{summary['paths']['manifest']}: {summary['devices']:,} devices + {summary['hosting']:,} "
          f"hosting lines, {size / 1e6:.1f} MB of CSV, in {summary['seconds']:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
