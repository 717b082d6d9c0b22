"""Issue 12: databases with approvals made before the approval event recorded its schedule
(before 2026-12-06) failed reconciliation: every such payment was "not in its approval's schedule"
and the entitlement "differs from the audit chain's None × None" (measured on a database seeded by
the code of 51bb306^ and upgraded). They are now reconciled by what their event says (months,
number and total of payments), and ``jiuye audit baseline`` records their schedule once, after
which they are checked like any other."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from jiuye.applications import service as apps
from jiuye.audit import service as audit_service
from jiuye.audit.models import AuditEvent
from jiuye.errors import Conflict
from jiuye.oversight.reconcile import baseline
from jiuye.oversight.verify import verify
from jiuye.payments import service as payments
from tests.dbfixtures import flexible
from tests.security.test_tamper_evidence import tamper

NEW_KEYS = ("entitlement", "schedule", "cancelled_payments")


@pytest.fixture
def legacy(world, monkeypatch):
    """李四's 第21条 approval (6 × ¥800) written as before the change, the first instalment paid."""
    record = audit_service.record

    def old_record(db_session, **kw):
        if kw.get("action") == "application.approved":
            kw["details"] = {k: v for k, v in kw["details"].items() if k not in NEW_KEYS}
        return record(db_session, **kw)

    monkeypatch.setattr(audit_service, "record", old_record)
    a, _ = apps.submit(db_session=world.session, user=world["kecheng"], payload=flexible(world.ids["li"]))
    apps.approve(db_session=world.session, user=world["kecheng"], application_id=a.id)
    monkeypatch.setattr(audit_service, "record", record)
    pays = payments.list_payments(db_session=world.session, user=world["kecheng"], application_id=a.id)
    payments.pay(db_session=world.session, user=world["kecheng_pay"], payment_id=pays[0].id, idempotency_key="legacy-pay-1",
                 today=pays[0].due_date)
    event = world.session.scalars(select(AuditEvent).where(AuditEvent.action == "application.approved")).one()
    assert '"schedule"' not in event.details and '"total_fen":480000' in event.details  # 6 × ¥800
    return a, sorted(pays, key=lambda p: p.seq)


def _problems(session) -> str:
    r = verify(session)
    assert not r.ok, "verify passed a tampered database"
    return " ".join(r.problems)


def test_a_pre_change_approval_reconciles(world, legacy):
    r = verify(world.session)
    assert r.ok, r.message()


def test_its_payment_amounts_months_and_statuses_are_still_checked(world, legacy):
    a, pays = legacy
    tamper(world.session, f"UPDATE payments SET amount_fen = 90000 WHERE id = {pays[3].id}")
    assert f"application {a.id} (approved before schedules were recorded): 6 payment(s) totalling 490000 differ from " \
           "the audit chain's 6 totalling 480000" in _problems(world.session)


def test_its_entitlement_months_are_checked(world, legacy):
    a, _ = legacy
    tamper(world.session, f"UPDATE entitlements SET months = 12 WHERE application_id = {a.id}")
    assert "12 months differ from the audit chain's 6" in _problems(world.session)


def test_its_payment_status_is_checked(world, legacy):
    _, pays = legacy
    tamper(world.session, f"UPDATE payments SET status = 'paid', paid_at = CURRENT_TIMESTAMP WHERE id = {pays[2].id}")
    assert f"payment {pays[2].id}: status paid but the audit chain says scheduled" in _problems(world.session)


def test_the_baseline_records_the_schedule_once_and_then_checks_due_dates(world, legacy):
    a, pays = legacy
    moved = pays[4].due_date + timedelta(days=1)
    assert baseline(world.session) == 1
    world.session.commit()
    assert baseline(world.session) == 0  # once
    world.session.commit()
    event = world.session.scalars(select(AuditEvent).where(AuditEvent.action == "application.baseline")).one()
    assert event.chain == "330802" and f'"schedule":[[{pays[0].id},1,80000,' in event.details
    assert verify(world.session).ok
    tamper(world.session, f"UPDATE payments SET due_date = '{moved.isoformat()}' WHERE id = {pays[4].id}")
    assert f"payment {pays[4].id}: instalment 5, amount 80000, due {moved}" in _problems(world.session)


def test_no_baseline_for_a_database_that_does_not_reconcile(world, legacy):
    _, pays = legacy
    tamper(world.session, f"UPDATE payments SET amount_fen = 1 WHERE id = {pays[1].id}")
    with pytest.raises(Conflict):
        baseline(world.session)
    assert not world.session.scalars(select(AuditEvent).where(AuditEvent.action == "application.baseline")).all()
