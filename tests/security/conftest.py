"""Security tests run on the database fixtures of the applications domain (SQLite and PostgreSQL)."""

from tests.db.conftest import (  # noqa: F401  (fixtures)
    client,
    db_engine,
    db_session,
    fresh_engine,
    password_hash,
    world,
)
