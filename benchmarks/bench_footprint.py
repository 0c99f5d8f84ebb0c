"""End-to-end `sobriete footprint --format json --summary` on a large inventory (issue 3).

    python benchmarks/bench_footprint.py                 # 1,000,000 lines, best of 3
    python benchmarks/bench_footprint.py --lines 100000

Uses the inventory that ``generate.py`` writes (the same one as ``bench_load.py``) and prints, in
one process, best of ``--repeat``:

1. ``pandas.read_csv`` of the same CSV files (the baseline);
2. the command itself, in-process through click's CliRunner: load + validate + footprint + JSON
   summary, point estimate only (``--draws 0``) — ratio to the baseline, target ≤ 1.5×;
3. the same with the 95 % interval (``--draws 1000``) — extra cost over the point estimate,
   target ≤ +20 %;
4. the per-line cost of the footprint computation alone (``compute_footprint``) in µs
   (for comparison: a Boavizta API in-process computation takes 200–300 µs per laptop);
5. the peak memory (``ru_maxrss``) of one CLI run with the interval, in a fresh subprocess —
   target ≤ 1 GB.
"""

from __future__ import annotations

import argparse
import gc
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_load import csv_files, ensure_data, read_csv_all  # noqa: E402


def best(function, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def run_cli(manifest: Path, draws: int) -> dict:
    from click.testing import CliRunner

    from sobriete.cli.main import cli

    result = CliRunner().invoke(cli, ["footprint", str(manifest), "--format", "json", "--summary",
                                      "--draws", str(draws)])
    if result.exit_code != 0:
        raise SystemExit(f"sobriete footprint failed: {result.output[:2000]}")
    return json.loads(result.stdout)


def child(manifest: Path) -> None:
    run_cli(manifest, 1000)
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--data-dir", type=Path, default=HERE / "data")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child)
        return 0
    manifest = ensure_data(args.lines, args.seed, args.data_dir, False)
    print(f"inventory: {manifest} ({args.lines:,} lines; {', '.join(p.name for p in csv_files(manifest))})")
    from sobriete.io.factor_files import load_factors
    from sobriete.footprint import compute_footprint
    from sobriete.io.inventory import load_inventory

    run_cli(manifest, 0)  # warm-up: imports, factor set, unit registry
    baseline = best(lambda: read_csv_all(manifest), args.repeat)
    point = best(lambda: run_cli(manifest, 0), args.repeat)
    with_interval = best(lambda: run_cli(manifest, 1000), args.repeat)
    factors = load_factors()
    inventory = load_inventory(manifest, factors)
    compute = best(lambda: compute_footprint(inventory, factors), args.repeat)
    document = run_cli(manifest, 1000)
    memory = subprocess.run([sys.executable, __file__, "--child", str(manifest)], capture_output=True, text=True,
                            check=True).stdout.strip().splitlines()[-1]
    peak_mb = float(memory)
    ratio = point / baseline
    extra = with_interval / point - 1
    per_line_us = compute / args.lines * 1e6
    print(f"pandas.read_csv of the same CSV files:  {baseline:8.3f} s")
    print(f"footprint --format json --summary:      {point:8.3f} s   ratio {ratio:.2f}× (target ≤ 1.5×)")
    print(f"  … with the 95 % interval (1,000 draws): {with_interval:8.3f} s   +{extra:.0%} (target ≤ +20 %)")
    print(f"compute_footprint alone:                {compute:8.3f} s   {per_line_us:.2f} µs per line "
          "(Boavizta API: 200–300 µs per laptop)")
    print(f"peak memory of one run with the interval: {peak_mb:,.0f} MB (target ≤ 1,024 MB; ru_maxrss of a fresh "
          "subprocess)")
    print(f"total {document['total']:,.0f} kgCO2e/year, interval {document['interval'][0]:,.0f} – "
          f"{document['interval'][1]:,.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
