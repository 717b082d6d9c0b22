"""Synthetic businesses (enterprise.*) of founders, and generic values for any other fact.

A founder's business sits on the founder's row (person ⟕ enterprise founded). The enterprises
table is made of the same rows keyed by ``enterprise.enterprise_id``.
"""

from __future__ import annotations

import zlib
from datetime import date

import polars as pl

from ..engine.expr import PL_TYPES, Fact
from ..ids import USCC_ALPHABET, USCC_WEIGHTS
from .persons import county_draw
from .rng import Draws

# Shares (assumed): about six in ten market entities in Zhejiang are individual businesses.
KIND = (("individual", 0.62), ("company", 0.38))
SIZE = (("micro", 0.68), ("small", 0.22), ("medium", 0.07), ("large", 0.03))
HIRES_CAP = {"individual": 4, "micro": 10, "small": 50, "medium": 300, "large": 1500}


def enterprise_columns(d: Draws, ref: date, lpr_bp: int, id_prefix: str) -> list[list[pl.Expr]]:
    f = pl.col("__founder")
    r = pl.lit(ref, dtype=pl.Date)
    stage1 = [
        pl.when(f).then(pl.concat_str([pl.lit(id_prefix), pl.col("__row").cast(pl.Utf8).str.zfill(10)]))
        .alias("enterprise.enterprise_id"),
        pl.when(f).then(pl.when(d.bern("business_elsewhere", 0.1)).then(county_draw(d, "business"))
                        .otherwise(pl.col("person.residence_adcode"))).alias("enterprise.adcode"),
        pl.when(f).then(d.pick("kind", [k for k, _ in KIND], [w for _, w in KIND], dtype=pl.Utf8)).alias("enterprise.kind"),
        pl.when(f).then(d.date_before("registered_on", ref, 3650, min_days=1, skew=1.8)).alias("enterprise.registered_on"),
        pl.when(f).then(d.pick("ownership", ["non_public", "public"], [0.985, 0.015], dtype=pl.Utf8))
        .alias("enterprise.ownership"),
        pl.when(f).then(d.bern("operating", 0.93)).alias("enterprise.operating_normally"),
        pl.when(f).then(d.bern("ecommerce", 0.12)).alias("enterprise.ecommerce"),
        pl.when(f).then(d.bern("leading_industry", 0.15)).alias("enterprise.leading_industry"),
        pl.when(f).then(d.bern("startup_base", 0.05)).alias("enterprise.in_startup_base"),
    ]
    size = d.pick("size", [s for s, _ in SIZE], [w for _, w in SIZE], dtype=pl.Utf8)
    stage2 = [pl.when(pl.col("enterprise.kind") == "individual").then(pl.lit("micro"))
              .when(pl.col("enterprise.kind") == "company").then(size).alias("enterprise.size")]
    cap = (pl.when(pl.col("enterprise.kind") == "individual").then(HIRES_CAP["individual"])
           .otherwise(pl.col("enterprise.size").replace_strict(HIRES_CAP, default=0, return_dtype=pl.Int64)))
    hires = (d.u("hires") ** 2 * (cap + 1).cast(pl.Float64)).floor().cast(pl.Int64)
    loan = (f & (pl.col("enterprise.kind") == "company") & pl.col("enterprise.size").is_in(["micro", "small"])
            & d.bern("enterprise_loan", 0.08))
    reg = pl.col("enterprise.registered_on")
    stage3 = [
        pl.when(f).then(hires).alias("enterprise.insured_hires_12m"),
        pl.when(loan).then(d.int_between("e_loan_wan", 50, 300) * 1_000_000).when(f).then(0).alias("enterprise.loan_amount_fen"),
        pl.when(loan).then(lpr_bp + d.int_between("e_loan_rate", -40, 60)).alias("enterprise.loan_rate_bp"),
        pl.when(loan).then(pl.min_horizontal(reg + pl.duration(days=d.int_between("e_loan_lag", 0, 720)), r))
        .alias("enterprise.loan_contract_date"),
    ]
    stage4 = [pl.when(f).then((pl.col("enterprise.insured_hires_12m").cast(pl.Float64) * d.u("key_hires") * 0.5)
                              .round(0).cast(pl.Int64)).alias("enterprise.key_group_hires")]
    return [stage1, stage2, stage3, stage4, uscc_columns(d)]


def uscc_columns(d: Draws) -> list[pl.Expr]:
    """A valid 统一社会信用代码 (GB 32100): 9 + 1/2 (company/individual) + county + 9 random + check."""
    idx: list[pl.Expr] = [pl.lit(9, dtype=pl.Int64),
                          pl.when(pl.col("enterprise.kind") == "individual").then(2).otherwise(1).cast(pl.Int64)]
    idx += [pl.col("enterprise.adcode").str.slice(i, 1).cast(pl.Int64) for i in range(6)]
    lo, hi = d.bits("uscc_lo"), d.bits("uscc_hi")
    idx += [((lo // 31 ** j) % 31).cast(pl.Int64) for j in range(5)] + [((hi // 31 ** j) % 31).cast(pl.Int64) for j in range(4)]
    total = pl.sum_horizontal([e * w for e, w in zip(idx, USCC_WEIGHTS, strict=True)])
    chars = [e.replace_strict(list(range(31)), list(USCC_ALPHABET), return_dtype=pl.Utf8) for e in idx]
    check = ((31 - total % 31) % 31).replace_strict(list(range(31)), list(USCC_ALPHABET), return_dtype=pl.Utf8)
    return [pl.when(pl.col("__founder")).then(pl.concat_str(chars + [check])).alias("enterprise.uscc")]


def generic_fact(fact: Fact, d: Draws, ref: date, applies: pl.Expr) -> pl.Expr:
    """A value for a fact nobody wrote a generator for, from its type and choices.

    Applies to working-age people (or to businesses); rare by default, since most such facts
    are statuses few people have: booleans are true for 3% (unknown for 5%); integers are 0 (or
    the model's lower bound; unknown for ranks and levels) for 97%; dates are known for 5%
    (within five years before the reference date); choices are uniform (``none``/``other`` for
    85% when offered); places are weighted counties; other text is a short token for 20%.
    Integer ranges follow the name (``*_fen`` money, ``*_months``, ``*_bp``, ``*_m2``,
    ``*level``/``*rank``) and the model's ge/le bounds.
    """
    n, field = fact.name, fact.name.split(".", 1)[1]
    known = applies & ~d.bern(f"{n}:unknown", 0.05)
    if fact.choices:
        rest = [c for c in fact.choices if c not in ("none", "other")]
        default = next((c for c in fact.choices if c in ("none", "other")), None)
        value: pl.Expr = d.pick(n, list(fact.choices), dtype=pl.Utf8)
        if default is not None and rest:
            value = pl.when(d.bern(f"{n}:default", 0.85)).then(pl.lit(default)).otherwise(d.pick(n, rest, dtype=pl.Utf8))
    elif fact.dtype == "bool":
        value = d.bern(n, 0.03)
    elif fact.dtype == "date":
        value = pl.when(d.bern(f"{n}:has", 0.05)).then(d.date_before(n, ref, 5 * 365))
    elif fact.dtype == "int":
        lo, hi = ((100_000, 5_000_000) if field.endswith("_fen") else (0, 60) if field.endswith("_months")
                  else (250, 500) if field.endswith("_bp") else (10, 300) if field.endswith("_m2")
                  else (1, 5) if field.endswith(("level", "rank")) else (0, 10))
        ge, le = _bounds(n)
        lo, hi = max(lo, ge if ge is not None else lo), min(hi, le if le is not None else hi)
        floor = max(0, ge) if ge is not None else 0
        base = pl.lit(None, dtype=pl.Int64) if field.endswith(("level", "rank")) else pl.lit(floor, dtype=pl.Int64)
        value = pl.when(d.bern(f"{n}:has", 0.03)).then(d.int_between(n, lo, max(lo, hi))).otherwise(base)
    elif field.endswith("adcode"):
        value = county_draw(d, n)
    else:
        value = pl.when(d.bern(f"{n}:has", 0.2)).then(pl.concat_str([pl.lit(field[:8]), (d.bits(n) % 1000).cast(pl.Utf8)]))
    return pl.when(known).then(value).otherwise(pl.lit(None)).cast(PL_TYPES[fact.dtype]).alias(n)


def _bounds(name: str) -> tuple[int | None, int | None]:
    """The model's ``ge``/``le`` constraints of an integer fact, within its plausible range
    (:mod:`jiuye.facts.ranges`), so generated values validate."""
    from ..facts.models import Enterprise, Organisation, Person
    from ..facts.ranges import range_for

    prefix, field = name.split(".", 1)
    model = {"person": Person, "enterprise": Enterprise, "organisation": Organisation}[prefix]
    ge = le = None
    for m in getattr(model.model_fields.get(field), "metadata", []):
        ge = getattr(m, "ge", ge)
        le = getattr(m, "le", le)
    high = range_for(field).high
    return ge, high if le is None else min(le, high)


def stable_share(code: str, lo: float, hi: float) -> float:
    """A fixed pseudo-random number in [lo, hi] for a code (per-county outreach rates)."""
    return lo + (hi - lo) * (zlib.crc32(code.encode()) % 1000) / 999
