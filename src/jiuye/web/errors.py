"""The one error path of the web app: every error becomes JSON under ``/api/`` and the error
page elsewhere, by its status and code.

- Errors of the project (:class:`jiuye.errors.JiuyeError` and below) carry their HTTP
  ``status``, their ``code`` and ``to_dict()`` (the field to blame, the message in Chinese and
  English); :func:`answer` turns any of them into a response.
- Bad request bodies and query strings (FastAPI's validation) are a 422 naming each field.
- A page (not the API) that needs a login redirects to ``/login?next=…``.
- Anything else is a 500 with no internals shown, and is logged.

JSON bodies are ``{"error": code, "field", "message_zh", "message_en", …, "errors": [...]}``.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from ..errors import InputError, JiuyeError, NotAuthenticated, ParameterError, ServiceError
from ..facts.models import bound_message
from ..ui import i18n
from ..ui.templating import render
from .api import JSON

log = logging.getLogger("jiuye.web")

_ZH = {
    "missing": "缺少必填项", "extra_forbidden": "不认识的字段", "date_from_datetime_parsing": "日期格式无效",
    "date_parsing": "日期格式无效", "date_from_datetime_inexact": "日期格式无效", "date_type": "应为日期",
    "int_parsing": "应为整数", "int_type": "应为整数", "int_from_float": "应为整数", "bool_parsing": "应为是/否",
    "bool_type": "应为是/否", "literal_error": "取值不在允许范围内", "greater_than_equal": "数值过小",
    "less_than_equal": "数值过大", "string_type": "应为文本", "list_type": "应为列表", "dict_type": "应为对象",
    "model_type": "应为对象", "model_attributes_type": "应为对象", "json_invalid": "请求体不是有效的JSON",
    "json_type": "应为JSON", "int_parsing_size": "数值过大", "string_too_long": "文本过长",
    "value_error": "输入无效", "float_parsing": "应为数字", "date_from_datetime": "日期格式无效",
}


def _pydantic_errors(errors: list[dict[str, Any]]) -> list[dict[str, str]]:
    out = []
    for err in errors:
        loc = [str(p) for p in err.get("loc", ())]
        if loc and loc[0] in ("body", "query", "path"):
            loc = loc[1:]
        field = ".".join(loc) or "body"
        msg = str(err.get("msg", "invalid"))
        ctx_err = (err.get("ctx") or {}).get("error")
        if ctx_err is not None and hasattr(ctx_err, "message_zh"):
            out.append({"field": getattr(ctx_err, "field", None) or field, "message_zh": ctx_err.message_zh,
                        "message_en": ctx_err.message_en})
            continue
        bound = bound_message(err.get("loc", ()), str(err.get("type")))
        if bound is not None:  # a fact's own bound (ge=0, le=5): named in the user's words
            out.append({"field": field, "message_zh": bound[0], "message_en": bound[1]})
            continue
        if msg.startswith("Value error, "):
            msg = msg[len("Value error, "):]
        if " / " in msg:
            en, _, zh = msg.partition(" / ")
            out.append({"field": field, "message_zh": zh, "message_en": en})
            continue
        kind = str(err.get("type"))
        if kind == "json_invalid":
            field = "body"
        zh = _ZH.get(kind) or f"输入无效：{msg}"
        expected = (err.get("ctx") or {}).get("expected")
        if kind == "literal_error" and expected:
            zh = f"{zh}，应为 {expected}".replace(" or ", " 或 ")
        out.append({"field": field, "message_zh": zh, "message_en": msg})
    return out


def is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def respond(request: Request, status: int, code: str, errors: list[dict[str, Any]],
            extra: dict[str, Any] | None = None) -> Response:
    """JSON under ``/api/``, the error page elsewhere."""
    first = errors[0] if errors else {"message_zh": "", "message_en": ""}
    if is_api(request):
        return JSON({"error": code, **first, **(extra or {}), "errors": errors}, status_code=status)
    return render(request, "error.html", {"status": status, "errors": errors, "lang": i18n.lang_of(request)},
                  status_code=status)


def answer(request: Request, exc: JiuyeError) -> Response:
    """The response for an error of the project: its status, its code, its field and message."""
    if isinstance(exc, NotAuthenticated) and not is_api(request):
        return RedirectResponse(f"/login?next={quote(str(request.url.path))}", status_code=303)
    if not isinstance(exc, InputError | ParameterError | ServiceError):  # raised on purpose, but unexpected here
        log.error("unhandled domain error on %s: %r", request.url.path, exc)
    first = exc.to_dict()
    extra = {k: v for k, v in first.items() if k not in ("field", "message_zh", "message_en")}
    first = {k: first.get(k) for k in ("field", "message_zh", "message_en")}
    return respond(request, exc.status, exc.code, [first], extra)


def validation_errors(exc: RequestValidationError) -> list[dict[str, str]]:
    return _pydantic_errors(list(exc.errors()))


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> Response:
        return respond(request, 422, "invalid_input", validation_errors(exc))

    @app.exception_handler(JiuyeError)
    async def _jiuye(request: Request, exc: JiuyeError) -> Response:
        return answer(request, exc)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code == 400:  # a body FastAPI could not even decode (not UTF-8 JSON)
            return respond(request, 422, "invalid_input", [{
                "field": "body", "message_zh": "请求体不是有效的JSON（UTF-8）",
                "message_en": f"the body could not be parsed as UTF-8 JSON: {exc.detail}"}])
        if exc.status_code == 404:
            errors = [{"field": "path", "message_zh": "未找到该页面或条目", "message_en": "not found"}]
        elif exc.status_code == 405:
            errors = [{"field": "method", "message_zh": "不支持该请求方法", "message_en": "method not allowed"}]
        else:
            errors = [{"field": "request", "message_zh": str(exc.detail), "message_en": str(exc.detail)}]
        resp = respond(request, exc.status_code, "http_error", errors)
        for k, v in (exc.headers or {}).items():
            resp.headers[k] = v
        return resp

    @app.exception_handler(Exception)
    async def _internal(request: Request, exc: Exception) -> Response:
        log.exception("internal error on %s %s", request.method, request.url.path)
        return respond(request, 500, "internal_error", [{"field": "server", "message_zh": "服务器内部错误",
                                                          "message_en": "internal server error"}])
