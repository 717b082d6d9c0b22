"""Login and logout: a page (form → signed cookie) and the API (JSON → token + cookie)."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Body, Form, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response

from ..audit import service as audit
from ..db.settings import get_settings
from ..errors import NotAuthenticated
from ..fields import ERROR_RESPONSES
from ..ui.templating import render
from . import responses as out
from .deps import CurrentUser, OptionalUser, SessionDep, token_of
from .models import ROLE_LABELS, Role, User
from .service import COOKIE, authenticate, check_throttle, csrf_token, issue_token, record_login, revoke_token

router = APIRouter()


def role_label(role: str) -> tuple[str, str]:
    """A role in words, ``(中文, English)``."""
    try:
        return ROLE_LABELS[Role(role)]
    except ValueError:
        return (role, role)


TEMPLATE_GLOBALS = {"role_label": role_label}


def user_dict(user: User) -> dict[str, Any]:
    zh, en = ROLE_LABELS[Role(user.role)]
    return {"id": user.id, "username": user.username, "display_name": user.display_name, "role": user.role,
            "role_zh": zh, "role_en": en, "county_code": user.county_code, "city_code": user.city_code}


def _address(request: Request) -> str | None:
    return request.client.host if request.client else None


def _login(db_session: Any, username: str, password: str, address: str | None) -> User:
    check_throttle(db_session=db_session, username=username, address=address)  # before any hashing
    user = authenticate(db_session=db_session, username=username, password=password)
    record_login(db_session=db_session, username=username, address=address, ok=user is not None)
    actor = user or audit.SystemActor(username=username[:64] or "?", role="anonymous")
    audit.record(db_session, actor=actor, action="account.login" if user else "account.login_failed",
                 object_type="user", object_id=user.id if user else None, county_code=user.county_code if user else None)
    db_session.commit()
    if user is None:
        raise NotAuthenticated()
    return user


def _set_cookie(response: Response, token: str) -> None:
    settings = get_settings()
    response.set_cookie(COOKIE, token, max_age=settings.session_max_age, httponly=True, samesite="lax",
                        secure=settings.env == "production")


def _safe_next(target: str | None) -> str:
    return target if target and target.startswith("/") and not target.startswith("//") else "/applications"


def _landing(user: User, target: str | None) -> str:
    """Where a login goes: the page asked for, else the role's landing page (a caseworker's is the
    动态清零 watch list, a city manager's the 申请总览 overview of /applications, as for the managers'
    view of it; the province administrator's the 参数维护 page with its 待维护 list)."""
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    if user.role_enum == Role.CASEWORKER:
        return "/assistance"
    if user.role_enum == Role.PROVINCE_ADMIN:
        return "/admin/parameters"
    return "/applications"


@router.get("/login", include_in_schema=False)
def login_page(request: Request, user: OptionalUser, next: str | None = None):
    return render(request, "applications/login.html", {"user": user, "next": _safe_next(next) if next else "",
                                                       "failed": False})


@router.post("/login", include_in_schema=False)
def login_form(request: Request, db_session: SessionDep, username: Annotated[str, Form()] = "",
               password: Annotated[str, Form()] = "", next: Annotated[str, Form()] = ""):
    try:
        user = _login(db_session, username, password, _address(request))
    except NotAuthenticated:
        return render(request, "applications/login.html", {"user": None, "next": _safe_next(next) if next else "",
                                                           "failed": True, "username": username}, status_code=401)
    response = RedirectResponse(_landing(user, next), status_code=303)
    _set_cookie(response, issue_token(user))
    return response


def _logout(request: Request, db_session: Any) -> None:
    """Revoke the session's token on the server (a kept copy is refused from now on)."""
    revoke_token(db_session=db_session, token=token_of(request))
    db_session.commit()


@router.post("/logout", include_in_schema=False)
def logout_form(request: Request, db_session: SessionDep, next: Annotated[str, Form()] = ""):
    """Log out; ``next`` (a local path) is kept for the next login (switching accounts mid-way)."""
    _logout(request, db_session)
    target = f"/login?next={quote(_safe_next(next), safe='')}" if next else "/login"
    response = RedirectResponse(target, status_code=303)
    response.delete_cookie(COOKIE)
    return response


@router.post("/api/v1/auth/login", tags=["accounts"], responses=ERROR_RESPONSES, response_model=out.LoginOut)
def api_login(request: Request, db_session: SessionDep, body: Annotated[dict[str, Any], Body()]):
    """登录，返回令牌（亦设置 Cookie）/ log in; returns a bearer token (and sets the cookie)."""
    user = _login(db_session, str(body.get("username", "")), str(body.get("password", "")), _address(request))
    token = issue_token(user)
    response = JSONResponse({"token": token, "csrf_token": csrf_token(user), "user": user_dict(user)})
    _set_cookie(response, token)
    return response


@router.post("/api/v1/auth/logout", tags=["accounts"], responses=ERROR_RESPONSES, response_model=out.LogoutOut)
def api_logout(request: Request, db_session: SessionDep):
    """退出登录：令牌在服务器端作废 / log out: the token is revoked on the server."""
    _logout(request, db_session)
    response = JSONResponse({"ok": True})
    response.delete_cookie(COOKIE)
    return response


@router.get("/api/v1/auth/me", tags=["accounts"], responses=ERROR_RESPONSES, response_model=out.Me)
def api_me(user: CurrentUser):
    """当前用户（及用于 Cookie 会话写操作的 CSRF 令牌）/ the current user, and the CSRF token that
    cookie-authenticated writes send in ``X-CSRF-Token``."""
    return {**user_dict(user), "csrf_token": csrf_token(user)}
