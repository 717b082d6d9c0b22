"""Engine benchmark (not a test): single-case latency and table throughput.

    POLARS_MAX_THREADS=1 .venv/bin/python benchmarks/bench_engine.py [--persons 1000000] [--single 2000]
        [--parts single,table,stream] [--chunk-rows 100000] [--threads 1]

- ``single``: CPU p50/p99 (``time.process_time``) of one case against the whole catalogue: outcomes
  only, and the API's encoded answer (``jiuye.web.api.evaluation_json``) with explanation trees
  (v1 default and ``all``) and v2's compact one;
- ``table``: ``evaluate_table`` over generated persons with their ledger, the whole result held
  (a ``TableResult``: per place block its rows and compact outputs), eligible outcomes counted;
- ``stream``: the same table chunk by chunk (``iter_table``), each chunk's outcomes counted and
  dropped — what a caller writing results as it goes holds;
  (``--threads 2``: chunks evaluated two at a time in threads; the catalogue's default 1, one after
  the other)
- ``wide``: ``evaluate_frame``, the whole full-width result (a column per provision and output).

Each table part runs in its own process so its peak RSS (``VmHWM``) is its own; it prints wall
time, process CPU (user+sys) and persons/s by each, and the peak RSS with the RSS before the run
(the generated input). The persons are ``--persons // 100000`` copies of 100,000 generated cases
(ids suffixed per copy; ~1.7 ledger records per person); the generated base is cached in the
temporary directory.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.engine.gen import random_cases  # noqa: E402

from jiuye.catalogue.registry import (  # noqa: E402
    CATALOGUE,
    CHUNK_ROWS,
    THREADS,
    evaluate_case,
    evaluate_frame,
    evaluate_table,
    iter_table,
)
from jiuye.facts.models import Case  # noqa: E402
from jiuye.params import PARAMETERS  # noqa: E402

AS_OF = date(2025, 6, 30)
BASE = 100_000


def pct(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(q * len(xs)))]


def bench_single(n: int) -> None:
    """CPU per case (``time.process_time``: the steady figure on a shared machine; wall beside it):
    outcomes only, and the bytes ``POST /api/v1/evaluate`` sends (``jiuye.web.api.evaluation_json``)
    with its default explanation trees, with every provision's (``explain="all"``) and compact (v2)."""
    from jiuye.web.api import evaluation_json

    cases, _, _ = random_cases(n, seed=1)
    parsed = [Case.model_validate(c) for c in cases]
    snap = PARAMETERS.snapshot(AS_OF)
    variants = {
        "outcomes only": lambda c: evaluate_case(c, AS_OF, snapshot=snap, explain=False),
        "API answer, explanation trees encoded (evaluation_json)":
            lambda c: evaluation_json(evaluate_case(c, AS_OF, snapshot=snap, explain=True), True),
        "API answer, every provision's trees (explain=all)":
            lambda c: evaluation_json(evaluate_case(c, AS_OF, snapshot=snap, explain=True), "all"),
        "API v2 compact answer (explain=compact)":
            lambda c: evaluation_json(evaluate_case(c, AS_OF, snapshot=snap, explain=True), "compact"),
    }
    for what, fn in variants.items():
        for c in parsed[:20]:  # warm-up: compiled provisions, caches
            fn(c)
        cpu, wall = [], []
        for c in parsed:
            t, p = time.perf_counter_ns(), time.process_time_ns()
            fn(c)
            cpu.append((time.process_time_ns() - p) / 1e6)
            wall.append((time.perf_counter_ns() - t) / 1e6)
        print(f"single case, {len(CATALOGUE)} provisions, {what}: CPU p50 {statistics.median(cpu):.3f} ms, "
              f"p99 {pct(cpu, 0.99):.3f} ms (wall p50 {statistics.median(wall):.3f} ms, p99 {pct(wall, 0.99):.3f} ms)"
              f"  (n={n})", flush=True)


def base_tables(n: int) -> tuple[pl.DataFrame, pl.DataFrame]:
    cache = Path(tempfile.gettempdir()) / f"jiuye_bench_engine_{n}_seed2"
    fp, hp = cache.with_suffix(".persons.parquet"), cache.with_suffix(".ledger.parquet")
    if fp.exists() and hp.exists():
        return pl.read_parquet(fp), pl.read_parquet(hp)
    _, frame, history = random_cases(n, seed=2)
    frame.write_parquet(fp)
    history.write_parquet(hp)
    return frame, history


def tables(persons: int) -> tuple[pl.DataFrame, pl.DataFrame]:
    frame, history = base_tables(min(persons, BASE))
    reps = max(1, persons // BASE)
    big = pl.concat([frame.with_columns(pl.col("person.person_id") + f"_{r}") for r in range(reps)])
    hist = pl.concat([history.with_columns(pl.col("subject_id") + f"_{r}") for r in range(reps)])
    return big, hist


def cpu() -> float:
    ru = resource.getrusage(resource.RUSAGE_SELF)
    return ru.ru_utime + ru.ru_stime


def peak_mib() -> float:
    """This process's peak RSS (VmHWM: reset at exec, unlike ru_maxrss which a child inherits)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def bench_table(persons: int, part: str, chunk_rows: int, threads: int) -> None:
    big, big_hist = tables(persons)
    snap = PARAMETERS.snapshot(AS_OF)
    before = peak_mib()
    args = {"history": big_hist, "snapshot": snap, "key": "person.person_id", "chunk_rows": chunk_rows,
            "threads": threads}
    t, c = time.perf_counter(), cpu()
    if part == "stream":
        eligible = sum(sum(out.count().values()) for out in iter_table(big, AS_OF, **args))
    elif part == "table":
        result = evaluate_table(big, AS_OF, **args)
        eligible = sum(result.count().values())
    else:
        wide = evaluate_frame(big, AS_OF, **args)
        eligible = sum(wide.get_column(f"{p.id}:outcome").eq("eligible").sum() for p in CATALOGUE)
    dt, dc = time.perf_counter() - t, cpu() - c
    what = {"stream": "streamed (each chunk's TableResult counted and dropped)",
            "table": "whole result held (TableResult, compact per place block)",
            "wide": "whole full-width result returned (evaluate_frame)"}[part]
    print(f"table path, {what}: {big.height:,} persons × {len(CATALOGUE)} provisions, {big_hist.height:,} ledger "
          f"records, chunks of {chunk_rows:,}, {threads} thread(s): wall {dt:.2f} s = {big.height / dt:,.0f} persons/s; "
          f"CPU {dc:.2f} s = {big.height / dc:,.0f} persons/CPU-s; peak RSS {peak_mib():,.0f} MiB "
          f"(input {before:,.0f} MiB); {eligible:,} eligible outcomes", flush=True)


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--persons", type=int, default=1_000_000)
    ap.add_argument("--single", type=int, default=2000)
    ap.add_argument("--parts", default="single,table,stream", help="any of single,table,stream,wide")
    ap.add_argument("--chunk-rows", type=int, default=CHUNK_ROWS)
    ap.add_argument("--threads", type=int, default=THREADS, help="chunks evaluated side by side")
    ap.add_argument("--in-process", action="store_true", help=argparse.SUPPRESS)
    a = ap.parse_args()
    parts = a.parts.split(",")
    if a.in_process:
        for part in parts:
            if part == "single":
                bench_single(a.single)
            else:
                bench_table(a.persons, part, a.chunk_rows, a.threads)
        sys.exit(0)
    if "single" in parts:
        bench_single(a.single)
    base_tables(min(a.persons, BASE))  # generate once, before the timed children
    for part in ("table", "stream", "wide"):
        if part in parts:  # its own process: its own peak RSS
            subprocess.run([sys.executable, __file__, "--in-process", "--parts", part, "--persons", str(a.persons),
                            "--chunk-rows", str(a.chunk_rows), "--threads", str(a.threads)], check=True)
