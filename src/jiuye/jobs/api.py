"""HTTP API of the gig market under ``/api/v1/jobs`` (thin over the services).

Open postings are public (``GET /api/v1/jobs/postings?q=电商&county=330802``); everything else
needs a login (cookie or bearer token). Errors answer in the web app's format (422 naming the field,
404/409 with ``message_zh``/``message_en``).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Query

from ..accounts.deps import CurrentUser, OptionalUser, SessionDep
from ..accounts.models import Role
from ..errors import Forbidden, InputError, NotFound
from ..fields import ERROR_RESPONSES, DbId
from ..refdata import geo
from ..refdata import occupations as occ
from ..refdata.divisions import get_division
from . import benefits, notify, present, recommend, search, service, vocab
from . import responses as r

api = APIRouter(prefix="/api/v1/jobs", tags=["jobs"])
JsonBody = Annotated[dict[str, Any], Body()]
OptionalBody = Annotated[dict[str, Any] | None, Body()]


def _county(value: str | None, field: str) -> str | None:
    if not value:
        return None
    d = get_division(value)
    if d is None or not d.current:
        raise InputError(field, "未知的县（市、区）或设区市代码", f"unknown division code {value!r}")
    return d.code


@api.get("/postings", response_model=r.PostingPage, responses=ERROR_RESPONSES)
def list_postings(db_session: SessionDep, q: str | None = None, county: str | None = None, city: str | None = None,
                  occupation: str | None = None, pay_kind: str | None = None,
                  limit: Annotated[int, Query(ge=1, le=100)] = 20, offset: Annotated[int, Query(ge=0)] = 0):
    """搜索招聘中的岗位（中文全文检索）/ search open postings (Chinese full text, e.g. q=电商 or q=保洁)."""
    if pay_kind and pay_kind not in ("hourly", "daily", "monthly", "piece"):
        raise InputError("pay_kind", "报酬方式应为 hourly、daily、monthly 或 piece", "pay_kind: hourly|daily|monthly|piece")
    rows, total = search.search(db_session, q=q, county=_county(county, "county"), city=_county(city, "city"),
                                occupation=occupation, pay_kind=pay_kind, limit=limit, offset=offset)
    return {"total": total, "q": q, "items": [present.posting(p) for p in rows]}


@api.get("/postings/{posting_id}", response_model=r.PostingOut, responses=ERROR_RESPONSES)
def get_posting(posting_id: DbId, db_session: SessionDep, user: OptionalUser):
    """岗位详情（不含联系电话）/ one posting (no contact details)."""
    p = service.get_posting(db_session=db_session, user=user, posting_id=posting_id)
    out = present.posting(p, full=True)
    seeker = service.seeker_of(db_session, user)
    if seeker is not None:
        m = recommend.match_pair(seeker, p)
        out["match"] = {"score": m.score, "reasons_zh": m.reasons_zh, "reasons_en": m.reasons_en}
    return out


@api.post("/postings", status_code=201, response_model=r.PostingOut, responses=ERROR_RESPONSES)
def create_posting(db_session: SessionDep, user: CurrentUser, payload: JsonBody):
    """发布岗位（按当地当日最低工资标准核对报酬）/ post a job; pay below the minimum wage is refused (422)."""
    return present.posting(service.create_posting(db_session=db_session, user=user, payload=payload), full=True)


@api.post("/postings/{posting_id}/close", response_model=r.PostingOut, responses=ERROR_RESPONSES)
def close_posting(posting_id: DbId, db_session: SessionDep, user: CurrentUser):
    return present.posting(service.close_posting(db_session=db_session, user=user, posting_id=posting_id))


@api.get("/postings/{posting_id}/matches", response_model=list[r.SeekerMatch], responses=ERROR_RESPONSES)
def posting_matches(posting_id: DbId, db_session: SessionDep, user: CurrentUser,
                    limit: Annotated[int, Query(ge=1, le=200)] = 20):
    """与岗位最匹配的求职者及理由（姓名脱敏）/ the best seekers for a posting, with reasons (names masked)."""
    p = service.get_posting(db_session=db_session, user=user, posting_id=posting_id)
    if not (service.is_employer(user, p) or service.staff_sees(db_session, user, p)):
        raise NotFound("岗位", "posting", posting_id)
    return [{"seeker": present.seeker(r.obj), "score": r.match.score, "reasons_zh": r.match.reasons_zh,
             "reasons_en": r.match.reasons_en} for r in recommend.seekers_for_posting(db_session, p, limit=limit)]


@api.post("/postings/{posting_id}/push", response_model=r.PushOut, responses=ERROR_RESPONSES)
def push(posting_id: DbId, db_session: SessionDep, user: CurrentUser, body: OptionalBody = None):
    """向匹配的登记求职者推送岗位（站内通知）/ push a posting to matching registered seekers (in-app)."""
    body = body or {}
    try:
        min_score = int(body.get("min_score", 50))
    except (TypeError, ValueError):
        raise InputError("min_score", "匹配分应为整数", "min_score must be a whole number") from None
    r = notify.push_posting(db_session=db_session, user=user, posting_id=posting_id, min_score=min_score,
                            key_groups_only=bool(body.get("key_groups_only")), channel=body.get("channel", "in_app"))
    return {"push_id": r.push_id, "matched": r.matched, "new": r.new}


@api.get("/postings/{posting_id}/pushes", response_model=list[r.PushReportRow], responses=ERROR_RESPONSES)
def push_report(posting_id: DbId, db_session: SessionDep, user: CurrentUser):
    """推送与打开情况 / who was told and who opened it."""
    rows = notify.push_report(db_session, user, posting_id)
    return [{"seeker": present.seeker(s) if s else None, "channel": n.channel, "sent_at": n.created_at.isoformat(),
             "opened_at": n.opened_at.isoformat() if n.opened_at else None} for n, s in rows]


@api.put("/seekers/me", response_model=r.SeekerOut, responses=ERROR_RESPONSES)
def register_me(db_session: SessionDep, user: CurrentUser, payload: JsonBody):
    """求职登记（本人）/ register (or update) yourself as a job seeker."""
    if user.role_enum != Role.APPLICANT:
        raise Forbidden("只有个人用户可以登记本人求职", "only a person registers themself", field="role")
    return present.seeker(service.register_seeker(db_session=db_session, user=user, payload=payload), mask=False)


@api.post("/seekers", status_code=201, response_model=r.SeekerOut, responses=ERROR_RESPONSES)
def register_person(db_session: SessionDep, user: CurrentUser, payload: JsonBody):
    """经办人为本县人员办理求职登记 / a caseworker registers a person of their county (id_number, name)."""
    if user.role_enum != Role.CASEWORKER:
        raise Forbidden("只有经办人可以代为登记", "only a caseworker registers someone else", field="role")
    return present.seeker(service.register_seeker(db_session=db_session, user=user, payload=payload))


@api.get("/seekers/me/matches", response_model=list[r.PostingMatch], responses=ERROR_RESPONSES)
def my_matches(db_session: SessionDep, user: CurrentUser, limit: Annotated[int, Query(ge=1, le=50)] = 10):
    """为我推荐的岗位及理由 / the best postings for me, with reasons."""
    seeker = service.seeker_of(db_session, user)
    if seeker is None:
        raise NotFound("求职登记", "job seeker registration", "me")
    return [{"posting": present.posting(r.obj), "score": r.match.score, "reasons_zh": r.match.reasons_zh,
             "reasons_en": r.match.reasons_en} for r in recommend.postings_for_seeker(db_session, seeker, limit)]


@api.post("/postings/{posting_id}/apply", status_code=201, response_model=r.JobApplicationOut, responses=ERROR_RESPONSES)
def apply(posting_id: DbId, db_session: SessionDep, user: CurrentUser, body: OptionalBody = None):
    a = service.apply(db_session=db_session, user=user, posting_id=posting_id, note=(body or {}).get("note"))
    return _application(db_session, user, a.id)


def _application(db_session: Any, user: Any, application_id: int) -> dict[str, Any]:
    a, p, s = service.get_application(db_session=db_session, user=user, application_id=application_id)
    out = present.application(a, p, s, mask=not service.is_employer(user, p))
    out["messages"] = [{"mine": m.sender_user_id == user.id, "body": m.body, "at": m.created_at.isoformat()}
                       for m in service.messages_of(db_session, a.id)]
    hire = service.spell_of(db_session, a.id)
    if hire is not None:
        hb = benefits.for_hire(db_session, hire, p, s)
        out["hire"] = {"start_date": hire.start_date.isoformat(), "employer_name": hire.employer_name,
                       "on_register": hire.placement_status == "recorded_on_register"}
        out["benefits"] = {side: [{"provision_id": b.provision.id, "title_zh": b.provision.title_zh,
                                   "title_en": b.provision.title_en, "citation": b.provision.citation,
                                   "outcome": b.outcome, "amount_yuan": present.yuan(b.amount_fen),
                                   "amount_kind": b.amount_kind, "still_needed": [q["question_zh"] for q in b.missing],
                                   "apply": b.apply_link} for b in items]
                           for side, items in (("worker", hb.worker), ("employer", hb.employer))}
    return out


@api.get("/applications/{application_id}", response_model=r.JobApplicationOut, responses=ERROR_RESPONSES)
def get_application(application_id: DbId, db_session: SessionDep, user: CurrentUser):
    """应聘详情：状态、留言、入职后可享受的政策 / an application, its messages and, once hired, what it may bring."""
    return _application(db_session, user, application_id)


@api.post("/applications/{application_id}/{action}", response_model=r.JobApplicationOut, responses=ERROR_RESPONSES)
def act(application_id: DbId, action: str, db_session: SessionDep, user: CurrentUser, body: OptionalBody = None):
    """``accept`` / ``reject`` / ``hire`` (用人方), ``withdraw`` (求职者), ``messages`` (双方留言)."""
    service.get_application(db_session=db_session, user=user, application_id=application_id)  # 404 out of reach
    body = body or {}
    if action == "hire":
        from ..dates import parse_date

        start = parse_date(body["start"], field="start") if body.get("start") else None
        service.hire(db_session=db_session, user=user, application_id=application_id, start=start)
    elif action == "messages":
        service.send_message(db_session=db_session, user=user, application_id=application_id,
                             body=str(body.get("body") or ""))
    else:
        service.decide(db_session=db_session, user=user, application_id=application_id, action=action)
    return _application(db_session, user, application_id)


@api.get("/notifications", response_model=list[r.NotificationOut], responses=ERROR_RESPONSES)
def notifications(db_session: SessionDep, user: CurrentUser):
    return [{"id": n.id, "title": n.title, "body": n.body, "link": n.link, "sent_at": n.created_at.isoformat(),
             "opened_at": n.opened_at.isoformat() if n.opened_at else None} for n in notify.inbox(db_session, user)]


@api.post("/notifications/{notification_id}/open", response_model=r.OpenedOut, responses=ERROR_RESPONSES)
def open_notification(notification_id: DbId, db_session: SessionDep, user: CurrentUser):
    n = notify.open_notification(db_session=db_session, user=user, notification_id=notification_id)
    return {"id": n.id, "link": n.link, "opened_at": n.opened_at.isoformat()}


@api.get("/occupations", response_model=r.OccupationsOut)
def occupations(q: str = ""):
    """职业分类大典（2022年版）细类检索 / search the occupation classification (2022)."""
    return {"edition": occ.EDITION, "sources": occ.SOURCES,
            "items": [{"code": o.code, "name": o.name} for o in occ.search(q, limit=30)]}


@api.get("/vocabulary", response_model=r.VocabularyOut, responses=ERROR_RESPONSES)
def vocabulary(county: str | None = None):
    """技能、证书、重点群体与街道（乡镇）列表 / skills, certificates, key groups and towns of a county."""
    out: dict[str, Any] = {"skills": list(vocab.SKILLS),
                           "certificates": [{"name": n, "leveled": lv} for n, lv in vocab.CERTIFICATES],
                           "key_groups": {k: v[0] for k, v in vocab.KEY_GROUPS.items()}}
    if county:
        out["towns"] = [{"code": t.code, "name": t.name, "type": t.type} for t in geo.towns_of(county)]
    return out
