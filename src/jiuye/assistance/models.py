"""The key-group register (重点群体台账) and what happens to the people on it.

- ``assist_people``: one row per person on the register, with the county and caseworker
  responsible, contact preferences, and the *current* state the watch list reads (willing and
  able since when, on the watch list since when) — recomputed from the dated rows below by each
  write and by the daily job ``jiuye assistance watch``.
- ``assist_group_spells``: membership of the five groups of 绍市人社发〔2023〕28号 as dated spells
  (a person may be in several at once; ``end_date`` NULL = open).
- ``assist_observations``: 就业意愿 / 就业能力 as dated observations (NULL = not known).
- ``assist_employment_spells``: employment (a placement), from the register or another source;
  an open spell takes the person off the 动态清零 watch list.
- ``assist_certifications``: 就业困难人员 certification as a spell with its workflow
  (applied → certified / rejected; certified → cancelled on employment (注销) or lapsed), with
  ``assist_cert_events`` (every step, dated) and ``assist_evidence``.
- ``assist_services``: each contact (帮扶服务): kind, date, who, outcome, job, provisions explained.
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
    Index,
    Integer,
    String,
    Text,
    event,
    select,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from ..db.core import Base, BigId, Json, utcnow

# The five groups of 绍市人社发〔2023〕28号 10. (code, 中文, English)
GROUPS: tuple[tuple[str, str, str], ...] = (
    ("registered_unemployed", "登记失业人员", "registered unemployed"),
    ("graduate_unemployed", "离校未就业高校毕业生", "graduates not yet employed"),
    ("difficulty", "就业困难人员", "persons with employment difficulty"),
    ("dibao_family", "低保低边家庭成员", "members of 低保 / 低边 families"),
    ("low_income_farmer", "低收入农户", "low-income rural households"),
)
GROUP_LABELS = {g: (zh, en) for g, zh, en in GROUPS}
GROUP_CODES = tuple(g for g, _, _ in GROUPS)
GROUP_BITS = {g: 1 << i for i, g in enumerate(GROUP_CODES)}

# 帮扶服务 kinds (issue 14 item 3). (code, 中文, English)
SERVICES: tuple[tuple[str, str, str], ...] = (
    ("guidance", "职业指导", "career guidance"),
    ("job_referral", "岗位推荐", "job recommendation"),
    ("training", "技能培训", "skills training"),
    ("startup", "创业服务", "startup services"),
    ("public_welfare_post", "公益性岗位安置", "public-welfare post placement"),
    ("internship", "就业见习", "internship (就业见习)"),
    ("policy", "政策宣讲", "policy explained"),
)
SERVICE_LABELS = {s: (zh, en) for s, zh, en in SERVICES}
SERVICE_CODES = tuple(s for s, _, _ in SERVICES)

CONTACTS = (("phone", "电话", "phone"), ("sms", "短信", "text message"), ("wechat", "微信", "WeChat"),
            ("visit", "上门走访", "home visit"))
CONTACT_LABELS = {c: (zh, en) for c, zh, en in CONTACTS}

# where an employment spell or a group spell came from (shown to people in these words)
SOURCE_LABELS = {"register": ("经办人登记", "caseworker"), "form": ("经办人登记", "caseworker"),
                 "import": ("台账导入", "register import"), "jobs": ("零工市场", "gig market"),
                 "gig": ("零工市场", "gig market"), "certification": ("就业困难人员认定", "certification"),
                 "synth": ("合成数据", "generated")}

CERT_STATUSES = {
    "applied": ("已申请，待认定", "applied, awaiting decision"),
    "certified": ("已认定", "certified"),
    "rejected": ("不予认定", "not certified"),
    "cancelled": ("已注销（实现就业）", "cancelled (employed)"),
    "lapsed": ("已退出（条件不再符合或期满）", "ended (conditions lapsed or period over)"),
}
CERT_OPEN = ("applied", "certified")


def _in(col: str, values: Any) -> str:
    return f"{col} IN ({', '.join(repr(v) for v in values)})"


class RegisterPerson(Base):
    __tablename__ = "assist_people"
    __table_args__ = (
        CheckConstraint(_in("contact_preference", [c for c, _, _ in CONTACTS]) + " OR contact_preference IS NULL",
                        name="contact_known"),
        CheckConstraint("gender IN ('M', 'F')", name="gender_known"),
        CheckConstraint("female_category IS NULL OR female_category IN ('worker', 'cadre')", name="category_known"),
        # the watch list, overdue (oldest) first, per county and per caseworker
        Index("ix_assist_people_watch_county", "county_code", "watch_since", postgresql_where=text("on_watch"),
              sqlite_where=text("on_watch")),
        Index("ix_assist_people_watch_caseworker", "caseworker_user_id", "watch_since", postgresql_where=text("on_watch"),
              sqlite_where=text("on_watch")),
        Index("ix_assist_people_watch_city", "city_code", "watch_since", postgresql_where=text("on_watch"),
              sqlite_where=text("on_watch")),
        Index("ix_assist_people_watch_all", "watch_since", postgresql_where=text("on_watch"),
              sqlite_where=text("on_watch")),
        # the county summaries read only this index (an index-only scan at province scale)
        Index("ix_assist_people_summary", "city_code", "county_code", "groups_mask", "on_watch", "watch_since"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    id_number: Mapped[str] = mapped_column(String(18), unique=True)
    name: Mapped[str] = mapped_column(String(64))
    gender: Mapped[str] = mapped_column(String(1))
    birth_date: Mapped[date] = mapped_column(Date)
    female_category: Mapped[str | None] = mapped_column(String(8))  # 女职工 worker / 女干部 cadre (retirement age)
    county_code: Mapped[str] = mapped_column(String(6), index=True)
    city_code: Mapped[str] = mapped_column(String(6), index=True)
    hukou_adcode: Mapped[str | None] = mapped_column(String(6))
    residence_adcode: Mapped[str | None] = mapped_column(String(6))
    caseworker_user_id: Mapped[int | None] = mapped_column(BigInteger, ForeignKey("users.id"))
    phone: Mapped[str | None] = mapped_column(String(32))
    contact_preference: Mapped[str | None] = mapped_column(String(16))
    contact_note: Mapped[str | None] = mapped_column(String(200))
    person_id: Mapped[int | None] = mapped_column(BigInteger, ForeignKey("people.id"), index=True)
    entered_on: Mapped[date] = mapped_column(Date)
    # current state (derived; see service.refresh_person and the daily job)
    willing: Mapped[bool | None] = mapped_column(Boolean)
    able: Mapped[bool | None] = mapped_column(Boolean)
    willing_able_since: Mapped[date | None] = mapped_column(Date)
    employed: Mapped[bool] = mapped_column(Boolean, default=False)
    on_watch: Mapped[bool] = mapped_column(Boolean, default=False)
    groups_mask: Mapped[int] = mapped_column(Integer, default=0, server_default="0")  # open groups (GROUP_BITS)
    watch_since: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)


class GroupSpell(Base):
    __tablename__ = "assist_group_spells"
    __table_args__ = (
        CheckConstraint(_in("group_code", GROUP_CODES), name="group_known"),
        CheckConstraint("end_date IS NULL OR end_date >= start_date", name="ends_after_start"),
        Index("ix_assist_group_spells_person", "register_id", "group_code"),
        # the county figures: an index-only scan in (county, person) order
        Index("ix_assist_group_spells_county", "county_code", "register_id", "group_code", "start_date", "end_date"),
    )
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    register_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("assist_people.id"))
    county_code: Mapped[str] = mapped_column(String(6), server_default="")  # the person's (for the county figures)
    group_code: Mapped[str] = mapped_column(String(24))
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(16))  # form / import / certification / synth
    note: Mapped[str | None] = mapped_column(String(200))


@event.listens_for(GroupSpell, "before_insert")
def _spell_county(_mapper: Any, connection: Any, spell: GroupSpell) -> None:
    """A spell written without its county (by another domain, a test) takes the person's."""
    if not spell.county_code:
        spell.county_code = connection.scalar(
            select(RegisterPerson.county_code).where(RegisterPerson.id == spell.register_id)) or ""


class Observation(Base):
    """就业意愿 / 就业能力 as observed on a date (NULL: not known)."""

    __tablename__ = "assist_observations"
    __table_args__ = (Index("ix_assist_observations_person", "register_id", "observed_on"),)
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    register_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("assist_people.id"))
    observed_on: Mapped[date] = mapped_column(Date)
    willing: Mapped[bool | None] = mapped_column(Boolean)
    able: Mapped[bool | None] = mapped_column(Boolean)
    recorded_by_user_id: Mapped[int | None] = mapped_column(BigInteger, ForeignKey("users.id"))
    note: Mapped[str | None] = mapped_column(String(200))


class EmploymentSpell(Base):
    __tablename__ = "assist_employment_spells"
    __table_args__ = (
        CheckConstraint("end_date IS NULL OR end_date >= start_date", name="ends_after_start"),
        Index("ix_assist_employment_spells_person", "register_id", "start_date"),
        Index("ix_assist_employment_spells_county_start", "county_code", "start_date"),
    )
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    register_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("assist_people.id"))
    employer_name: Mapped[str] = mapped_column(String(200))
    county_code: Mapped[str] = mapped_column(String(6))  # the register county (counts for its targets)
    work_county_code: Mapped[str | None] = mapped_column(String(6))
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(32))
    difficulty_certified: Mapped[bool] = mapped_column(Boolean, default=False)  # certified 就业困难人员 at the start
    recorded_by_user_id: Mapped[int | None] = mapped_column(BigInteger, ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Certification(Base):
    """就业困难人员认定: a spell from ``valid_from`` to ``ended_on`` once certified."""

    __tablename__ = "assist_certifications"
    __table_args__ = (
        CheckConstraint(_in("status", CERT_STATUSES), name="status_known"),
        CheckConstraint("applied_via IN ('hukou', 'residence')", name="via_known"),
        CheckConstraint("status <> 'certified' OR (certificate_no IS NOT NULL AND valid_from IS NOT NULL)",
                        name="certified_has_number"),
        CheckConstraint("status NOT IN ('cancelled', 'lapsed') OR ended_on IS NOT NULL", name="ended_has_date"),
        CheckConstraint("ended_on IS NULL OR valid_from IS NULL OR ended_on >= valid_from", name="ends_after_start"),
        Index("ix_assist_certifications_person", "register_id", "status"),
    )
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    register_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("assist_people.id"))
    county_code: Mapped[str] = mapped_column(String(6), index=True)
    city_code: Mapped[str] = mapped_column(String(6))
    applied_via: Mapped[str] = mapped_column(String(12))
    applied_on: Mapped[date] = mapped_column(Date)
    applied_by_user_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("users.id"))
    status: Mapped[str] = mapped_column(String(12))
    facts: Mapped[dict[str, Any]] = mapped_column(Json)  # the person's facts as evaluated
    provision_id: Mapped[str] = mapped_column(String(128))
    engine_outcome: Mapped[str] = mapped_column(String(16))
    engine: Mapped[dict[str, Any]] = mapped_column(Json)  # routes met, conditions, questions, period, reading
    ruleset_version: Mapped[str] = mapped_column(String(32))
    decided_on: Mapped[date | None] = mapped_column(Date)
    decided_by_user_id: Mapped[int | None] = mapped_column(BigInteger, ForeignKey("users.id"))
    decision_reason: Mapped[str | None] = mapped_column(Text)
    certificate_no: Mapped[str | None] = mapped_column(String(40), unique=True)
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_until: Mapped[date | None] = mapped_column(Date)
    subsidy_months: Mapped[int | None] = mapped_column(Integer)
    subsidy_until_month: Mapped[str | None] = mapped_column(String(7))  # YYYY-MM, inclusive
    next_review_on: Mapped[date | None] = mapped_column(Date)
    ended_on: Mapped[date | None] = mapped_column(Date)
    end_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class CertEvent(Base):
    __tablename__ = "assist_cert_events"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    certification_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("assist_certifications.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # applied / evidence / certified / rejected / reviewed / ...
    on_date: Mapped[date] = mapped_column(Date)
    actor_user_id: Mapped[int | None] = mapped_column(BigInteger, ForeignKey("users.id"))
    actor: Mapped[str] = mapped_column(String(64))
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Evidence(Base):
    __tablename__ = "assist_evidence"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    certification_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("assist_certifications.id"), index=True)
    kind: Mapped[str] = mapped_column(String(64))  # what the document is, in the caseworker's words
    reference: Mapped[str | None] = mapped_column(String(128))
    received_on: Mapped[date] = mapped_column(Date)
    recorded_by_user_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("users.id"))


class Service(Base):
    __tablename__ = "assist_services"
    __table_args__ = (
        CheckConstraint(_in("kind", SERVICE_CODES), name="kind_known"),
        CheckConstraint("kind <> 'job_referral' OR job_title IS NOT NULL", name="referral_has_job"),
        Index("ix_assist_services_person_date", "register_id", "service_date"),
        Index("ix_assist_services_county_date", "county_code", "service_date"),
        Index("ix_assist_services_county_date_person", "county_code", "service_date", "register_id"),
    )
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    register_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("assist_people.id"))
    county_code: Mapped[str] = mapped_column(String(6))
    kind: Mapped[str] = mapped_column(String(24))
    service_date: Mapped[date] = mapped_column(Date)
    user_id: Mapped[int | None] = mapped_column(BigInteger, ForeignKey("users.id"))
    provider: Mapped[str] = mapped_column(String(64))  # who (the caseworker's display name, or the source)
    outcome: Mapped[str | None] = mapped_column(Text)
    job_title: Mapped[str | None] = mapped_column(String(200))
    employer_name: Mapped[str | None] = mapped_column(String(200))
    provisions: Mapped[list[str] | None] = mapped_column(Json)  # provision ids explained
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
