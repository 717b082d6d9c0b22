"""Pages: the caseworker's landing page (the 动态清零 watch list and the county summary), the
register, a person's page (groups, willingness and ability, services, employment, certification,
policy for the person), the certification workflow, Excel in and out, 帮扶率, and the person's own
status page. Every write is a form with a CSRF token; a refused write re-renders with the error
naming the field."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import func, or_, select

from ..accounts.deps import CurrentUser, SessionDep
from ..accounts.models import Role, User
from ..accounts.service import check_csrf, csrf_token
from ..catalogue.registry import CATALOGUE
from ..errors import Forbidden, InputError, ServiceError
from ..ids import mask_id_number, mask_name
from ..refdata.divisions import counties
from ..ui.templating import render
from . import certification as certs
from . import excel, policies, schemas, service, watch
from .access import get_person, scoped
from .models import (
    CERT_STATUSES,
    CONTACTS,
    GROUP_LABELS,
    GROUPS,
    SERVICE_LABELS,
    SERVICES,
    SOURCE_LABELS,
    Certification,
    EmploymentSpell,
    GroupSpell,
    Observation,
    RegisterPerson,
    Service,
)

router = APIRouter(include_in_schema=False)
PER_PAGE = 50


def _base(user: User, **extra: Any) -> dict[str, Any]:
    return {"user": user, "csrf": csrf_token(user), "is_caseworker": user.role_enum == Role.CASEWORKER,
            "groups": GROUPS, "group_labels": GROUP_LABELS, "services": SERVICES, "service_labels": SERVICE_LABELS,
            "contacts": CONTACTS, "cert_statuses": CERT_STATUSES, "source_labels": SOURCE_LABELS,
            "mask_id": mask_id_number, "mask_name": mask_name, "today": date.today(), **extra}


async def _form(request: Request, user: User) -> dict[str, str]:
    form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
    check_csrf(user, form.get("csrf"))
    return form


def _date(form: dict[str, str], name: str, label: str, *, required: bool = True) -> date | None:
    value = schemas.a_date(form.get(name), name)
    if value is None and required:
        raise InputError(name, f"{label}：必填", f"{name}: required")
    return value


def _staff_only(user: User) -> None:
    if not user.is_staff:
        raise Forbidden("只有经办人、管理员可以查看", "only caseworkers and managers")


# --- landing: the watch list ------------------------------------------------------------------

@router.get("/assistance")
def landing(request: Request, db_session: SessionDep, user: CurrentUser, county_code: str | None = None,
            mine: int = 0, page: int = 1):
    if user.role_enum == Role.APPLICANT:
        return RedirectResponse("/assistance/me", status_code=303)
    _staff_only(user)
    page = max(page, 1)
    rows, total = watch.watch_list(db_session, user, county_code=county_code or None,
                                   caseworker_id=user.id if mine else None, limit=PER_PAGE,
                                   offset=(page - 1) * PER_PAGE)
    names = dict(db_session.execute(select(User.id, User.display_name).where(
        User.id.in_({r.caseworker_user_id for r in rows if r.caseworker_user_id})))
                 .all()) if rows else {}
    summary = watch.county_summaries(db_session, user)
    options = counties(user.city_code) if user.role_enum == Role.CITY_MANAGER else (
        counties() if user.role_enum == Role.PROVINCE_ADMIN else [])
    return render(request, "assistance/watch.html", _base(
        user, rows=rows, total=total, page=page, pages=max(1, -(-total // PER_PAGE)), caseworkers=names,
        summary=summary, county_options=options, county_code=county_code or "", mine=mine,
        reviews=certs.reviews_due(db_session, user, date.today()),
        clause=watch.WATCH_CLAUSE))


# --- the register -----------------------------------------------------------------------------

@router.get("/assistance/register")
def register_list(request: Request, db_session: SessionDep, user: CurrentUser, q: str | None = None,
                  group: str | None = None, page: int = 1):
    _staff_only(user)
    rp = RegisterPerson
    where = [scoped(user)]
    q = (q or "").strip()
    if q:
        where.append(or_(rp.id_number == q.upper(), rp.name.startswith(q)) if len(q) < 18 else rp.id_number == q.upper())
    if group:
        where.append(rp.id.in_(select(GroupSpell.register_id).where(GroupSpell.group_code == group,
                                                                    GroupSpell.end_date.is_(None))))
    page = max(page, 1)
    total = db_session.scalar(select(func.count()).select_from(rp).where(*where)) or 0
    people = db_session.scalars(select(rp).where(*where).order_by(rp.id.desc()).limit(PER_PAGE)
                                .offset((page - 1) * PER_PAGE)).all()
    return render(request, "assistance/register.html", _base(
        user, people=people, total=total, page=page, pages=max(1, -(-total // PER_PAGE)), q=q, group=group or ""))


def _new_context(user: User, values: dict[str, str] | None = None, error: Exception | None = None) -> dict[str, Any]:
    return _base(user, values=values or {"entered_on": date.today().isoformat()}, error=error)


@router.get("/assistance/register/new")
def new_form(request: Request, user: CurrentUser):
    _staff_only(user)
    return render(request, "assistance/new.html", _new_context(user))


@router.post("/assistance/register/new")
async def new_submit(request: Request, db_session: SessionDep, user: CurrentUser):
    _staff_only(user)  # (before the form is read: a person or an enterprise is refused, not told what is missing)
    raw = await request.form()
    form = {k: v for k, v in raw.items() if isinstance(v, str)}
    check_csrf(user, form.get("csrf"))
    data: dict[str, Any] = dict(form)
    data["groups"] = [g for g in raw.getlist("groups") if isinstance(g, str)]
    try:
        if not data["groups"]:
            raise schemas.err("groups", "至少选择一类（五类重点群体之一）", "choose at least one group")
        entry = schemas.parse_entry(data, default_county=user.county_code)
        p = service.add_person(db_session, user, entry)
    except (InputError, ServiceError) as exc:
        return render(request, "assistance/new.html", _new_context(user, form, exc),
                      status_code=422 if isinstance(exc, InputError) else exc.status)
    return RedirectResponse(f"/assistance/people/{p.id}", status_code=303)


# --- a person ---------------------------------------------------------------------------------

def _person_context(db_session: Any, user: User, p: RegisterPerson, **extra: Any) -> dict[str, Any]:
    def rows(model: Any, *order: Any) -> list[Any]:
        return list(db_session.scalars(select(model).where(model.register_id == p.id).order_by(*order)))

    caseworker = db_session.get(User, p.caseworker_user_id) if p.caseworker_user_id else None
    services = rows(Service, Service.service_date.desc(), Service.id.desc())
    return _base(
        user, p=p, caseworker=caseworker, group_spells=rows(GroupSpell, GroupSpell.start_date, GroupSpell.id),
        observations=rows(Observation, Observation.observed_on.desc(), Observation.id.desc()),
        jobs=rows(EmploymentSpell, EmploymentSpell.start_date.desc()), services_done=services,
        certs=certs.history(db_session, p.id),
        deadline=watch.watch_deadline(p.watch_since) if p.watch_since else None,
        may_act=user.role_enum == Role.CASEWORKER and user.county_code == p.county_code,
        provision_titles={k: v.title_zh for k, v in CATALOGUE.provisions.items()},
        policy_options=_policy_options(p.city_code), **extra)


def _policy_options(city_code: str) -> list[tuple[str, str]]:
    """Benefits of the documents that apply where the person lives (the province's and the city's)."""
    return [(q.id, f"{q.title_zh}（{q.citation}）") for q in CATALOGUE
            if q.kind.value == "benefit" and q.document.jurisdiction in ("330000", city_code)]


@router.get("/assistance/people/{register_id}")
def person_page(register_id: int, request: Request, db_session: SessionDep, user: CurrentUser):
    p = get_person(db_session, user, register_id)
    if user.role_enum == Role.APPLICANT:
        return RedirectResponse("/assistance/me", status_code=303)
    return render(request, "assistance/person.html", _person_context(db_session, user, p))


@router.get("/assistance/people/{register_id}/policies")
def person_policies(register_id: int, request: Request, db_session: SessionDep, user: CurrentUser):
    _staff_only(user)
    p = get_person(db_session, user, register_id)
    as_of = date.today()
    mine, employer = policies.for_person(db_session, p, as_of)
    return render(request, "assistance/policies.html", _base(user, p=p, mine=mine, employer=employer, as_of=as_of))


@router.post("/assistance/people/{register_id}/{action}")
async def person_action(register_id: int, action: str, request: Request, db_session: SessionDep, user: CurrentUser):
    raw = await request.form()
    form = {k: v for k, v in raw.items() if isinstance(v, str)}
    check_csrf(user, form.get("csrf"))
    target = f"/assistance/people/{register_id}"
    try:
        if action == "observe":
            service.observe(db_session, user, register_id, observed_on=_date(form, "observed_on", "核实日期"),
                            willing=schemas.yes_no(form.get("willing"), "willing"),
                            able=schemas.yes_no(form.get("able"), "able"), note=form.get("note"))
        elif action == "service":
            service.record_service(db_session, user, register_id, kind=form.get("kind", ""),
                                   service_date=_date(form, "service_date", "服务日期"), outcome=form.get("outcome"),
                                   job_title=form.get("job_title"), employer_name=form.get("employer_name"),
                                   provisions=[x for x in raw.getlist("provisions") if isinstance(x, str)])
        elif action == "placement":
            service.placement(db_session, user, register_id, employer_name=form.get("employer_name", ""),
                              start=_date(form, "start", "就业日期"))
        elif action == "end-employment":
            service.end_employment(db_session, user, register_id, spell_id=int(form.get("spell_id") or 0),
                                   end=_date(form, "end", "离职日期"))
        elif action == "end-group":
            service.end_group(db_session, user, register_id, group_code=form.get("group_code", ""),
                              end=_date(form, "end", "结束日期"))
        elif action == "certify":
            stated = {k: schemas.yes_no(form.get(k), k) for k in certs.BOOL_FACTS}
            stated["unemployed_registered_on"] = _date(form, "unemployed_registered_on", "连续登记失业起始日",
                                                       required=False)
            if form.get("female_category"):
                stated["female_category"] = form["female_category"]
            c = certs.apply(db_session, user, register_id, via=form.get("via", ""), stated=stated,
                            applied_on=_date(form, "applied_on", "申请日期", required=False))
            target = f"/assistance/certifications/{c.id}"
        else:
            raise InputError("action", "未知操作", "unknown action")
    except (InputError, ServiceError) as exc:
        if user.role_enum == Role.APPLICANT:
            return _me(request, db_session, user, error=exc, status=_status(exc))
        p = get_person(db_session, user, register_id)
        return render(request, "assistance/person.html", _person_context(db_session, user, p, error=exc,
                                                                         error_action=action),
                      status_code=_status(exc))
    return RedirectResponse(target, status_code=303)


def _status(exc: Exception) -> int:
    return exc.status if isinstance(exc, ServiceError) else 422


# --- certification ----------------------------------------------------------------------------

def _cert_context(db_session: Any, user: User, cert: Certification, p: RegisterPerson, **extra: Any) -> dict[str, Any]:
    events = next((ev for c, ev, _ in certs.history(db_session, p.id) if c.id == cert.id), [])
    evidence = next((e for c, _, e in certs.history(db_session, p.id) if c.id == cert.id), [])
    return _base(user, cert=cert, p=p, events=events, evidence=evidence,
                 may_decide=user.role_enum == Role.CASEWORKER and user.county_code == cert.county_code,
                 fact_labels=certs.FACT_LABELS, exit_clause=certs.EXIT_CLAUSE, **extra)


@router.get("/assistance/certifications/{cert_id}")
def cert_page(cert_id: int, request: Request, db_session: SessionDep, user: CurrentUser):
    cert, p = certs.get(db_session, user, cert_id)
    return render(request, "assistance/certification.html", _cert_context(db_session, user, cert, p))


@router.post("/assistance/certifications/{cert_id}/{action}")
async def cert_action(cert_id: int, action: str, request: Request, db_session: SessionDep, user: CurrentUser):
    form = await _form(request, user)
    try:
        if action == "evidence":
            certs.add_evidence(db_session, user, cert_id, kind=form.get("kind", ""), reference=form.get("reference"),
                               received_on=_date(form, "received_on", "收到日期"))
        elif action == "decide":
            certs.decide(db_session, user, cert_id, approve=form.get("decision") == "approve",
                         reason=form.get("reason"), decided_on=_date(form, "decided_on", "认定日期", required=False),
                         next_review_on=_date(form, "next_review_on", "下次复核日期", required=False))
        elif action == "review":
            certs.review(db_session, user, cert_id, reviewed_on=_date(form, "reviewed_on", "复核日期"),
                         note=form.get("note"), next_review_on=_date(form, "next_review_on", "下次复核日期",
                                                                     required=False),
                         stated={"registered_unemployed": schemas.yes_no(form.get("registered_unemployed"),
                                                                         "registered_unemployed")})
        elif action == "exit":
            certs.exit_lapse(db_session, user, cert_id, on=_date(form, "on", "退出日期"), reason=form.get("reason"))
        else:
            raise InputError("action", "未知操作", "unknown action")
    except (InputError, ServiceError) as exc:
        cert, p = certs.get(db_session, user, cert_id)
        return render(request, "assistance/certification.html",
                      _cert_context(db_session, user, cert, p, error=exc, error_action=action), status_code=_status(exc))
    return RedirectResponse(f"/assistance/certifications/{cert_id}", status_code=303)


# --- the person's own page --------------------------------------------------------------------

def _me(request: Request, db_session: Any, user: User, *, error: Exception | None = None, status: int = 200) -> Response:
    p = db_session.scalar(select(RegisterPerson).where(scoped(user))) if user.role_enum == Role.APPLICANT else None
    ctx = _person_context(db_session, user, p, error=error) if p is not None else _base(user, p=None, error=error)
    return render(request, "assistance/me.html", ctx, status_code=status)


@router.get("/assistance/me")
def me(request: Request, db_session: SessionDep, user: CurrentUser):
    if user.role_enum != Role.APPLICANT:
        return RedirectResponse("/assistance", status_code=303)
    return _me(request, db_session, user)


# --- Excel and 帮扶率 --------------------------------------------------------------------------

@router.get("/assistance/import")
def import_form(request: Request, user: CurrentUser):
    if user.role_enum != Role.CASEWORKER:
        raise Forbidden("只有县（市、区）经办人可以导入台账", "only a county caseworker imports the register")
    return render(request, "assistance/import.html", _base(user, result=None, columns=excel.COLUMNS,
                                                           field_labels=schemas.FIELD_LABELS))


@router.post("/assistance/import")
async def import_submit(request: Request, db_session: SessionDep, user: CurrentUser):
    if user.role_enum != Role.CASEWORKER:
        raise Forbidden("只有县（市、区）经办人可以导入台账", "only a county caseworker imports the register")
    raw = await request.form()
    check_csrf(user, raw.get("csrf") if isinstance(raw.get("csrf"), str) else None)
    upload = raw.get("file")
    ctx = _base(user, result=None, columns=excel.COLUMNS, field_labels=schemas.FIELD_LABELS)
    try:
        if upload is None or isinstance(upload, str):
            raise InputError("file", "请选择要导入的 Excel 文件", "choose an Excel file")
        data = await upload.read(excel.MAX_BYTES + 1)
        result = excel.import_register(db_session, user, data, strict=raw.get("strict") == "1")
    except (InputError, ServiceError) as exc:
        return render(request, "assistance/import.html", {**ctx, "error": exc}, status_code=_status(exc))
    return render(request, "assistance/import.html", {**ctx, "result": result})


@router.get("/assistance/import/template.xlsx")
def import_template(user: CurrentUser):
    return Response(excel.template_workbook(), media_type=XLSX,
                    headers={"Content-Disposition": "attachment; filename*=UTF-8''register-template.xlsx"})


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@router.get("/assistance/export.xlsx")
def export(db_session: SessionDep, user: CurrentUser):
    data = excel.export_register(db_session, user)
    return Response(data, media_type=XLSX,
                    headers={"Content-Disposition": f"attachment; filename*=UTF-8''register-{date.today()}.xlsx"})


@router.get("/assistance/rates")
def rates(request: Request, db_session: SessionDep, user: CurrentUser, start: str | None = None, end: str | None = None):
    _staff_only(user)
    d0, d1 = service.served_period_default(date.today())
    start_d = schemas.a_date(start, "start") if start else d0
    end_d = schemas.a_date(end, "end") if end else d1
    area = user.county_code or user.city_code or "330000"
    figures = service.county_figures(db_session, area, start_d, end_d)
    return render(request, "assistance/rates.html", _base(user, figures=figures, start=start_d, end=end_d))
