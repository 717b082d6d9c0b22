"""Run the matching over Parquet tables on one machine, chunk by chunk, and write the results.

Output directory:

- ``unpaid.parquet``: one row per (subject, provision) eligible and not yet paid (``LONG_SCHEMA``):
  persons, then enterprises; each in the order of its table's rows; a subject's provisions in
  catalogue order. The same file whatever the chunk size and the number of worker processes;
- ``summary.csv`` / ``summary.xlsx``: count and total per county and provision (:mod:`.report`);
- ``timings.json``: rows, wall and CPU seconds of loading the ledger and of each subject type (all
  processes: wall of the slowest, CPU summed), and each process's own figures and peak memory.

The chunks (whole row groups or record batches, :meth:`~.tables.SubjectTable.chunk_bounds`; the
subject tables are Parquet or Arrow IPC files, :mod:`.tables`) are shared among ``workers`` processes
(the calling process is process 0; the others are started with ``spawn``, so they compile the
catalogue themselves and share no Polars state): process *k* takes chunk *k*, then each takes the next
chunk not yet taken when it is ready for one (:func:`claimed`; a process started later or slowed by
other work takes fewer). Each evaluates its chunks with its own :class:`~.groups.GroupMatcher` and the
records of those chunks' subjects (its ledger split by every chunk up front), and writes its unpaid rows to a part file; the parts are then sorted into one file and the per-county
totals added (sums of integers: the same in any order). Every output of a pair is a function of its
subject's row and records, so how the rows are shared does not change the answers.

Memory is bounded by the chunk size: in each process the next chunk is read (in a background
thread) while the current one is evaluated; only the unpaid rows and the small per-chunk totals
are kept.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import shutil
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
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
    ROW,
    Context,
    Plan,
    load_history,
    load_spells,
    make_plan,
)
from .tables import SubjectTable

T = TypeVar("T")
GROUP = ["subject_type", "county_code", "provision_id", "period", "benefit_type"]
SUMMED = ("count", "total_fen", "amount_unknown", "payable_fen", "payable_unknown")
DEFAULT_CHUNK_ROWS = 250_000
PARALLEL_FROM_ROWS = 2_000_000  # fewer subjects: one process (starting another costs ~1 CPU-second)


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


def history_by_chunk(path: Path | SubjectTable, key: str, chunk_rows: int, history: pl.DataFrame | None,
                     bounds: list[tuple[int, int]] | None = None) -> dict[int, pl.DataFrame]:
    """The history (or the spells) split by the chunk (:func:`~.match.chunk_bounds`, as
    :func:`~.match.read_chunks` reads them; or the chunks ``bounds``, numbered in that list) its
    subject falls in, up front instead of scanning the whole table for every chunk. When the table
    is sorted by a text ``key`` (its chunks' key ranges increase without overlapping:
    :meth:`~.tables.SubjectTable.key_ranges`) a record's chunk is found by its subject's place among
    the chunks' ranges; otherwise by a join with the key column (on a 64-bit hash of the key, the keys
    then compared)."""
    if history is None or history.height == 0:
        return {}
    table = path if isinstance(path, SubjectTable) else SubjectTable(path)
    bounds = table.chunk_bounds(chunk_rows) if bounds is None else bounds
    if not bounds:
        return {}
    ranges = table.key_ranges(key, bounds)
    if ranges is not None:
        lo, hi = (pl.Series([r[i] for r in ranges], dtype=pl.Utf8) for i in (0, 1))
        sid = history.get_column("subject_id")
        at = (lo.search_sorted(sid, side="right").cast(pl.Int64) - 1).alias("__chunk")
        inside = (at >= 0) & (sid <= hi.gather(at.clip(0, len(ranges) - 1)))
        joined = history.with_columns(at).filter(inside)
    else:
        joined = (history.lazy().with_columns(pl.col("subject_id").hash().alias("__h"))
                  .join(table.keys(key, bounds).with_columns(pl.col("__key").hash().alias("__h")), on="__h",
                        how="inner")
                  .filter(pl.col("__key") == pl.col("subject_id")).drop("__h", "__key").collect())
        table.release()
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
    # (all processes); "processes": each process's own phases and peak RSS (MiB)
    timings: dict[str, Any] = field(default_factory=dict)


class LongWriter:
    """Appends unpaid rows to a Parquet file (``path``)."""

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


@dataclass
class Share:
    """What one process matches: chunk i of each input for every i with i mod ``of`` == ``index``."""

    index: int
    of: int
    inputs: list[tuple[Subject, Path]]
    as_of: date
    part: Path  # its unpaid rows
    chunk_rows: int = DEFAULT_CHUNK_ROWS
    all_kinds: bool = False
    overrides: dict[str, Any] | None = None
    history_keys: dict[Subject, str] | None = None
    history: Path | pl.DataFrame | None = None
    spells: pl.DataFrame | None = None


@dataclass
class ShareResult:
    summary: list[pl.DataFrame]
    rows: int
    subjects: dict[str, int]
    timings: dict[str, dict[str, float]]
    peak_mib: float


def peak_rss_mib() -> float:
    """This process's peak resident memory (VmHWM), MiB."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


_PROGRESS: Any = None  # a worker's queue of (subject, rows) for the caller's progress bar
_CLAIMS: dict[str, Any] | None = None  # subject type -> the shared counter of chunks claimed (processes > 1)


def _init_worker(progress: Any, claims: dict[str, Any] | None = None) -> None:
    global _PROGRESS, _CLAIMS
    _PROGRESS, _CLAIMS = progress, claims


def claimed(index: int, of: int, chunks: int, counter: Any) -> Iterator[int]:
    """The chunks process ``index`` of ``of`` evaluates: chunk ``index`` first (so each process has
    one), then whichever is next when it asks (a counter shared by the processes, starting at ``of``):
    a process that started later or runs slower takes fewer. The answers do not depend on it (the
    parts are merged in the tables' order)."""
    if index < chunks:
        yield index
    while True:
        with counter.get_lock():
            i = counter.value
            counter.value += 1
        if i >= chunks:
            return
        yield i


def _report(subject: str, rows: int) -> None:
    if _PROGRESS is not None:
        _PROGRESS.put((subject, rows))


def match_share(share: Share, on_chunk: Callable[[str, int], Any] | None = _report) -> ShareResult:
    """Match the share's chunks, write its unpaid rows to ``share.part`` (in the order found)."""
    clock = (time.perf_counter(), time.process_time())
    timings: dict[str, dict[str, float]] = {}

    def lap(name: str, rows: int) -> None:  # wall and CPU (all threads) since the previous lap
        nonlocal clock
        now = (time.perf_counter(), time.process_time())
        timings[name] = {"rows": rows, "seconds": now[0] - clock[0], "cpu_seconds": now[1] - clock[1]}
        clock = now

    ctx = Context.make(share.as_of, share.overrides)
    keys = share.history_keys or {}
    plans = {s: make_plan(s, all_kinds=share.all_kinds, history_key=keys.get(s)) for s, _ in share.inputs}
    hist = (share.history if isinstance(share.history, pl.DataFrame) or share.history is None
            else load_history(share.history, plans.values()))
    writer = LongWriter(share.part)
    summary: list[pl.DataFrame] = []
    subjects: dict[str, int] = {}
    lap("load", 0)
    try:
        for subject, path in share.inputs:
            plan: Plan = plans[subject]
            table = SubjectTable(path, subject.value)
            bounds = table.chunk_bounds(share.chunk_rows)
            claims = (_CLAIMS or {}).get(subject.value) if share.of > 1 else None
            if claims is None:  # no shared counter: chunk i to process i mod N
                bounds = {i: b for i, b in enumerate(bounds) if i % share.of == share.index}
            else:  # any chunk this process claims: the ledger split by every chunk
                bounds = dict(enumerate(bounds))
            flush = max(share.chunk_rows, 100_000)
            matcher = GroupMatcher(plan, ctx, hist, flush_rows=flush, max_buffered_rows=3 * flush)
            columns = matcher.setup([ROW, *[c for c in plan.columns if c in table.schema]],  # only those it reads
                                    {c: t for c, t in table.schema.items()})
            ids = list(bounds)
            split, split_spells = ({ids[k]: part for k, part in history_by_chunk(
                table, key, share.chunk_rows, frame, list(bounds.values())).items()}
                for key, frame in ((plan.eval_key, hist), (plan.key, share.spells)))
            empty = pl.DataFrame(schema=HISTORY_SCHEMA)
            n = 0
            cols = [c for c in columns if c != ROW]
            order = claimed(share.index, share.of, len(ids), claims) if claims is not None else iter(ids)
            for i, chunk in prefetch((i, table.slice(cols, *bounds[i]).with_row_index(ROW, offset=bounds[i][0]))
                                     for i in order):
                for long in matcher.add(chunk, split.pop(i, empty), split_spells.pop(i, None)):
                    writer.write(long)
                    summary.append(partial_summary(long))
                n += chunk.height
                if on_chunk is not None:
                    on_chunk(subject.value, chunk.height)
                table.release()  # an Arrow file's mapped pages (its chunk is evaluated or buffered)
            for long in matcher.finish():
                writer.write(long)
                summary.append(partial_summary(long))
            subjects[subject.value] = n
            lap(subject.value, n)
    finally:
        writer.close()
    return ShareResult(summary, writer.rows, subjects, timings, peak_rss_mib())


def default_workers(rows: int) -> int:
    """Two processes (or the CPUs there are, if fewer) from :data:`PARALLEL_FROM_ROWS` subjects."""
    return min(2, os.cpu_count() or 1) if rows >= PARALLEL_FROM_ROWS else 1


def run_local(*, persons: Path | None, enterprises: Path | None, as_of: date, out: Path,
              history: Path | pl.DataFrame | None = None, chunk_rows: int = DEFAULT_CHUNK_ROWS,
              all_kinds: bool = False, overrides: dict[str, Any] | None = None,
              history_keys: dict[Subject, str] | None = None, spells: Path | pl.DataFrame | None = None,
              on_chunk: Callable[[str, int], Any] | None = None, workers: int | None = None) -> MatchOutput:
    """Match persons and/or enterprises; ``on_chunk(subject, rows)`` after chunks (of every process).
    ``spells``: the status spells (``SPELL_SCHEMA``, ``subject_id`` = the table's key: person_id /
    enterprise_id). ``workers``: processes (default :func:`default_workers`); the result is the same."""
    start = time.perf_counter()
    cpu0 = time.process_time()
    out.mkdir(parents=True, exist_ok=True)
    inputs = [(s, p) for s, p in ((Subject.PERSON, persons), (Subject.ENTERPRISE, enterprises)) if p is not None]
    n = workers or default_workers(total_rows(persons, enterprises))
    status = load_spells(spells)
    parts_dir = out / ".parts"
    parts_dir.mkdir(exist_ok=True)
    shares = [Share(i, n, inputs, as_of, parts_dir / f"unpaid-{i}.parquet", chunk_rows, all_kinds, overrides,
                    history_keys, history, status) for i in range(n)]
    try:
        results = _run_shares(shares, on_chunk)
        merge_start = (time.perf_counter(), time.process_time())
        rows = merge_parts([s.part for s in shares], out / "unpaid.parquet")
    finally:  # the parts, also when a process failed
        shutil.rmtree(parts_dir, ignore_errors=True)
    result = MatchOutput(out, combine_summaries([p for r in results for p in r.summary]), rows=rows, as_of=as_of)
    for subject, _ in inputs:
        result.subjects[subject.value] = sum(r.subjects.get(subject.value, 0) for r in results)
    for phase in ("load", *(s.value for s, _ in inputs)):
        ts = [r.timings[phase] for r in results if phase in r.timings]
        result.timings[phase] = {"rows": sum(t["rows"] for t in ts), "seconds": max(t["seconds"] for t in ts),
                                 "cpu_seconds": sum(t["cpu_seconds"] for t in ts)}
    result.timings["merge"] = {"rows": rows, "seconds": time.perf_counter() - merge_start[0],
                               "cpu_seconds": time.process_time() - merge_start[1]}
    results[0].peak_mib = peak_rss_mib()  # this process's, the merge included
    result.timings["processes"] = [{**r.timings, "peak_rss_mib": r.peak_mib} for r in results]
    result.timings["run"] = {"rows": sum(result.subjects.values()), "seconds": time.perf_counter() - start,
                             "cpu_seconds": time.process_time() - cpu0 + sum(
                                 t["cpu_seconds"] for r in results[1:] for t in r.timings.values())}
    result.seconds = time.perf_counter() - start
    (out / "timings.json").write_text(json.dumps(result.timings, indent=1))
    return result


def _run_shares(shares: list[Share], on_chunk: Callable[[str, int], Any] | None) -> list[ShareResult]:
    """Share 0 in this process, the others in spawned processes at the same time; results in order."""
    if len(shares) == 1:
        return [match_share(shares[0], on_chunk)]
    ctx = multiprocessing.get_context("spawn")
    progress = ctx.Queue() if on_chunk is not None else None
    claims = {s.value: ctx.Value("q", len(shares)) for s, _ in shares[0].inputs}

    def drain() -> None:
        while progress is not None and not progress.empty():
            on_chunk(*progress.get())  # type: ignore[misc]

    def own(subject: str, rows: int) -> None:
        if on_chunk is not None:
            on_chunk(subject, rows)
        drain()

    with ProcessPoolExecutor(len(shares) - 1, mp_context=ctx, initializer=_init_worker,
                             initargs=(progress, claims)) as pool:
        others = [pool.submit(match_share, s) for s in shares[1:]]
        global _CLAIMS
        _CLAIMS = claims
        try:
            results = [match_share(shares[0], own)] + [f.result() for f in others]
        finally:
            _CLAIMS = None
    drain()
    return results


def merge_parts(parts: list[Path], path: Path) -> int:
    """The processes' unpaid rows as one file, in the order of the module doc (by subject type, the
    row in its table, the provision's place in the catalogue: integers); the number of rows."""
    from ..catalogue.registry import CATALOGUE

    kinds = pl.Enum([s.value for s in Subject])
    ids = pl.Enum(list(dict.fromkeys([p.id for p in CATALOGUE])))
    frame = pl.concat([pl.read_parquet(p) for p in parts], how="diagonal_relaxed")
    if frame.height:
        kind, prov = (pl.col(c).cast(e).to_physical().cast(pl.UInt64) for c, e in (("subject_type", kinds),
                                                                                  ("provision_id", ids)))
        frame = frame.sort(kind * 2**56 + pl.col(ROW).cast(pl.UInt64) * len(ids.categories) + prov)  # one integer
    frame = frame.select(list(LONG_SCHEMA)) if frame.height else pl.DataFrame(schema=LONG_SCHEMA)
    frame.write_parquet(path, compression="zstd")
    return frame.height


def total_rows(persons: Path | None, enterprises: Path | None) -> int:
    return sum(SubjectTable(p).rows for p in (persons, enterprises) if p is not None)
