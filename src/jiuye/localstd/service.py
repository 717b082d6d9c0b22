"""Propose, approve and list local values; lay approved ones over the parameters; 待维护.

Who may do what (administrators of a jurisdiction):
- propose: a county caseworker for the county, a city manager for the city or one of its
  counties, the province administrator for any city or county;
- approve / reject: another staff user whose jurisdiction covers the value (never the proposer:
  the database refuses it too).
Every step is an audit event on the county's (or city's) chain.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..accounts.models import Role, User
from ..audit import service as audit
from ..errors import Forbidden, InputError, InvalidTransition, NotFound, ParameterError
from ..money import format_yuan
from ..params.store import PARAMETERS, Parameter, ValueEntry
from ..params.units import days_text, parse_days
from ..refdata import divisions
from . import tiers
from .models import STATUSES, LocalValue

LIMITS = {"value": 200, "source_document": 200, "source_issuer": 200, "source_url": 500, "reason": 2000}
UNIT_LABELS = {"yuan": ("元", "yuan"), "rate": ("%", "%"), "months": ("个月", "months"), "count": ("", ""),
               "days": ("天", "days"), "years": ("年", "years"), "bool": ("是/否", "yes/no"), "adcodes": ("是否采用", "adopted?"),
               "date": ("日期", "date"), "bp": ("基点", "basis points"), "fen": ("元", "yuan"), "text": ("", "")}
# rates too: Scale nodes read a county's or city's own rate at the provision's place; dates (a draft's effective date)
MAINTAINABLE_UNITS = frozenset({"yuan", "months", "count", "days", "years", "bool", "adcodes", "bp", "rate", "date"})


# ------------------------------------------------------------------------ the parameters
def _catalogue():
    from ..catalogue.registry import CATALOGUE  # the catalogue sits above the parameters

    return CATALOGUE


def _users_of() -> dict[str, list[Any]]:
    users: dict[str, list[Any]] = {}
    for prov in _catalogue():
        exprs = [c.test for c in prov.all_conditions()]
        exprs += [e for e in (prov.amount, prov.max_duration_months) if e is not None and not isinstance(e, int)]
        exprs += [e for _, e in prov.extras]
        names: set[str] = set()
        for e in exprs:
            names.update(e.params())
        if prov.document.effective_param:  # a draft's effective date (征求意见稿: blank until recorded)
            names.add(prov.document.effective_param)
        for n in names:
            users.setdefault(n, []).append(prov)
    return users


def effective_date_of(name: str) -> Any:
    """The document whose effective date ``name`` is (a draft's blank 施行日期), or None."""
    from ..rules.documents import DOCUMENTS

    return next((d for d in DOCUMENTS.values() if d.effective_param == name), None)


@dataclass(frozen=True)
class Maintainable:
    name: str
    label_zh: str
    label_en: str
    unit: str
    local_standard: bool
    provisions: tuple[Any, ...]


def maintainable() -> list[Maintainable]:
    """Parameters a provision reads that an administrator may set locally."""
    out = []
    for name, provs in sorted(_users_of().items()):
        if name not in PARAMETERS:
            continue
        p = PARAMETERS[name]
        if tiers.is_keyed(name):  # a county's own key (its minimum-wage tier)
            pass
        elif p.unit not in MAINTAINABLE_UNITS or p.by is not None or ".readings." in name:
            continue
        out.append(Maintainable(name, p.label_zh, p.label_en, p.unit, p.local_standard, tuple(provs)))
    return out


def _maintainable_names() -> dict[str, Maintainable]:
    return {m.name: m for m in maintainable()}


# ------------------------------------------------------------------------ values in users' words
_NUMBER = re.compile(r"^[¥￥]?\s*([0-9][0-9,，]*(?:\.[0-9]+)?)\s*(元|%|％|个月|月|年|人|基点|天|日)?$")
_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_YES = {"是", "采用", "已采用", "true", "yes", "1"}
_NO = {"否", "不采用", "未采用", "false", "no", "0"}


def parse_value(param: Parameter, text: str) -> Any:
    """Read a value as an administrator types it ("1,500元", "20%", "36个月", "是") and convert it
    as the parameter files are converted (fen, exact fraction, integer, bool)."""
    raw = (text or "").strip()
    if not raw:
        raise InputError("value", "请填写取值", "enter a value")
    if tiers.is_keyed(param.name):
        return tiers.parse_tier(raw)
    if param.unit in {"bool", "adcodes"}:
        low = raw.lower()
        if low in _YES:
            return True
        if low in _NO:
            return False
        raise InputError("value", "请填写“是”或“否”", "enter yes or no")
    if param.unit == "date":
        return _date_value(raw)
    m = _NUMBER.match(raw)
    if not m:
        raise InputError("value", f"取值应为数字（单位：{UNIT_LABELS[param.unit][0] or '—'}）",
                         f"the value must be a number ({UNIT_LABELS[param.unit][1] or 'no unit'})")
    if m.group(2) in ("天", "日") and param.unit != "days":
        raise InputError("value", f"取值的单位应为{UNIT_LABELS[param.unit][0] or '—'}，不是天",
                         f"the value is in {UNIT_LABELS[param.unit][1] or 'no unit'}, not days")
    number = m.group(1).replace(",", "").replace("，", "")
    try:
        dec = Decimal(number)
    except InvalidOperation:
        raise InputError("value", "取值不是有效数字", "not a valid number") from None
    if dec < 0 or dec > Decimal("100000000"):
        raise InputError("value", "取值超出合理范围", "the value is out of range")
    if param.unit == "yuan" or param.unit == "fen":
        if dec != dec.quantize(Decimal("0.01")):
            raise InputError("value", "金额最多精确到分", "amounts have at most two decimals")
        return int(dec * 100)
    if param.unit == "rate":
        pct = m.group(2) in {"%", "％"} or dec > 1
        frac = Fraction(dec) / (100 if pct else 1)
        if frac > 10:
            raise InputError("value", "比例超出合理范围", "the rate is out of range")
        return frac
    if param.unit == "days":  # 21.75天 (月计薪天数): a decimal is exact, at most 2 places
        if m.group(2) not in (None, "天", "日"):
            raise InputError("value", "取值应为天数，如 21.75天", "the value must be a number of days, e.g. 21.75")
        if dec != dec.quantize(Decimal("0.01")):
            raise InputError("value", "天数最多精确到两位小数", "days have at most two decimals")
        if dec > 3660:
            raise InputError("value", "天数超出合理范围", "the number of days is out of range")
        return parse_days(str(dec))
    if param.unit == "bp" and m.group(2) in {"%", "％"}:
        dec = dec * 100  # 3.00% = 300 basis points
    if dec != dec.to_integral_value():
        raise InputError("value", "取值应为整数", "the value must be a whole number")
    if param.unit in {"months", "years"} and dec > 1200:
        raise InputError("value", "期限超出合理范围", "the duration is out of range")
    return int(dec)


def _date_value(raw: str) -> date:
    """A date as typed: 2027-01-01, 2027/1/1, 2027年1月1日."""
    m = _DATE.match(raw)
    try:
        value = date(int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None
    except ValueError:
        value = None
    if value is None:
        raise InputError("value", "日期应形如 2027-01-01 或 2027年1月1日", "a date such as 2027-01-01")
    if not date(2000, 1, 1) <= value <= date(2100, 12, 31):
        raise InputError("value", "日期不在合理范围内", "the date is out of range")
    return value


def show_value(param: Parameter, value: Any, lang: str = "zh") -> str:
    """A value as people read it (元, %, 个月; never fen or fractions)."""
    zh = lang == "zh"
    if value is None:
        return "未设定" if zh else "not set"
    if tiers.is_keyed(param.name):
        return tiers.show_tier(value, lang)
    if param.unit in {"bool", "adcodes"} and isinstance(value, bool):
        return ("已采用" if value else "未采用") if zh else ("adopted" if value else "not adopted")
    if param.unit in {"yuan", "fen"}:
        return f"¥{format_yuan(value)}"
    if param.unit == "rate":
        pct = Fraction(value) * 100
        return f"{float(pct):g}%"
    if param.unit == "bp":
        return f"{value / 100:.2f}%"
    if param.unit == "days":
        return days_text(value, lang)
    if param.unit == "date" and isinstance(value, date):
        return f"{value.year}年{value.month}月{value.day}日" if zh else value.isoformat()
    unit = UNIT_LABELS.get(param.unit, ("", ""))[0 if zh else 1]
    return f"{value}{unit}" if zh else f"{value} {unit}".strip()


# ------------------------------------------------------------------------ jurisdiction rules
PROVINCE = divisions.PROVINCE_CODE


def _city_of(code: str) -> str:
    return code if code == PROVINCE else code[:4] + "00"


def is_provincial(name: str) -> bool:
    """External standards (minimum wage, LPR, 低保…) are set for the whole province, by the province."""
    return name.startswith("external.") and not tiers.is_keyed(name)  # a tier is the county's, chosen by its city


def can_act_on(user: User, jurisdiction: str) -> bool:
    role = user.role_enum
    if role == Role.PROVINCE_ADMIN:
        return True
    if jurisdiction == PROVINCE:
        return False
    if role == Role.CITY_MANAGER:
        return _city_of(jurisdiction) == user.city_code
    if role == Role.CASEWORKER:
        return jurisdiction == user.county_code
    return False


def _staff(user: User) -> None:
    if not user.is_staff:
        raise Forbidden("只有管理员可以维护参数", "only administrators maintain parameters")


def _jurisdiction(code: str) -> str:
    code = (code or "").strip()
    if code == PROVINCE:
        return code
    div = divisions.get_division(code) if code else None
    if div is None or not div.current or div.level not in {"city", "county"}:
        raise InputError("jurisdiction", "请选择浙江省、或浙江省的一个市或县（市、区）",
                         "choose Zhejiang, or a city or county of Zhejiang")
    return code


def _text(field: str, value: Any, label_zh: str, label_en: str, *, required: bool = True) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise InputError(field, f"请填写{label_zh}", f"{label_en} is required")
        return None
    if not isinstance(value, str):
        raise InputError(field, f"{label_zh}应为文本", f"{label_en} must be text")
    text = value.strip()
    if len(text) > LIMITS[field]:
        raise InputError(field, f"{label_zh}不超过{LIMITS[field]}字", f"{label_en} is at most {LIMITS[field]} characters")
    if any((ord(ch) < 32 and ch not in "\n\t") or 0x202A <= ord(ch) <= 0x202E or 0x2066 <= ord(ch) <= 0x2069
           or 0xD800 <= ord(ch) <= 0xDFFF for ch in text):
        raise InputError(field, f"{label_zh}含有不允许的控制字符", f"{label_en} contains control characters")
    return text


def _date(field: str, value: Any, label_zh: str, label_en: str, *, latest: date) -> date:
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value.strip())
        except ValueError:
            raise InputError(field, f"{label_zh}格式应为 年-月-日", f"{label_en} must be YYYY-MM-DD") from None
    if not isinstance(value, date):
        raise InputError(field, f"请填写{label_zh}", f"{label_en} is required")
    if value < date(2000, 1, 1) or value > latest:
        raise InputError(field, f"{label_zh}不在合理范围内", f"{label_en} is out of range")
    return value


# ------------------------------------------------------------------------ workflow
def check_proposal(*, user: User, parameter: str, jurisdiction: str, valid_from: Any, value: str,
                   source_document: str, source_issuer: str, source_date: Any, source_url: str | None = None,
                   reason: str, today: date | None = None) -> LocalValue:
    """Validate a proposal at the edge (each error names its field) without writing anything."""
    _staff(user)
    today = today or date.today()
    if parameter not in _maintainable_names():
        raise InputError("parameter", "请选择一项可由地方设定的参数", "choose a parameter that can be set locally")
    code = _jurisdiction(jurisdiction)
    if not can_act_on(user, code):
        raise Forbidden("只能为本辖区设定参数", "you may set values only for your own jurisdiction", field="jurisdiction")
    if is_provincial(parameter) and code != PROVINCE:
        raise InputError("jurisdiction", "全省统一的标准只能设定为“浙江省”", "a province-wide standard is set for Zhejiang")
    if code == PROVINCE and PARAMETERS[parameter].by is not None:
        raise InputError("jurisdiction", "该参数按地区分列，请选择市或县（市、区）", "this parameter is set per area")
    if tiers.is_keyed(parameter) and code.endswith("00"):
        raise InputError("jurisdiction", "最低工资档次按县（市、区）设定，请选择县（市、区）",
                         "a minimum-wage tier is set for a county: choose a county")
    doc = effective_date_of(parameter)
    if doc is not None and code != doc.jurisdiction:
        where = divisions.name_of(doc.jurisdiction) or doc.jurisdiction
        raise InputError("jurisdiction", f"文件的施行日期只能为发文地区（{where}）登记",
                         f"a document's effective date is recorded for its own area ({doc.jurisdiction})")
    text = _text("value", value, "取值", "value")
    parsed = parse_value(PARAMETERS[parameter], text or "")
    if PARAMETERS[parameter].unit == "days" and isinstance(parsed, Fraction):  # provisions count whole days
        raise InputError("value", "条款按整天计算，天数应为整数", "the provisions count whole days: enter a whole number")
    lv = LocalValue(
        parameter=parameter, jurisdiction=code, city_code=_city_of(code),
        valid_from=_date("valid_from", valid_from, "生效日期", "effective date", latest=today + timedelta(days=730)),
        value=text, source_document=_text("source_document", source_document, "文件文号", "document number"),
        source_issuer=_text("source_issuer", source_issuer, "发文单位", "issuer"),
        source_date=_date("source_date", source_date, "发文日期", "date issued", latest=today),
        source_url=_text("source_url", source_url, "文件网址", "document URL", required=False),
        reason=_text("reason", reason, "设定理由", "reason"), status="proposed", proposed_by=user.id,
    )
    if lv.source_url and not re.match(r"^https?://", lv.source_url):
        raise InputError("source_url", "网址应以 http:// 或 https:// 开头", "the URL must start with http:// or https://")
    return lv


def propose_many(*, db_session: Session, user: User, items: list[dict[str, Any]],
                 today: date | None = None) -> list[LocalValue]:
    """Several proposals in one transaction: all are stored, or none."""
    values = [check_proposal(user=user, today=today, **item) for item in items]
    county = _chain_county(values[0].jurisdiction) if len({v.jurisdiction for v in values}) == 1 else None
    with audit.audited_write(db_session, actor=user, action="local_value.propose", object_type="local_value",
                             county_code=county):
        for lv in values:
            db_session.add(lv)
        db_session.flush()
        for lv in values:
            audit.record(db_session, actor=user, action="local_value.propose", object_type="local_value",
                         object_id=lv.id, county_code=_chain_county(lv.jurisdiction), details=_details(lv))
    return values


def propose(*, db_session: Session, user: User, today: date | None = None, **item: Any) -> LocalValue:
    return propose_many(db_session=db_session, user=user, items=[item], today=today)[0]


def _chain_county(code: str) -> str | None:
    return code if not code.endswith("00") else None  # cities and the province: the province chain


def _details(lv: LocalValue) -> dict[str, Any]:
    return {"parameter": lv.parameter, "jurisdiction": lv.jurisdiction, "valid_from": lv.valid_from.isoformat(),
            "value": lv.value, "source": lv.source_text}


def get_scoped(*, db_session: Session, user: User, value_id: int, for_update: bool = False) -> LocalValue:
    _staff(user)
    stmt = select(LocalValue).where(LocalValue.id == value_id)
    if for_update:
        stmt = stmt.with_for_update()
    lv = db_session.scalars(stmt).first()
    if lv is None or not _visible(user, lv):
        raise NotFound("参数取值", "local value", value_id)
    return lv


def _visible(user: User, lv: LocalValue) -> bool:
    role = user.role_enum
    if role == Role.PROVINCE_ADMIN:
        return True
    if role == Role.CITY_MANAGER:
        return lv.city_code in {user.city_code, PROVINCE}
    if role == Role.CASEWORKER:
        return lv.jurisdiction in {user.county_code, _city_of(user.county_code or ""), PROVINCE}
    return False


def _decide(*, db_session: Session, user: User, value_id: int, approve: bool, reason: str | None) -> LocalValue:
    action = "local_value.approve" if approve else "local_value.reject"
    lv = get_scoped(db_session=db_session, user=user, value_id=value_id, for_update=True)
    if not can_act_on(user, lv.jurisdiction):
        raise Forbidden("只能审核本辖区的参数", "you may decide only values of your jurisdiction")
    if lv.proposed_by == user.id:
        raise Forbidden("提出人不能审核自己提出的取值，须由另一位管理员审核",
                        "the proposer cannot approve their own value; a second administrator must")
    if lv.status != "proposed":
        label = {"approved": "已生效", "rejected": "已退回"}[lv.status]
        raise InvalidTransition(f"该取值{label}，不能再审核", f"this value is already {lv.status}")
    text = _text("reason", reason, "退回理由", "reason", required=not approve)
    with audit.audited_write(db_session, actor=user, action=action, object_type="local_value", object_id=lv.id,
                             county_code=_chain_county(lv.jurisdiction)):
        lv.status = "approved" if approve else "rejected"
        lv.decided_by, lv.decided_at, lv.decision_reason = user.id, datetime.now(UTC), text
        db_session.flush()
        audit.record(db_session, actor=user, action=action, object_type="local_value", object_id=lv.id,
                     county_code=_chain_county(lv.jurisdiction), details={**_details(lv), "reason": text})
    return lv


def approve(*, db_session: Session, user: User, value_id: int, reason: str | None = None) -> LocalValue:
    lv = _decide(db_session=db_session, user=user, value_id=value_id, approve=True, reason=reason)
    refresh_overlay(db_session)
    return lv


def reject(*, db_session: Session, user: User, value_id: int, reason: str | None) -> LocalValue:
    return _decide(db_session=db_session, user=user, value_id=value_id, approve=False, reason=reason)


def list_values(*, db_session: Session, user: User, status: str | None = None, parameter: str | None = None,
                limit: int = 200) -> list[LocalValue]:
    _staff(user)
    if status is not None and status not in STATUSES:
        raise InputError("status", "未知的状态", "unknown status")
    stmt = select(LocalValue).order_by(LocalValue.id.desc()).limit(max(1, min(limit, 1000)))
    if status:
        stmt = stmt.where(LocalValue.status == status)
    if parameter:
        stmt = stmt.where(LocalValue.parameter == parameter)
    role = user.role_enum
    if role == Role.CITY_MANAGER:
        stmt = stmt.where(LocalValue.city_code.in_([user.city_code, PROVINCE]))
    elif role == Role.CASEWORKER:
        stmt = stmt.where(LocalValue.jurisdiction.in_([user.county_code, _city_of(user.county_code or ""), PROVINCE]))
    return list(db_session.scalars(stmt))


# ------------------------------------------------------------------------ the overlay
def approved_entries(db_session: Session) -> list[tuple[str, ValueEntry]]:
    """Approved values as parameter entries, oldest decision first (a later correction of the
    same date wins)."""
    rows = db_session.scalars(select(LocalValue).where(LocalValue.status == "approved")
                              .order_by(LocalValue.valid_from, LocalValue.decided_at, LocalValue.id))
    out = []
    for lv in rows:
        if lv.parameter not in PARAMETERS:
            continue
        param = PARAMETERS[lv.parameter]
        try:
            value = parse_value(param, lv.value)
        except InputError:
            continue
        out.append((lv.parameter, ValueEntry(lv.valid_from, value, lv.source_text, jurisdiction=lv.jurisdiction,
                                             version=f"lv-{lv.id}", note=lv.reason)))
    return out


_LOADED: dict[str, Any] = {"key": None}


def overlay_key(db_session: Session) -> tuple[int, int]:
    count, top = db_session.execute(select(func.count(), func.max(LocalValue.id))
                                    .where(LocalValue.status == "approved")).one()
    return int(count or 0), int(top or 0)


def refresh_overlay(db_session: Session, *, force: bool = True) -> bool:
    """Load approved values into the parameters (every engine path reads them). Cheap when
    nothing changed (one aggregate query), so it can run before each evaluation."""
    key = overlay_key(db_session)
    if not force and _LOADED["key"] == key:
        return False
    try:
        PARAMETERS.set_local_values(approved_entries(db_session))
    except ParameterError:  # a value for a parameter no longer bundled: leave the rest in force
        return False
    _LOADED["key"] = key
    return True

