"""Payment lists as Excel (openpyxl): amounts in yuan and in 大写, ID numbers masked."""

from __future__ import annotations

from io import BytesIO
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from ..applications.models import PAYMENT_STATUS_LABELS, Payment
from ..catalogue.registry import CATALOGUE
from ..daxie import daxie
from ..money import fen_to_yuan
from ..refdata.divisions import name_of

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def write_text_cells(ws, row: int) -> None:
    """Cells of ``row`` holding text that Excel would read as a formula (= + - @ tab CR first) are
    stored as text with a quote prefix: shown as typed, never evaluated."""
    for cell in ws[row]:
        if isinstance(cell.value, str) and cell.value.startswith(FORMULA_START):
            cell.data_type = "s"
            cell.quotePrefix = True


HEADERS = ("序号 No.", "支付编号 Payment", "申请编号 Application", "政策 Benefit", "收款对象 Payee",
           "证件号 ID (masked)", "县（市、区）County", "期次 Instalment", "应付日期 Due", "金额（元）Amount (yuan)",
           "金额大写 Amount in words", "状态 Status", "银行流水 Bank ref.")


def workbook(payments: list[Payment], subjects: dict[int, dict[str, Any]], *, title: str = "支付清单") -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "支付清单 Payments"
    ws.append([title])
    write_text_cells(ws, 1)
    ws["A1"].font = Font(bold=True, size=14)
    ws.append(list(HEADERS))
    for cell in ws[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    total = 0
    for i, p in enumerate(payments, 1):
        s = subjects.get(p.application_id, {})
        prov = CATALOGUE.provisions.get(p.provision_id)
        ident = s.get("id_number") or s.get("uscc") or ""
        ws.append([i, p.id, p.application_id, prov.title_zh if prov else p.provision_id, s.get("name", ""), ident,
                   name_of(p.county_code) or p.county_code, p.seq, p.due_date, fen_to_yuan(p.amount_fen),
                   daxie(p.amount_fen), PAYMENT_STATUS_LABELS[p.status][0], p.bank_reference or ""])
        write_text_cells(ws, ws.max_row)
        ws.cell(row=ws.max_row, column=10).number_format = "#,##0.00"
        ws.cell(row=ws.max_row, column=9).number_format = "yyyy-mm-dd"
        if p.status not in ("cancelled", "reversed"):
            total += p.amount_fen
    ws.append([])
    ws.append(["合计 Total（不含已取消、已追回 / excluding cancelled and reversed）", "", "", "", "", "", "", "", "",
               fen_to_yuan(total), daxie(total)])
    ws.cell(row=ws.max_row, column=1).font = Font(bold=True)
    ws.cell(row=ws.max_row, column=10).number_format = "#,##0.00"
    widths = (6, 10, 10, 36, 10, 22, 14, 8, 12, 16, 36, 10, 16)
    for col, w in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(col)].width = w
    ws.freeze_panes = "A3"
    buf = BytesIO()
    wb.save(buf)
    return buf.getvalue()
