"""Pages: the caseworker's queue (the applicant's list), with the overview a manager lands on. The
submission form is ``/apply`` (:mod:`jiuye.web.apply`); the review screen ``/applications/{id}``
(:mod:`jiuye.web.review`), which renders facts with the calculator's fields."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from ..accounts.deps import CurrentUser, SessionDep
from ..accounts.models import Role, User
from ..accounts.service import csrf_token
from ..dates import parse_date
from ..refdata.divisions import counties
from ..ui.templating import render
from . import present, schemas, service
from .models import STATUS_LABELS
from .overdue import overdue_by_application
from .overview import overview

router = APIRouter(include_in_schema=False)


def _base(user: User, **extra: Any) -> dict[str, Any]:
    return {"user": user, "csrf": csrf_token(user), "is_caseworker": user.role_enum == Role.CASEWORKER, **extra}


@router.get("/applications")
def queue(request: Request, db_session: SessionDep, user: CurrentUser, status: str | None = None,
          provision_id: str | None = None, county_code: str | None = None, date_from: str | None = None,
          date_to: str | None = None, page: int = 1):
    filters = {"status": status or None, "provision_id": provision_id or None, "county_code": county_code or None,
               "date_from": parse_date(date_from, field="date_from") if date_from else None,
               "date_to": parse_date(date_to, field="date_to") if date_to else None}
    per_page = 50
    apps, total = service.list_applications(db_session=db_session, user=user, limit=per_page,
                                            offset=(max(page, 1) - 1) * per_page, **filters)
    subjects = service.subjects_of(db_session, apps)
    county_options = counties(user.city_code) if user.role_enum == Role.CITY_MANAGER else (
        counties() if user.role_enum == Role.PROVINCE_ADMIN else [])
    late = overdue_by_application(db_session, {a.id for a in apps})
    return render(request, "applications/queue.html", _base(
        user, items=[present.summary(a, subjects[a.id]) for a in apps], total=total, page=max(page, 1),
        pages=max(1, -(-total // per_page)), filters=filters, statuses=STATUS_LABELS,
        benefits=schemas.applicable_provisions(), county_options=county_options,
        staff=user.is_staff, overdue={k: len(v) for k, v in late.items()},
        manager=user.role_enum in (Role.CITY_MANAGER, Role.PROVINCE_ADMIN),
        overview=overview(db_session=db_session, user=user) if user.is_staff else None))
