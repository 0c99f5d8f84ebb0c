"""Derive the factor-profile figures that sobriete takes from manufacturers' PCFs.

Reads the Boavizta environmental-footprint-data CSV (English version,
``boavizta-data-us.csv``; ODbL 1.0, attribution "Boavizta
environmental-footprint-data") and prints, for each group of rows used by
``factors/profiles.yaml``, the number of rows N, the median and the
interquartile range of the embodied footprint, and the medians of the
manufacturer's yearly typical energy consumption (TEC) and lifetime.

    embodied (kgCO2e) = gwp_total x (1 - gwp_use_ratio)
    (manufacturing + transport + end of life; rows without gwp_use_ratio are skipped)

The YAML is maintained by hand: run this script after updating the CSV and
copy the figures it prints into profiles.yaml. Standard library only.

Usage:
    python3 factors/tools/derive_from_boavizta.py PATH/TO/boavizta-data-us.csv
"""

import csv
import hashlib
import re
import statistics
import sys

# The copy the shipped figures were derived from (upstream commit 61323eb5, 2023-02-23).
EXPECTED_SHA256 = "eaeb19cc36308c8759deeea496d270d9d6ed0e46c3f113099844c3f9bf6cca9c"

# ADEME anchors used to scale Boavizta ratios (publicodes-acv-numerique 2.1.0,
# rules "serveur . construction" and "serveur . puissance", upstream NegaOctet / Borderstep).
ADEME_SERVER_EMBODIED_KG = 748.0
ADEME_SERVER_POWER_W = 367.0
HOURS_PER_YEAR = 8760.0

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


def describe(label, rows):
    values = sorted(v for v in (embodied(r) for r in rows) if v is not None)
    tec = [v for v in (number(r["yearly_tec"]) for r in rows) if v]
    life = [v for v in (number(r["lifetime"]) for r in rows) if v]
    q1, q3 = quartiles(values)
    result = {
        "n": len(values),
        "median": statistics.median(values),
        "q1": q1,
        "q3": q3,
        "tec": statistics.median(tec) if tec else None,
        "n_tec": len(tec),
        "life": statistics.median(life) if life else None,
    }
    tec_text = f"{result['tec']:.1f} kWh/year (N={len(tec)})" if tec else "n/a"
    life_text = f"{result['life']:g} years" if life else "n/a"
    print(
        f"{label:<24} N={result['n']:<3} embodied median {result['median']:8.1f} kgCO2e"
        f"  IQR {q1:7.1f} - {q3:7.1f}   TEC median {tec_text}   lifetime median {life_text}"
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
    # Large touch displays for meeting rooms and classrooms (Dell "QT" interactive monitors).
    describe(
        "interactive_display",
        select(lambda r: sub(r, "monitor") and re.search(r"QT\b", r["name"])
               and (number(r["screen_size"]) or 0) >= 55),
    )
    # Lexmark names multifunction printers MB/MC/MX/CX and single-function ones B/C.
    describe("multifunction_printer", select(lambda r: sub(r, "printer") and re.match(r"(MB|MC|MX|CX)\d", r["name"])))
    describe("printer (reference)", select(lambda r: sub(r, "printer") and re.match(r"[BC]\d", r["name"])))
    describe("wifi_access_point", select(lambda r: r["category"] == "Home" and sub(r, "network")))
    describe(
        "desk_phone (proxy)",
        select(lambda r: sub(r, "iot") and re.search(r"home hub|nest hub", r["name"], re.I)),
    )
    print()

    servers = {kind: describe(f"server {kind}", select(lambda r, k=kind: sub(r, "server") and r["server_type"].strip() == k))
               for kind in ("Rack", "Tower", "Blade")}
    describe("server (all rows)", select(lambda r: sub(r, "server")))
    rack = servers["Rack"]
    ademe_kwh = ADEME_SERVER_POWER_W * HOURS_PER_YEAR / 1000.0
    print(f"ADEME anchor: rack_server {ADEME_SERVER_EMBODIED_KG:g} kgCO2e, {ADEME_SERVER_POWER_W:g} W x 8760 h = {ademe_kwh:.1f} kWh/year")
    for kind in ("Tower", "Blade"):
        ratio_e = servers[kind]["median"] / rack["median"]
        ratio_p = servers[kind]["tec"] / rack["tec"]
        print(
            f"  {kind.lower()}_server = ADEME x Boavizta {kind}/Rack median ratio: embodied ratio {ratio_e:.3f}"
            f" -> {ADEME_SERVER_EMBODIED_KG * ratio_e:.1f} kgCO2e; TEC ratio {ratio_p:.3f} -> {ademe_kwh * ratio_p:.1f} kWh/year"
        )
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
