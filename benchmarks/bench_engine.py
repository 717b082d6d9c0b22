"""Engine benchmark (not a test): single-case latency and table throughput.

    .venv/bin/python benchmarks/bench_engine.py [--persons 1000000] [--single 2000]

Prints p50/p99 of one case against the whole catalogue (with and without explanation trees)
and persons per second of the vectorized path over generated persons.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import date
from pathlib import Path

import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.engine.gen import random_cases  # noqa: E402

from jiuye.catalogue.registry import (
    CATALOGUE,  # noqa: E402
    evaluate_case,  # noqa: E402
    evaluate_frame,  # noqa: E402
)
from jiuye.facts.models import Case  # noqa: E402
from jiuye.params import PARAMETERS  # noqa: E402

AS_OF = date(2025, 6, 30)


def pct(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(q * len(xs)))]


def bench_single(n: int) -> None:
    cases, _, _ = random_cases(n, seed=1)
    parsed = [Case.model_validate(c) for c in cases]
    snap = PARAMETERS.snapshot(AS_OF)
    for explain in (False, True):
        times = []
        for c in parsed:
            t = time.perf_counter()
            r = evaluate_case(c, AS_OF, snapshot=snap, explain=explain)
            if explain:  # building the explanation trees is part of the work
                r.to_dict(explain=True)
            times.append((time.perf_counter() - t) * 1000)
        print(f"single case, {len(CATALOGUE)} provisions, {'with explanation trees (to_dict)' if explain else 'outcomes only'}: "
              f"p50 {statistics.median(times):.3f} ms, p99 {pct(times, 0.99):.3f} ms  (n={n})")


def bench_batch(persons: int) -> None:
    base_n = min(persons, 100_000)
    _, frame, history = random_cases(base_n, seed=2)
    reps = max(1, persons // base_n)
    frames = [frame.with_columns((pl.col("person.person_id") + f"_{r}").alias("person.person_id")) for r in range(reps)]
    hist = [history.with_columns((pl.col("subject_id") + f"_{r}").alias("subject_id")) for r in range(reps)]
    big, big_hist = pl.concat(frames), pl.concat(hist)
    snap = PARAMETERS.snapshot(AS_OF)
    t = time.perf_counter()
    out = evaluate_frame(big, AS_OF, history=big_hist, snapshot=snap, key="person.person_id")
    dt = time.perf_counter() - t
    eligible = sum(out.get_column(f"{p.id}:outcome").eq("eligible").sum() for p in CATALOGUE)
    print(f"table path: {big.height:,} persons × {len(CATALOGUE)} provisions in {dt:.2f} s "
          f"= {big.height / dt:,.0f} persons/s ({eligible:,} eligible outcomes)")


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--persons", type=int, default=1_000_000)
    ap.add_argument("--single", type=int, default=2000)
    a = ap.parse_args()
    bench_single(a.single)
    bench_batch(a.persons)
