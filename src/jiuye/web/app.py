"""The composition root: the one place that knows every domain.

``create_app()`` builds the FastAPI app from
- the API v1 (:mod:`jiuye.web.api`) and the site's pages (:mod:`jiuye.web.views`);
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
from pathlib import Path
from types import ModuleType

from fastapi import FastAPI
from starlette.staticfiles import StaticFiles

from .. import demo as demo_data
from .. import logsafe
from ..accounts import views as accounts_views
from ..applications import views as applications_views
from ..assistance import views as assistance_views
from ..audit import views as audit_views
from ..db.core import get_engine
from ..db.migrate import upgrade
from ..db.settings import get_settings
from ..jobs import views as jobs_views
from ..payments import views as payments_views
from ..simulation import views as simulation_views
from ..targets import views as targets_views
from ..ui import templating
from . import api, views
from .errors import install_error_handlers

log = logging.getLogger("jiuye.web")
HERE = Path(__file__).resolve().parent

#: Every domain the web app mounts, in navigation order.
DOMAINS: tuple[ModuleType, ...] = (accounts_views, audit_views, applications_views, payments_views, assistance_views,
                                   targets_views, jobs_views, simulation_views)


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
    except Exception as exc:
        log.exception("database start-up failed")
        app.state.db_error = str(exc)


def create_app(*, demo: bool = False, database: bool = True) -> FastAPI:
    """The web app. ``database=False`` skips the start-up migration (tests bring their own)."""
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
    templating.add_template_dir(HERE / "templates")
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    app.include_router(api.router)
    app.include_router(views.router)
    for domain in DOMAINS:
        mount(app, domain)
    if database:
        start_database(app)
    return app
