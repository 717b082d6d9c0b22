"""The audit log: every state change and every display of a full ID number is an event; the
chain is append-only and ``jiuye audit verify`` reports the first broken link."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError, IntegrityError

from jiuye.applications import service as apps
from jiuye.audit import service as audit
from jiuye.audit.models import AuditEvent
from jiuye.errors import InputError
from jiuye.oversight.verify import verify as verify_audit
from jiuye.payments import service as payments
from tests.dbfixtures import auth, flexible, login_cookie, training


def actions(session, after: int = 0) -> list[str]:
    return [e.action for e in session.scalars(select(AuditEvent).where(AuditEvent.id > after).order_by(AuditEvent.id))]


def last_seq(session) -> int:
    """The id of the last event (ids grow in insertion order across chains)."""
    return session.scalar(select(AuditEvent.id).order_by(AuditEvent.id.desc()).limit(1)) or 0


def test_every_state_change_is_an_event(world):
    start = last_seq(world.session)
    a, _ = apps.submit(db_session=world.session, user=world["kecheng"], payload=flexible(world.ids["li"], months=2))
    apps.approve(db_session=world.session, user=world["kecheng"], application_id=a.id)
    p = payments.list_payments(db_session=world.session, user=world["kecheng"])[0]
    payments.pay(db_session=world.session, user=world["kecheng_pay"], payment_id=p.id, idempotency_key="audit-pay-01")
    payments.reverse(db_session=world.session, user=world["kecheng"], payment_id=p.id, idempotency_key="audit-rev-01",
                     reason="重复发放")
    b, _ = apps.submit(db_session=world.session, user=world["zhang"], payload=training(on="2026-11-02"))
    apps.reject(db_session=world.session, user=world["shangcheng"], application_id=b.id, reason="不符合")
    apps.object_to(db_session=world.session, user=world["zhang"], application_id=b.id, reason="异议")
    assert actions(world.session, start) == [
        "application.submitted", "application.approved", "payment.payout", "payment.reversal",
        "application.submitted", "application.rejected", "application.objection"]
    assert verify_audit(world.session).ok


def test_id_numbers_and_names_are_masked_in_events(world):
    apps.submit(db_session=world.session, user=world["kecheng"], payload=flexible(world.ids["li"]))
    event = world.session.scalars(select(AuditEvent).where(AuditEvent.action == "application.submitted")).one()
    masked = world.ids["li"][:6] + "********" + world.ids["li"][-4:]
    assert masked in event.details and world.ids["li"] not in event.details
    assert audit.mask_details({"name": "欧阳小明", "note": f"ID {world.ids['li']}"}) == {
        "name": "欧***", "note": f"ID {masked}"}


def test_showing_a_full_id_number_is_an_event(client, world):
    a, _ = apps.submit(db_session=world.session, user=world["zhang"], payload=training(on="2026-11-02"))
    r = client.get(f"/api/v1/applications/{a.id}", headers=auth(world["shangcheng"]))
    assert world.ids["zhang"] not in r.text and r.json()["subject"]["id_number"].count("*") == 8
    start = last_seq(world.session)
    r = client.post(f"/api/v1/applications/{a.id}/reveal-id", headers=auth(world["shangcheng"]))
    assert r.json()["id_number"] == world.ids["zhang"]
    login_cookie(client, world["shangcheng"])
    page = client.get(f"/applications/{a.id}")
    csrf = page.text.split('name="csrf" value="')[1].split('"')[0]
    r = client.post(f"/applications/{a.id}/reveal-id", data={"csrf": csrf})
    assert world.ids["zhang"] in r.text
    assert actions(world.session, start) == ["person.id_number.revealed", "person.id_number.revealed"]


def test_a_refused_write_leaves_only_its_event(world):
    start = last_seq(world.session)
    a, _ = apps.submit(db_session=world.session, user=world["kecheng"], payload=flexible(world.ids["li"]))
    with pytest.raises(InputError):
        apps.reject(db_session=world.session, user=world["kecheng"], application_id=a.id, reason="")
    assert actions(world.session, start) == ["application.submitted", "application.rejected.refused"]


def test_the_log_refuses_update_and_delete(world):
    apps.submit(db_session=world.session, user=world["kecheng"], payload=flexible(world.ids["li"]))
    for stmt in ("UPDATE audit_events SET actor = 'mallory'", "DELETE FROM audit_events"):
        with pytest.raises((IntegrityError, DBAPIError)), world.session.begin_nested():
            world.session.execute(text(stmt))


def _without_triggers(session, sql: str, params: dict) -> None:
    """Tamper as an attacker with DDL rights would (inside the test's transaction)."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        session.execute(text("ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only"))
    else:
        session.execute(text("DROP TRIGGER audit_events_no_update"))
        session.execute(text("DROP TRIGGER audit_events_no_delete"))
    session.execute(text(sql), params)


def test_verify_reports_the_first_altered_event(world):
    for _ in range(3):
        apps.submit(db_session=world.session, user=world["zhang"], payload=training(on="2026-11-02"))
    target = world.session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()[-2]
    assert target.chain == "330102"  # 上城区's own chain
    _without_triggers(world.session, "UPDATE audit_events SET details = :d WHERE id = :i",
                      {"d": '{"status":"approved"}', "i": target.id})
    world.session.expire_all()
    r = verify_audit(world.session)
    assert not r.ok and (r.chain, r.broken_seq) == ("330102", target.seq) and "altered" in r.reason
    assert "330102" in r.message() and str(target.seq) in r.message()


def test_verify_reports_a_deleted_event(world):
    for _ in range(3):
        apps.submit(db_session=world.session, user=world["zhang"], payload=training(on="2026-11-02"))
    events = world.session.scalars(select(AuditEvent).where(AuditEvent.chain == "330102")
                                   .order_by(AuditEvent.seq)).all()
    gone_id, gone_seq = events[-2].id, events[-2].seq
    _without_triggers(world.session, "DELETE FROM audit_events WHERE id = :i", {"i": gone_id})
    world.session.expire_all()
    r = verify_audit(world.session)
    assert not r.ok and (r.chain, r.broken_seq) == ("330102", gone_seq) and "missing" in r.reason


def test_verify_reports_events_cut_from_the_end(world):
    apps.submit(db_session=world.session, user=world["zhang"], payload=training(on="2026-11-02"))
    last = world.session.scalars(select(AuditEvent).where(AuditEvent.chain == "330102")
                                 .order_by(AuditEvent.seq.desc())).first()
    gone_id, gone_seq = last.id, last.seq
    _without_triggers(world.session, "DELETE FROM audit_events WHERE id = :i", {"i": gone_id})
    world.session.expire_all()
    r = verify_audit(world.session)
    assert not r.ok and (r.chain, r.broken_seq) == ("330102", gone_seq) and "deleted at the end" in r.reason


def test_each_county_has_its_own_chain(world):
    apps.submit(db_session=world.session, user=world["zhang"], payload=training(on="2026-11-02"))
    apps.submit(db_session=world.session, user=world["kecheng"], payload=flexible(world.ids["li"]))
    chains = {e.action: e.chain for e in world.session.scalars(select(AuditEvent))}
    assert chains["application.submitted"] in ("330102", "330802")
    assert set(world.session.scalars(select(AuditEvent.chain))) >= {"330102", "330802"}
    r = verify_audit(world.session)
    assert r.ok and r.chains >= 2


def test_the_cli_verifies_the_chain(fresh_engine, monkeypatch, password_hash, tmp_path):
    from typer.testing import CliRunner

    from jiuye.cli import app as cli
    from jiuye.db.core import session_factory
    from tests.dbfixtures import make_world

    with session_factory(fresh_engine)() as session:
        world = make_world(session, password_hash)
        apps.submit(db_session=session, user=world["zhang"], payload=training(on="2026-11-02"))
    monkeypatch.setattr("jiuye.db.core.get_engine", lambda url=None: fresh_engine)
    monkeypatch.setenv("JIUYE_AUDIT_KEY", str(tmp_path / "key.pem"))
    monkeypatch.setenv("JIUYE_AUDIT_HEADS", str(tmp_path / "heads.json"))
    runner = CliRunner()
    ok = runner.invoke(cli, ["audit", "verify"])
    assert ok.exit_code == 0 and "intact" in ok.output and (tmp_path / "heads.json").exists()
    with fresh_engine.begin() as conn:
        if fresh_engine.dialect.name == "postgresql":
            conn.execute(text("ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only"))
            conn.execute(text("UPDATE audit_events SET actor = 'mallory' WHERE chain = '330102' AND seq = 1"))
            conn.execute(text("ALTER TABLE audit_events ENABLE TRIGGER audit_events_append_only"))
        else:
            conn.execute(text("DROP TRIGGER audit_events_no_update"))
            conn.execute(text("UPDATE audit_events SET actor = 'mallory' WHERE chain = '330102' AND seq = 1"))
    bad = runner.invoke(cli, ["audit", "verify"])
    assert bad.exit_code == 1 and "chain 330102 broken at event 1" in bad.output


def test_the_audit_log_is_scoped_like_everything_else(client, world):
    from tests.dbfixtures import auth

    apps.submit(db_session=world.session, user=world["zhang"], payload=training(on="2026-11-02"))
    apps.submit(db_session=world.session, user=world["kecheng"], payload=flexible(world.ids["li"]))

    def counties(user):
        r = client.get("/api/v1/audit/events", headers=auth(world[user]))
        assert r.status_code == 200
        return {e["county_code"] for e in r.json()}

    assert counties("kecheng") == {"330802"}
    assert counties("hz_manager") == {"330102"}
    assert {"330102", "330802"} <= counties("admin")
    assert client.get("/api/v1/audit/events", headers=auth(world["zhang"])).status_code == 403
    assert client.get("/api/v1/audit/verify", headers=auth(world["kecheng"])).status_code == 403
    assert client.get("/api/v1/audit/verify", headers=auth(world["admin"])).json()["ok"]
