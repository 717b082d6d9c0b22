"""Parity with timelines: single case == Polars table == Spark, on generated persons and enterprises
with random status spells and ledgers; and ``jiuye match`` gives the same rows on both engines.

The population is small (Spark local mode, the run's one session): uniformly random subjects plus
one aimed at each provision (``tests.engine.gen``), about half with spells (a long table
``subject_id, kind, from, to, attrs…``) and with ledger records carrying periods and amounts, so
status on a clause's date, maximum durations, one-time grants, yearly caps and "at most N times"
are all compared: outcome, amount, remaining months and total still payable, for every provision.

Timings of this population (Polars vs Spark): ``JIUYE_PARITY_TIMINGS=1`` prints them::

    JIUYE_PARITY_TIMINGS=1 PYTHONPATH=src .venv/bin/python -m pytest tests/matching/test_spark_parity.py -q -s
"""

from __future__ import annotations

import os
import time
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from jiuye.catalogue.registry import CATALOGUE, evaluate_case, evaluate_frame
from jiuye.facts.models import Case
from jiuye.params import PARAMETERS
from tests.engine.gen import add_timelines, random_cases

SETTINGS = [
    (date(2025, 6, 30), None),
    (date(2026, 3, 1), {"hz_2022_draft.effective_date": date(2022, 9, 1),
                        "hz_2022_draft.certification_cutoff": date(2022, 9, 1)}),
]
N_RANDOM, N_FOCUSED = 200, 1  # uniformly random subjects; subjects aimed at each provision (148 provisions)
KEY = "person.person_id"
COLS = ["outcome", "amount_fen", "max_duration_months", "total_payable_fen"]
TIMINGS: dict[str, float] = {}


@cache
def population(i: int) -> tuple[list[dict[str, Any]], pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    as_of, overrides = SETTINGS[i]
    snap = PARAMETERS.snapshot(as_of, overrides)
    cases, frame, history = random_cases(N_RANDOM, seed=40 + i, focus=(as_of, snap, N_FOCUSED))
    spells, history = add_timelines(cases, history, seed=70 + i)
    return cases, frame, history, spells


def _long(wide: pl.DataFrame) -> pl.DataFrame:
    return pl.concat([wide.select(pl.col(KEY).alias("subject_id"), pl.lit(p.id).alias("provision_id"),
                                  *[pl.col(f"{p.id}:{c}").alias(c) for c in COLS]) for p in CATALOGUE])


@pytest.mark.parametrize("i", range(len(SETTINGS)), ids=[s[0].isoformat() for s in SETTINGS])
def test_single_table_and_spark_agree_with_spells_and_ledgers(spark: Any, tmp_path: Path, i: int) -> None:
    from jiuye.matching.spark import evaluate_spark

    as_of, overrides = SETTINGS[i]
    snap = PARAMETERS.snapshot(as_of, overrides)
    cases, frame, history, spells = population(i)
    assert spells.height > 100 and history.filter(pl.col("period_start").is_not_null()).height > 100
    start = time.perf_counter()
    table = _long(evaluate_frame(frame, as_of, history=history, spells=spells, snapshot=snap, key=KEY))
    TIMINGS[f"polars {as_of}"] = time.perf_counter() - start
    frame.write_parquet(tmp_path / "subjects.parquet")
    start = time.perf_counter()
    on_spark = pl.from_arrow(evaluate_spark(spark, tmp_path / "subjects.parquet", as_of, key=KEY, out=tmp_path,
                                            history=history, spells=spells, overrides=overrides).toArrow())
    TIMINGS[f"spark {as_of}"] = time.perf_counter() - start
    assert isinstance(on_spark, pl.DataFrame)
    by = ["subject_id", "provision_id"]
    assert on_spark.height == table.height == len(cases) * len(CATALOGUE)
    # Spark == Polars: every column of every (subject, provision), nulls included
    diff = table.sort(by).select(by + COLS).with_columns(pl.col(c).cast(on_spark.schema[c]) for c in COLS)
    assert diff.equals(on_spark.sort(by).select(by + COLS))
    # single == Polars (as tests/engine/test_parity.py compares them)
    rows = {(r["subject_id"], r["provision_id"]): r for r in table.iter_rows(named=True)}
    mismatches = []
    for raw in cases:
        sid = raw["person"]["person_id"]
        for r in evaluate_case(Case.model_validate(raw), as_of, snapshot=snap, explain=False).results:
            t = rows[(sid, r.provision.id)]
            paid = r.outcome in ("eligible", "superseded")
            want = (r.outcome, r.amount_fen if r.outcome != "unknown" else None,
                    r.max_duration_months if paid else None, r.total_payable_fen if paid else None)
            got = (t["outcome"], t["amount_fen"] if t["outcome"] != "unknown" else None,
                   t["max_duration_months"] if paid else None, t["total_payable_fen"] if paid else None)
            if got != want:
                mismatches.append((sid, r.provision.id, want, got))
    assert not mismatches, f"{len(mismatches)} mismatches, first: {mismatches[:5]}"
    # the ledger and the spells decided something: limits met and missed on both sides
    limited = table.join(pl.DataFrame({"provision_id": [p.id for p in CATALOGUE if p.limits]}), on="provision_id")
    assert set(limited.get_column("outcome").unique()) >= {"eligible", "not_eligible"}


def test_match_on_spark_equals_local_with_spells_and_ledgers(spark: Any, tmp_path: Path) -> None:
    """``jiuye match`` on both engines with ``--spells`` and ``--history``: the same unpaid rows."""
    from jiuye.matching.run import run_local
    from jiuye.matching.spark import run_spark

    as_of = SETTINGS[0][0]
    _, frame, history, spells = population(0)
    frame.write_parquet(tmp_path / "persons.parquet")
    frame.with_columns(pl.col(KEY).alias("enterprise.enterprise_id")).write_parquet(tmp_path / "enterprises.parquet")
    args: dict[str, Any] = {"persons": tmp_path / "persons.parquet", "enterprises": tmp_path / "enterprises.parquet",
                            "as_of": as_of, "history": history, "spells": spells}
    start = time.perf_counter()
    local = run_local(out=tmp_path / "local", chunk_rows=1_000, **args)
    TIMINGS["match local"] = time.perf_counter() - start
    start = time.perf_counter()
    remote = run_spark(out=tmp_path / "spark", spark=spark, **args)
    TIMINGS["match spark"] = time.perf_counter() - start
    a = pl.read_parquet(tmp_path / "local" / "unpaid.parquet").sort(pl.all())
    b = pl.read_parquet(str(tmp_path / "spark" / "unpaid.parquet" / "*.parquet")).sort(pl.all())
    assert a.height > 50 and a.get_column("total_payable_fen").is_not_null().any()
    assert a.equals(b.select(a.columns))
    assert local.summary.equals(remote.summary.select(local.summary.columns))
    # without the spells the same run finds other rows: the spells reach both engines
    without = run_local(out=tmp_path / "nospells", chunk_rows=1_000, **{**args, "spells": None})
    assert without.rows != local.rows
    if os.environ.get("JIUYE_PARITY_TIMINGS"):
        print("\n" + "\n".join(f"{k}: {v:.2f}s" for k, v in TIMINGS.items()))
