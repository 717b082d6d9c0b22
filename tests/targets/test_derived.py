"""Figures derived from the system: guaranteed loans granted and startup support, with the query
in plain words; not offered where the system holds no such records (not known, never zero)."""

from __future__ import annotations

import secrets
from datetime import UTC, date, datetime
from decimal import Decimal

from jiuye.applications import service as applications
from jiuye.applications.models import Application, Entitlement
from jiuye.catalogue.registry import CATALOGUE
from jiuye.ids import make_id_number
from jiuye.targets import derived, service

SEP = date(2023, 9, 30)


def granted(staff, county, provision, amount_fen, decided, status="approved", n=1):
    person = applications.upsert_person(staff.session, make_id_number(county, date(1990, 1, n), 100 + n, "M"),
                                        "测试", county)
    p = CATALOGUE.provisions[provision]
    app = Application(idempotency_key=secrets.token_hex(8), request_hash="x", provision_id=provision,
                      benefit_type=p.benefit_type, subject_kind="person", subject_key=f"P:{person}",
                      person_id=person, county_code=county, city_code=county[:4] + "00",
                      application_date=decided.date(), period_start=decided.date(), status=status,
                      claim_period_start=decided.date(), claim_period_end=decided.date(),
                      submitted_by_user_id=staff["yuecheng"].id, engine_outcome="eligible", ruleset_version="t",
                      input_snapshot={}, explanation={}, approved_amount_fen=amount_fen if status == "approved" else None,
                      decided_at=decided if status == "approved" else None, loan_months=24)
    staff.session.add(app)
    staff.session.flush()
    if status == "approved":
        staff.session.add(Entitlement(application_id=app.id, subject_key=app.subject_key, provision_id=provision,
                                      benefit_type=p.benefit_type, period="one_time", amount_fen=amount_fen,
                                      comparable_fen=amount_fen, start_date=decided.date(), months=24))
        staff.session.flush()
    return app


def test_the_provision_lists_exist():
    assert derived.GUARANTEED_LOANS == ("hz_2022_draft.si.enterprise_loan", "hz_2022_draft.si.personal_loan",
                                        "zj_2021_22.qi.loan_amount")
    assert all(p in CATALOGUE.provisions for p in derived.STARTUP_SUPPORT)


def test_loans_granted_add_up_the_approved_amounts_of_the_period(staff):
    loan = "hz_2022_draft.si.personal_loan"
    granted(staff, "330602", loan, 30_000_000, datetime(2023, 3, 1, 2, tzinfo=UTC), n=1)  # ¥300,000
    granted(staff, "330602", loan, 50_000_000, datetime(2023, 9, 30, 10, tzinfo=UTC), n=2)  # 18:00 in China
    granted(staff, "330602", loan, 20_000_000, datetime(2023, 9, 30, 16, 30, tzinfo=UTC), n=3)  # 1 Oct in China
    granted(staff, "330602", loan, 10_000_000, datetime(2023, 5, 1, tzinfo=UTC), status="pending_review", n=4)
    granted(staff, "330603", loan, 40_000_000, datetime(2023, 5, 1, tzinfo=UTC), n=5)
    fig = derived.loans_granted(staff.session, "330602", date(2023, 1, 1), SEP)
    assert fig.value == 80_000_000 and fig.records == 2  # ¥800,000 = 80 万元
    assert "越城区" in fig.query_zh and "2023-01-01 至 2023-09-30" in fig.query_zh and "2 笔" in fig.query_zh
    assert "个人创业担保贷款" in fig.query_zh
    city = derived.loans_granted(staff.session, "330600", date(2023, 1, 1), SEP)
    assert city.value == 120_000_000
    # the board uses it where nothing was reported, and says where it came from
    board = service.board(staff.session, user=staff["sx_manager"], plan_key="sx_2023_28", month=SEP)
    cell = board.cell("startup_loans", "330602")
    assert (cell.actual, cell.source) == (Decimal(80), "derived")
    assert cell.derived.query_zh == fig.query_zh
    # a reported figure takes precedence; the derived one stays beside it as a check
    service.record(staff.session, user=staff["yuecheng"], plan_key="sx_2023_28", jurisdiction="330602",
                   indicator="startup_loans", as_of=SEP, value="3500", today=date(2024, 1, 1))
    board = service.board(staff.session, user=staff["sx_manager"], plan_key="sx_2023_28", month=SEP)
    cell = board.cell("startup_loans", "330602")
    assert (cell.actual, cell.source, cell.derived.value) == (Decimal(3500), "entry", 80_000_000)


def test_no_records_there_means_not_known(staff):
    fig = derived.loans_granted(staff.session, "330683", date(2023, 1, 1), SEP)
    assert fig.value is None and "没有该地的此类业务记录" in fig.query_zh
    board = service.board(staff.session, user=staff["sx_manager"], plan_key="sx_2023_28", month=SEP)
    assert board.cell("startup_loans", "330683").actual is None


def test_startup_support_counts_each_subject_once(staff):
    first = granted(staff, "330603", "hz_2022_draft.san.startup_subsidy", 300_000,
                    datetime(2023, 4, 1, tzinfo=UTC), n=7)
    granted(staff, "330603", "hz_2022_draft.si.personal_loan", 30_000_000, datetime(2023, 6, 1, tzinfo=UTC), n=7)
    granted(staff, "330603", "hz_2022_draft.san.startup_si_subsidy", 500_000, datetime(2023, 6, 1, tzinfo=UTC), n=8)
    granted(staff, "330603", "hz_2022_draft.shiwu.certificate_subsidy", 200_000, datetime(2023, 6, 1, tzinfo=UTC),
            n=9)  # training: not startup support
    assert first.subject_key
    fig = derived.startup_supported(staff.session, "330603", date(2023, 1, 1), SEP)
    assert fig.value == 2 and "每" not in fig.query_en
    assert "同一对象获批多项只计一次" in fig.query_zh


# --- from the key-group register (jiuye.assistance) and the gig market (jiuye.jobs) -----------------
def register(staff, county, n, *, served_on=None, employed_on=None, certified=True, group="difficulty"):
    from jiuye.assistance.models import EmploymentSpell, GroupSpell, RegisterPerson, Service

    person = RegisterPerson(id_number=make_id_number(county, date(1980, 1, n), 300 + n, "F"), name="测试",
                            gender="F", birth_date=date(1980, 1, n), county_code=county, city_code=county[:4] + "00",
                            entered_on=date(2023, 1, 5))
    staff.session.add(person)
    staff.session.flush()
    staff.session.add(GroupSpell(register_id=person.id, county_code=county, group_code=group,
                                 start_date=date(2023, 1, 5), source="form"))
    if served_on:
        staff.session.add(Service(register_id=person.id, county_code=county, kind="guidance", service_date=served_on,
                                  provider="测试"))
    if employed_on:
        staff.session.add(EmploymentSpell(register_id=person.id, employer_name="某公司", county_code=county,
                                          start_date=employed_on, source="form", difficulty_certified=certified))
    staff.session.flush()


def test_key_group_figures_come_from_the_register(staff):
    register(staff, "330602", 1, served_on=date(2023, 2, 1), employed_on=date(2023, 3, 1))
    register(staff, "330602", 2, served_on=date(2023, 8, 1), employed_on=date(2023, 10, 1))  # job after September
    register(staff, "330602", 3)  # never served
    register(staff, "330602", 4, served_on=date(2023, 9, 9), employed_on=date(2023, 6, 1), certified=False)
    employed = derived.difficulty_employed(staff.session, "330602", date(2023, 1, 1), SEP)
    assert employed.value == 1 and "就业困难人员" in employed.query_zh
    rate = derived.assist_rate(staff.session, "330602", date(2023, 1, 1), SEP)
    assert rate.value == 7500 and "3 ÷ 4" in rate.query_zh  # 75.00%, in hundredths of a percent
    board = service.board(staff.session, user=staff["sx_manager"], plan_key="sx_2023_28", month=SEP)
    assert board.cell("key_group_assist_rate", "330602").actual == Decimal(75)
    assert board.cell("key_group_assist_rate", "330602").progress.status == "behind"  # 帮扶率达 100%
    assert board.cell("difficulty_reemployed", "330602").source == "derived"
    # a county whose register is empty: not known
    assert derived.assist_rate(staff.session, "330603", date(2023, 1, 1), SEP).value is None
    assert board.cell("key_group_assist_rate", "330603").actual is None


def test_quzhou_key_groups_assisted_adds_up_its_counties(staff):
    register(staff, "330802", 11, served_on=date(2023, 4, 1))
    register(staff, "330803", 12, served_on=date(2024, 4, 1), group="registered_unemployed")
    register(staff, "330803", 13)
    fig = derived.key_groups_assisted(staff.session, "330800", date(2023, 1, 1), date(2024, 12, 31))
    assert fig.value == 2 and "衢州市" in fig.query_zh
    board = service.board(staff.session, user=staff["qz_manager"], plan_key="quzhou_2023_12",
                          month=date(2024, 12, 31))
    assert board.cell("wu.key_groups_assisted", "330800").actual == 2


def test_gig_placements_are_shown_for_information(staff):
    from jiuye.jobs.models import Hire, JobApplication, JobPosting, JobSeeker

    assert [f.key for f in derived.INFO] == ["gig_placements", "campaign_confirmed"]
    none = derived.gig_placements(staff.session, "330602", date(2023, 1, 1), SEP)
    assert none.value is None and "没有零工市场岗位" in none.query_zh
    boss = applications.upsert_person(staff.session, make_id_number("330602", date(1971, 2, 3), 501, "M"), "王五",
                                      "330602")
    posting = JobPosting(employer_kind="person", person_id=boss, employer_name="王五",
                         posted_by_user_id=staff["yuecheng"].id, title="搬运", occupation_code="4-02", skills=[],
                         certificates=[], county_code="330602", city_code="330600", pay_kind="hourly",
                         pay_min_fen=3000, start_date=date(2023, 5, 1), headcount=2, wage_check="ok", wage_basis={})
    staff.session.add(posting)
    staff.session.flush()
    for n, start in enumerate((date(2023, 5, 2), date(2023, 11, 2)), 1):
        worker = applications.upsert_person(staff.session, make_id_number("330602", date(1995, 3, n), 600 + n, "M"),
                                            "赵六", "330602")
        seeker = JobSeeker(person_id=worker, display_name="赵*", skills=[], certificates=[], occupations=[],
                           county_code="330602", city_code="330600", reachable_counties=[])
        staff.session.add(seeker)
        staff.session.flush()
        app = JobApplication(posting_id=posting.id, seeker_id=seeker.id, status="hired")
        staff.session.add(app)
        staff.session.flush()
        staff.session.add(Hire(application_id=app.id, posting_id=posting.id, person_id=worker, employer_name="王五",
                               county_code="330602", city_code="330600", start_date=start,
                               created_by_user_id=staff["yuecheng"].id))
    staff.session.flush()
    fig = derived.gig_placements(staff.session, "330602", date(2023, 1, 1), SEP)
    assert fig.value == 1 and "零工市场" in fig.query_zh  # the November hire is after September
    assert derived.gig_placements(staff.session, "330600", date(2023, 1, 1), date(2023, 12, 31)).value == 2
