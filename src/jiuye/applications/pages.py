"""Pages: the caseworker's queue (the applicant's status page), the submission form and the
review screen with the engine's explanation, clause by clause."""

from __future__ import annotations

import json
import uuid
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
    return render(request, "applications/queue.html", _base(
        user, items=[present.summary(a, subjects[a.id]) for a in apps], total=total, page=max(page, 1),
        pages=max(1, -(-total // per_page)), filters=filters, statuses=STATUS_LABELS,
        benefits=schemas.applicable_provisions(), county_options=county_options,
        staff=user.is_staff))


def _form_context(user: User, values: dict[str, str] | None = None, error: InputError | None = None) -> dict[str, Any]:
    role = user.role_enum
    subject = "enterprise" if role == Role.ENTERPRISE else ("person" if role == Role.APPLICANT else None)
    benefits = [p for p in schemas.applicable_provisions() if subject is None or p.subject.value == subject]
    values = values or {}
    values.setdefault("idempotency_key", str(uuid.uuid4()))
    return _base(user, benefits=benefits, values=values, error=error, subject=subject)


@router.get("/applications/new")
def new_form(request: Request, user: CurrentUser, provision_id: str | None = None):
    """The form; ``provision_id`` preselects a benefit (links from other domains: "去申请")."""
    return render(request, "applications/new.html",
                  _form_context(user, {"provision_id": provision_id} if provision_id else None))


def _payload_from_form(form: dict[str, str], user: User) -> dict[str, Any]:
    try:
        facts = json.loads(form.get("facts") or "{}")
    except json.JSONDecodeError as exc:
        raise InputError("facts", f"其他情况应为 JSON：第{exc.lineno}行有误",
                         f"other facts must be JSON (line {exc.lineno}: {exc.msg})") from None
    if not isinstance(facts, dict):
        raise InputError("facts", "其他情况应为 JSON 对象", "other facts must be a JSON object")
    case: dict[str, Any] = {k: dict(v) for k, v in facts.items() if isinstance(v, dict)}
    if any(not isinstance(v, dict) for v in facts.values()):
        raise InputError("facts", "应形如 {\"person\": {...}, \"enterprise\": {...}}",
                         "expected {\"person\": {...}, \"enterprise\": {...}}")
    if form.get("id_number") or form.get("name"):
        case.setdefault("person", {}).update({k: form[k] for k in ("id_number", "name") if form.get(k)})
    if form.get("uscc") or form.get("enterprise_name"):
        ent = case.setdefault("enterprise", {})
        if form.get("uscc"):
            ent["uscc"] = form["uscc"]
        if form.get("enterprise_name"):
            ent["name"] = form["enterprise_name"]
    employees = []
    for i, line in enumerate((form.get("employees") or "").splitlines()):
        if line.strip():
            parts = [x.strip() for x in line.replace("，", ",").split(",")]
            if len(parts) != 2:
                raise InputError(f"employees[{i}]", "每行应为“身份证号,姓名”", "each line is 'ID number,name'")
            employees.append({"id_number": parts[0], "name": parts[1]})
    payload: dict[str, Any] = {"provision_id": form.get("provision_id"), "case": case}
    for k in ("application_date", "county_code", "period_start", "months", "note"):
        if form.get(k):
            payload[k] = form[k]
    if employees:
        payload["employees"] = employees
    return payload


@router.post("/applications/new")
async def new_submit(request: Request, db_session: SessionDep, user: CurrentUser):
    form = await _form(request, user)
    try:
        payload = _payload_from_form(form, user)
        app, _ = service.submit(db_session=db_session, user=user, payload=payload,
                                idempotency_key=form.get("idempotency_key"))
    except InputError as exc:
        return render(request, "applications/new.html", _form_context(user, form, exc), status_code=422)
    return RedirectResponse(f"/applications/{app.id}", status_code=303)


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
            fn = {"reject": service.reject, "objection": service.object_to, "human-review": service.request_review}
            fn[action](db_session=db_session, user=user, application_id=application_id, reason=form.get("reason"))
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


def _review_error(request: Request, db_session: Any, user: User, application_id: int, exc: Any, status: int = 422):
    app = service.get(db_session=db_session, user=user, application_id=application_id)
    ctx = _detail_context(db_session, user, app, action_error=exc)
    return render(request, "applications/review.html", ctx, status_code=status)
