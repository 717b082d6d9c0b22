"""Shared test helpers, and the database fixtures every domain's tests use (SQLite and
PostgreSQL; see :mod:`tests.dbfixtures`)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

from tests.dbfixtures import (  # noqa: E402, F401  (fixtures for every test package)
    client,
    db_engine,
    db_session,
    fresh_engine,
    password_hash,
    server_date,
    world,
)
