"""People, enterprises, applications, decisions, entitlements and their payment schedule.

A payment (an instalment of an entitlement) is ``scheduled`` when the application is granted;
the payments domain pays, fails and reverses it (:mod:`jiuye.payments`).

Status of an application::

    submitted ─ engine pre-check ─┬─ eligible / cannot tell ─→ pending_review ─┬─ approve ─→ approved
                                  │   (a late claim, document silent ─→ needs_review ─┘)
                                  ├─ not eligible ──→ not_eligible             └─ reject ──→ rejected
                                  └─ superseded ───→ superseded                              │ 异议
          not_eligible / superseded ── human review ─→ pending_review          objection ←───┘
                                                                                 └─ approve / reject

Applications in ``LIVE`` states hold their reservations (see ``limits.py``): a certificate,
a training slot of the year, a loan slot, employees claimed.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from ..db.core import Base, BigId, Json, utcnow


class PersonRecord(Base):
    """A natural person known to the system (applicant, founder or claimed employee)."""

    __tablename__ = "people"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    id_number: Mapped[str] = mapped_column(String(18), unique=True)
    name: Mapped[str] = mapped_column(String(64))
    county_code: Mapped[str | None] = mapped_column(String(6))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class EnterpriseRecord(Base):
    __tablename__ = "enterprises"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    uscc: Mapped[str] = mapped_column(String(18), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    county_code: Mapped[str | None] = mapped_column(String(6))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Status(StrEnum):
    PENDING_REVIEW = "pending_review"
    NOT_ELIGIBLE = "not_eligible"
    APPROVED = "approved"
    REJECTED = "rejected"
    OBJECTION = "objection"
    SUPERSEDED = "superseded"
    NEEDS_REVIEW = "needs_review"  # a late claim the document has no claim rule for: a person decides


STATUS_LABELS = {
    Status.PENDING_REVIEW: ("待审核", "pending review"), Status.NOT_ELIGIBLE: ("预审不符合", "not eligible (automated)"),
    Status.APPROVED: ("已批准", "approved"), Status.REJECTED: ("已驳回", "rejected"),
    Status.OBJECTION: ("异议复核中", "objection under review"),
    Status.SUPERSEDED: ("已被更优政策替代", "superseded (从优从高不重复)"),
    Status.NEEDS_REVIEW: ("待人工复核", "needs human review"),
}
LIVE = frozenset({Status.PENDING_REVIEW, Status.NEEDS_REVIEW, Status.OBJECTION, Status.APPROVED})
_STATUS_SQL = ", ".join(f"'{s.value}'" for s in Status)


class Application(Base):
    __tablename__ = "applications"
    __table_args__ = (
        CheckConstraint(f"status IN ({_STATUS_SQL})", name="status_known"),
        CheckConstraint("subject_kind IN ('person', 'enterprise')", name="subject_kind_known"),
        CheckConstraint("(subject_kind = 'person' AND person_id IS NOT NULL) OR "
                        "(subject_kind = 'enterprise' AND enterprise_id IS NOT NULL)", name="subject_present"),
        CheckConstraint("engine_amount_fen IS NULL OR engine_amount_fen >= 0", name="engine_amount_non_negative"),
        CheckConstraint("approved_amount_fen IS NULL OR approved_amount_fen > 0", name="approved_amount_positive"),
        CheckConstraint("approved_amount_fen IS NULL OR engine_amount_fen IS NULL "
                        "OR approved_amount_fen <= engine_amount_fen", name="approved_within_engine_amount"),
        CheckConstraint("objection_count BETWEEN 0 AND 1", name="one_objection"),
        CheckConstraint("months_requested IS NULL OR months_requested BETWEEN 0 AND 120", name="months_range"),
        CheckConstraint("status <> 'approved' OR approved_amount_fen IS NOT NULL", name="approved_has_amount"),
        CheckConstraint("claim_period_end >= claim_period_start", name="claim_period_ordered"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    idempotency_key: Mapped[str] = mapped_column(String(128), unique=True)
    request_hash: Mapped[str] = mapped_column(String(64))
    provision_id: Mapped[str] = mapped_column(String(128), index=True)
    benefit_type: Mapped[str] = mapped_column(String(32))
    stacking_group: Mapped[str | None] = mapped_column(String(64))
    subject_kind: Mapped[str] = mapped_column(String(16))
    subject_key: Mapped[str] = mapped_column(String(24), index=True)
    person_id: Mapped[int | None] = mapped_column(BigInteger, ForeignKey("people.id"), index=True)
    enterprise_id: Mapped[int | None] = mapped_column(BigInteger, ForeignKey("enterprises.id"), index=True)
    county_code: Mapped[str] = mapped_column(String(6), index=True)
    city_code: Mapped[str] = mapped_column(String(6), index=True)
    application_date: Mapped[date] = mapped_column(Date)  # the filing date: the server's date, never the applicant's
    period_start: Mapped[date] = mapped_column(Date)  # the entitlement starts here (= the claim period's start)
    # the period the claim is for (a one-time claim: one day); the pre-check is as of it (claims.py)
    claim_period_start: Mapped[date] = mapped_column(Date)
    claim_period_end: Mapped[date] = mapped_column(Date)
    review_reason: Mapped[str | None] = mapped_column(Text)  # why a person must look (a late claim)
    months_requested: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(24), index=True)
    submitted_by_user_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("users.id"))
    on_behalf: Mapped[bool] = mapped_column(Boolean, default=False)
    # the engine's latest check (pre-check at submission, re-check at approval)
    engine_outcome: Mapped[str] = mapped_column(String(16))
    engine_amount_fen: Mapped[int | None] = mapped_column(BigInteger)
    engine_max_months: Mapped[int | None] = mapped_column(Integer)
    engine_superseded_by: Mapped[str | None] = mapped_column(String(128))
    ruleset_version: Mapped[str] = mapped_column(String(32))
    input_snapshot: Mapped[dict[str, Any]] = mapped_column(Json)
    explanation: Mapped[dict[str, Any]] = mapped_column(Json)
    # facts the caps count (copied from the case)
    training_year: Mapped[int | None] = mapped_column(Integer)
    cert_occupation: Mapped[str | None] = mapped_column(String(100))
    cert_level: Mapped[int | None] = mapped_column(Integer)
    certificate_no: Mapped[str | None] = mapped_column(String(64))
    loan_months: Mapped[int | None] = mapped_column(Integer)
    claimed_employees: Mapped[list[int] | None] = mapped_column(Json)  # people.id of the employees listed
    # the human decision
    approved_amount_fen: Mapped[int | None] = mapped_column(BigInteger)
    decided_by_user_id: Mapped[int | None] = mapped_column(BigInteger, ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    decision_reason: Mapped[str | None] = mapped_column(Text)
    superseded_by_application_id: Mapped[int | None] = mapped_column(BigInteger, ForeignKey("applications.id"))
    objection_count: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)

    @property
    def status_enum(self) -> Status:
        return Status(self.status)


DECISION_KINDS = ("pre_check", "re_check", "approve", "reject", "human_review", "objection", "superseded")
_KINDS_SQL = ", ".join(f"'{k}'" for k in DECISION_KINDS)


class Decision(Base):
    """Every check and decision on an application, in order; ``actor_user_id`` NULL = the engine."""

    __tablename__ = "decisions"
    __table_args__ = (CheckConstraint(f"kind IN ({_KINDS_SQL})", name="kind_known"),)
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    application_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("applications.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    actor_user_id: Mapped[int | None] = mapped_column(BigInteger, ForeignKey("users.id"))
    outcome: Mapped[str | None] = mapped_column(String(16))
    amount_fen: Mapped[int | None] = mapped_column(BigInteger)
    reason: Mapped[str | None] = mapped_column(Text)
    ruleset_version: Mapped[str | None] = mapped_column(String(32))
    explanation: Mapped[dict[str, Any] | None] = mapped_column(Json)
    input_snapshot: Mapped[dict[str, Any] | None] = mapped_column(Json)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Entitlement(Base):
    """A benefit granted for a period: ``amount_fen`` per period, for ``months`` from ``start_date``."""

    __tablename__ = "entitlements"
    __table_args__ = (
        CheckConstraint("amount_fen >= 0", name="amount_non_negative"),
        CheckConstraint("months >= 0", name="months_non_negative"),
        CheckConstraint("max_duration_months IS NULL OR months <= max_duration_months", name="within_max_duration"),
        CheckConstraint("status IN ('active', 'superseded', 'ended')", name="status_known"),
        CheckConstraint("period IN ('one_time', 'monthly', 'yearly')", name="period_known"),
    )
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    application_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("applications.id"), unique=True)
    subject_key: Mapped[str] = mapped_column(String(24), index=True)
    provision_id: Mapped[str] = mapped_column(String(128))
    stacking_group: Mapped[str | None] = mapped_column(String(64))
    benefit_type: Mapped[str] = mapped_column(String(32))
    period: Mapped[str] = mapped_column(String(16))
    amount_fen: Mapped[int] = mapped_column(BigInteger)
    comparable_fen: Mapped[int] = mapped_column(BigInteger)
    start_date: Mapped[date] = mapped_column(Date)
    months: Mapped[int] = mapped_column(Integer)
    max_duration_months: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16), default="active")
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


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


class EmployeeClaim(Base):
    """Each employee claimed once per benefit and period, by one enterprise."""

    __tablename__ = "employee_claims"
    __table_args__ = (UniqueConstraint("benefit_key", "employee_person_id", "period_key"),)
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    application_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("applications.id"), index=True)
    enterprise_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("enterprises.id"))
    employee_person_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("people.id"))
    benefit_key: Mapped[str] = mapped_column(String(128))
    period_key: Mapped[str] = mapped_column(String(8))


# --- the documents' caps, as rows the database checks --------------------------------------
# The numbers in the CHECK constraints are the documents' (杭州征求意见稿（四）（十五）); the
# Python checks read the same numbers from the parameters, the constraints are the backstop.


class SubjectLedger(Base):
    """One row per person or enterprise: the per-subject lock row (SELECT … FOR UPDATE) and the
    running loan totals: at most 3 guaranteed loans and 36 months in all."""

    __tablename__ = "subject_ledgers"
    __table_args__ = (
        CheckConstraint("loan_count BETWEEN 0 AND 3", name="loans_at_most_3"),
        CheckConstraint("loan_months BETWEEN 0 AND 36", name="loan_months_at_most_36"),
    )
    subject_key: Mapped[str] = mapped_column(String(24), primary_key=True)
    loan_count: Mapped[int] = mapped_column(Integer, default=0)
    loan_months: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)


class TrainingSlot(Base):
    """At most 3 training subsidies per person per calendar year: slots 1–3 of (person, year)."""

    __tablename__ = "training_slots"
    __table_args__ = (CheckConstraint("slot BETWEEN 1 AND 3", name="slot_1_to_3"),)
    subject_key: Mapped[str] = mapped_column(String(24), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    slot: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("applications.id"), unique=True)


class CertificateClaim(Base):
    """The same certificate (occupation + level; level 0 = 专项职业能力) once per person, and a
    certificate number once in all (an employer's claim bars the person's)."""

    __tablename__ = "certificate_claims"
    __table_args__ = (UniqueConstraint("subject_key", "occupation", "level"),)
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    subject_key: Mapped[str] = mapped_column(String(24))
    occupation: Mapped[str | None] = mapped_column(String(100))  # NULL: an employer's claim (number only)
    level: Mapped[int | None] = mapped_column(Integer)
    certificate_no: Mapped[str | None] = mapped_column(String(64), unique=True)
    application_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("applications.id"), unique=True)


class LoanSlot(Base):
    """Guaranteed loans: slots 1–3 per borrower; ``months`` also counted in the ledger."""

    __tablename__ = "loan_slots"
    __table_args__ = (
        CheckConstraint("slot BETWEEN 1 AND 3", name="slot_1_to_3"),
        CheckConstraint("months BETWEEN 1 AND 36", name="months_1_to_36"),
    )
    subject_key: Mapped[str] = mapped_column(String(24), primary_key=True)
    slot: Mapped[int] = mapped_column(Integer, primary_key=True)
    months: Mapped[int] = mapped_column(Integer)
    application_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("applications.id"), unique=True)


class DurationLedger(Base):
    """Months granted of one provision to one subject, never beyond the provision's maximum."""

    __tablename__ = "duration_ledgers"
    __table_args__ = (CheckConstraint("months_used >= 0 AND months_used <= months_cap", name="within_cap"),)
    subject_key: Mapped[str] = mapped_column(String(24), primary_key=True)
    provision_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    months_used: Mapped[int] = mapped_column(Integer, default=0)
    months_cap: Mapped[int] = mapped_column(Integer)


class StackingClaim(Base):
    """从优从高不重复: one benefit per stacking group and month (``once`` for one-time benefits)."""

    __tablename__ = "stacking_claims"
    subject_key: Mapped[str] = mapped_column(String(24), primary_key=True)
    stacking_group: Mapped[str] = mapped_column(String(64), primary_key=True)
    period_key: Mapped[str] = mapped_column(String(8), primary_key=True)
    entitlement_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("entitlements.id"), index=True)
    payment_id: Mapped[int | None] = mapped_column(BigInteger, ForeignKey("payments.id"), index=True)
    comparable_fen: Mapped[int] = mapped_column(BigInteger)


EVIDENCE_TYPES = ("application/pdf", "image/jpeg", "image/png")
_EVIDENCE_SQL = ", ".join(f"'{t}'" for t in EVIDENCE_TYPES)


class EvidenceFile(Base):
    """A file an applicant attached to an application (证明材料): PDF, JPG or PNG as read from its
    content, with its SHA-256; the bytes live in the database (``content``, loaded only when asked
    for), so SQLite, PostgreSQL and a clean checkout need no data folder. See ``evidence.py``."""

    __tablename__ = "evidence_files"
    __table_args__ = (
        CheckConstraint(f"content_type IN ({_EVIDENCE_SQL})", name="type_known"),
        CheckConstraint("size_bytes > 0", name="size_positive"),
        UniqueConstraint("application_id", "sha256"),  # the same file once per application
    )
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    application_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("applications.id"), index=True)
    field: Mapped[str] = mapped_column(String(32), default="evidence")
    filename: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(32))
    size_bytes: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    content: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    uploaded_by_user_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
