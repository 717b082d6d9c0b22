"""Key-group register at province scale: ``assist_people.groups_mask`` (the open groups, as bits)
and the indexes that let the watch list and the county summaries answer from an index; ``assist_group_spells.county_code`` (the
person's county) for the county figures.

Revision ID: 2026_12_06_0014
Revises: 2026_12_06_0007
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '2026_12_06_0014'
down_revision = '2026_12_06_0007'
branch_labels = None
depends_on = None

GROUPS = ("registered_unemployed", "graduate_unemployed", "difficulty", "dibao_family", "low_income_farmer")


def upgrade() -> None:
    with op.batch_alter_table('assist_people', schema=None) as batch_op:
        batch_op.add_column(sa.Column('groups_mask', sa.Integer(), server_default='0', nullable=False))
        batch_op.create_index('ix_assist_people_summary', ['city_code', 'county_code', 'groups_mask', 'on_watch', 'watch_since'], unique=False)
        batch_op.create_index('ix_assist_people_watch_all', ['watch_since'], unique=False, postgresql_where=sa.text('on_watch'), sqlite_where=sa.text('on_watch'))
        batch_op.create_index('ix_assist_people_watch_city', ['city_code', 'watch_since'], unique=False, postgresql_where=sa.text('on_watch'), sqlite_where=sa.text('on_watch'))
    with op.batch_alter_table('assist_group_spells', schema=None) as batch_op:
        batch_op.add_column(sa.Column('county_code', sa.String(length=6), server_default='', nullable=False))
        batch_op.create_index('ix_assist_group_spells_county', ['county_code', 'register_id', 'group_code', 'start_date', 'end_date'], unique=False)
    with op.batch_alter_table('assist_services', schema=None) as batch_op:
        batch_op.create_index('ix_assist_services_county_date_person', ['county_code', 'service_date', 'register_id'], unique=False)
    op.execute("UPDATE assist_group_spells SET county_code = (SELECT p.county_code FROM assist_people p "
               "WHERE p.id = assist_group_spells.register_id)")
    bits = " ".join(f"WHEN '{g}' THEN {1 << i}" for i, g in enumerate(GROUPS))
    op.execute("UPDATE assist_people SET groups_mask = (SELECT coalesce(sum(DISTINCT CASE g.group_code "
               f"{bits} ELSE 0 END), 0) FROM assist_group_spells g WHERE g.register_id = assist_people.id "
               "AND g.end_date IS NULL AND g.start_date <= CURRENT_DATE)")



def downgrade() -> None:
    with op.batch_alter_table('assist_services', schema=None) as batch_op:
        batch_op.drop_index('ix_assist_services_county_date_person')
    with op.batch_alter_table('assist_group_spells', schema=None) as batch_op:
        batch_op.drop_index('ix_assist_group_spells_county')
        batch_op.drop_column('county_code')
    with op.batch_alter_table('assist_people', schema=None) as batch_op:
        batch_op.drop_index('ix_assist_people_watch_city', postgresql_where=sa.text('on_watch'), sqlite_where=sa.text('on_watch'))
        batch_op.drop_index('ix_assist_people_watch_all', postgresql_where=sa.text('on_watch'), sqlite_where=sa.text('on_watch'))
        batch_op.drop_index('ix_assist_people_summary')
        batch_op.drop_column('groups_mask')

