"""Migrations: the dated Alembic revisions build exactly the models' schema on both databases."""

from __future__ import annotations

import re
from pathlib import Path

from alembic import command
from alembic.script import ScriptDirectory

from jiuye.db.migrate import alembic_config, current_revision

VERSIONS = Path(__file__).resolve().parents[2] / "src" / "jiuye" / "migrations" / "versions"


def test_the_database_is_at_head_and_matches_the_models(db_engine):
    script = ScriptDirectory.from_config(alembic_config())
    assert current_revision(db_engine) == script.get_current_head()
    with db_engine.connect() as conn:
        command.check(alembic_config(conn))  # raises if models and migrations differ


def test_migrations_are_named_by_date():
    names = [p.name for p in VERSIONS.glob("*.py")]
    assert names and all(re.fullmatch(r"\d{4}_\d{2}_\d{2}_\d{4}_[a-z0-9_]+\.py", n) for n in names), names
