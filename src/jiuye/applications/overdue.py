"""Overdue instalments (逾期未付): a scheduled (or failed) instalment of an entitlement whose
period has passed unpaid.

The period of a monthly or yearly instalment runs from ``period_start`` for ``months``; it is
overdue from the day that period ends. A one-time payment has no period: it is overdue one month
(:data:`ONE_TIME_GRACE_MONTHS`) after its due date. A cancelled, paid or reversed instalment is
never overdue.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..dates import add_months
from .models import Payment

UNPAID = ("scheduled", "failed")
ONE_TIME_GRACE_MONTHS = 1


def period_end(p: Any) -> date:
    """The day after the instalment's period (a one-time payment: its due date plus the grace)."""
    if p.months:
        return add_months(p.period_start, p.months)
    return add_months(p.due_date, ONE_TIME_GRACE_MONTHS)


def is_overdue(p: Any, today: date | None = None) -> bool:
    return p.status in UNPAID and period_end(p) <= (today or date.today())


def overdue_by_application(db_session: Session, application_ids: list[int] | set[int],
                           today: date | None = None) -> dict[int, list[Payment]]:
    """The overdue instalments of each listed application (only those with any)."""
    today = today or date.today()
    out: dict[int, list[Payment]] = defaultdict(list)
    ids = list(application_ids)
    if not ids:
        return {}
    stmt = (select(Payment).where(Payment.application_id.in_(ids), Payment.status.in_(UNPAID),
                                  Payment.due_date < today).order_by(Payment.application_id, Payment.seq))
    for p in db_session.scalars(stmt):
        if is_overdue(p, today):
            out[p.application_id].append(p)
    return dict(out)


def overdue_where(today: date) -> Any:
    """A SQL pre-filter (a superset: every overdue instalment was due before today); the exact
    test is :func:`is_overdue` on the rows."""
    return Payment.status.in_(UNPAID) & (Payment.due_date < today)
