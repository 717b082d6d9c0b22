"""免申即享 pages: campaigns (run, review, push, numbers) for staff; /campaigns/me for the person
or enterprise concerned (confirm, or 信息有误)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select

from ..accounts.deps import CurrentUser, SessionDep
from ..accounts.models import Role, User
from ..accounts.service import check_csrf, csrf_token
from ..applications.models import EnterpriseRecord, PersonRecord
from ..catalogue.registry import CATALOGUE, get_provision
from ..dates import parse_date
from ..errors import InputError, JiuyeError, NotFound
from ..ids import mask_id_number, mask_name
from ..refdata.divisions import counties, name_of
from ..ui.templating import render
from . import corrections, evaluate, runs, service
from .models import Campaign, Proposal
from .roster import Roster, read_roster

router = APIRouter(include_in_schema=False)
NAV = [("/campaigns", "免申即享", "No-application benefits")]
STATUS = {"proposed": ("待确认", "awaiting confirmation"), "excluded": ("已排除", "excluded"),
          "confirmed": ("已确认", "confirmed"), "corrected": ("信息有误，转人工审核", "wrong information: sent for review"),
          "expired": ("已过期未确认", "expired unconfirmed")}
CAMPAIGN_STATUS = {"review": ("审核中（未推送）", "under review (not pushed)"), "pushed": ("已推送", "pushed")}
RUN_STAGES = {"evaluate": ("正在比对名单", "comparing the roster"), "save": ("正在写入拟发放名单", "saving proposals")}
FIELD_LABELS = {"roster": ("名单文件", "roster file"), "reason": ("排除理由", "reason for excluding"), "note": ("有误的信息", "what is wrong"),
                "as_of": ("评估日期", "as-of date"), "deadline": ("确认截止日期", "deadline"),
                "county_code": ("县（市、区）", "county"), "provisions": ("政策", "provisions"),
                "sample": ("抽查", "sample"), "status": ("状态", "status")}


def _lang(request: Request) -> str:
    from ..ui.i18n import lang_of

    return lang_of(request)


async def _form(request: Request, user: User) -> dict[str, Any]:
    form = await request.form()
    check_csrf(user, form.get("csrf") if isinstance(form.get("csrf"), str) else None)
    return {"_list": form.getlist("provisions"), **{k: v for k, v in form.items() if isinstance(v, str)}}


def _error(exc: JiuyeError, lang: str) -> dict[str, str]:
    field = getattr(exc, "field", None) or ""
    label = FIELD_LABELS.get(field, ("", ""))[0 if lang == "zh" else 1]
    return {"label": label, "message_zh": getattr(exc, "message_zh", str(exc)),
            "message_en": getattr(exc, "message_en", str(exc))}


def _period(p: Proposal, c: Campaign) -> tuple[str, str]:
    if p.period == "one_time":
        return "一次性", "one-time"
    if p.period == "monthly":
        return f"{c.as_of.year}年{c.as_of.month}月", f"{c.as_of:%B %Y}"
    return f"{c.as_of.year}年度", f"year {c.as_of.year}"


def _title(pid: str) -> tuple[str, str]:
    p = get_provision(pid)
    return p.title_zh, p.title_en


def _names(db_session: Any, props: list[Proposal]) -> dict[int, str]:
    pids = {p.person_id for p in props if p.subject_kind == "person"}
    eids = {p.enterprise_id for p in props if p.subject_kind == "enterprise"}
    people = {r.id: f"{mask_name(r.name)}（{mask_id_number(r.id_number)}）" for r in db_session.scalars(
        select(PersonRecord).where(PersonRecord.id.in_(pids)))} if pids else {}
    ents = {r.id: r.name for r in db_session.scalars(select(EnterpriseRecord).where(EnterpriseRecord.id.in_(eids)))} \
        if eids else {}
    return {p.id: people.get(p.person_id, "") if p.subject_kind == "person" else ents.get(p.enterprise_id, "")
            for p in props}


def _row(p: Proposal, c: Campaign, today: date, names: dict[int, str] | None = None,
         basis: list[dict[str, str]] | None = None) -> dict[str, Any]:
    s = service.shown_status(p, c, today)
    return {"id": p.id, "name": (names or {}).get(p.id, ""), "title": _title(p.provision_id), "citation": p.citation,
            "amount_fen": p.amount_fen, "period": _period(p, c), "status": s, "status_label": STATUS[s],
            "sampled": p.sampled, "reviewed": p.reviewed_by is not None, "reason": p.excluded_reason,
            "note": p.correction_note, "basis": p.basis if basis is None else basis, "deadline": c.deadline.isoformat(),
            "application_id": p.application_id}


def _index_context(request: Request, db_session: Any, user: User, **extra: Any) -> dict[str, Any]:
    today = date.today()
    options = ([{"code": user.county_code, "name": name_of(user.county_code)}] if user.role_enum == Role.CASEWORKER
               else [{"code": d.code, "name": d.name} for d in counties(user.city_code)]
               if user.role_enum == Role.CITY_MANAGER else [])
    chosen = set(evaluate.default_provisions(today))
    benefits = [{"id": p.id, "title": (p.title_zh, p.title_en), "citation": p.citation, "checked": p.id in chosen}
                for p in CATALOGUE if evaluate.proposable(p) and p.id.startswith(evaluate.DEFAULT_DOCUMENT + ".")]
    rows = [{"id": c.id, "county": name_of(c.county_code), "as_of": c.as_of.isoformat(),
             "status": CAMPAIGN_STATUS[c.status], "deadline": c.deadline.isoformat()}
            for c in service.list_campaigns(db_session=db_session, user=user)]
    return {"user": user, "csrf": csrf_token(user), "counties": options, "benefits": benefits, "campaigns": rows,
            "today": today.isoformat(), "can_run": bool(options), "error": None, **extra}


@router.get("/campaigns")
def index(request: Request, db_session: SessionDep, user: CurrentUser):
    if user.role_enum in (Role.APPLICANT, Role.ENTERPRISE):
        return RedirectResponse("/campaigns/me", status_code=303)
    return render(request, "campaigns/index.html", _index_context(request, db_session, user))


MAX_ROSTER = 200 * 1024 * 1024


async def _roster(request: Request, county: str | None, user: User) -> Roster | None:
    upload = (await request.form()).get("roster")
    if upload is None or isinstance(upload, str) or not upload.filename:
        return None
    data = await upload.read(MAX_ROSTER + 1)
    if len(data) > MAX_ROSTER:
        raise InputError("roster", "名单文件超过 200 MB", "the roster file is larger than 200 MB")
    if not data:
        raise InputError("roster", "名单文件是空的", "the roster file is empty")
    return read_roster(data, upload.filename, county or user.county_code or "")


@router.post("/campaigns")
async def run(request: Request, db_session: SessionDep, user: CurrentUser):
    form = await _form(request, user)
    try:
        as_of = parse_date(form["as_of"], field="as_of") if form.get("as_of") else None
        deadline = parse_date(form["deadline"], field="deadline") if form.get("deadline") else None
        county = form.get("county_code") or None
        roster = await _roster(request, county, user)
        kwargs = {"county_code": county, "as_of": as_of, "deadline": deadline, "roster": roster,
                  "provisions": [p for p in form["_list"] if isinstance(p, str)] or None}
        if roster is not None and roster.rows > runs.SYNC_ROWS:
            service.check_start(user=user, county_code=county)
            token = runs.start(user, db_session.get_bind(), **kwargs)
            return RedirectResponse(f"/campaigns/runs/{token}", status_code=303)
        c = service.create(db_session=db_session, user=user, **kwargs)
    except JiuyeError as exc:
        return render(request, "campaigns/index.html", _index_context(
            request, db_session, user, error=_error(exc, _lang(request))), status_code=getattr(exc, "status", 422))
    return RedirectResponse(f"/campaigns/{c.id}", status_code=303)


@router.get("/campaigns/runs/{token}")
def run_progress(request: Request, user: CurrentUser, token: Annotated[str, Path(max_length=40)]):
    r = runs.get(token, user)
    if r is None:
        raise NotFound("比对进度", "campaign run", token)
    if r.campaign_id is not None:
        target = f"/campaigns/{r.campaign_id}"
        if request.headers.get("hx-request"):
            return Response(status_code=200, headers={"HX-Redirect": target})
        return RedirectResponse(target, status_code=303)
    name = "campaigns/_progress.html" if request.headers.get("hx-request") else "campaigns/progress.html"
    return render(request, name, {"user": user, "run": r, "token": token,
                                  "stage": RUN_STAGES.get(r.stage, ("", ""))})


PAGE = 100


def _detail_context(db_session: Any, user: User, campaign_id: int, page: int = 1, **extra: Any) -> dict[str, Any]:
    today = date.today()
    c = service.get(db_session=db_session, user=user, campaign_id=campaign_id)
    page = max(1, page)
    props = service.proposals(db_session=db_session, user=user, campaign_id=c.id, offset=(page - 1) * PAGE,
                              limit=PAGE)
    names = _names(db_session, props)
    rows = [_row(p, c, today, names, service.basis(db_session, p)) for p in props]
    numbers = [{**n, "title": _title(n["provision_id"])}
               for n in service.numbers(db_session=db_session, user=user, campaign_id=c.id, today=today)]
    count = sum(n["proposed_count"] - n["excluded_count"] for n in numbers)
    sample_size, sample_left = service.sample_counts(db_session=db_session, campaign_id=c.id)
    all_rows = sum(n["proposed_count"] for n in numbers)
    return {"user": user, "csrf": csrf_token(user), "c": c, "county": name_of(c.county_code),
            "status": CAMPAIGN_STATUS[c.status], "rows": rows, "numbers": numbers,
            "total_fen": sum(n["proposed_fen"] - n["excluded_fen"] for n in numbers), "count": count,
            "sample_left": sample_left, "sample_size": sample_size,
            "page": page, "pages": max(1, -(-all_rows // PAGE)), "all_rows": all_rows,
            "can_act": user.role_enum == Role.CASEWORKER and user.county_code == c.county_code and c.status == "review",
            "error": None, "done": None, **extra}


@router.get("/campaigns/me")
def me(request: Request, db_session: SessionDep, user: CurrentUser, done: str | None = None):
    return render(request, "campaigns/me.html", _me_context(db_session, user, done=done))


def _me_context(db_session: Any, user: User, **extra: Any) -> dict[str, Any]:
    today = date.today()
    rows = []
    for p, c in service.mine(db_session=db_session, user=user):
        rows.append(_row(p, c, today, None, service.basis(db_session, p)))
        if p.status == "proposed":
            rows[-1]["fields"] = corrections.fields(get_provision(p.provision_id), service.subject_case(db_session, p))
    notes = service.notices(db_session=db_session, user=user)
    return {"user": user, "csrf": csrf_token(user), "rows": rows, "error": None, "done": None,
            "notices": [{"zh": n.text_zh, "en": n.text_en, "unread": n.read_at is None} for n in notes], **extra}


@router.post("/campaigns/me/{proposal_id}/{action}")
async def answer(request: Request, db_session: SessionDep, user: CurrentUser, proposal_id: int, action: str):
    form = await _form(request, user)
    try:
        if action == "confirm":
            service.confirm(db_session=db_session, user=user, proposal_id=proposal_id)
        elif action == "correct":
            fixed = {k: v for k, v in form.items() if k.startswith(("person.", "enterprise."))}
            service.correct(db_session=db_session, user=user, proposal_id=proposal_id, note=form.get("note"),
                            corrections=fixed)
        else:
            return RedirectResponse("/campaigns/me", status_code=303)
    except JiuyeError as exc:
        return render(request, "campaigns/me.html", _me_context(db_session, user, error=_error(exc, _lang(request))),
                      status_code=getattr(exc, "status", 422))
    return RedirectResponse(f"/campaigns/me?done={action}", status_code=303)


@router.get("/campaigns/{campaign_id}")
def detail(request: Request, db_session: SessionDep, user: CurrentUser, campaign_id: int, done: str | None = None,
           page: Annotated[int, Query(ge=1, le=100_000, description="页码 / page")] = 1):
    return render(request, "campaigns/detail.html", _detail_context(db_session, user, campaign_id, page=page,
                                                                    done=done))


@router.post("/campaigns/{campaign_id}/push")
async def push(request: Request, db_session: SessionDep, user: CurrentUser, campaign_id: int):
    await _form(request, user)
    try:
        service.push(db_session=db_session, user=user, campaign_id=campaign_id)
    except JiuyeError as exc:
        return render(request, "campaigns/detail.html", _detail_context(
            db_session, user, campaign_id, error=_error(exc, _lang(request))), status_code=getattr(exc, "status", 422))
    return RedirectResponse(f"/campaigns/{campaign_id}?done=pushed", status_code=303)


@router.post("/campaigns/{campaign_id}/proposals/{proposal_id}/{action}")
async def review(request: Request, db_session: SessionDep, user: CurrentUser, campaign_id: int, proposal_id: int,
                 action: str):
    form = await _form(request, user)
    try:
        if action == "exclude":
            service.exclude(db_session=db_session, user=user, proposal_id=proposal_id, reason=form.get("reason"))
        elif action == "review":
            service.mark_reviewed(db_session=db_session, user=user, proposal_id=proposal_id)
    except JiuyeError as exc:
        return render(request, "campaigns/detail.html", _detail_context(
            db_session, user, campaign_id, error=_error(exc, _lang(request))), status_code=getattr(exc, "status", 422))
    return RedirectResponse(f"/campaigns/{campaign_id}?done={action}#p{proposal_id}", status_code=303)
