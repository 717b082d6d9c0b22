"""The database layer: settings, engine and sessions, the declarative base, migrations and the
ruleset version. It knows no domain: each domain keeps its own ``models.py``, and
:mod:`jiuye.schema` (above the domains) imports them all for Alembic and the tests."""

from __future__ import annotations

from .core import Base, get_db_session, get_engine, make_engine, session_factory
from .ruleset import ruleset_version
from .settings import Settings, get_settings

__all__ = ["Base", "Settings", "get_db_session", "get_engine", "get_settings", "make_engine", "ruleset_version",
           "session_factory"]
