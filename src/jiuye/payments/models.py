"""The transactions on payments (the instalments of an entitlement, scheduled when an
application is granted: :class:`jiuye.applications.models.Payment`).

A payment is ``scheduled`` → ``paid`` | ``failed`` (→ ``paid`` on retry) → ``reversed``
(claw-back, with a reason); ``cancelled`` when a higher benefit supersedes it before payment.
Each payout, failure and reversal is a transaction row with its own idempotency key; the
database allows at most one payout and one reversal per payment.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    String,
    Text,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from ..db.core import Base, BigId, utcnow


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
