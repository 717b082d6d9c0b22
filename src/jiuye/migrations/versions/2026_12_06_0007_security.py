"""Security: revoked session tokens, login throttling, per-user idempotency keys; the audit guards
also refuse TRUNCATE (PostgreSQL), deleting a chain head, and moving a head backwards.

Revision ID: 2026_12_06_0007
Revises: 2026_12_06_0006
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "2026_12_06_0007"
down_revision = "2026_12_06_0006"
branch_labels = None
depends_on = None

PG_GUARDS = """
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION jiuye_audit_append_only();
CREATE FUNCTION jiuye_audit_heads_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    IF NEW.seq >= OLD.seq AND NEW.chain = OLD.chain THEN
      RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit_heads only move forward (UPDATE backwards refused)';
  END IF;
  RAISE EXCEPTION 'audit_heads are never removed (% refused)', TG_OP;
END $$;
CREATE TRIGGER audit_heads_guard BEFORE UPDATE OR DELETE ON audit_heads
  FOR EACH ROW EXECUTE FUNCTION jiuye_audit_heads_guard();
CREATE TRIGGER audit_heads_no_truncate BEFORE TRUNCATE ON audit_heads
  FOR EACH STATEMENT EXECUTE FUNCTION jiuye_audit_heads_guard();
"""
PG_DROP = """
DROP TRIGGER IF EXISTS audit_heads_no_truncate ON audit_heads;
DROP TRIGGER IF EXISTS audit_heads_guard ON audit_heads;
DROP FUNCTION IF EXISTS jiuye_audit_heads_guard();
DROP TRIGGER IF EXISTS audit_events_no_truncate ON audit_events;
"""
SQLITE_GUARDS = (  # SQLite has no TRUNCATE: DELETE without WHERE meets the delete triggers
    "CREATE TRIGGER audit_heads_no_delete BEFORE DELETE ON audit_heads "
    "BEGIN SELECT RAISE(ABORT, 'audit_heads are never removed (DELETE refused)'); END",
    "CREATE TRIGGER audit_heads_no_rewind BEFORE UPDATE ON audit_heads WHEN NEW.seq < OLD.seq OR NEW.chain <> OLD.chain "
    "BEGIN SELECT RAISE(ABORT, 'audit_heads only move forward (UPDATE backwards refused)'); END",
)


def upgrade() -> None:
    op.create_table(
        "revoked_tokens",
        sa.Column("jti", sa.String(length=32), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("jti", name=op.f("pk_revoked_tokens")),
    )
    op.create_index(op.f("ix_revoked_tokens_expires_at"), "revoked_tokens", ["expires_at"])
    op.create_table(
        "login_throttle",
        sa.Column("key", sa.String(length=160), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("blocked_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_login_throttle")),
    )
    op.create_table(
        "idempotency_keys",
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("key", sa.String(length=128), nullable=False),
        sa.Column("operation", sa.String(length=64), nullable=False),
        sa.Column("object_id", sa.String(length=64), nullable=False),
        sa.Column("request_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_idempotency_keys_user_id_users")),
        sa.PrimaryKeyConstraint("user_id", "key", name=op.f("pk_idempotency_keys")),
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(PG_GUARDS)
    else:
        for statement in SQLITE_GUARDS:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(PG_DROP)
    else:
        op.execute("DROP TRIGGER IF EXISTS audit_heads_no_rewind")
        op.execute("DROP TRIGGER IF EXISTS audit_heads_no_delete")
    op.drop_table("idempotency_keys")
    op.drop_table("login_throttle")
    op.drop_index(op.f("ix_revoked_tokens_expires_at"), table_name="revoked_tokens")
    op.drop_table("revoked_tokens")
