"""Response models of the payments API (``/api/v1/payments``)."""

from __future__ import annotations

from ..applications.responses import PaymentOut
from ..fields import Answer

__all__ = ["PaymentList", "PaymentOperation", "PaymentOut", "StatusTotal"]


class StatusTotal(Answer):
    count: int
    amount_fen: int


class PaymentList(Answer):
    items: list[PaymentOut]
    totals: dict[str, StatusTotal]


class PaymentOperation(Answer):
    payment: PaymentOut
    replayed: bool
