"""``applications``: the period a claim is for (``claim_period_start`` / ``claim_period_end``), the
reason a person must review it (``review_reason``), and the status ``needs_review`` (a late claim
where the document states no claim rule). Existing rows claim the period they were granted from:
start = ``period_start``, end = start (one day; their pre-check was as of the application date).

Revision ID: 2026_12_06_0021
Revises: 2026_12_06_0025
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "2026_12_06_0021"
down_revision = "2026_12_06_0025"
branch_labels = None
depends_on = None

_OLD = "'pending_review', 'not_eligible', 'approved', 'rejected', 'objection', 'superseded'"
_NEW = _OLD + ", 'needs_review'"


def upgrade() -> None:
    with op.batch_alter_table("applications") as batch:
        batch.add_column(sa.Column("claim_period_start", sa.Date(), nullable=True))
        batch.add_column(sa.Column("claim_period_end", sa.Date(), nullable=True))
        batch.add_column(sa.Column("review_reason", sa.Text(), nullable=True))
    op.execute("UPDATE applications SET claim_period_start = period_start, claim_period_end = period_start")
    with op.batch_alter_table("applications") as batch:
        batch.alter_column("claim_period_start", existing_type=sa.Date(), nullable=False)
        batch.alter_column("claim_period_end", existing_type=sa.Date(), nullable=False)
        batch.drop_constraint(op.f("ck_applications_status_known"), type_="check")
        batch.create_check_constraint(op.f("ck_applications_status_known"), f"status IN ({_NEW})")
        batch.create_check_constraint(op.f("ck_applications_claim_period_ordered"), "claim_period_end >= claim_period_start")


def downgrade() -> None:
    op.execute("UPDATE applications SET status = 'pending_review' WHERE status = 'needs_review'")
    with op.batch_alter_table("applications") as batch:
        batch.drop_constraint(op.f("ck_applications_claim_period_ordered"), type_="check")
        batch.drop_constraint(op.f("ck_applications_status_known"), type_="check")
        batch.create_check_constraint(op.f("ck_applications_status_known"), f"status IN ({_OLD})")
        batch.drop_column("review_reason")
        batch.drop_column("claim_period_end")
        batch.drop_column("claim_period_start")
