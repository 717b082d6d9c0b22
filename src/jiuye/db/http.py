"""HTTP glue shared by the database-backed domains.

- :class:`DomainRoute` turns errors into responses in one place: bad input → 422 naming the
  field (zh + en); :class:`~jiuye.db.errors.ServiceError` → its status (401/403/404/409);
  JSON under ``/api/``, an error page (or the login page for 401) elsewhere.
- :func:`render` renders a template with the web app's Jinja environment when it exists (its
  ``base.html``, ``lang``, filters), falling back to ``_fallback_base.html`` only while the web
  app has no ``base.html``. Templates get ``tr(zh, en)`` for bilingual text.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse
from fastapi.routing import APIRoute
from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    FunctionLoader,
    pass_context,
    select_autoescape,
)
from starlette.templating import Jinja2Templates

from ..errors import InputError, JiuyeError
from .errors import NotAuthenticated, ServiceError

WEB_TEMPLATES = Path(__file__).resolve().parent.parent / "web" / "templates"
FALLBACK_BASE = "_fallback_base.html"


def is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _validation_field(err: dict[str, Any]) -> str:
    loc = [str(x) for x in err.get("loc", ())]
    if loc and loc[0] in ("body", "query", "path", "header", "form"):
        loc = loc[1:]
    return ".".join(loc) or "body"


def error_body(exc: Exception) -> tuple[int, dict[str, Any]]:
    """(status, JSON body) in the web app's format: ``{"error", "field", "message_zh",
    "message_en", "errors": [...]}``."""
    if isinstance(exc, RequestValidationError):
        errs = list(exc.errors()) or [{}]
        exc = InputError(_validation_field(errs[0]), f"输入无效：{errs[0].get('msg', '')}",
                         str(errs[0].get("msg", "invalid input")))
    if isinstance(exc, InputError):
        first = exc.to_dict()
        return 422, {"error": "invalid_input", **first, "errors": [first]}
    if isinstance(exc, ServiceError):
        d = exc.to_dict()
        code = d.pop("code")
        first = {"field": d.pop("field", None) or code, "message_zh": d.pop("message_zh"),
                 "message_en": d.pop("message_en")}
        return exc.status, {"error": code, **first, **d, "errors": [first]}
    raise exc


def error_response(request: Request, exc: Exception) -> Response:
    if isinstance(exc, NotAuthenticated) and not is_api(request):
        return RedirectResponse(f"/login?next={quote(str(request.url.path))}", status_code=303)
    status, body = error_body(exc)
    if is_api(request):
        return JSONResponse(body, status_code=status)
    return render(request, "applications/error.html", {"status": status, "errors": body["errors"]},
                  status_code=status)


class DomainRoute(APIRoute):
    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def wrapped(request: Request) -> Response:
            try:
                return await handler(request)
            except (RequestValidationError, JiuyeError) as exc:
                return error_response(request, exc)

        return wrapped


@pass_context
def _tr(ctx: Any, zh: str, en: str) -> str:
    return en if ctx.get("lang") == "en" else zh


def _fallback(name: str) -> str | None:
    if name == "base.html":
        return (WEB_TEMPLATES / FALLBACK_BASE).read_text(encoding="utf-8")
    return None


def _lang(request: Request) -> dict[str, Any]:
    return {"lang": request.cookies.get("lang", "zh") if request is not None else "zh"}


@functools.cache
def templates() -> Jinja2Templates:
    from . import template_helpers

    processors: list[Any] = [_lang]
    try:
        from ..web import templating as web

        base = web.templates.env
        env = base.overlay(loader=ChoiceLoader([base.loader, FileSystemLoader(str(WEB_TEMPLATES)),
                                                FunctionLoader(_fallback)]))
        env.globals = dict(base.globals)
        env.filters = dict(base.filters)
        processors.append(web.context)
    except Exception:  # the web app is not there (yet): a plain environment
        env = Environment(loader=ChoiceLoader([FileSystemLoader(str(WEB_TEMPLATES)), FunctionLoader(_fallback)]),
                          autoescape=select_autoescape(("html",)), trim_blocks=True, lstrip_blocks=True)
    env.globals.update(tr=_tr, **template_helpers.GLOBALS)
    env.filters.update(template_helpers.FILTERS)
    return Jinja2Templates(env=env, context_processors=processors)


def render(request: Request, name: str, context: dict[str, Any] | None = None, status_code: int = 200) -> Response:
    return templates().TemplateResponse(request, name, context or {}, status_code=status_code)
