"""End-to-end scenario run on the town example, as a ratio to one footprint run (issue 4).

    python benchmarks/bench_scenario.py                   # 20 actions, 10 years, 1,000 draws, best of 3
    python benchmarks/bench_scenario.py --repeat 5 --draws 1000
    python benchmarks/bench_scenario.py --profile 25      # also a cProfile of one run (top 25)

1. Writes, in a temporary folder, a scenario on ``inventories/ville-val-de-loire-2024.yaml``
   (the town example, 2024) with 20 candidate actions (every built-in lever, targets by
   category, section, service and site, starts 2025–2028, ramps of 1–3 years, one-off and
   recurring costs), a growing trend (devices +1 %, hosting +3 %, services +5 % a year, grid
   −1 % a year), three objectives (−6 % by 2030, −1.5 %/year to 2028, laptops −30 % by 2030: met
   by a proper subset of the actions, so the search has a real answer) and a horizon of 2034
   (10 years after the baseline).
2. Loads the shipped factor set once, before any timing.
3. Times, in this same process and interleaved run by run, best of ``--repeat`` (default 3):
   (a) ``compute_footprint`` of the same inventory (already loaded), amortized, no draws;
   (b) end to end: ``load_scenario`` (scenario + baseline inventory) +
       ``run_scenario(propose_plan=True, draws=1000)`` — trajectories, the exhaustive search over
       the 2^20 subsets, and the probability of each objective.
4. Prints (b) in seconds, the ratio (b)/(a), and a verdict against the target of ≤ 2 s.
   With ``--check``, exits 1 when the target is missed.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import platform
import pstats
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
INVENTORY = REPO / "inventories" / "ville-val-de-loire-2024.yaml"
TARGET_SECONDS = 2.0

try:
    import sobriete  # noqa: F401
except ImportError:  # not installed: run from the checkout
    sys.path.insert(0, str(REPO))

ACTIONS = """\
  - {id: portables-plus-2-ans, lever: lifespan, value: +2 years, target: {category: laptop}, start: 2025,
     ramp: 2, cost: 8000 EUR, annual_cost: 1500 EUR, theme: 2}
  - {id: fixes-7-ans, lever: lifespan, value: 7 years, target: {category: desktop}, start: 2025, cost: 3000 EUR}
  - {id: smartphones-plus-1-an, lever: lifespan, value: +1 year, target: {category: smartphone}, start: 2026,
     cost: 2000 EUR}
  - {id: tablettes-plus-2-ans, lever: lifespan, value: +2 years, target: {category: tablet}, start: 2026,
     annual_cost: 300 EUR}
  - {id: portables-reconditionnes, lever: refurbished, value: 40%, target: {category: laptop}, start: 2025,
     ramp: 3, annual_cost: -2000 EUR}
  - {id: smartphones-reconditionnes, lever: refurbished, value: 30%, target: {category: smartphone},
     start: 2025, annual_cost: -500 EUR}
  - {id: fixes-reconditionnes-ecoles, lever: refurbished, value: 50%, target: {category: desktop,
     service: Éducation}, start: 2026, cost: 1000 EUR}
  - {id: moins-d-imprimantes, lever: fleet, value: -40%, target: {category: printer}, start: 2025,
     cost: 500 EUR, annual_cost: -800 EUR}
  - {id: un-ecran-par-agent, lever: fleet, value: -15%, target: {category: monitor}, start: 2025, ramp: 2}
  - {id: copieurs-mutualises, lever: fleet, value: -25%, target: {category: multifunction_printer},
     start: 2027, cost: 4000 EUR, annual_cost: -3000 EUR}
  - {id: telephonie-logicielle, lever: fleet, value: -30%, target: {category: desk_phone}, start: 2026,
     ramp: 3, cost: 15000 EUR}
  - {id: tablettes-partagees, lever: fleet, value: -10%, target: {category: tablet}, start: 2025}
  - {id: extinction-des-postes, lever: electricity, value: -20%, target: {section: devices}, start: 2025,
     cost: 2500 EUR}
  - {id: veille-serveurs, lever: electricity, value: -10%, target: {section: hosting, service: DSI},
     start: 2026, cost: 1200 EUR}
  - {id: salle-serveur-pue, lever: pue, value: 1.5, target: {site: Hôtel de ville}, start: 2027,
     cost: 35000 EUR, annual_cost: -1500 EUR}
  - {id: consolidation-serveurs, lever: consolidate, value: 40%, target: {category: rack_server},
     start: 2026, cost: 12000 EUR}
  - {id: site-plus-leger, lever: page_weight, value: -50%, target: {category: website}, start: 2025,
     cost: 6000 EUR}
  - {id: portail-sobre, lever: data_transfer, value: -30%, target: {category: web_service}, start: 2026,
     ramp: 2, cost: 4000 EUR}
  - {id: contrat-electricite-verte, lever: electricity_factor, value: 0.02 kgCO2e/kWh, start: 2025,
     annual_cost: 400 EUR}
  - {id: ecoles-moins-de-videoprojecteurs, lever: fleet, value: -50%, target: {category: projector,
     site: "Écoles (9 groupes scolaires)"}, start: 2028, cost: 0 EUR}
"""


def scenario_text(baseline: Path) -> str:
    return f"""\
baseline: {baseline}
horizon: 2034
method: amortized
trend: {{devices: 1%, hosting: 3%, services: 5%, electricity.FR: -1%}}
objectives:
  - {{id: reduction-2030, metric: total, reduction: 6%, reference_year: 2024, target_year: 2030}}
  - {{id: trajectoire-2028, metric: total, annual_reduction: 1.5%, reference_year: 2024, target_year: 2028}}
  - {{id: portables-2030, metric: "category:laptop", reduction: 30%, reference_year: 2024, target_year: 2030}}
actions:
{ACTIONS}"""


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--draws", type=int, default=1000)
    parser.add_argument("--profile", type=int, metavar="N", default=0, help="print a cProfile of one run (top N)")
    parser.add_argument("--check", action="store_true", help="exit 1 when the target is missed")
    args = parser.parse_args(argv)

    from sobriete.io.factor_files import load_factors
    from sobriete.footprint import compute_footprint
    from sobriete.io.inventory import load_inventory
    from sobriete.io.scenario_file import load_scenario
    from sobriete.scenario import run_scenario

    started = time.perf_counter()
    factors = load_factors()
    print(f"factor set {factors.version}: loaded in {time.perf_counter() - started:.2f} s (not timed below)")
    inventory = load_inventory(INVENTORY, factors)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "scenario-bench.yaml"
        path.write_text(scenario_text(INVENTORY), encoding="utf-8")

        def footprint_run():
            return compute_footprint(inventory, factors)

        def scenario_run():
            return run_scenario(load_scenario(path, factors), factors, propose_plan=True, draws=args.draws)

        result = scenario_run()  # warm-up (imports, caches), and a look at the result
        footprint_run()
        n_actions = len(result.trajectories.scenario.actions)
        partitions = result.trajectories.partitions
        print(f"inventory: {INVENTORY.relative_to(REPO)}, {inventory.line_count} lines; scenario: {n_actions} "
              f"candidate actions, years {result.trajectories.years[0]}–{result.trajectories.years[-1]}, "
              f"{args.draws} draws, {len(partitions)} partitions, "
              f"{len(result.trajectories.variant_partition)} variants (largest partition: "
              f"{max(len(p.actions) for p in partitions)} actions)")
        print(f"proposal: {len(result.selected)} actions selected, feasible {result.feasible}, "
              f"total cost {result.total_cost:,.0f} EUR; probabilities "
              + ", ".join(f"{o['id']} {o['probability']:.2f}" for o in result.objectives))
        load = os.getloadavg()[0]
        if load >= 0.5:
            print(f"warning: 1-minute load average {load:.2f} before timing: figures may be noisy")
        footprint_times, scenario_times = [], []
        for _ in range(args.repeat):
            started = time.perf_counter()
            footprint_run()
            footprint_times.append(time.perf_counter() - started)
            started = time.perf_counter()
            scenario_run()
            scenario_times.append(time.perf_counter() - started)
        footprint_best, scenario_best = min(footprint_times), min(scenario_times)
        print(f"{platform.python_implementation()} {platform.python_version()}, {os.cpu_count()} CPUs")
        print(f"(a) compute_footprint: {footprint_best * 1000:.1f} ms (best of {args.repeat})")
        print(f"(b) load_scenario + run_scenario(propose, {args.draws} draws): {scenario_best:.3f} s "
              f"(best of {args.repeat}; all: {', '.join(f'{t:.3f}' for t in scenario_times)})")
        ratio = scenario_best / footprint_best
        verdict = "MET" if scenario_best <= TARGET_SECONDS else "MISSED"
        print(f"scenario / footprint = {ratio:.0f}×; end to end {scenario_best:.2f} s "
              f"(target ≤ {TARGET_SECONDS:g} s): {verdict}")
        if args.profile:
            profiler = cProfile.Profile()
            profiler.enable()
            scenario_run()
            profiler.disable()
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(args.profile)
            print(out.getvalue())
    return 1 if args.check and scenario_best > TARGET_SECONDS else 0


if __name__ == "__main__":
    sys.exit(main())
