"""Accounts: argon2 password hashing, users, signed session tokens, jurisdiction scoping.

A session is a signed, timed token ``{"u": user id, "v": session version}`` carried in the
``jiuye_session`` cookie (pages) or an ``Authorization: Bearer`` header (API). Bumping a user's
``session_version`` (password change, deactivation) invalidates every token issued before.
"""

from __future__ import annotations

import functools
import hmac
from hashlib import sha256
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import and_, false, select, true
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from ..db.settings import Settings, get_settings
from ..errors import Forbidden, InputError
from ..refdata.divisions import city_of, require_division
from .models import Role, User

_hasher = PasswordHasher()
COOKIE = "jiuye_session"


def hash_password(password: str) -> str:
    if not password or len(password) < 8:
        raise InputError("password", "密码至少8位", "the password needs at least 8 characters")
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def get(*, db_session: Session, user_id: int) -> User | None:
    return db_session.get(User, user_id)


def get_by_username(*, db_session: Session, username: str) -> User | None:
    return db_session.scalar(select(User).where(User.username == username))


def create(*, db_session: Session, username: str, role: Role | str, display_name: str, password: str | None = None,
           password_hash: str | None = None, county_code: str | None = None, city_code: str | None = None,
           person_id: int | None = None, enterprise_id: int | None = None) -> User:
    """Create a user (flushed, not committed). A caseworker's city follows from the county."""
    role = Role(role)
    if role == Role.CASEWORKER:
        d = require_division(county_code or "", field="county_code")
        if d.level != "county":
            raise InputError("county_code", "经办人须属于县（市、区）", "a caseworker belongs to a county")
        city_code = city_of(d.code)
    elif role == Role.CITY_MANAGER:
        d = require_division(city_code or "", field="city_code")
        if d.level != "city":
            raise InputError("city_code", "市级管理员须属于设区市", "a city manager belongs to a city")
        county_code = None
    elif role == Role.PROVINCE_ADMIN:
        county_code = city_code = None
    user = User(username=username, role=role.value, display_name=display_name,
                password_hash=password_hash or hash_password(password or ""), county_code=county_code,
                city_code=city_code, person_id=person_id, enterprise_id=enterprise_id)
    db_session.add(user)
    db_session.flush()
    return user


def authenticate(*, db_session: Session, username: str, password: str) -> User | None:
    user = get_by_username(db_session=db_session, username=username)
    if user is None or not user.active:
        verify_password(_dummy_hash(), password)  # the same cost whether or not the user exists
        return None
    return user if verify_password(user.password_hash, password) else None


@functools.cache
def _dummy_hash() -> str:
    return _hasher.hash("jiuye-no-such-user")


def _serializer(settings: Settings, salt: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(settings.secret_key, salt=salt)


def issue_token(user: User, *, settings: Settings | None = None) -> str:
    return _serializer(settings or get_settings(), "jiuye-session").dumps({"u": user.id, "v": user.session_version})


def user_from_token(*, db_session: Session, token: str | None, settings: Settings | None = None) -> User | None:
    if not token:
        return None
    settings = settings or get_settings()
    try:
        data: Any = _serializer(settings, "jiuye-session").loads(token, max_age=settings.session_max_age)
    except BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("u"), int):
        return None
    user = db_session.get(User, data["u"])
    if user is None or not user.active or user.session_version != data.get("v"):
        return None
    return user


def csrf_token(user: User, *, settings: Settings | None = None) -> str:
    key = (settings or get_settings()).secret_key.encode()
    return hmac.new(key, f"csrf:{user.id}:{user.session_version}".encode(), sha256).hexdigest()


def check_csrf(user: User, token: str | None, *, settings: Settings | None = None) -> None:
    if not token or not hmac.compare_digest(token, csrf_token(user, settings=settings)):
        raise Forbidden("表单已过期，请刷新页面后重试", "the form has expired; reload the page and try again",
                        field="csrf")


def scope(user: User, *, county_col: Any, city_col: Any, person_col: Any = None, enterprise_col: Any = None,
          kind_col: Any = None) -> ColumnElement[bool]:
    """The one WHERE clause restricting a query to what ``user`` may see, for lists and details
    alike. Applicants and enterprises see only their own applications *as subject*
    (``kind_col``): an enterprise application naming a person (its founder) is the enterprise's."""
    role = user.role_enum
    if role == Role.PROVINCE_ADMIN:
        return true()
    if role == Role.CITY_MANAGER:
        return city_col == user.city_code
    if role == Role.CASEWORKER:
        return county_col == user.county_code
    if role == Role.APPLICANT and person_col is not None and kind_col is not None and user.person_id is not None:
        return and_(kind_col == "person", person_col == user.person_id)
    if role == Role.ENTERPRISE and enterprise_col is not None and kind_col is not None \
            and user.enterprise_id is not None:
        return and_(kind_col == "enterprise", enterprise_col == user.enterprise_id)
    return false()  # nothing
