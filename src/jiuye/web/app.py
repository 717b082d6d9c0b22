"""The web application: API v1, the pages, and every domain's router.

``create_app()`` builds a FastAPI app with
- ``/api/v1`` (:mod:`jiuye.web.api`) and the pages (:mod:`jiuye.web.views`);
- the router of each domain module that imports (``jiuye.applications.views`` …), and its
  ``NAV`` entries (``[(path, 中文, English), …]``) in the navigation bar;
- ``jiuye.db.demo.on_startup(app)`` when that module exists (demo data);
- one error handler per error kind, answering JSON under ``/api`` and an HTML page elsewhere.
"""

from __future__ import annotations

import importlib
import logging
from typing import Any

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.staticfiles import StaticFiles

from ..errors import InputError, JiuyeError, ParameterError, UnknownProvision
from . import i18n
from .api import JSON, NotFound
from .templating import HERE, render

log = logging.getLogger("jiuye.web")

DOMAIN_VIEWS = ("jiuye.applications.views", "jiuye.payments.views", "jiuye.assistance.views",
                "jiuye.targets.views", "jiuye.jobs.views", "jiuye.simulation.views")

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


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _error(request: Request, status: int, error: str, errors: list[dict[str, str]]) -> Response:
    first = errors[0] if errors else {"message_zh": "", "message_en": ""}
    if _is_api(request):
        body: dict[str, Any] = {"error": error, **first}
        if status == 422:
            body["errors"] = errors
        return JSON(body, status_code=status)
    lang = i18n.lang_of(request)
    return render(request, "error.html", {"status": status, "errors": errors, "lang": lang}, status_code=status)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> Response:
        return _error(request, 422, "invalid_input", _pydantic_errors(list(exc.errors())))

    @app.exception_handler(InputError)
    async def _input(request: Request, exc: InputError) -> Response:
        return _error(request, 422, "invalid_input", [exc.to_dict()])

    @app.exception_handler(UnknownProvision)
    async def _unknown_provision(request: Request, exc: UnknownProvision) -> Response:
        return _error(request, 404, "unknown_provision", [{
            "field": "provision_id", "message_zh": f"未找到该政策条款：{exc.provision_id}",
            "message_en": f"no provision with id {exc.provision_id!r}"}])

    @app.exception_handler(NotFound)
    async def _not_found(request: Request, exc: NotFound) -> Response:
        return _error(request, 404, f"unknown_{exc.kind}", [{"field": exc.kind, "message_zh": exc.message_zh,
                                                              "message_en": exc.message_en}])

    @app.exception_handler(ParameterError)
    async def _parameter(request: Request, exc: ParameterError) -> Response:
        return _error(request, 422, "parameter_error", [{"field": "parameters", "message_zh": str(exc),
                                                          "message_en": str(exc)}])

    @app.exception_handler(JiuyeError)
    async def _jiuye(request: Request, exc: JiuyeError) -> Response:
        log.exception("unhandled domain error on %s", request.url.path)
        return _error(request, 422, "invalid_input", [{"field": "body", "message_zh": str(exc),
                                                        "message_en": str(exc)}])

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code == 400:  # a body FastAPI could not even decode (not UTF-8 JSON)
            return _error(request, 422, "invalid_input", [{
                "field": "body", "message_zh": "请求体不是有效的JSON（UTF-8）",
                "message_en": f"the body could not be parsed as UTF-8 JSON: {exc.detail}"}])
        if exc.status_code == 404:
            errors = [{"field": "path", "message_zh": "未找到该页面或条目", "message_en": "not found"}]
        elif exc.status_code == 405:
            errors = [{"field": "method", "message_zh": "不支持该请求方法", "message_en": "method not allowed"}]
        else:
            errors = [{"field": "request", "message_zh": str(exc.detail), "message_en": str(exc.detail)}]
        resp = _error(request, exc.status_code, "http_error", errors)
        for k, v in (exc.headers or {}).items():
            resp.headers[k] = v
        return resp

    @app.exception_handler(Exception)
    async def _internal(request: Request, exc: Exception) -> Response:
        log.exception("internal error on %s %s", request.method, request.url.path)
        return _error(request, 500, "internal_error", [{"field": "server", "message_zh": "服务器内部错误",
                                                         "message_en": "internal server error"}])


def _include_domains(app: FastAPI) -> None:
    for name in DOMAIN_VIEWS:
        try:
            module = importlib.import_module(name)
        except ImportError as exc:
            if exc.name is None or not name.startswith(exc.name):  # the domain exists but is broken
                log.warning("%s failed to import: %s", name, exc)
            continue
        router = getattr(module, "router", None)
        if router is not None:
            app.include_router(router)
        for item in getattr(module, "NAV", ()) or ():
            app.state.nav.append(tuple(item))


def create_app(*, demo: bool = False) -> FastAPI:
    from .. import logsafe
    from . import api, views

    logsafe.install()  # every log record (uvicorn's, SQLAlchemy's...) is redacted

    app = FastAPI(
        title="浙江就业创业政策 API / Zhejiang employment policy API",
        version="1",
        description="政策计算器、政策库与参数。金额以元为单位（两位小数字符串），并附精确到分的整数。\n\n"
                    "Policy calculator, library and parameters. Amounts are yuan strings with two decimals, "
                    "with the exact integer fen beside them.",
        docs_url="/docs", redoc_url=None, openapi_url="/openapi.json",
    )
    app.state.demo = demo
    app.state.nav = []
    install_error_handlers(app)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    app.include_router(api.router)
    app.include_router(views.router)
    _include_domains(app)
    try:
        demo_module = importlib.import_module("jiuye.db.demo")
    except ImportError:
        demo_module = None
    if demo_module is not None and hasattr(demo_module, "on_startup"):
        demo_module.on_startup(app)
    return app
