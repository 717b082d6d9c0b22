"""Actuals on SQLite and PostgreSQL: entered with who and why, corrected by new entries only,
scoped to the jurisdiction, rolled up to the city as the sum of its districts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from jiuye.audit.models import AuditEvent
from jiuye.errors import Forbidden, InputError, NotFound
from jiuye.targets import service
from jiuye.targets.models import ActualEntry
from jiuye.targets.plans import plan

SX = "sx_2023_28"
TODAY = date(2024, 1, 15)
SEP = date(2023, 9, 30)


def report(staff, who, county, indicator, month, value, comment=None):
    return service.record(staff.session, user=staff[who], plan_key=SX, jurisdiction=county, indicator=indicator,
                          as_of=month, value=value, comment=comment, today=TODAY)


def test_an_entry_records_who_when_and_why(staff):
    e = report(staff, "yuecheng", "330602", "new_urban_jobs", date(2023, 9, 1), "16,800", "人社系统月报")
    assert (e.value, e.as_of, e.source, e.comment) == (16800, SEP, "entry", "人社系统月报")
    assert e.entered_by_user_id == staff["yuecheng"].id and e.entered_at is not None
    assert (e.county_code, e.city_code) == ("330602", "330600")
    event = staff.session.scalar(select(AuditEvent).where(AuditEvent.object_type == "target_actual",
                                                          AuditEvent.object_id == str(e.id)))
    assert event.action == "target.reported" and event.county_code == "330602"


def test_a_correction_is_a_new_entry_with_a_reason(staff):
    first = report(staff, "yuecheng", "330602", "interns", SEP, 80)
    with pytest.raises(InputError) as e:
        report(staff, "yuecheng", "330602", "interns", SEP, 85)
    assert e.value.field == "comment" and "须说明原因" in e.value.message_zh
    second = report(staff, "yuecheng", "330602", "interns", SEP, 85, "漏报柯岩基地5人")
    assert second.id != first.id and second.corrects_id == first.id
    assert report(staff, "yuecheng", "330602", "interns", SEP, 85, "again") is None  # unchanged: no entry
    history = service.history(staff.session, user=staff["yuecheng"], plan_key=SX, jurisdiction="330602",
                              indicator="interns")
    assert [h.value for h in history] == [85, 80]
    assert staff.session.get(ActualEntry, first.id).value == 80  # the first stays as it was
    board = service.board(staff.session, user=staff["yuecheng"], plan_key=SX, month=SEP)
    assert board.cell("interns", "330602").actual == 85


def test_entries_cannot_be_changed_in_the_database(staff):
    e = report(staff, "yuecheng", "330602", "pwp_new", SEP, 60)
    staff.session.commit()
    for sql in (f"UPDATE target_actuals SET value = 1 WHERE id = {e.id}", f"DELETE FROM target_actuals WHERE id = {e.id}"):
        with pytest.raises(DBAPIError) as err, staff.session.begin_nested():
            staff.session.execute(text(sql))
        assert "append-only" in str(err.value)


@pytest.mark.parametrize(("raw", "field_msg"), [
    ("", "请填写"), ("abc", "应为数字"), ("-5", "不能为负数"), ("12.5", "最多保留0位小数")])
def test_bad_values_name_the_indicator(staff, raw, field_msg):
    with pytest.raises(InputError) as e:
        report(staff, "yuecheng", "330602", "interns", SEP, raw)
    assert field_msg in e.value.message_zh and "就业见习人数" in e.value.message_zh


def test_rates_and_money(staff):
    assert report(staff, "yuecheng", "330602", "key_group_assist_rate", SEP, "98.5%").value == 9850
    with pytest.raises(InputError) as e:
        report(staff, "yuecheng", "330602", "key_group_assist_rate", SEP, "101")
    assert "不超过100%" in e.value.message_zh
    assert report(staff, "yuecheng", "330602", "startup_loans", SEP, "3512.345678").value == 3_512_345_678  # fen


def test_months_outside_the_period_or_in_the_future_are_refused(staff):
    for month, words in ((date(2024, 1, 31), "不在目标期内"), (date(2022, 12, 31), "不在目标期内")):
        with pytest.raises(InputError) as e:
            report(staff, "yuecheng", "330602", "interns", month, 1)
        assert words in e.value.message_zh
    with pytest.raises(InputError) as e:
        service.record(staff.session, user=staff["yuecheng"], plan_key=SX, jurisdiction="330602",
                       indicator="interns", as_of=date(2023, 9, 30), value=1, today=date(2023, 8, 20))
    assert "未来" in e.value.message_zh


def test_only_the_county_itself_reports_and_the_city_total_is_never_entered(staff):
    with pytest.raises(NotFound):  # another county's row does not exist for 越城区
        report(staff, "yuecheng", "330603", "interns", SEP, 1)
    with pytest.raises(Forbidden):  # the city manager sees it but does not report for the county
        report(staff, "sx_manager", "330602", "interns", SEP, 1)
    with pytest.raises(Forbidden):
        report(staff, "sx_manager", "330600", "interns", SEP, 1)
    with pytest.raises(NotFound):  # Quzhou's manager does not see Shaoxing's plan
        service.board(staff.session, user=staff["qz_manager"], plan_key=SX)
    e = service.record(staff.session, user=staff["qz_manager"], plan_key="quzhou_2023_12", jurisdiction="330800",
                       indicator="wu.key_groups_assisted", as_of=date(2023, 12, 31), value=21000, today=TODAY)
    assert (e.county_code, e.city_code) == (None, "330800")


def test_scoping_of_plans_and_rows(staff):
    assert [p.key for p in service.visible_plans(staff["sx_manager"])] == [SX]
    assert [p.key for p in service.visible_plans(staff["yuecheng"])] == [SX]
    assert service.visible_plans(staff["kecheng"]) == []  # Quzhou's plan is city-wide: no county rows
    assert len(service.visible_plans(staff["admin"])) == 3
    assert service.visible(staff["yuecheng"], plan(SX)) == ("330602",)
    assert service.visible(staff["sx_manager"], plan(SX))[-1] == "330600"


def test_the_city_roll_up_is_the_sum_of_its_districts(staff):
    p = plan(SX)
    values = dict(zip(p.districts, (16800, 19000, 12000, 11900, 7000, 4300), strict=True))
    for county, value in values.items():
        user = staff["yuecheng"] if county == "330602" else staff["keqiao"] if county == "330603" else None
        if user is None:  # a caseworker of that county
            from jiuye.accounts import service as accounts

            user = accounts.create(db_session=staff.session, username=f"tt_{county}", display_name=county,
                                   password_hash=staff["yuecheng"].password_hash, role="county_caseworker",
                                   county_code=county)
        service.record(staff.session, user=user, plan_key=SX, jurisdiction=county, indicator="new_urban_jobs",
                       as_of=SEP, value=value, today=TODAY)
    board = service.board(staff.session, user=staff["sx_manager"], plan_key=SX, month=SEP)
    total = board.cell("new_urban_jobs", "330600")
    assert total.actual == sum(values.values()) == 71000
    assert total.source == "sum" and total.reported == 6
    assert total.progress.status == "on_track"  # 71000 / 95000 = 74.7% of the year, 75% elapsed
    # a county sees its own row only
    own = service.board(staff.session, user=staff["yuecheng"], plan_key=SX, month=SEP)
    assert own.jurisdictions == ("330602",) and ("new_urban_jobs", "330600") not in own.cells


def test_a_missing_district_leaves_the_total_unknown(staff):
    report(staff, "yuecheng", "330602", "new_urban_jobs", SEP, 16800)
    board = service.board(staff.session, user=staff["sx_manager"], plan_key=SX, month=SEP)
    total = board.cell("new_urban_jobs", "330600")
    assert total.actual is None and total.reported == 1 and total.progress.status == "unknown"
    assert board.cell("new_urban_jobs", "330603").progress.status == "unknown"


def test_the_latest_month_up_to_the_board_month_is_used(staff):
    report(staff, "yuecheng", "330602", "interns", date(2023, 7, 31), 70)
    report(staff, "yuecheng", "330602", "interns", date(2023, 9, 30), 100)
    assert service.default_month(staff.session, plan(SX), ("330602",)) == SEP
    aug = service.board(staff.session, user=staff["yuecheng"], plan_key=SX, month=date(2023, 8, 31))
    cell = aug.cell("interns", "330602")
    assert (cell.actual, cell.as_of) == (Decimal(70), date(2023, 7, 31))
    # 70 / 130 = 53.8% against 7/12 = 58.3% elapsed (the figure's own month): on track
    assert cell.progress.status == "on_track"
    series = service.monthly(staff.session, plan(SX), ("330602",), SEP, "interns")
    assert series == {("interns", "330602", date(2023, 7, 31)): 70, ("interns", "330602", SEP): 100}


def test_alerts_list_what_is_behind_worst_first(staff):
    report(staff, "yuecheng", "330602", "interns", SEP, 30)  # 23% vs 75%
    report(staff, "yuecheng", "330602", "pwp_new", SEP, 60)  # 60% vs 75%: behind by 15
    report(staff, "yuecheng", "330602", "new_urban_jobs", SEP, 17000)  # 77%: on track
    board = service.board(staff.session, user=staff["yuecheng"], plan_key=SX, month=SEP)
    assert [(c.indicator.key, c.progress.gap_points) for c in board.alerts()] == [
        ("interns", Decimal("-51.9")), ("pwp_new", Decimal("-15.0"))]


def test_the_city_total_waits_until_every_district_reports_the_month(shaoxing):
    """The demo has every district to September; 越城区 reports October first."""
    p = plan(SX)
    assert service.default_month(shaoxing.session, p, p.jurisdictions) == SEP
    report(shaoxing, "yuecheng", "330602", "new_urban_jobs", date(2023, 10, 31), 20500)
    assert service.default_month(shaoxing.session, p, p.jurisdictions) == SEP  # not every district has October
    assert service.default_month(shaoxing.session, p, ("330602",)) == date(2023, 10, 31)
    oct_board = service.board(shaoxing.session, user=shaoxing["sx_manager"], plan_key=SX, month=date(2023, 10, 31))
    total = oct_board.cell("new_urban_jobs", "330600")
    assert total.actual is None and total.reported == 1
    stale = oct_board.cell("new_urban_jobs", "330603")
    assert stale.as_of == SEP and stale.actual is not None  # shown with its month, not summed into October
    sep_board = service.board(shaoxing.session, user=shaoxing["sx_manager"], plan_key=SX)
    assert sep_board.month == SEP and sep_board.cell("new_urban_jobs", "330600").reported == 6
