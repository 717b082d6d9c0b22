"""Reading a submission: every bad input becomes an :class:`InputError` naming the field as it
appears in the request body (``case.person.id_number``, ``employees[2].id_number``...)."""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..accounts.models import Role, User
from ..accounts.service import scoped_key
from ..catalogue.registry import CATALOGUE
from ..engine.provision import Kind, Provision, Subject
from ..errors import Forbidden, InputError
from ..facts.models import Case
from ..fields import MAX_REASON, check_text
from ..ids import validate_id_number
from ..refdata.divisions import city_of, require_division
from .claims import ClaimPeriod, claim_period
from .models import Application, EnterpriseRecord, PersonRecord

FIELDS = ("provision_id", "county_code", "claim_period_start", "claim_period_end", "period_start", "months", "case",
          "employees", "idempotency_key", "note")
NOT_APPLICABLE = frozenset({"right", "status"})


@dataclass
class Submission:
    provision: Provision
    case: Case
    application_date: date  # the filing date: the server's date
    county_code: str
    city_code: str
    claim: ClaimPeriod
    months: int | None
    idempotency_key: str
    request_hash: str
    employees: list[tuple[str, str]] = field(default_factory=list)
    note: str | None = None


def applicable(p: Provision) -> bool:
    """Can one apply for ``p``? Benefits paying money or a loan, for a person or an enterprise."""
    return p.kind == Kind.BENEFIT and p.benefit_type not in NOT_APPLICABLE and p.subject != Subject.ORGANISATION


def applicable_provisions() -> list[Provision]:
    return [p for p in CATALOGUE if applicable(p)]


def request_hash(payload: dict[str, Any], user_id: int) -> str:
    body = {k: v for k, v in payload.items() if k != "idempotency_key"}
    text = json.dumps({"user": user_id, "body": body}, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def idempotency_key_of(payload: dict[str, Any], header: str | None) -> str:
    key = header or payload.get("idempotency_key")
    if key is None or key == "":
        return f"auto-{uuid.uuid4()}"
    if not isinstance(key, str) or not 8 <= len(key) <= 128 or not key.isprintable():
        raise InputError("idempotency_key", "幂等键应为8至128个可打印字符", "an idempotency key is 8 to 128 printable characters")
    return key


def _int(value: Any, name: str, lo: int, hi: int) -> int | None:
    if value is None or value == "":
        return None
    try:
        n = int(value)
    except (TypeError, ValueError, OverflowError):  # (Infinity, NaN, text)
        raise InputError(name, "应为整数", "must be a whole number") from None
    if isinstance(value, float) and value != n or not lo <= n <= hi:
        raise InputError(name, f"应为{lo}至{hi}之间的整数", f"must be a whole number from {lo} to {hi}")
    return n


def _county(code: Any, name: str) -> str:
    if not isinstance(code, str):
        raise InputError(name, "缺少受理县（市、区）代码", "the county (adcode) receiving the application is missing")
    d = require_division(code, field=name)
    if d.level != "county":
        raise InputError(name, f"{d.code}（{d.name}）不是县级区划", f"{d.code} ({d.name}) is not a county")
    return d.code


def _parse_case(raw: Any) -> Case:
    if not isinstance(raw, dict):
        raise InputError("case", "缺少申请人情况（case）", "the case (facts of the applicant) is missing")
    try:
        return Case.parse(raw)
    except InputError as exc:
        raise InputError(f"case.{exc.field}", exc.message_zh, exc.message_en) from None


def _check_case_text(case: Case) -> None:
    """Text of the case within its database column (names also without control characters)."""
    p, e = case.person, case.enterprise
    if p is not None:
        check_text(p.name, "case.person.name", max_length=PersonRecord.name, name=True)
        check_text(p.certificate_occupation, "case.person.certificate_occupation", max_length=Application.cert_occupation)
        check_text(p.certificate_no, "case.person.certificate_no", max_length=Application.certificate_no)
    if e is not None:
        check_text(e.name, "case.enterprise.name", max_length=EnterpriseRecord.name, name=True)


def _employees(raw: Any, subject: Subject) -> list[tuple[str, str]]:
    if raw in (None, []):
        return []
    if subject != Subject.ENTERPRISE:
        raise InputError("employees", "只有企业申请可以申报员工", "only an enterprise application lists employees")
    if not isinstance(raw, list):
        raise InputError("employees", "员工应为列表", "employees must be a list")
    out: list[tuple[str, str]] = []
    seen: set[str] = set()
    for i, e in enumerate(raw):
        if not isinstance(e, dict):
            raise InputError(f"employees[{i}]", "应为对象", "must be an object")
        number = validate_id_number(e.get("id_number"), field=f"employees[{i}].id_number").number
        name = check_text(e.get("name"), f"employees[{i}].name", max_length=PersonRecord.name, name=True)
        if not isinstance(name, str) or not name.strip():
            raise InputError(f"employees[{i}].name", "缺少员工姓名", "the employee's name is missing")
        if number in seen:
            raise InputError(f"employees[{i}].id_number", "员工重复申报", "the same employee is listed twice")
        seen.add(number)
        out.append((number, name.strip()))
    return out


def _default_county(case: Case, subject: Subject) -> str | None:
    if subject == Subject.ENTERPRISE:
        return case.enterprise.adcode if case.enterprise else None
    p, e = case.person, case.enterprise
    return ((p.work_adcode or p.residence_adcode or p.hukou_adcode) if p else None) or (e.adcode if e else None)


def parse_submission(payload: Any, *, user: User, today: date, header_key: str | None = None,
                     own: dict[str, str] | None = None) -> Submission:
    """Validate a submission for ``user``; applicants and enterprises apply for themselves."""
    role = user.role_enum
    if role not in (Role.APPLICANT, Role.ENTERPRISE, Role.CASEWORKER):
        raise Forbidden("只有申请人、企业或县级经办人可以提交申请",
                        "only applicants, enterprises and county caseworkers submit applications")
    if not isinstance(payload, dict):
        raise InputError("body", "请求体应为 JSON 对象", "the request body must be a JSON object")
    if "application_date" in payload:
        raise InputError("application_date", "申请日期由系统按受理当天自动记录，不能自行填写；请用“申请期间”说明申请哪段时间的待遇",
                         "the filing date is the server's date and cannot be sent; say which period the claim is "
                         "for in claim_period_start / claim_period_end")
    for k in payload:
        if k not in FIELDS:
            raise InputError(str(k), "不认识的字段", "unknown field")
    pid = payload.get("provision_id")
    p = CATALOGUE.provisions.get(pid) if isinstance(pid, str) else None
    if p is None:
        raise InputError("provision_id", f"未知的政策待遇：{pid!r}", f"unknown benefit: {pid!r}")
    if not applicable(p):
        raise InputError("provision_id", "该条款不是可申请的待遇", "this provision is not a benefit one can apply for")
    key = idempotency_key_of(payload, header_key)
    raw_case = payload.get("case")
    if isinstance(raw_case, dict):
        raw_case = _fill_identity(dict(raw_case), p.subject, role, own or {})
    case = _parse_case(raw_case)
    _check_case_text(case)
    if p.subject == Subject.PERSON:
        if case.person is None or not case.person.id_number:
            raise InputError("case.person.id_number", "缺少申请人身份证号", "the applicant's ID number is missing")
        if not case.person.name:
            raise InputError("case.person.name", "缺少申请人姓名", "the applicant's name is missing")
    else:
        if case.enterprise is None or not case.enterprise.uscc:
            raise InputError("case.enterprise.uscc", "缺少统一社会信用代码", "the unified social credit code is missing")
        if not case.enterprise.name:
            raise InputError("case.enterprise.name", "缺少企业名称", "the enterprise's name is missing")
    county = payload.get("county_code") or _default_county(case, p.subject)
    county = _county(county, "county_code")
    if role == Role.CASEWORKER and county != user.county_code:
        raise InputError("county_code", "经办人只能受理本县（市、区）的申请",
                         "a caseworker can only take applications for their own county")
    months = _int(payload.get("months"), "months", 1, 120)
    start = payload.get("claim_period_start")
    if start in (None, "") and payload.get("period_start") not in (None, ""):  # the older name of the same field
        start = payload.get("period_start")
    claim = claim_period(p, start=start, end=payload.get("claim_period_end"), months=months, filed_on=today)
    note = check_text(payload.get("note"), "note", max_length=MAX_REASON)
    return Submission(provision=p, case=case, application_date=today, county_code=county,
                      city_code=city_of(county) or "", claim=claim, months=months,
                      idempotency_key=scoped_key(user.id, key),
                      request_hash=request_hash(payload, user.id), employees=_employees(payload.get("employees"), p.subject),
                      note=note)


# Who may apply for themselves only: role → (subject, case section, identity field, messages).
_SELF_ONLY = {
    Role.APPLICANT: (Subject.PERSON, "person", "id_number",
                     ("个人只能申请个人待遇", "a person can only apply for a personal benefit"),
                     ("只能为本人申请", "you can only apply for yourself")),
    Role.ENTERPRISE: (Subject.ENTERPRISE, "enterprise", "uscc",
                      ("企业只能申请企业待遇", "an enterprise can only apply for an enterprise benefit"),
                      ("只能为本企业申请", "you can only apply for your own enterprise")),
}


def _fill_identity(raw: dict[str, Any], subject: Subject, role: Role, own: dict[str, str]) -> dict[str, Any]:
    """Applicants and enterprises apply for themselves: their own identity is filled in and any
    other refused."""
    rule = _SELF_ONLY.get(role)
    if rule is None:
        return raw
    wanted, section, key, wrong_subject, not_self = rule
    if subject != wanted:
        raise InputError("provision_id", *wrong_subject)
    facts = dict(raw.get(section) or {})
    given = facts.get(key)
    if given and str(given).strip().upper() != own.get(key):
        raise InputError(f"case.{section}.{key}", *not_self)
    facts[key] = own.get(key)
    facts["name"] = facts.get("name") or own.get("name")
    raw[section] = facts
    return raw
