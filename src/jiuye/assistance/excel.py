"""Excel in and out of the register (openpyxl).

Import: the first sheet's header row is matched to the register's fields by the names counties
use (``COLUMNS``: 身份证号 / 公民身份号码 / 证件号码 …); every row is validated with
:func:`schemas.parse_entry`, and a bad row is reported with its row number and the field in
Chinese ("第5行 身份证号：校验位不符") and left out. Rows with the same ID number (validated with its
check character) are merged into one person: their groups together, the latest willingness and
ability. The good rows are written in ONE transaction with one audit event: a failure part-way
leaves nothing; ``strict=True`` writes nothing at all when any row is bad.

Export: the register in scope, names and ID numbers masked (cells are text, never formulas).
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from openpyxl import Workbook, load_workbook
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..accounts.models import Role, User
from ..audit import service as audit
from ..errors import Forbidden, InputError
from ..ids import mask_id_number, mask_name
from ..refdata.divisions import name_of
from .access import scoped
from .models import CONTACT_LABELS, GROUP_LABELS, GroupSpell, RegisterPerson
from .schemas import FIELD_LABELS, RegisterEntry, parse_entry
from .service import upsert_entry

# field -> header names accepted (the first is the one the template and the export use)
COLUMNS: dict[str, tuple[str, ...]] = {
    "id_number": ("身份证号", "公民身份号码", "身份证号码", "证件号码", "id_number"),
    "name": ("姓名", "name"),
    "groups": ("人员类别", "重点群体类别", "群体类别", "类别", "groups"),
    "entered_on": ("纳入台账日期", "登记日期", "纳入日期", "entered_on"),
    "county_code": ("所属县（市、区）", "县（市、区）", "所属区县", "区县", "county_code"),
    "willing": ("就业意愿", "是否有就业意愿", "willing"),
    "able": ("就业能力", "是否有就业能力", "able"),
    "observed_on": ("意愿能力核实日期", "核实日期", "observed_on"),
    "phone": ("联系电话", "手机号码", "电话", "phone"),
    "contact_preference": ("联系方式偏好", "联系方式", "contact_preference"),
    "caseworker": ("责任经办人", "经办人", "caseworker"),
    "hukou_adcode": ("户籍地", "户籍所在县（市、区）", "hukou_adcode"),
    "residence_adcode": ("常住地", "常住县（市、区）", "residence_adcode"),
    "female_category": ("女职工类别", "female_category"),
    "employer_name": ("就业单位", "employer_name"),
    "employed_on": ("就业日期", "employed_on"),
}
_NORMAL = {name.replace(" ", "").replace("\u3000", "").lower(): f for f, names in COLUMNS.items() for name in names}
MAX_ROWS = 50_000
MAX_BYTES = 10 * 1024 * 1024


@dataclass
class RowError:
    row: int
    field: str
    message_zh: str
    message_en: str


@dataclass
class ImportResult:
    mapping: dict[str, str]  # field -> header as found
    rows: int = 0
    people: int = 0
    created: int = 0
    merged: int = 0
    duplicates: int = 0  # rows merged into an earlier row of the same sheet
    errors: list[RowError] = field(default_factory=list)
    written: bool = False


def _merge(a: RegisterEntry, b: RegisterEntry) -> RegisterEntry:
    """Two rows of one person: groups together, the earlier entry date, the later observation."""
    a.groups = a.groups + [g for g in b.groups if g not in a.groups]
    a.entered_on = min(a.entered_on, b.entered_on)
    if b.willing is not None or b.able is not None:
        if a.observed_on is None or (b.observed_on or b.entered_on) >= (a.observed_on or a.entered_on):
            a.willing, a.able, a.observed_on = b.willing, b.able, b.observed_on
    for attr in ("phone", "contact_preference", "caseworker", "hukou_adcode", "residence_adcode",
                 "female_category", "employer_name", "employed_on"):
        if getattr(b, attr) is not None:
            setattr(a, attr, getattr(b, attr))
    return a


def read_sheet(data: bytes, *, county_code: str, today: date) -> tuple[ImportResult, list[RegisterEntry]]:
    """Parse and validate a workbook; nothing is written."""
    if len(data) > MAX_BYTES:
        raise InputError("file", "文件过大（不超过10MB）", "the file is too large (10 MB at most)")
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:
        raise InputError("file", "无法读取：请上传 .xlsx 格式的 Excel 文件", "not an .xlsx workbook") from None
    ws = wb.worksheets[0]
    rows = ws.iter_rows(values_only=True)
    header = next(rows, None) or ()
    mapping: dict[str, str] = {}
    index: dict[int, str] = {}
    for i, cell in enumerate(header):
        key = str(cell or "").replace(" ", "").replace("\u3000", "").lower()
        f = _NORMAL.get(key)
        if f is not None and f not in mapping:
            mapping[f], index[i] = str(cell), f
    missing = [FIELD_LABELS[f][0] for f in ("id_number", "name", "groups") if f not in mapping]
    if missing:
        raise InputError("file", f"表头缺少必需的列：{'、'.join(missing)}（第1行）",
                         f"the header row lacks required columns: {', '.join(missing)}")
    result = ImportResult(mapping=mapping)
    by_id: dict[str, RegisterEntry] = {}
    for n, values in enumerate(rows, start=2):
        if values is None or all(v is None or str(v).strip() == "" for v in values):
            continue
        result.rows += 1
        if result.rows > MAX_ROWS:
            raise InputError("file", f"一次最多导入{MAX_ROWS}行", f"at most {MAX_ROWS} rows at a time")
        raw = {f: values[i] for i, f in index.items() if i < len(values)}
        try:
            e = parse_entry(raw, default_county=county_code, today=today)
            if e.county_code != county_code:
                raise InputError("county_code", f"所属县（市、区）：只能导入本县（市、区）人员（本行为{name_of(e.county_code)}）",
                                 "county: only people of your county")
        except InputError as exc:
            result.errors.append(RowError(n, exc.field, exc.message_zh, exc.message_en))
            continue
        if e.id_number in by_id:
            result.duplicates += 1
            by_id[e.id_number] = _merge(by_id[e.id_number], e)
            by_id[e.id_number].extra["rows"].append(n)
        else:
            e.extra["rows"] = [n]
            by_id[e.id_number] = e
    wb.close()
    result.people = len(by_id)
    return result, list(by_id.values())


def _refused_by_state(session: Session, user: User, entries: list[RegisterEntry]) -> dict[str, tuple[str, str, str]]:
    """Rows the database would refuse (known before writing): ID number -> (field, zh, en)."""
    out: dict[str, tuple[str, str, str]] = {}
    ids = [e.id_number for e in entries]
    for chunk in range(0, len(ids), 1000):
        for number in session.scalars(select(RegisterPerson.id_number).where(
                RegisterPerson.id_number.in_(ids[chunk:chunk + 1000]), RegisterPerson.county_code != user.county_code)):
            out[number] = ("id_number", "身份证号：此人已在其他县（市、区）的台账中，请由其所在县办理转移",
                           "ID number: this person is on another county's register")
    names = {e.caseworker for e in entries if e.caseworker}
    if names:
        ok = set(session.scalars(select(User.username).where(User.username.in_(names), User.role == Role.CASEWORKER.value,
                                                             User.county_code == user.county_code)))
        for e in entries:
            if e.caseworker and e.caseworker not in ok:
                out[e.id_number] = ("caseworker", f"责任经办人：本县（市、区）没有经办人“{e.caseworker}”",
                                    f"caseworker: no caseworker {e.caseworker!r} in this county")
    return out


def import_register(session: Session, user: User, data: bytes, *, strict: bool = False,
                    today: date | None = None) -> ImportResult:
    """Validate the sheet, then write every good row in one transaction (or nothing)."""
    today = today or date.today()
    if user.role_enum != Role.CASEWORKER:
        raise Forbidden("只有县（市、区）经办人可以导入台账", "only a county caseworker imports the register")
    result, entries = read_sheet(data, county_code=user.county_code, today=today)
    refused = _refused_by_state(session, user, entries)
    for e in entries:
        if e.id_number in refused:
            f, zh, en = refused[e.id_number]
            for row in e.extra["rows"]:
                result.errors.append(RowError(row, f, zh, en))
    result.errors.sort(key=lambda x: x.row)
    entries = [e for e in entries if e.id_number not in refused]
    result.people = len(entries)
    if strict and result.errors:
        return result
    with audit.audited_write(session, actor=user, action="assistance.import", object_type="register_import",
                             county_code=user.county_code):
        for e in entries:
            _, created = upsert_entry(session, user, e, source="import", today=today)
            result.created += created
            result.merged += not created
        audit.record(session, actor=user, action="assistance.imported", object_type="register_import",
                     county_code=user.county_code,
                     details={"rows": result.rows, "people": result.people, "created": result.created,
                              "merged": result.merged, "errors": len(result.errors),
                              "error_rows": [e.row for e in result.errors][:200]})
    result.written = True
    return result


def template_workbook() -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "重点群体台账"
    ws.append([names[0] for names in COLUMNS.values()])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _text(value: Any) -> Any:
    """A cell that can never be a formula."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def export_register(session: Session, user: User, *, today: date | None = None) -> bytes:
    """The register in ``user``'s scope, names and ID numbers masked; an audit event."""
    today = today or date.today()
    if user.role_enum not in (Role.CASEWORKER, Role.CITY_MANAGER, Role.PROVINCE_ADMIN):
        raise Forbidden("只有经办人、管理员可以导出台账", "only caseworkers and managers export the register")
    rp, gs = RegisterPerson, GroupSpell
    groups: dict[int, list[str]] = {}
    for rid, g in session.execute(select(gs.register_id, gs.group_code).join(rp, rp.id == gs.register_id)
                                  .where(scoped(user), gs.end_date.is_(None)).order_by(gs.register_id, gs.id)):
        groups.setdefault(rid, []).append(g)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("重点群体台账")
    ws.append(["身份证号", "姓名", "所属县（市、区）", "人员类别", "纳入台账日期", "就业意愿", "就业能力", "在业",
               "动态清零名单", "进入名单日期", "联系方式偏好"])
    yn = {True: "是", False: "否", None: "未知"}
    n = 0
    for person in session.scalars(select(rp).where(scoped(user)).order_by(rp.county_code, rp.id)
                                  .execution_options(yield_per=2000)):
        n += 1
        ws.append([mask_id_number(person.id_number), _text(mask_name(person.name)), name_of(person.county_code),
                   "、".join(GROUP_LABELS[g][0] for g in groups.get(person.id, [])), person.entered_on,
                   yn[person.willing], yn[person.able], yn[person.employed], "是" if person.on_watch else "否",
                   person.watch_since, CONTACT_LABELS.get(person.contact_preference or "", ("", ""))[0]])
    audit.record(session, actor=user, action="assistance.exported", object_type="register_export",
                 county_code=user.county_code, details={"rows": n, "as_of": today})
    session.commit()
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
