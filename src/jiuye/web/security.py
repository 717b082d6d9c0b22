"""HTTP security: cross-site request forgery and response headers, for every route of the app.

**CSRF.** A write (POST, PUT, PATCH, DELETE) that a browser could be tricked into sending is one
authenticated by the session *cookie* (a bearer token is never sent by a browser on its own):

- a foreign ``Origin`` (or, without it, a foreign ``Referer``) is refused (403), for
  cookie-authenticated writes and for the login and logout forms and API;
- a cookie-authenticated API write with neither header must carry the session's CSRF token in
  ``X-CSRF-Token`` (``GET /api/v1/auth/me`` and the login answer give it); the pages' forms carry
  it in a hidden ``csrf`` field, checked by their handlers.

**Input** that no field may hold is refused at the edge, before any route (422): NUL (raw,
``%00`` or ``\u0000``) in the query string, a form or a JSON body, and lone UTF-16 surrogates
(``\ud800`` without its pair) in a JSON body; bodies over 2 MB are refused (413).

**Headers** on every response: a Content-Security-Policy with a fresh nonce per response for the
few inline scripts (``nonce="{{ request.state.csp_nonce }}"``), no framing
(``frame-ancestors 'none'``, ``X-Frame-Options: DENY``), ``nosniff``, ``Referrer-Policy:
same-origin``, and ``Cache-Control: no-store`` on everything but ``/static`` and ``/docs-assets`` (pages and answers
may carry personal data; static assets carry none).
"""

from __future__ import annotations

import json
import re
import secrets
from typing import Any
from urllib.parse import urlsplit

from itsdangerous import BadSignature
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..accounts.service import COOKIE, csrf_token_for, session_data

UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})
LOGIN_PATHS = frozenset({"/login", "/logout", "/api/v1/auth/login", "/api/v1/auth/logout"})
CSP = ("default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; object-src 'none'; "
       "base-uri 'self'; form-action 'self'; frame-ancestors 'none'")
#: /docs and /redoc (web/docs.py): their assets are the app's own; ReDoc's search runs in a blob: worker
DOCS_CSP = ("default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'unsafe-inline'; "
            "img-src 'self' data:; font-src 'self' data:; worker-src 'self' blob:; connect-src 'self'; "
            "object-src 'none'; base-uri 'self'; frame-ancestors 'none'")
DOCS_PATHS = frozenset({"/docs", "/docs/oauth2-redirect", "/redoc"})


MAX_BODY = 2 * 1024 * 1024
_NUL_ESCAPED = re.compile(rb"%00")
_JSON_BAD = re.compile(rb"\\u0000|\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})"
                       rb"|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2}")


def bad_input(query: bytes, content_type: str, body: bytes) -> str | None:
    """Where a NUL or a lone surrogate was found (None: nowhere)."""
    if b"\x00" in query or _NUL_ESCAPED.search(query):
        return "query"
    if b"\x00" in body:
        return "body"
    if "x-www-form-urlencoded" in content_type and _NUL_ESCAPED.search(body):
        return "body"
    if "json" in content_type and _JSON_BAD.search(body):
        return "body"
    return None


def _headers(scope: Scope) -> dict[str, str]:
    return {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}


def _cookie(headers: dict[str, str], name: str) -> str | None:
    for part in headers.get("cookie", "").split(";"):
        k, _, v = part.strip().partition("=")
        if k == name:
            return v.strip('"') or None
    return None


def _same_origin(url: str, host: str) -> bool:
    try:
        netloc = urlsplit(url).netloc
    except ValueError:
        return False
    return bool(netloc) and netloc.lower() == host.lower()


def csrf_refusal(scope: Scope) -> str | None:
    """Why this request must be refused as a possible forgery (None: let it through)."""
    if scope.get("method") not in UNSAFE:
        return None
    h = _headers(scope)
    path = scope.get("path", "")
    cookie = _cookie(h, COOKIE)
    if h.get("authorization", "").lower().startswith("bearer ") and path not in LOGIN_PATHS:
        return None  # a bearer token is not sent by a browser on its own
    if cookie is None and path not in LOGIN_PATHS:
        return None
    host = h.get("host", "")
    source = h.get("origin") or h.get("referer")
    if source and source != "null":
        return None if _same_origin(source, host) else "foreign origin"
    if source == "null":
        return "opaque origin"
    if path.startswith("/api/") and cookie is not None and path not in LOGIN_PATHS:
        try:
            data = session_data(cookie)
        except BadSignature:
            return None  # not a valid session: the route answers 401
        given = h.get("x-csrf-token", "")
        if not given or not secrets.compare_digest(given, csrf_token_for(data["u"], data.get("v"))):
            return "missing token"
    return None


class SecurityMiddleware:
    """CSRF refusal and security headers (pure ASGI: no buffering of bodies)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        nonce = secrets.token_urlsafe(18)
        scope.setdefault("state", {})["csp_nonce"] = nonce
        path = scope.get("path", "")
        csp = (DOCS_CSP if path in DOCS_PATHS else CSP).format(nonce=nonce)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {k.lower() for k, _ in headers}

                def add(name: str, value: str) -> None:
                    if name.encode() not in present:
                        headers.append((name.encode(), value.encode("latin-1")))

                add("content-security-policy", csp)
                add("x-frame-options", "DENY")
                add("x-content-type-options", "nosniff")
                add("referrer-policy", "same-origin")
                if not path.startswith(("/static/", "/docs-assets/")) and "/static/" not in path:
                    add("cache-control", "no-store")
                message["headers"] = headers
            await send(message)

        why = csrf_refusal(scope)
        if why is not None:
            await _refuse(scope, send_with_headers, why)
            return
        ctype = _headers(scope).get("content-type", "")
        body = b""
        if scope.get("method") in UNSAFE and ("json" in ctype or "x-www-form-urlencoded" in ctype):
            chunks, size, more = [], 0, True
            while more:
                message = await receive()
                if message["type"] == "http.disconnect":
                    return
                chunks.append(message.get("body", b""))
                size += len(chunks[-1])
                more = message.get("more_body", False)
                if size > MAX_BODY:
                    await _invalid(scope, send_with_headers, "body", 413, "请求体过大", "the request body is too large")
                    return
            body = b"".join(chunks)
            sent = False

            async def replay() -> Message:
                nonlocal sent
                if sent:
                    return await receive()
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}

            receive = replay
        where = bad_input(scope.get("query_string", b""), ctype, body)
        if where is not None:
            await _invalid(scope, send_with_headers, where, 422, "输入含有不允许的字符（NUL 或不成对的代理字符）",
                           "the input contains a character that is not allowed (NUL or a lone surrogate)")
            return
        await self.app(scope, receive, send_with_headers)


async def _invalid(scope: Scope, send: Any, field: str, status: int, zh: str, en: str) -> None:
    first = {"field": field, "message_zh": zh, "message_en": en}
    if scope.get("path", "").startswith("/api/"):
        body = json.dumps({"error": "invalid_input", **first, "errors": [first]}, ensure_ascii=False).encode()
        ctype = b"application/json"
    else:
        body = f"<!doctype html><meta charset=utf-8><title>{status}</title><p>{zh}</p><p>{en}</p>".encode()
        ctype = b"text/html; charset=utf-8"
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", ctype), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


async def _refuse(scope: Scope, send: Any, why: str) -> None:
    zh, en = "请求来源无效（可能是跨站请求伪造），请刷新页面后重试", f"request refused ({why}): reload the page and try again"
    if scope.get("path", "").startswith("/api/"):
        first = {"field": "csrf", "message_zh": zh, "message_en": en}
        body = json.dumps({"error": "csrf", **first, "errors": [first]}, ensure_ascii=False).encode()
        ctype = b"application/json"
    else:
        body = f"<!doctype html><meta charset=utf-8><title>403</title><p>{zh}</p><p>{en}</p>".encode()
        ctype = b"text/html; charset=utf-8"
    await send({"type": "http.response.start", "status": 403,
                "headers": [(b"content-type", ctype), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})
