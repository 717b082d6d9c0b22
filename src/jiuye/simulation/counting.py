"""How a year's eligible pairs become that year's cost (the simulation's reading; docs/simulation.md).

Year Y is evaluated once, as of its evaluation day (30 June by default): the engine's outcome on
that day (stacking and history caps applied) stands for the whole year. For a pair eligible that
day, the amount counted in Y is:

- **one-time**: the amount, once, in the first simulated year it is eligible, unless a grant of it
  is already recorded (history before the first simulated year, or counted in an earlier year);
- **yearly**: the amount, once a year, while the years already granted are fewer than the
  maximum duration in years (rounded up);
- **monthly**: the amount × the months payable in Y: 12, or fewer when the maximum duration
  leaves fewer months (months already received counted from the history: one record per month,
  or the months its period spans);
- loans, guarantees, fee waivers and rights carry no money: they are counted as recipients only;
- one benefit per stacking group (从优从高不重复): where the engine leaves several eligible (it
  cannot rank a ceiling against an exact amount: the caseworker decides), the highest is counted
  (:func:`one_per_group`).

A pair whose amount is not known is counted as a recipient with an unknown amount, never as zero.
Every total is integer fen. The grants counted in Y are added to the history the engine sees in
Y+1, so caps ("three a year", "once", "36 months in all") hold across the simulated years.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from ..engine.history import HISTORY_SCHEMA

READING_ZH = (
    "每年按一个评估日（默认6月30日）判断资格（已按从优从高不重复和享受次数上限判断），当日的结果代表全年。"
    "一次性补贴：在模拟期间首次符合条件的年度计一次，此前已有发放记录的不再计；按年补贴：每年计一次，"
    "累计年数不超过最长期限；按月补贴：按当年可发放月数计（12个月，最长期限剩余不足12个月的按剩余月数），"
    "已领月数按发放记录计。同一从优从高组只计一项：引擎无法比较（仅规定上限与确定金额、金额未知）而由经办人员裁定的，按可能支付的最高一项计。贷款、担保、免费项目只计人次不计金额。金额未知的计人次、不计金额，不按零计。"
    "当年计入的发放作为下一年的享受记录，次数上限跨年有效。模拟首年1月1日及以后的原有发放记录不计入，"
    "由模拟本身计算。")
MONEY_TYPES = ("subsidy", "interest_subsidy")
ELIGIBLE_COLUMNS = {"subject_type": pl.Utf8, "subject_id": pl.Utf8, "__hid": pl.Utf8, "provision_id": pl.Utf8,
                    "county_code": pl.Utf8, "amount_fen": pl.Int64, "max_duration_months": pl.Int64}
COUNTED_SCHEMA = {**ELIGIBLE_COLUMNS, "year": pl.Int32, "period": pl.Utf8, "benefit_type": pl.Utf8,
                  "money": pl.Boolean, "units": pl.Int64, "cost_fen": pl.Int64}
LEDGER_SCHEMA = {"__hid": pl.Utf8, "provision_id": pl.Utf8, "grants": pl.Int64, "months": pl.Int64}


def ledger(history: pl.DataFrame | None) -> pl.DataFrame:
    """Per (subject, provision): grants recorded and months received (one record per month, or
    the calendar months its period spans)."""
    if history is None or history.height == 0:
        return pl.DataFrame(schema=LEDGER_SCHEMA)
    ps, pe = pl.col("period_start"), pl.col("period_end")
    spanned = ((pe.dt.year().cast(pl.Int64) - ps.dt.year().cast(pl.Int64)) * 12
               + pe.dt.month().cast(pl.Int64) - ps.dt.month().cast(pl.Int64) + 1)
    months = pl.when(ps.is_not_null() & pe.is_not_null() & (pe >= ps)).then(spanned).otherwise(1)
    return (history.lazy().group_by(pl.col("subject_id").alias("__hid"), "provision_id")
            .agg(pl.len().cast(pl.Int64).alias("grants"), months.sum().cast(pl.Int64).alias("months"))
            .collect())


def one_per_group(eligible: pl.DataFrame, meta: pl.DataFrame) -> pl.DataFrame:
    """At most one pair per subject and stacking group (不重复). The engine leaves several members
    eligible when it cannot rank them (a ceiling against an exact amount, an unknown amount: the
    caseworker decides); the simulation then counts the one the rules could pay most: the highest
    annual value (monthly ×12), a known amount before an unknown one, then the exact amount, then
    the provision declared first. ``meta`` needs provision_id, stacking_group, period, amount_kind, order."""
    m = meta.select("provision_id", "stacking_group", "period", "amount_kind", "order")
    per_year = pl.when(pl.col("period") == "monthly").then(12).otherwise(1)
    ranked = (eligible.lazy().join(m.lazy(), on="provision_id", how="left")
              .with_columns((pl.col("amount_fen") * per_year).alias("__annual")))
    grouped = (ranked.filter(pl.col("stacking_group").is_not_null())
               .sort(["__annual", "amount_kind", "order"], descending=[True, False, False], nulls_last=True)
               .unique(subset=["subject_type", "__hid", "stacking_group"], keep="first", maintain_order=True))
    alone = ranked.filter(pl.col("stacking_group").is_null())
    return pl.concat([alone, grouped]).select(eligible.columns).collect()


def count_year(eligible: pl.DataFrame, meta: pl.DataFrame, prior: pl.DataFrame, year: int) -> pl.DataFrame:
    """The pairs counted in ``year`` (``COUNTED_SCHEMA``): ``eligible`` (``ELIGIBLE_COLUMNS``),
    ``meta`` (provision_id, period, benefit_type), ``prior`` (:func:`ledger` of the history
    before the year)."""
    grants = pl.col("grants").fill_null(0)
    months = pl.col("months").fill_null(0)
    dur = pl.col("max_duration_months")
    period = pl.col("period")
    units = (pl.when(period == "one_time").then(pl.when(grants == 0).then(1).otherwise(0))
             .when(period == "yearly").then(pl.when(dur.is_null() | (grants < (dur + 11) // 12)).then(1).otherwise(0))
             .when(period == "monthly").then(pl.when(dur.is_null()).then(12)
                                             .otherwise(pl.min_horizontal(pl.lit(12), dur - months).clip(0, 12)))
             .otherwise(pl.when(grants == 0).then(1).otherwise(0)))
    money = pl.col("benefit_type").is_in(MONEY_TYPES) & (period != "none")
    if {"stacking_group", "amount_kind", "order"} <= set(meta.columns):
        eligible = one_per_group(eligible.select([pl.col(c).cast(t) for c, t in ELIGIBLE_COLUMNS.items()]), meta)
    out = (eligible.lazy().select([pl.col(c).cast(t) for c, t in ELIGIBLE_COLUMNS.items()])
           .join(meta.lazy().select("provision_id", "period", "benefit_type"), on="provision_id", how="left")
           .join(prior.lazy(), on=["__hid", "provision_id"], how="left")
           .with_columns(units.cast(pl.Int64).alias("units"), money.alias("money"), pl.lit(year, dtype=pl.Int32).alias("year"))
           .filter(pl.col("units") > 0)
           .with_columns(pl.when(pl.col("money")).then(pl.col("amount_fen") * pl.col("units"))
                         .otherwise(pl.lit(None, dtype=pl.Int64)).alias("cost_fen")))
    return out.select([pl.col(c).cast(t) for c, t in COUNTED_SCHEMA.items()]).collect()


def grant_rows(counted: pl.DataFrame, year: int, day: date) -> pl.DataFrame:
    """History rows (``HISTORY_SCHEMA``) for the grants counted in ``year``: one row per grant,
    one per month for monthly benefits (months 1..units of the year), dated ``day`` otherwise."""
    if counted.height == 0:
        return pl.DataFrame(schema=HISTORY_SCHEMA)
    monthly = pl.col("period") == "monthly"
    rows = (counted.lazy()
            .with_columns(pl.when(monthly).then(pl.int_ranges(1, pl.col("units") + 1))
                          .otherwise(pl.concat_list(pl.lit(0, dtype=pl.Int64))).alias("__m"))
            .explode("__m")
            .with_columns(pl.when(pl.col("__m") > 0).then(pl.date(year, pl.col("__m"), 1))
                          .otherwise(pl.lit(day, dtype=pl.Date)).alias("granted_on")))
    ps = pl.when(pl.col("__m") > 0).then(pl.col("granted_on")).otherwise(pl.lit(None, dtype=pl.Date))
    pe = pl.when(pl.col("__m") > 0).then(pl.col("granted_on").dt.month_end()).otherwise(pl.lit(None, dtype=pl.Date))
    cols = {"subject_id": pl.col("__hid"), "provision_id": pl.col("provision_id"), "granted_on": pl.col("granted_on"),
            "amount_fen": pl.col("amount_fen"), "period_start": ps, "period_end": pe}
    return rows.select([cols[c].cast(t).alias(c) if c in cols else pl.lit(None, dtype=t).alias(c)
                        for c, t in HISTORY_SCHEMA.items()]).collect()
