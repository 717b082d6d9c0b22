"""Pages of the gig market (零工市场): search, post, register, match, apply, hire, push, inbox."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse

from ..accounts.deps import CurrentUser, OptionalUser, SessionDep
from ..accounts.models import Role, User
from ..accounts.service import check_csrf, csrf_token
from ..dates import parse_date
from ..errors import Forbidden, InputError, ServiceError
from ..refdata import geo
from ..refdata.divisions import counties, get_division
from ..refdata.occupations import EDITION, all_occupations
from ..ui.templating import render
from . import benefits, notify, present, recommend, search, service, vocab
from .models import PAY_LABELS, JobPosting, JobSeeker

router = APIRouter(include_in_schema=False)
LIST_FIELDS = ("skills", "reachable_counties")


async def _form(request: Request, user: User) -> dict[str, Any]:
    raw = await request.form()
    form: dict[str, Any] = {k: v for k, v in raw.items() if isinstance(v, str)}
    for k in LIST_FIELDS:
        form[k] = [v for v in raw.getlist(k) if isinstance(v, str) and v]
    check_csrf(user, form.get("csrf"))
    return form


def _base(user: User | None, **extra: Any) -> dict[str, Any]:
    return {"user": user, "csrf": csrf_token(user) if user else None,
            "role": user.role if user else None, "pay_labels": {k.value: v for k, v in PAY_LABELS.items()},
            "counties": counties(), **extra}


def _occupation_code(raw: str | None) -> str:
    return (raw or "").strip().split(" ", 1)[0]


@router.get("/jobs")
def market(request: Request, db_session: SessionDep, user: OptionalUser, q: str | None = None,
           county: str | None = None, pay_kind: str | None = None, page: int = 1):
    county = county if county and get_division(county) else None
    pay_kind = pay_kind if pay_kind in ("hourly", "daily", "monthly", "piece") else None
    per_page = 20
    rows, total = search.search(db_session, q=q, county=county, pay_kind=pay_kind, limit=per_page,
                                offset=(max(page, 1) - 1) * per_page)
    seeker = service.seeker_of(db_session, user)
    recs = recommend.postings_for_seeker(db_session, seeker, limit=5) if seeker else []
    return render(request, "jobs/market.html", _base(
        user, q=q or "", county=county or "", pay_kind=pay_kind or "", items=[present.posting(p) for p in rows],
        total=total, page=max(page, 1), pages=max(1, -(-total // per_page)), seeker=seeker,
        recs=[(present.posting(r.obj), r.match) for r in recs], terms=search.terms_of(q)))


def _posting_form(request: Request, user: User, values: dict[str, Any] | None = None,
                  error: InputError | None = None, status: int = 200):
    values = values or {"county_code": user.county_code or "", "pay_kind": "hourly", "headcount": "1"}
    county = values.get("county_code") or ""
    return render(request, "jobs/posting_form.html", _base(
        user, values=values, error=error, skills=vocab.SKILLS, certificates=vocab.CERTIFICATES,
        occupations=all_occupations("细类"), edition=EDITION,
        towns=geo.towns_of(county) if county else []), status_code=status)


@router.get("/jobs/postings/new")
def new_posting(request: Request, db_session: SessionDep, user: CurrentUser):
    service.employer_of(db_session, user)
    values: dict[str, Any] = {"pay_kind": "hourly", "headcount": "1"}
    if user.enterprise_id:
        from ..applications.models import EnterpriseRecord

        ent = db_session.get(EnterpriseRecord, user.enterprise_id)
        values["county_code"] = ent.county_code if ent else ""
    return _posting_form(request, user, values)


@router.post("/jobs/postings/new")
async def create_posting(request: Request, db_session: SessionDep, user: CurrentUser):
    form = await _form(request, user)
    payload = dict(form)
    payload["occupation_code"] = _occupation_code(form.get("occupation"))
    try:
        p = service.create_posting(db_session=db_session, user=user, payload=payload)
    except InputError as exc:
        return _posting_form(request, user, form, exc, status=422)
    return RedirectResponse(f"/jobs/postings/{p.id}?created=1", status_code=303)


@router.get("/jobs/_towns")
def towns_options(request: Request, county_code: str = "", town_code: str = ""):
    """The towns of a county as options (HTMX, when the county changes); keeps a town still in it."""
    return render(request, "jobs/_towns.html", {"towns": geo.towns_of(county_code) if county_code else [],
                                                "selected": town_code})


def _posting_context(db_session: Any, user: User | None, posting_id: int, **extra: Any) -> dict[str, Any]:
    p = service.get_posting(db_session=db_session, user=user, posting_id=posting_id)
    seeker = service.seeker_of(db_session, user)
    match = recommend.match_pair(seeker, p) if seeker else None
    mine = None
    if seeker:
        mine = next((a for a in service.applications_of_seeker(db_session=db_session, seeker=seeker)
                     if a.posting_id == p.id), None)
    employer = service.is_employer(user, p)
    staff = service.staff_sees(db_session, user, p)
    apps = service.applications_for_posting(db_session=db_session, user=user, posting=p) if user else []
    seekers = {a.seeker_id: db_session.get(JobSeeker, a.seeker_id) for a in apps}
    return _base(user, p=present.posting(p, full=True), match=match, mine=mine, employer=employer, staff=staff,
                 is_caseworker=bool(user and user.role_enum == Role.CASEWORKER and user.county_code == p.county_code),
                 apps=[present.application(a, p, seekers[a.seeker_id], mask=not employer) for a in apps],
                 candidates=[(present.seeker(r.obj), r.match) for r in recommend.seekers_for_posting(
                     db_session, p, limit=10)] if (employer or staff) else [],
                 pushes=notify.push_report(db_session, user, p.id) if staff else [],
                 seeker=seeker, **extra)


@router.get("/jobs/postings/{posting_id}")
def posting_page(posting_id: int, request: Request, db_session: SessionDep, user: OptionalUser,
                 created: int = 0, pushed: str | None = None):
    return render(request, "jobs/posting.html", _posting_context(db_session, user, posting_id, created=created,
                                                                 pushed=pushed))


@router.post("/jobs/postings/{posting_id}/{action}")
async def posting_action(posting_id: int, action: str, request: Request, db_session: SessionDep, user: CurrentUser):
    form = await _form(request, user)
    try:
        if action == "apply":
            a = service.apply(db_session=db_session, user=user, posting_id=posting_id, note=form.get("note"))
            return RedirectResponse(f"/jobs/applications/{a.id}", status_code=303)
        if action == "close":
            service.close_posting(db_session=db_session, user=user, posting_id=posting_id)
        elif action == "push":
            try:
                min_score = int(form.get("min_score") or 50)
            except ValueError:
                raise InputError("min_score", "匹配分应为整数", "a whole number") from None
            r = notify.push_posting(db_session=db_session, user=user, posting_id=posting_id, min_score=min_score,
                                    key_groups_only=bool(form.get("key_groups_only")))
            return RedirectResponse(f"/jobs/postings/{posting_id}?pushed={r.matched}-{r.new}", status_code=303)
        else:
            raise InputError("action", "未知操作", "unknown action")
    except (InputError, ServiceError) as exc:
        ctx = _posting_context(db_session, user, posting_id, action_error=exc)
        return render(request, "jobs/posting.html", ctx, status_code=getattr(exc, "status", 422))
    return RedirectResponse(f"/jobs/postings/{posting_id}", status_code=303)


def _seeker_form(request: Request, user: User, values: dict[str, Any], error: InputError | None = None,
                 status: int = 200, on_behalf: bool = False, on_register: str | None = None):
    county = values.get("county_code") or ""
    return render(request, "jobs/seeker_form.html", _base(
        user, values=values, error=error, skills=vocab.SKILLS, certificates=vocab.CERTIFICATES,
        occupations=all_occupations("细类"), key_groups=vocab.KEY_GROUPS, on_behalf=on_behalf,
        on_register=vocab.KEY_GROUPS.get(on_register or ""),
        towns=geo.towns_of(county) if county else []), status_code=status)


def _seeker_values(s: Any) -> dict[str, Any]:
    if s is None:
        return {}
    return {"skills": list(s.skills or []), "certificates": "，".join(
        f"{c['name']}:{c['level']}" if c.get("level") else c["name"] for c in s.certificates or []),
        "occupation": (s.occupations or [""])[0], "county_code": s.county_code, "town_code": s.town_code or "",
        "reachable_counties": list(s.reachable_counties or []), "max_distance_km": s.max_distance_km or "",
        "expected_pay_kind": s.expected_pay_kind or "", "expected_pay_yuan": present.yuan(s.expected_pay_fen) or "",
        "available_from": s.available_from or "", "available_to": s.available_to or "",
        "availability_note": s.availability_note or "", "key_group": s.key_group or "",
        "key_group_consent": "on" if s.key_group_consent else "", "lon": s.lon or "", "lat": s.lat or ""}


@router.get("/jobs/register")
def register_page(request: Request, db_session: SessionDep, user: CurrentUser):
    if user.role_enum == Role.CASEWORKER:
        return _seeker_form(request, user, {"county_code": user.county_code}, on_behalf=True)
    if user.role_enum != Role.APPLICANT:
        raise Forbidden("只有个人或经办人可以办理求职登记", "only a person or a caseworker registers seekers", field="role")
    values = _seeker_values(service.seeker_of(db_session, user))
    if not values:
        from ..applications.models import PersonRecord

        person = db_session.get(PersonRecord, user.person_id)
        values = {"county_code": person.county_code if person else ""}
    on_register = service.register_key_group(db_session, user.person_id)
    if on_register and not values.get("key_group"):
        values["key_group"] = on_register
    return _seeker_form(request, user, values, on_register=on_register)


@router.post("/jobs/register")
async def register_submit(request: Request, db_session: SessionDep, user: CurrentUser):
    form = await _form(request, user)
    payload = dict(form)
    occ = _occupation_code(form.get("occupation"))
    payload["occupations"] = [occ] if occ else []
    try:
        s = service.register_seeker(db_session=db_session, user=user, payload=payload)
    except InputError as exc:
        return _seeker_form(request, user, form, exc, status=422, on_behalf=user.role_enum == Role.CASEWORKER)
    if user.role_enum == Role.CASEWORKER:
        return RedirectResponse(f"/jobs/mine?registered={s.id}", status_code=303)
    return RedirectResponse("/jobs?registered=1", status_code=303)


def _application_context(db_session: Any, user: User, application_id: int, **extra: Any) -> dict[str, Any]:
    a, p, s = service.get_application(db_session=db_session, user=user, application_id=application_id)
    employer = service.is_employer(user, p)
    own = user.role_enum == Role.APPLICANT and user.person_id == s.person_id
    hire = service.spell_of(db_session, a.id)
    hb = benefits.for_hire(db_session, hire, p, s) if hire is not None else None
    return _base(user, a=present.application(a, p, s, mask=not (employer or own)), employer=employer, own=own,
                 messages=service.messages_of(db_session, a.id), hire=hire, benefits=hb, **extra)


@router.get("/jobs/applications/{application_id}")
def application_page(application_id: int, request: Request, db_session: SessionDep, user: CurrentUser):
    return render(request, "jobs/application.html", _application_context(db_session, user, application_id))


@router.post("/jobs/applications/{application_id}/{action}")
async def application_action(application_id: int, action: str, request: Request, db_session: SessionDep,
                             user: CurrentUser):
    form = await _form(request, user)
    try:
        if action == "hire":
            start = parse_date(form["start"], field="start") if form.get("start") else None
            service.hire(db_session=db_session, user=user, application_id=application_id, start=start)
        elif action == "messages":
            service.send_message(db_session=db_session, user=user, application_id=application_id,
                                 body=form.get("body") or "")
        else:
            service.decide(db_session=db_session, user=user, application_id=application_id, action=action)
    except (InputError, ServiceError) as exc:
        ctx = _application_context(db_session, user, application_id, action_error=exc)
        return render(request, "jobs/application.html", ctx, status_code=getattr(exc, "status", 422))
    return RedirectResponse(f"/jobs/applications/{application_id}", status_code=303)


@router.get("/jobs/mine")
def mine(request: Request, db_session: SessionDep, user: CurrentUser, registered: int | None = None):
    postings, apps = [], []
    if user.role_enum in (Role.ENTERPRISE, Role.APPLICANT):
        postings = [present.posting(p) for p in service.my_postings(db_session=db_session, user=user)]
    seeker = service.seeker_of(db_session, user)
    if seeker is not None:
        apps = [present.application(a, db_session.get(JobPosting, a.posting_id), seeker, mask=False)
                for a in service.applications_of_seeker(db_session=db_session, seeker=seeker)]
    return render(request, "jobs/mine.html", _base(user, postings=postings, apps=apps, seeker=seeker,
                                                   registered=registered))


@router.get("/jobs/inbox")
def inbox(request: Request, db_session: SessionDep, user: CurrentUser):
    return render(request, "jobs/inbox.html", _base(user, items=notify.inbox(db_session, user)))


@router.get("/jobs/notifications/{notification_id}")
def open_notification(notification_id: int, db_session: SessionDep, user: CurrentUser):
    n = notify.open_notification(db_session=db_session, user=user, notification_id=notification_id)
    return RedirectResponse(n.link, status_code=303)
