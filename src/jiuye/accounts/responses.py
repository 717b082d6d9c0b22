"""Response models of the accounts API (``/api/v1/auth``)."""

from __future__ import annotations

from ..fields import Answer


class UserOut(Answer):
    id: int
    username: str
    display_name: str
    role: str
    role_zh: str
    role_en: str
    county_code: str | None = None
    city_code: str | None = None


class Me(UserOut):
    csrf_token: str


class LoginOut(Answer):
    token: str
    csrf_token: str
    user: UserOut


class LogoutOut(Answer):
    ok: bool
