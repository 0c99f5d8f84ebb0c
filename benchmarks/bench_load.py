"""Load + validate of a large asset-level inventory, as a ratio to ``pandas.read_csv`` (issue 2).

    python benchmarks/bench_load.py                      # 1,000,000 lines, best of 3
    python benchmarks/bench_load.py --lines 100000 --repeat 5
    python benchmarks/bench_load.py --profile 30         # also print a cProfile of one load

1. Generates, if absent, a synthetic inventory of ``--lines`` lines with ``generate.py`` into
   ``benchmarks/data/inventory-<lines>-seed<seed>/`` (git-ignored): ``inventory.yaml`` naming
   ``devices.csv`` and ``hosting.csv`` (``;``-separated).
2. Times, in this same process and interleaved run by run, best of ``--repeat``:
   (a) ``pandas.read_csv(path, sep=';')`` of the same CSV files (default options otherwise);
   (b) ``sobriete.io.inventory.load_inventory(inventory.yaml, factors)``: read, parse units,
       map categories, validate, build the canonical frames. The factor set is loaded once,
       before timing (its cost is printed apart).
3. Measures the peak memory of (b), and of (a) for comparison, each in a fresh subprocess with
   ``resource.getrusage(RUSAGE_SELF).ru_maxrss`` (peak resident set size, whole process: Python
   objects, numpy/pandas buffers and the interpreter), and the RSS after imports and factor
   loading, so that the part due to loading the inventory can be read off.
4. Prints ``load+validate / read_csv = X.XX× (target ≤ 1.3×)``.

Factor set: ``--factors auto`` (default) uses the shipped ``factors/`` when
``factors/profiles.yaml`` exists and loads, else the frozen test set ``tests/fixtures/factors``.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import json
import os
import platform
import pstats
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
TARGET = 1.3

try:
    import sobriete  # noqa: F401
except ImportError:  # not installed: run from the checkout
    sys.path.insert(0, str(REPO))


def csv_files(manifest: Path) -> list[Path]:
    return [manifest.parent / "devices.csv", manifest.parent / "hosting.csv"]


def ensure_data(lines: int, seed: int, data_dir: Path, regenerate: bool) -> Path:
    folder = data_dir / f"inventory-{lines}-seed{seed}"
    manifest = folder / "inventory.yaml"
    if regenerate or not (manifest.is_file() and all(p.is_file() for p in csv_files(manifest))):
        # In a subprocess, so that this process stays small: a child's ru_maxrss starts from the
        # peak of the process that spawned it (Linux keeps it across exec).
        print(f"generating {lines:,} lines into {folder} …", file=sys.stderr, flush=True)
        subprocess.run([sys.executable, str(HERE / "generate.py"), str(lines), "--output", str(folder),
                        "--seed", str(seed)], check=True)
    return manifest


def load_factor_set(choice: str):
    """(factor set, description). `auto`: shipped if factors/profiles.yaml exists and loads."""
    from sobriete.errors import FactorDataError, InputErrors
    from sobriete.io.factor_files import load_factors

    fixture = REPO / "tests" / "fixtures" / "factors"
    shipped = REPO / "factors"
    if choice == "fixture":
        return load_factors(base=fixture), f"{fixture.relative_to(REPO)} (frozen test set)"
    if choice == "shipped":
        return load_factors(base=shipped), "factors/ (shipped)"
    if choice != "auto":
        return load_factors(base=choice), choice
    if (shipped / "profiles.yaml").is_file():
        try:
            return load_factors(base=shipped), "factors/ (shipped)"
        except (FactorDataError, InputErrors) as exc:
            reason = str(exc).splitlines()[0][:100]
            return load_factors(base=fixture), (f"{fixture.relative_to(REPO)} (frozen test set; the "
                                                f"shipped factors/ does not load yet: {reason})")
    return load_factors(base=fixture), f"{fixture.relative_to(REPO)} (frozen test set)"


def read_csv_all(manifest: Path):
    import pandas as pd

    return [pd.read_csv(path, sep=";") for path in csv_files(manifest)]


def load(manifest: Path, factors):
    from sobriete.io.inventory import load_inventory

    return load_inventory(manifest, factors)


def timed(fn, *args) -> float:
    gc.collect()
    start = time.perf_counter()
    result = fn(*args)
    elapsed = time.perf_counter() - start
    del result
    return elapsed


def rss_mb() -> float:
    """Peak resident set size of this process so far, in MB (ru_maxrss is in KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def hwm_mb() -> float | None:
    """Linux's own high-water mark (VmHWM), to cross-check ru_maxrss; None elsewhere."""
    try:
        with open("/proc/self/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def busy_cpus(seconds: float = 1.0) -> float | None:
    """How many CPUs other processes keep busy, from two reads of /proc/stat (None elsewhere)."""
    def sample():
        with open("/proc/stat", encoding="ascii") as handle:
            fields = [int(v) for v in handle.readline().split()[1:]]
        idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
        return sum(fields[:8]), idle

    try:
        total0, idle0 = sample()
        time.sleep(seconds)
        total1, idle1 = sample()
    except (OSError, ValueError, IndexError):
        return None
    if total1 == total0:
        return 0.0
    return (1 - (idle1 - idle0) / (total1 - total0)) * (os.cpu_count() or 1)


def child(mode: str, manifest: Path, factors_choice: str) -> int:
    """Run one load (or read_csv) in this fresh process and print peak RSS figures as JSON."""
    import pandas  # noqa: F401

    import sobriete.io.inventory  # noqa: F401

    factors, _ = load_factor_set(factors_choice)
    before = rss_mb()
    start = time.perf_counter()
    result = load(manifest, factors) if mode == "load" else read_csv_all(manifest)
    elapsed = time.perf_counter() - start
    print(json.dumps({"mode": mode, "rss_before_mb": before, "peak_rss_mb": rss_mb(), "vmhwm_mb": hwm_mb(),
                      "seconds": elapsed, "rows": (result.line_count if mode == "load"
                                                   else sum(len(f) for f in result))}))
    return 0


def measure_memory(mode: str, manifest: Path, factors_choice: str) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", mode, "--manifest", str(manifest),
                          "--factors", factors_choice], capture_output=True, text=True, check=False)
    if out.returncode != 0:
        raise RuntimeError(f"memory subprocess ({mode}) failed:\n{out.stderr[-2000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def profile(manifest: Path, factors, top: int, output: Path | None) -> None:
    profiler = cProfile.Profile()
    gc.collect()
    profiler.enable()
    result = load(manifest, factors)
    profiler.disable()
    del result
    if output:
        profiler.dump_stats(str(output))
        print(f"profile written to {output} (open with `python -m pstats` or snakeviz)")
    for key in ("tottime", "cumulative"):
        stream = io.StringIO()
        stats = pstats.Stats(profiler, stream=stream).strip_dirs().sort_stats(key)
        stats.print_stats(top)
        text = stream.getvalue()
        body = text[text.find("   ncalls"):] if "   ncalls" in text else text
        print(f"\n--- cProfile of one load_inventory, top {top} by {key} ---")
        print(body.rstrip())


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog="Example: python benchmarks/bench_load.py --lines 1000000 --repeat 3")
    parser.add_argument("--lines", type=int, default=1_000_000, help="inventory lines (default 1,000,000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each side; the best is kept (default 3)")
    parser.add_argument("--seed", type=int, default=42, help="generator seed (default 42)")
    parser.add_argument("--data-dir", type=Path, default=HERE / "data", help="where generated inventories go")
    parser.add_argument("--regenerate", action="store_true", help="regenerate the inventory even if present")
    parser.add_argument("--factors", default="auto", help="auto (default) | shipped | fixture | a folder")
    parser.add_argument("--no-memory", action="store_true", help="skip the peak-memory subprocesses")
    parser.add_argument("--profile", type=int, metavar="N", default=0,
                        help="also profile one load with cProfile and print the top N functions")
    parser.add_argument("--profile-output", type=Path, help="save the cProfile stats to this file")
    parser.add_argument("--check", action="store_true", help="exit 1 when the ratio is over the target")
    parser.add_argument("--child", choices=("load", "read_csv"), help=argparse.SUPPRESS)
    parser.add_argument("--manifest", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return child(args.child, args.manifest, args.factors)
    if args.lines < 2 or args.repeat < 1:
        parser.error("--lines must be ≥ 2 and --repeat ≥ 1")

    import numpy
    import pandas
    import pint

    import sobriete
    from sobriete.errors import InputErrors

    manifest = ensure_data(args.lines, args.seed, args.data_dir, args.regenerate)
    busy_start = busy_cpus()
    size_mb = sum(p.stat().st_size for p in csv_files(manifest)) / 1e6
    start = time.perf_counter()
    factors, factors_text = load_factor_set(args.factors)
    factors_seconds = time.perf_counter() - start

    print(f"sobriete load benchmark — {args.lines:,} lines, {size_mb:.1f} MB of CSV ({manifest})")
    print(f"python {platform.python_version()}, pandas {pandas.__version__}, numpy {numpy.__version__}, "
          f"pint {pint.__version__}; {os.cpu_count()} CPU(s); sobriete from {Path(sobriete.__file__).parent}")
    storage = getattr(pandas.Series(["a"]).dtype, "storage", "object")
    print(f"pandas string storage: {storage}" + (" (pyarrow is installed: read_csv builds Arrow strings "
                                                  "without Python objects, a much faster baseline)"
                                                  if storage == "pyarrow" else " (pyarrow not installed)"))
    print(f"factors: {factors_text}; loaded in {factors_seconds:.2f} s (not counted below)")

    # Memory first, while this process is still small (a child's ru_maxrss starts from its
    # parent's peak at the time it is spawned).
    memory = None
    if not args.no_memory:
        memory = (measure_memory("load", manifest, args.factors),
                  measure_memory("read_csv", manifest, args.factors))

    # Check once that the inventory is valid and complete (this run also warms pint's caches).
    try:
        inventory = load(manifest, factors)
    except InputErrors as exc:
        print(f"the generated inventory does not validate ({len(exc.problems)} problems):", file=sys.stderr)
        for problem in exc.problems[:10]:
            print(f"  {problem}", file=sys.stderr)
        return 1
    counts = {s: len(inventory.sections[s]) for s in ("devices", "hosting")}
    if sum(counts.values()) != args.lines:
        print(f"expected {args.lines} lines, loaded {counts}", file=sys.stderr)
        return 1
    del inventory

    read_times, load_times = [], []
    for _ in range(args.repeat):
        read_times.append(timed(read_csv_all, manifest))
        load_times.append(timed(load, manifest, factors))
    best_read, best_load = min(read_times), min(load_times)
    ratio = best_load / best_read

    def runs(times):
        return ", ".join(f"{t:.2f}" for t in times)

    print(f"lines: {counts['devices']:,} devices + {counts['hosting']:,} hosting")
    print(f"(a) pandas.read_csv (sep=';', default options), {len(csv_files(manifest))} files: "
          f"best {best_read:.2f} s of {args.repeat} ({runs(read_times)})")
    print(f"(b) load_inventory (load + validate): best {best_load:.2f} s of {args.repeat} "
          f"({runs(load_times)}) = {best_load / args.lines * 1e6:.2f} µs/line")

    if memory:
        mem_load, mem_read = memory
        print("peak memory, one run in a fresh subprocess (resource.getrusage(RUSAGE_SELF).ru_maxrss, "
              "i.e. peak RSS; Linux VmHWM in brackets):")
        for label, mem, before in (("(b) load_inventory", mem_load, "after imports and factors"),
                                   ("(a) read_csv      ", mem_read, "after imports")):
            hwm = f" [{mem['vmhwm_mb']:,.0f}]" if mem.get("vmhwm_mb") else ""
            print(f"    {label}: {mem['peak_rss_mb']:,.0f} MB{hwm} peak; {mem['rss_before_mb']:,.0f} MB "
                  f"{before} → +{mem['peak_rss_mb'] - mem['rss_before_mb']:,.0f} MB for the run")

    if busy_start is not None and busy_start >= 0.3:
        print(f"warning: other processes kept {busy_start:.1f} of {os.cpu_count()} CPUs busy just before "
              f"the timings: times are noisy, rerun on a quiet machine")
    verdict = "met" if ratio <= TARGET else "NOT met"
    print(f"load+validate / read_csv = {ratio:.2f}× (target ≤ {TARGET}×) — {verdict}")

    if args.profile:
        profile(manifest, factors, args.profile, args.profile_output)
    return 1 if args.check and ratio > TARGET else 0


if __name__ == "__main__":
    sys.exit(main())
