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
