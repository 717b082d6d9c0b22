"""The database layer: settings, engine and sessions, the declarative base, migrations, the
ruleset version and the demo data. Domains (accounts, applications, payments, audit) keep their
own ``models.py``; :mod:`jiuye.db.models` imports them all."""

from __future__ import annotations

from .core import Base, get_db_session, get_engine, make_engine, session_factory
from .ruleset import ruleset_version
from .settings import Settings, get_settings

__all__ = ["Base", "Settings", "get_db_session", "get_engine", "get_settings", "make_engine", "ruleset_version",
           "session_factory"]
