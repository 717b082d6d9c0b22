"""Excel import (column mapping, per-row errors in Chinese, duplicates merged, one transaction) and
export (masked)."""

from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from jiuye.assistance import excel
from jiuye.assistance.models import GroupSpell, RegisterPerson
from jiuye.ids import make_id_number

from .conftest import TODAY, woman_46, workbook


def _ids(n: int) -> list[str]:
    return [make_id_number("330102", date(1975, 1 + i % 12, 1 + i % 27), 300 + i, "M" if i % 2 else "F")
            for i in range(n)]


def test_one_bad_row_is_reported_with_row_and_field_and_the_rest_imported(world):
    ids = _ids(4)
    bad = ids[2][:-1] + ("1" if ids[2][-1] != "1" else "2")
    data = workbook([[ids[0], "甲", "登记失业人员", "2026-05-01", "是", "是", "上城区"],
                     [ids[1], "乙", "离校未就业高校毕业生、低收入农户", "2026/06/01", "否", "是", "330102"],
                     [bad, "丙", "登记失业人员", "2026-05-01", "是", "是", "上城区"],
                     [ids[3], "丁", "失业", "2026-05-01", "是", "是", "上城区"]])
    r = excel.import_register(world.session, world["shangcheng"], data, today=TODAY)
    assert r.written and (r.rows, r.created) == (4, 2)
    assert [(e.row, e.field) for e in r.errors] == [(4, "id_number"), (5, "groups")]
    assert r.errors[0].message_zh.startswith("身份证号：") and "不认识“失业”" in r.errors[1].message_zh
    assert world.session.scalar(select(func.count()).select_from(RegisterPerson)) == 2
    assert world["shangcheng"].county_code == "330102"


def test_rows_of_one_person_merge_and_a_header_synonym_maps(world):
    n = woman_46()
    data = workbook([[n, "王芳", "登记失业人员", "2026-05-01", "否", "是"],
                     [n.lower(), "王芳", "低保低边家庭成员", "2026-03-01", "是", "是"]],
                    header=["公民身份号码", "姓名", "重点群体类别", "登记日期", "是否有就业意愿", "是否有就业能力"])
    r = excel.import_register(world.session, world["shangcheng"], data, today=TODAY)
    assert (r.people, r.duplicates, r.created, r.errors) == (1, 1, 1, [])
    assert r.mapping["id_number"] == "公民身份号码"
    p = world.session.scalar(select(RegisterPerson))
    assert p.entered_on == date(2026, 3, 1) and p.willing is True and p.on_watch
    groups = world.session.scalars(select(GroupSpell.group_code).where(GroupSpell.register_id == p.id)).all()
    assert sorted(groups) == ["dibao_family", "registered_unemployed"]


def test_strict_imports_nothing_when_a_row_is_bad(world):
    ids = _ids(2)
    data = workbook([[ids[0], "甲", "登记失业人员", "2026-05-01", "是", "是"], [ids[1], "", "登记失业人员"]])
    r = excel.import_register(world.session, world["shangcheng"], data, strict=True, today=TODAY)
    assert not r.written and r.errors[0].row == 3 and r.errors[0].field == "name"
    assert world.session.scalar(select(func.count()).select_from(RegisterPerson)) == 0


def test_another_countys_row_is_refused_and_a_crash_leaves_nothing(world, monkeypatch):
    ids = _ids(3)
    data = workbook([[ids[0], "甲", "登记失业人员"], [ids[1], "乙", "登记失业人员", None, None, None, "柯城区"],
                     [ids[2], "丙", "登记失业人员"]],
                    header=["身份证号", "姓名", "人员类别", "纳入台账日期", "就业意愿", "就业能力", "县（市、区）"])
    r = excel.import_register(world.session, world["shangcheng"], data, today=TODAY)
    assert [(e.row, e.field) for e in r.errors] == [(3, "county_code")]
    from jiuye.assistance import service

    calls = {"n": 0}
    real = service.upsert_entry

    def boom(*a, **k):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("disk full")
        return real(*a, **k)

    monkeypatch.setattr(excel, "upsert_entry", boom)
    more = workbook([[i, "某", "登记失业人员"] for i in _ids(6)[3:]])
    with pytest.raises(RuntimeError):
        excel.import_register(world.session, world["shangcheng"], more, today=TODAY)
    assert world.session.scalar(select(func.count()).select_from(RegisterPerson)) == 2  # the first import only


def test_a_missing_required_column_names_it():
    from jiuye.errors import InputError

    with pytest.raises(InputError) as e:
        excel.read_sheet(workbook([["x"]], header=["证件号码", "名字"]), county_code="330102", today=TODAY)
    assert "姓名" in e.value.message_zh and "人员类别" in e.value.message_zh


def test_export_masks_names_and_id_numbers(world, registered):
    data = excel.export_register(world.session, world["hz_manager"], today=TODAY)
    rows = list(load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))
    assert rows[1][0] == registered.id_number[:6] + "********" + registered.id_number[-4:]
    assert rows[1][1] == "王*" and rows[1][3] == "登记失业人员" and rows[1][8] == "是"
    assert len(excel.export_register(world.session, world["qz_manager"], today=TODAY)) > 0
    qz = list(load_workbook(io.BytesIO(excel.export_register(world.session, world["qz_manager"]))).active.iter_rows())
    assert len(qz) == 1  # the header only: another city sees none of it
