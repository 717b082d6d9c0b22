"""Review: approve (engine re-check, schedule), reject with a reason, 异议, human review."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from jiuye.applications import service as apps
from jiuye.applications.models import Decision, Entitlement, Payment, TrainingSlot
from jiuye.errors import Conflict, Forbidden, InputError, InvalidTransition
from tests.dbfixtures import flexible, startup_employment, training


def kinds(session, app) -> list[str]:
    return [d.kind for d in session.scalars(select(Decision).where(Decision.application_id == app.id)
                                            .order_by(Decision.id))]


def test_approving_a_monthly_subsidy_schedules_one_payment_a_month(world):
    a, _ = apps.submit(db_session=world.session, user=world["kecheng"], payload=flexible(world.ids["li"], months=6))
    a = apps.approve(db_session=world.session, user=world["kecheng"], application_id=a.id, reason="材料齐全")
    assert a.status == "approved" and a.approved_amount_fen == 80_000
    ent = world.session.scalar(select(Entitlement).where(Entitlement.application_id == a.id))
    assert (ent.period, ent.months, ent.start_date) == ("monthly", 6, date(2025, 5, 1))
    pays = world.session.scalars(select(Payment).where(Payment.application_id == a.id).order_by(Payment.seq)).all()
    assert [p.due_date.isoformat() for p in pays] == ["2025-05-01", "2025-06-01", "2025-07-01", "2025-08-01",
                                                      "2025-09-01", "2025-10-01"]
    assert {p.amount_fen for p in pays} == {80_000} and {p.status for p in pays} == {"scheduled"}
    assert kinds(world.session, a) == ["pre_check", "re_check", "approve"]


def test_a_one_time_subsidy_is_one_payment_due_on_approval(world):
    a, _ = apps.submit(db_session=world.session, user=world["zhang"], payload=training(on="2026-11-02"))
    a = apps.approve(db_session=world.session, user=world["shangcheng"], application_id=a.id,
                     today=date(2026, 11, 20))
    pays = world.session.scalars(select(Payment).where(Payment.application_id == a.id)).all()
    assert [(p.amount_fen, p.due_date, p.months) for p in pays] == [(200_000, date(2026, 11, 20), 0)]


def test_a_part_year_is_paid_pro_rata(world):
    # ¥15,000 a year for 18 months: 15,000 then 15,000 × 6/12 = 7,500
    a, _ = apps.submit(db_session=world.session, user=world["firm"], payload=startup_employment(world.ids["firm"]))
    apps.approve(db_session=world.session, user=world["kecheng"], application_id=a.id, months=18)
    pays = world.session.scalars(select(Payment).where(Payment.application_id == a.id).order_by(Payment.seq)).all()
    assert [(p.months, p.amount_fen) for p in pays] == [(12, 1_500_000), (6, 750_000)]


def test_approval_re_checks_with_the_engine_and_refuses_when_not_eligible(world):
    a, _ = apps.submit(db_session=world.session, user=world["kecheng"], payload=flexible(world.ids["li"]))
    with pytest.raises(Conflict) as exc:
        apps.approve(db_session=world.session, user=world["kecheng"], application_id=a.id,
                     facts={"person": {"flexible_employed": False}})
    assert "flexible" in exc.value.extra["failed"]
    world.session.refresh(a)
    assert a.status == "pending_review" and kinds(world.session, a) == ["pre_check"]


def test_corrected_facts_complete_an_unknown_pre_check(world):
    payload = training(on="2026-11-02")
    del payload["case"]["person"]["trained_at_designated"]  # (a missing certificate number no longer matters
    a, _ = apps.submit(db_session=world.session, user=world["zhang"], payload=payload)  # without a ledger)
    assert a.engine_outcome == "unknown" and a.status == "pending_review"
    a = apps.approve(db_session=world.session, user=world["shangcheng"], application_id=a.id,
                     facts={"person": {"trained_at_designated": True}})
    assert a.status == "approved" and a.engine_outcome == "eligible"
    assert a.input_snapshot["case"]["person"]["trained_at_designated"] is True


def test_an_exact_amount_cannot_be_changed_and_an_up_to_amount_can_be_lowered(world):
    a, _ = apps.submit(db_session=world.session, user=world["zhang"], payload=training(on="2026-11-02"))
    with pytest.raises(InputError) as exc:
        apps.approve(db_session=world.session, user=world["shangcheng"], application_id=a.id, amount_fen=150_000)
    assert exc.value.field == "amount_fen"
    art24, _ = apps.submit(db_session=world.session, user=world["firm"],
                           payload=startup_employment(world.ids["firm"], provision="zj_2022_46.art24", key_group=True,
                                                      hires=1))
    with pytest.raises(InputError):
        apps.approve(db_session=world.session, user=world["kecheng"], application_id=art24.id, amount_fen=2_000_001)
    art24 = apps.approve(db_session=world.session, user=world["kecheng"], application_id=art24.id, amount_fen=1_200_000,
                         months=12)
    assert art24.approved_amount_fen == 1_200_000


def test_only_the_countys_caseworker_decides(world):
    a, _ = apps.submit(db_session=world.session, user=world["kecheng"], payload=flexible(world.ids["li"]))
    with pytest.raises(Forbidden):
        apps.approve(db_session=world.session, user=world["qz_manager"], application_id=a.id)
    with pytest.raises(Forbidden):
        apps.reject(db_session=world.session, user=world["li"], application_id=a.id, reason="x")


def test_a_rejection_needs_a_reason_and_frees_the_reservations(world):
    a, _ = apps.submit(db_session=world.session, user=world["zhang"], payload=training(on="2026-11-02"))
    with pytest.raises(InputError) as exc:
        apps.reject(db_session=world.session, user=world["shangcheng"], application_id=a.id, reason="  ")
    assert exc.value.field == "reason"
    a = apps.reject(db_session=world.session, user=world["shangcheng"], application_id=a.id, reason="证书未通过核验")
    assert a.status == "rejected" and a.decision_reason == "证书未通过核验"
    assert world.session.scalar(select(TrainingSlot).where(TrainingSlot.application_id == a.id)) is None


def test_an_applicant_objects_once_and_the_objection_is_decided(world):
    a, _ = apps.submit(db_session=world.session, user=world["zhang"], payload=training(on="2026-11-02"))
    apps.reject(db_session=world.session, user=world["shangcheng"], application_id=a.id, reason="证书未通过核验")
    a = apps.object_to(db_session=world.session, user=world["zhang"], application_id=a.id, reason="证书真实有效，请复核")
    assert a.status == "objection" and a.objection_count == 1
    assert world.session.scalar(select(TrainingSlot).where(TrainingSlot.application_id == a.id)) is not None
    a = apps.reject(db_session=world.session, user=world["shangcheng"], application_id=a.id, reason="复核维持")
    with pytest.raises(InvalidTransition):
        apps.object_to(db_session=world.session, user=world["zhang"], application_id=a.id, reason="再次异议")
    assert kinds(world.session, a) == ["pre_check", "reject", "objection", "reject"]


def test_an_objection_can_end_in_approval(world):
    a, _ = apps.submit(db_session=world.session, user=world["zhang"], payload=training(on="2026-11-02"))
    apps.reject(db_session=world.session, user=world["shangcheng"], application_id=a.id, reason="待核")
    apps.object_to(db_session=world.session, user=world["zhang"], application_id=a.id, reason="已补交")
    a = apps.approve(db_session=world.session, user=world["shangcheng2"], application_id=a.id)
    assert a.status == "approved"


def test_every_automated_not_eligible_can_go_to_human_review(world):
    payload = flexible(world.ids["li"], graduation_date="2015-06-30", difficulty_certified=False)
    a, _ = apps.submit(db_session=world.session, user=world["kecheng"], payload=payload)
    assert a.status == "not_eligible"
    a = apps.request_review(db_session=world.session, user=world["li"], application_id=a.id,
                            reason="我已被认定为就业困难人员")
    assert a.status == "pending_review"
    a = apps.approve(db_session=world.session, user=world["kecheng"], application_id=a.id,
                     facts={"person": {"difficulty_certified": True}})
    assert a.status == "approved"
    assert kinds(world.session, a) == ["pre_check", "human_review", "re_check", "approve"]


def test_human_review_is_only_for_automated_outcomes(world):
    a, _ = apps.submit(db_session=world.session, user=world["kecheng"], payload=flexible(world.ids["li"]))
    with pytest.raises(InvalidTransition):
        apps.request_review(db_session=world.session, user=world["li"], application_id=a.id, reason="?")


def test_an_approved_application_cannot_be_approved_twice(world):
    a, _ = apps.submit(db_session=world.session, user=world["kecheng"], payload=flexible(world.ids["li"]))
    apps.approve(db_session=world.session, user=world["kecheng"], application_id=a.id)
    with pytest.raises(InvalidTransition):
        apps.approve(db_session=world.session, user=world["kecheng"], application_id=a.id)
