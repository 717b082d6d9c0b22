"""``applications.claimed_employees``: the employees an enterprise listed, kept with the
application so a human review or an objection can claim them again after a "not eligible".

Revision ID: 2026_11_25_0003
Revises: 2026_11_25_0002
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "2026_11_25_0003"
down_revision = "2026_11_25_0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("applications") as batch:
        batch.add_column(sa.Column("claimed_employees", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"),
                                   nullable=True))
    op.execute("UPDATE applications SET claimed_employees = (SELECT json_group_array(employee_person_id) "
               "FROM employee_claims WHERE employee_claims.application_id = applications.id) "
               "WHERE id IN (SELECT application_id FROM employee_claims)"
               if op.get_bind().dialect.name == "sqlite" else
               "UPDATE applications SET claimed_employees = (SELECT jsonb_agg(employee_person_id) "
               "FROM employee_claims WHERE employee_claims.application_id = applications.id) "
               "WHERE id IN (SELECT application_id FROM employee_claims)")


def downgrade() -> None:
    with op.batch_alter_table("applications") as batch:
        batch.drop_column("claimed_employees")
