"""Run the matching over Parquet tables on one machine, chunk by chunk, and write the results.

Output directory:

- ``unpaid.parquet``: one row per (subject, provision) eligible and not yet paid (``LONG_SCHEMA``);
- ``summary.csv`` / ``summary.xlsx``: count and total per county and provision (:mod:`.report`);
- ``timings.json``: rows, wall and CPU seconds of loading the ledger and of each subject type.

Memory is bounded by the chunk size: the next chunk is read (in a background thread) while the
current one is evaluated; only the unpaid rows and the small per-chunk totals are kept.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import polars as pl

from ..engine.history import HISTORY_SCHEMA
from ..engine.provision import Subject
from .groups import GroupMatcher
from .match import (
    LONG_SCHEMA,
    Context,
    Plan,
    chunk_bounds,
    load_history,
    load_spells,
    make_plan,
    parquet_rows,
    read_chunks,
)

T = TypeVar("T")
GROUP = ["subject_type", "county_code", "provision_id", "period", "benefit_type"]
SUMMED = ("count", "total_fen", "amount_unknown", "payable_fen", "payable_unknown")
DEFAULT_CHUNK_ROWS = 250_000


def partial_summary(long: pl.DataFrame) -> pl.DataFrame:
    """Per (county, provision) counts and totals of unpaid rows; sums of partials add up.
    ``payable_fen``: the total still payable over the remaining months (net of the ledger), summed
    where known; ``payable_unknown``: rows without one (open-ended, or amount not known)."""
    return long.group_by(GROUP).agg(
        pl.len().cast(pl.Int64).alias("count"),
        pl.col("amount_fen").sum().cast(pl.Int64).alias("total_fen"),
        pl.col("amount_fen").is_null().sum().cast(pl.Int64).alias("amount_unknown"),
        pl.col("total_payable_fen").sum().cast(pl.Int64).alias("payable_fen"),
        pl.col("total_payable_fen").is_null().sum().cast(pl.Int64).alias("payable_unknown"))


def combine_summaries(parts: list[pl.DataFrame]) -> pl.DataFrame:
    if not parts:
        return partial_summary(pl.DataFrame(schema=LONG_SCHEMA))
    return (pl.concat(parts).group_by(GROUP).agg(pl.col(*SUMMED).sum())
            .sort(["county_code", "provision_id"], nulls_last=True))


def history_by_chunk(path: Path, key: str, chunk_rows: int, history: pl.DataFrame | None) -> dict[int, pl.DataFrame]:
    """The history (or the spells) split by the chunk (:func:`~.match.chunk_bounds`, as
    :func:`~.match.read_chunks` reads them) its subject falls in (one join up front, instead of
    scanning the whole table for every chunk)."""
    if history is None or history.height == 0:
        return {}
    starts = pl.Series([offset for offset, _ in chunk_bounds(path, chunk_rows)], dtype=pl.Int64)
    keys = pl.scan_parquet(path).select(pl.col(key).cast(pl.Utf8).alias("subject_id")).collect()
    chunk = starts.search_sorted(pl.int_range(0, keys.height, eager=True, dtype=pl.Int64), side="right") - 1
    joined = history.lazy().join(keys.with_columns(chunk.alias("__chunk")).lazy(), on="subject_id",
                                 how="inner").collect()
    return {int(k[0]): part.drop("__chunk") for k, part in joined.partition_by("__chunk", as_dict=True).items()}


def prefetch(it: Iterator[T]) -> Iterator[T]:
    """Yield from ``it`` while the next item is produced in a background thread."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        nxt = pool.submit(next, it, None)
        while True:
            item = nxt.result()
            if item is None:
                return
            nxt = pool.submit(next, it, None)
            yield item


@dataclass
class MatchOutput:
    out: Path
    summary: pl.DataFrame
    rows: int = 0
    subjects: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    as_of: date | None = None
    # per phase ("load": plans and the ledger; then each subject type): rows, wall and CPU seconds
    timings: dict[str, dict[str, float]] = field(default_factory=dict)


class LongWriter:
    """Appends unpaid rows to ``unpaid.parquet``."""

    def __init__(self, path: Path):
        self.path, self.writer, self.rows = path, None, 0

    def write(self, frame: pl.DataFrame) -> None:
        import pyarrow.parquet as pq

        if frame.height == 0:
            return
        table = frame.to_arrow()
        if self.writer is None:
            self.writer = pq.ParquetWriter(self.path, table.schema, compression="zstd")
        self.writer.write_table(table)
        self.rows += frame.height

    def close(self) -> None:
        if self.writer is None:
            pl.DataFrame(schema=LONG_SCHEMA).write_parquet(self.path)
        else:
            self.writer.close()


def run_local(*, persons: Path | None, enterprises: Path | None, as_of: date, out: Path,
              history: Path | pl.DataFrame | None = None, chunk_rows: int = DEFAULT_CHUNK_ROWS,
              all_kinds: bool = False, overrides: dict[str, Any] | None = None,
              history_keys: dict[Subject, str] | None = None, spells: Path | pl.DataFrame | None = None,
              on_chunk: Callable[[str, int], Any] | None = None) -> MatchOutput:
    """Match persons and/or enterprises; ``on_chunk(subject, rows)`` after every chunk. ``spells``: the
    status spells (``SPELL_SCHEMA``, ``subject_id`` = the table's key: person_id / enterprise_id)."""
    start = time.perf_counter()
    clock = (start, time.process_time())
    out.mkdir(parents=True, exist_ok=True)
    ctx = Context.make(as_of, overrides)
    keys = history_keys or {}
    inputs = [(s, p) for s, p in ((Subject.PERSON, persons), (Subject.ENTERPRISE, enterprises)) if p is not None]
    plans = {s: make_plan(s, all_kinds=all_kinds, history_key=keys.get(s)) for s, _ in inputs}
    hist = history if isinstance(history, pl.DataFrame) else load_history(history, plans.values())
    status = load_spells(spells)
    writer = LongWriter(out / "unpaid.parquet")
    parts: list[pl.DataFrame] = []
    result = MatchOutput(out, pl.DataFrame(), as_of=as_of)

    def lap(name: str, rows: int) -> None:  # wall and CPU (all threads) since the previous lap
        nonlocal clock
        now = (time.perf_counter(), time.process_time())
        result.timings[name] = {"rows": rows, "seconds": now[0] - clock[0], "cpu_seconds": now[1] - clock[1]}
        clock = now

    lap("load", 0)
    try:
        for subject, path in inputs:
            plan: Plan = plans[subject]
            matcher = GroupMatcher(plan, ctx, hist, flush_rows=max(chunk_rows, 100_000),
                                   max_buffered_rows=3 * max(chunk_rows, 100_000))
            n = 0
            split = history_by_chunk(path, plan.eval_key, chunk_rows, hist)
            split_spells = history_by_chunk(path, plan.key, chunk_rows, status)
            empty = pl.DataFrame(schema=HISTORY_SCHEMA)
            for i, chunk in enumerate(prefetch(read_chunks(path, plan.columns, chunk_rows))):
                for long in matcher.add(chunk, split.pop(i, empty), split_spells.pop(i, None)):
                    writer.write(long)
                    parts.append(partial_summary(long))
                n += chunk.height
                if on_chunk is not None:
                    on_chunk(subject.value, chunk.height)
            for long in matcher.finish():
                writer.write(long)
                parts.append(partial_summary(long))
            result.subjects[subject.value] = n
            lap(subject.value, n)
    finally:
        writer.close()
    result.summary = combine_summaries(parts)
    result.rows = writer.rows
    result.seconds = time.perf_counter() - start
    (out / "timings.json").write_text(json.dumps(result.timings, indent=1))
    return result


def total_rows(persons: Path | None, enterprises: Path | None) -> int:
    return sum(parquet_rows(p) for p in (persons, enterprises) if p is not None)
