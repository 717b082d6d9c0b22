"""History features: what a subject has already received, as facts rules can read.

A feature is declared once (which provisions count, how to aggregate, which claim facts must
match) and computed two ways: from a case's list of :class:`~jiuye.facts.BenefitRecord`, and
from a history table joined to a subject table (Polars group-by, no row loops).
History is taken as complete as supplied: no record means nothing received (count 0).
A feature that matches on a claim fact (e.g. the certificate's occupation) is unknown while
that fact is unknown — unless there is no record it could match (then 0: no history, no question).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any, Literal

import polars as pl

from .expr import AS_OF, Env, Expr, Fact, PolarsEnv, Trace
from .vars import H

if TYPE_CHECKING:
    import numpy as np

Agg = Literal["count", "count_same_year", "sum_loan_months"]
Agg1 = Literal["sum", "min", "any"]  # per subject: sum of an Int64 column, earliest date, any true
Parts = tuple[list[pl.Expr], list[tuple[str, Agg1]], pl.Expr]
HISTORY_SCHEMA = {
    "subject_id": pl.Utf8, "provision_id": pl.Utf8, "granted_on": pl.Date, "amount_fen": pl.Int64,
    "period_start": pl.Date, "period_end": pl.Date, "claimant": pl.Utf8, "occupation": pl.Utf8,
    "level": pl.Int64, "certificate_no": pl.Utf8, "loan_term_months": pl.Int64,
}


class HistoryFact(Fact):
    """A fact computed from the benefit history (``hist.<name>``)."""

    def __init__(self, name: str, label_zh: str, label_en: str, provisions: tuple[str, ...], agg: Agg = "count",
                 match: tuple[tuple[str, Expr], ...] = (), claimant: str | None = None):
        super().__init__(f"hist.{name}", "int", label_zh, label_en,
                         "请提供已享受的补贴记录", "Please supply the benefits already received")
        self.key, self.provisions, self.agg, self.match, self.claimant = name, provisions, agg, match, claimant
        self.children = tuple(f for _, f in match) + ((AS_OF,) if agg == "count_same_year" else ())

    # values are computed up front by compute_case / compute_frame and read like any fact
    def trace(self, env: Env) -> Trace:
        kids = [f.trace(env) for _, f in self.match]
        return Trace(f"{self.label_zh} / {self.label_en}", self.ev(env), kids, fact=self.name)

    def compute_case(self, records: list[Any], env: Env) -> int | None:
        env_as_of = env.as_of
        candidates = [r for r in records
                      if r.provision_id in self.provisions
                      and (self.claimant is None or r.claimant == self.claimant)
                      and (self.agg != "count_same_year" or r.granted_on.year == env_as_of.year)]
        if not candidates:
            return 0  # no record to match: nothing received, whatever the claim facts are
        wanted: list[tuple[str, Any]] = []
        for rec_field, f in self.match:
            v = f.ev(env)
            if v is None:
                return None
            wanted.append((rec_field, v))
        total = 0
        for r in candidates:
            if any(str(getattr(r, rf)) != str(v) for rf, v in wanted):
                continue
            total += (r.loan_term_months or 0) if self.agg == "sum_loan_months" else 1
        return total

    # --- a table: this feature's share of the one group-by over the ledger (compute_features) ---
    def frame_parts(self, i: int, led: Ledger) -> Parts:
        """(per-record columns, how each is aggregated per subject, the value from the aggregates
        laid out one per subject row). Column names carry ``i`` (the feature's slot)."""
        sel = led.selects(self.provisions)
        if self.claimant is not None:
            sel = sel & (pl.col("claimant") == self.claimant).fill_null(False)
        if self.agg == "count_same_year":
            sel = sel & (pl.col("__gy") == led.env.as_of.year).fill_null(False)
        matched = sel
        if self.match:
            matched = sel & pl.all_horizontal([(pl.col(rf).cast(pl.Utf8) == pl.col(led.match_column(f)))
                                               .fill_null(False) for rf, f in self.match])
        one = pl.col("loan_term_months").fill_null(0) if self.agg == "sum_loan_months" else pl.lit(1, dtype=pl.Int64)
        rows = [pl.when(matched).then(one).otherwise(0).cast(pl.Int64).alias(f"__v{i}")]
        aggs: list[tuple[str, Agg1]] = [(f"__v{i}", "sum")]
        value = pl.col(f"__v{i}").fill_null(0)
        if self.match:  # unknown while a claim fact is unknown, unless there is no record to match
            rows.append(sel.cast(pl.Int64).alias(f"__n{i}"))
            aggs.append((f"__n{i}", "sum"))
            known = pl.all_horizontal([pl.col(led.match_column(f)).is_not_null() for _, f in self.match])
            none = pl.col(f"__n{i}").fill_null(0) == 0
            value = pl.when(known | none).then(value).otherwise(pl.lit(None, dtype=pl.Int64))
        return rows, aggs, value

    def signature(self) -> tuple[Any, ...]:
        """Features with equal signatures have equal values (computed once per table)."""
        return ("hist", self.agg, frozenset(self.provisions), self.claimant, tuple((rf, id(e)) for rf, e in self.match))

    def empty_frame(self, height: int) -> pl.Series:
        """The value with no ledger at all: nothing received."""
        return pl.zeros(height, dtype=pl.Int64, eager=True).alias(self.name)

    def compute_frame(self, frame: pl.DataFrame, key: str, history: pl.DataFrame | None,
                      env: PolarsEnv) -> pl.Series:
        memo = _BATCH.get()
        if memo is not None and self.name in memo.names:
            return memo.column(self, frame, key, history, env)
        return compute_features([self], frame, key, history, env)[0]


class Ledger:
    """The ledger of one table as the features read it: provision ids as small integer codes and the
    claim facts the features match on, joined once (columns ``__m<j>``)."""

    def __init__(self, features: list[HistoryFact], env: PolarsEnv):
        self.env = env
        ids = sorted({pid for f in features for pid in f.provisions})
        self.codes = {pid: n for n, pid in enumerate(ids)}
        self.matches: dict[int, tuple[str, Expr]] = {}
        for f in features:
            for _, e in f.match:
                self.matches.setdefault(id(e), (f"__m{len(self.matches)}", e))

    def selects(self, provisions: tuple[str, ...]) -> pl.Expr:
        return pl.col("__p").is_in([self.codes[p] for p in provisions])

    def match_column(self, e: Expr) -> str:
        return self.matches[id(e)][0]

    def records(self, history: pl.DataFrame, subjects: pl.LazyFrame) -> pl.LazyFrame:
        """The records of the features' provisions, each with its subject's row ``__r`` (one join on
        the key, the only string hashing) and the claim facts matched on."""
        h = history.lazy().with_columns(
            pl.col("provision_id").replace_strict(list(self.codes), list(self.codes.values()), default=-1,
                                                  return_dtype=pl.Int32).alias("__p"))
        h = h.filter(pl.col("__p") >= 0).with_columns(
            pl.col("granted_on").dt.year().cast(pl.Int64).alias("__gy"),
            pl.col("granted_on").dt.month().cast(pl.Int64).alias("__gm"))
        return h.join(subjects.select("subject_id", "__r", *[n for n, _ in self.matches.values()]),
                      on="subject_id", how="inner")


def compute_features(features: Iterable[HistoryFact], frame: pl.DataFrame, key: str,
                     history: pl.DataFrame | None, env: PolarsEnv) -> list[pl.Series]:
    """Every feature of ``features`` over ``frame`` (one value per row, in row order): one join of the
    ledger to the subjects' rows, ONE group-by by subject row (each distinct feature a column of
    it), each aggregate scattered back to the rows."""
    feats = list(features)
    if not feats:
        return []
    if history is None or history.height == 0:
        return [f.empty_frame(frame.height) for f in feats]
    led = Ledger(feats, env)
    subjects = frame.lazy().select(pl.col(key).cast(pl.Utf8).alias("subject_id"),
                                   *[e.to_polars(env).cast(pl.Utf8).alias(n) for n, e in led.matches.values()]
                                   ).with_row_index("__r")
    slot: dict[tuple[Any, ...], int] = {}  # features with equal values share one aggregate
    parts = {}
    for f in feats:
        if (sig := f.signature()) not in slot:
            slot[sig] = len(slot)
            parts[slot[sig]] = f.frame_parts(slot[sig], led)
    sub = subjects.collect()
    recs = (led.records(history, sub.lazy()).select("__r", *[r for rows, _, _ in parts.values() for r in rows])
            .collect())
    r = recs.get_column("__r").to_numpy()
    dense = [_per_subject(recs.get_column(name), how, r, frame.height) for _, aggs, _ in parts.values()
             for name, how in aggs]
    values = [parts[slot[f.signature()]][2].alias(f.name) for f in feats]
    return sub.drop("subject_id").with_columns(dense).select(values).get_columns()


_NO_DATE = 2**31 - 1  # the largest Int32


def _per_subject(col: pl.Series, how: Agg1, rows: np.ndarray, height: int) -> pl.Series:
    """``col`` (one value per record) aggregated per subject row (``rows``: each record's row):
    unbuffered scatter-adds, exact in Int64; a row without records has 0 / no date / False."""
    import numpy as np  # only with a ledger (the batch path without one does not load NumPy)

    if how == "min":
        out = np.full(height, _NO_DATE, dtype=np.int32)
        np.minimum.at(out, rows, col.to_physical().fill_null(_NO_DATE).to_numpy())
        s = pl.Series(col.name, out)
        return s.set(s == _NO_DATE, None).cast(pl.Date)  # type: ignore[arg-type]
    acc = np.zeros(height, dtype=np.int64)
    np.add.at(acc, rows, col.cast(pl.Int64).to_numpy())
    return pl.Series(col.name, acc > 0) if how == "any" else pl.Series(col.name, acc)


class _Batch:
    """Features computed together per table (see :func:`batched`)."""

    def __init__(self, features: list[HistoryFact]):
        self.features = features
        self.names = {f.name for f in features}
        self.table: tuple[Any, ...] | None = None  # (frame, history, key, as_of, snapshot id)
        self.columns: dict[str, pl.Series] = {}

    def preset(self, frame: pl.DataFrame, history: pl.DataFrame | None, key: str, env: PolarsEnv,
               columns: Iterable[pl.Series]) -> None:
        """The features of ``frame`` already computed (e.g. a slice of a larger table's)."""
        self.table = (frame.get_column(key), history, key, env.as_of, id(env.snapshot))
        self.columns = {c.name: c for c in columns}

    def _same(self, frame: pl.DataFrame, history: pl.DataFrame | None, key: str, env: PolarsEnv) -> bool:
        """The table preset: the same subjects in the same order (the engine may pass a narrower
        frame of the same rows), the same ledger object, date and parameters."""
        t = self.table
        return (t is not None and t[1] is history and t[2:] == (key, env.as_of, id(env.snapshot))
                and t[0].len() == frame.height and t[0].equals(frame.get_column(key)))

    def column(self, f: HistoryFact, frame: pl.DataFrame, key: str, history: pl.DataFrame | None,
               env: PolarsEnv) -> pl.Series:
        if not self._same(frame, history, key, env):
            self.preset(frame, history, key, env, compute_features(self.features, frame, key, history, env))
        if f.name in self.columns:
            return self.columns.pop(f.name)
        return compute_features([f], frame, key, history, env)[0]


_BATCH: ContextVar[_Batch | None] = ContextVar("history_batch", default=None)


@contextmanager
def batched(features: Iterable[HistoryFact]) -> Iterator[_Batch]:
    """Within the block, the first :meth:`HistoryFact.compute_frame` of a table computes every one of
    ``features`` for that table at once (:func:`compute_features`), or takes them from
    :meth:`_Batch.preset`; the others take their column. (For callers that ask feature by feature,
    e.g. ``batch.add_history_features``.)"""
    memo = _Batch(list(features))
    token = _BATCH.set(memo)
    try:
        yield memo
    finally:
        _BATCH.reset(token)


def frame_features(features: Iterable[HistoryFact], frame: pl.DataFrame, key: str, history: pl.DataFrame | None,
                   env: PolarsEnv) -> list[pl.Series]:
    """Every feature over ``frame``: from the active :func:`batched` block when there is one (its
    presets), else all in one pass (:func:`compute_features`)."""
    feats = list(features)
    if _BATCH.get() is not None:
        return [f.compute_frame(frame, key, history, env) for f in feats]
    return compute_features(feats, frame, key, history, env)


FEATURES: dict[str, HistoryFact] = {}


def feature(name: str, label_zh: str, label_en: str, provisions: tuple[str, ...], agg: Agg = "count",
            match: tuple[tuple[str, Expr], ...] = (), claimant: str | None = None) -> HistoryFact:
    f = HistoryFact(name, label_zh, label_en, provisions, agg, match, claimant)
    FEATURES[name] = f
    setattr(H, name, f)
    return f


def compute_case_features(records: list[Any], env: Env) -> None:
    for f in FEATURES.values():
        env.values[f.name] = f.compute_case(records, env)
