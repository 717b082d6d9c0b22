"""``audit_verifications``: every run of the audit verify (CLI, the server's schedule, the web),
append-only; an anchored run keeps the heads it signed, so a deleted head file, deleted runs or a
chain cut back below a signed head are found (docs/applications.md, Audit).

Revision ID: 2026_12_06_0024
Revises: 2026_12_06_0022
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "2026_12_06_0024"
down_revision = "2026_12_06_0022"
branch_labels = None
depends_on = None

PG_GUARD = """
CREATE FUNCTION jiuye_audit_verifications_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_verifications is append-only (% refused)', TG_OP;
END $$;
CREATE TRIGGER audit_verifications_append_only BEFORE UPDATE OR DELETE ON audit_verifications
  FOR EACH ROW EXECUTE FUNCTION jiuye_audit_verifications_append_only();
CREATE TRIGGER audit_verifications_no_truncate BEFORE TRUNCATE ON audit_verifications
  FOR EACH STATEMENT EXECUTE FUNCTION jiuye_audit_verifications_append_only();
"""
SQLITE_GUARDS = (
    "CREATE TRIGGER audit_verifications_no_update BEFORE UPDATE ON audit_verifications "
    "BEGIN SELECT RAISE(ABORT, 'audit_verifications is append-only (UPDATE refused)'); END",
    "CREATE TRIGGER audit_verifications_no_delete BEFORE DELETE ON audit_verifications "
    "BEGIN SELECT RAISE(ABORT, 'audit_verifications is append-only (DELETE refused)'); END",
)


def upgrade() -> None:
    op.create_table(
        "audit_verifications",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("trigger", sa.String(length=16), nullable=False),
        sa.Column("ok", sa.Boolean(), nullable=False),
        sa.Column("events", sa.BigInteger(), nullable=False),
        sa.Column("chains", sa.Integer(), nullable=False),
        sa.Column("problems", sa.Integer(), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("heads", sa.Text(), nullable=True),
        sa.Column("signature", sa.String(length=128), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_verifications")),
    )
    op.create_index(op.f("ix_audit_verifications_finished_at"), "audit_verifications", ["finished_at"])
    if op.get_bind().dialect.name == "postgresql":
        op.execute(PG_GUARD)
    else:
        for statement in SQLITE_GUARDS:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_verifications_no_truncate ON audit_verifications")
        op.execute("DROP TRIGGER IF EXISTS audit_verifications_append_only ON audit_verifications")
        op.execute("DROP FUNCTION IF EXISTS jiuye_audit_verifications_append_only()")
    op.drop_index(op.f("ix_audit_verifications_finished_at"), table_name="audit_verifications")
    op.drop_table("audit_verifications")
