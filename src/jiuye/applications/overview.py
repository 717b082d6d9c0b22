"""The overview a manager lands on (and the summary above a caseworker's queue): applications by
status with their amounts, instalments by status, and the overdue instalments (逾期未付), within
the user's jurisdiction; for a city or the province, the same per county."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..accounts.models import User
from ..accounts.service import scope
from ..refdata.divisions import name_of
from .models import STATUS_LABELS, Application, Payment, Status
from .overdue import is_overdue, overdue_where


def _apps(user: User) -> Any:
    return scope(user, county_col=Application.county_code, city_col=Application.city_code,
                 person_col=Application.person_id, enterprise_col=Application.enterprise_id,
                 kind_col=Application.subject_kind)


@dataclass
class CountyRow:
    county_code: str
    county_name: str
    by_status: dict[str, int] = field(default_factory=dict)
    approved_fen: int = 0
    paid_fen: int = 0
    overdue_count: int = 0
    overdue_fen: int = 0


@dataclass
class Overview:
    statuses: list[dict[str, Any]]  # [{status, label_zh, label_en, count, amount_fen}]
    payments: dict[str, dict[str, int]]  # status -> {count, amount_fen}
    overdue_count: int
    overdue_fen: int
    overdue_applications: int
    counties: list[CountyRow]

    @property
    def total(self) -> int:
        return sum(s["count"] for s in self.statuses)


def overview(*, db_session: Session, user: User, today: date | None = None) -> Overview:
    today = today or date.today()
    amount = func.coalesce(Application.approved_amount_fen, Application.engine_amount_fen, 0)
    counts: dict[str, tuple[int, int]] = {}
    counties: dict[str, CountyRow] = {}

    def row(code: str) -> CountyRow:
        if code not in counties:
            counties[code] = CountyRow(code, name_of(code) or code)
        return counties[code]

    for county, status, n, total in db_session.execute(
            select(Application.county_code, Application.status, func.count(), func.sum(amount))
            .where(_apps(user)).group_by(Application.county_code, Application.status)):
        c, t = counts.get(status, (0, 0))
        counts[status] = (c + n, t + int(total or 0))
        r = row(county)
        r.by_status[status] = r.by_status.get(status, 0) + n
        if status == Status.APPROVED.value:
            r.approved_fen += int(total or 0)
    statuses = [{"status": s.value, "label_zh": zh, "label_en": en, "count": counts.get(s.value, (0, 0))[0],
                 "amount_fen": counts.get(s.value, (0, 0))[1]} for s, (zh, en) in STATUS_LABELS.items()]
    pay_stmt = (select(Payment.county_code, Payment.status, func.count(), func.sum(Payment.amount_fen))
                .join(Application, Application.id == Payment.application_id).where(_apps(user))
                .group_by(Payment.county_code, Payment.status))
    payments: dict[str, dict[str, int]] = defaultdict(lambda: {"count": 0, "amount_fen": 0})
    for county, status, n, total in db_session.execute(pay_stmt):
        payments[status]["count"] += n
        payments[status]["amount_fen"] += int(total or 0)
        if status == "paid":
            row(county).paid_fen += int(total or 0)
    overdue_n = overdue_fen = 0
    overdue_apps: set[int] = set()
    for p in db_session.scalars(select(Payment).join(Application, Application.id == Payment.application_id)
                                .where(_apps(user), overdue_where(today))):
        if is_overdue(p, today):
            overdue_n += 1
            overdue_fen += p.amount_fen
            overdue_apps.add(p.application_id)
            r = row(p.county_code)
            r.overdue_count += 1
            r.overdue_fen += p.amount_fen
    return Overview(statuses, dict(payments), overdue_n, overdue_fen, len(overdue_apps),
                    sorted(counties.values(), key=lambda r: r.county_code))
