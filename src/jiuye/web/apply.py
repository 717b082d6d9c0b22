"""The application page, 填报转确认: ``/apply?provision=<id>&answers=<token>`` (see :mod:`.prefill`).

The person (or enterprise, or a caseworker on their behalf) sees the benefits they can apply for
in their county, the answers they gave the calculator to confirm (and change if need be), only
the questions the chosen benefit still needs, and an upload field for 证明材料; they submit, the
application is filed as of the server's date and pre-checked by the engine. Nothing is typed as
JSON or as a division code: the county comes from the profile, or from a picker of county names.
``/applications/new`` is the same page (the queue's "提交新申请", other domains' 去申请 links).
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from ..accounts.deps import OptionalUser, SessionDep
from ..accounts.models import Role, User
from ..accounts.service import check_csrf, csrf_token
from ..applications import evidence, service
from ..applications.evidence_pages import body_too_large, read_uploads
from ..applications.models import EnterpriseRecord, PersonRecord
from ..catalogue.registry import CATALOGUE
from ..engine.provision import Provision, Subject
from ..errors import Conflict, Forbidden, InputError, JiuyeError
from ..ids import validate_id_number, validate_uscc
from ..refdata.divisions import all_current, counties, get_division
from ..ui import i18n
from ..ui.templating import render
from . import prefill
from .forms import FieldSpec, convert, field_specs

router = APIRouter(include_in_schema=False)
APPLICANT_ROLES = (Role.APPLICANT, Role.ENTERPRISE, Role.CASEWORKER)
#: fields of the page that are not facts, in the words of the page (for error messages)
LABELS = {"provision_id": ("申请的待遇", "benefit"), "county_code": ("受理县（市、区）", "county"),
          "months": ("申请期限（月）", "months requested"), "note": ("备注", "note"),
          "claim_period_start": ("申请期间", "period claimed"), "claim_period_end": ("申请期间", "period claimed"),
          "evidence": (evidence.LABEL_ZH, "evidence"), "employees": ("申报的员工", "employees claimed"),
          "id_number": ("申请人身份证号", "applicant's ID number"), "name": ("申请人姓名", "applicant's name"),
          "uscc": ("统一社会信用代码", "unified social credit code"),
          "enterprise_name": ("企业名称", "enterprise name"), "idempotency_key": ("表单", "form"),
          "case.person.id_number": ("申请人身份证号", "applicant's ID number"),
          "case.person.name": ("申请人姓名", "applicant's name"),
          "case.enterprise.uscc": ("统一社会信用代码", "unified social credit code"),
          "case.enterprise.name": ("企业名称", "enterprise name")}


def today() -> date:
    return date.today()


def county_groups() -> list[tuple[str, list[tuple[str, str]]]]:
    """Counties by city, by their Chinese names (the picker's options)."""
    return [(city.name, [(c.code, c.name) for c in counties(city.code)])
            for city in all_current() if city.level == "city"]


def role_subject(user: User) -> str | None:
    return {Role.APPLICANT: "person", Role.ENTERPRISE: "enterprise"}.get(user.role_enum)


def profile_county(db_session: Session, user: User) -> str | None:
    """The county of the user's profile: a caseworker's own; a person's or enterprise's record."""
    if user.role_enum == Role.CASEWORKER:
        return user.county_code
    record: Any = None
    if user.role_enum == Role.APPLICANT and user.person_id:
        record = db_session.get(PersonRecord, user.person_id)
    elif user.role_enum == Role.ENTERPRISE and user.enterprise_id:
        record = db_session.get(EnterpriseRecord, user.enterprise_id)
    return (record.county_code if record is not None else None) or user.county_code


def a_county(code: Any) -> str | None:
    d = get_division(code) if isinstance(code, str) and code else None
    return d.code if d is not None and d.level == "county" else None


def _answers_county(facts: dict[str, Any], subject: str | None) -> str | None:
    order = (("enterprise.adcode",) if subject == "enterprise" else
             ("person.work_adcode", "person.residence_adcode", "person.hukou_adcode", "enterprise.adcode"))
    return next((a_county(facts[n]) for n in order if a_county(facts.get(n))), None)


def fact_label(spec: FieldSpec, lang: str = "zh") -> str:
    """A fact's name for people: a place, never its division code."""
    return spec.label_en if lang == "en" else spec.label_zh.replace("区划代码", "（县、市、区）")


def field_label(name: str, lang: str) -> str:
    """A field of the page or of the case, in the person's words."""
    specs = field_specs()
    key = name[5:] if name.startswith("case.") else name
    key = key.split("[", 1)[0] if key.startswith("employees[") else key
    if key in specs:
        return fact_label(specs[key], lang)
    zh, en = LABELS.get(name) or LABELS.get(key) or ("申请信息", "application")
    if name.startswith("employees["):
        n = int(name[10:].split("]", 1)[0]) + 1
        zh, en = f"申报的员工第{n}行", f"employee line {n}"
    return en if lang == "en" else zh


def _guard(user: User) -> None:
    if user.role_enum not in APPLICANT_ROLES:
        raise Forbidden("只有申请人、企业或县级经办人可以提交申请",
                        "only applicants, enterprises and county caseworkers submit applications")


def _login(request: Request) -> Response:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)


def _context(db_session: Session, user: User, *, pid: str | None, answers: prefill.Answers | None,
             county: str | None, token: str | None, expired: bool = False, values: dict[str, str] | None = None,
             error: JiuyeError | None = None, asked: list[str] | None = None, lang: str = "zh") -> dict[str, Any]:
    subject = role_subject(user)
    answers = answers or prefill.Answers(subject=subject or "person")
    own = profile_county(db_session, user)
    if user.role_enum == Role.ENTERPRISE and own and "enterprise.adcode" not in answers.raw:
        answers.raw["enterprise.adcode"] = own  # where the enterprise is registered: from its record
    facts = answers.facts()
    when = today()
    if user.role_enum == Role.CASEWORKER:
        county = user.county_code
    county = county or own or _answers_county(facts, subject)
    offered = prefill.offers(subject=subject, county=county, facts=facts, today=when)
    benefits = [o.provision for o in offered.values() if o.ok]
    refused = prefill.why_not_offered(pid, subject, offered) if pid else None
    p: Provision | None = CATALOGUE.provisions.get(pid) if pid and refused is None else None
    specs = field_specs()
    carried, missing = [], []
    if p is not None:
        prefixes = ("person", "enterprise")
        carried = [(specs[n], raw) for n, raw in sorted(answers.raw.items(), key=lambda kv: specs[kv[0]].order)
                   if n.split(".", 1)[0] in prefixes]
        wanted = prefill.missing(p, facts, when)
        asked_names = list(asked or [])
        for s in wanted:
            if s.name not in asked_names:
                asked_names.append(s.name)
        missing = [specs[n] for n in asked_names if n in specs and n not in answers.raw]
        asked = asked_names
    values = values or {}
    values.setdefault("idempotency_key", str(uuid.uuid4()))
    return {"user": user, "csrf": csrf_token(user), "is_caseworker": user.role_enum == Role.CASEWORKER,
            "subject": subject, "benefits": benefits, "p": p, "pid": pid, "refused": refused,
            "refused_title": CATALOGUE.provisions[pid] if refused and pid in CATALOGUE.provisions else None,
            "county": county, "county_groups": county_groups(), "profile_county": own,
            "token": token or "", "expired": expired, "carried": carried, "missing": missing,
            "asked": ",".join(asked or []), "answers": answers, "values": values, "error": error,
            "error_label": field_label(error.field, lang) if isinstance(error, InputError) and error.field else None,
            "monthly": p is not None and (p.period.value == "monthly" or p.benefit_type == "loan"),
            "claim_kind": None if p is None or p.benefit_type == "loan" else {
                "monthly": "month", "yearly": "year"}.get(p.period.value),
            "this_month": when.strftime("%Y-%m"), "claim_years": [when.year - i for i in range(3)],
            "enterprise_subject": p is not None and p.subject == Subject.ENTERPRISE,
            "max_text": evidence.size_text(evidence.max_bytes()), "max_files": evidence.MAX_FILES,
            "fact_label": fact_label}


@router.get("/apply")
def apply_page(request: Request, db_session: SessionDep, user: OptionalUser, provision: str | None = None,
               answers: str | None = None, county: str | None = None, provision_id: str | None = None):
    """The entry point: ``provision`` preselects a benefit, ``answers`` carries the calculator's answers."""
    if user is None:
        return _login(request)
    _guard(user)
    carried = prefill.read_answers(answers)
    ctx = _context(db_session, user, pid=provision or provision_id or None, answers=carried, county=a_county(county),
                   token=answers if carried else None, expired=bool(answers) and carried is None,
                   lang=i18n.lang_of(request))
    p = CATALOGUE.provisions.get(ctx["pid"] or "")
    if ctx["refused"] and p is not None and user.role_enum != Role.CASEWORKER and role_subject(user) != p.subject.value \
            and p.subject.value in ("person", "enterprise"):
        ctx["switch_account"] = p.subject.value  # an enterprise benefit asked for by a person, or the reverse
        ctx["here"] = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return render(request, "apply/form.html", ctx)


@router.get("/applications/new")
def new_application(request: Request, db_session: SessionDep, user: OptionalUser, provision_id: str | None = None):
    """The same page under its older address (links from the queue and other domains)."""
    return apply_page(request, db_session, user, provision=provision_id)


def _posted_answers(form: Any, subject: str) -> prefill.Answers:
    out = prefill.Answers(subject=subject)
    for name, spec in field_specs().items():
        raw = form.get(name)
        if not isinstance(raw, str) or not raw.strip():
            continue
        _value, err = convert(spec, raw)
        if err is not None:
            out.errors.setdefault(name, InputError(name, err.message_zh, err.message_en))
        out.raw[name] = raw.strip()
    return out


def _identity(form: Any, p: Provision, user: User) -> dict[str, Any]:
    """A caseworker names the applicant (ID number and name, or credit code and enterprise name)."""
    if user.role_enum != Role.CASEWORKER:
        return {}
    if p.subject == Subject.ENTERPRISE:
        uscc = str(form.get("uscc") or "").strip().upper()
        name = str(form.get("enterprise_name") or "").strip()
        code = validate_uscc(uscc, field="uscc").code
        if not name:
            raise InputError("enterprise_name", "请填写企业名称", "enter the enterprise's name")
        return {"enterprise": {"uscc": code, "name": name}}
    number = validate_id_number(str(form.get("id_number") or "").strip().upper(), field="id_number").number
    name = str(form.get("name") or "").strip()
    if not name:
        raise InputError("name", "请填写申请人姓名", "enter the applicant's name")
    return {"person": {"id_number": number, "name": name}}


def _employees(text: str) -> list[dict[str, str]]:
    out = []
    for i, line in enumerate((text or "").splitlines()):
        if line.strip():
            parts = [x.strip() for x in line.replace("，", ",").split(",")]
            if len(parts) != 2:
                raise InputError(f"employees[{i}]", "每行应为“身份证号,姓名”", "each line is 'ID number,name'")
            out.append({"id_number": parts[0], "name": parts[1]})
    return out


def _payload(form: Any, p: Provision, answers: prefill.Answers, county: str, user: User) -> dict[str, Any]:
    case = answers.case_data()
    for section, facts in _identity(form, p, user).items():
        case.setdefault(section, {}).update(facts)
    payload: dict[str, Any] = {"provision_id": p.id, "case": case, "county_code": county}
    for k in ("months", "note", "claim_period_start"):
        v = form.get(k)
        if isinstance(v, str) and v.strip():
            payload[k] = v.strip()
    if p.subject == Subject.ENTERPRISE:
        employees = _employees(str(form.get("employees") or ""))
        if employees:
            payload["employees"] = employees
    return payload


@router.post("/apply")
async def apply_submit(request: Request, db_session: SessionDep, user: OptionalUser):
    if user is None:
        return _login(request)
    _guard(user)
    lang = i18n.lang_of(request)
    too_large = body_too_large(request)
    if too_large is not None:
        ctx = _context(db_session, user, pid=None, answers=None, county=None, token=None, error=too_large, lang=lang)
        return render(request, "apply/form.html", ctx, status_code=413)
    form = await request.form()
    check_csrf(user, form.get("csrf") if isinstance(form.get("csrf"), str) else None)
    text = {k: v for k, v in form.items() if isinstance(v, str)}
    pid = text.get("provision_id") or None
    answers = _posted_answers(form, role_subject(user) or "person")
    county = user.county_code if user.role_enum == Role.CASEWORKER else a_county(text.get("county_code"))
    asked = [n for n in (text.get("asked") or "").split(",") if n]

    def again(error: JiuyeError | None, status: int = 422, asked_now: list[str] | None = None) -> Response:
        ctx = _context(db_session, user, pid=pid, answers=answers, county=county, token=text.get("answers"),
                       values=dict(text, idempotency_key=text.get("idempotency_key") or ""), error=error,
                       asked=asked_now or asked, lang=lang)
        ctx["asked_more"] = status == 200
        return render(request, "apply/form.html", ctx, status_code=status)

    if answers.errors:
        return again(next(iter(answers.errors.values())))
    offered = prefill.offers(subject=role_subject(user), county=county, facts=answers.facts(), today=today())
    why = prefill.why_not_offered(pid or "", role_subject(user), offered)
    if why is not None:
        return again(InputError("provision_id", *why))
    if county is None:
        return again(InputError("county_code", "请选择受理县（市、区）", "choose the county"))
    p = CATALOGUE.provisions[pid]
    try:
        uploads = await read_uploads(form.getlist(evidence.FIELD))
    except InputError as exc:
        return again(exc)
    new = [s.name for s in prefill.missing(p, answers.facts(), today()) if s.name not in asked]
    if new:  # the answers opened questions not asked yet: ask them before filing
        return again(None, status=200, asked_now=asked + new)
    try:
        payload = _payload(form, p, answers, county, user)
        app, replayed = service.submit(db_session=db_session, user=user, payload=payload,
                                       idempotency_key=text.get("idempotency_key") or None)
        if uploads and not replayed:
            evidence.add(db_session=db_session, user=user, application_id=app.id, uploads=uploads)
    except InputError as exc:
        return again(exc)
    except Conflict as exc:
        return again(exc, status=409)
    return RedirectResponse(f"/applications/{app.id}", status_code=303)
