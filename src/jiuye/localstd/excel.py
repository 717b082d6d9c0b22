"""Excel in and out for local values: one sheet per parameter table, as staff keep them.

Export: one row per county (or city) of the user's jurisdiction where the parameter applies,
with the value in force on the date and its source, and empty columns for a new value. Import:
every row with a new value becomes a proposal; any bad cell rejects the whole file, each error
naming the row and the column (nothing half-imported).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from io import BytesIO
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill
from sqlalchemy.orm import Session

from ..accounts.models import User
from ..errors import InputError, JiuyeError
from ..params.store import PARAMETERS
from ..refdata import divisions
from . import service
from .todo import _counties_for, current

COLUMNS = ("地区", "区划", "当前取值", "当前取值来源", "新取值", "生效日期", "文件文号", "发文单位", "发文日期", "文件网址", "设定理由")
KEYS = (None, "jurisdiction", None, None, "value", "valid_from", "source_document", "source_issuer",
        "source_date", "source_url", "reason")
MAX_ROWS = 2000
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _text_cell(ws: Any, row: int, col: int, value: Any) -> None:
    cell = ws.cell(row=row, column=col, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # never a live formula, whatever the text starts with


def export_table(*, user: User, parameter: str, as_of: date) -> bytes:
    known = {m.name: m for m in service.maintainable()}
    if parameter not in known:
        raise InputError("parameter", "请选择一项可由地方设定的参数", "choose a parameter that can be set locally")
    param = PARAMETERS[parameter]
    snap = PARAMETERS.snapshot(as_of)
    wb = Workbook()
    ws = wb.active
    ws.title = "参数取值"
    _text_cell(ws, 1, 1, f"{param.label_zh}（单位：{service.UNIT_LABELS[param.unit][0] or '—'}）")
    _text_cell(ws, 2, 1, f"取值截至 {as_of.isoformat()}；填写“新取值”等列后导入，生成待审核的取值")
    for i, title in enumerate(COLUMNS, start=1):
        c = ws.cell(row=3, column=i, value=title)
        c.font = Font(bold=True)
        c.fill = PatternFill("solid", fgColor="DDEBF7")
    row = 4
    for code in _counties_for(user):
        value, entry = current(snap, parameter, code)
        for col, v in enumerate((divisions.name_of(code), code, service.show_value(param, value),
                                 entry.source if entry is not None and value is not None else ""), start=1):
            _text_cell(ws, row, col, v)
        row += 1
    ws.column_dimensions["A"].width = 14
    ws.column_dimensions["D"].width = 40
    for letter in "EFGHIJK":
        ws.column_dimensions[letter].width = 18
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


@dataclass
class CellError:
    row: int
    column: str
    message_zh: str
    message_en: str

    def text(self) -> str:
        return f"第{self.row}行「{self.column}」：{self.message_zh}"


class ImportRejected(InputError):
    """The file had errors; nothing was imported."""

    def __init__(self, errors: list[CellError]):
        self.errors = errors
        super().__init__("file", "；".join(e.text() for e in errors[:20]),
                         "; ".join(f"row {e.row} {e.column}: {e.message_en}" for e in errors[:20]))


def _cell_text(v: Any) -> str | None:
    if v is None:
        return None
    if isinstance(v, datetime):
        return v.date().isoformat()
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip() or None


def import_table(*, db_session: Session, user: User, parameter: str, data: bytes, today: date) -> list[int]:
    """Create one proposal per filled row; all or nothing. Returns the new proposal ids."""
    try:
        wb = load_workbook(BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - any unreadable file is the user's input error
        raise InputError("file", "无法读取该文件，请上传由本系统导出的 Excel（.xlsx）", "not a readable .xlsx file") from None
    ws = wb.worksheets[0]
    rows = list(ws.iter_rows(min_row=1, max_row=MAX_ROWS + 3, values_only=True))
    header = [(_cell_text(c) or "") for c in (rows[2] if len(rows) > 2 else ())]
    if tuple(header[:len(COLUMNS)]) != COLUMNS:
        raise InputError("file", "表头与导出模板不一致，请使用本系统导出的模板", "the header does not match the template")
    errors: list[CellError] = []
    pending: list[tuple[int, dict[str, Any]]] = []
    param = PARAMETERS[parameter] if parameter in PARAMETERS else None
    if param is None:
        raise InputError("parameter", "参数不存在", "no such parameter")
    for n, raw in enumerate(rows[3:], start=4):
        cells = [_cell_text(c) for c in raw[:len(COLUMNS)]] + [None] * (len(COLUMNS) - len(raw))
        if not cells[4]:
            continue  # no new value on this row
        args = {k: cells[i] for i, k in enumerate(KEYS) if k is not None}
        missing = [COLUMNS[i] for i in (5, 6, 7, 8, 10) if not cells[i]]
        errors.extend(CellError(n, col, "未填写", "missing") for col in missing)
        try:  # validate every row before any write, so one bad cell imports nothing
            service.parse_value(param, args["value"])
            if not missing:
                service.check_proposal(user=user, parameter=parameter, today=today, **args)
        except JiuyeError as exc:
            field = getattr(exc, "field", None) or "value"
            col = COLUMNS[KEYS.index(field)] if field in KEYS else field
            errors.append(CellError(n, col, getattr(exc, "message_zh", str(exc)), getattr(exc, "message_en", str(exc))))
            continue
        if not missing:
            pending.append((n, args))
    if errors:
        raise ImportRejected(errors)
    if not pending:
        raise InputError("file", "文件中没有填写“新取值”的行", "no row has a new value")
    items = [{"parameter": parameter, **args} for _, args in pending]
    return [lv.id for lv in service.propose_many(db_session=db_session, user=user, items=items, today=today)]
