"""A 免申即享 campaign and its proposals.

A campaign (county, provisions, as-of date) proposes entitlements found by the engine's table path
with the ledger subtracted. ``campaign_proposals`` is UNIQUE on (subject, provision, period key)
whatever the campaign, so a rerun proposes nobody twice. Proposal status::

    proposed ─ exclude (reason) ─→ excluded
             ─ confirm (the subject) ─→ confirmed (an application approved through the normal path)
             ─ 信息有误 ─→ corrected (an ordinary application for human review)
    proposed after the campaign's deadline: shown as expired
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from ..db.core import Base, BigId, Json, utcnow

CAMPAIGN_STATUSES = ("review", "pushed")
PROPOSAL_STATUSES = ("proposed", "excluded", "confirmed", "corrected")
_C_SQL = ", ".join(f"'{s}'" for s in CAMPAIGN_STATUSES)
_P_SQL = ", ".join(f"'{s}'" for s in PROPOSAL_STATUSES)


class Campaign(Base):
    __tablename__ = "campaigns"
    __table_args__ = (
        CheckConstraint(f"status IN ({_C_SQL})", name="status_known"),
        CheckConstraint("status <> 'pushed' OR pushed_by IS NOT NULL", name="pushed_has_pusher"),
        CheckConstraint("deadline >= as_of", name="deadline_after_as_of"),
    )
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    county_code: Mapped[str] = mapped_column(String(6), index=True)
    city_code: Mapped[str] = mapped_column(String(6), index=True)
    as_of: Mapped[date] = mapped_column(Date)
    deadline: Mapped[date] = mapped_column(Date)
    provisions: Mapped[list[str]] = mapped_column(Json)
    status: Mapped[str] = mapped_column(String(16), default="review")
    sample_seed: Mapped[int] = mapped_column(BigInteger)
    subjects_evaluated: Mapped[int] = mapped_column(Integer, default=0)
    already_proposed: Mapped[int] = mapped_column(Integer, default=0)
    amount_unknown: Mapped[int] = mapped_column(Integer, default=0)
    created_by: Mapped[int] = mapped_column(BigInteger, ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    pushed_by: Mapped[int | None] = mapped_column(BigInteger, ForeignKey("users.id"))
    pushed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    roster_name: Mapped[str | None] = mapped_column(String(200))  # the imported file, when there was one
    roster_rows: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    roster_rejected: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class Case(Base):
    """The facts of one proposed roster subject (``{"person": {...}}`` or ``{"enterprise": {...}}``),
    as the imported roster gave them: what the proposal was based on and what confirming submits."""

    __tablename__ = "campaign_cases"
    __table_args__ = (UniqueConstraint("campaign_id", "subject_key", name="uq_campaign_cases_subject"),)
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    campaign_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("campaigns.id"))
    subject_key: Mapped[str] = mapped_column(String(24))
    case: Mapped[dict[str, Any]] = mapped_column(Json)


class Proposal(Base):
    __tablename__ = "campaign_proposals"
    __table_args__ = (
        UniqueConstraint("subject_key", "provision_id", "period_key", name="uq_campaign_proposals_once"),
        CheckConstraint(f"status IN ({_P_SQL})", name="status_known"),
        CheckConstraint("amount_fen > 0", name="amount_positive"),
        CheckConstraint("status <> 'excluded' OR excluded_reason IS NOT NULL", name="excluded_has_reason"),
        CheckConstraint("subject_kind IN ('person', 'enterprise')", name="subject_kind_known"),
        CheckConstraint("source_application_id IS NOT NULL OR case_id IS NOT NULL", name="has_source"),
    )
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    campaign_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("campaigns.id"), index=True)
    county_code: Mapped[str] = mapped_column(String(6), index=True)
    city_code: Mapped[str] = mapped_column(String(6))
    subject_kind: Mapped[str] = mapped_column(String(16))
    subject_key: Mapped[str] = mapped_column(String(24))
    person_id: Mapped[int | None] = mapped_column(BigInteger, ForeignKey("people.id"), index=True)
    enterprise_id: Mapped[int | None] = mapped_column(BigInteger, ForeignKey("enterprises.id"), index=True)
    source_application_id: Mapped[int | None] = mapped_column(BigInteger, ForeignKey("applications.id"))
    case_id: Mapped[int | None] = mapped_column(BigInteger, ForeignKey("campaign_cases.id"))
    provision_id: Mapped[str] = mapped_column(String(128))
    period: Mapped[str] = mapped_column(String(16))
    period_key: Mapped[str] = mapped_column(String(8))
    amount_fen: Mapped[int] = mapped_column(BigInteger)
    citation: Mapped[str] = mapped_column(String(200))
    basis: Mapped[list[dict[str, Any]]] = mapped_column(Json)  # [{label_zh, label_en, value_zh, value_en}]
    status: Mapped[str] = mapped_column(String(16), default="proposed", index=True)
    sampled: Mapped[bool] = mapped_column(Boolean, default=False)
    reviewed_by: Mapped[int | None] = mapped_column(BigInteger, ForeignKey("users.id"))
    excluded_reason: Mapped[str | None] = mapped_column(Text)
    correction_note: Mapped[str | None] = mapped_column(Text)
    application_id: Mapped[int | None] = mapped_column(BigInteger, ForeignKey("applications.id"))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class Notice(Base):
    """An in-app notification of a proposal (the channel is a column, so SMS can be added later)."""

    __tablename__ = "campaign_notices"
    __table_args__ = (UniqueConstraint("proposal_id", "channel"),)
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    proposal_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("campaign_proposals.id"))
    channel: Mapped[str] = mapped_column(String(16), default="in_app")
    person_id: Mapped[int | None] = mapped_column(BigInteger, ForeignKey("people.id"), index=True)
    enterprise_id: Mapped[int | None] = mapped_column(BigInteger, ForeignKey("enterprises.id"), index=True)
    text_zh: Mapped[str] = mapped_column(Text)
    text_en: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
