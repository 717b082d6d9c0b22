"""Actual figures reported against the targets: append-only entries.

One row is one figure as reported: a plan's indicator, for one jurisdiction, cumulative from the
start of the target period to the end of one month (``as_of``), with who entered it, when and
why. Rows are never changed or deleted (database triggers refuse UPDATE and DELETE): a
correction is a new row (``corrects_id`` names the row it replaces) and the newest row for a
(plan, indicator, jurisdiction, month) is the figure in force. ``value`` is an integer in the
indicator's smallest unit (fen for 万元, hundredths for %, see ``plans.SCALES``).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, CheckConstraint, Date, DateTime, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..db.core import Base, BigId, utcnow

SOURCES = ("entry", "import")
SOURCE_LABELS = {"entry": ("录入", "entered"), "import": ("Excel导入", "imported from Excel"),
                 "derived": ("系统数据", "from the system")}


class ActualEntry(Base):
    __tablename__ = "target_actuals"
    __table_args__ = (
        CheckConstraint("source IN ('entry', 'import')", name="source_known"),
        CheckConstraint("value >= 0", name="value_non_negative"),
        Index("ix_target_actuals_lookup", "plan", "jurisdiction_code", "indicator", "as_of", "id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    plan: Mapped[str] = mapped_column(String(32))
    indicator: Mapped[str] = mapped_column(String(64))
    jurisdiction_code: Mapped[str] = mapped_column(String(6))
    county_code: Mapped[str | None] = mapped_column(String(6), index=True)  # scoping: NULL for a city or province row
    city_code: Mapped[str | None] = mapped_column(String(6), index=True)  # NULL for a province row
    as_of: Mapped[date] = mapped_column(Date)  # the last day of the month reported
    value: Mapped[int] = mapped_column(BigInteger)
    source: Mapped[str] = mapped_column(String(16))
    comment: Mapped[str | None] = mapped_column(Text)
    corrects_id: Mapped[int | None] = mapped_column(BigInteger, ForeignKey("target_actuals.id"))
    import_ref: Mapped[str | None] = mapped_column(String(64))  # sha256 of the imported file
    entered_by_user_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("users.id"))
    entered_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
