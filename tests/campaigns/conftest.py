"""The database fixtures of tests/db (SQLite and PostgreSQL)."""

from __future__ import annotations

from tests.dbfixtures import (  # noqa: F401  (fixtures)
    db_engine,
    db_session,
    password_hash,
    world,
)
