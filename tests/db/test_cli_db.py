"""``jiuye db …`` and ``jiuye audit …``: documented, and working on a real database."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from jiuye.applications import service as apps
from jiuye.cli import app as cli
from jiuye.cli.db_cmds import audit_app, db_app
from jiuye.db.core import session_factory
from tests.dbfixtures import make_world, training

DOC = Path(__file__).resolve().parents[2] / "docs" / "applications.md"


def test_every_db_and_audit_command_is_documented():
    doc = DOC.read_text(encoding="utf-8")
    for group, typer_app in (("db", db_app), ("audit", audit_app)):
        for command in typer_app.registered_commands:
            assert f"jiuye {group} {command.name}" in doc, command.name


def test_upgrade_and_replay(fresh_engine, monkeypatch, password_hash):
    monkeypatch.setattr("jiuye.db.core.get_engine", lambda url=None: fresh_engine)
    runner = CliRunner()
    res = runner.invoke(cli, ["db", "upgrade"])
    from jiuye.db.migrate import current_revision

    assert res.exit_code == 0 and current_revision(fresh_engine) in res.output
    with session_factory(fresh_engine)() as session:
        world = make_world(session, password_hash)
        a, _ = apps.submit(db_session=session, user=world["zhang"], payload=training(on="2026-11-02"))
    res = runner.invoke(cli, ["db", "replay", str(a.id)])
    assert res.exit_code == 0 and '"reproduced": true' in res.output
    assert runner.invoke(cli, ["db", "replay", "999999"]).exit_code == 2
