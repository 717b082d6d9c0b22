"""免申即享 over an imported roster (Parquet or Excel), on SQLite and PostgreSQL: checked identities,
Chinese headers and 元, proposals with the database's ledger subtracted, people records created
once, nobody proposed twice, and confirming submits the roster's facts.

衢政发〔2023〕12号 二（二）: "市外来衢非公企业就业员工子女初次在衢学校入读学前和义务教育阶段的，可自入读当年
起，按在衢家庭人口享受每人每年1500元最长3年的交通补贴。" — 3 family members: 3 × 1,500 = 4,500 元 a year.
"""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import polars as pl
import pytest
from sqlalchemy import func, select

from jiuye.applications import service as applications
from jiuye.applications.models import PersonRecord
from jiuye.campaigns import service
from jiuye.campaigns.models import Case
from jiuye.campaigns.roster import read_roster
from jiuye.engine.provision import Subject
from jiuye.errors import InputError
from tests.dbfixtures import person_id_number

TODAY = date(2026, 1, 15)
TRANSPORT = "quzhou_2023_12.er.children_transport"


def roster_rows(n: int, start: int = 0) -> dict[str, list]:
    return {
        "身份证号": [person_id_number("330802", 500 + i) for i in range(start, start + n)],
        "姓名": [f"测试{i}" for i in range(start, start + n)],
        "市外来衢就业": ["是"] * n,
        "employer_ownership": ["private"] * n,
        "child_first_enrolled_on": ["2025-09-01"] * n,
        "family_members_in_quzhou": [3] * n,
    }


def parquet(data: dict[str, list]) -> bytes:
    buf = io.BytesIO()
    pl.DataFrame(data).write_parquet(buf)
    return buf.getvalue()


def test_headers_in_chinese_money_in_yuan_and_bad_rows_counted():
    data = {"身份证号": [person_id_number("330802", 1), person_id_number("330802", 1), "330802199001011230", None],
            "姓名": ["甲", "甲", "乙", "丙"], "毕业日期": ["2023-06-30", "2023-06-30", None, None],
            "社保缴费基数（元/月）": ["4,986.55", None, None, None], "备注": ["x", "y", "z", "w"]}
    r = read_roster(parquet(data), "名单.parquet", "330802")
    assert (r.subject, r.rows, r.rejected, r.rejected_rows, r.ignored_headers) == (
        Subject.PERSON, 4, 3, [2, 3, 4], ["备注"])
    row = r.frame.row(0, named=True)
    assert row["person.si_base_monthly_fen"] == 498_655  # 4,986.55 元, exactly
    assert row["person.graduation_date"] == date(2023, 6, 30)
    assert row["person.residence_adcode"] == "330802"  # the county's own roster


def test_an_unreadable_value_rejects_its_row_not_the_file():
    data = roster_rows(2)
    data["child_first_enrolled_on"] = ["2025-09-01", "九月"]
    r = read_roster(parquet(data), "r.parquet", "330802")
    assert (r.rows, r.rejected, r.frame.height) == (2, 1, 1)


def test_excel_roster_reads_like_parquet():
    wb = openpyxl.Workbook()
    ws = wb.active
    data = roster_rows(3)
    ws.append(list(data))
    for row in zip(*data.values(), strict=True):
        ws.append(list(row))
    buf = io.BytesIO()
    wb.save(buf)
    r = read_roster(buf.getvalue(), "r.xlsx", "330802")
    assert (r.rows, r.rejected) == (3, 0)
    assert r.frame["person.family_members_in_quzhou"].to_list() == [3, 3, 3]
    assert r.frame["person.came_from_outside_city"].to_list() == [True, True, True]


@pytest.mark.parametrize("name, data, field_zh", [
    ("r.csv", b"a,b", "Parquet"), ("r.parquet", b"not parquet", "无法读取"),
])
def test_bad_files_are_refused_naming_the_roster(name, data, field_zh):
    with pytest.raises(InputError) as e:
        read_roster(data, name, "330802")
    assert e.value.field == "roster" and field_zh in e.value.message_zh


def test_a_roster_without_an_identity_column_is_refused():
    with pytest.raises(InputError) as e:
        read_roster(parquet({"姓名": ["甲"]}), "r.parquet", "330802")
    assert "身份证号" in e.value.message_zh


def run(world, roster, **kw):
    return service.create(db_session=world.session, user=world["kecheng"], as_of=TODAY, today=TODAY, seed=3,
                          provisions=[TRANSPORT], roster=roster, **kw)


def test_roster_campaign_proposes_once_creates_people_once_and_confirms_with_the_roster_facts(world):
    s = world.session
    stages = []
    roster = read_roster(parquet(roster_rows(30)), "柯城区名单.parquet", "330802")
    c = run(world, roster, progress=lambda stage, done, total: stages.append((stage, done, total)))
    props = service.proposals(db_session=s, user=world["kecheng"], campaign_id=c.id)
    assert len(props) == 30 and {p.amount_fen for p in props} == {450_000}  # 3 × 1,500 元
    assert (c.roster_rows, c.roster_rejected, c.subjects_evaluated, c.roster_name) == (30, 0, 30, "柯城区名单.parquet")
    assert sum(p.sampled for p in props) == 10  # 5%, at least 10
    assert stages[-1] == ("save", 30, 30) and ("evaluate", 30, 30) in stages
    assert s.scalar(select(func.count()).select_from(Case).where(Case.campaign_id == c.id)) == 30
    people = s.scalar(select(func.count()).select_from(PersonRecord).where(PersonRecord.name.like("测试%")))
    assert people == 30
    basis = {b["label_zh"]: b["value_zh"] for b in service.basis(s, props[0])}
    assert basis == {"市外来衢就业": "是", "子女初次在衢入学日期": "2025-09-01", "在衢家庭人口": "3", "就业地": "柯城区"}

    # a rerun with the same people and 10 more proposes only the new ones; no person record twice
    again = run(world, read_roster(parquet(roster_rows(40)), "r2.parquet", "330802"))
    assert len(service.proposals(db_session=s, user=world["kecheng"], campaign_id=again.id)) == 10
    assert again.already_proposed == 30
    assert s.scalar(select(func.count()).select_from(PersonRecord).where(PersonRecord.name.like("测试%"))) == 40

    # confirming submits the roster's facts as an application of that person
    p = props[0]
    payload_case = service.subject_case(s, p)
    assert payload_case["person"]["family_members_in_quzhou"] == 3
    assert payload_case["person"]["child_first_enrolled_on"] == "2025-09-01"


def test_someone_already_applying_is_not_proposed(world):
    s = world.session
    rows = roster_rows(2)
    facts = {"id_number": rows["身份证号"][0], "name": "测试0", "came_from_outside_city": True,
             "employer_ownership": "private", "child_first_enrolled_on": "2025-09-01", "family_members_in_quzhou": 3,
             "work_adcode": "330802", "residence_adcode": "330802", "hukou_adcode": "330802"}
    app, _ = applications.submit(db_session=s, user=world["kecheng"], payload={
        "provision_id": TRANSPORT, "claim_period_start": "2026-01-10", "county_code": "330802",
        "case": {"person": facts}}, today=TODAY)
    assert app.status == "pending_review"
    c = run(world, read_roster(parquet(rows), "r.parquet", "330802"))
    props = service.proposals(db_session=s, user=world["kecheng"], campaign_id=c.id)
    assert [p.subject_key for p in props] != [] and len(props) == 1  # the one already applying is left out
    assert props[0].subject_key != f"P:{app.person_id}"


def test_confirmed_proposals_feed_the_targets_board_for_information(world):
    from datetime import UTC, datetime

    from jiuye.targets import derived

    s = world.session
    assert derived.campaign_confirmed(s, "330802", date(2026, 1, 1), date(2026, 12, 31)).value is None
    c = run(world, read_roster(parquet(roster_rows(4)), "r.parquet", "330802"))
    props = service.proposals(db_session=s, user=world["kecheng"], campaign_id=c.id)
    for p, day in zip(props[:3], (date(2026, 2, 1), date(2026, 3, 1), date(2027, 1, 2)), strict=True):
        p.status, p.decided_at = "confirmed", datetime(day.year, day.month, day.day, 4, tzinfo=UTC)
    s.flush()
    fig = derived.campaign_confirmed(s, "330802", date(2026, 1, 1), date(2026, 12, 31))
    assert fig.value == 2 and "9,000.00 元" in fig.query_zh  # two × 4,500 元; the 2027 one is outside
    assert derived.campaign_confirmed(s, "330800", date(2026, 1, 1), date(2027, 12, 31)).value == 3  # 衢州市
    assert derived.campaign_confirmed(s, "330102", date(2026, 1, 1), date(2026, 12, 31)).value is None
