"""Payment schedules and payment operations: pay, fail, reverse (claw back).

Each operation carries an idempotency key: the same key again returns the first result and
changes nothing; a key reused for another payment or operation is refused. The payment row is
locked (SELECT … FOR UPDATE) and the database allows one payout and one reversal per payment,
so concurrent duplicates pay at most once.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..accounts.models import Role, User
from ..accounts.service import scope, scoped_key
from ..applications import claims
from ..applications.models import PAYMENT_STATUSES, Application, Decision, Payment, StackingClaim
from ..audit import service as audit
from ..catalogue.registry import get_provision
from ..db.core import utcnow
from ..db.settings import get_settings
from ..errors import (
    ApproverCannotPay,
    Conflict,
    Forbidden,
    IdempotencyMismatch,
    InputError,
    InvalidTransition,
    NotFound,
)
from ..fields import MAX_REASON, check_text, has_bad_characters
from ..localstd.service import refresh_overlay
from .models import PaymentTransaction


def _scoped(user: User):
    return scope(user, county_col=Payment.county_code, city_col=Payment.city_code,
                 person_col=Application.person_id, enterprise_col=Application.enterprise_id,
                 kind_col=Application.subject_kind)


def _where(stmt: Any, status: str | None, county_code: str | None, provision_id: str | None,
           due_from: date | None, due_to: date | None, application_id: int | None,
           overdue_before: date | None) -> Any:
    if status is not None and status not in PAYMENT_STATUSES:
        raise InputError("status", f"未知的支付状态：{status}", f"unknown payment status: {status}")
    if overdue_before is not None:
        from ..applications.overdue import overdue_where

        stmt = stmt.where(overdue_where(overdue_before))
    if status is not None:
        stmt = stmt.where(Payment.status == status)
    if county_code is not None:
        stmt = stmt.where(Payment.county_code == county_code)
    if provision_id is not None:
        stmt = stmt.where(Payment.provision_id == provision_id)
    if due_from is not None:
        stmt = stmt.where(Payment.due_date >= due_from)
    if due_to is not None:
        stmt = stmt.where(Payment.due_date <= due_to)
    if application_id is not None:
        stmt = stmt.where(Payment.application_id == application_id)
    return stmt


def list_payments(*, db_session: Session, user: User, status: str | None = None, county_code: str | None = None,
                  provision_id: str | None = None, due_from: date | None = None, due_to: date | None = None,
                  application_id: int | None = None, limit: int = 200, offset: int = 0,
                  overdue_before: date | None = None) -> list[Payment]:
    """Payments in the user's jurisdiction, by due date. ``overdue_before``: only those that may be
    overdue on that day (a superset; the exact test is ``overdue.is_overdue``)."""
    stmt = (select(Payment).join(Application, Application.id == Payment.application_id).where(_scoped(user))
            .order_by(Payment.due_date, Payment.id).limit(limit).offset(offset))
    stmt = _where(stmt, status, county_code, provision_id, due_from, due_to, application_id, overdue_before)
    return list(db_session.scalars(stmt))


def count_payments(*, db_session: Session, user: User, status: str | None = None, county_code: str | None = None,
                   provision_id: str | None = None, due_from: date | None = None, due_to: date | None = None,
                   application_id: int | None = None) -> int:
    """How many payments :func:`list_payments` lists with these filters (for paging)."""
    stmt = (select(func.count()).select_from(Payment).join(Application, Application.id == Payment.application_id)
            .where(_scoped(user)))
    stmt = _where(stmt, status, county_code, provision_id, due_from, due_to, application_id, None)
    return int(db_session.scalar(stmt) or 0)


def totals(*, db_session: Session, user: User) -> dict[str, dict[str, int]]:
    stmt = (select(Payment.status, func.count(), func.coalesce(func.sum(Payment.amount_fen), 0))
            .join(Application, Application.id == Payment.application_id).where(_scoped(user)).group_by(Payment.status))
    return {s: {"count": n, "amount_fen": int(total)} for s, n, total in db_session.execute(stmt)}


def get_scoped(*, db_session: Session, user: User, payment_id: int, for_update: bool = False) -> Payment:
    stmt = (select(Payment).join(Application, Application.id == Payment.application_id)
            .where(Payment.id == payment_id, _scoped(user)))
    if for_update:
        stmt = stmt.with_for_update(of=Payment).execution_options(populate_existing=True)
    payment = db_session.scalar(stmt)
    if payment is None:
        raise NotFound("支付记录", "payment", payment_id)
    return payment


def _operator(user: User, payment: Payment) -> None:
    if user.role_enum != Role.CASEWORKER or user.county_code != payment.county_code:
        raise Forbidden("只有本县（市、区）经办人可以办理支付", "only a caseworker of the county handles payments")


def approvers_of(db_session: Session, application_ids: set[int] | list[int]) -> dict[int, set[int]]:
    """The users who approved each application (every approval decision, and the recorded decider
    of an approved application): under the separation of duties none of them pays it."""
    out: dict[int, set[int]] = {i: set() for i in application_ids}
    if not out:
        return out
    for app_id, actor in db_session.execute(
            select(Decision.application_id, Decision.actor_user_id)
            .where(Decision.application_id.in_(list(out)), Decision.kind == "approve",
                   Decision.actor_user_id.is_not(None))):
        out[app_id].add(actor)
    for app_id, decider in db_session.execute(
            select(Application.id, Application.decided_by_user_id)
            .where(Application.id.in_(list(out)), Application.status == "approved",
                   Application.decided_by_user_id.is_not(None))):
        out[app_id].add(decider)
    return out


def approver_may_pay() -> bool:
    """The setting ``JIUYE_SEPARATE_APPROVER_PAYER`` (on by default) read as "may the approver pay?"."""
    return not get_settings().separate_approver_payer


def check_payer(db_session: Session, user: User, payment: Payment) -> None:
    """Refuse (403) the payout of an instalment by the caseworker who approved its application."""
    if approver_may_pay():
        return
    if user.id in approvers_of(db_session, [payment.application_id])[payment.application_id]:
        raise ApproverCannotPay()


def _replayed(db_session: Session, *, key: str, payment_id: int, kind: str) -> Payment | None:
    tx = db_session.scalar(select(PaymentTransaction).where(PaymentTransaction.idempotency_key == key))
    if tx is None:
        return None
    if tx.payment_id != payment_id or tx.kind != kind:
        raise IdempotencyMismatch()
    return db_session.get(Payment, payment_id)


def _key(idempotency_key: str | None) -> str:
    if not idempotency_key or not isinstance(idempotency_key, str) or not 8 <= len(idempotency_key) <= 128 \
            or has_bad_characters(idempotency_key):
        raise InputError("idempotency_key", "支付操作须带8至128字符的幂等键（Idempotency-Key）",
                         "payment operations need an idempotency key of 8 to 128 characters (Idempotency-Key)")
    return idempotency_key


def _transact(db_session: Session, *, user: User, payment_id: int, key: str, kind: str, allowed: tuple[str, ...],
              apply: Any, reason: str | None = None, bank_reference: str | None = None,
              today: date | None = None) -> tuple[Payment, bool]:
    county = user.county_code
    with audit.audited_write(db_session, actor=user, action=f"payment.{kind}", object_type="payment",
                             object_id=payment_id, county_code=county):
        payment = get_scoped(db_session=db_session, user=user, payment_id=payment_id, for_update=True)
        _operator(user, payment)
        # checked under the row lock: a concurrent duplicate sees the first one's committed transaction
        stored = scoped_key(user.id, key)  # keys are per user
        if _replayed(db_session, key=stored, payment_id=payment_id, kind=kind) is not None:
            return payment, True
        if kind == "payout":
            check_payer(db_session, user, payment)
        if payment.status not in allowed:
            raise InvalidTransition(f"支付状态为「{payment.status}」，不能{_ZH[kind]}",
                                    f"the payment is {payment.status}; cannot {kind}", field="status")
        if kind == "payout" and payment.due_date > (today or date.today()):
            raise InvalidTransition(f"尚未到期（{payment.due_date}）", f"not yet due ({payment.due_date})",
                                    field="due_date")
        if kind == "payout":  # a draft without an effective date, or a period the document does not cover
            refresh_overlay(db_session, force=False)
            claims.require_still_applicable(get_provision(payment.provision_id), as_of=payment.period_start,
                                            action_zh="支付", action_en="pay")
        try:
            with db_session.begin_nested():
                db_session.add(PaymentTransaction(payment_id=payment.id, kind=kind, idempotency_key=stored,
                                                  amount_fen=payment.amount_fen, bank_reference=bank_reference,
                                                  reason=reason, actor_user_id=user.id))
        except IntegrityError:
            raise Conflict("该支付已办理过此操作", f"this payment already has a {kind}", field="idempotency_key") from None
        before = payment.status
        apply(payment)
        db_session.flush()
        audit.record(db_session, actor=user, action=f"payment.{kind}", object_type="payment", object_id=payment.id,
                     county_code=payment.county_code,
                     details={"application_id": payment.application_id, "seq": payment.seq,
                              "amount_fen": payment.amount_fen, "from": before, "to": payment.status,
                              "reason": reason, "bank_reference": bank_reference, "idempotency_key": key})
    return payment, False


_ZH = {"payout": "支付", "failure": "记为失败", "reversal": "追回"}


def pay(*, db_session: Session, user: User, payment_id: int, idempotency_key: str | None,
        bank_reference: str | None = None, today: date | None = None) -> tuple[Payment, bool]:
    """Record the payout of a scheduled (or previously failed) instalment; returns (payment, replayed)."""
    key = _key(idempotency_key)
    bank_reference = check_text(bank_reference, "bank_reference", max_length=PaymentTransaction.bank_reference)

    def apply(p: Payment) -> None:
        p.status, p.paid_at, p.bank_reference, p.failure_reason = "paid", utcnow(), bank_reference, None

    return _transact(db_session, user=user, payment_id=payment_id, key=key, kind="payout",
                     allowed=("scheduled", "failed"), apply=apply, bank_reference=bank_reference, today=today)


def _reason(reason: Any) -> str:
    reason = check_text(reason, "reason", max_length=MAX_REASON)
    if not reason or not reason.strip():
        raise InputError("reason", "请填写原因", "a reason is required")
    return reason.strip()


def fail(*, db_session: Session, user: User, payment_id: int, idempotency_key: str | None,
         reason: str | None) -> tuple[Payment, bool]:
    key, why = _key(idempotency_key), _reason(reason)

    def apply(p: Payment) -> None:
        p.status, p.failure_reason = "failed", why

    return _transact(db_session, user=user, payment_id=payment_id, key=key, kind="failure",
                     allowed=("scheduled", "failed"), apply=apply, reason=why)


def reverse(*, db_session: Session, user: User, payment_id: int, idempotency_key: str | None,
            reason: str | None) -> tuple[Payment, bool]:
    """Claw back a paid instalment (追回); its months are free again for the stacking group."""
    key, why = _key(idempotency_key), _reason(reason)

    def apply(p: Payment) -> None:
        p.status, p.reversed_at, p.reversal_reason = "reversed", utcnow(), why
        db_session.execute(delete(StackingClaim).where(StackingClaim.payment_id == p.id))

    return _transact(db_session, user=user, payment_id=payment_id, key=key, kind="reversal",
                     allowed=("paid",), apply=apply, reason=why)
