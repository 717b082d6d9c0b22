"""A local number of days (unit ``days``): typed as 366天, stored as typed, laid over as a whole
number the provisions compute with; decimals and other units refused at the edge, naming the field."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest

from jiuye.errors import InputError
from jiuye.localstd import excel
from jiuye.localstd import service as localstd
from jiuye.params.store import PARAMETERS

DAYS = "hz_2022_draft.wu.days_per_year"
NOTICE = {"source_document": "上城区人力社保局关于陪跑空间租金补贴计算天数的通知（测试）",
          "source_issuer": "上城区人力资源和社会保障局", "source_date": "2024-12-01", "reason": "闰年按366天计"}


@pytest.mark.parametrize(("typed", "value"), [("366天", 366), ("366", 366), ("366日", 366), ("21.75天", Fraction(87, 4))])
def test_days_are_read_as_typed(typed, value):
    got = localstd.parse_value(PARAMETERS[DAYS], typed)
    assert got == value and type(got) is type(value)
    assert localstd.show_value(PARAMETERS[DAYS], got) == f"{typed.rstrip('天日')}天"
    assert localstd.show_value(PARAMETERS[DAYS], got, "en") == f"{typed.rstrip('天日')} days"


@pytest.mark.parametrize("typed", ["366元", "36个月", "21.755天", "-3天", "三百天"])
def test_a_value_that_is_not_days_is_refused(typed):
    with pytest.raises(InputError) as info:
        localstd.parse_value(PARAMETERS[DAYS], typed)
    assert info.value.field == "value"


def test_a_months_parameter_refuses_days():
    months = next(m for m in localstd.maintainable() if m.unit == "months")
    with pytest.raises(InputError, match="不是天"):
        localstd.parse_value(PARAMETERS[months.name], "36天")


def _propose(world, value):
    return localstd.propose(db_session=world.session, user=world["shangcheng"], today=date(2026, 12, 6),
                            parameter=DAYS, jurisdiction="330102", valid_from="2025-01-01", value=value, **NOTICE)


def test_a_proposal_of_days_is_whole_stored_as_typed_and_laid_over(world):
    assert DAYS in {m.name for m in localstd.maintainable()}
    with pytest.raises(InputError, match="整数") as info:
        _propose(world, "365.5天")
    assert info.value.field == "value"
    lv = _propose(world, "366天")
    assert lv.value == "366天"
    localstd.approve(db_session=world.session, user=world["hz_manager"], value_id=lv.id)
    got = PARAMETERS.snapshot(date(2025, 6, 1)).resolve(DAYS, "330102")[0]
    assert got == 366 and type(got) is int
    assert PARAMETERS.snapshot(date(2025, 6, 1)).resolve(DAYS, "330106")[0] == 365  # the bundled value elsewhere
    # replay: the maintained value as plain data and back
    data = PARAMETERS.maintained_for([DAYS])
    assert [e.value for _, e in PARAMETERS.entries_from_data(data)] == [366]
    rows = localstd.list_values(db_session=world.session, user=world["hz_manager"], parameter=DAYS)
    assert [r.value for r in rows] == ["366天"]


def test_the_excel_export_names_the_unit_and_shows_days(world):
    from io import BytesIO

    from openpyxl import load_workbook

    ws = load_workbook(BytesIO(excel.export_table(user=world["shangcheng"], parameter=DAYS,
                                                  as_of=date(2025, 6, 1)))).active
    assert "单位：天" in ws.cell(row=1, column=1).value
    assert ws.cell(row=4, column=3).value == "365天"
