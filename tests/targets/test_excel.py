"""The actuals sheet: exported per jurisdiction and month, round trip, per-cell errors, all or nothing."""

from __future__ import annotations

from datetime import date
from io import BytesIO

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from jiuye.errors import Forbidden, InputError
from jiuye.targets import excel, service
from jiuye.targets.models import ActualEntry

SEP = date(2023, 9, 30)
OCT = date(2023, 10, 31)


def sheet(staff, month=OCT, who="yuecheng", code="330602"):
    data = excel.template(staff.session, user=staff[who], plan_key="sx_2023_28", jurisdiction=code, month=month)
    return load_workbook(BytesIO(data))


def save(wb) -> bytes:
    buf = BytesIO()
    wb.save(buf)
    return buf.getvalue()


def row_of(ws, label):
    for r in range(excel.FIRST_ROW, ws.max_row + 1):
        if ws.cell(r, 2).value == label:
            return r
    raise KeyError(label)


def count(staff):
    return staff.session.scalar(select(func.count()).select_from(ActualEntry))


def test_the_sheet_names_jurisdiction_month_and_targets_without_codes(shaoxing):
    wb = sheet(shaoxing, SEP)
    ws = wb[excel.SHEET]
    assert wb[excel.META].sheet_state == "veryHidden"
    assert "越城区" in ws["A2"].value and "2023年09月" in ws["C2"].value
    r = row_of(ws, "城镇新增就业人数省标")
    assert ws.cell(r, 4).value == 22000  # 越城区's target
    assert ws.cell(r, 5).value == ws.cell(r, 6).value  # the reported figure, ready to change
    assert ws.protection.sheet and not ws.cell(r, 6).protection.locked
    assert all("3306" not in str(c.value) for row in ws.iter_rows() for c in row if c.value is not None)


def test_round_trip_records_only_what_changed(shaoxing):
    before = count(shaoxing)
    unchanged = excel.import_workbook(shaoxing.session, user=shaoxing["yuecheng"], data=save(sheet(shaoxing, SEP)),
                                      today=date(2024, 1, 5))
    assert unchanged.recorded == [] and unchanged.unchanged == 17 and count(shaoxing) == before
    wb = sheet(shaoxing, OCT)
    ws = wb[excel.SHEET]
    ws.cell(row_of(ws, "城镇新增就业人数省标"), 6).value = 19500
    ws.cell(row_of(ws, "发放创业担保贷款金额"), 6).value = 4012.345678
    ws.cell(row_of(ws, "五类重点群体帮扶率"), 6).value = "99.5%"
    result = excel.import_workbook(shaoxing.session, user=shaoxing["yuecheng"], data=save(wb), today=date(2024, 1, 5))
    assert len(result.recorded) == 3 and result.blank == 14 and result.month == OCT
    assert {e.source for e in result.recorded} == {"import"} and all(e.import_ref for e in result.recorded)
    board = service.board(shaoxing.session, user=shaoxing["sx_manager"], plan_key="sx_2023_28", month=OCT)
    assert board.cell("new_urban_jobs", "330602").actual == 19500
    assert str(board.cell("startup_loans", "330602").actual) == "4012.345678"
    # the re-exported sheet holds the imported figures
    again = sheet(shaoxing, OCT)[excel.SHEET]
    assert again.cell(row_of(again, "城镇新增就业人数省标"), 5).value == 19500


def test_bad_cells_are_all_reported_and_nothing_is_imported(shaoxing):
    wb = sheet(shaoxing, SEP)
    ws = wb[excel.SHEET]
    jobs, interns, rate = (row_of(ws, k) for k in ("城镇新增就业人数省标", "就业见习·就业见习人数", "五类重点群体帮扶率"))
    ws.cell(jobs, 6).value = 99999  # a correction without a comment
    ws.cell(interns, 6).value = "一百"
    ws.cell(rate, 6).value = 120
    ws.cell(row_of(ws, "劳务品牌打造"), 6).value = 2  # a good change: not imported either
    ws.cell(row_of(ws, "劳务品牌打造"), 7).value = "新增一个品牌"
    before = count(shaoxing)
    with pytest.raises(excel.ImportRejected) as e:
        excel.import_workbook(shaoxing.session, user=shaoxing["yuecheng"], data=save(wb), today=date(2024, 1, 5))
    messages = [x.to_dict()["message_zh"] for x in e.value.errors]
    assert messages == [
        f"单元格 G{jobs}（城镇新增就业人数省标）：已报 {ws.cell(jobs, 5).value}，改为 99999 属于更正，须填写说明",
        f"单元格 F{interns}（就业见习·就业见习人数）：「就业见习·就业见习人数」应为数字（人）：一百",
        f"单元格 F{rate}（五类重点群体帮扶率）：「五类重点群体帮扶率」是比率，不超过100%",
    ]
    assert count(shaoxing) == before


def test_a_correction_with_its_reason_is_imported(shaoxing):
    wb = sheet(shaoxing, SEP)
    ws = wb[excel.SHEET]
    r = row_of(ws, "城镇新增就业人数省标")
    ws.cell(r, 6).value = ws.cell(r, 5).value + 120
    ws.cell(r, 7).value = "补录9月下旬灵活就业登记"
    result = excel.import_workbook(shaoxing.session, user=shaoxing["yuecheng"], data=save(wb), today=date(2024, 1, 5))
    (entry,) = result.recorded
    assert entry.corrects_id is not None and entry.comment == "补录9月下旬灵活就业登记"


def test_only_the_jurisdiction_itself_imports(shaoxing):
    data = save(sheet(shaoxing, SEP))
    with pytest.raises(Forbidden):
        excel.import_workbook(shaoxing.session, user=shaoxing["keqiao"], data=data)
    with pytest.raises(Forbidden):
        excel.template(shaoxing.session, user=shaoxing["sx_manager"], plan_key="sx_2023_28", jurisdiction="330602",
                       month=SEP)


def test_not_a_sheet_of_ours(shaoxing):
    with pytest.raises(InputError) as e:
        excel.import_workbook(shaoxing.session, user=shaoxing["yuecheng"], data=b"hello")
    assert "不是有效的 Excel" in e.value.message_zh
    from openpyxl import Workbook

    with pytest.raises(InputError) as e:
        excel.import_workbook(shaoxing.session, user=shaoxing["yuecheng"], data=save(Workbook()))
    assert "不是本系统导出的填报表" in e.value.message_zh
