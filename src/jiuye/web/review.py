"""The caseworker's review screen, ``/applications/{id}``: what was claimed, in labelled facts with
their units, beside the engine's explanation clause by clause; the evidence files; where the claim
differs from what the database already holds about the subject (earlier applications' facts, the
benefits already granted and paid) highlighted; corrections in the same guided fields the
application form asks (``apply/_fields.html``), never JSON, each kept with its value before and
after in the approval's audit event; approve, reject (a reason required: 驳回理由), objection and
human review. The applicant sees the same page without the review tools.

It lives in the web layer because it renders facts with the calculator's fields
(:mod:`jiuye.web.forms`); the queue stays with the applications domain.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse
from sqlalchemy.orm import Session

from ..accounts.deps import CurrentUser, SessionDep
from ..accounts.models import Role, User
from ..accounts.service import check_csrf, csrf_token
from ..applications import evidence, present, service
from ..applications.models import Application
from ..audit import service as audit
from ..catalogue.registry import CATALOGUE
from ..errors import ApproverCannotPay, Conflict, InputError
from ..fields import DbId
from ..money import yuan_to_fen
from ..ui.templating import render
from .apply import county_groups
from .forms import FieldSpec, convert, display_stored, field_specs
from .guided_ask import plain_label
from .questions import fact_names
from .review_compare import claimed_facts, subject_records

router = APIRouter(include_in_schema=False)
PARTS = ("person", "enterprise")

_REASON_MISSING = {"reject": ("请填写驳回理由：申请人会看到它，并可据此提出异议",
                              "enter the reason for rejection: the applicant sees it and may object to it"),
                   "objection": ("请填写异议理由", "enter the grounds of the objection"),
                   "human-review": ("请填写申请人工复核的理由", "enter why a human review is needed")}


async def _form(request: Request, user: User) -> dict[str, str]:
    form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
    check_csrf(user, form.get("csrf"))
    return form


def correctable(app: Application) -> list[FieldSpec]:
    """The facts a caseworker may correct: those the benefit reads and those the applicant gave,
    in the order the application form asks them."""
    specs = field_specs()
    case = (app.input_snapshot or {}).get("case") or {}
    p = CATALOGUE.provisions.get(app.provision_id)
    names = set(fact_names(p)) if p is not None else set()
    names |= {f"{part}.{k}" for part in PARTS for k in (case.get(part) or {})}
    return sorted((specs[n] for n in names if n in specs and n.split(".", 1)[0] in PARTS), key=lambda s: s.order)


def current_values(app: Application) -> dict[str, str]:
    """The claimed facts as the form shows them (yuan, %, dates)."""
    specs = field_specs()
    case = (app.input_snapshot or {}).get("case") or {}
    out: dict[str, str] = {}
    for part in PARTS:
        for k, v in (case.get(part) or {}).items():
            spec = specs.get(f"{part}.{k}")
            if spec is not None and v is not None:
                out[spec.name] = display_stored(spec, v)
    return out


def corrections_from_form(app: Application, form: dict[str, str]) -> dict[str, dict[str, Any]] | None:
    """The facts the caseworker changed in the guided fields, as a patch of the case (JSON
    values: dates as text, money in fen, rates in basis points); None when nothing changed.
    A bad value is refused naming the fact in words (``fix.<fact>``)."""
    before = current_values(app)
    patch: dict[str, dict[str, Any]] = {}
    for spec in correctable(app):
        if spec.name not in form:
            continue
        raw = form[spec.name].strip()
        if raw == before.get(spec.name, ""):
            continue
        value, error = convert(spec, raw)
        if error is not None:
            raise _named(InputError(f"fix.{spec.name}", error.message_zh, error.message_en), spec)
        patch.setdefault(spec.prefix, {})[spec.field] = value.isoformat() if isinstance(value, date) else value
    return patch or None


def _named(exc: Any, spec: FieldSpec) -> Any:
    """The error names the fact as the form does (money in 元, places as counties)."""
    exc.label = (plain_label(spec, "zh"), plain_label(spec, "en"))
    return exc


def _corrections_made(db_session: Session, app: Application) -> list[dict[str, Any]]:
    """Each correction made at an approval of this application, from the audit log."""
    specs = field_specs()
    out = []
    for e in audit.list_events(db_session, limit=50, object_type="application", object_id=str(app.id)):
        if e.action != "application.approved":
            continue
        for c in json.loads(e.details).get("corrections") or []:
            spec = specs.get(c.get("fact", ""))
            if spec is None:
                continue
            out.append({"spec": spec, "when": e.occurred_at, "actor": e.actor,
                        "before": display_stored(spec, c.get("before")), "after": display_stored(spec, c.get("after"))})
    return out


def context(db_session: Session, user: User, app: Application, *, values: dict[str, str] | None = None,
            **extra: Any) -> dict[str, Any]:
    d = present.detail(db_session, app)
    own = (user.role_enum == Role.APPLICANT and app.person_id == user.person_id) or (
        user.role_enum == Role.ENTERPRISE and app.enterprise_id == user.enterprise_id)
    may_review = user.role_enum == Role.CASEWORKER and user.county_code == app.county_code
    records = subject_records(db_session, user, app) if user.is_staff else None
    claimed = claimed_facts(app, records)
    return {"user": user, "csrf": csrf_token(user), "is_caseworker": user.role_enum == Role.CASEWORKER,
            "app": d, "result": present.provision_result(app), "peers": present.peer_results(app),
            "provision": CATALOGUE.provisions.get(app.provision_id), "may_review": may_review,
            "may_act_for": may_review or own, "revealed": None, "claimed": claimed, "records": records,
            "differences": sum(1 for row in claimed if row["differs"]),
            "evidence_items": evidence.evidence_for(db_session, app.id) if (may_review or own) else [],
            "fix_specs": correctable(app) if may_review else [], "fix_values": values or current_values(app),
            "county_groups": county_groups() if may_review else [],
            "corrections": _corrections_made(db_session, app), "plain_label": plain_label,
            "employees_claimed": len(app.claimed_employees or []), **extra}


def _page(request: Request, db_session: Session, user: User, application_id: int, *, status: int = 200,
          **extra: Any) -> Any:
    app = service.get(db_session=db_session, user=user, application_id=application_id)
    return render(request, "applications/review.html", context(db_session, user, app, **extra), status_code=status)


@router.get("/applications/{application_id}")
def review(application_id: DbId, request: Request, db_session: SessionDep, user: CurrentUser):
    return _page(request, db_session, user, application_id)


@router.post("/applications/{application_id}/reveal-id")
async def reveal(application_id: DbId, request: Request, db_session: SessionDep, user: CurrentUser):
    await _form(request, user)
    number = service.reveal_id_number(db_session=db_session, user=user, application_id=application_id)
    return _page(request, db_session, user, application_id, revealed=number)


def _opt_int(form: dict[str, str], name: str) -> int | None:
    raw = (form.get(name) or "").strip()
    if not raw:
        return None
    try:
        return int(raw)
    except ValueError:
        raise InputError(name, "应为整数", "must be a whole number") from None


def _approve(db_session: Session, user: User, application_id: int, form: dict[str, str]) -> None:
    amount = None
    if (form.get("amount_yuan") or "").strip():
        try:
            amount = yuan_to_fen(form["amount_yuan"].strip().replace(",", "").replace("，", "").removesuffix("元"))
        except Exception:
            raise InputError("amount_yuan", "请输入金额（元），如 2000 或 2000.50",
                             "enter an amount in yuan, e.g. 2000 or 2000.50") from None
    app = service.get(db_session=db_session, user=user, application_id=application_id)
    facts = corrections_from_form(app, form)
    try:
        service.approve(db_session=db_session, user=user, application_id=application_id, amount_fen=amount,
                        months=_opt_int(form, "months"), facts=facts, reason=form.get("reason"))
    except InputError as exc:
        if exc.field.startswith("facts."):
            exc.field = "fix." + exc.field.removeprefix("facts.")
            spec = field_specs().get(exc.field.removeprefix("fix."))
            if spec is not None:
                _named(exc, spec)
        elif exc.field == "amount_fen":
            exc.field = "amount_yuan"
        elif exc.field == "reason":
            exc.field = "approve_reason"
        raise


def _in_words(exc: Any, application_id: int, db_session: Session, user: User) -> None:
    """A failed re-check names its conditions and missing facts by id: say them in words."""
    failed = (getattr(exc, "extra", None) or {}).get("failed")
    if not failed:
        return
    app = service.get(db_session=db_session, user=user, application_id=application_id)
    p = CATALOGUE.provisions.get(app.provision_id)
    conds = {c.id: (c.label_zh, c.label_en) for c in (p.all_conditions() if p else ())}
    specs = field_specs()
    words = [conds.get(f) or ((specs[f].label_zh, specs[f].label_en) if f in specs else None) for f in failed]
    zh = "、".join(w[0] for w in words if w) or "条件不符"
    en = "; ".join(w[1] for w in words if w) or "a condition is not met"
    exc.message_zh = f"引擎复核未通过，不符合或尚缺：{zh}"
    exc.message_en = f"the engine's re-check failed; not met or missing: {en}"


@router.post("/applications/{application_id}/approve")
async def approve(application_id: DbId, request: Request, db_session: SessionDep, user: CurrentUser):
    return await act(application_id, "approve", request, db_session, user)


@router.post("/applications/{application_id}/reject")
async def reject(application_id: DbId, request: Request, db_session: SessionDep, user: CurrentUser):
    return await act(application_id, "reject", request, db_session, user)


@router.post("/applications/{application_id}/objection")
async def objection(application_id: DbId, request: Request, db_session: SessionDep, user: CurrentUser):
    return await act(application_id, "objection", request, db_session, user)


@router.post("/applications/{application_id}/human-review")
async def human_review(application_id: DbId, request: Request, db_session: SessionDep, user: CurrentUser):
    return await act(application_id, "human-review", request, db_session, user)


async def act(application_id: int, action: str, request: Request, db_session: Session, user: User) -> Any:
    form = await _form(request, user)
    try:
        if action == "approve":
            _approve(db_session, user, application_id, form)
        elif action in _REASON_MISSING:
            field = f"{action.replace('-', '_')}_reason"
            if not (form.get("reason") or "").strip():
                raise InputError(field, *_REASON_MISSING[action])
            fn = {"reject": service.reject, "objection": service.object_to, "human-review": service.request_review}
            try:
                fn[action](db_session=db_session, user=user, application_id=application_id, reason=form.get("reason"))
            except InputError as exc:
                if exc.field == "reason":
                    exc.field = field
                raise
        else:
            raise InputError("action", "未知操作", "unknown action")
    except InputError as exc:
        values = {k: v for k, v in form.items() if "." in k} if action == "approve" else None
        app = service.get(db_session=db_session, user=user, application_id=application_id)
        return _page(request, db_session, user, application_id, status=422, action_error=exc,
                     values={**current_values(app), **(values or {})}, form=form)
    except (Conflict, ApproverCannotPay) as exc:
        _in_words(exc, application_id, db_session, user)
        return _page(request, db_session, user, application_id, status=exc.status, action_error=exc, form=form)
    return RedirectResponse(f"/applications/{application_id}", status_code=303)
