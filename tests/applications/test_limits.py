"""The documents' caps, enforced by the database transaction, with the clause in the reason."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select, text, update
from sqlalchemy.exc import IntegrityError

from jiuye.applications import service as apps
from jiuye.applications.models import (
    Application,
    CertificateClaim,
    EmployeeClaim,
    Entitlement,
    LoanSlot,
    Payment,
    SubjectLedger,
    TrainingSlot,
)
from jiuye.errors import Conflict, InputError, LimitExceeded
from jiuye.ids import make_id_number
from tests.dbfixtures import loan, startup_employment, training


def emp(i: int) -> dict[str, str]:
    return {"id_number": make_id_number("330802", date(1995, 1, i), 100 + i, "M" if i % 2 else "F"), "name": f"员工{i}"}


def failed_ids(app: Application) -> list[str]:
    r = next(r for r in app.explanation["results"] if r["provision_id"] == app.provision_id)
    return [c["id"] for c in r["failed_conditions"]]


def test_a_fourth_training_subsidy_in_a_year_is_not_eligible(world):
    # 杭州征求意见稿（十五）: 原则上每人每年可享受不超过 3 次
    for level, occ in ((5, "电工"), (4, "焊工"), (3, "育婴员")):
        a, _ = apps.submit(db_session=world.session, user=world["zhang"], payload=training(level=level, occupation=occ,
                                                                                         on="2026-03-01"))
        assert a.status == "pending_review"
    fourth, _ = apps.submit(db_session=world.session, user=world["zhang"], payload=training(level=2, occupation="厨师",
                                                                                          on="2026-04-01"))
    assert fourth.status == "not_eligible" and "max_3_a_year" in failed_ids(fourth)
    slots = world.session.scalars(select(TrainingSlot.slot).order_by(TrainingSlot.slot)).all()
    assert slots == [1, 2, 3]


def test_next_year_starts_again(world):
    for level, occ in ((5, "电工"), (4, "焊工"), (3, "育婴员")):
        apps.submit(db_session=world.session, user=world["zhang"], payload=training(level=level, occupation=occ,
                                                                                  on="2025-12-01"))
    a, _ = apps.submit(db_session=world.session, user=world["zhang"], payload=training(level=2, occupation="厨师",
                                                                                     on="2026-01-05"))
    assert a.status == "pending_review"


def test_the_same_certificate_occupation_and_level_once(world):
    # 同一职业（项目）同一等级不可重复享受
    apps.submit(db_session=world.session, user=world["zhang"], payload=training(on="2025-06-01"))
    again, _ = apps.submit(db_session=world.session, user=world["zhang"], payload=training(on="2026-06-01"))
    assert again.status == "not_eligible" and "not_same_certificate" in failed_ids(again)
    other_level, _ = apps.submit(db_session=world.session, user=world["zhang"], payload=training(level=2, on="2026-06-01"))
    assert other_level.status == "pending_review"


def test_a_rejected_application_gives_its_certificate_back(world):
    first, _ = apps.submit(db_session=world.session, user=world["zhang"], payload=training(on="2026-06-01"))
    apps.reject(db_session=world.session, user=world["shangcheng"], application_id=first.id, reason="材料不全")
    again, _ = apps.submit(db_session=world.session, user=world["zhang"], payload=training(on="2026-06-02"))
    assert again.status == "pending_review"


def test_a_certificate_number_once_in_all(world):
    apps.submit(db_session=world.session, user=world["zhang"], payload=training(cert_no="CERT-0001", on="2026-06-01"))
    with pytest.raises(LimitExceeded) as exc:
        apps.submit(db_session=world.session, user=world["kecheng"],
                    payload=training(id_number=make_id_number("330802", date(1991, 2, 3), 55, "M"), cert_no="CERT-0001",
                                     occupation="焊工", county_code="330802", on="2026-06-01"))
    assert exc.value.field == "case.person.certificate_no"
    assert world.session.scalar(select(func.count()).select_from(Application)) == 1


def test_the_database_refuses_a_fourth_training_slot_and_a_duplicate_certificate(world):
    # the backstop: even written directly, the constraints hold
    a, _ = apps.submit(db_session=world.session, user=world["zhang"], payload=training(on="2026-06-01"))
    with pytest.raises(IntegrityError), world.session.begin_nested():
        world.session.add(TrainingSlot(subject_key=a.subject_key, year=2026, slot=4, application_id=a.id))
    with pytest.raises(IntegrityError), world.session.begin_nested():
        world.session.add(CertificateClaim(subject_key=a.subject_key, occupation="电工", level=3, application_id=a.id))


def test_loans_at_most_three_times(world):
    # 杭州征求意见稿（四）: 贷款次数累计不超过 3 次
    for _ in range(3):
        a, _ = apps.submit(db_session=world.session, user=world["shangcheng"], payload=loan(world.ids["zhang"], months=6))
        assert a.status == "pending_review"
    fourth, _ = apps.submit(db_session=world.session, user=world["shangcheng"], payload=loan(world.ids["zhang"], months=6))
    assert fourth.status == "not_eligible" and "loan_count" in failed_ids(fourth)
    ledger = world.session.scalar(select(SubjectLedger).where(SubjectLedger.subject_key == a.subject_key))
    assert (ledger.loan_count, ledger.loan_months) == (3, 18)


def test_loans_at_most_three_years_in_total(world):
    # 贷款期限累计不超过 3 年: 24 months, then 12 more fit, then nothing
    a, _ = apps.submit(db_session=world.session, user=world["shangcheng"], payload=loan(world.ids["zhang"], months=24))
    with pytest.raises(LimitExceeded) as exc:
        apps.submit(db_session=world.session, user=world["shangcheng"], payload=loan(world.ids["zhang"], months=18))
    assert exc.value.field == "months" and "12" in exc.value.message_zh
    b, _ = apps.submit(db_session=world.session, user=world["shangcheng"], payload=loan(world.ids["zhang"], months=12))
    assert b.status == "pending_review"
    c, _ = apps.submit(db_session=world.session, user=world["shangcheng"], payload=loan(world.ids["zhang"], months=1))
    assert c.status == "not_eligible" and "loan_months" in failed_ids(c)
    with pytest.raises(IntegrityError), world.session.begin_nested():  # the ledger's CHECK
        world.session.execute(update(SubjectLedger).where(SubjectLedger.subject_key == a.subject_key)
                              .values(loan_months=37))


def test_an_approved_loan_has_no_budget_payments(world):
    a, _ = apps.submit(db_session=world.session, user=world["shangcheng"],
                       payload=loan(world.ids["zhang"], months=24, amount_fen=30_000_000))
    a = apps.approve(db_session=world.session, user=world["shangcheng"], application_id=a.id)
    ent = world.session.scalar(select(Entitlement).where(Entitlement.application_id == a.id))
    assert a.approved_amount_fen == 30_000_000 and ent.months == 24
    assert world.session.scalar(select(func.count()).select_from(Payment)) == 0
    assert world.session.scalar(select(LoanSlot.months)) == 24


def test_each_employee_claimed_once_per_benefit_and_year(world):
    first, _ = apps.submit(db_session=world.session, user=world["firm"],
                           payload=startup_employment(world.ids["firm"], employees=[emp(1), emp(2)]))
    assert first.status == "pending_review"
    with pytest.raises(LimitExceeded) as exc:
        apps.submit(db_session=world.session, user=world["firm"],
                    payload=startup_employment(world.ids["firm"], employees=[emp(3), emp(2)], on="2025-07-01"))
    assert exc.value.field == "employees" and "****" in exc.value.message_zh
    # the next year the same employee may be claimed again (a yearly subsidy)
    nxt, _ = apps.submit(db_session=world.session, user=world["firm"],
                         payload=startup_employment(world.ids["firm"], employees=[emp(2)], on="2026-01-05"))
    assert nxt.id
    with pytest.raises(IntegrityError), world.session.begin_nested():
        world.session.add(EmployeeClaim(application_id=nxt.id, enterprise_id=nxt.enterprise_id,
                                        employee_person_id=world.session.scalar(
                                            select(EmployeeClaim.employee_person_id).limit(1)),
                                        benefit_key="startup_employment_subsidy", period_key="2025"))


def test_a_yearly_subsidy_never_beyond_its_three_years(world):
    # 衢政发〔2023〕12号（七）: 补贴期限不超过3年 — 36 months, then nothing more
    a, _ = apps.submit(db_session=world.session, user=world["firm"], payload=startup_employment(world.ids["firm"]))
    with pytest.raises(InputError):  # more than the maximum in one entitlement is refused (422)
        apps.approve(db_session=world.session, user=world["kecheng"], application_id=a.id, months=48)
    a = apps.approve(db_session=world.session, user=world["kecheng"], application_id=a.id, months=36)
    pays = world.session.scalars(select(Payment).where(Payment.application_id == a.id).order_by(Payment.seq)).all()
    assert [(p.months, p.amount_fen) for p in pays] == [(12, 1_500_000)] * 3
    later = startup_employment(world.ids["firm"], on="2028-06-01")  # filed in 2028, for June 2028
    b, _ = apps.submit(db_session=world.session, user=world["firm"], payload=later)
    # the database's ledger (three yearly instalments, 36 months) reaches the engine: nothing remains
    assert b.status == "not_eligible" and "within_max_duration" in failed_ids(b)
    apps.request_review(db_session=world.session, user=world["firm"], application_id=b.id, reason="请人工复核")
    with pytest.raises(Conflict) as exc:  # a caseworker cannot grant it either: the re-check refuses
        apps.approve(db_session=world.session, user=world["kecheng"], application_id=b.id, months=12)
    assert "within_max_duration" in exc.value.extra["failed"]
    with pytest.raises(IntegrityError), world.session.begin_nested():  # CHECK months <= max_duration_months
        world.session.execute(text("UPDATE entitlements SET months = 48 WHERE application_id = :id"), {"id": a.id})


def test_a_higher_benefit_in_the_same_group_supersedes_the_lower_one(world):
    # 从优、从高、不重复: Quzhou ¥15,000 a year is approved first; 第24条's ¥20,000 then wins the
    # unpaid years and the Quzhou entitlement is shown as superseded
    qz, _ = apps.submit(db_session=world.session, user=world["firm"], payload=startup_employment(world.ids["firm"]))
    apps.approve(db_session=world.session, user=world["kecheng"], application_id=qz.id, months=36)
    art24, _ = apps.submit(db_session=world.session, user=world["firm"],
                           payload=startup_employment(world.ids["firm"], provision="zj_2022_46.art24", key_group=True,
                                                      hires=1, on="2025-06-04"))
    assert art24.engine_outcome == "eligible" and art24.engine_amount_fen == 2_000_000
    art24 = apps.approve(db_session=world.session, user=world["kecheng"], application_id=art24.id, months=36)
    world.session.refresh(qz)
    assert art24.status == "approved"
    assert qz.status == "superseded" and qz.superseded_by_application_id == art24.id
    statuses = world.session.execute(select(Payment.provision_id, Payment.status).order_by(Payment.id)).all()
    assert [s for p, s in statuses if p.startswith("quzhou")] == ["cancelled"] * 3
    assert [s for p, s in statuses if p.startswith("zj_2022_46")] == ["scheduled"] * 3


def test_a_lower_benefit_meeting_a_higher_one_is_superseded(world):
    art24, _ = apps.submit(db_session=world.session, user=world["firm"],
                           payload=startup_employment(world.ids["firm"], provision="zj_2022_46.art24", key_group=True,
                                                      hires=1))
    apps.approve(db_session=world.session, user=world["kecheng"], application_id=art24.id, months=36)
    qz, _ = apps.submit(db_session=world.session, user=world["firm"],
                        payload=startup_employment(world.ids["firm"], hires=3, on="2025-06-05"))
    qz = apps.approve(db_session=world.session, user=world["kecheng"], application_id=qz.id, months=12)
    assert qz.status == "superseded" and qz.superseded_by_application_id == art24.id
    assert world.session.scalar(select(func.count()).select_from(Payment)
                                .where(Payment.application_id == qz.id)) == 0


def test_months_already_paid_stay_with_the_benefit_that_paid_them(world):
    from jiuye.payments import service as payments

    qz, _ = apps.submit(db_session=world.session, user=world["firm"], payload=startup_employment(world.ids["firm"]))
    apps.approve(db_session=world.session, user=world["kecheng"], application_id=qz.id, months=36)
    first = world.session.scalar(select(Payment).where(Payment.application_id == qz.id, Payment.seq == 1))
    payments.pay(db_session=world.session, user=world["kecheng_pay"], payment_id=first.id, idempotency_key="pay-first-1")
    art24, _ = apps.submit(db_session=world.session, user=world["firm"],
                           payload=startup_employment(world.ids["firm"], provision="zj_2022_46.art24", key_group=True,
                                                      hires=1, on="2025-06-04"))
    art24 = apps.approve(db_session=world.session, user=world["kecheng"], application_id=art24.id, months=36)
    world.session.refresh(qz)
    assert qz.status == "approved"  # partly superseded: it keeps the year it was paid
    assert [p.seq for p in world.session.scalars(select(Payment).where(Payment.application_id == art24.id))] == [2, 3]


def test_employees_listed_on_a_not_eligible_application_are_claimed_when_it_is_reviewed(world):
    # Quzhou's subsidy for a firm in 丽水 is not eligible: it holds no employee until a human review
    payload = startup_employment(world.ids["firm"], employees=[emp(7)])
    payload["case"]["enterprise"]["adcode"] = "331102"
    a, _ = apps.submit(db_session=world.session, user=world["firm"], payload=payload)
    assert a.status == "not_eligible" and a.claimed_employees
    held = select(EmployeeClaim.application_id)
    assert world.session.scalars(held).all() == []
    apps.request_review(db_session=world.session, user=world["firm"], application_id=a.id, reason="实际在柯城经营")
    assert world.session.scalars(held).all() == [a.id]
    with pytest.raises(LimitExceeded):
        apps.submit(db_session=world.session, user=world["firm"],
                    payload=startup_employment(world.ids["firm"], employees=[emp(7)], on="2025-06-20"))
