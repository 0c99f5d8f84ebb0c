"""Consistency checks of the shipped factor files, for maintainers (not used at run time).

Checks that profiles.yaml, intensities.yaml, price_index.yaml and
alternatives/*.yaml parse with yaml.safe_load; that ids are unique across the
shipped files (an intensity id once per year); that every spend.* entry has a
currency_year found in price_index.yaml; that every alias
is unique after normalisation (case, accents, spaces/hyphens/underscores, as
sobriete matches categories) and never names another profile; that each
profile has the keys its method needs; and that every shipped entry has a
source, a year and an uncertainty. Units are checked by sobriete's own loader
(``sobriete factors list``); here a quantity only has to look like
"<number> <unit>".

Usage:
    python3 factors/tools/check_factors.py [FACTORS_DIR]
"""

import re
import sys
import unicodedata
from pathlib import Path

import yaml

METHOD_KEYS = {
    "equipment": ("embodied", "lifespan", "electricity", "refurbished_embodied"),
    "cloud": ("vcpu", "hours"),
    "cloud_storage": ("hours",),
    "spend": (),
    "network": (),
    "activity": ("intensity",),
}
COMMON_KEYS = ("id", "section", "method", "label_fr", "label_en", "aliases", "uncertainty", "year", "source")
REQUIRED_PROFILES = (
    "laptop desktop all_in_one thin_client monitor smartphone feature_phone desk_phone tablet printer "
    "multifunction_printer television interactive_display projector network_box external_storage "
    "rack_server tower_server blade_server storage_array network_switch router firewall "
    "wifi_access_point cloud_vm cloud_storage saas colocation telecom website web_service email "
    "video_conference"
).split()
EU27 = "AT BE BG HR CY CZ DK EE FI FR DE GR IE IT LV LT LU MT NL PL PT RO SK SI ES SE HU".split()
REQUIRED_INTENSITIES = (
    [f"electricity.{c}" for c in EU27 + "GB CH NO US CN".split()]
    + ["network.fixed", "network.mobile", "network.mobile_share", "datacenter.pue"]
    + [f"spend.{c}" for c in "saas colocation telecom cloud_vm cloud_storage it_services".split()]
    + [f"cloud.{p}.{k}" for p in "generic aws gcp azure ovhcloud scaleway outscale".split()
       for k in "min_watts max_watts utilisation pue embodied storage_power replication".split()]
)
QUANTITY = re.compile(r"^\s*[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?(\s+\S.*)?$")


def normalise(text):
    decomposed = unicodedata.normalize("NFKD", str(text).strip().casefold())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"[\s_\-]+", " ", stripped).strip()


def check(root):
    problems = []
    files = {name: yaml.safe_load((root / name).read_text(encoding="utf-8")) for name in ("profiles.yaml", "intensities.yaml")}
    profiles = files["profiles.yaml"]["profiles"]
    intensities = files["intensities.yaml"]["intensities"]

    # an intensity id may appear once per year (DESIGN §4); a profile id only once, and never as an intensity id
    ids = [p["id"] for p in profiles] + sorted({i["id"] for i in intensities})
    for dup in sorted({i for i in ids if ids.count(i) > 1}):
        problems.append(f"id {dup!r} appears more than once")
    keys = [(i["id"], i.get("year")) for i in intensities]
    for dup in sorted({k for k in keys if keys.count(k) > 1}, key=str):
        problems.append(f"intensity {dup[0]!r} appears more than once for year {dup[1]!r}")
    for missing in sorted(set(REQUIRED_PROFILES) - {p["id"] for p in profiles}):
        problems.append(f"required profile {missing!r} is missing")
    for missing in sorted(set(REQUIRED_INTENSITIES) - {i["id"] for i in intensities}):
        problems.append(f"required intensity {missing!r} is missing")

    owners = {}
    for profile in profiles:
        owners.setdefault(normalise(profile["id"]), profile["id"])
    for profile in profiles:
        for alias in profile.get("aliases", []):
            key = normalise(alias)
            owner = owners.setdefault(key, profile["id"])
            if owner != profile["id"]:
                problems.append(f"alias {alias!r} of {profile['id']!r} is already {owner!r}")

    for profile in profiles:
        where = f"profile {profile['id']!r}"
        method = profile.get("method")
        if method not in METHOD_KEYS:
            problems.append(f"{where}: unknown method {method!r}")
            continue
        for key in COMMON_KEYS + METHOD_KEYS[method]:
            if key not in profile:
                problems.append(f"{where}: missing {key}")
        for key in ("embodied", "lifespan", "electricity", "refurbished_embodied", "vcpu", "hours", "intensity"):
            if key in profile and not QUANTITY.match(str(profile[key])):
                problems.append(f"{where}: {key} {profile[key]!r} is not '<number> <unit>'")
        if method == "equipment" and float(str(profile["refurbished_embodied"]).split()[0]) > float(str(profile["embodied"]).split()[0]):
            problems.append(f"{where}: refurbished_embodied exceeds embodied")
        if not isinstance(profile.get("year"), int):
            problems.append(f"{where}: year must be an integer")

    index = yaml.safe_load((root / "price_index.yaml").read_text(encoding="utf-8"))["price_index"]
    index_values = index.get("values") or {}

    alternatives = sorted((root / "alternatives").glob("*.yaml"))
    for path in alternatives:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        alt_ids = [e["id"] for e in data.get("intensities", [])] + [e["id"] for e in data.get("profiles", [])]
        for dup in sorted({i for i in alt_ids if alt_ids.count(i) > 1}):
            problems.append(f"{path.name}: id {dup!r} appears more than once")
        intensities = intensities + [dict(e, _file=path.name) for e in data.get("intensities", [])]

    for entry in intensities:
        where = f"{entry.get('_file', 'intensities.yaml')}: intensity {entry['id']!r}"
        for key in ("value", "uncertainty", "year", "source"):
            if key not in entry:
                problems.append(f"{where}: missing {key}")
        if not QUANTITY.match(str(entry.get("value", ""))):
            problems.append(f"{where}: value {entry.get('value')!r} is not '<number> <unit>'")
        if entry["id"].startswith("electricity.") and entry.get("region") != entry["id"].split(".", 1)[1]:
            problems.append(f"{where}: region should be {entry['id'].split('.', 1)[1]}")
        if "correlation_group" in entry and not (isinstance(entry["correlation_group"], str) and entry["correlation_group"]):
            problems.append(f"{where}: correlation_group must be a non-empty string")
        if entry["id"].startswith("spend.") and "_file" not in entry:
            currency_year = entry.get("currency_year")
            if not isinstance(currency_year, int):
                problems.append(f"{where}: currency_year (the year of the euros) must be an integer")
            elif currency_year not in index_values:
                problems.append(f"{where}: currency_year {currency_year} is not in price_index.yaml")

    if index_values.get(2015) != 100:
        problems.append("price_index.yaml: values must be based 2015 = 100")
    for key in ("id", "label", "source", "year", "values"):
        if key not in index:
            problems.append(f"price_index.yaml: missing {key}")

    print(f"{len(profiles)} profiles, {len(files['intensities.yaml']['intensities'])} intensities, "
          f"{len(alternatives)} alternative file(s), {sum(len(p.get('aliases', [])) for p in profiles)} aliases")
    for problem in problems:
        print("problem:", problem)
    return not problems


if __name__ == "__main__":
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent
    sys.exit(0 if check(folder) else 1)
