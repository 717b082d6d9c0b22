"""Gig market tables (零工市场 / 人岗匹配): postings, seekers, applications, employment spells,
messages through the platform, and in-app notifications.

Posting ─ apply ─→ application (applied) ─ accept ─→ accepted ─ hire ─→ hired + employment spell
                                         └ reject ─→ rejected      (or withdrawn by the seeker)

Money is integer fen. Places are division codes (county: 6 digits, town/street: 9 digits); the
optional coordinates are GCJ-02 degrees (as the county reference points).
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
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from ..db.core import Base, BigId, Json, utcnow

#: Database objects of the full-text search made by the migration, not by these models (the FTS5
#: table and its shadow tables on SQLite, the pg_trgm index on PostgreSQL): Alembic leaves them be.
SEARCH_OBJECTS = ("job_postings_fts", "ix_job_postings_search_trgm")
Base.metadata.info.setdefault("unmanaged", []).extend(
    o for o in SEARCH_OBJECTS if o not in Base.metadata.info.get("unmanaged", ()))


class PayKind(StrEnum):
    HOURLY = "hourly"
    DAILY = "daily"
    MONTHLY = "monthly"
    PIECE = "piece"


PAY_LABELS = {PayKind.HOURLY: ("按小时", "per hour", "小时"), PayKind.DAILY: ("按日", "per day", "天"),
              PayKind.MONTHLY: ("按月", "per month", "月"), PayKind.PIECE: ("计件", "piece rate", "件")}
_PAY_SQL = ", ".join(f"'{k.value}'" for k in PayKind)


class PostingStatus(StrEnum):
    OPEN = "open"
    FILLED = "filled"
    CLOSED = "closed"


POSTING_STATUS_LABELS = {PostingStatus.OPEN: ("招聘中", "open"), PostingStatus.FILLED: ("已招满", "filled"),
                         PostingStatus.CLOSED: ("已关闭", "closed")}


class JobPosting(Base):
    __tablename__ = "job_postings"
    __table_args__ = (
        CheckConstraint(f"pay_kind IN ({_PAY_SQL})", name="pay_kind_known"),
        CheckConstraint("status IN ('open', 'filled', 'closed')", name="status_known"),
        CheckConstraint("employer_kind IN ('enterprise', 'person')", name="employer_kind_known"),
        CheckConstraint("(employer_kind = 'enterprise' AND enterprise_id IS NOT NULL) OR "
                        "(employer_kind = 'person' AND person_id IS NOT NULL)", name="employer_present"),
        CheckConstraint("pay_min_fen > 0", name="pay_positive"),
        CheckConstraint("pay_max_fen IS NULL OR pay_max_fen >= pay_min_fen", name="pay_range"),
        CheckConstraint("pay_kind <> 'piece' OR piece_hourly_fen IS NOT NULL", name="piece_has_hourly"),
        CheckConstraint("headcount BETWEEN 1 AND 10000", name="headcount_range"),
        CheckConstraint("hired_count >= 0 AND hired_count <= headcount", name="hired_within_headcount"),
        CheckConstraint("end_date IS NULL OR end_date >= start_date", name="dates_ordered"),
        CheckConstraint("hours_per_day IS NULL OR hours_per_day BETWEEN 1 AND 24", name="hours_range"),
        CheckConstraint("wage_check IN ('ok', 'unverified')", name="wage_check_known"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    employer_kind: Mapped[str] = mapped_column(String(16))
    enterprise_id: Mapped[int | None] = mapped_column(BigInteger, ForeignKey("enterprises.id"), index=True)
    person_id: Mapped[int | None] = mapped_column(BigInteger, ForeignKey("people.id"), index=True)
    employer_name: Mapped[str] = mapped_column(String(200))
    posted_by_user_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("users.id"))
    title: Mapped[str] = mapped_column(String(100))
    description: Mapped[str] = mapped_column(Text, default="")
    occupation_code: Mapped[str] = mapped_column(String(16), index=True)
    skills: Mapped[list[str]] = mapped_column(Json)
    certificates: Mapped[list[dict[str, Any]]] = mapped_column(Json)  # [{"name": "电工", "level": 4}]
    county_code: Mapped[str] = mapped_column(String(6), index=True)
    city_code: Mapped[str] = mapped_column(String(6), index=True)
    town_code: Mapped[str | None] = mapped_column(String(9))
    address: Mapped[str | None] = mapped_column(String(200))
    lon: Mapped[float | None] = mapped_column(Float)
    lat: Mapped[float | None] = mapped_column(Float)
    pay_kind: Mapped[str] = mapped_column(String(8))
    pay_min_fen: Mapped[int] = mapped_column(BigInteger)
    pay_max_fen: Mapped[int | None] = mapped_column(BigInteger)
    piece_unit: Mapped[str | None] = mapped_column(String(20))
    piece_hourly_fen: Mapped[int | None] = mapped_column(BigInteger)  # expected earnings an hour (piece rate)
    hours_per_day: Mapped[int | None] = mapped_column(Integer)
    hours_text: Mapped[str | None] = mapped_column(String(100))
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    headcount: Mapped[int] = mapped_column(Integer)
    hired_count: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(8), default=PostingStatus.OPEN.value, index=True)
    # the minimum-wage check at posting: the floor compared, in the posting's unit, and its basis
    wage_check: Mapped[str] = mapped_column(String(12))
    wage_floor_fen: Mapped[int | None] = mapped_column(BigInteger)
    wage_basis: Mapped[dict[str, Any]] = mapped_column(Json)
    search_text: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)


class JobSeeker(Base):
    """A person's job-seeker registration (求职登记)."""

    __tablename__ = "job_seekers"
    __table_args__ = (
        CheckConstraint(f"expected_pay_kind IS NULL OR expected_pay_kind IN ({_PAY_SQL})", name="pay_kind_known"),
        CheckConstraint("expected_pay_fen IS NULL OR expected_pay_fen > 0", name="pay_positive"),
        CheckConstraint("max_distance_km IS NULL OR max_distance_km BETWEEN 1 AND 500", name="distance_range"),
        CheckConstraint("available_to IS NULL OR available_from IS NULL OR available_to >= available_from",
                        name="availability_ordered"),
        CheckConstraint("key_group IS NULL OR key_group_consent", name="key_group_needs_consent"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    person_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("people.id"), unique=True)
    display_name: Mapped[str] = mapped_column(String(64))
    skills: Mapped[list[str]] = mapped_column(Json)
    certificates: Mapped[list[dict[str, Any]]] = mapped_column(Json)
    occupations: Mapped[list[str]] = mapped_column(Json)  # wished 细类 codes
    county_code: Mapped[str] = mapped_column(String(6), index=True)
    city_code: Mapped[str] = mapped_column(String(6), index=True)
    town_code: Mapped[str | None] = mapped_column(String(9))
    lon: Mapped[float | None] = mapped_column(Float)
    lat: Mapped[float | None] = mapped_column(Float)
    reachable_counties: Mapped[list[str]] = mapped_column(Json)
    max_distance_km: Mapped[int | None] = mapped_column(Integer)
    expected_pay_kind: Mapped[str | None] = mapped_column(String(8))
    expected_pay_fen: Mapped[int | None] = mapped_column(BigInteger)
    available_from: Mapped[date | None] = mapped_column(Date)
    available_to: Mapped[date | None] = mapped_column(Date)
    availability_note: Mapped[str | None] = mapped_column(String(100))
    key_group: Mapped[str | None] = mapped_column(String(32))
    key_group_consent: Mapped[bool] = mapped_column(Boolean, default=False)
    consent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)


class ApplicationStatus(StrEnum):
    APPLIED = "applied"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    HIRED = "hired"


APPLICATION_STATUS_LABELS = {
    ApplicationStatus.APPLIED: ("已投递", "applied"), ApplicationStatus.ACCEPTED: ("已录用待入职", "accepted"),
    ApplicationStatus.REJECTED: ("未录用", "not accepted"), ApplicationStatus.WITHDRAWN: ("已撤回", "withdrawn"),
    ApplicationStatus.HIRED: ("已入职", "hired"),
}
_APP_SQL = ", ".join(f"'{s.value}'" for s in ApplicationStatus)


class JobApplication(Base):
    __tablename__ = "job_applications"
    __table_args__ = (
        UniqueConstraint("posting_id", "seeker_id"),
        CheckConstraint(f"status IN ({_APP_SQL})", name="status_known"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    posting_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("job_postings.id"), index=True)
    seeker_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("job_seekers.id"), index=True)
    status: Mapped[str] = mapped_column(String(12), default=ApplicationStatus.APPLIED.value)
    note: Mapped[str | None] = mapped_column(String(500))
    match_score: Mapped[int | None] = mapped_column(Integer)  # 0–100 at the time of applying
    match_reasons: Mapped[list[str] | None] = mapped_column(Json)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Hire(Base):
    """A hire through the market: who works for whom, where, from when."""

    __tablename__ = "job_hires"
    __table_args__ = (
        CheckConstraint("end_date IS NULL OR end_date >= start_date", name="dates_ordered"),
        CheckConstraint("placement_status IN ('recorded_here', 'recorded_on_register')", name="placement_known"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    application_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("job_applications.id"), unique=True)
    posting_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("job_postings.id"), index=True)
    person_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("people.id"), index=True)
    enterprise_id: Mapped[int | None] = mapped_column(BigInteger, ForeignKey("enterprises.id"))
    employer_name: Mapped[str] = mapped_column(String(200))
    county_code: Mapped[str] = mapped_column(String(6), index=True)
    city_code: Mapped[str] = mapped_column(String(6), index=True)
    start_date: Mapped[date] = mapped_column(Date, index=True)
    end_date: Mapped[date | None] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(32), default="gig_market")
    placement_status: Mapped[str] = mapped_column(String(24), default="recorded_here")
    created_by_user_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class JobMessage(Base):
    """Contact through the platform: messages on an application (no phone numbers are shown)."""

    __tablename__ = "job_messages"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    application_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("job_applications.id"), index=True)
    sender_user_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("users.id"))
    body: Mapped[str] = mapped_column(String(1000))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Notification(Base):
    """An in-app notification to a person (a push of postings); ``opened_at`` when they open it."""

    __tablename__ = "notifications"
    __table_args__ = (UniqueConstraint("person_id", "kind", "object_id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    person_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("people.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    object_id: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(String(1000))
    link: Mapped[str] = mapped_column(String(200))
    channel: Mapped[str] = mapped_column(String(16), default="in_app")
    county_code: Mapped[str] = mapped_column(String(6), index=True)
    city_code: Mapped[str] = mapped_column(String(6), index=True)
    sent_by_user_id: Mapped[int | None] = mapped_column(BigInteger, ForeignKey("users.id"))
    push_id: Mapped[str | None] = mapped_column(String(40), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    opened_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
