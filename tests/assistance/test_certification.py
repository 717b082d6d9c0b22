"""就业困难人员 certification: the engine's route and clause, the period to the retirement month,
evidence, decision, review, and exit (注销 on employment, or lapse) closing the spell."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from jiuye.assistance import certification as cert_service
from jiuye.assistance import service
from jiuye.assistance.models import GroupSpell
from jiuye.audit.models import AuditEvent
from jiuye.errors import Forbidden, InvalidTransition, NotFound

from .conftest import TODAY, entry, woman_46

STATED = {"registered_unemployed": True, "unemployed_registered_on": date(2026, 5, 1),
          "difficulty_subsidy_exhausted": False}
NO_OTHER_ROUTE = {"disabled_certified": False, "dibao_family": False, "near_dibao_family": False,
                  "zero_employment_household": False, "receiving_unemployment_insurance": False}


def _apply(world, p, **kw):
    return cert_service.apply(world.session, world["shangcheng"], p.id, via="hukou", stated=STATED,
                              applied_on=TODAY, today=TODAY, **kw)


def test_a_46_year_old_woman_unemployed_7_months_is_certified_to_her_retirement_month(world, registered):
    # 杭州（九）：连续登记失业半年以上的女 45 周岁……以上人员 may be certified; 初次核定享受补贴政策时女 45 周岁……
    # 以上人员，补贴期限可至法定退休年龄当月. Born 1980-05 (a woman worker): 50 + 33 months → 2033-02.
    c = _apply(world, registered)
    app = c.engine["application"]
    assert app["outcome"] == "eligible"
    assert app["routes"] == ["连续登记失业半年以上的女45、男55周岁以上人员"]
    assert "下列登记失业人员可在户籍地或常住地申请就业困难人员认定" in app["clause"]
    assert app["citation"].endswith("三（九）")
    cert_service.add_evidence(world.session, world["shangcheng"], c.id, kind="失业登记证明", reference="SC-2026-001",
                              received_on=TODAY)
    c = cert_service.decide(world.session, world["shangcheng"], c.id, approve=True, reason="符合年龄和失业时长",
                            decided_on=TODAY, next_review_on=date(2027, 6, 1), today=TODAY)
    assert c.status == "certified" and c.certificate_no.startswith("JYKN-330102-2026-")
    assert c.subsidy_months == 75 and c.subsidy_until_month == "2033-02"
    assert c.engine["period"]["retirement_month"] == "2033-02" and c.engine["period"]["to_retirement"]
    assert c.valid_until == date(2033, 2, 28)
    spell = world.session.scalar(select(GroupSpell).where(GroupSpell.register_id == registered.id,
                                                          GroupSpell.group_code == "difficulty"))
    assert spell.start_date == TODAY and spell.end_date is None


def test_a_cadre_retires_later(world):
    p = service.add_person(world.session, world["shangcheng"], entry(woman_46(), female_category="女干部"), today=TODAY)
    c = _apply(world, p)
    c = cert_service.decide(world.session, world["shangcheng"], c.id, approve=True, reason="ok", today=TODAY)
    assert c.subsidy_until_month == "2038-01"  # 55 + 32 months


def test_under_six_months_unemployed_is_not_eligible_with_the_failed_condition(world, registered):
    c = cert_service.apply(world.session, world["shangcheng"], registered.id, via="hukou",
                           stated={**STATED, **NO_OTHER_ROUTE, "unemployed_registered_on": date(2026, 8, 1)}, applied_on=TODAY, today=TODAY)
    assert c.engine_outcome == "not_eligible"
    failed = [x["label"] for x in c.engine["application"]["conditions"] if x["value"] is False]
    assert failed == ["符合认定情形之一"]
    with pytest.raises(InvalidTransition):
        cert_service.decide(world.session, world["shangcheng"], c.id, approve=True, reason="x", today=TODAY)
    c = cert_service.decide(world.session, world["shangcheng"], c.id, approve=False, reason="失业未满半年", today=TODAY)
    assert c.status == "rejected"


def test_placement_cancels_the_certification_and_closes_the_spell(world, registered):
    c = _apply(world, registered)
    cert_service.decide(world.session, world["shangcheng"], c.id, approve=True, reason="ok", today=TODAY)
    spell = service.record_placement(world.session, id_number=registered.id_number, employer_name="杭州某物业公司",
                                     county="330102", start=TODAY, source="register", actor=world["shangcheng"])
    assert spell.difficulty_certified
    world.session.refresh(c)
    assert c.status == "cancelled" and c.ended_on == TODAY and "注销其就业困难人员身份" in c.end_reason
    g = world.session.scalar(select(GroupSpell).where(GroupSpell.group_code == "difficulty"))
    assert g.end_date == TODAY
    figures = service.county_figures(world.session, "330102", date(2026, 1, 1), date(2026, 12, 31))
    assert figures[0].difficulty_employed == 1
    actions = set(world.session.scalars(select(AuditEvent.action)))
    assert {"assistance.cert_applied", "assistance.cert_certified", "assistance.cert_cancelled"} <= actions


def test_review_and_exit_on_lapse(world, registered):
    u = world["shangcheng"]
    c = _apply(world, registered)
    cert_service.decide(world.session, u, c.id, approve=True, reason="ok", today=TODAY)
    result = cert_service.review(world.session, u, c.id, reviewed_on=TODAY, note="电话回访", next_review_on=None,
                                 stated={"registered_unemployed": False})
    assert result["outcome"] == "not_eligible"
    c = cert_service.exit_lapse(world.session, u, c.id, on=TODAY, reason="已不再登记失业", today=TODAY)
    assert c.status == "lapsed" and c.ended_on == TODAY
    kinds = [e.kind for e in cert_service.history(world.session, registered.id)[0][1]]
    assert kinds == ["applied", "certified", "reviewed", "lapsed"]


def test_only_the_receiving_county_decides_and_others_do_not_see_it(world, registered):
    c = _apply(world, registered)
    with pytest.raises(NotFound):
        cert_service.decide(world.session, world["kecheng"], c.id, approve=True, reason="x", today=TODAY)
    with pytest.raises(Forbidden):
        cert_service.decide(world.session, world["hz_manager"], c.id, approve=True, reason="x", today=TODAY)
    with pytest.raises(InvalidTransition):  # one open application at a time
        _apply(world, registered)


def test_the_cut_off_reading_can_leave_the_period_not_known(monkeypatch):
    # 2022 年*月*日后认定: with the day blank, only a certification during 2022 is left undecided; a later one is
    # after any day of 2022 (the printed year decides, reading hz-cutoff-year)
    monkeypatch.setattr(cert_service, "BLANK_CUTOFF_READING", "unknown")
    facts = {"hukou_adcode": "330102", "female_category": "worker", "birth_date": "1980-05-10", "gender": "F"}
    out = cert_service.subsidy_period(facts, date(2022, 6, 1))
    assert out["months"] is None and out["reading"] is None
    later = cert_service.subsidy_period({"id_number": woman_46(), **facts}, TODAY)
    assert later["months"] is not None and later["reading"] is None


def test_reviews_due_are_listed_for_the_county(world, registered):
    c = _apply(world, registered)
    cert_service.decide(world.session, world["shangcheng"], c.id, approve=True, reason="ok",
                        next_review_on=date(2026, 12, 10), today=TODAY)
    due = cert_service.reviews_due(world.session, world["shangcheng"], TODAY)
    assert [x.id for x, _ in due] == [c.id]
    assert cert_service.reviews_due(world.session, world["shangcheng"], TODAY, within_days=2) == []
    assert cert_service.reviews_due(world.session, world["kecheng"], TODAY) == []
