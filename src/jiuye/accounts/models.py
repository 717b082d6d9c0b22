"""Users and roles. A user's jurisdiction is a county (caseworker), a city (manager) or the
province (administrator); applicants and enterprises are linked to their own record."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import BigInteger, Boolean, CheckConstraint, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ..db.core import Base, BigId, utcnow


class Role(StrEnum):
    APPLICANT = "applicant"
    ENTERPRISE = "enterprise"
    CASEWORKER = "county_caseworker"
    CITY_MANAGER = "city_manager"
    PROVINCE_ADMIN = "province_admin"

    @property
    def label_zh(self) -> str:
        return ROLE_LABELS[self][0]

    @property
    def label_en(self) -> str:
        return ROLE_LABELS[self][1]


ROLE_LABELS = {
    Role.APPLICANT: ("申请人", "applicant"), Role.ENTERPRISE: ("企业", "enterprise"),
    Role.CASEWORKER: ("县（市、区）经办人", "county caseworker"), Role.CITY_MANAGER: ("市级管理员", "city manager"),
    Role.PROVINCE_ADMIN: ("省级管理员", "province administrator"),
}
STAFF_ROLES = frozenset({Role.CASEWORKER, Role.CITY_MANAGER, Role.PROVINCE_ADMIN})
_ROLES_SQL = ", ".join(f"'{r.value}'" for r in Role)


class User(Base):
    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint(f"role IN ({_ROLES_SQL})", name="role_known"),
        CheckConstraint("role <> 'county_caseworker' OR county_code IS NOT NULL", name="caseworker_has_county"),
        CheckConstraint("role <> 'city_manager' OR city_code IS NOT NULL", name="manager_has_city"),
        CheckConstraint("role <> 'applicant' OR person_id IS NOT NULL", name="applicant_has_person"),
        CheckConstraint("role <> 'enterprise' OR enterprise_id IS NOT NULL", name="enterprise_has_record"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(100))
    password_hash: Mapped[str] = mapped_column(String(256))
    role: Mapped[str] = mapped_column(String(32))
    county_code: Mapped[str | None] = mapped_column(String(6))
    city_code: Mapped[str | None] = mapped_column(String(6))
    person_id: Mapped[int | None] = mapped_column(BigInteger, ForeignKey("people.id"))
    enterprise_id: Mapped[int | None] = mapped_column(BigInteger, ForeignKey("enterprises.id"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    session_version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    @property
    def role_enum(self) -> Role:
        return Role(self.role)

    @property
    def is_staff(self) -> bool:
        return self.role_enum in STAFF_ROLES


class RevokedToken(Base):
    """A session token ended by logout before it expired (kept until it would have expired)."""

    __tablename__ = "revoked_tokens"
    jti: Mapped[str] = mapped_column(String(32), primary_key=True)
    user_id: Mapped[int] = mapped_column(BigInteger)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)


class LoginThrottle(Base):
    """Failed logins of one username (``u:…``) or one address (``a:…``): after a few, each further
    attempt waits longer (``blocked_until``) and is refused without hashing until then."""

    __tablename__ = "login_throttle"
    key: Mapped[str] = mapped_column(String(160), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    blocked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class IdempotencyRecord(Base):
    """An idempotency key of one user: the operation it was used for and the object it produced.
    Keys are scoped per user: another user's key neither collides nor reveals that it exists."""

    __tablename__ = "idempotency_keys"
    user_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("users.id"), primary_key=True)
    key: Mapped[str] = mapped_column(String(128), primary_key=True)
    operation: Mapped[str] = mapped_column(String(64))
    object_id: Mapped[str] = mapped_column(String(64))
    request_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
