"""Audit events: append-only (database triggers refuse UPDATE and DELETE) and hash-chained.

``hash = sha256(prev_hash + canonical JSON of the event)``; ``audit_head`` (one row, locked
FOR UPDATE by each writer) holds the last sequence number and hash, so the chain has no forks.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, DateTime, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..db.core import Base, BigId

GENESIS_HASH = "0" * 64
PROVINCE_CHAIN = "330000"


class AuditEvent(Base):
    __tablename__ = "audit_events"
    __table_args__ = (UniqueConstraint("chain", "seq"),)
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    chain: Mapped[str] = mapped_column(String(6), server_default=PROVINCE_CHAIN)
    seq: Mapped[int] = mapped_column(BigInteger)
    occurred_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    actor_user_id: Mapped[int | None] = mapped_column(BigInteger)
    actor: Mapped[str] = mapped_column(String(64))
    actor_role: Mapped[str] = mapped_column(String(32))
    action: Mapped[str] = mapped_column(String(64), index=True)
    object_type: Mapped[str] = mapped_column(String(32))
    object_id: Mapped[str | None] = mapped_column(String(64))
    county_code: Mapped[str | None] = mapped_column(String(6))
    details: Mapped[str] = mapped_column(Text)  # canonical JSON, masked
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)


class AuditHead(Base):
    __tablename__ = "audit_heads"
    chain: Mapped[str] = mapped_column(String(6), primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger)
    hash: Mapped[str] = mapped_column(String(64))


class AuditVerification(Base):
    """One run of ``jiuye audit verify`` (the CLI, the server's schedule, or the web), append-only.

    A run that passed with the signing key also holds the heads it signed (``heads``, canonical
    JSON) and their signature: the signed head file names the run that wrote it, so deleting the
    file, or these rows, or cutting a chain back below a signed head, is found by the next run."""

    __tablename__ = "audit_verifications"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    trigger: Mapped[str] = mapped_column(String(16))  # cli | schedule | web
    ok: Mapped[bool] = mapped_column(Boolean)
    events: Mapped[int] = mapped_column(BigInteger)
    chains: Mapped[int] = mapped_column(Integer)
    problems: Mapped[int] = mapped_column(Integer)
    message: Mapped[str] = mapped_column(Text)
    heads: Mapped[str | None] = mapped_column(Text)  # the signed heads (canonical JSON), when anchored
    signature: Mapped[str | None] = mapped_column(String(128))
