"""History features: what a subject has already received, as facts rules can read.

A feature is declared once (which provisions count, how to aggregate, which claim facts must
match) and computed two ways: from a case's list of :class:`~jiuye.facts.BenefitRecord`, and
from a history table joined to a subject table (Polars group-by, no row loops).
History is taken as complete as supplied: no record means nothing received (count 0).
A feature that matches on a claim fact (e.g. the certificate's occupation) is unknown while
that fact is unknown — unless there is no record it could match (then 0: no history, no question).
"""

from __future__ import annotations

from typing import Any, Literal

import polars as pl

from .expr import AS_OF, Env, Expr, Fact, PolarsEnv, Trace
from .vars import H

Agg = Literal["count", "count_same_year", "sum_loan_months"]
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

    def compute_frame(self, frame: pl.DataFrame, key: str, history: pl.DataFrame | None,
                      env: PolarsEnv) -> pl.Series:
        if history is None or history.height == 0:
            counts = pl.zeros(frame.height, dtype=pl.Int64, eager=True).alias(self.name)
        else:
            h = history.lazy().filter(pl.col("provision_id").is_in(list(self.provisions)))
            if self.claimant is not None:
                h = h.filter(pl.col("claimant") == self.claimant)
            if self.agg == "count_same_year":
                h = h.filter(pl.col("granted_on").dt.year() == env.as_of.year)
            candidates = h.group_by("subject_id").agg(pl.len().alias("__n"))
            if self.match:
                subj = frame.lazy().select(
                    pl.col(key).alias("subject_id"),
                    *[f.to_polars(env).cast(pl.Utf8).alias(f"__m_{rf}") for rf, f in self.match],
                )
                h = h.join(subj, on="subject_id", how="inner").filter(
                    pl.all_horizontal([pl.col(rf).cast(pl.Utf8) == pl.col(f"__m_{rf}") for rf, _ in self.match]))
            value = pl.col("loan_term_months").fill_null(0).sum() if self.agg == "sum_loan_months" else pl.len()
            agg = h.group_by("subject_id").agg(value.cast(pl.Int64).alias("__v"))
            counts = (frame.lazy().select(pl.col(key).alias("subject_id"))
                      .join(agg, on="subject_id", how="left", maintain_order="left")
                      .select(pl.col("__v").fill_null(0).alias(self.name)).collect().get_column(self.name))
            if self.match:  # unknown while a claim fact is unknown, unless there is no record to match
                none = (frame.lazy().select(pl.col(key).alias("subject_id"))
                        .join(candidates, on="subject_id", how="left", maintain_order="left")
                        .select(pl.col("__n").is_null().alias("n")).collect().get_column("n"))
                known = frame.select(pl.all_horizontal([f.to_polars(env).is_not_null() for _, f in self.match])
                                     .alias("k")).get_column("k")
                counts = pl.select(pl.when(known | none).then(counts).otherwise(None).alias(self.name)
                                   ).get_column(self.name)
        return counts


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
