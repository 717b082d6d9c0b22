"""Issue 12, tamper evidence: a deleted head is found, and verify runs on a schedule.

The signed head file names the verify run that wrote it, and the database keeps every run
(``audit_verifications``, append-only) with the heads it signed. Deleting the head file, cutting
the last events of a chain (and moving its head back) after a signed run, deleting the runs, or
putting an old copy of the file back is found by the next run. Every run (CLI, schedule, web) is
stored and logged; the province administrator sees them."""

from __future__ import annotations

import json
import logging
import time

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError, IntegrityError
from typer.testing import CliRunner

from jiuye.accounts import service as accounts
from jiuye.audit import service as audit
from jiuye.audit.anchor import Anchor
from jiuye.audit.models import AuditEvent, AuditVerification
from jiuye.oversight import scheduled
from jiuye.oversight.verify import verify
from tests.security.test_tamper_evidence import approved, tamper  # noqa: F401  (fixture)

GUARDS = ("audit_verifications_no_update", "audit_verifications_no_delete")


def _anchor(tmp_path) -> Anchor:
    return Anchor(key_path=tmp_path / "key" / "audit.pem", heads_path=tmp_path / "heads.json")


def _problems(r) -> str:
    assert not r.ok, "verify passed a tampered database"
    return r.message() + " " + " ".join(r.problems)


def _cut_last_event(session, chain: str) -> int:
    """As an attacker with DDL rights: delete a chain's last event and move its head back."""
    last = session.scalars(select(AuditEvent).where(AuditEvent.chain == chain).order_by(AuditEvent.seq.desc())).first()
    seq, prev = last.seq, last.prev_hash
    tamper(session, f"DELETE FROM audit_events WHERE id = {last.id}",
           f"UPDATE audit_heads SET seq = {seq - 1}, hash = '{prev}' WHERE chain = '{chain}'")
    return seq


def test_a_deleted_head_file_is_found(world, approved, tmp_path):  # noqa: F811
    anchor = _anchor(tmp_path)
    assert verify(world.session, anchor=anchor, trigger="cli").ok
    anchor.heads_path.unlink()
    assert "is missing" in _problems(verify(world.session, anchor=anchor))


def test_the_last_events_cut_with_the_head_file_deleted_is_found(world, approved, tmp_path):  # noqa: F811
    anchor = _anchor(tmp_path)
    audit.record(world.session, actor=world["shangcheng"], action="person.id_number.revealed", object_type="person",
                 object_id=1, county_code="330102")  # an event no business row stands for
    world.session.commit()
    assert verify(world.session, anchor=anchor).ok
    seq = _cut_last_event(world.session, "330102")
    assert verify(world.session).ok  # the chain alone cannot tell: its head was moved back too
    anchor.heads_path.unlink()
    text_ = _problems(verify(world.session, anchor=anchor))
    assert "is missing" in text_ and "audit chain 330102: the signed heads" in text_ and f"event {seq} is gone" in text_


def test_deleted_verify_runs_are_found(world, approved, tmp_path):  # noqa: F811
    anchor = _anchor(tmp_path)
    assert verify(world.session, anchor=anchor).ok
    if world.session.get_bind().dialect.name == "postgresql":
        tamper(world.session, "DELETE FROM audit_verifications")
    else:
        tamper(world.session, *(f"DROP TRIGGER {t}" for t in GUARDS), "DELETE FROM audit_verifications")
    assert "no longer holds" in _problems(verify(world.session, anchor=anchor))


def test_an_old_head_file_put_back_is_found(world, approved, tmp_path):  # noqa: F811
    anchor = _anchor(tmp_path)
    assert verify(world.session, anchor=anchor).ok
    old = anchor.heads_path.read_text()
    assert verify(world.session, anchor=anchor).ok
    anchor.heads_path.write_text(old)
    assert "older" in _problems(verify(world.session, anchor=anchor))


def test_the_key_left_alone_is_found(world, approved, tmp_path):  # noqa: F811
    anchor = _anchor(tmp_path)
    assert verify(world.session, anchor=anchor).ok
    if world.session.get_bind().dialect.name == "postgresql":
        tamper(world.session, "DELETE FROM audit_verifications")
    else:
        tamper(world.session, *(f"DROP TRIGGER {t}" for t in GUARDS), "DELETE FROM audit_verifications")
    anchor.heads_path.unlink()
    assert "both deleted" in _problems(verify(world.session, anchor=anchor))


def test_reanchoring_is_once_and_on_the_chain(world, approved, tmp_path):  # noqa: F811
    anchor = _anchor(tmp_path)
    assert verify(world.session, anchor=anchor).ok
    anchor.heads_path.unlink()
    assert not verify(world.session, anchor=anchor).ok
    assert verify(world.session, anchor=anchor, reanchor=True).ok
    event = world.session.scalars(select(AuditEvent).where(AuditEvent.action == "audit.reanchored")).one()
    assert "is missing" in json.loads(event.details)["set_aside"][0]
    assert verify(world.session, anchor=anchor).ok


def test_verify_runs_are_append_only(world, approved):  # noqa: F811
    verify(world.session, trigger="web")
    statements = ["UPDATE audit_verifications SET ok = false", "DELETE FROM audit_verifications"]
    if world.session.get_bind().dialect.name == "postgresql":
        statements.append("TRUNCATE audit_verifications")
    for stmt in statements:
        with pytest.raises((IntegrityError, DBAPIError)), world.session.begin_nested():
            world.session.execute(text(stmt))


def test_every_run_is_stored_and_logged(world, approved, tmp_path, caplog):  # noqa: F811
    anchor = _anchor(tmp_path)
    with caplog.at_level(logging.INFO, logger="jiuye.audit"):
        assert verify(world.session, anchor=anchor, trigger="cli").ok
        anchor.heads_path.unlink()
        assert not verify(world.session, anchor=anchor, trigger="schedule").ok
    runs = world.session.scalars(select(AuditVerification).order_by(AuditVerification.id)).all()
    assert [(r.trigger, r.ok, r.signature is not None) for r in runs[-2:]] == [("cli", True, True),
                                                                              ("schedule", False, False)]
    assert runs[-1].problems == 1 and "is missing" in runs[-1].message
    levels = [(r.levelname, "FAILED" in r.getMessage()) for r in caplog.records if r.name == "jiuye.audit"]
    assert levels[-2:] == [("INFO", False), ("ERROR", True)]


def test_the_schedule_runs_when_due_and_the_admin_sees_it(world, approved, tmp_path, app_client):  # noqa: F811
    anchor = _anchor(tmp_path)

    class Factory:  # the scheduler's sessions are the test's (rolled back afterwards)
        done = 0

        def __call__(self):
            return self

        def __enter__(self):
            return world.session

        def __exit__(self, *exc):
            Factory.done += 1
            return False

    assert scheduled.run_once(Factory(), anchor, every_seconds=3600) is True
    assert scheduled.run_once(Factory(), anchor, every_seconds=3600) is None  # not due again within the hour
    job = scheduled.ScheduledVerify(Factory(), every_seconds=0.2, anchor=anchor, first_delay=0.05).start()
    try:  # (the session is the thread's until it stops)
        deadline = time.monotonic() + 20
        while Factory.done < 5 and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        job.stop()
        job.thread.join(timeout=10)
    assert world.session.scalar(select(func.count()).select_from(AuditVerification)
                                .where(AuditVerification.trigger == "schedule")) >= 2, "the schedule did not run"
    admin = {"Authorization": f"Bearer {accounts.issue_token(world['admin'])}"}
    runs = app_client.get("/api/v1/audit/verifications", headers=admin).json()
    assert runs[0]["trigger"] == "schedule" and runs[0]["ok"] and runs[0]["signed"]
    kecheng = {"Authorization": f"Bearer {accounts.issue_token(world['kecheng'])}"}
    assert app_client.get("/api/v1/audit/verifications", headers=kecheng).status_code == 403
    app_client.cookies.set(accounts.COOKIE, accounts.issue_token(world["admin"]))
    page = app_client.get("/audit").text
    assert "最近的校验" in page and "定时" in page and "已签名" in page


def test_the_cli_exit_code_and_json(fresh_engine, monkeypatch, tmp_path, password_hash):
    from jiuye.cli import app as cli

    monkeypatch.setattr("jiuye.db.core.get_engine", lambda url=None: fresh_engine)
    monkeypatch.setenv("JIUYE_AUDIT_KEY", str(tmp_path / "k.pem"))
    monkeypatch.setenv("JIUYE_AUDIT_HEADS", str(tmp_path / "heads.json"))
    runner = CliRunner()
    res = runner.invoke(cli, ["audit", "verify", "--json"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.output)["ok"] is True and (tmp_path / "heads.json").exists()
    (tmp_path / "heads.json").unlink()
    res = runner.invoke(cli, ["audit", "verify", "--json"])
    assert res.exit_code == 1 and "is missing" in json.loads(res.output)["problems"][0]
