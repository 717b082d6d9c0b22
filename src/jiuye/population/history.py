"""Synthetic benefit history (HISTORY_SCHEMA): what subjects have already received.

Two kinds of rows, both generated from the catalogue, so new provisions and new history
features get history without code here:

1. *Earlier grants* that exercise the caps: for every history feature (``hist.*``), about 15% of
   the subjects in the place of a counted provision who have the facts it reads (a certificate,
   a business...) already received 1–3 grants: this year for "per year" caps, 1–4 years ago
   otherwise; half of them for the same claim (occupation, level, certificate) as today.
2. *Payments of what is due now*: the block is evaluated as of the reference date with the
   earlier grants, and about 60–75% of the eligible (subject, benefit) pairs are recorded as paid
   (the current month for monthly benefits, a year from a recent date for yearly ones, a loan
   over its term), varying by county. The rest are what ``jiuye match`` should find.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import polars as pl

from ..catalogue.registry import CATALOGUE, evaluate_frame
from ..engine.expr import Fact, PolarsEnv
from ..engine.history import FEATURES, HISTORY_SCHEMA
from ..engine.provision import Kind, Period, Provision, Subject
from .enterprises import stable_share
from .rng import Draws
from .weights import county_weights

NO_SUBJECT = "\x00none"


def usable_history(history: pl.DataFrame | None) -> pl.DataFrame:
    """``history`` for evaluate_frame, never empty: with an empty history the engine's history
    features build a one-row column and fail (engine/history.py), so a row for no subject
    stands in (it counts nothing)."""
    if history is not None and history.height:
        return history
    return pl.DataFrame({"subject_id": [NO_SUBJECT], "provision_id": [NO_SUBJECT]}).with_columns(
        [pl.lit(None, dtype=t).alias(c) for c, t in HISTORY_SCHEMA.items() if c not in ("subject_id", "provision_id")]
    ).select(list(HISTORY_SCHEMA))


EMPTY = pl.DataFrame(schema=HISTORY_SCHEMA)
PAID_SHARE = {Period.ONE_TIME: 0.65, Period.MONTHLY: 0.75, Period.YEARLY: 0.65}
LOAN_PAID_SHARE = 0.5


def _frame_out(lf: pl.LazyFrame) -> pl.DataFrame:
    cols = [pl.col(c).cast(t) if c in lf.collect_schema().names() else pl.lit(None, dtype=t).alias(c)
            for c, t in HISTORY_SCHEMA.items()]
    return lf.select(cols).collect()


def _has_claim(p: Provision, env: PolarsEnv) -> pl.Expr:
    """The subject has the facts the provision's own conditions read (e.g. holds a certificate)."""
    names = {n.name for c in p.conditions for n in c.test.walk()
             if isinstance(n, Fact) and not n.name.startswith("hist.") and n.name in env.columns}
    return pl.all_horizontal([pl.col(n).is_not_null() for n in sorted(names)]) if names else pl.lit(True)


def earlier_grants(frame: pl.DataFrame, subject: Subject, key: str, d: Draws, ref: date, snap: Any) -> pl.DataFrame:
    env = PolarsEnv(snap, ref, frozenset(frame.columns))
    parts: list[pl.DataFrame] = []
    jan1 = date(ref.year, 1, 1)
    for f in FEATURES.values():
        provs = [CATALOGUE.provisions[pid] for pid in f.provisions if CATALOGUE.provisions[pid].subject == subject]
        if not provs:
            continue
        place = pl.any_horizontal([p.jurisdiction.test.to_polars(env).fill_null(False) & _has_claim(p, env)
                                   for p in provs])
        known = pl.all_horizontal([fx.to_polars(env).is_not_null() for _, fx in f.match]) if f.match else pl.lit(True)
        same = d.bern(f"hist:{f.key}:same", 0.5)
        matched = []
        for rf, fx in f.match:
            v = fx.to_polars(env).cast(HISTORY_SCHEMA[rf])
            other = (pl.when(v >= 5).then(v - 1).otherwise(v + 1) if HISTORY_SCHEMA[rf] == pl.Int64
                     else pl.concat_str([v, pl.lit("#")]))
            matched.append(pl.when(same).then(v).otherwise(other).alias(rf))
        when = (d.date_before(f"hist:{f.key}:on", ref, (ref - jan1).days) if f.agg == "count_same_year"
                else d.date_before(f"hist:{f.key}:on", ref, 4 * 365, min_days=365))
        term = d.pick(f"hist:{f.key}:term", [12, 24, 36], dtype=pl.Int64) if f.agg == "sum_loan_months" else None
        chosen = (frame.lazy()
                  .filter(place & known & d.bern(f"hist:{f.key}", 0.15))
                  .select(pl.col(key).cast(pl.Utf8).alias("subject_id"),
                          d.pick(f"hist:{f.key}:prov", [p.id for p in provs], dtype=pl.Utf8).alias("provision_id"),
                          when.alias("granted_on"), d.int_between(f"hist:{f.key}:n", 1, 3).alias("__n"),
                          pl.lit(f.claimant or "self").alias("claimant"), *matched,
                          *([term.alias("loan_term_months")] if term is not None else []))
                  .collect())
        for j in range(3):  # up to three earlier grants each, a few weeks apart
            rows = chosen.lazy().filter(pl.col("__n") > j).with_columns(
                pl.max_horizontal(pl.lit(jan1) if f.agg == "count_same_year" else pl.lit(date(1990, 1, 1)),
                                  pl.col("granted_on") - timedelta(days=23 * j)).alias("granted_on"))
            parts.append(_frame_out(rows))
    return pl.concat(parts) if parts else EMPTY


def _county_factor(frame_place: pl.Expr) -> pl.Expr:
    codes = county_weights()["code"].to_list()
    return frame_place.replace_strict(codes, [stable_share(c, 0.8, 1.15) for c in codes], default=1.0,
                                      return_dtype=pl.Float64)


def _claim_columns(frame: pl.DataFrame, p: Provision) -> list[pl.Expr]:
    cols = set(frame.columns)

    def col(name: str, dtype: pl.DataType) -> pl.Expr:
        return pl.col(name).cast(dtype) if name in cols else pl.lit(None, dtype=dtype)

    level = pl.when(col("person.certificate_kind", pl.Utf8) == "special_ability").then(pl.lit(0, dtype=pl.Int64)) \
        .otherwise(col("person.certificate_level", pl.Int64))
    return [col("person.certificate_occupation", pl.Utf8).alias("occupation"), level.alias("level"),
            col("person.certificate_no", pl.Utf8).alias("certificate_no")]


def payments(frame: pl.DataFrame, wide: pl.DataFrame, subject: Subject, key: str, d: Draws,
             ref: date) -> pl.DataFrame:
    place = "enterprise.adcode" if subject == Subject.ENTERPRISE else "person.residence_adcode"
    factor = _county_factor(pl.col(place).cast(pl.Utf8)) if place in frame.columns else pl.lit(1.0)
    month_start = ref.replace(day=1)
    month_end = (month_start + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    parts = []
    for p in CATALOGUE:
        if p.subject != subject or p.kind != Kind.BENEFIT or p.period not in PAID_SHARE:
            continue
        loan = p.benefit_type == "loan"
        share = LOAN_PAID_SHARE if loan else PAID_SHARE[p.period]
        due = wide.get_column(f"{p.id}:outcome") == "eligible"
        base = frame.lazy().with_columns(wide.get_column(f"{p.id}:amount_fen").alias("amount_fen")).filter(due)
        base = base.filter(d.bern(f"paid:{p.id}", factor * share))
        if p.period == Period.MONTHLY:
            on, start, end = pl.lit(month_start), pl.lit(month_start), pl.lit(month_end)
        elif p.period == Period.YEARLY:
            on = d.date_before(f"paid:{p.id}:on", ref, 330)
            start, end = on, on + timedelta(days=364)
        elif loan:
            term = (pl.col("person.loan_term_months").fill_null(24) if "person.loan_term_months" in frame.columns
                    else pl.lit(24))
            on = d.date_before(f"paid:{p.id}:on", ref, 300)
            start, end = on, on.dt.offset_by(pl.format("{}mo", term)) - timedelta(days=1)
        else:
            on = d.date_before(f"paid:{p.id}:on", ref, 365)
            start = end = pl.lit(None, dtype=pl.Date)
        lf = base.select(
            pl.col(key).cast(pl.Utf8).alias("subject_id"), pl.lit(p.id).alias("provision_id"), on.alias("granted_on"),
            pl.col("amount_fen"), start.alias("period_start"), end.alias("period_end"),
            pl.lit("employer" if p.payee == "employer" else "self").alias("claimant"), *_claim_columns(frame, p),
            (term if loan else pl.lit(None, dtype=pl.Int64)).alias("loan_term_months"))
        parts.append(_frame_out(lf))
    return pl.concat(parts) if parts else EMPTY


def block_history(frame: pl.DataFrame, subject: Subject, key: str, seed: int, ref: date,
                  snap: Any) -> pl.DataFrame:
    """Earlier grants and current payments for one block of subjects (sorted by subject)."""
    d = Draws(seed, f"history:{subject.value}", column="__hh")
    frame = frame.with_columns(d.hash_column())
    earlier = earlier_grants(frame, subject, key, d, ref, snap)
    wide = evaluate_frame(frame, ref, subjects=[subject], history=usable_history(earlier), snapshot=snap, key=key)
    paid = payments(frame, wide, subject, key, d, ref)
    return pl.concat([earlier, paid]).sort("subject_id", "granted_on", maintain_order=True)
