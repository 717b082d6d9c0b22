"""Pages: the caseworker's queue (the applicant's status page) and the review screen with the
engine's explanation, clause by clause. The submission form is ``/apply`` (:mod:`jiuye.web.apply`)."""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse

from ..accounts.deps import CurrentUser, SessionDep
from ..accounts.models import Role, User
from ..accounts.service import check_csrf, csrf_token
from ..catalogue.registry import CATALOGUE
from ..dates import parse_date
from ..errors import Conflict, InputError
from ..fields import DbId
from ..money import yuan_to_fen
from ..refdata.divisions import counties
from ..ui.templating import render
from . import present, schemas, service
from .models import STATUS_LABELS, Application
from .overdue import overdue_by_application
from .overview import overview

router = APIRouter(include_in_schema=False)


async def _form(request: Request, user: User) -> dict[str, str]:
    form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
    check_csrf(user, form.get("csrf"))
    return form


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


def _detail_context(db_session: Any, user: User, app: Application, **extra: Any) -> dict[str, Any]:
    d = present.detail(db_session, app)
    own = (user.role_enum == Role.APPLICANT and app.person_id == user.person_id) or (
        user.role_enum == Role.ENTERPRISE and app.enterprise_id == user.enterprise_id)
    may_review = user.role_enum == Role.CASEWORKER and user.county_code == app.county_code
    return _base(user, app=d, result=present.provision_result(app), peers=present.peer_results(app),
                 provision=CATALOGUE.provisions.get(app.provision_id), may_review=may_review,
                 may_act_for=may_review or own, revealed=None, **extra)


@router.get("/applications/{application_id}")
def review(application_id: DbId, request: Request, db_session: SessionDep, user: CurrentUser):
    app = service.get(db_session=db_session, user=user, application_id=application_id)
    return render(request, "applications/review.html", _detail_context(db_session, user, app))


@router.post("/applications/{application_id}/reveal-id")
async def reveal(application_id: DbId, request: Request, db_session: SessionDep, user: CurrentUser):
    await _form(request, user)
    number = service.reveal_id_number(db_session=db_session, user=user, application_id=application_id)
    app = service.get(db_session=db_session, user=user, application_id=application_id)
    ctx = _detail_context(db_session, user, app)
    ctx["revealed"] = number
    return render(request, "applications/review.html", ctx)


def _opt_int(form: dict[str, str], name: str) -> int | None:
    raw = (form.get(name) or "").strip()
    if not raw:
        return None
    try:
        return int(raw)
    except ValueError:
        raise InputError(name, "应为整数", "must be a whole number") from None


@router.post("/applications/{application_id}/{action}")
async def act(application_id: DbId, action: str, request: Request, db_session: SessionDep, user: CurrentUser):
    form = await _form(request, user)
    try:
        if action == "approve":
            amount = None
            if (form.get("amount_yuan") or "").strip():
                try:
                    amount = yuan_to_fen(form["amount_yuan"].strip())
                except Exception:
                    raise InputError("amount_yuan", "金额格式无效", "invalid amount") from None
            facts = json.loads(form["facts"]) if (form.get("facts") or "").strip() else None
            service.approve(db_session=db_session, user=user, application_id=application_id, amount_fen=amount,
                            months=_opt_int(form, "months"), facts=facts, reason=form.get("reason"))
        elif action in ("reject", "objection", "human-review"):
            field = f"{action.replace('-', '_')}_reason"
            if not (form.get("reason") or "").strip():
                zh, en = _REASON_MISSING[action]
                raise InputError(field, zh, en)
            fn = {"reject": service.reject, "objection": service.object_to, "human-review": service.request_review}
            try:
                fn[action](db_session=db_session, user=user, application_id=application_id, reason=form.get("reason"))
            except InputError as exc:
                if exc.field == "reason":
                    exc.field = field
                raise
        else:
            raise InputError("action", "未知操作", "unknown action")
    except json.JSONDecodeError:
        exc = InputError("facts", "补正事实应为 JSON", "corrected facts must be JSON")
        return _review_error(request, db_session, user, application_id, exc)
    except InputError as exc:
        return _review_error(request, db_session, user, application_id, exc)
    except Conflict as exc:
        return _review_error(request, db_session, user, application_id, exc, status=409)
    return RedirectResponse(f"/applications/{application_id}", status_code=303)


_REASON_MISSING = {"reject": ("请填写驳回理由：申请人会看到它，并可据此提出异议",
                              "enter the reason for rejection: the applicant sees it and may object to it"),
                   "objection": ("请填写异议理由", "enter the grounds of the objection"),
                   "human-review": ("请填写申请人工复核的理由", "enter why a human review is needed")}


def _review_error(request: Request, db_session: Any, user: User, application_id: int, exc: Any, status: int = 422):
    app = service.get(db_session=db_session, user=user, application_id=application_id)
    ctx = _detail_context(db_session, user, app, action_error=exc)
    return render(request, "applications/review.html", ctx, status_code=status)
