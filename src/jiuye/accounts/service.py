"""Accounts: argon2 password hashing, users, signed session tokens, jurisdiction scoping.

A session is a signed, timed token ``{"u": user id, "v": session version, "j": token id}``
carried in the ``jiuye_session`` cookie (pages) or an ``Authorization: Bearer`` header (API).
Logging out revokes that token on the server (``revoked_tokens``, kept until it would have
expired); bumping a user's ``session_version`` (password change, deactivation) invalidates every
token issued before.

Logins are throttled: after a few failures for one username, or more for one address, each
further attempt waits longer (doubling, at most 15 minutes) and is refused (429) without hashing.
The failures are counted in the database (``login_throttle``), so every worker process and host
sees the same count.

Argon2 costs 64 MB per hash, so at most ``HASH_CONCURRENCY`` hashes run at a time **on one host,
across all its worker processes**: a hash takes one of ``HASH_CONCURRENCY`` slot files in
``JIUYE_HASH_SLOTS`` (an exclusive ``flock``, released by the kernel if the process dies) and
waits up to ``HASH_WAIT_SECONDS`` for one, else 429. Memory for hashing on a host is therefore at
most ``HASH_CONCURRENCY`` × 64 MB whatever the number of workers (workers on other hosts have their
own slots, as they have their own memory). Only if the slot folder cannot be created does a
process fall back to a semaphore of its own (logged), and the bound becomes per process.
"""

from __future__ import annotations

import fcntl
import functools
import hmac
import logging
import os
import secrets
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from hashlib import sha256
from pathlib import Path
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import and_, delete, false, select, true
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from ..db.core import lock_row, upsert_locked, utcnow
from ..db.settings import Settings, get_settings
from ..errors import Forbidden, InputError, TooManyRequests
from ..refdata.divisions import city_of, require_division
from .models import LoginThrottle, RevokedToken, Role, User

_hasher = PasswordHasher()
COOKIE = "jiuye_session"
HASH_CONCURRENCY = 2  # argon2 hashes at a time per host, all worker processes together (64 MB each)
HASH_WAIT_SECONDS = 10.0
_fallback_slots = threading.BoundedSemaphore(HASH_CONCURRENCY)  # only when the slot folder is unusable
log = logging.getLogger("jiuye.accounts")


def _busy() -> TooManyRequests:
    return TooManyRequests("登录繁忙，请稍后再试", "too many logins at once; try again shortly", retry_after=5)


def _slot_folder() -> Path | None:
    folder = Path(get_settings().hash_slots_dir)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        log.warning("password hashing slots: %s cannot be created; the bound is per process", folder)
        return None
    return folder


@contextmanager
def _hashing() -> Iterator[None]:
    """A slot for one argon2 computation, shared by the host's processes; 429 when none frees up in time."""
    folder = _slot_folder()
    if folder is None:
        if not _fallback_slots.acquire(timeout=HASH_WAIT_SECONDS):
            raise _busy()
        try:
            yield
        finally:
            _fallback_slots.release()
        return
    deadline = time.monotonic() + HASH_WAIT_SECONDS
    while True:
        for i in range(HASH_CONCURRENCY):
            fd = os.open(folder / f"slot-{i}", os.O_RDWR | os.O_CREAT, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                continue
            try:
                yield
            finally:
                fcntl.flock(fd, fcntl.LOCK_UN)
                os.close(fd)
            return
        if time.monotonic() >= deadline:
            raise _busy()
        time.sleep(0.01)


def _verify_hash(password_hash: str, password: str) -> bool:
    return _hasher.verify(password_hash, password)


def hash_password(password: str) -> str:
    if not password or len(password) < 8:
        raise InputError("password", "密码至少8位", "the password needs at least 8 characters")
    with _hashing():
        return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    with _hashing():
        try:
            return _verify_hash(password_hash, password)
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
    return _serializer(settings or get_settings(), "jiuye-session").dumps(
        {"u": user.id, "v": user.session_version, "j": secrets.token_hex(16)})


def _token_data(token: str, settings: Settings) -> tuple[dict[str, Any], datetime] | None:
    try:
        data, issued = _serializer(settings, "jiuye-session").loads(token, max_age=settings.session_max_age,
                                                                   return_timestamp=True)
    except BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("u"), int) or not isinstance(data.get("j"), str):
        return None
    return data, issued


def revoke_token(*, db_session: Session, token: str | None, settings: Settings | None = None) -> bool:
    """End this session on the server (logout): the token is refused from now on, even if a copy
    of it was kept. Expired revocations are purged. The caller commits."""
    settings = settings or get_settings()
    found = _token_data(token, settings) if token else None
    now = utcnow()
    db_session.execute(delete(RevokedToken).where(RevokedToken.expires_at < now))
    if found is None:
        return False
    data, issued = found
    table = RevokedToken.__table__
    lock_row(db_session, table, {"jti": data["j"][:32], "user_id": data["u"],
                                 "expires_at": issued + timedelta(seconds=settings.session_max_age)},
             ["jti"], {"jti": table.c.jti})
    return True


def user_from_token(*, db_session: Session, token: str | None, settings: Settings | None = None) -> User | None:
    if not token:
        return None
    settings = settings or get_settings()
    found = _token_data(token, settings)
    if found is None:
        return None
    data = found[0]
    user = db_session.get(User, data["u"])
    if user is None or not user.active or user.session_version != data.get("v"):
        return None
    if db_session.get(RevokedToken, data["j"]) is not None:
        return None
    return user


# --- login throttling ---------------------------------------------------------------------

FREE_FAILURES_PER_USER = 5  # failed logins of one username before the waits start
FREE_FAILURES_PER_ADDRESS = 20  # of one address (offices share one)
MAX_BACKOFF_SECONDS = 900
FORGET_AFTER = timedelta(hours=1)  # a failure this old no longer counts


def backoff_seconds(failures: int, free: int = FREE_FAILURES_PER_USER) -> int:
    """The wait after ``failures`` failed logins: none for the first ``free - 1``, then 1 s, doubling."""
    if failures < free:
        return 0
    return min(2 ** (failures - free), MAX_BACKOFF_SECONDS)


def throttle_keys(username: str, address: str | None) -> list[tuple[str, int]]:
    keys = [(f"u:{username.strip().lower()[:150]}", FREE_FAILURES_PER_USER)]
    if address:
        keys.append((f"a:{address[:150]}", FREE_FAILURES_PER_ADDRESS))
    return keys


def check_throttle(*, db_session: Session, username: str, address: str | None) -> None:
    """Refuse (429, with the seconds to wait) while the username or the address must wait."""
    now = utcnow()
    for key, _ in throttle_keys(username, address):
        row = db_session.get(LoginThrottle, key)
        if row is not None and row.blocked_until is not None and _aware(row.blocked_until) > now:
            wait = max(1, int((_aware(row.blocked_until) - now).total_seconds()) + 1)
            raise TooManyRequests(f"登录失败次数过多，请 {wait} 秒后再试",
                                  f"too many failed logins; try again in {wait} s", retry_after=wait)


def record_login(*, db_session: Session, username: str, address: str | None, ok: bool) -> None:
    """Count a failure (and set the next wait), or forget the username's failures after a success.
    An address's failures are not reset by a success (an attacker could log in to reset them)."""
    now = utcnow()
    for key, free in throttle_keys(username, address):
        if ok:
            if key.startswith("u:"):
                db_session.execute(delete(LoginThrottle).where(LoginThrottle.key == key))
            continue
        row = upsert_locked(db_session, LoginThrottle, {"key": key, "failures": 0, "updated_at": now}, ["key"],
                            {"failures": LoginThrottle.failures})
        if now - _aware(row.updated_at) > FORGET_AFTER:
            row.failures = 0
        row.failures += 1
        wait = backoff_seconds(row.failures, free)
        row.blocked_until = now + timedelta(seconds=wait) if wait else None
        row.updated_at = now
    db_session.flush()


def _aware(ts: datetime) -> datetime:
    return ts if ts.tzinfo is not None else ts.replace(tzinfo=UTC)


def scoped_key(user_id: int, key: str) -> str:
    """An idempotency key as stored: scoped to its user, so another user's equal key neither
    collides with it nor reveals that it exists (65 characters)."""
    return "u" + sha256(f"{user_id}\x00{key}".encode()).hexdigest()


def csrf_token(user: User, *, settings: Settings | None = None) -> str:
    return csrf_token_for(user.id, user.session_version, settings=settings)


def csrf_token_for(user_id: int, session_version: Any, *, settings: Settings | None = None) -> str:
    key = (settings or get_settings()).secret_key.encode()
    return hmac.new(key, f"csrf:{user_id}:{session_version}".encode(), sha256).hexdigest()


def session_data(token: str, *, settings: Settings | None = None) -> dict[str, Any]:
    """The contents of a valid, unexpired session token (no database look-up); BadSignature otherwise."""
    found = _token_data(token, settings or get_settings())
    if found is None:
        raise BadSignature("not a session token")
    return found[0]


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
