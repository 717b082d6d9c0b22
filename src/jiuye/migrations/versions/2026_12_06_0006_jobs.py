"""Gig market (零工市场): job postings, seekers, applications, employment spells, messages,
notifications; Chinese full-text search on postings (SQLite FTS5 trigram table with triggers;
PostgreSQL pg_trgm GIN index).

Revision ID: 2026_12_06_0006
Revises: 2026_12_06_0004
Create Date: 2026-12-06 14:35:57.521091
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = '2026_12_06_0006'
down_revision = '2026_12_06_0004'
branch_labels = None
depends_on = None


FTS = "job_postings_fts"
TRGM_INDEX = "ix_job_postings_search_trgm"
SQLITE_FTS = (
    f"CREATE VIRTUAL TABLE {FTS} USING fts5(search_text, content='job_postings', content_rowid='id', "
    "tokenize='trigram')",
    f"CREATE TRIGGER job_postings_fts_ai AFTER INSERT ON job_postings BEGIN "
    f"INSERT INTO {FTS}(rowid, search_text) VALUES (new.id, new.search_text); END",
    f"CREATE TRIGGER job_postings_fts_ad AFTER DELETE ON job_postings BEGIN "
    f"INSERT INTO {FTS}({FTS}, rowid, search_text) VALUES ('delete', old.id, old.search_text); END",
    f"CREATE TRIGGER job_postings_fts_au AFTER UPDATE OF search_text ON job_postings BEGIN "
    f"INSERT INTO {FTS}({FTS}, rowid, search_text) VALUES ('delete', old.id, old.search_text); "
    f"INSERT INTO {FTS}(rowid, search_text) VALUES (new.id, new.search_text); END",
)


def _search_index(*, create: bool) -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        if create:
            for statement in SQLITE_FTS:
                op.execute(statement)
        else:
            for name in ("ai", "ad", "au"):
                op.execute(f"DROP TRIGGER IF EXISTS job_postings_fts_{name}")
            op.execute(f"DROP TABLE IF EXISTS {FTS}")
        return
    if not create:
        op.execute(f"DROP INDEX IF EXISTS {TRGM_INDEX}")
        return
    # pg_trgm lives in the public schema (one per database, shared by every schema); without the
    # right to create it, search still works (ILIKE) without the index.
    try:
        with bind.begin_nested():
            bind.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public")
    except sa.exc.DBAPIError:
        pass
    has_trgm = bind.exec_driver_sql("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'").scalar()
    if has_trgm:
        op.execute(f"CREATE INDEX {TRGM_INDEX} ON job_postings USING gin (search_text public.gin_trgm_ops)")


def upgrade() -> None:
    op.create_table('job_seekers',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('person_id', sa.BigInteger(), nullable=False),
    sa.Column('display_name', sa.String(length=64), nullable=False),
    sa.Column('skills', sa.JSON().with_variant(postgresql.JSONB(), 'postgresql'), nullable=False),
    sa.Column('certificates', sa.JSON().with_variant(postgresql.JSONB(), 'postgresql'), nullable=False),
    sa.Column('occupations', sa.JSON().with_variant(postgresql.JSONB(), 'postgresql'), nullable=False),
    sa.Column('county_code', sa.String(length=6), nullable=False),
    sa.Column('city_code', sa.String(length=6), nullable=False),
    sa.Column('town_code', sa.String(length=9), nullable=True),
    sa.Column('lon', sa.Float(), nullable=True),
    sa.Column('lat', sa.Float(), nullable=True),
    sa.Column('reachable_counties', sa.JSON().with_variant(postgresql.JSONB(), 'postgresql'), nullable=False),
    sa.Column('max_distance_km', sa.Integer(), nullable=True),
    sa.Column('expected_pay_kind', sa.String(length=8), nullable=True),
    sa.Column('expected_pay_fen', sa.BigInteger(), nullable=True),
    sa.Column('available_from', sa.Date(), nullable=True),
    sa.Column('available_to', sa.Date(), nullable=True),
    sa.Column('availability_note', sa.String(length=100), nullable=True),
    sa.Column('key_group', sa.String(length=32), nullable=True),
    sa.Column('key_group_consent', sa.Boolean(), nullable=False),
    sa.Column('consent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("expected_pay_kind IS NULL OR expected_pay_kind IN ('hourly', 'daily', 'monthly', 'piece')", name=op.f('ck_job_seekers_pay_kind_known')),
    sa.CheckConstraint('available_to IS NULL OR available_from IS NULL OR available_to >= available_from', name=op.f('ck_job_seekers_availability_ordered')),
    sa.CheckConstraint('expected_pay_fen IS NULL OR expected_pay_fen > 0', name=op.f('ck_job_seekers_pay_positive')),
    sa.CheckConstraint('key_group IS NULL OR key_group_consent', name=op.f('ck_job_seekers_key_group_needs_consent')),
    sa.CheckConstraint('max_distance_km IS NULL OR max_distance_km BETWEEN 1 AND 500', name=op.f('ck_job_seekers_distance_range')),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_job_seekers_person_id_people')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_job_seekers')),
    sa.UniqueConstraint('person_id', name=op.f('uq_job_seekers_person_id'))
    )
    with op.batch_alter_table('job_seekers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_job_seekers_city_code'), ['city_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_job_seekers_county_code'), ['county_code'], unique=False)

    op.create_table('job_postings',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('employer_kind', sa.String(length=16), nullable=False),
    sa.Column('enterprise_id', sa.BigInteger(), nullable=True),
    sa.Column('person_id', sa.BigInteger(), nullable=True),
    sa.Column('employer_name', sa.String(length=200), nullable=False),
    sa.Column('posted_by_user_id', sa.BigInteger(), nullable=False),
    sa.Column('title', sa.String(length=100), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('occupation_code', sa.String(length=16), nullable=False),
    sa.Column('skills', sa.JSON().with_variant(postgresql.JSONB(), 'postgresql'), nullable=False),
    sa.Column('certificates', sa.JSON().with_variant(postgresql.JSONB(), 'postgresql'), nullable=False),
    sa.Column('county_code', sa.String(length=6), nullable=False),
    sa.Column('city_code', sa.String(length=6), nullable=False),
    sa.Column('town_code', sa.String(length=9), nullable=True),
    sa.Column('address', sa.String(length=200), nullable=True),
    sa.Column('lon', sa.Float(), nullable=True),
    sa.Column('lat', sa.Float(), nullable=True),
    sa.Column('pay_kind', sa.String(length=8), nullable=False),
    sa.Column('pay_min_fen', sa.BigInteger(), nullable=False),
    sa.Column('pay_max_fen', sa.BigInteger(), nullable=True),
    sa.Column('piece_unit', sa.String(length=20), nullable=True),
    sa.Column('piece_hourly_fen', sa.BigInteger(), nullable=True),
    sa.Column('hours_per_day', sa.Integer(), nullable=True),
    sa.Column('hours_text', sa.String(length=100), nullable=True),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('headcount', sa.Integer(), nullable=False),
    sa.Column('hired_count', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=8), nullable=False),
    sa.Column('wage_check', sa.String(length=12), nullable=False),
    sa.Column('wage_floor_fen', sa.BigInteger(), nullable=True),
    sa.Column('wage_basis', sa.JSON().with_variant(postgresql.JSONB(), 'postgresql'), nullable=False),
    sa.Column('search_text', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("(employer_kind = 'enterprise' AND enterprise_id IS NOT NULL) OR (employer_kind = 'person' AND person_id IS NOT NULL)", name=op.f('ck_job_postings_employer_present')),
    sa.CheckConstraint("employer_kind IN ('enterprise', 'person')", name=op.f('ck_job_postings_employer_kind_known')),
    sa.CheckConstraint("pay_kind <> 'piece' OR piece_hourly_fen IS NOT NULL", name=op.f('ck_job_postings_piece_has_hourly')),
    sa.CheckConstraint("pay_kind IN ('hourly', 'daily', 'monthly', 'piece')", name=op.f('ck_job_postings_pay_kind_known')),
    sa.CheckConstraint("status IN ('open', 'filled', 'closed')", name=op.f('ck_job_postings_status_known')),
    sa.CheckConstraint("wage_check IN ('ok', 'unverified')", name=op.f('ck_job_postings_wage_check_known')),
    sa.CheckConstraint('end_date IS NULL OR end_date >= start_date', name=op.f('ck_job_postings_dates_ordered')),
    sa.CheckConstraint('headcount BETWEEN 1 AND 10000', name=op.f('ck_job_postings_headcount_range')),
    sa.CheckConstraint('hired_count >= 0 AND hired_count <= headcount', name=op.f('ck_job_postings_hired_within_headcount')),
    sa.CheckConstraint('hours_per_day IS NULL OR hours_per_day BETWEEN 1 AND 24', name=op.f('ck_job_postings_hours_range')),
    sa.CheckConstraint('pay_max_fen IS NULL OR pay_max_fen >= pay_min_fen', name=op.f('ck_job_postings_pay_range')),
    sa.CheckConstraint('pay_min_fen > 0', name=op.f('ck_job_postings_pay_positive')),
    sa.ForeignKeyConstraint(['enterprise_id'], ['enterprises.id'], name=op.f('fk_job_postings_enterprise_id_enterprises')),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_job_postings_person_id_people')),
    sa.ForeignKeyConstraint(['posted_by_user_id'], ['users.id'], name=op.f('fk_job_postings_posted_by_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_job_postings'))
    )
    with op.batch_alter_table('job_postings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_job_postings_city_code'), ['city_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_job_postings_county_code'), ['county_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_job_postings_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_job_postings_enterprise_id'), ['enterprise_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_job_postings_occupation_code'), ['occupation_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_job_postings_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_job_postings_status'), ['status'], unique=False)

    op.create_table('notifications',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('person_id', sa.BigInteger(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('object_id', sa.String(length=64), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('body', sa.String(length=1000), nullable=False),
    sa.Column('link', sa.String(length=200), nullable=False),
    sa.Column('channel', sa.String(length=16), nullable=False),
    sa.Column('county_code', sa.String(length=6), nullable=False),
    sa.Column('city_code', sa.String(length=6), nullable=False),
    sa.Column('sent_by_user_id', sa.BigInteger(), nullable=True),
    sa.Column('push_id', sa.String(length=40), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('opened_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_notifications_person_id_people')),
    sa.ForeignKeyConstraint(['sent_by_user_id'], ['users.id'], name=op.f('fk_notifications_sent_by_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notifications')),
    sa.UniqueConstraint('person_id', 'kind', 'object_id', name=op.f('uq_notifications_person_id_kind_object_id'))
    )
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notifications_city_code'), ['city_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_notifications_county_code'), ['county_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_notifications_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_notifications_push_id'), ['push_id'], unique=False)

    op.create_table('job_applications',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('posting_id', sa.BigInteger(), nullable=False),
    sa.Column('seeker_id', sa.BigInteger(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('note', sa.String(length=500), nullable=True),
    sa.Column('match_score', sa.Integer(), nullable=True),
    sa.Column('match_reasons', sa.JSON().with_variant(postgresql.JSONB(), 'postgresql'), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("status IN ('applied', 'accepted', 'rejected', 'withdrawn', 'hired')", name=op.f('ck_job_applications_status_known')),
    sa.ForeignKeyConstraint(['posting_id'], ['job_postings.id'], name=op.f('fk_job_applications_posting_id_job_postings')),
    sa.ForeignKeyConstraint(['seeker_id'], ['job_seekers.id'], name=op.f('fk_job_applications_seeker_id_job_seekers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_job_applications')),
    sa.UniqueConstraint('posting_id', 'seeker_id', name=op.f('uq_job_applications_posting_id_seeker_id'))
    )
    with op.batch_alter_table('job_applications', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_job_applications_posting_id'), ['posting_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_job_applications_seeker_id'), ['seeker_id'], unique=False)

    op.create_table('job_hires',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('application_id', sa.BigInteger(), nullable=False),
    sa.Column('posting_id', sa.BigInteger(), nullable=False),
    sa.Column('person_id', sa.BigInteger(), nullable=False),
    sa.Column('enterprise_id', sa.BigInteger(), nullable=True),
    sa.Column('employer_name', sa.String(length=200), nullable=False),
    sa.Column('county_code', sa.String(length=6), nullable=False),
    sa.Column('city_code', sa.String(length=6), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('source', sa.String(length=32), nullable=False),
    sa.Column('placement_status', sa.String(length=24), nullable=False),
    sa.Column('created_by_user_id', sa.BigInteger(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("placement_status IN ('recorded_here', 'recorded_on_register')", name=op.f('ck_job_hires_placement_known')),
    sa.CheckConstraint('end_date IS NULL OR end_date >= start_date', name=op.f('ck_job_hires_dates_ordered')),
    sa.ForeignKeyConstraint(['application_id'], ['job_applications.id'], name=op.f('fk_job_hires_application_id_job_applications')),
    sa.ForeignKeyConstraint(['created_by_user_id'], ['users.id'], name=op.f('fk_job_hires_created_by_user_id_users')),
    sa.ForeignKeyConstraint(['enterprise_id'], ['enterprises.id'], name=op.f('fk_job_hires_enterprise_id_enterprises')),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_job_hires_person_id_people')),
    sa.ForeignKeyConstraint(['posting_id'], ['job_postings.id'], name=op.f('fk_job_hires_posting_id_job_postings')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_job_hires')),
    sa.UniqueConstraint('application_id', name=op.f('uq_job_hires_application_id'))
    )
    with op.batch_alter_table('job_hires', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_job_hires_city_code'), ['city_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_job_hires_county_code'), ['county_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_job_hires_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_job_hires_posting_id'), ['posting_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_job_hires_start_date'), ['start_date'], unique=False)

    op.create_table('job_messages',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('application_id', sa.BigInteger(), nullable=False),
    sa.Column('sender_user_id', sa.BigInteger(), nullable=False),
    sa.Column('body', sa.String(length=1000), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['job_applications.id'], name=op.f('fk_job_messages_application_id_job_applications')),
    sa.ForeignKeyConstraint(['sender_user_id'], ['users.id'], name=op.f('fk_job_messages_sender_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_job_messages'))
    )
    with op.batch_alter_table('job_messages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_job_messages_application_id'), ['application_id'], unique=False)



    _search_index(create=True)


def downgrade() -> None:
    _search_index(create=False)
    with op.batch_alter_table('job_messages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_job_messages_application_id'))

    op.drop_table('job_messages')
    with op.batch_alter_table('job_hires', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_job_hires_start_date'))
        batch_op.drop_index(batch_op.f('ix_job_hires_posting_id'))
        batch_op.drop_index(batch_op.f('ix_job_hires_person_id'))
        batch_op.drop_index(batch_op.f('ix_job_hires_county_code'))
        batch_op.drop_index(batch_op.f('ix_job_hires_city_code'))

    op.drop_table('job_hires')
    with op.batch_alter_table('job_applications', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_job_applications_seeker_id'))
        batch_op.drop_index(batch_op.f('ix_job_applications_posting_id'))

    op.drop_table('job_applications')
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notifications_push_id'))
        batch_op.drop_index(batch_op.f('ix_notifications_person_id'))
        batch_op.drop_index(batch_op.f('ix_notifications_county_code'))
        batch_op.drop_index(batch_op.f('ix_notifications_city_code'))

    op.drop_table('notifications')
    with op.batch_alter_table('job_postings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_job_postings_status'))
        batch_op.drop_index(batch_op.f('ix_job_postings_person_id'))
        batch_op.drop_index(batch_op.f('ix_job_postings_occupation_code'))
        batch_op.drop_index(batch_op.f('ix_job_postings_enterprise_id'))
        batch_op.drop_index(batch_op.f('ix_job_postings_created_at'))
        batch_op.drop_index(batch_op.f('ix_job_postings_county_code'))
        batch_op.drop_index(batch_op.f('ix_job_postings_city_code'))

    op.drop_table('job_postings')
    with op.batch_alter_table('job_seekers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_job_seekers_county_code'))
        batch_op.drop_index(batch_op.f('ix_job_seekers_city_code'))

    op.drop_table('job_seekers')
