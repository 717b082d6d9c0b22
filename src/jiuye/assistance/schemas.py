"""Input of the register, validated at the edge: every error names the field in the user's words.

:func:`parse_entry` turns a form or a sheet row (strings or typed values) into a
:class:`RegisterEntry`; the Excel importer and the pages both use it, so a bad value reads the
same wherever it comes from ("第5行 身份证号：校验位不符").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from ..dates import parse_date
from ..errors import InputError
from ..ids import validate_id_number
from ..refdata.divisions import city_of, get_division, name_of
from .models import CONTACTS, GROUPS

# field -> its name for people (Chinese, English)
FIELD_LABELS: dict[str, tuple[str, str]] = {
    "id_number": ("身份证号", "ID number"), "name": ("姓名", "name"), "groups": ("人员类别", "groups"),
    "entered_on": ("纳入台账日期", "date entered"), "county_code": ("所属县（市、区）", "county"),
    "willing": ("就业意愿", "willing to work"), "able": ("就业能力", "able to work"),
    "observed_on": ("意愿能力核实日期", "date willingness/ability checked"),
    "phone": ("联系电话", "phone"), "contact_preference": ("联系方式偏好", "contact preference"),
    "caseworker": ("责任经办人", "caseworker"), "hukou_adcode": ("户籍地", "hukou county"),
    "residence_adcode": ("常住地", "residence county"), "female_category": ("女职工类别", "female category"),
    "employer_name": ("就业单位", "employer"), "employed_on": ("就业日期", "employment date"),
}
_YES = {"是", "有", "y", "yes", "true", "1", "愿意", "具备", "有意愿", "有能力"}
_NO = {"否", "无", "n", "no", "false", "0", "不愿意", "不具备", "没有", "无意愿", "无能力"}
_GROUP_BY_NAME = {zh: code for code, zh, _ in GROUPS} | {code: code for code, _, _ in GROUPS} | {
    "登记失业": "registered_unemployed", "失业人员": "registered_unemployed", "高校毕业生": "graduate_unemployed",
    "离校未就业": "graduate_unemployed", "就业困难": "difficulty", "低保低边": "dibao_family",
    "低保家庭成员": "dibao_family", "低边家庭成员": "dibao_family", "低保": "dibao_family", "低边": "dibao_family",
    "低收入农户": "low_income_farmer"}
_CONTACT_BY_NAME = {zh: code for code, zh, _ in CONTACTS} | {code: code for code, _, _ in CONTACTS}
_PHONE = re.compile(r"^[0-9+\- ]{5,20}$")


def err(field_name: str, zh: str, en: str) -> InputError:
    label_zh, label_en = FIELD_LABELS.get(field_name, (field_name, field_name))
    return InputError(field_name, f"{label_zh}：{zh}", f"{label_en}: {en}")


@dataclass
class RegisterEntry:
    id_number: str
    name: str
    gender: str
    birth_date: date
    county_code: str
    groups: list[str]
    entered_on: date
    willing: bool | None = None
    able: bool | None = None
    observed_on: date | None = None
    phone: str | None = None
    contact_preference: str | None = None
    caseworker: str | None = None  # username
    hukou_adcode: str | None = None
    residence_adcode: str | None = None
    female_category: str | None = None
    employer_name: str | None = None
    employed_on: date | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def city_code(self) -> str:
        return city_of(self.county_code) or self.county_code[:4] + "00"


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    s = str(value).strip().replace("\u3000", " ").strip()
    return s or None


def yes_no(value: Any, name: str) -> bool | None:
    if isinstance(value, bool) or value is None:
        return value
    s = _text(value)
    if s is None:
        return None
    if s.lower() in _YES:
        return True
    if s.lower() in _NO:
        return False
    raise err(name, f"应填“是”或“否”（现为“{s}”）", f"expected yes or no (got {s!r})")


def a_date(value: Any, name: str) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    s = _text(value)
    if s is None:
        return None
    s = s.replace("/", "-").replace(".", "-").replace("年", "-").replace("月", "-").replace("日", "")
    try:
        return parse_date(s, field=name)
    except InputError:
        raise err(name, f"日期格式无效（“{_text(value)}”），应形如 2026-05-01",
                  f"invalid date {_text(value)!r}, expected 2026-05-01") from None


def county(value: Any, name: str) -> str | None:
    """A county by its code (330102) or its name (上城区)."""
    s = _text(value)
    if s is None:
        return None
    d = get_division(s) if s.isdigit() else None
    if d is None and not s.isdigit():
        from ..refdata.divisions import counties

        matches = [c for c in counties() if c.name == s]
        d = matches[0] if len(matches) == 1 else None
    if d is None or d.level != "county":
        raise err(name, f"不是浙江省的县（市、区）：{s}", f"not a Zhejiang county: {s}")
    return d.code


def groups(value: Any) -> list[str]:
    if isinstance(value, list | tuple):
        parts = [str(v) for v in value]
    else:
        s = _text(value) or ""
        parts = [p for p in re.split(r"[、,，;；/\s]+", s) if p]
    out: list[str] = []
    for p in parts:
        code = _GROUP_BY_NAME.get(p.strip())
        if code is None:
            names = "、".join(zh for _, zh, _ in GROUPS)
            raise err("groups", f"不认识“{p}”，应为：{names}", f"unknown group {p!r}")
        if code not in out:
            out.append(code)
    if not out:
        raise err("groups", "至少填写一类（五类重点群体之一）", "at least one of the five groups")
    return out


def parse_entry(raw: dict[str, Any], *, default_county: str | None = None, today: date | None = None) -> RegisterEntry:
    """Validate one entry; raises :class:`InputError` naming the first bad field."""
    today = today or date.today()
    id_raw = _text(raw.get("id_number"))
    if id_raw is None:
        raise err("id_number", "必填", "required")
    try:
        info = validate_id_number(id_raw, field="id_number", today=today)
    except InputError as exc:
        raise err("id_number", exc.message_zh, exc.message_en) from None
    name = _text(raw.get("name"))
    if name is None:
        raise err("name", "必填", "required")
    if len(name) > 64:
        raise err("name", "不超过64个字", "at most 64 characters")
    county_code = county(raw.get("county_code"), "county_code") or default_county
    if county_code is None:
        raise err("county_code", "必填", "required")
    entered_on = a_date(raw.get("entered_on"), "entered_on") or today
    if entered_on > today:
        raise err("entered_on", "不能晚于今天", "cannot be in the future")
    observed_on = a_date(raw.get("observed_on"), "observed_on")
    if observed_on is not None and observed_on > today:
        raise err("observed_on", "不能晚于今天", "cannot be in the future")
    phone = _text(raw.get("phone"))
    if phone is not None and not _PHONE.match(phone):
        raise err("phone", f"号码格式无效：{phone}", f"invalid phone number {phone!r}")
    pref = _text(raw.get("contact_preference"))
    if pref is not None:
        if pref not in _CONTACT_BY_NAME:
            names = "、".join(zh for _, zh, _ in CONTACTS)
            raise err("contact_preference", f"应为：{names}", "unknown contact preference")
        pref = _CONTACT_BY_NAME[pref]
    fcat = _text(raw.get("female_category"))
    if fcat is not None:
        fcat = {"女职工": "worker", "职工": "worker", "worker": "worker", "女干部": "cadre", "干部": "cadre",
                "cadre": "cadre"}.get(fcat)
        if fcat is None:
            raise err("female_category", "应为“女职工”或“女干部”", "expected worker or cadre")
    employed_on = a_date(raw.get("employed_on"), "employed_on")
    employer = _text(raw.get("employer_name"))
    if employed_on is not None and employer is None:
        raise err("employer_name", "填写了就业日期时必填", "required with an employment date")
    if employed_on is not None and employed_on > today:
        raise err("employed_on", "不能晚于今天", "cannot be in the future")
    return RegisterEntry(
        id_number=info.number, name=name, gender=info.gender, birth_date=info.birth_date, county_code=county_code,
        groups=groups(raw.get("groups")), entered_on=entered_on, willing=yes_no(raw.get("willing"), "willing"),
        able=yes_no(raw.get("able"), "able"), observed_on=observed_on, phone=phone, contact_preference=pref,
        caseworker=_text(raw.get("caseworker")), hukou_adcode=county(raw.get("hukou_adcode"), "hukou_adcode"),
        residence_adcode=county(raw.get("residence_adcode"), "residence_adcode"), female_category=fcat,
        employer_name=employer, employed_on=employed_on if employer else None)


def county_label(code: str | None) -> str:
    return (name_of(code) or code) if code else "—"
