"""Derive the factor-profile figures that sobriete takes from manufacturers' PCFs.

Reads the Boavizta environmental-footprint-data CSV (English version,
``boavizta-data-us.csv``; ODbL 1.0, attribution "Boavizta
environmental-footprint-data") and prints, for each group of rows used by
``factors/profiles.yaml``, the number of rows N, the median and the
interquartile range of the embodied footprint, and the medians of the
manufacturer's yearly typical energy consumption (TEC) and lifetime.

    embodied (kgCO2e) = gwp_total x (1 - gwp_use_ratio)
    (manufacturing + transport + end of life; rows without gwp_use_ratio are skipped)

Each group also prints its 10th and 90th percentiles and the uncertainty they
imply, u80 (relative half-width of the 95 % interval of a lognormal fitted to
the central 80 % of the rows, the convention of factors/README.md):

    sigma = ln(P90 / P10) / (2 x 1.2816)        u80 = exp(1.96 x sigma) - 1

The YAML is maintained by hand: run this script after updating the CSV and
copy the figures it prints into profiles.yaml. Standard library only.

Usage:
    python3 factors/tools/derive_from_boavizta.py PATH/TO/boavizta-data-us.csv
"""

import csv
import hashlib
import math
import re
import statistics
import sys

# The copy the shipped figures were derived from (upstream commit 61323eb5, 2023-02-23).
EXPECTED_SHA256 = "eaeb19cc36308c8759deeea496d270d9d6ed0e46c3f113099844c3f9bf6cca9c"

# Cross-checks printed next to the server medians (not used in any shipped figure):
# ADEME publicodes-acv-numerique 2.1.0 "serveur . construction" / "serveur . puissance"
# (parameters of ADEME's streaming and e-mail model, upstream NegaOctet / Borderstep).
ADEME_SERVER_EMBODIED_KG = 748.0
ADEME_SERVER_POWER_W = 367.0
HOURS_PER_YEAR = 8760.0

# z-scores of the normal distribution: 90th percentile and 97.5th percentile.
Z90 = 1.2816
Z975 = 1.96
# PCF-derived defaults never claim better than +/-50 % (upstream warns of large margins of error).
PCF_MIN_UNCERTAINTY = 0.5

# Typical bay count assumed for an on-premises SAN/NAS array (assumption, see profiles.yaml).
STORAGE_ARRAY_BAYS = 24


def number(text):
    text = (text or "").strip()
    return float(text) if text else None


def embodied(row):
    total, use_ratio = number(row["gwp_total"]), number(row["gwp_use_ratio"])
    if total is None or use_ratio is None:
        return None
    return total * (1.0 - use_ratio)


def quartiles(values):
    if len(values) < 2:
        return values[0], values[0]
    q1, _, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return q1, q3


def deciles(values):
    """10th and 90th percentiles (inclusive method, as for the quartiles)."""
    if len(values) < 2:
        return values[0], values[0]
    cuts = statistics.quantiles(values, n=10, method="inclusive")
    return cuts[0], cuts[-1]


def spread_uncertainty(values):
    """u80: relative half-width of the 95 % interval of a lognormal fitted to P10-P90."""
    p10, p90 = deciles(sorted(values))
    if p10 <= 0 or p90 <= p10:
        return 0.0
    sigma = math.log(p90 / p10) / (2.0 * Z90)
    return math.exp(Z975 * sigma) - 1.0


def ceil_tenth(value):
    return math.ceil(round(value * 10.0, 6)) / 10.0


def server_form_factor(row):
    kind = row["server_type"].strip()
    if kind:
        return kind
    if re.search(r"ProLiant DL|ThinkSystem SR", row["name"]):
        return "Rack"
    if re.search(r"ProLiant MicroServer|ThinkSystem ST", row["name"]):
        return "Tower"
    return "Other"


def describe(label, rows):
    values = sorted(v for v in (embodied(r) for r in rows) if v is not None)
    tec = [v for v in (number(r["yearly_tec"]) for r in rows) if v]
    life = [v for v in (number(r["lifetime"]) for r in rows) if v]
    q1, q3 = quartiles(values)
    p10, p90 = deciles(values)
    result = {
        "n": len(values),
        "median": statistics.median(values),
        "q1": q1,
        "q3": q3,
        "p10": p10,
        "p90": p90,
        "u80": spread_uncertainty(values),
        "tec": statistics.median(tec) if tec else None,
        "n_tec": len(tec),
        "tec_u80": spread_uncertainty(tec) if len(tec) > 1 else None,
        "life": statistics.median(life) if life else None,
    }
    tec_text = f"{result['tec']:.1f} kWh/year (N={len(tec)})" if tec else "n/a"
    life_text = f"{result['life']:g} years" if life else "n/a"
    print(
        f"{label:<24} N={result['n']:<3} embodied median {result['median']:8.1f} kgCO2e"
        f"  IQR {q1:7.1f} - {q3:7.1f}  P10-P90 {p10:7.1f} - {p90:7.1f}  u80 {result['u80']:.2f}"
        f"   TEC median {tec_text}   lifetime median {life_text}"
    )
    return result


def main(path):
    with open(path, "rb") as handle:
        digest = hashlib.sha256(handle.read()).hexdigest()
    if digest != EXPECTED_SHA256:
        print(f"note: sha256 {digest} differs from the copy the shipped figures came from")
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))

    def select(predicate):
        return [r for r in rows if predicate(r)]

    def sub(row, *names):
        return row["subcategory"].strip().lower() in names

    aio = re.compile(r"all[- ]in[- ]one|\baio\b|imac", re.I)
    print(f"Boavizta environmental-footprint-data: {len(rows)} rows, sha256 {digest[:12]}")
    print()
    describe("thin_client", select(lambda r: sub(r, "thin client") and not aio.search(r["name"])))
    describe("all_in_one", select(lambda r: sub(r, "desktop") and aio.search(r["name"])))
    # Office desktops without built-in screen. The "Desktop" subcategory also holds laptops
    # (Dell Inspiron 13-16, Vostro 15/5320/56xx/7620, Chromebook, Precision mobile),
    # workstations (Precision), consumer and gaming PCs (IdeaCentre, Legion, Mac) and
    # Lenovo's "z" all-in-ones, so only the office desktop lines are kept: Dell OptiPlex,
    # Lenovo ThinkCentre and V series, HP Elite Tower, Dell Vostro 3910 tower.
    office = re.compile(r"^(OptiPlex|ThinkCentre|V\d+\w*\s+(SFF|Tower|Desktop)|Elite Tower|Vostro 3910)", re.I)
    lenovo_aio = re.compile(r"ThinkCentre M\d+z\b", re.I)
    desktop = describe("desktop (office)", select(
        lambda r: sub(r, "desktop") and office.search(r["name"])
        and not aio.search(r["name"]) and not lenovo_aio.search(r["name"])))
    print(f"  desktop uncertainty = ceil(max(u80 embodied {desktop['u80']:.2f}, {PCF_MIN_UNCERTAINTY}))"
          f" = {ceil_tenth(max(desktop['u80'], PCF_MIN_UNCERTAINTY)):.1f}"
          f"   (TEC spread u80 {desktop['tec_u80']:.2f}, not used)")
    # Large touch displays for meeting rooms and classrooms (Dell "QT" interactive monitors).
    describe(
        "interactive_display",
        select(lambda r: sub(r, "monitor") and re.search(r"QT\b", r["name"])
               and (number(r["screen_size"]) or 0) >= 55),
    )
    # Lexmark names multifunction printers MB/MC/MX/CX and single-function ones B/C.
    describe("multifunction_printer", select(lambda r: sub(r, "printer") and re.match(r"(MB|MC|MX|CX)\d", r["name"])))
    describe("printer", select(lambda r: sub(r, "printer") and re.match(r"[BC]\d", r["name"])))
    describe("wifi_access_point", select(lambda r: r["category"] == "Home" and sub(r, "network")))
    describe(
        "desk_phone (proxy)",
        select(lambda r: sub(r, "iot") and re.search(r"home hub|nest hub", r["name"], re.I)),
    )
    print()

    # Servers. The dataset's server_type is filled for the 42 Dell rows only; the HP and
    # Lenovo rows are classified by their product line (HPE ProLiant DL and Lenovo
    # ThinkSystem SR are rack lines, ProLiant MicroServer and ThinkSystem ST towers;
    # Lenovo ThinkSystem SE is an edge server and stays out of the three form factors).
    print("servers: embodied = gwp_total x (1 - gwp_use_ratio); TEC = the PCF's yearly use-phase energy")
    server_rows = select(lambda r: sub(r, "server"))
    everything = describe("server (all rows)", server_rows)
    servers = {kind: describe(f"server {kind}", [r for r in server_rows if server_form_factor(r) == kind])
               for kind in ("Rack", "Tower", "Blade")}
    for maker in ("Dell", "HP", "Lenovo"):
        describe(f"  rack, {maker} only", [r for r in server_rows
                                          if server_form_factor(r) == "Rack" and r["manufacturer"] == maker])
    print()
    # One uncertainty per profile covers both its embodied and its electricity default; it is
    # taken from the embodied spread, the phase that dominates with the French mix (the TEC
    # spread is printed for information). Tower and Blade rows all come from one manufacturer
    # and one PCF method (Dell, 2019), whose tight spread says nothing about other makes, so
    # the embodied spread of all server rows is a floor for every form factor.
    floor = max(everything["u80"], PCF_MIN_UNCERTAINTY)
    for kind in ("Rack", "Tower", "Blade"):
        own = servers[kind]
        u = ceil_tenth(max(own["u80"], floor))
        print(
            f"{kind.lower()}_server: embodied {own['median']:.1f} kgCO2e (N={own['n']}), electricity {own['tec']:.1f} kWh/year"
            f" (N={own['n_tec']}, {own['tec'] * 1000.0 / HOURS_PER_YEAR:.0f} W average),"
            f" uncertainty = ceil(max(u80 embodied {own['u80']:.2f}, all-server floor {floor:.2f})) = {u:.1f}"
            f"   (TEC spread u80 {own['tec_u80']:.2f})"
        )
    ademe_kwh = ADEME_SERVER_POWER_W * HOURS_PER_YEAR / 1000.0
    print(f"cross-check, ADEME model parameters: {ADEME_SERVER_EMBODIED_KG:g} kgCO2e, {ADEME_SERVER_POWER_W:g} W x 8760 h"
          f" = {ademe_kwh:.1f} kWh/year")
    print()

    arrays = select(lambda r: sub(r, "san/nas"))
    for r in arrays:
        per_bay = embodied(r) / 84.0
        tec_per_bay = number(r["yearly_tec"]) / 84.0
        print(
            f"storage_array: {r['manufacturer']} {r['name']} (N=1, 84 bays): embodied {embodied(r):.1f} kgCO2e"
            f" = {per_bay:.2f} per bay, TEC {number(r['yearly_tec']):g} kWh/year = {tec_per_bay:.2f} per bay;"
            f" x {STORAGE_ARRAY_BAYS} bays -> {per_bay * STORAGE_ARRAY_BAYS:.1f} kgCO2e, {tec_per_bay * STORAGE_ARRAY_BAYS:.1f} kWh/year"
        )
    describe("data-centre drives", select(lambda r: sub(r, "hard drive")))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
