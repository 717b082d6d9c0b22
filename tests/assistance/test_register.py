"""The register: entries, merging by ID number, scoping, the 动态清零 watch list, placements."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from jiuye.assistance import service, watch
from jiuye.assistance.models import EmploymentSpell, GroupSpell, RegisterPerson
from jiuye.audit.models import AuditEvent
from jiuye.catalogue.model import normalise, seed_normalised
from jiuye.errors import Forbidden, InputError, NotFound
from jiuye.ids import make_id_number
from jiuye.rules.documents import DOCUMENTS

from .conftest import TODAY, entry, woman_46


def test_the_three_months_are_the_documents():
    # 绍市人社发〔2023〕28号 10.：确保有就业意愿和就业能力的在 3 个月内实现动态清零
    assert normalise(watch.WATCH_CLAUSE) in seed_normalised(DOCUMENTS["sx_2023_28"].seed_file)
    assert watch.WATCH_MONTHS == 3


def test_a_willing_and_able_person_is_on_the_watch_list_with_days_left(world, registered):
    rows, total = watch.watch_list(world.session, world["shangcheng"], today=TODAY)
    assert total == 1
    row = rows[0]
    assert row.id == registered.id and row.watch_since == date(2026, 5, 1)
    assert row.days_since == (TODAY - date(2026, 5, 1)).days == 219
    assert row.days_left == (date(2026, 8, 1) - TODAY).days == -127
    assert row.overdue


def test_overdue_first_then_by_days_left(world, registered):
    later = service.add_person(world.session, world["shangcheng"],
                               entry(woman_46(333), entered="2026-11-20"), today=TODAY)
    rows, _ = watch.watch_list(world.session, world["shangcheng"], today=TODAY)
    assert [r.id for r in rows] == [registered.id, later.id]
    assert not rows[1].overdue and rows[1].days_left == (date(2027, 2, 20) - TODAY).days


def test_not_willing_or_not_able_or_not_known_is_not_watched(world):
    u = world["shangcheng"]
    for seq, (w, a) in enumerate((("否", "是"), ("是", "否"), (None, "是")), 400):
        service.add_person(world.session, u, entry(woman_46(seq), willing=w, able=a), today=TODAY)
    assert watch.watch_list(world.session, u, today=TODAY)[1] == 0


def test_willing_from_a_later_observation_starts_the_clock_then(world):
    u = world["shangcheng"]
    p = service.add_person(world.session, u, entry(woman_46(), willing="否"), today=TODAY)
    assert not p.on_watch
    service.observe(world.session, u, p.id, observed_on=date(2026, 10, 1), willing=True, able=True, today=TODAY)
    assert p.on_watch and p.watch_since == date(2026, 10, 1)


def test_duplicates_merge_by_id_number(world, registered):
    again = service.add_person(world.session, world["shangcheng"],
                               entry(woman_46(), groups="低保低边家庭成员", entered="2026-06-01"), today=TODAY)
    assert again.id == registered.id
    groups = world.session.scalars(select(GroupSpell.group_code).where(GroupSpell.register_id == again.id)).all()
    assert sorted(groups) == ["dibao_family", "registered_unemployed"]
    assert world.session.scalar(select(func.count()).select_from(RegisterPerson)) == 1


def test_a_wrong_check_character_names_the_field_in_chinese():
    bad = woman_46()[:-1] + ("0" if woman_46()[-1] != "0" else "1")
    with pytest.raises(InputError) as e:
        entry(bad)
    assert e.value.field == "id_number" and e.value.message_zh.startswith("身份证号：")


def test_another_county_sees_none_of_it(world, registered):
    kecheng = world["kecheng"]
    assert watch.watch_list(world.session, kecheng, today=TODAY) == ([], 0)
    with pytest.raises(NotFound):
        service.get_person(world.session, kecheng, registered.id)
    with pytest.raises(Forbidden):  # nor may it write into another county's register
        service.add_person(world.session, kecheng, entry(woman_46(777)), today=TODAY)
    assert watch.watch_list(world.session, world["hz_manager"], today=TODAY)[1] == 1
    assert watch.watch_list(world.session, world["qz_manager"], today=TODAY)[1] == 0
    assert watch.watch_list(world.session, world["admin"], today=TODAY)[1] == 1


def test_a_placement_clears_the_watch_and_is_audited(world, registered):
    s = world.session
    spell = service.record_placement(s, id_number=registered.id_number, employer_name="杭州某物业公司",
                                     county="330102", start=date(2026, 12, 1), source="jobs", actor=None)
    assert spell is not None and spell.start_date == date(2026, 12, 1)
    s.refresh(registered)
    assert registered.employed and not registered.on_watch and registered.watch_since is None
    assert watch.watch_list(s, world["shangcheng"], today=TODAY)[1] == 0
    ev = s.scalar(select(AuditEvent).where(AuditEvent.action == "assistance.placement"))
    assert ev is not None and registered.id_number not in ev.details and "330102********" in ev.details


def test_placement_of_someone_not_on_the_register_is_a_no_op(world):
    s = world.session
    other = make_id_number("330102", date(1970, 1, 1), 555, "M")
    assert service.record_placement(s, id_number=other, employer_name="x", county="330102",
                                    start=date(2026, 12, 1), source="jobs") is None
    assert s.scalar(select(func.count()).select_from(EmploymentSpell)) == 0


def test_job_ending_brings_the_person_back_with_a_fresh_clock(world, registered):
    s, u = world.session, world["shangcheng"]
    spell = service.placement(s, u, registered.id, employer_name="某公司", start=date(2026, 9, 1), today=TODAY)
    service.end_employment(s, u, registered.id, spell_id=spell.id, end=date(2026, 11, 30), today=TODAY)
    assert registered.on_watch and registered.watch_since == date(2026, 12, 1)


def test_the_daily_job_agrees_with_the_per_person_refresh(world, registered):
    s, u = world.session, world["shangcheng"]
    p2 = service.add_person(s, u, entry(woman_46(334), entered="2026-03-01"), today=TODAY)
    spell = service.placement(s, u, p2.id, employer_name="某公司", start=date(2026, 4, 1), today=date(2026, 4, 2))
    spell.end_date = date(2026, 6, 30)  # the job ended; nobody told the register yet
    s.flush()
    assert watch.refresh_all(s, TODAY) == 2
    s.expire_all()
    p2 = s.get(RegisterPerson, p2.id)
    assert p2.on_watch and p2.watch_since == date(2026, 7, 1) and not p2.employed


def test_services_and_assistance_rate_per_county_and_group(world, registered):
    s, u = world.session, world["shangcheng"]
    service.add_person(s, u, entry(woman_46(335), groups="离校未就业高校毕业生"), today=TODAY)
    service.record_service(s, u, registered.id, kind="job_referral", service_date=date(2026, 11, 2),
                           job_title="保洁主管", employer_name="杭州某物业公司", outcome="已推荐面试", today=TODAY)
    with pytest.raises(InputError) as e:
        service.record_service(s, u, registered.id, kind="job_referral", service_date=date(2026, 11, 2), today=TODAY)
    assert e.value.field == "job_title"
    figures = {f.county_code: f for f in service.county_figures(s, "330100", date(2026, 1, 1), date(2026, 12, 31))}
    sc = figures["330102"]
    assert (sc.people, sc.served) == (2, 1) and sc.rate == pytest.approx(0.5)
    assert sc.by_group["registered_unemployed"].rate == 1
    assert sc.by_group["graduate_unemployed"].rate == 0
    assert figures["330105"].people == 0 and figures["330105"].rate is None  # not known, never zero
    assert "330802" not in figures


def test_county_summaries(world, registered):
    rows = watch.county_summaries(world.session, world["hz_manager"], today=TODAY)
    assert [(r.county_code, r.people, r.on_watch, r.overdue) for r in rows] == [("330102", 1, 1, 1)]
    assert watch.county_summaries(world.session, world["qz_manager"], today=TODAY) == []


def test_overdue_cutoff_matches_add_months_at_month_ends():
    from datetime import timedelta

    for today in (date(2026, 5, 31), date(2026, 3, 1), date(2026, 2, 28), date(2024, 2, 29), date(2026, 12, 6)):
        cut = watch.overdue_cutoff(today)
        assert watch.watch_deadline(cut) < today <= watch.watch_deadline(cut + timedelta(days=1))
