"""Response models of the applications API (``/api/v1/benefits``, ``/api/v1/applications``), and of a
payment (used by the payments API too)."""

from __future__ import annotations

from typing import Any

from ..fields import Answer


class BenefitOut(Answer):
    provision_id: str
    title_zh: str
    title_en: str
    subject: str
    citation: str
    draft: bool


class EngineOut(Answer):
    outcome: str | None = None
    amount_fen: int | None = None
    amount_yuan: str | None = None
    max_duration_months: int | None = None
    ruleset_version: str | None = None


class ApplicationSummary(Answer):
    id: int
    provision_id: str
    title_zh: str
    title_en: str
    citation: str | None = None
    status: str
    status_zh: str
    status_en: str
    subject: dict[str, Any]
    county_code: str
    city_code: str
    application_date: str
    engine: EngineOut
    approved_amount_fen: int | None = None
    approved_amount_yuan: str | None = None


class ApplicationPage(Answer):
    total: int
    items: list[ApplicationSummary]


class PaymentOut(Answer):
    id: int
    application_id: int
    entitlement_id: int
    seq: int
    provision_id: str
    county_code: str
    period_start: str
    months: int
    due_date: str
    amount_fen: int
    amount_yuan: str
    amount_daxie: str
    payee: str
    status: str
    status_zh: str
    status_en: str
    paid_at: str | None = None
    bank_reference: str | None = None
    failure_reason: str | None = None
    reversal_reason: str | None = None


class EntitlementOut(Answer):
    id: int
    period: str
    amount_fen: int
    amount_yuan: str | None = None
    start_date: str
    months: int | None = None
    status: str


class ApplicationDetail(ApplicationSummary):
    decisions: list[dict[str, Any]]
    entitlement: EntitlementOut | None = None
    payments: list[PaymentOut]


class ReplayOut(Answer):
    application_id: int
    reproduced: bool
    stored: dict[str, Any]
    replayed: dict[str, Any]


class RevealedId(Answer):
    application_id: int
    id_number: str
