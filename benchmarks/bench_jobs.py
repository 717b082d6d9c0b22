"""Gig-market matching benchmark (a script, not a test): every seeker's top 10 postings.

100,000 seekers × 20,000 postings from ``jiuye synth`` (``--job-seekers/--job-postings``), blocked by
county: the seekers of a county meet the postings of that county, its neighbours and the counties
they can reach (90 blocks, NumPy matrices per block, no loop over rows); the score and its parts as
in :mod:`jiuye.jobs.matching`. Reports the time to load the arrays, to score and rank, the pairs
scored, and checks a sample of seekers against brute force over all postings.

    jiuye synth --persons 0 --enterprises 0 --job-seekers 100000 --job-postings 20000 --out /tmp/jobs
    .venv/bin/python benchmarks/bench_jobs.py --from /tmp/jobs          # tables written by jiuye synth
    .venv/bin/python benchmarks/bench_jobs.py                           # generate in-process (same generator)
    .venv/bin/python benchmarks/bench_jobs.py --seekers 20000 --postings 4000 --repeat 3
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import date
from pathlib import Path

import numpy as np
import polars as pl

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from jiuye.jobs import matching  # noqa: E402
from jiuye.jobs.synth import synth_jobs  # noqa: E402


def pairs_scored(seekers: matching.Seekers, postings: matching.Postings) -> int:
    idx, nb = matching.county_index()
    s_per = np.bincount(seekers.county[seekers.county >= 0], minlength=len(idx))
    p_per = np.bincount(postings.county[postings.county >= 0], minlength=len(idx))
    cand = (nb | np.eye(len(idx), dtype=bool)).astype(np.int64) @ p_per
    return int((s_per * cand).sum())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--from", dest="source", type=Path, help="folder with job_seekers/job_postings.parquet")
    ap.add_argument("--seekers", type=int, default=100_000)
    ap.add_argument("--postings", type=int, default=20_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--k", type=int, default=10)
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--check", type=int, default=200, help="seekers checked against brute force")
    ap.add_argument("--workers", type=int, default=None, help="threads (default: min(4, cores))")
    args = ap.parse_args()

    t0 = time.perf_counter()
    if args.source:
        seek = pl.read_parquet(args.source / "job_seekers.parquet")
        post = pl.read_parquet(args.source / "job_postings.parquet")
        origin = f"read from {args.source}"
    else:
        seek, post = synth_jobs(args.seekers, args.postings, seed=args.seed, ref=date(2026, 12, 1))
        origin = f"generated in-process (seed {args.seed})"
    t_data = time.perf_counter() - t0
    print(f"data: {seek.height:,} seekers × {post.height:,} postings, {origin} in {t_data:.2f} s")

    best, best_cpu = [], []
    for run in range(args.repeat):
        t1, c1 = time.perf_counter(), time.process_time()
        seekers, postings = matching.Seekers.build(seek), matching.Postings.build(post)
        t2, c2 = time.perf_counter(), time.process_time()
        top = matching.province_top_k(seekers, postings, k=args.k, workers=args.workers)
        t3, c3 = time.perf_counter(), time.process_time()
        best.append(t3 - t1)
        best_cpu.append(c3 - c1)
        print(f"run {run + 1}: arrays {t2 - t1:.2f} s + score and rank {t3 - t2:.2f} s = {t3 - t1:.2f} s wall "
              f"({c3 - c1:.2f} s CPU: {c2 - c1:.2f} + {c3 - c2:.2f})")

    n_pairs = pairs_scored(seekers, postings)
    with_any = top["seeker_id"].n_unique()
    print(f"pairs scored (after county blocking): {n_pairs:,} "
          f"({n_pairs / (seek.height * post.height):.1%} of all {seek.height * post.height:,})")
    print(f"result: {top.height:,} rows; {with_any:,} seekers with at least one match; "
          f"{(top.group_by('seeker_id').len()['len'] == args.k).sum():,} with a full top {args.k}")

    rng = np.random.default_rng(7)
    sample = rng.choice(len(seekers.ids), size=min(args.check, len(seekers.ids)), replace=False)
    block = seekers.take(sample)
    full = matching.score(block, postings).total
    mismatches = 0
    for i, sid in enumerate(block.ids):  # the check only: 200 seekers against every posting
        row = full[i]
        want = np.sort(row[np.isfinite(row)])[::-1][: args.k]
        got = top.filter(pl.col("seeker_id") == sid).sort("rank")["score"].to_numpy()
        mismatches += not np.allclose(got, want)
    print(f"brute-force check of {len(block.ids)} seekers: {mismatches} mismatches")
    fastest, cpu = min(best), min(best_cpu)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"every seeker's top {args.k}: {fastest:.2f} s wall, {cpu:.2f} s CPU (all threads; load average {load:.1f} "
          f"on {os.cpu_count()} cores) — target < 10 s: {'PASS' if fastest < 10 else 'wall FAIL'}"
          f"{'' if fastest < 10 else (', CPU PASS' if cpu < 10 else ', CPU FAIL')}")


if __name__ == "__main__":
    main()
