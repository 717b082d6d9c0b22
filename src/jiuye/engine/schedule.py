"""Amounts over time: the payable periods from the as-of month and the total still payable.

- One-time: one payment of the amount.
- Monthly: one period per month, for the remaining months.
- Yearly: one period per 12 months; a last part-year is paid pro rata by whole months
  (amount × months ÷ 12, half-up to the fen).
- The schedule stops at the document's end date (``in_force_to``) unless the reading
  ``engine.readings.after_expiry`` is ``continue`` (an entitlement begun while the document was in
  force runs its full term).
- Without a maximum duration a monthly or yearly benefit has no total ("open-ended").

The batch path computes the same total with :func:`total_expr` (no row loops).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import polars as pl

from ..dates import month_index, month_label
from ..money import div_round_half_up
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


def total_payable(p: Provision, amount: int | None, remaining: int | None, as_of: date, snapshot: Any) -> int | None:
    if amount is None or p.period == Period.NONE:
        return None
    if p.period == Period.ONE_TIME:
        return amount
    n = payable_months(remaining, months_to_end(p, as_of, snapshot))
    if n is None:
        return None
    return amount * n if p.period == Period.MONTHLY else _yearly_total(amount, n)


def schedule(p: Provision, amount: int | None, remaining: int | None, as_of: date, snapshot: Any) -> list[dict[str, Any]]:
    """The payable periods: ``{from, to, months, amount_fen}`` (months as YYYY-MM)."""
    if amount is None or p.period == Period.NONE:
        return []
    start = month_index(as_of)
    if p.period == Period.ONE_TIME:
        return [{"from": month_label(start), "to": month_label(start), "months": 0, "amount_fen": amount}]
    n = payable_months(remaining, months_to_end(p, as_of, snapshot))
    if n is None:
        return []
    step = 1 if p.period == Period.MONTHLY else 12
    out = []
    for first in range(0, n, step):
        m = min(step, n - first)
        fen = amount if p.period == Period.MONTHLY else _yearly_total(amount, m)
        out.append({"from": month_label(start + first), "to": month_label(start + first + m - 1), "months": m,
                    "amount_fen": fen})
    return out


def total_expr(p: Provision, amount: pl.Expr, remaining: pl.Expr, as_of: date, snapshot: Any) -> pl.Expr:
    if p.period == Period.NONE:
        return pl.lit(None, dtype=pl.Int64)
    if p.period == Period.ONE_TIME:
        return amount
    to_end = months_to_end(p, as_of, snapshot)
    n = remaining if to_end is None else pl.min_horizontal(remaining, pl.lit(to_end, dtype=pl.Int64))
    n = pl.when(remaining.is_null()).then(pl.lit(None, dtype=pl.Int64)).otherwise(n)
    if p.period == Period.MONTHLY:
        return amount * n
    return amount * (n // 12) + (amount * (n % 12) * 2 + 12) // 24
