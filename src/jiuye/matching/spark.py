"""The same matching on Apache Spark (``jiuye match --engine spark``; ``pip install 'jiuye[spark]'``).

Spark reads the Parquet tables and joins every subject with its own history rows and status spells
(each grouped into a list column, so no executor needs the whole ledger); ``mapInArrow`` then hands Arrow record
batches to :func:`~jiuye.matching.groups.match_chunk`, the very function the local engine runs, so
both engines give the same rows. The summary is a Spark aggregation of the result.
:func:`evaluate_spark` runs the engine's table path the same way and returns every outcome
(the parity test compares it with the single-case and Polars paths).

Pointing it at a cluster: see ``docs/matching.md`` ("Spark"). Executors need the ``jiuye``
package (same version) importable, e.g. a packed virtual environment shipped with
``spark.archives``.
"""

from __future__ import annotations

import hashlib
import os
import sys
import time
from collections.abc import Iterator
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import polars as pl

from ..engine.history import HISTORY_SCHEMA
from ..engine.provision import Subject
from ..facts.spells import SPELL_SCHEMA
from ..params.store import PARAMETERS
from .groups import GroupMatcher
from .match import LONG_SCHEMA, Context, Plan, load_spells, make_plan, parquet_rows
from .run import GROUP, SUMMED, MatchOutput

BATCH_ROWS = 100_000
_SPARK_TYPES = {pl.Utf8: "string", pl.Int64: "bigint", pl.Date: "date", pl.Boolean: "boolean"}
LONG_DDL = ", ".join(f"`{c}` {_SPARK_TYPES[t]}" for c, t in LONG_SCHEMA.items())


def safe(name: str) -> str:
    """Spark's mapInArrow resolves columns unquoted, so ``person.gender`` travels as ``person__gender``."""
    return name.replace(".", "__", 1)


def unsafe(name: str) -> str:
    return name if name.startswith("__") else name.replace("__", ".", 1)


def session(master: str | None = None, app_name: str = "jiuye-match") -> Any:
    """The active Spark session, or a new one (``master`` or spark-submit's, else ``local[*]``)."""
    from pyspark.sql import SparkSession

    active = SparkSession.getActiveSession()
    if active is not None and master is None:
        return active
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    builder = SparkSession.builder.appName(app_name)
    if master is not None or "SPARK_MASTER" not in os.environ and "spark.master" not in os.environ.get("PYSPARK_SUBMIT_ARGS", ""):
        master = master or "local[*]"
        builder = builder.master(master)
    if master is not None and master.startswith("local"):  # small shuffles: one partition per core
        builder = builder.config("spark.sql.shuffle.partitions", str(max(2, os.cpu_count() or 2)))
    return (builder.config("spark.sql.execution.arrow.maxRecordsPerBatch", str(BATCH_ROWS))
            .config("spark.sql.session.timeZone", "UTC").config("spark.ui.showConsoleProgress", "false")
            .getOrCreate())


@cache
def _executor_state(subject: str, as_of: date, all_kinds: bool, history_key: str | None,
                    overlay_key: str = "") -> tuple[Plan, Context]:
    """Plan and parameter snapshot, built once per executor process (and per set of maintained
    local values: ``overlay_key``)."""
    return (make_plan(Subject(subject), all_kinds=all_kinds, history_key=history_key), Context.make(as_of))


def _batch_function(subject: str, as_of: date, all_kinds: bool, history_key: str | None):
    import pyarrow as pa

    target = pa.schema([(c, {pl.Utf8: pa.string(), pl.Int64: pa.int64()}[t]) for c, t in LONG_SCHEMA.items()])

    overlay = PARAMETERS.maintained()  # the driver's local values travel with the function
    overlay_key = hashlib.sha256(repr(overlay).encode()).hexdigest() if overlay else ""

    def run(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        PARAMETERS.ensure_local_values(overlay)
        plan, ctx = _executor_state(subject, as_of, all_kinds, history_key, overlay_key)
        matcher = GroupMatcher(plan, ctx, None)  # one per partition: groups fill across batches
        for batch in batches:
            frame, hist, spells = unpack(batch)
            for long in matcher.add(frame, hist, spells):
                yield from long.to_arrow().cast(target).to_batches()
        for long in matcher.finish():
            yield from long.to_arrow().cast(target).to_batches()

    return run


def _list_of(frame: pl.DataFrame, column: str, schema: dict[str, Any]) -> pl.DataFrame:
    """The rows of a list-of-structs column (one subject's history or spells) as a table."""
    if column not in frame.columns:
        return pl.DataFrame(schema=schema)
    return (frame.select(pl.col(column)).explode(column).drop_nulls(column).unnest(column)
            .select([pl.col(c).cast(t) for c, t in schema.items()]))


def unpack(batch: Any) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame | None]:
    """(subject rows with their fact names back, their history rows, their spells or None)."""
    frame = pl.from_arrow(batch)
    assert isinstance(frame, pl.DataFrame)
    frame = frame.rename({c: unsafe(c) for c in frame.columns})
    hist = _list_of(frame, "__history", HISTORY_SCHEMA)
    spells = _list_of(frame, "__spells", SPELL_SCHEMA) if "__spells" in frame.columns else None
    return frame.drop([c for c in ("__history", "__spells") if c in frame.columns]), hist, spells


def _table(spark: Any, table: Path | str | pl.DataFrame | None, out: Path, name: str, schema: dict[str, Any]) -> Any:
    """A Spark DataFrame of ``table`` (a Parquet path, or a Polars frame written under ``out``) with
    exactly ``schema``'s columns (missing ones null)."""
    from pyspark.sql import functions as F

    if table is None:
        return None
    if isinstance(table, pl.DataFrame):
        path = out / f"input-{name}.parquet"  # (Spark skips files named _* or .*)
        table.write_parquet(path)
        table = path
    df = spark.read.parquet(str(table))
    for c, t in schema.items():
        if c not in df.columns:
            df = df.withColumn(c, F.lit(None).cast(_SPARK_TYPES[t]))
    return df.select(*[F.col(f"`{c}`").cast(_SPARK_TYPES[t]).alias(c) for c, t in schema.items()])


def _history_frame(spark: Any, history: Path | str | pl.DataFrame | None, out: Path) -> Any:
    return _table(spark, history, out, "history", HISTORY_SCHEMA)


def _spells_frame(spark: Any, spells: Path | str | pl.DataFrame | None, out: Path) -> Any:
    """The spells table, checked like the local engine's (kinds known) when it is a local file."""
    if spells is not None and not isinstance(spells, pl.DataFrame) and "://" not in str(spells):
        spells = load_spells(spells)
    return _table(spark, spells, out, "spells", SPELL_SCHEMA)


def _with_list(df: Any, key: str, table: Any, column: str, schema: dict[str, Any]) -> Any:
    from pyspark.sql import functions as F

    grouped = table.groupBy("subject_id").agg(F.collect_list(F.struct(*[f"`{c}`" for c in schema])).alias(column))
    return df.join(grouped, df[key] == grouped["subject_id"], "left").drop("subject_id")


def subject_frame(spark: Any, path: Path | str, plan: Plan, history: Any, spells: Any = None) -> Any:
    """The subject table (needed columns) with its history rows and its spells as list columns
    (history joined on ``plan.eval_key``, spells on the table's key)."""
    from pyspark.sql import functions as F

    df = spark.read.parquet(str(path))
    df = df.select(*[df[f"`{c}`"].alias(safe(c)) for c in plan.columns if c in df.columns])
    if history is not None:
        wanted = [p.id for p in plan.provisions] + sorted({pid for f in _features() for pid in f.provisions})
        df = _with_list(df, safe(plan.eval_key), history.where(F.col("provision_id").isin(wanted)), "__history",
                        HISTORY_SCHEMA)
    if spells is not None:
        df = _with_list(df, safe(plan.key), spells, "__spells", SPELL_SCHEMA)
    return df


def _features() -> list[Any]:
    from ..engine.history import FEATURES

    return list(FEATURES.values())


def run_spark(*, persons: Path | str | None, enterprises: Path | str | None, as_of: date, out: Path,
              history: Path | str | pl.DataFrame | None = None, all_kinds: bool = False, master: str | None = None,
              history_keys: dict[Subject, str] | None = None, spark: Any = None,
              spells: Path | str | pl.DataFrame | None = None) -> MatchOutput:
    """Match on Spark; writes ``unpaid.parquet`` (a Spark dataset folder) under ``out``."""
    from pyspark.sql import functions as F

    start = time.perf_counter()
    out.mkdir(parents=True, exist_ok=True)
    spark = spark or session(master)
    hist = _history_frame(spark, history, out)
    status = _spells_frame(spark, spells, out)
    keys = history_keys or {}
    results, subjects = [], {}
    for subject, path in ((Subject.PERSON, persons), (Subject.ENTERPRISE, enterprises)):
        if path is None:
            continue
        plan = make_plan(subject, all_kinds=all_kinds, history_key=keys.get(subject))
        df = subject_frame(spark, path, plan, hist, status)
        local = "://" not in str(path) and Path(path).is_file()
        subjects[subject.value] = parquet_rows(Path(path)) if local else spark.read.parquet(str(path)).count()
        results.append(df.mapInArrow(_batch_function(subject.value, as_of, all_kinds, keys.get(subject)), LONG_DDL))
    target = str(out / "unpaid.parquet")
    if results:
        unpaid = results[0]
        for r in results[1:]:
            unpaid = unpaid.unionByName(r)
        unpaid.write.mode("overwrite").parquet(target)
    written = spark.read.parquet(target) if results else None
    rows = []
    if written is not None:
        rows = (written.groupBy(*GROUP).agg(F.count(F.lit(1)).alias("count"), F.sum("amount_fen").alias("total_fen"),
                                            F.sum(F.col("amount_fen").isNull().cast("long")).alias("amount_unknown"),
                                            F.sum("total_payable_fen").alias("payable_fen"),
                                            F.sum(F.col("total_payable_fen").isNull().cast("long")).alias("payable_unknown"))
                .collect())
    summary = pl.DataFrame([r.asDict() for r in rows], schema={
        "subject_type": pl.Utf8, "county_code": pl.Utf8, "provision_id": pl.Utf8, "period": pl.Utf8,
        "benefit_type": pl.Utf8, **dict.fromkeys(SUMMED, pl.Int64)})
    summary = summary.with_columns(pl.col("total_fen", "payable_fen").fill_null(0)).sort(
        ["county_code", "provision_id"], nulls_last=True)
    return MatchOutput(out, summary, rows=int(summary["count"].sum() or 0), subjects=subjects,
                       seconds=time.perf_counter() - start, as_of=as_of)


EVAL_SCHEMA = {"subject_id": pl.Utf8, "provision_id": pl.Utf8, "outcome": pl.Utf8, "amount_fen": pl.Int64,
               "max_duration_months": pl.Int64, "total_payable_fen": pl.Int64}


def _eval_function(as_of: date, key: str, provision_ids: tuple[str, ...] | None, overrides: dict[str, Any] | None):
    import pyarrow as pa

    from ..catalogue.registry import CATALOGUE, evaluate_frame
    from ..population.history import usable_history

    target = pa.schema([(c, {pl.Utf8: pa.string(), pl.Int64: pa.int64()}[t]) for c, t in EVAL_SCHEMA.items()])
    overlay = PARAMETERS.maintained()

    def run(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        PARAMETERS.ensure_local_values(overlay)
        snap = PARAMETERS.snapshot(as_of, overrides or None)
        chosen = list(CATALOGUE) if provision_ids is None else [CATALOGUE.provisions[i] for i in provision_ids]
        for batch in batches:
            frame, hist, spells = unpack(batch)
            wide = evaluate_frame(frame, as_of, provisions=chosen, history=usable_history(hist), spells=spells,
                                  snapshot=snap, key=key)
            long = pl.concat([wide.select(
                pl.col(key).cast(pl.Utf8).alias("subject_id"), pl.lit(p.id).alias("provision_id"),
                *[pl.col(f"{p.id}:{c}").alias(c) for c in list(EVAL_SCHEMA)[2:]]) for p in chosen])
            yield from long.select([pl.col(c).cast(t) for c, t in EVAL_SCHEMA.items()]).to_arrow().cast(
                target).to_batches()

    return run


def evaluate_spark(spark: Any, table: Path | str, as_of: date, *, key: str, out: Path,
                   history: Path | str | pl.DataFrame | None = None, spells: Path | str | pl.DataFrame | None = None,
                   provision_ids: tuple[str, ...] | None = None, overrides: dict[str, Any] | None = None) -> Any:
    """The engine's table path on Spark: every (subject, provision) of ``table`` with its outcome,
    amount, remaining months and total still payable (``EVAL_SCHEMA``), history and spells joined
    per subject on ``key`` exactly as in :func:`run_spark`. Returns a Spark DataFrame."""
    out.mkdir(parents=True, exist_ok=True)
    df = spark.read.parquet(str(table))
    df = df.select(*[df[f"`{c}`"].alias(safe(c)) for c in df.columns])
    hist, status = _history_frame(spark, history, out), _spells_frame(spark, spells, out)
    if hist is not None:
        df = _with_list(df, safe(key), hist, "__history", HISTORY_SCHEMA)
    if status is not None:
        df = _with_list(df, safe(key), status, "__spells", SPELL_SCHEMA)
    ddl = ", ".join(f"`{c}` {_SPARK_TYPES[t]}" for c, t in EVAL_SCHEMA.items())
    return df.mapInArrow(_eval_function(as_of, key, provision_ids, overrides), ddl)
