"""The actuals sheet (填报表): exported per jurisdiction and month, filled in, imported back.

The sheet lists the plan's indicators, one row each, with the year's target, the figure already
reported for the month and an editable column already holding it. A hidden sheet carries the
plan, the jurisdiction, the month and each row's indicator, so nobody types a code. Importing
checks every cell first and reports every bad one in Chinese, naming the cell and the
indicator; a sheet with any error writes nothing. A blank cell reports nothing (it is not
zero); a cell equal to the figure in force records nothing.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from io import BytesIO
from typing import Any
from zipfile import BadZipFile

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from sqlalchemy.orm import Session

from ..accounts.models import User
from ..errors import Forbidden, InputError
from . import service
from .plans import Indicator, Plan
from .progress import month_end

META = "_jiuye"
SHEET = "填报表"
FIRST_ROW = 6
VALUE_COL, COMMENT_COL = 6, 7  # F, G
HEADERS = ("序号", "指标", "单位", "全年目标", "已报累计", "本次填报累计", "说明（更正时必填）")
EDIT = PatternFill("solid", fgColor="FFF7D6")


def _number(ind: Indicator, stored: int | None) -> Any:
    v = ind.from_stored(stored)
    if v is None:
        return None
    return int(v) if v == v.to_integral_value() else float(v)


def template(db_session: Session, *, user: User, plan_key: str, jurisdiction: str, month: date) -> bytes:
    p = service.plan_for(user, plan_key)
    if not service.may_enter(user, p, jurisdiction):
        raise Forbidden("只有本辖区的工作人员可以下载填报表", "only the jurisdiction's own staff fill in this sheet")
    month = month_end(month)
    current = service.monthly(db_session, p, (jurisdiction,), month)
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    ws.append([f"{p.title_zh} · 实际完成填报表"])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([f"辖区：{p.name(jurisdiction)}", "", f"月份：{month:%Y年%m月}（填写截至该月末的累计数）"])
    ws.append([f"依据：{p.number}"])
    ws.append(["说明：只改黄色两列。空白表示本次不报送（不是零）；改动已报数字即为更正，须在「说明」栏写明原因。"
               "比率填百分数（如 98.5），金额单位为万元（最多6位小数，即精确到分）。"])
    ws.append(list(HEADERS))
    for cell in ws[FIRST_ROW - 1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    meta = wb.create_sheet(META)
    meta.append(["plan", p.key])
    meta.append(["jurisdiction", jurisdiction])
    meta.append(["month", f"{month:%Y-%m}"])
    meta.append(["rows"])
    for n, ind in enumerate(p.indicators, 1):
        reported = _number(ind, current.get((ind.key, jurisdiction, month)))
        ws.append([n, ind.label_zh, ind.unit, _number(ind, ind.to_stored(p.target(ind.key, jurisdiction)))
                   if p.target(ind.key, jurisdiction) is not None else None, reported, reported, None])
        row = ws.max_row
        for col in (VALUE_COL, COMMENT_COL):
            ws.cell(row=row, column=col).fill = EDIT
            ws.cell(row=row, column=col).protection = Protection(locked=False)
        meta.append([row, ind.key])
    for col, width in enumerate((6, 34, 8, 12, 14, 16, 36), 1):
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = f"A{FIRST_ROW}"
    ws.protection.sheet = True  # only the yellow cells can be typed in
    meta.sheet_state = "veryHidden"
    buf = BytesIO()
    wb.save(buf)
    return buf.getvalue()


@dataclass
class CellError:
    cell: str
    indicator: str
    message_zh: str
    message_en: str

    def to_dict(self) -> dict[str, str]:
        return {"field": self.cell, "message_zh": f"单元格 {self.cell}（{self.indicator}）：{self.message_zh}",
                "message_en": f"cell {self.cell} ({self.indicator}): {self.message_en}"}


class ImportRejected(InputError):
    """The sheet has bad cells: nothing was imported. ``errors`` lists every one."""

    def __init__(self, errors: list[CellError]):
        self.errors = errors
        first = errors[0].to_dict()
        super().__init__(first["field"], f"表格有 {len(errors)} 处错误，未导入任何数据。{first['message_zh']}",
                         f"the sheet has {len(errors)} error(s); nothing was imported. {first['message_en']}")


@dataclass
class ImportResult:
    plan: Plan
    jurisdiction: str
    month: date
    recorded: list[Any] = field(default_factory=list)
    unchanged: int = 0
    blank: int = 0


def _file_error(zh: str, en: str) -> InputError:
    return InputError("file", zh, en)


def _read(data: bytes) -> tuple[Any, Any]:
    try:
        wb = load_workbook(BytesIO(data), data_only=True)
    except (BadZipFile, KeyError, OSError, ValueError):
        raise _file_error("不是有效的 Excel（.xlsx）文件", "not a valid Excel (.xlsx) file") from None
    if META not in wb.sheetnames or SHEET not in wb.sheetnames:
        raise _file_error("不是本系统导出的填报表，请先下载填报表再填写",
                          "not a sheet exported by this system: download the sheet first")
    return wb[SHEET], wb[META]


def _meta(meta: Any) -> tuple[str, str, str, dict[int, str]]:
    values = {r[0]: r[1] for r in meta.iter_rows(min_row=1, max_row=3, values_only=True)}
    rows = {int(r[0]): str(r[1]) for r in meta.iter_rows(min_row=5, values_only=True) if r[0] is not None}
    return str(values.get("plan")), str(values.get("jurisdiction")), str(values.get("month")), rows


def import_workbook(db_session: Session, *, user: User, data: bytes, today: date | None = None) -> ImportResult:
    """Check every cell, then record every changed figure in one transaction (or nothing)."""
    ws, meta = _read(data)
    plan_key, jurisdiction, month_text, rows = _meta(meta)
    p = service.plan_for(user, plan_key)
    if jurisdiction not in service.visible(user, p) or not service.may_enter(user, p, jurisdiction):
        raise Forbidden("这份填报表属于其他辖区，不能由你导入", "this sheet belongs to another jurisdiction")
    from .progress import parse_month

    month = parse_month(month_text, field="file")
    result = ImportResult(p, jurisdiction, month)
    current = service.monthly(db_session, p, (jurisdiction,), month)
    errors: list[CellError] = []
    todo: list[tuple[Indicator, int, str | None]] = []
    for row, key in rows.items():
        ind = p.indicator(key)
        raw = ws.cell(row=row, column=VALUE_COL).value
        comment = ws.cell(row=row, column=COMMENT_COL).value
        comment = str(comment).strip() if comment is not None and str(comment).strip() else None
        ref = f"{get_column_letter(VALUE_COL)}{row}"
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            result.blank += 1
            continue
        try:
            stored = service.parse_value(ind, raw, field=ref)
        except InputError as exc:
            errors.append(CellError(ref, ind.label_zh, exc.message_zh, exc.message_en))
            continue
        before = current.get((ind.key, jurisdiction, month))
        if before == stored:
            result.unchanged += 1
            continue
        if before is not None and comment is None:
            errors.append(CellError(f"{get_column_letter(COMMENT_COL)}{row}", ind.label_zh,
                                    f"已报 {_number(ind, before)}，改为 {_number(ind, stored)} 属于更正，须填写说明",
                                    "changing a reported figure is a correction and needs a comment"))
            continue
        todo.append((ind, stored, comment))
    if errors:
        raise ImportRejected(errors)
    ref = hashlib.sha256(data).hexdigest()
    try:
        for ind, stored, comment in todo:
            entry = service.record(db_session, user=user, plan_key=p.key, jurisdiction=jurisdiction,
                                   indicator=ind.key, as_of=month, value=stored, comment=comment or "Excel导入",
                                   source="import", import_ref=ref, today=today, commit=False)
            if entry is not None:
                result.recorded.append(entry)
        db_session.commit()
    except Exception:
        db_session.rollback()
        raise
    return result
