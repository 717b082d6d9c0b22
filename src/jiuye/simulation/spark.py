"""``jiuye simulate --engine spark``: each scenario-year's eligible pairs on Apache Spark.

The same split as ``jiuye match --engine spark`` (:mod:`jiuye.matching.spark`): Spark reads the
subject tables and joins each subject with its own history rows (the supplied history plus the
grants the simulation counted in earlier years) and its status spells (``--spells``); ``mapInArrow`` hands Arrow batches to the same
:class:`~jiuye.matching.groups.GroupMatcher` the local engine uses (``keep_paid``), one per
reform scope, with the scope's parameter overrides (and the driver's maintained city/county values). The pairs come back to the driver, where
:mod:`.counting` counts the year exactly as with the local engine.
"""

from __future__ import annotations

import shutil
import tempfile
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl

from ..engine.history import HISTORY_SCHEMA
from ..engine.provision import Provision, Subject
from ..facts.spells import SPELL_SCHEMA
from ..matching.groups import GroupMatcher
from ..matching.match import Context, Plan, make_plan, parquet_rows
from ..matching.spark import _table, session, subject_frame, unpack
from ..params.store import PARAMETERS
from .counting import ELIGIBLE_COLUMNS
from .reform import Scope
from .runner import Population, Progress, combine, in_scope

_OUT = {**{c: t for c, t in ELIGIBLE_COLUMNS.items() if c != "__hid"}, "hid": pl.Utf8}
_DDL_TYPES = {pl.Utf8: "string", pl.Int64: "bigint"}
OUT_DDL = ", ".join(f"`{c}` {_DDL_TYPES[t]}" for c, t in _OUT.items())
_STATE: dict[str, tuple[Plan, list[tuple[Scope, Context]]]] = {}


def _state(token: str, subject: str, ids: tuple[str, ...], as_of: date,
           scopes: list[Scope]) -> tuple[Plan, list[tuple[Scope, Context]]]:
    """Plan and one parameter snapshot per scope, built once per executor process and run."""
    if token not in _STATE:
        if len(_STATE) > 16:
            _STATE.clear()
        from ..catalogue.registry import CATALOGUE

        provs = [CATALOGUE.provisions[i] for i in ids]
        plan = make_plan(Subject(subject), provisions=provs)
        _STATE[token] = (plan, [(s, Context(as_of, PARAMETERS.snapshot(as_of, s.overrides))) for s in scopes])
    return _STATE[token]


def _batch_function(token: str, subject: str, ids: tuple[str, ...], as_of: date, scopes: list[Scope]):
    import pyarrow as pa

    target = pa.schema([(c, pa.string() if t == pl.Utf8 else pa.int64()) for c, t in _OUT.items()])
    overlay = PARAMETERS.maintained()  # the driver's maintained city/county values travel with the function

    def out(frames: list[pl.DataFrame]) -> Iterator[pa.RecordBatch]:
        for f in frames:
            if f.height:
                f = f.with_columns(pl.lit(subject).alias("subject_type")).rename({"__hid": "hid"})
                yield from f.select([pl.col(c).cast(t) for c, t in _OUT.items()]).to_arrow().cast(target).to_batches()

    def run(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        PARAMETERS.ensure_local_values(overlay)
        plan, contexts = _state(token, subject, ids, as_of, scopes)
        matchers = [(s, GroupMatcher(plan, ctx, None, keep_paid=True)) for s, ctx in contexts]
        for batch in batches:
            frame, hist, spells = unpack(batch)  # the subjects with their history rows and status spells
            for s, m in matchers:
                yield from out(in_scope([(s, f) for f in m.add(frame, hist, spells)], scopes))
        for s, m in matchers:
            yield from out(in_scope([(s, f) for f in m.finish()], scopes))

    return run


class SparkEngine:
    """The eligible pairs of one scenario-year on Spark (``master``: default ``local[*]`` or
    spark-submit's; ``spark``: an existing session)."""

    name = "spark"

    def __init__(self, population: Population, *, master: str | None = None, spark: Any = None):
        self.population, self.master, self._spark = population, master, spark
        self._tmp = Path(tempfile.mkdtemp(prefix="jiuye-simulate-spark-"))

    @property
    def spark(self) -> Any:
        if self._spark is None:
            self._spark = session(self.master, app_name="jiuye-simulate")
        return self._spark

    def eligible(self, provisions: list[Provision], scopes: list[Scope], as_of: date, history: pl.DataFrame,
                 on_rows: Progress | None = None, label: str = "") -> pl.DataFrame:
        run = self._tmp / uuid.uuid4().hex
        run.mkdir()
        hist = None
        if history.height:
            history.select([pl.col(c).cast(t) for c, t in HISTORY_SCHEMA.items()]).write_parquet(run / "history.parquet")
            hist = self.spark.read.parquet(str(run / "history.parquet"))
        table = self.population.spells_table()  # checked on the driver, as the local engine reads it
        spells = _table(self.spark, table, run, "spells", SPELL_SCHEMA) if table is not None else None
        parts: list[pl.DataFrame] = []
        try:
            for subject, path in self.population.inputs():
                provs = [p for p in provisions if p.subject == subject]
                plan = make_plan(subject, provisions=provs)
                if plan.reported:
                    df = subject_frame(self.spark, path, plan, hist, spells)
                    fn = _batch_function(uuid.uuid4().hex, subject.value, tuple(p.id for p in provs), as_of, scopes)
                    target = run / f"{subject.value}.parquet"
                    df.mapInArrow(fn, OUT_DDL).write.mode("overwrite").parquet(str(target))
                    files = sorted(target.glob("*.parquet"))
                    if files:
                        parts.append(pl.read_parquet(files).rename({"hid": "__hid"}))
                if on_rows is not None:
                    on_rows(label, parquet_rows(path))
        finally:
            shutil.rmtree(run, ignore_errors=True)
        return combine(parts)
