"""Payments (instalments of an entitlement) and the transactions on them.

A payment is ``scheduled`` → ``paid`` | ``failed`` (→ ``paid`` on retry) → ``reversed``
(claw-back, with a reason); ``cancelled`` when a higher benefit supersedes it before payment.
Each payout, failure and reversal is a transaction row with its own idempotency key; the
database allows at most one payout and one reversal per payment.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from ..db.core import Base, BigId, utcnow

PAYMENT_STATUSES = ("scheduled", "paid", "failed", "reversed", "cancelled")
PAYMENT_STATUS_LABELS = {"scheduled": ("待支付", "scheduled"), "paid": ("已支付", "paid"),
                         "failed": ("支付失败", "failed"), "reversed": ("已追回", "reversed (clawed back)"),
                         "cancelled": ("已取消", "cancelled")}
_STATUS_SQL = ", ".join(f"'{s}'" for s in PAYMENT_STATUSES)


class Payment(Base):
    __tablename__ = "payments"
    __table_args__ = (
        UniqueConstraint("entitlement_id", "seq"),
        CheckConstraint("amount_fen > 0", name="amount_positive"),
        CheckConstraint(f"status IN ({_STATUS_SQL})", name="status_known"),
        CheckConstraint("months >= 0", name="months_non_negative"),
        CheckConstraint("status <> 'paid' OR paid_at IS NOT NULL", name="paid_has_time"),
        CheckConstraint("status <> 'reversed' OR reversal_reason IS NOT NULL", name="reversal_has_reason"),
    )
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    entitlement_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("entitlements.id"), index=True)
    application_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("applications.id"), index=True)
    county_code: Mapped[str] = mapped_column(String(6), index=True)
    city_code: Mapped[str] = mapped_column(String(6), index=True)
    provision_id: Mapped[str] = mapped_column(String(128))
    seq: Mapped[int] = mapped_column(Integer)
    period_start: Mapped[date] = mapped_column(Date)
    months: Mapped[int] = mapped_column(Integer)
    due_date: Mapped[date] = mapped_column(Date, index=True)
    amount_fen: Mapped[int] = mapped_column(BigInteger)
    payee: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), default="scheduled", index=True)
    paid_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    bank_reference: Mapped[str | None] = mapped_column(String(64))
    failure_reason: Mapped[str | None] = mapped_column(Text)
    reversed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    reversal_reason: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)


class PaymentTransaction(Base):
    __tablename__ = "payment_transactions"
    __table_args__ = (
        CheckConstraint("kind IN ('payout', 'failure', 'reversal')", name="kind_known"),
        CheckConstraint("amount_fen > 0", name="amount_positive"),
        Index("uq_payment_transactions_one_payout", "payment_id", unique=True,
              sqlite_where=text("kind = 'payout'"), postgresql_where=text("kind = 'payout'")),
        Index("uq_payment_transactions_one_reversal", "payment_id", unique=True,
              sqlite_where=text("kind = 'reversal'"), postgresql_where=text("kind = 'reversal'")),
    )
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    payment_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("payments.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    idempotency_key: Mapped[str] = mapped_column(String(128), unique=True)
    amount_fen: Mapped[int] = mapped_column(BigInteger)
    bank_reference: Mapped[str | None] = mapped_column(String(64))
    reason: Mapped[str | None] = mapped_column(Text)
    actor_user_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
