"""Limits over time, decided by the ledger (the benefit history records).

A provision declares its limits (``Provision(limits=(...))``); each becomes a named condition
citing its clause, and the maximum duration and yearly caps also rewrite the provision's
duration (remaining months) and amount (net of what was paid this year):

- :class:`MaxDuration` — 期限最长N个月, counted from a declared start (a date fact, the first grant
  in the ledger, or none) and net of the months already granted across the stacking group;
- :class:`OneTime` — 一次性: never twice; a group of mutually exclusive one-time grants, once;
- :class:`YearlyCap` — 每年最高: the cap net of what was paid in the same calendar or subsidy year;
- :class:`MaxTimes` — at most N times (in all, or per year).

The ledger aggregates are :class:`LedgerFact` s, computed once per case (Python) or per table
(a Polars group-by), like the other history features, so the two paths agree.
Ledger months of a record: its period (``period_start``..``period_end`` inclusive, whole months);
without a period, one month for a monthly benefit and twelve for a yearly one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Literal

import polars as pl

from ..dates import months_between, months_between_expr
from .conditions import Condition
from .expr import AS_OF, Env, Expr, If, IsKnown, Max, Min, MonthsBetween, lit
from .history import FEATURES, Agg1, HistoryFact, Ledger, Parts

LedgerAgg = Literal["months", "amount_same_year", "count", "count_same_year", "first_start"]
_DEFAULT_MONTHS = {"monthly": 1, "yearly": 12}


def _year_key(d: Any, start_month: int) -> int:
    return d.year - (1 if d.month < start_month else 0)


class LedgerFact(HistoryFact):
    """An aggregate of the ledger records of a group of provisions (resolved when the catalogue is built)."""

    def __init__(self, owner: str, group: str | tuple[str, ...] | None, agg: LedgerAgg, year_start_month: int = 1,
                 label_zh: str = "", label_en: str = ""):
        gkey = "+".join(group) if isinstance(group, tuple) else (group or "")
        name = f"ledger_{agg}_{year_start_month}_{gkey}__{owner}"
        super().__init__(name, label_zh or "已享受记录", label_en or "ledger", (owner,), "count")
        self.dtype = "date" if agg == "first_start" else "int"
        self.owner, self.group, self.ledger_agg, self.year_start_month = owner, group, agg, year_start_month
        self.default_months: dict[str, int] = {}
        self.children = (AS_OF,) if agg in ("amount_same_year", "count_same_year") else ()

    def resolve(self, catalogue: Any) -> None:
        if isinstance(self.group, tuple):
            ids = self.group
        else:
            group = self.group or catalogue.provisions[self.owner].stacking_group
            ids = tuple(p.id for p in catalogue if group and p.stacking_group == group) or (self.owner,)
            if self.owner not in ids:
                ids = (self.owner, *ids)
        self.provisions = ids
        self.default_months = {pid: _DEFAULT_MONTHS.get(catalogue.provisions[pid].period.value, 0) for pid in ids
                               if pid in catalogue.provisions}

    # --- one case ---------------------------------------------------------------------------
    def _record_months(self, r: Any) -> int:
        if r.period_start is not None and r.period_end is not None:
            return max(months_between(r.period_start, r.period_end + timedelta(days=1)), 0)
        return self.default_months.get(r.provision_id, 0)

    def compute_case(self, records: list[Any], env: Env) -> Any:
        mine = [r for r in records if r.provision_id in self.provisions]
        agg = self.ledger_agg
        if agg in ("amount_same_year", "count_same_year"):
            year = _year_key(env.as_of, self.year_start_month)
            mine = [r for r in mine if _year_key(r.granted_on, self.year_start_month) == year]
        if agg in ("count", "count_same_year"):
            return len(mine)
        if agg == "months":
            return sum(self._record_months(r) for r in mine)
        if agg == "first_start":
            return min((r.period_start or r.granted_on for r in mine), default=None)
        if any(r.amount_fen is None for r in mine):
            return None  # a payment of unknown amount: what is left of the cap is not known
        return sum(r.amount_fen for r in mine)

    # --- a table: this aggregate's share of the one group-by over the ledger ---------------
    def frame_parts(self, i: int, led: Ledger) -> Parts:
        agg, v = self.ledger_agg, f"__v{i}"
        sel = led.selects(self.provisions)
        if agg in ("amount_same_year", "count_same_year"):
            year = _year_key(led.env.as_of, self.year_start_month)
            rec_year = pl.col("__gy") - (pl.col("__gm") < self.year_start_month).cast(pl.Int64)
            sel = sel & (rec_year == year).fill_null(False)
        if agg in ("count", "count_same_year"):
            return [sel.cast(pl.Int64).alias(v)], [(v, "sum")], pl.col(v).fill_null(0)
        if agg == "months":
            by_period = months_between_expr(pl.col("period_start"), pl.col("period_end").dt.offset_by("1d"))
            default = pl.col("provision_id").replace_strict(
                list(self.default_months), list(self.default_months.values()), default=0, return_dtype=pl.Int64)
            per = (pl.when(pl.col("period_start").is_not_null() & pl.col("period_end").is_not_null())
                   .then(pl.max_horizontal(by_period, pl.lit(0))).otherwise(default))
            return ([pl.when(sel).then(per).otherwise(0).cast(pl.Int64).alias(v)], [(v, "sum")],
                    pl.col(v).fill_null(0))
        if agg == "first_start":
            start = pl.when(sel).then(pl.coalesce(pl.col("period_start"), pl.col("granted_on")))
            return [start.alias(v)], [(v, "min")], pl.col(v).cast(pl.Date)
        # amount_same_year: a payment of unknown amount leaves the sum unknown; no record = 0
        rows = [pl.when(sel).then(pl.col("amount_fen").fill_null(0)).otherwise(0).cast(pl.Int64).alias(v),
                (sel & pl.col("amount_fen").is_null()).alias(f"__u{i}")]
        aggs: list[tuple[str, Agg1]] = [(v, "sum"), (f"__u{i}", "any")]
        value = pl.when(pl.col(f"__u{i}").fill_null(False)).then(pl.lit(None, dtype=pl.Int64)).otherwise(
            pl.col(v).fill_null(0))
        return rows, aggs, value

    def signature(self) -> tuple[Any, ...]:
        agg, ys = self.ledger_agg, self.year_start_month
        if agg == "count":  # the same count as a history feature of the same provisions
            return ("hist", "count", frozenset(self.provisions), None, ())
        return ("ledger", agg, frozenset(self.provisions), ys if agg.endswith("same_year") else None)

    def empty_frame(self, height: int) -> pl.Series:
        """Nothing granted: a full column (never length 1)."""
        agg = self.ledger_agg
        dtype = pl.Date if agg == "first_start" else pl.Int64
        return pl.repeat(None if agg == "first_start" else 0, height, dtype=dtype, eager=True).alias(self.name)


def _ledger(owner: str, group: Any, agg: LedgerAgg, year_start_month: int = 1, zh: str = "", en: str = "") -> LedgerFact:
    f = LedgerFact(owner, group, agg, year_start_month, zh, en)
    return FEATURES.setdefault(f.name, f)  # type: ignore[return-value]


# --- declarations ------------------------------------------------------------------------------
@dataclass(frozen=True)
class MaxDuration:
    """期限最长 ``months``: counted from ``start`` (a date expression, ``"first_grant"`` = the group's
    first ledger period, or None) and net of the months granted across ``group`` (default: the
    stacking group, else the provision alone)."""

    months: int | Expr
    clause: str
    start: Expr | str | None = "first_grant"
    group: str | tuple[str, ...] | None = None
    start_label: str = ""


@dataclass(frozen=True)
class OneTime:
    """一次性: never twice; with ``group`` (provision ids or a stacking group) one of them, once."""

    clause: str
    group: str | tuple[str, ...] | None = None


@dataclass(frozen=True)
class YearlyCap:
    """每年最高 ``cap`` net of the same year's payments (``year_start_month`` 1 = calendar year)."""

    cap: Expr
    clause: str
    group: str | tuple[str, ...] | None = None
    year_start_month: int = 1


@dataclass(frozen=True)
class MaxTimes:
    """At most ``times`` grants (``per_year``: in the same calendar year)."""

    times: int | Expr
    clause: str
    group: str | tuple[str, ...] | None = None
    per_year: bool = False


Limit = MaxDuration | OneTime | YearlyCap | MaxTimes


@dataclass
class Compiled:
    conditions: list[Condition]
    remaining_months: Expr | None = None
    amount_cap: Expr | None = None


def _cond(cid: str, zh: str, en: str, test: Expr, clause: str) -> Condition:
    return Condition(id=cid, label=(zh, en), test=test, cites=clause)


def compile_limits(pid: str, limits: tuple[Any, ...]) -> Compiled:
    out = Compiled([])
    for lim in limits:
        if isinstance(lim, MaxDuration):
            granted = _ledger(pid, lim.group, "months", zh="已享受月数（同组合计）", en="months already granted (group)")
            months = lit(lim.months)
            if lim.start == "first_grant":
                first = _ledger(pid, lim.group, "first_start", zh="首次享受日期", en="first grant")
                elapsed: Expr = If(IsKnown(first), MonthsBetween(first, AS_OF), 0, label="自首次享受起已过月数 / "
                                   "months since the first grant")
            elif isinstance(lim.start, Expr):
                elapsed = MonthsBetween(lim.start, AS_OF, label=lim.start_label or "自起算日起已过月数 / months since start")
            else:
                elapsed = lit(0)
            remaining = Max(Min(months - granted, months - elapsed), 0,
                            label="剩余可享受月数 / months remaining").named("剩余可享受月数 / months remaining")
            out.remaining_months = remaining if out.remaining_months is None else Min(out.remaining_months, remaining)
            out.conditions.append(_cond("within_max_duration", "享受期限未满", "maximum duration not used up",
                                            (remaining > 0).named("剩余月数大于0 / months remain"), lim.clause))
        elif isinstance(lim, OneTime):
            n = _ledger(pid, lim.group, "count", zh="已享受次数（同组合计）", en="grants already received (group)")
            out.conditions.append(_cond("one_time_not_received", "此前未享受过（一次性）",
                                            "not received before (one-time)", n.eq(0).named("已享受0次 / none yet"),
                                            lim.clause))
        elif isinstance(lim, YearlyCap):
            paid = _ledger(pid, lim.group, "amount_same_year", lim.year_start_month, "本年度已支付金额",
                           "paid this year")
            left = (lim.cap - paid).named("本年度剩余额度 / left of this year's cap")
            out.amount_cap = left if out.amount_cap is None else Min(out.amount_cap, left)
            out.conditions.append(_cond("yearly_cap_not_reached", "本年度额度未用完", "this year's cap not reached",
                                            (paid.eq(0) | (left > 0)).named("剩余额度大于0 / something left"), lim.clause))
        elif isinstance(lim, MaxTimes):
            agg: LedgerAgg = "count_same_year" if lim.per_year else "count"
            n = _ledger(pid, lim.group, agg, zh="已享受次数", en="times received")
            cid = "times_this_year_below_max" if lim.per_year else "times_below_max"
            out.conditions.append(_cond(cid, "享受次数未达上限", "fewer than the maximum number of times",
                                            (n < lit(lim.times)).named("次数未达上限 / below the maximum"), lim.clause))
        else:  # pragma: no cover - declaration error
            raise TypeError(f"{pid}: unknown limit {lim!r}")
    return out


def resolve_groups(catalogue: Any) -> None:
    for f in FEATURES.values():
        if isinstance(f, LedgerFact) and f.owner in catalogue.provisions:
            f.resolve(catalogue)
