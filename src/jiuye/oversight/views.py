"""The audit log for staff: list recent events (a caseworker: their county; a city manager: their city's counties;
the province administrator: all) and verify the chains (the province administrator)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request

from ..accounts.deps import CurrentUser, SessionDep
from ..accounts.models import Role, User
from ..audit import service
from ..dates import parse_date
from ..errors import Forbidden
from ..fields import ERROR_RESPONSES, Offset
from ..refdata.divisions import counties
from ..ui.templating import render
from . import events
from . import responses as out
from .verify import recent_runs
from .verify import verify as verify_all

router = APIRouter()


def _scope(user: User) -> dict[str, object]:
    """The counties whose events ``user`` may read (everything for the province administrator)."""
    role = user.role_enum
    if role == Role.PROVINCE_ADMIN:
        return {}
    if role == Role.CASEWORKER:
        return {"county_code": user.county_code}
    if role == Role.CITY_MANAGER:
        return {"county_codes": [c.code for c in counties(user.city_code)]}
    raise Forbidden("只有经办人、管理员可以查看审计日志", "only caseworkers and managers see the audit log")


def _verify_allowed(user: User) -> None:
    if user.role_enum != Role.PROVINCE_ADMIN:
        raise Forbidden("只有省级管理员可以校验审计链", "only the province administrator verifies the audit chain")


@router.get("/api/v1/audit/verify", tags=["audit"], response_model=out.VerifyOut, responses=ERROR_RESPONSES)
def api_verify(db_session: SessionDep, user: CurrentUser):
    """校验审计哈希链 / verify the audit hash chain; reports the first broken link."""
    _verify_allowed(user)
    r = verify_all(db_session, trigger="web")
    return {"ok": r.ok, "checked": r.checked, "chains": r.chains, "broken_chain": r.chain, "broken_seq": r.broken_seq,
            "reason": r.reason, "message": r.message()}


@router.get("/api/v1/audit/events", tags=["audit"], response_model=list[out.EventOut], responses=ERROR_RESPONSES)
def api_events(db_session: SessionDep, user: CurrentUser, limit: Annotated[int, Query(ge=1, le=1000)] = 100,
               offset: Offset = 0,
               object_type: str | None = None, object_id: str | None = None, actor: str | None = None,
               action: str | None = None, date_from: str | None = None, date_to: str | None = None):
    """最近的审计事件（经办人仅本县；可按操作人、操作、日期（北京时间）、对象筛选）/ recent audit events (a
    caseworker: their county), filtered like the /audit page: actor, action (or a family prefix such as
    ``payment.``), date range in China time, subject."""
    if actor or action or date_from or date_to:
        filters = events.Filters(actor=actor or None, action=action or None,
                                 date_from=parse_date(date_from, field="date_from") if date_from else None,
                                 date_to=parse_date(date_to, field="date_to") if date_to else None,
                                 object_type=object_type or None, object_id=object_id or None)
        rows = events.search_slice(db_session, scope=_scope(user), filters=filters, limit=min(max(limit, 1), 1000),
                                   offset=max(offset, 0))
    else:
        rows = service.list_events(db_session, limit=min(max(limit, 1), 1000), offset=max(offset, 0),
                                   object_type=object_type, object_id=object_id, **_scope(user))
    return [{"chain": e.chain, "seq": e.seq, "occurred_at": e.occurred_at.isoformat(), "actor": e.actor, "actor_role": e.actor_role,
             "action": e.action, "object_type": e.object_type, "object_id": e.object_id,
             "county_code": e.county_code, "details": e.details, "hash": e.hash} for e in rows]


@router.get("/audit", include_in_schema=False)
def page(request: Request, db_session: SessionDep, user: CurrentUser, verify: int = 0, actor: str | None = None,
         action: str | None = None, date_from: str | None = None, date_to: str | None = None,
         object_type: str | None = None, object_id: str | None = None, page: Annotated[int, Query(ge=1, le=10**6)] = 1):
    """The audit log in words (Chinese, English switchable): filters by actor, action, date range
    and subject, a page at a time, within the user's jurisdiction; the chains' verify status."""
    scope = _scope(user)
    filters = events.Filters(actor=actor or None, action=action or None,
                             date_from=parse_date(date_from, field="date_from") if date_from else None,
                             date_to=parse_date(date_to, field="date_to") if date_to else None,
                             object_type=object_type or None, object_id=(object_id or "").strip()[:64] or None)
    rows, total = events.search(db_session, scope=scope, filters=filters, page=page)
    result = None
    if verify:
        _verify_allowed(user)
        result = verify_all(db_session, trigger="web")
    may_verify = user.role_enum == Role.PROVINCE_ADMIN
    runs = recent_runs(db_session, limit=5 if may_verify else 1)
    return render(request, "applications/audit.html", {
        "user": user, "events": rows, "total": total, "page": page, "pages": max(1, -(-total // events.PER_PAGE)),
        "filters": filters, "query": filters.query(), "actors": events.actors(db_session, scope=scope),
        "families": events.FAMILIES, "actions": events.ACTIONS, "object_types": events.OBJECT_TYPES,
        "action_label": events.action_label, "describe": events.describe, "subject_of": events.subject_of,
        "result": result, "may_verify": may_verify, "runs": runs if may_verify else [],
        "last_run": runs[0] if runs else None})


@router.get("/api/v1/audit/verifications", tags=["audit"], response_model=list[out.VerificationRun],
            responses=ERROR_RESPONSES)
def api_verifications(db_session: SessionDep, user: CurrentUser,
                      limit: Annotated[int, Query(ge=1, le=100)] = 10):
    """最近的审计校验（定时、命令行、网页）/ the last audit verifications (scheduled, CLI, web), newest first."""
    _verify_allowed(user)
    return [{"id": r.id, "started_at": r.started_at.isoformat(), "finished_at": r.finished_at.isoformat(),
             "trigger": r.trigger, "ok": r.ok, "events": r.events, "chains": r.chains, "problems": r.problems,
             "signed": r.signature is not None, "message": r.message} for r in recent_runs(db_session, limit=limit)]
