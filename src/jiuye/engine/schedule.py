"""Amounts over time: the payable periods from the as-of month and the total still payable.

- One-time: one payment of the amount.
- Monthly: one period per month, for the remaining months.
- Yearly: one period per 12 months; a last part-year is paid pro rata by whole months
  (amount × months ÷ 12, half-up to the fen).
- The schedule stops at the document's end date (``in_force_to``) unless the reading
  ``engine.readings.after_expiry`` is ``continue`` (an entitlement begun while the document was in
  force runs its full term).
- Without a maximum duration a monthly or yearly benefit has no total ("open-ended").
- **Stepped amounts** (the amount reads the date, e.g. 杭州（五） 第1年1元、第2、3年0.5元 by lease year): each
  month of the schedule is valued at its own date (the as-of date moved on by whole months); a yearly
  amount is then paid as the sum of its months' twelfths (half-up to the fen per payable period), so the
  total follows the steps instead of repeating this year's amount.

The batch path computes the same total with :func:`total_expr` (no row loops: one expression per month of
the longest possible duration, only for stepped provisions).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import polars as pl

from ..dates import add_months, month_index, month_label
from ..money import div_round_half_up
from .expr import AsOf, Expr, Fact
from .provision import Period, Provision

AFTER_EXPIRY = "engine.readings.after_expiry"


def months_to_end(p: Provision, as_of: date, snapshot: Any) -> int | None:
    """Months from the as-of month to the document's end month (inclusive), or None (no end / continue)."""
    if snapshot.get(AFTER_EXPIRY) == "continue":
        return None
    end = p.window(snapshot)[1]
    if end is None:
        return None
    return max(month_index(end) - month_index(as_of) + 1, 0)


def payable_months(remaining: int | None, to_end: int | None) -> int | None:
    if remaining is None:
        return None
    return remaining if to_end is None else min(remaining, to_end)


def _yearly_total(amount: int, months: int) -> int:
    return amount * (months // 12) + div_round_half_up(amount * (months % 12), 12)


def stepped(p: Provision) -> bool:
    """Does the amount change over the duration? It reads the date (and no yearly cap rewrites it)."""
    a = p.declared_amount
    if a is None or p.amount is not a or p.period not in (Period.MONTHLY, Period.YEARLY):
        return False
    # time measured from a fact's date (months since the lease began…), not a parameter picked by the date
    return any(any(isinstance(c, AsOf) for c in n.children) and any(isinstance(f, Fact) for c in n.children
                                                                   for f in c.walk())
               for n in a.walk())


AmountAt = Callable[[date], Any]


def _month_amounts(amount: int, n: int, as_of: date, amount_at: AmountAt | None) -> list[int] | None:
    """The amount in force in each of the ``n`` months from the as-of month (None if one is not known)."""
    if amount_at is None:
        return [amount] * n
    out = [amount] + [amount_at(add_months(as_of, m)) for m in range(1, n)]
    return None if any(a is None for a in out) else out


def _periods(p: Provision, amount: int | None, remaining: int | None, as_of: date, snapshot: Any,
             amount_at: AmountAt | None) -> list[dict[str, Any]] | None:
    if amount is None or p.period == Period.NONE:
        return None
    start = month_index(as_of)
    if p.period == Period.ONE_TIME:
        return [{"from": month_label(start), "to": month_label(start), "months": 0, "amount_fen": amount}]
    n = payable_months(remaining, months_to_end(p, as_of, snapshot))
    if n is None:
        return None
    months = _month_amounts(amount, n, as_of, amount_at)
    if months is None:
        return None
    step = 1 if p.period == Period.MONTHLY else 12
    out = []
    for first in range(0, n, step):
        chunk = months[first:first + step]
        fen = chunk[0] if p.period == Period.MONTHLY else div_round_half_up(sum(chunk), 12)
        out.append({"from": month_label(start + first), "to": month_label(start + first + len(chunk) - 1),
                    "months": len(chunk), "amount_fen": fen})
    return out


def total_payable(p: Provision, amount: int | None, remaining: int | None, as_of: date, snapshot: Any,
                  amount_at: AmountAt | None = None) -> int | None:
    """The total still payable: one-time = the amount; else the sum of the payable periods."""
    periods = _periods(p, amount, remaining, as_of, snapshot, amount_at)
    return None if periods is None else sum(x["amount_fen"] for x in periods)


def schedule(p: Provision, amount: int | None, remaining: int | None, as_of: date, snapshot: Any,
             amount_at: AmountAt | None = None) -> list[dict[str, Any]]:
    """The payable periods: ``{from, to, months, amount_fen}`` (months as YYYY-MM); ``amount_at(d)`` values a
    stepped amount on a later date."""
    return _periods(p, amount, remaining, as_of, snapshot, amount_at) or []


def _bound(p: Provision, to_end: int | None, snapshot: Any) -> int:
    """The longest possible number of payable months (for the batch's month-by-month expressions)."""
    if to_end is not None:
        return to_end
    md = p.declared_max_duration_months
    if isinstance(md, int):
        return md
    if isinstance(md, Expr):
        names = md.params()
        values = [snapshot.get(n) for n in names]
        if names and all(isinstance(v, int) for v in values):
            return max(values)
    return 120


def total_expr(p: Provision, amount: pl.Expr, remaining: pl.Expr, as_of: date, snapshot: Any,
               amount_at: Callable[[date], pl.Expr] | None = None) -> pl.Expr:
    if p.period == Period.NONE:
        return pl.lit(None, dtype=pl.Int64)
    if p.period == Period.ONE_TIME:
        return amount
    to_end = months_to_end(p, as_of, snapshot)
    n = remaining if to_end is None else pl.min_horizontal(remaining, pl.lit(to_end, dtype=pl.Int64))
    n = pl.when(remaining.is_null()).then(pl.lit(None, dtype=pl.Int64)).otherwise(n)
    if amount_at is None:
        if p.period == Period.MONTHLY:
            return amount * n
        return amount * (n // 12) + (amount * (n % 12) * 2 + 12) // 24
    # stepped: each month valued at its own date; a month beyond n adds 0, an unknown month in range is unknown
    zero = pl.lit(0, dtype=pl.Int64)
    bound = _bound(p, to_end, snapshot)
    month = [pl.when(pl.lit(m, dtype=pl.Int64) < n).then(amount if m == 0 else amount_at(add_months(as_of, m)))
             .otherwise(zero).cast(pl.Int64) for m in range(max(bound, 1))]
    if p.period == Period.MONTHLY:
        total: pl.Expr = zero
        for e in month:
            total = total + e
        return total
    total = zero
    for first in range(0, len(month), 12):
        chunk: pl.Expr = zero
        for e in month[first:first + 12]:
            chunk = chunk + e
        total = total + pl.when(pl.lit(first, dtype=pl.Int64) < n).then((chunk * 2 + 12) // 24).otherwise(zero)
    return total
