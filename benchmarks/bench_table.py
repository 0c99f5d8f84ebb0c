"""The table of issue #14, row by row, measured on whole processes (as a user runs them).

    python benchmarks/bench_table.py                         # every row, 7 alternated pairs
    python benchmarks/bench_table.py --rows footprint,validate --pairs 3
    python benchmarks/bench_table.py --sobriete /other/venv/bin/sobriete   # another install

Each row runs a ``sobriete`` command in a fresh process and, alternating with it run by run, its
baseline in another fresh process: ``pandas.read_csv`` of the same CSV files (pandas imported in
that process too, as sobriete imports it). Alternating pairs keeps both sides under the same load
on a shared machine; the ratio of each pair is printed as min / median / max. Wall time and peak
resident memory (``ru_maxrss`` of that process alone, from ``os.wait4``) are read from each child.

Rows (issue #14):

- ``footprint``: ``sobriete footprint INV --format json --summary``, 1M lines, ratio to read_csv
  (target ≤ 1.0×, ≤ 600 MiB);
- ``validate``: ``sobriete validate INV``, same file (target ≤ 1.0×);
- ``scaling``: the footprint command at 100k, 1M and 3M lines, µs per line (wall time / lines)
  and peak memory (target: linear, ≤ 1.8 GB at 3M);
- ``report``: ``sobriete report`` of a 300k-line inventory: time and bytes written (target
  ≤ 10 s, ≤ 25 MB);
- ``roadmap``: ``sobriete roadmap`` of the métropole example (target ≤ 1.2 s).

The proposal row (``scenario --propose``, 60 actions) is measured by ``bench_propose.py``.
Generated inventories go to ``benchmarks/data/`` (``generate.py``, seed 42).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
DATA = HERE / "data"
ROWS = ("footprint", "validate", "scaling", "report", "roadmap")


def inventory(lines: int) -> Path:
    """The generated inventory of `lines` lines (written once, then reused)."""
    folder = DATA / f"inventory-{lines}-seed42"
    manifest = folder / "inventory.yaml"
    if not manifest.exists():
        subprocess.run([sys.executable, str(HERE / "generate.py"), str(lines), "--output", str(folder)], check=True)
    return manifest


def run(command: list[str], cwd=None) -> tuple[float, float]:
    """(wall seconds, peak RSS in MiB) of one command in a fresh process; output discarded."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=cwd)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    stderr = process.stderr.read().decode(errors="replace")
    process.stderr.close()
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({process.returncode}):\n{stderr[-2000:]}")
    return elapsed, usage.ru_maxrss / 1024


def read_csv_command(manifest: Path) -> list[str]:
    files = sorted(str(p) for p in manifest.parent.glob("*.csv"))
    code = "import sys, pandas\nfor p in sys.argv[1:]:\n    pandas.read_csv(p, sep=';')"
    return [sys.executable, "-c", code, *files]


def pairs(command: list[str], baseline: list[str], count: int) -> dict:
    """Alternated runs: command, baseline, command, baseline… (the first pair warms the caches)."""
    run(command), run(baseline)
    times, base_times, peaks, base_peaks = [], [], [], []
    for _ in range(count):
        elapsed, peak = run(command)
        base, base_peak = run(baseline)
        times.append(elapsed), base_times.append(base), peaks.append(peak), base_peaks.append(base_peak)
    ratios = [t / b for t, b in zip(times, base_times)]
    return {"times": times, "base": base_times, "ratios": ratios, "peak": max(peaks), "base_peak": max(base_peaks)}


def spread(values, fmt="{:.2f}") -> str:
    return " / ".join(fmt.format(v) for v in (min(values), statistics.median(values), max(values)))


def row_ratio(name: str, sobriete: str, args, target: str) -> None:
    manifest = inventory(args.lines)
    command = [sobriete, "footprint", str(manifest), "--format", "json", "--summary"] if name == "footprint" \
        else [sobriete, "validate", str(manifest)]
    result = pairs(command, read_csv_command(manifest), args.pairs)
    print(f"{name:10} {args.lines:,} lines: ratio to read_csv min/median/max {spread(result['ratios'])}× "
          f"({spread(result['times'])} s against {spread(result['base'])} s); peak {result['peak']:,.0f} MiB "
          f"(read_csv {result['base_peak']:,.0f} MiB) — target {target}", flush=True)


def row_scaling(sobriete: str, args) -> None:
    for lines in args.scaling:
        manifest = inventory(lines)
        runs = [run([sobriete, "footprint", str(manifest), "--format", "json", "--summary"])
                for _ in range(max(1, args.pairs // 2))]
        times = [t for t, _ in runs]
        print(f"scaling    {lines:>9,} lines: {spread([t / lines * 1e6 for t in times], '{:.2f}')} µs/line "
              f"(min/median/max), peak {max(p for _, p in runs):,.0f} MiB", flush=True)


def row_report(sobriete: str, args) -> None:
    manifest = inventory(args.report_lines)
    times = []
    with tempfile.TemporaryDirectory() as temp:
        for _ in range(max(1, args.pairs // 3)):
            out = Path(temp) / "report"
            shutil.rmtree(out, ignore_errors=True)
            elapsed, peak = run([sobriete, "report", str(manifest), "--output", str(out)])
            times.append(elapsed)
        written = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
        largest = sorted(((p.stat().st_size, p.name) for p in out.rglob("*") if p.is_file()), reverse=True)[:3]
    shown = ", ".join(f"{name} {size / 1e6:.1f} MB" for size, name in largest)
    print(f"report     {args.report_lines:,} lines: {spread(times)} s, peak {peak:,.0f} MiB, "
          f"{written / 1e6:.1f} MB written (largest: {shown}) — target ≤ 10 s, ≤ 25 MB", flush=True)


def row_roadmap(sobriete: str, args) -> None:
    scenario = REPO / "inventories" / "scenario-metropole-rives.yaml"
    times = []
    with tempfile.TemporaryDirectory() as temp:
        for index in range(args.pairs):
            elapsed, peak = run([sobriete, "roadmap", str(scenario), "--output", str(Path(temp) / str(index))])
            times.append(elapsed)
    print(f"roadmap    métropole: {spread(times)} s (min/median/max), peak {peak:,.0f} MiB — target ≤ 1.2 s",
          flush=True)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", default=",".join(ROWS), help=f"comma-separated, among {', '.join(ROWS)}")
    parser.add_argument("--pairs", type=int, default=7, help="alternated runs per row (default 7)")
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--scaling", default="100000,1000000,3000000")
    parser.add_argument("--report-lines", type=int, default=300_000)
    parser.add_argument("--sobriete", default=str(Path(sys.executable).parent / "sobriete"),
                        help="the sobriete executable to measure (default: the one beside this Python)")
    args = parser.parse_args(argv)
    args.scaling = [int(v) for v in args.scaling.split(",") if v]
    rows = [r.strip() for r in args.rows.split(",") if r.strip()]
    load = os.getloadavg()[0]
    print(f"{args.sobriete}; {os.cpu_count()} CPUs, 1-minute load {load:.2f}"
          + (" — the machine is busy: figures are load-distorted" if load > 0.5 else ""), flush=True)
    for row in rows:
        if row in ("footprint", "validate"):
            row_ratio(row, args.sobriete, args, "≤ 1.0×" + (", ≤ 600 MiB" if row == "footprint" else ""))
        elif row == "scaling":
            row_scaling(args.sobriete, args)
        elif row == "report":
            row_report(args.sobriete, args)
        elif row == "roadmap":
            row_roadmap(args.sobriete, args)
        else:
            raise SystemExit(f"unknown row {row!r} (allowed: {', '.join(ROWS)})")


if __name__ == "__main__":
    main()
