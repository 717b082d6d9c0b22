"""The composition root: the one place that knows every domain.

``create_app()`` builds the FastAPI app from
- the API v1 (:mod:`jiuye.web.api`), v2 (:mod:`jiuye.web.api_v2`) and the site's pages (:mod:`jiuye.web.views`);
- each domain in :data:`DOMAINS`, imported explicitly above: its ``router`` is mounted, its
  ``NAV`` entries (``[(path, 中文, English), …]``) join the navigation bar, its
  ``TEMPLATE_GLOBALS`` join the one Jinja environment, and a ``templates/`` folder beside the
  module joins the template search path;
- the one error path (:mod:`jiuye.web.errors`);
- the database at start-up: migrated to the newest schema, and seeded with the demo data
  (:mod:`jiuye.demo`) when ``JIUYE_SEED_DEMO`` says so.

A new domain is one import and one entry in :data:`DOMAINS`; a domain that fails to import
stops the app (and the tests) at once.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path
from types import ModuleType

from fastapi import FastAPI
from starlette.concurrency import run_in_threadpool
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Receive, Scope, Send

from .. import demo as demo_data
from .. import logsafe
from ..accounts import views as accounts_views
from ..applications import views as applications_views
from ..assistance import views as assistance_views
from ..campaigns import views as campaigns_views
from ..db.core import get_engine, session_factory
from ..db.migrate import upgrade
from ..db.settings import get_settings
from ..jobs import views as jobs_views
from ..localstd import service as localstd_service
from ..localstd import views as localstd_views
from ..oversight import views as oversight_views
from ..oversight.scheduled import ScheduledVerify
from ..payments import views as payments_views
from ..simulation import views as simulation_views
from ..targets import views as targets_views
from ..ui import templating
from . import api, api_v2, apply, param_text, prefill, review, views
from .docs import install_docs
from .errors import install_error_handlers
from .security import SecurityMiddleware

log = logging.getLogger("jiuye.web")
HERE = Path(__file__).resolve().parent

#: Every domain the web app mounts, in navigation order.
DOMAINS: tuple[ModuleType, ...] = (accounts_views, oversight_views, applications_views, payments_views, campaigns_views,
                                   assistance_views, targets_views, jobs_views, simulation_views, localstd_views)


def mount(app: FastAPI, domain: ModuleType) -> None:
    """Mount one domain's views module: router, navigation, template globals and folder."""
    app.include_router(domain.router)
    app.state.nav.extend(tuple(item) for item in getattr(domain, "NAV", ()))
    templating.add_globals(getattr(domain, "TEMPLATE_GLOBALS", {}))
    folder = Path(domain.__file__).resolve().parent / "templates"
    if folder.is_dir():
        templating.add_template_dir(folder)


def start_database(app: FastAPI) -> None:
    """Migrate the configured database; seed the demo data when ``JIUYE_SEED_DEMO`` says so (``1``,
    or ``auto`` in demo mode). The calculator keeps working when the database cannot start."""
    settings = get_settings()
    try:
        engine = get_engine()
        upgrade(engine)
        if demo_data.wanted(settings, demo_mode=app.state.demo):
            demo_data.seed_database(engine)
        refresh_local_values()
    except Exception as exc:
        log.exception("database start-up failed")
        app.state.db_error = str(exc)
        return
    install_local_values_refresh(app)
    if settings.audit_verify_every > 0:  # the scheduled audit verify (oversight/scheduled.py)
        app.state.audit_verify = ScheduledVerify(session_factory(), settings.audit_verify_every).start()


def refresh_local_values() -> None:
    """Lay the approved city/county values over the parameters (cheap when nothing changed)."""
    with session_factory()() as session:
        localstd_service.refresh_overlay(session, force=False)


def install_local_values_refresh(app: FastAPI, every_seconds: float = 5.0) -> None:
    """Another worker process may approve a local value: look for new ones at most every few seconds
    (:class:`LocalValuesRefresh`, a pure ASGI middleware: no per-request task or body streaming)."""
    app.add_middleware(LocalValuesRefresh, every_seconds=every_seconds)


class LocalValuesRefresh:
    """Before a request, refresh the local values when the last check is older than ``every_seconds``."""

    def __init__(self, app: ASGIApp, every_seconds: float = 5.0) -> None:
        self.app, self.every_seconds, self.checked = app, every_seconds, time.monotonic()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            now = time.monotonic()
            if now - self.checked > self.every_seconds:
                self.checked = now
                try:
                    await run_in_threadpool(refresh_local_values)
                except Exception:  # the answer must not fail because the check did
                    log.exception("local values could not be refreshed")
        await self.app(scope, receive, send)


def create_app(*, demo: bool = False, database: bool = True) -> FastAPI:
    """The web app. ``database=False`` skips the start-up migration (tests bring their own)."""
    logsafe.install()  # every log record (uvicorn's, SQLAlchemy's...) is redacted
    app = FastAPI(
        title="浙江就业创业政策 API / Zhejiang employment policy API",
        version="1",
        description="政策计算器、政策库与参数。金额以元为单位（两位小数字符串），并附精确到分的整数。\n\n"
                    "Policy calculator, library and parameters. Amounts are yuan strings with two decimals, "
                    "with the exact integer fen beside them.",
        docs_url=None, redoc_url=None, openapi_url="/openapi.json",
    )
    app.state.demo = demo
    app.state.nav = []
    install_error_handlers(app)
    templating.add_template_dir(HERE / "templates")
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    install_docs(app)  # /docs and /redoc with their assets served by the app (offline)
    app.include_router(api.router)
    app.include_router(api_v2.router)  # /api/v2: compact explanations by default
    app.include_router(views.router)
    app.include_router(apply.router)  # /apply (填报转确认), also /applications/new
    app.include_router(review.router)  # /applications/{id}: the caseworker's review screen
    templating.add_globals({"apply_link": prefill.apply_link})  # the 申请 link of a calculator result card
    from .param_text import worded

    templating.add_globals({"worded": worded})  # engine and rule texts without ids or codes, on every page
    templating.add_globals(param_text.GLOBALS)  # parameter values in words (tiers as 第二档)
    for domain in DOMAINS:
        mount(app, domain)
    app.add_middleware(SecurityMiddleware)  # CSRF refusal and security headers on every response
    if database:
        start_database(app)
    return app
