"""Concurrency and crashes, with real commits on a database of their own (SQLite and PostgreSQL):
50 duplicate submissions make one application and pay at most once; caps hold under racing
submissions; a failure in the middle of a payment or an approval leaves nothing half-written."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from typing import Any

import pytest
from sqlalchemy import func, select

from jiuye.applications import grant as granting
from jiuye.applications import service as apps
from jiuye.applications.models import Application, Entitlement, Payment, TrainingSlot
from jiuye.audit import service as audit
from jiuye.audit.models import AuditEvent
from jiuye.db.core import session_factory
from jiuye.errors import ServiceError
from jiuye.ids import make_id_number
from jiuye.oversight.verify import verify as verify_audit
from jiuye.payments import service as payments
from jiuye.payments.models import PaymentTransaction
from tests.dbfixtures import World, make_world, startup_employment, training

N = 50


@pytest.fixture
def committed(fresh_engine, password_hash) -> tuple[Any, World]:
    factory = session_factory(fresh_engine)
    with factory() as session:
        world = make_world(session, password_hash)
        users = {k: u.id for k, u in world.users.items()}
    return factory, World(None, users, world.ids)  # users as ids: each thread loads its own


def race(factory, n: int, fn: Callable[[Any, int], Any]) -> list[Any]:
    """Run ``fn(session, i)`` in ``n`` threads released together; returns results or exceptions."""
    barrier = threading.Barrier(n)

    def run(i: int) -> Any:
        with factory() as session:
            barrier.wait()
            try:
                return fn(session, i)
            except Exception as exc:  # noqa: BLE001
                return exc

    with ThreadPoolExecutor(max_workers=n) as pool:
        return list(pool.map(run, range(n)))


def user(session, world: World, name: str):
    from jiuye.accounts.models import User

    return session.get(User, world.users[name])


def count(factory, stmt) -> int:
    with factory() as session:
        return session.scalar(stmt)


def test_fifty_duplicate_submissions_make_one_application_and_one_payout(committed):
    factory, world = committed
    payload = training(on="2026-11-02", cert_no="CONC-0001")

    def submit(session, i):
        app, replayed = apps.submit(db_session=session, user=user(session, world, "zhang"), payload=payload,
                                    idempotency_key="the-same-key-0001")
        return app.id, replayed

    results = race(factory, N, submit)
    errors = [r for r in results if isinstance(r, Exception)]
    assert not errors, errors[:3]
    assert len({app_id for app_id, _ in results}) == 1
    assert sum(not replayed for _, replayed in results) == 1
    assert count(factory, select(func.count()).select_from(Application)) == 1
    assert count(factory, select(func.count()).select_from(TrainingSlot)) == 1

    app_id = results[0][0]
    with factory() as session:
        apps.approve(db_session=session, user=user(session, world, "shangcheng"), application_id=app_id,
                     today=date(2026, 11, 20))
    (payment_id,) = [p for p in [count(factory, select(Payment.id))]]
    assert count(factory, select(func.count()).select_from(Payment)) == 1

    def pay(session, i):
        return payments.pay(db_session=session, user=user(session, world, "shangcheng2"), payment_id=payment_id,
                            idempotency_key="the-same-payout-1", bank_reference="BANK-1")[1]

    replays = race(factory, N, pay)
    assert not [r for r in replays if isinstance(r, Exception)]
    assert replays.count(False) == 1
    assert count(factory, select(func.count()).select_from(PaymentTransaction)) == 1
    assert count(factory, select(Payment.status)) == "paid"
    with factory() as session:
        assert verify_audit(session).ok


def test_fifty_payouts_with_different_keys_pay_at_most_once(committed):
    factory, world = committed
    with factory() as session:
        a, _ = apps.submit(db_session=session, user=user(session, world, "zhang"), payload=training(on="2026-11-02"))
        apps.approve(db_session=session, user=user(session, world, "shangcheng"), application_id=a.id,
                     today=date(2026, 11, 20))
    payment_id = count(factory, select(Payment.id))

    def pay(session, i):
        return payments.pay(db_session=session, user=user(session, world, "shangcheng2"), payment_id=payment_id,
                            idempotency_key=f"payout-key-{i:04d}")

    results = race(factory, N, pay)
    ok = [r for r in results if not isinstance(r, Exception)]
    assert len(ok) == 1
    assert all(isinstance(r, ServiceError) for r in results if isinstance(r, Exception))
    assert count(factory, select(func.count()).select_from(PaymentTransaction)) == 1


def test_racing_training_submissions_stay_within_three_a_year(committed):
    # ten certificates submitted at once by the same person: three hold slots, the rest are refused
    factory, world = committed
    occupations = ["电工", "焊工", "育婴员", "厨师", "保育员", "钳工", "车工", "茶艺师", "花艺师", "面点师"]

    def submit(session, i):
        app, _ = apps.submit(db_session=session, user=user(session, world, "zhang"),
                             payload=training(occupation=occupations[i], on="2026-11-02"))
        return app.status

    results = race(factory, len(occupations), submit)
    assert [r for r in results if isinstance(r, Exception)] == []
    assert results.count("pending_review") == 3 and results.count("not_eligible") == 7
    assert count(factory, select(func.count()).select_from(TrainingSlot)) == 3


def test_racing_enterprises_claim_an_employee_once(committed, password_hash):
    factory, world = committed
    employee = {"id_number": make_id_number("330802", date(1996, 6, 6), 66, "F"), "name": "王五"}

    def submit(session, i):
        app, _ = apps.submit(db_session=session, user=user(session, world, "firm"),
                             payload=startup_employment(world.ids["firm"], employees=[employee],
                                                        on=f"2025-06-{i + 1:02d}"))
        return app.id

    results = race(factory, 8, submit)
    assert len([r for r in results if not isinstance(r, Exception)]) == 1
    assert all(getattr(r, "field", None) == "employees" for r in results if isinstance(r, Exception))


def test_a_failure_in_the_middle_of_a_payment_leaves_nothing_half_written(committed, monkeypatch):
    factory, world = committed
    with factory() as session:
        a, _ = apps.submit(db_session=session, user=user(session, world, "zhang"), payload=training(on="2026-11-02"))
        apps.approve(db_session=session, user=user(session, world, "shangcheng"), application_id=a.id,
                     today=date(2026, 11, 20))
    payment_id = count(factory, select(Payment.id))
    events_before = count(factory, select(func.count()).select_from(AuditEvent))
    real_record = audit.record

    def crash(*args, **kw):  # the payout row and the status are written; then the process "dies"
        if kw.get("action") == "payment.payout":
            raise RuntimeError("power cut")
        return real_record(*args, **kw)

    monkeypatch.setattr(audit, "record", crash)
    with factory() as session, pytest.raises(RuntimeError):
        payments.pay(db_session=session, user=user(session, world, "shangcheng2"), payment_id=payment_id,
                     idempotency_key="crash-pay-0001")
    monkeypatch.setattr(audit, "record", real_record)
    assert count(factory, select(Payment.status)) == "scheduled"
    assert count(factory, select(func.count()).select_from(PaymentTransaction)) == 0
    assert count(factory, select(func.count()).select_from(AuditEvent)) == events_before
    with factory() as session:  # the same key works afterwards: nothing of the first attempt remains
        p, replayed = payments.pay(db_session=session, user=user(session, world, "shangcheng2"),
                                   payment_id=payment_id, idempotency_key="crash-pay-0001")
        assert p.status == "paid" and not replayed
        assert verify_audit(session).ok


def test_a_failure_in_the_middle_of_an_approval_leaves_nothing_half_written(committed, monkeypatch):
    factory, world = committed
    with factory() as session:
        a, _ = apps.submit(db_session=session, user=user(session, world, "firm"),
                           payload=startup_employment(world.ids["firm"]))
        app_id = a.id
    real = granting.create_payments

    def crash(session, **kw):  # the first instalments are written, then the process "dies"
        real(session, **{**kw, "instalments": kw["instalments"][:1]})
        raise RuntimeError("disk full")

    monkeypatch.setattr(granting, "create_payments", crash)
    with factory() as session, pytest.raises(RuntimeError):
        apps.approve(db_session=session, user=user(session, world, "kecheng"), application_id=app_id, months=36)
    monkeypatch.setattr(granting, "create_payments", real)
    assert count(factory, select(func.count()).select_from(Payment)) == 0
    assert count(factory, select(func.count()).select_from(Entitlement)) == 0
    assert count(factory, select(Application.status)) == "pending_review"
    with factory() as session:
        a = apps.approve(db_session=session, user=user(session, world, "kecheng"), application_id=app_id, months=36)
        assert a.status == "approved"
    assert count(factory, select(func.count()).select_from(Payment)) == 3
