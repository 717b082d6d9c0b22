"""The same matching on Apache Spark (``jiuye match --engine spark``; ``pip install 'jiuye[spark]'``).

Spark reads the Parquet tables and joins every subject with its own history rows (grouped into a
list column, so no executor needs the whole history); ``mapInArrow`` then hands Arrow record
batches to :func:`~jiuye.matching.groups.match_chunk`, the very function the local engine runs, so
both engines give the same rows. The summary is a Spark aggregation of the result.

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
from ..params.store import PARAMETERS
from .groups import GroupMatcher
from .match import LONG_SCHEMA, Context, Plan, make_plan, parquet_rows
from .run import GROUP, MatchOutput

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
            frame = pl.from_arrow(batch)
            assert isinstance(frame, pl.DataFrame)
            frame = frame.rename({c: unsafe(c) for c in frame.columns})
            hist = pl.DataFrame(schema=HISTORY_SCHEMA)
            if "__history" in frame.columns:
                hist = (frame.select(pl.col("__history")).explode("__history").drop_nulls("__history")
                        .unnest("__history").select([pl.col(c).cast(t) for c, t in HISTORY_SCHEMA.items()]))
                frame = frame.drop("__history")
            for long in matcher.add(frame, hist):
                yield from long.to_arrow().cast(target).to_batches()
        for long in matcher.finish():
            yield from long.to_arrow().cast(target).to_batches()

    return run


def _history_frame(spark: Any, history: Path | str | pl.DataFrame | None, out: Path) -> Any:
    if history is None:
        return None
    if isinstance(history, pl.DataFrame):
        path = out / "_history_input.parquet"
        history.write_parquet(path)
        history = path
    df = spark.read.parquet(str(history))
    for c, t in HISTORY_SCHEMA.items():
        if c not in df.columns:
            from pyspark.sql import functions as F

            df = df.withColumn(c, F.lit(None).cast(_SPARK_TYPES[t]))
    return df.select(*HISTORY_SCHEMA)


def subject_frame(spark: Any, path: Path | str, plan: Plan, history: Any) -> Any:
    """The subject table (needed columns) with its history rows as a list column."""
    from pyspark.sql import functions as F

    df = spark.read.parquet(str(path))
    df = df.select(*[df[f"`{c}`"].alias(safe(c)) for c in plan.columns if c in df.columns])
    if history is None:
        return df
    wanted = [p.id for p in plan.provisions] + sorted({pid for f in _features() for pid in f.provisions})
    grouped = (history.where(F.col("provision_id").isin(wanted)).groupBy("subject_id")
               .agg(F.collect_list(F.struct(*HISTORY_SCHEMA)).alias("__history")))
    return df.join(grouped, df[safe(plan.eval_key)] == grouped["subject_id"], "left").drop("subject_id")


def _features() -> list[Any]:
    from ..engine.history import FEATURES

    return list(FEATURES.values())


def run_spark(*, persons: Path | str | None, enterprises: Path | str | None, as_of: date, out: Path,
              history: Path | str | pl.DataFrame | None = None, all_kinds: bool = False, master: str | None = None,
              history_keys: dict[Subject, str] | None = None, spark: Any = None) -> MatchOutput:
    """Match on Spark; writes ``unpaid.parquet`` (a Spark dataset folder) under ``out``."""
    from pyspark.sql import functions as F

    start = time.perf_counter()
    out.mkdir(parents=True, exist_ok=True)
    spark = spark or session(master)
    hist = _history_frame(spark, history, out)
    keys = history_keys or {}
    results, subjects = [], {}
    for subject, path in ((Subject.PERSON, persons), (Subject.ENTERPRISE, enterprises)):
        if path is None:
            continue
        plan = make_plan(subject, all_kinds=all_kinds, history_key=keys.get(subject))
        df = subject_frame(spark, path, plan, hist)
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
                                            F.sum(F.col("amount_fen").isNull().cast("long")).alias("amount_unknown"))
                .collect())
    summary = pl.DataFrame([r.asDict() for r in rows], schema={
        "subject_type": pl.Utf8, "county_code": pl.Utf8, "provision_id": pl.Utf8, "period": pl.Utf8,
        "benefit_type": pl.Utf8, "count": pl.Int64, "total_fen": pl.Int64, "amount_unknown": pl.Int64})
    summary = summary.with_columns(pl.col("total_fen").fill_null(0)).sort(["county_code", "provision_id"], nulls_last=True)
    return MatchOutput(out, summary, rows=int(summary["count"].sum() or 0), subjects=subjects,
                       seconds=time.perf_counter() - start, as_of=as_of)
