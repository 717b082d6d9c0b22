"""Matching benchmark (not a test): persons per second and peak memory of ``jiuye match``.

    .venv/bin/python benchmarks/bench_match.py [--sizes 1000000 10000000] [--workdir /tmp/jiuye-bench] [--workers N]
        [--formats parquet arrow]

For each size N it writes (once, reused afterwards) a synthetic population of N persons and N/10
businesses with ``jiuye synth`` under ``--workdir`` (never inside the repository) and, for
``--formats arrow``, its Arrow IPC copy with ``jiuye population convert`` (once, timed); then, for
each input format, runs ``jiuye match`` over the whole catalogue in a fresh process and reports wall time, subjects per
second, its CPU time (user + system of it and its worker processes: the honest figure on a
shared machine) and its peak resident memory: the sum of each process's peak (``VmHWM``, from the
run's ``timings.json``; an upper bound of what the run held at once), and the largest single
process (``getrusage`` of the children: ru_maxrss). Prints a Markdown table, then persons and
enterprises separately (from ``timings.json``: loading the plans and the ledger, each subject type's
chunks, wall of the slowest process and CPU of all processes and threads; the merge of the parts),
then each process's own figures.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

PY = sys.executable

CHILD = """
import json, resource, subprocess, sys, time
t = time.perf_counter()
p = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
wall = time.perf_counter() - t
if p.returncode:
    sys.stderr.write(p.stderr[-4000:])
    sys.exit(p.returncode)
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"seconds": wall, "cpu": ru.ru_utime + ru.ru_stime, "max_rss_kib": ru.ru_maxrss}))
"""


def measured(cmd: list[str]) -> dict[str, float]:
    """Run ``cmd`` in a fresh process; its wall time and peak RSS only."""
    out = subprocess.run([PY, "-c", CHILD, *cmd], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def jiuye(*args: str) -> list[str]:
    return [PY, "-c", "from jiuye.cli import app; app()", *args]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[1_000_000, 10_000_000])
    ap.add_argument("--workdir", type=Path, default=Path("/tmp/jiuye-bench"))
    ap.add_argument("--as-of", default="2025-06-30")
    ap.add_argument("--chunk-rows", type=int, default=250_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--workers", type=int, default=None, help="jiuye match --workers (default: its own)")
    ap.add_argument("--formats", nargs="+", choices=["parquet", "arrow"], default=["parquet", "arrow"],
                    help="subject tables read: the Parquet export, and/or the Arrow IPC file jiuye population "
                         "convert makes of it (once, timed)")
    args = ap.parse_args()
    repo = Path(__file__).resolve().parents[1]
    if args.workdir.resolve().is_relative_to(repo):
        sys.exit("--workdir must be outside the repository")
    from jiuye.catalogue.registry import CATALOGUE

    rows, parts, converted = [], [], []
    for n in args.sizes:
        pop = args.workdir / f"pop_{n}"
        synth_s = None
        if not (pop / "history.parquet").exists():
            t = time.perf_counter()
            subprocess.run(jiuye("synth", "--persons", str(n), "--enterprises", str(n // 10), "--seed", str(args.seed),
                                 "--out", str(pop), "--as-of", args.as_of), check=True, stdout=subprocess.DEVNULL)
            synth_s = time.perf_counter() - t
        for fmt in args.formats:
            if fmt == "arrow" and not all((pop / f"{t}.arrow").exists() for t in ("persons", "enterprises")):
                c = measured(jiuye("population", "convert", str(pop / "persons.parquet"),
                                   str(pop / "enterprises.parquet")))
                converted.append((n, c["seconds"], c["cpu"], c["max_rss_kib"] / 1024))
            out = args.workdir / f"match_{n}_{fmt}"
            m = measured(jiuye("match", "--persons", str(pop / f"persons.{fmt}"), "--enterprises",
                               str(pop / f"enterprises.{fmt}"), "--history", str(pop / "history.parquet"),
                               "--as-of", args.as_of, "--out", str(out), "--chunk-rows", str(args.chunk_rows),
                               *(["--workers", str(args.workers)] if args.workers else [])))
            import polars as pl

            unpaid = pl.scan_parquet(out / "unpaid.parquet").select(pl.len()).collect().item()
            subjects = n + n // 10
            timing = json.loads((out / "timings.json").read_text())
            procs = timing.pop("processes", [])
            timing.pop("run", None)
            total_rss = sum(p["peak_rss_mib"] for p in procs) or m["max_rss_kib"] / 1024
            size = sum((pop / f"{t}.{fmt}").stat().st_size for t in ("persons", "enterprises")) / 2**20
            rows.append((n, n // 10, fmt, size, synth_s, m["seconds"], m["cpu"], subjects / m["seconds"], total_rss,
                         m["max_rss_kib"] / 1024, len(procs), unpaid))
            parts.append((f"{n:,} {fmt}", timing, procs))
    print(f"\n{len(CATALOGUE)} provisions; {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs; "
          f"Python {platform.python_version()}; chunk {args.chunk_rows:,} rows\n")
    print("| persons | enterprises | input | input size (MiB) | synth (s) | match wall (s) | match CPU (s) | "
          "subjects/s | processes | peak RSS, sum (MiB) | largest process (MiB) | unpaid rows |")
    print("|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for n, e, fmt, size, s, secs, cpu, rate, rss, largest, procs, unpaid in rows:
        print(f"| {n:,} | {e:,} | {fmt} | {size:,.0f} | {'reused' if s is None else f'{s:.1f}'} | {secs:.1f} | "
              f"{cpu:.1f} | {rate:,.0f} | {procs} | {rss:,.0f} | {largest:,.0f} | {unpaid:,} |")
    for n, secs, cpu, rss in converted:
        print(f"\n{n:,} persons: jiuye population convert (Parquet -> Arrow, once) {secs:.1f} s wall, "
              f"{cpu:.1f} CPU-s, peak {rss:,.0f} MiB")
    print("\n| run | part | rows | wall (s) | CPU (s) | rows/s (wall) | rows/CPU-s |")
    print("|---|---|---:|---:|---:|---:|---:|")
    names = {"load": "load ledger, plans", "person": "persons", "enterprise": "enterprises",
             "merge": "merge the parts (sort, write)"}

    def line(run: str, part: str, t: dict) -> None:
        ok = t["rows"] and part != "merge" and t["seconds"] > 0 and t["cpu_seconds"] > 0
        rate = f"{t['rows'] / t['seconds']:,.0f} | {t['rows'] / t['cpu_seconds']:,.0f}" if ok else "— | —"
        print(f"| {run} | {part} | {t['rows']:,} | {t['seconds']:.1f} | {t['cpu_seconds']:.1f} | {rate} |")

    for run, timing, _ in parts:
        for part, t in timing.items():
            line(run, names.get(part, part), t)
    print("\n| run | process: part | rows | wall (s) | CPU (s) | rows/s (wall) | rows/CPU-s |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for run, _, procs in parts:
        for i, proc in enumerate(procs):
            for part, t in proc.items():
                if part != "peak_rss_mib":
                    line(run, f"{i}: {names.get(part, part)}", t)
            print(f"| {run} | {i}: peak RSS {proc['peak_rss_mib']:,.0f} MiB | | | | | |")


if __name__ == "__main__":
    main()
