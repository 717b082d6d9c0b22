"""A county's minimum-wage tier is maintained like any local value: each 设区市 chooses the tier of
its counties (浙江省人民政府 2024: “各设区市将根据所辖县（市、区）经济社会发展水平，选择确定当地最低工资
标准并予以公布”), so an administrator records the city's choice for a county with its notice, a
second one approves it, and from its date every path reads it — 46号 第20条's pay floor
(“全日制公益性岗位劳动报酬不得低于当地月最低工资标准”) in the single case and the table alike."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from jiuye.catalogue.registry import CATALOGUE
from jiuye.engine.batch import evaluate_frame
from jiuye.engine.single import evaluate_case
from jiuye.errors import Forbidden, InputError
from jiuye.jobs.wage import floor_for
from jiuye.localstd import excel, tiers
from jiuye.localstd import service as localstd
from jiuye.localstd import todo as localstd_todo
from jiuye.params.store import PARAMETERS
from tests.dbfixtures import without_hz_effective_date

TIER = "external.minimum_wage.county_tier"
FLOOR = "zj_2022_46.art20.pay_floor"
NOTICE = {"source_document": "衢州市人力资源和社会保障局关于公布各县（市、区）最低工资标准的通知（测试）",
          "source_issuer": "衢州市人力资源和社会保障局", "source_date": "2023-12-25",
          "reason": "市里为柯城区选定的档次"}


def _propose(world, who="kecheng", **kw):
    args = {"parameter": TIER, "jurisdiction": "330802", "valid_from": "2024-01-01", "value": "第三档", **NOTICE, **kw}
    return localstd.propose(db_session=world.session, user=world[who], today=date(2026, 12, 6), **args)


def _approved(world):
    lv = _propose(world)
    localstd.approve(db_session=world.session, user=world["qz_manager"], value_id=lv.id)
    return lv


def _post(county: str, pay_yuan: int) -> dict:
    return {"person": {"public_welfare_post": "full_time", "work_adcode": county, "pwp_monthly_pay_fen": pay_yuan * 100}}


def _floor(case: dict, as_of: date):
    return next(r for r in evaluate_case(case, as_of, provisions=[CATALOGUE.provisions[FLOOR]]).results
                if r.provision.id == FLOOR)


@pytest.mark.parametrize("typed", ["第三档", "三档", "3", "第3档", "tier 3"])
def test_a_tier_is_read_as_administrators_type_it(typed):
    assert localstd.parse_value(PARAMETERS[TIER], typed) == "3"
    assert localstd.show_value(PARAMETERS[TIER], "3") == "第三档"
    assert localstd.show_value(PARAMETERS[TIER], "3", "en") == "tier 3"


@pytest.mark.parametrize("typed", ["第五档", "2010元", "一等", ""])
def test_a_tier_the_province_has_not_set_is_refused(typed):
    with pytest.raises(InputError) as info:
        localstd.parse_value(PARAMETERS[TIER], typed)
    assert info.value.field == "value"


def test_the_tier_is_set_for_a_county_never_the_province_or_a_city(world):
    assert TIER in {m.name for m in localstd.maintainable()}
    for code in ("330000", "330800"):
        with pytest.raises(InputError) as info:
            _propose(world, who="admin", jurisdiction=code)
        assert info.value.field == "jurisdiction"
    with pytest.raises(Forbidden):
        _propose(world, who="shangcheng")  # 上城区 caseworker for 柯城区


def test_an_approved_tier_joins_the_mapping_from_its_date_and_is_cited(world):
    assert PARAMETERS.snapshot(date(2024, 6, 1)).lookup(TIER, "330802") is None  # no source gives it
    lv = _propose(world)
    assert PARAMETERS.snapshot(date(2024, 6, 1)).lookup(TIER, "330802") is None  # awaiting approval
    with pytest.raises(Forbidden, match="提出人不能审核"):
        localstd.approve(db_session=world.session, user=world["kecheng"], value_id=lv.id)
    localstd.approve(db_session=world.session, user=world["qz_manager"], value_id=lv.id)
    assert PARAMETERS.snapshot(date(2024, 6, 1)).lookup(TIER, "330802") == "3"
    assert PARAMETERS.snapshot(date(2023, 12, 31)).lookup(TIER, "330802") is None  # before its date
    assert PARAMETERS.snapshot(date(2024, 6, 1)).lookup(TIER, "330102") == "1"  # the bundled tiers stay
    value, entry = PARAMETERS[TIER].keyed_at(date(2024, 6, 1), "330802")
    assert value == "3" and entry.version == f"lv-{lv.id}" and "衢州市人力资源和社会保障局" in entry.source
    floor = floor_for("330802", date(2024, 6, 1), "monthly")  # the minimum-wage check of a job offer
    assert floor.fen == 201_000 and any("衢州市人力资源和社会保障局" in s for s in floor.sources)


def test_the_pay_floor_of_article_20_reads_the_tier_in_both_paths(world):
    as_of = date(2024, 6, 1)
    assert _floor(_post("330802", 2000), as_of).outcome == "unknown"  # tier not known: cannot tell
    _approved(world)
    assert _floor(_post("330802", 2000), as_of).outcome == "not_eligible"  # below 第三档 2010元
    assert _floor(_post("330802", 2010), as_of).outcome == "eligible"
    rows = [_post(c, p)["person"] for c, p in [("330802", 2000), ("330802", 2010), ("330803", 2500)]]
    frame = pl.DataFrame([{"person.person_id": str(i), **{f"person.{k}": v for k, v in r.items()}}
                          for i, r in enumerate(rows)])
    table = evaluate_frame(frame, as_of, provisions=[CATALOGUE.provisions[FLOOR]])
    single = [_floor({"person": r}, as_of).outcome for r in rows]
    assert table.get_column(f"{FLOOR}:outcome").to_list() == single == ["not_eligible", "eligible", "unknown"]


def test_todo_lists_counties_whose_tier_is_not_known_until_one_is_approved(world):
    as_of = date(2025, 6, 1)  # 46号 第20条 in force; 柯城区 has no citable 2024 tier
    before = {m.parameter: m for m in localstd_todo.todo(user=world["qz_manager"], as_of=as_of)}
    assert TIER in before and "330802" in before[TIER].jurisdictions
    assert all(c.startswith("3308") for c in before[TIER].jurisdictions)
    _approved(world)
    after = {m.parameter: m for m in localstd_todo.todo(user=world["qz_manager"], as_of=as_of)}
    assert "330802" not in after.get(TIER, localstd_todo.Missing("", "", "", "", (), ())).jurisdictions
    assert TIER not in {m.parameter for m in localstd_todo.todo(user=world["kecheng"], as_of=as_of)}


def test_the_excel_export_shows_each_countys_tier_and_its_source(world):
    from io import BytesIO

    from openpyxl import load_workbook

    _approved(world)
    ws = load_workbook(BytesIO(excel.export_table(user=world["qz_manager"], parameter=TIER,
                                                  as_of=date(2024, 6, 1)))).active
    rows = {ws.cell(row=r, column=2).value: (ws.cell(row=r, column=3).value, ws.cell(row=r, column=4).value)
            for r in range(4, ws.max_row + 1)}
    assert rows["330802"][0] == "第三档" and "衢州市人力资源和社会保障局" in rows["330802"][1]
    assert rows["330803"] == ("未设定", None)
    assert tiers.tiers() == ["1", "2", "3"]


def test_a_drafts_blank_effective_date_is_on_the_list_of_its_own_city(world):
    draft = "hz_2022_draft.effective_date"  # 杭州（二十三）：本意见自 2022 年*月*日起施行
    assert draft not in {m.parameter for m in localstd_todo.todo(user=world["hz_manager"], as_of=date(2026, 12, 6))}
    without_hz_effective_date(world)  # the test world records one; the draft as published has none
    for who in ("hz_manager", "admin"):
        items = {m.parameter: m for m in localstd_todo.todo(user=world[who], as_of=date(2026, 12, 6))}
        assert items[draft].jurisdictions == ("330100",)
        assert {p.document.id for p in items[draft].provisions} == {"hz_2022_draft"}
    for who in ("qz_manager", "kecheng", "shangcheng"):  # another city; a county cannot record the city's date
        assert draft not in {m.parameter for m in localstd_todo.todo(user=world[who], as_of=date(2026, 12, 6))}
