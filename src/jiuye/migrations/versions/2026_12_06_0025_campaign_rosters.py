"""Campaign rosters (免申即享 over an imported Parquet/Excel roster): ``campaign_cases`` holds the
facts of each proposed roster subject; a proposal comes from a stored application or from a case;
a campaign records its roster's name and row counts.

Revision ID: 2026_12_06_0025
Revises: 2026_12_06_0024
Create Date: 2026-12-06 18:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = '2026_12_06_0025'
down_revision = '2026_12_06_0024'
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql')
BIGID = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')


def upgrade() -> None:
    op.create_table(
        'campaign_cases',
        sa.Column('id', BIGID, nullable=False),
        sa.Column('campaign_id', sa.BigInteger(), nullable=False),
        sa.Column('subject_key', sa.String(length=24), nullable=False),
        sa.Column('case', JSON, nullable=False),
        sa.ForeignKeyConstraint(['campaign_id'], ['campaigns.id'], name=op.f('fk_campaign_cases_campaign_id_campaigns')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_campaign_cases')),
        sa.UniqueConstraint('campaign_id', 'subject_key', name='uq_campaign_cases_subject'),
    )
    with op.batch_alter_table('campaign_proposals') as batch:
        batch.alter_column('source_application_id', existing_type=sa.BigInteger(), nullable=True)
        batch.add_column(sa.Column('case_id', sa.BigInteger(), nullable=True))
        batch.create_foreign_key(op.f('fk_campaign_proposals_case_id_campaign_cases'), 'campaign_cases',
                                 ['case_id'], ['id'])
        batch.create_check_constraint('has_source', 'source_application_id IS NOT NULL OR case_id IS NOT NULL')
    with op.batch_alter_table('campaigns') as batch:
        batch.add_column(sa.Column('roster_name', sa.String(length=200), nullable=True))
        batch.add_column(sa.Column('roster_rows', sa.Integer(), nullable=False, server_default='0'))
        batch.add_column(sa.Column('roster_rejected', sa.Integer(), nullable=False, server_default='0'))


def downgrade() -> None:
    with op.batch_alter_table('campaigns') as batch:
        batch.drop_column('roster_rejected')
        batch.drop_column('roster_rows')
        batch.drop_column('roster_name')
    with op.batch_alter_table('campaign_proposals') as batch:
        batch.drop_constraint(op.f('ck_campaign_proposals_has_source'), type_='check')
        batch.drop_constraint(op.f('fk_campaign_proposals_case_id_campaign_cases'), type_='foreignkey')
        batch.drop_column('case_id')
        batch.alter_column('source_application_id', existing_type=sa.BigInteger(), nullable=False)
    op.drop_table('campaign_cases')
