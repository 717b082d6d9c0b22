"""One audit chain per county: ``audit_events.chain`` and ``audit_heads`` (one head row per chain)
replace the single ``audit_head``, so counties do not wait for each other's commits. Events
written before stay in the province chain (330000) and verify as before.

Revision ID: 2026_11_25_0002
Revises: 2026_11_25_0001
Create Date: 2026-11-25
"""

from __future__ import annotations

import importlib

import sqlalchemy as sa
from alembic import op

revision = "2026_11_25_0002"
down_revision = "2026_11_25_0001"
branch_labels = None
depends_on = None

initial = importlib.import_module("jiuye.migrations.versions.2026_11_25_0001_initial")


def _triggers(create: bool) -> None:
    if op.get_bind().dialect.name == "postgresql":
        return  # a PostgreSQL trigger survives ALTER TABLE
    if create:
        for statement in initial.SQLITE_APPEND_ONLY:
            op.execute(statement)
    else:
        op.execute("DROP TRIGGER IF EXISTS audit_events_no_update")
        op.execute("DROP TRIGGER IF EXISTS audit_events_no_delete")


def upgrade() -> None:
    op.create_table(
        "audit_heads",
        sa.Column("chain", sa.String(length=6), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("chain", name=op.f("pk_audit_heads")),
    )
    op.execute("INSERT INTO audit_heads (chain, seq, hash) SELECT '330000', seq, hash FROM audit_head WHERE seq > 0")
    op.drop_table("audit_head")
    _triggers(create=False)
    with op.batch_alter_table("audit_events") as batch:
        batch.add_column(sa.Column("chain", sa.String(length=6), server_default="330000", nullable=False))
        batch.drop_constraint("uq_audit_events_seq", type_="unique")
        batch.create_unique_constraint(op.f("uq_audit_events_chain_seq"), ["chain", "seq"])
    _triggers(create=True)


def downgrade() -> None:
    op.create_table(
        "audit_head",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_audit_head_single_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_head")),
    )
    op.execute("INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '" + "0" * 64 + "')")
    op.execute("UPDATE audit_head SET seq = (SELECT seq FROM audit_heads WHERE chain = '330000'), "
               "hash = (SELECT hash FROM audit_heads WHERE chain = '330000') "
               "WHERE EXISTS (SELECT 1 FROM audit_heads WHERE chain = '330000')")
    _triggers(create=False)
    with op.batch_alter_table("audit_events") as batch:
        batch.drop_constraint("uq_audit_events_chain_seq", type_="unique")
        batch.drop_column("chain")
        batch.create_unique_constraint("uq_audit_events_seq", ["seq"])
    _triggers(create=True)
    op.drop_table("audit_heads")
