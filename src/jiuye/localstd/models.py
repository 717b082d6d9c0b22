"""A maintained parameter value: proposed → approved | rejected (never edited in place)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, CheckConstraint, Date, DateTime, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..db.core import Base, BigId, utcnow

STATUSES = ("proposed", "approved", "rejected")
STATUS_LABELS = {"proposed": ("待审核", "awaiting approval"), "approved": ("已生效", "approved"),
                 "rejected": ("已退回", "rejected")}
_STATUS_SQL = ", ".join(f"'{s}'" for s in STATUSES)


class LocalValue(Base):
    __tablename__ = "local_values"
    __table_args__ = (
        CheckConstraint(f"status IN ({_STATUS_SQL})", name="status_known"),
        CheckConstraint("status = 'proposed' OR decided_by IS NOT NULL", name="decided_has_decider"),
        CheckConstraint("decided_by IS NULL OR decided_by <> proposed_by", name="four_eyes"),
        Index("ix_local_values_parameter_jurisdiction", "parameter", "jurisdiction", "valid_from"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    parameter: Mapped[str] = mapped_column(String(160))
    jurisdiction: Mapped[str] = mapped_column(String(6), index=True)  # a city or county code
    city_code: Mapped[str] = mapped_column(String(6), index=True)
    valid_from: Mapped[date] = mapped_column(Date)
    value: Mapped[str] = mapped_column(String(200))  # as the administrator wrote it, in the unit shown
    source_document: Mapped[str] = mapped_column(String(200))  # 文号, e.g. 柯人社〔2024〕12号
    source_issuer: Mapped[str] = mapped_column(String(200))
    source_date: Mapped[date] = mapped_column(Date)
    source_url: Mapped[str | None] = mapped_column(String(500))
    reason: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="proposed", index=True)
    proposed_by: Mapped[int] = mapped_column(BigInteger, ForeignKey("users.id"))
    proposed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    decided_by: Mapped[int | None] = mapped_column(BigInteger, ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    decision_reason: Mapped[str | None] = mapped_column(Text)

    @property
    def source_text(self) -> str:
        parts = [f"{self.source_issuer}《{self.source_document}》" if self.source_document else self.source_issuer,
                 self.source_date.isoformat()]
        if self.source_url:
            parts.append(self.source_url)
        return "，".join(parts)
