"""`jiuye audit verify` reconciles the business tables with the chains, knows which chains must
exist, and checks a signed chain-head file kept outside the database."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, IntegrityError

from jiuye.applications import service as apps
from jiuye.audit.anchor import Anchor
from jiuye.oversight.verify import verify as verify_audit
from jiuye.payments import service as payments
from tests.dbfixtures import flexible, training


def tamper(session, *statements: str) -> None:
    """As an attacker with DDL rights: the append-only guards off, inside the test's transaction."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SET LOCAL session_replication_role = replica"))  # no triggers fire
    else:
        for t in ("audit_events_no_update", "audit_events_no_delete", "audit_heads_no_delete", "audit_heads_no_rewind"):
            session.execute(text(f"DROP TRIGGER IF EXISTS {t}"))
    for s in statements:
        session.execute(text(s))
    session.expire_all()


@pytest.fixture
def approved(world):
    """李四's 第21条 subsidy approved (6 monthly payments), the first paid; 张三's training pending."""
    a, _ = apps.submit(db_session=world.session, user=world["kecheng"], payload=flexible(world.ids["li"]))
    apps.approve(db_session=world.session, user=world["kecheng"], application_id=a.id)
    first = payments.list_payments(db_session=world.session, user=world["kecheng"], application_id=a.id)[0]
    payments.pay(db_session=world.session, user=world["kecheng_pay"], payment_id=first.id, idempotency_key="tamper-pay-1",
                 today=first.due_date)
    b, _ = apps.submit(db_session=world.session, user=world["zhang"], payload=training(on="2026-11-02"))
    r = verify_audit(world.session)
    assert r.ok, r.message()
    return a, first, b


def _broken(session, *words: str):
    r = verify_audit(session)
    assert not r.ok, "verify passed a tampered database"
    text_ = r.message() + " " + " ".join(r.problems)
    for w in words:
        assert w in text_, (w, text_)
    return r


def test_a_changed_payment_amount_is_found(world, approved):
    a, first, _ = approved
    tamper(world.session, f"UPDATE payments SET amount_fen = amount_fen * 10 WHERE id = {first.id + 1}")
    _broken(world.session, f"payment {first.id + 1}", "amount")


def test_a_changed_payment_status_is_found(world, approved):
    a, first, _ = approved
    tamper(world.session, f"UPDATE payments SET status = 'paid', paid_at = CURRENT_TIMESTAMP WHERE id = {first.id + 2}")
    _broken(world.session, f"payment {first.id + 2}", "status")


def test_a_changed_approved_amount_is_found(world, approved):
    a, _, _ = approved
    tamper(world.session, f"UPDATE applications SET approved_amount_fen = approved_amount_fen - 1 WHERE id = {a.id}")
    _broken(world.session, f"application {a.id}", "approved amount")


def test_a_changed_entitlement_is_found(world, approved):
    a, _, _ = approved
    tamper(world.session, f"UPDATE entitlements SET amount_fen = amount_fen + 100 WHERE application_id = {a.id}")
    _broken(world.session, "entitlement", "amount")


def test_a_forged_decision_is_found(world, approved):
    _, _, b = approved
    tamper(world.session, "INSERT INTO decisions (application_id, kind, outcome, created_at) "
                          f"VALUES ({b.id}, 'approve', 'eligible', CURRENT_TIMESTAMP)")
    _broken(world.session, f"application {b.id}", "decision")


def test_truncating_both_audit_tables_is_found(world, approved):
    tamper(world.session, "DELETE FROM audit_events", "DELETE FROM audit_heads")
    _broken(world.session, "330802", "330102", "missing")


def test_deleting_a_whole_county_chain_and_its_head_is_found(world, approved):
    tamper(world.session, "DELETE FROM audit_events WHERE chain = '330102'", "DELETE FROM audit_heads WHERE chain = '330102'")
    _broken(world.session, "330102")


def test_the_guards_refuse_truncate_and_head_deletion(world, approved):
    statements = ["DELETE FROM audit_heads"]
    if world.session.get_bind().dialect.name == "postgresql":
        statements += ["TRUNCATE audit_events", "TRUNCATE audit_heads", "TRUNCATE audit_events, audit_heads"]
    for stmt in statements:
        with pytest.raises((IntegrityError, DBAPIError)), world.session.begin_nested():
            world.session.execute(text(stmt))
    assert verify_audit(world.session).ok


# --- the signed chain-head file -----------------------------------------------------------------

def test_the_signed_head_file_catches_a_rewritten_chain(world, approved, tmp_path):
    anchor = Anchor(key_path=tmp_path / "keys" / "audit.key", heads_path=tmp_path / "heads.json")
    first = verify_audit(world.session, anchor=anchor)
    assert first.ok and anchor.heads_path.exists() and anchor.key_path.exists()
    assert oct(anchor.key_path.stat().st_mode & 0o777) == "0o600"
    assert verify_audit(world.session, anchor=anchor).ok  # the next run checks it, and passes
    # a whole chain rewritten consistently (events, head, business rows) passes the chain check ...
    tamper(world.session, "DELETE FROM audit_events WHERE chain = '330102'",
           "DELETE FROM audit_heads WHERE chain = '330102'", "DELETE FROM training_slots", "DELETE FROM certificate_claims",
           "DELETE FROM decisions WHERE application_id IN (SELECT id FROM applications WHERE county_code = '330102')",
           "DELETE FROM applications WHERE county_code = '330102'")
    assert verify_audit(world.session).ok
    # ... but not the signed heads written before
    r = verify_audit(world.session, anchor=anchor)
    assert not r.ok and "330102" in r.message() and "signed" in r.message()


def test_an_altered_head_file_or_another_key_is_refused(world, approved, tmp_path):
    anchor = Anchor(key_path=tmp_path / "audit.key", heads_path=tmp_path / "heads.json")
    assert verify_audit(world.session, anchor=anchor).ok
    doc = json.loads(anchor.heads_path.read_text())
    doc["heads"]["chains"]["330102"]["seq"] += 1  # an edited file
    anchor.heads_path.write_text(json.dumps(doc))
    r = verify_audit(world.session, anchor=anchor)
    assert not r.ok and "signature" in r.message()
    other = Anchor(key_path=tmp_path / "other.key", heads_path=tmp_path / "heads2.json")
    r = verify_audit(world.session, anchor=other)  # another file and key: the database's signed run says no
    assert not r.ok and "missing" in r.message() and "do not verify" in r.message()
    assert verify_audit(world.session, anchor=other, reanchor=True).ok  # accepted once, on the chain
    assert verify_audit(world.session, anchor=other).ok
    other.key_path.unlink()  # a lost (or replaced) key: the old file cannot be trusted silently
    r = verify_audit(world.session, anchor=other)
    assert not r.ok and "signature" in r.message()
