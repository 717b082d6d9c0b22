"""``target_actuals``: figures reported against the targets (指标分解), append-only by trigger.

Revision ID: 2026_12_06_0005
Revises: 2026_12_06_0008
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "2026_12_06_0005"
down_revision = "2026_12_06_0008"
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")

PG_APPEND_ONLY = """
CREATE FUNCTION jiuye_target_actuals_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'target_actuals is append-only (% refused): a correction is a new entry', TG_OP;
END $$;
CREATE TRIGGER target_actuals_append_only BEFORE UPDATE OR DELETE ON target_actuals
  FOR EACH ROW EXECUTE FUNCTION jiuye_target_actuals_append_only();
"""
SQLITE_APPEND_ONLY = (
    "CREATE TRIGGER target_actuals_no_update BEFORE UPDATE ON target_actuals "
    "BEGIN SELECT RAISE(ABORT, 'target_actuals is append-only (UPDATE refused)'); END",
    "CREATE TRIGGER target_actuals_no_delete BEFORE DELETE ON target_actuals "
    "BEGIN SELECT RAISE(ABORT, 'target_actuals is append-only (DELETE refused)'); END",
)


def upgrade() -> None:
    op.create_table(
        "target_actuals",
        sa.Column("id", ID, nullable=False),
        sa.Column("plan", sa.String(length=32), nullable=False),
        sa.Column("indicator", sa.String(length=64), nullable=False),
        sa.Column("jurisdiction_code", sa.String(length=6), nullable=False),
        sa.Column("county_code", sa.String(length=6), nullable=True),
        sa.Column("city_code", sa.String(length=6), nullable=True),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("corrects_id", sa.BigInteger(), nullable=True),
        sa.Column("import_ref", sa.String(length=64), nullable=True),
        sa.Column("entered_by_user_id", sa.BigInteger(), nullable=False),
        sa.Column("entered_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("source IN ('entry', 'import')", name=op.f("ck_target_actuals_source_known")),
        sa.CheckConstraint("value >= 0", name=op.f("ck_target_actuals_value_non_negative")),
        sa.ForeignKeyConstraint(["corrects_id"], ["target_actuals.id"],
                                name=op.f("fk_target_actuals_corrects_id_target_actuals")),
        sa.ForeignKeyConstraint(["entered_by_user_id"], ["users.id"],
                                name=op.f("fk_target_actuals_entered_by_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_target_actuals")),
    )
    op.create_index("ix_target_actuals_lookup", "target_actuals",
                    ["plan", "jurisdiction_code", "indicator", "as_of", "id"])
    op.create_index(op.f("ix_target_actuals_county_code"), "target_actuals", ["county_code"])
    op.create_index(op.f("ix_target_actuals_city_code"), "target_actuals", ["city_code"])
    if op.get_bind().dialect.name == "postgresql":
        op.execute(PG_APPEND_ONLY)
    else:
        for statement in SQLITE_APPEND_ONLY:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS target_actuals_append_only ON target_actuals")
        op.execute("DROP FUNCTION IF EXISTS jiuye_target_actuals_append_only()")
    op.drop_table("target_actuals")
