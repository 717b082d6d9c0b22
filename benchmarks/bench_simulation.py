"""Simulation benchmark (not a test): ``jiuye simulate`` (baseline and reform) against one ``jiuye match``.

    .venv/bin/python benchmarks/bench_simulation.py [--sizes 1000000 10000000] [--workdir /tmp/jiuye-bench]

For each size N it writes (once, reused afterwards, and shared with ``bench_match.py``) a synthetic
population of N persons and N/10 businesses under ``--workdir`` (never inside the repository),
then runs, each in a fresh process: ``jiuye match`` (the reference), and ``jiuye simulate`` with
``examples/reforms/art24_cap_30000.yaml`` for one year (baseline and reform), the same with
``--full`` (the reform evaluated in full, the cost of a reform touching everything), and for
three years. Reports wall time, CPU time (user + system: the steadier figure on a shared
machine), peak resident memory, and the ratio to the match run. Prints a Markdown table.
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
REPO = Path(__file__).resolve().parents[1]
REFORM = REPO / "examples" / "reforms" / "art24_cap_30000.yaml"

CHILD = """
import json, resource, subprocess, sys, time
t = time.perf_counter()
p = subprocess.run(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
wall = time.perf_counter() - t
if p.returncode:
    sys.stderr.write(p.stderr[-4000:])
    sys.exit(p.returncode)
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"seconds": wall, "cpu": ru.ru_utime + ru.ru_stime, "max_rss_kib": ru.ru_maxrss,
                  "stdout_tail": p.stdout.strip().splitlines()[-1] if p.stdout.strip() else ""}))
"""


def measured(cmd: list[str]) -> dict:
    """Run ``cmd`` in a fresh process: wall time, CPU time, peak RSS, last stdout line."""
    out = subprocess.run([PY, "-c", CHILD, *cmd], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def jiuye(*args: str) -> list[str]:
    return [PY, "-c", "from jiuye.cli import app; app()", *args]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[1_000_000, 10_000_000])
    ap.add_argument("--workdir", type=Path, default=Path("/tmp/jiuye-bench"))
    ap.add_argument("--as-of", default="2025-06-30")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--skip-full", action="store_true", help="leave out the --full run")
    args = ap.parse_args()
    if args.workdir.resolve().is_relative_to(REPO):
        sys.exit("--workdir must be outside the repository")

    rows = []
    for n in args.sizes:
        pop = args.workdir / f"pop_{n}"
        synth_s = None
        if not (pop / "history.parquet").exists():
            t = time.perf_counter()
            subprocess.run(jiuye("synth", "--persons", str(n), "--enterprises", str(n // 10), "--seed", str(args.seed),
                                 "--out", str(pop), "--as-of", args.as_of), check=True, stdout=subprocess.DEVNULL)
            synth_s = time.perf_counter() - t
        match = measured(jiuye("match", "--persons", str(pop / "persons.parquet"), "--enterprises",
                               str(pop / "enterprises.parquet"), "--history", str(pop / "history.parquet"),
                               "--as-of", args.as_of, "--out", str(args.workdir / f"match_{n}")))
        runs = [("1 year (2025)", ["--years", "2025"]), ("1 year, --full", ["--years", "2025", "--full"]),
                ("3 years (2024–2026)", ["--years", "2024-2026"])]
        if args.skip_full:
            runs = [r for r in runs if "--full" not in r[1]]
        for label, extra in runs:
            sim = measured(jiuye("simulate", str(REFORM), "--population", str(pop), "--json",
                                 "--out", str(args.workdir / f"sim_{n}"), *extra))
            figures = json.loads(sim["stdout_tail"])
            rows.append((n, synth_s, label, match, sim, figures))
            synth_s = None

    print(f"\n{platform.processor() or platform.machine()}, {os.cpu_count()} CPUs; Python {platform.python_version()}; "
          f"reform {REFORM.name}\n")
    print("| persons | run | match wall (s) | match CPU (s) | simulate wall (s) | simulate CPU (s) | wall ratio | "
          "CPU ratio | peak RSS (MiB) | difference (fen) | beneficiaries (baseline → reform) |")
    print("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for n, _, label, m, s, f in rows:
        print(f"| {n:,} | {label} | {m['seconds']:.1f} | {m['cpu']:.1f} | {s['seconds']:.1f} | {s['cpu']:.1f} | "
              f"{s['seconds'] / m['seconds']:.2f} | {s['cpu'] / m['cpu']:.2f} | {s['max_rss_kib'] / 1024:,.0f} | "
              f"{f['difference_fen']:,} | {f['baseline_beneficiaries']:,} → {f['reform_beneficiaries']:,} |")


if __name__ == "__main__":
    main()
