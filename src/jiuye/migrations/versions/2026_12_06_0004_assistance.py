"""Key-group assistance: the register (assist_people), group spells, willingness/ability observations,
employment spells, 就业困难人员 certifications with events and evidence, and services.

Revision ID: 2026_12_06_0004
Revises: 2026_12_06_0005
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = '2026_12_06_0004'
down_revision = '2026_12_06_0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('assist_people',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('id_number', sa.String(length=18), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('gender', sa.String(length=1), nullable=False),
    sa.Column('birth_date', sa.Date(), nullable=False),
    sa.Column('female_category', sa.String(length=8), nullable=True),
    sa.Column('county_code', sa.String(length=6), nullable=False),
    sa.Column('city_code', sa.String(length=6), nullable=False),
    sa.Column('hukou_adcode', sa.String(length=6), nullable=True),
    sa.Column('residence_adcode', sa.String(length=6), nullable=True),
    sa.Column('caseworker_user_id', sa.BigInteger(), nullable=True),
    sa.Column('phone', sa.String(length=32), nullable=True),
    sa.Column('contact_preference', sa.String(length=16), nullable=True),
    sa.Column('contact_note', sa.String(length=200), nullable=True),
    sa.Column('person_id', sa.BigInteger(), nullable=True),
    sa.Column('entered_on', sa.Date(), nullable=False),
    sa.Column('willing', sa.Boolean(), nullable=True),
    sa.Column('able', sa.Boolean(), nullable=True),
    sa.Column('willing_able_since', sa.Date(), nullable=True),
    sa.Column('employed', sa.Boolean(), nullable=False),
    sa.Column('on_watch', sa.Boolean(), nullable=False),
    sa.Column('watch_since', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("contact_preference IN ('phone', 'sms', 'wechat', 'visit') OR contact_preference IS NULL", name=op.f('ck_assist_people_contact_known')),
    sa.CheckConstraint("female_category IS NULL OR female_category IN ('worker', 'cadre')", name=op.f('ck_assist_people_category_known')),
    sa.CheckConstraint("gender IN ('M', 'F')", name=op.f('ck_assist_people_gender_known')),
    sa.ForeignKeyConstraint(['caseworker_user_id'], ['users.id'], name=op.f('fk_assist_people_caseworker_user_id_users')),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_assist_people_person_id_people')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assist_people')),
    sa.UniqueConstraint('id_number', name=op.f('uq_assist_people_id_number'))
    )
    with op.batch_alter_table('assist_people', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_assist_people_city_code'), ['city_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_assist_people_county_code'), ['county_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_assist_people_person_id'), ['person_id'], unique=False)
        batch_op.create_index('ix_assist_people_watch_caseworker', ['caseworker_user_id', 'watch_since'], unique=False, postgresql_where=sa.text('on_watch'), sqlite_where=sa.text('on_watch'))
        batch_op.create_index('ix_assist_people_watch_county', ['county_code', 'watch_since'], unique=False, postgresql_where=sa.text('on_watch'), sqlite_where=sa.text('on_watch'))

    op.create_table('assist_certifications',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('register_id', sa.BigInteger(), nullable=False),
    sa.Column('county_code', sa.String(length=6), nullable=False),
    sa.Column('city_code', sa.String(length=6), nullable=False),
    sa.Column('applied_via', sa.String(length=12), nullable=False),
    sa.Column('applied_on', sa.Date(), nullable=False),
    sa.Column('applied_by_user_id', sa.BigInteger(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('facts', sa.JSON().with_variant(postgresql.JSONB(), 'postgresql'), nullable=False),
    sa.Column('provision_id', sa.String(length=128), nullable=False),
    sa.Column('engine_outcome', sa.String(length=16), nullable=False),
    sa.Column('engine', sa.JSON().with_variant(postgresql.JSONB(), 'postgresql'), nullable=False),
    sa.Column('ruleset_version', sa.String(length=32), nullable=False),
    sa.Column('decided_on', sa.Date(), nullable=True),
    sa.Column('decided_by_user_id', sa.BigInteger(), nullable=True),
    sa.Column('decision_reason', sa.Text(), nullable=True),
    sa.Column('certificate_no', sa.String(length=40), nullable=True),
    sa.Column('valid_from', sa.Date(), nullable=True),
    sa.Column('valid_until', sa.Date(), nullable=True),
    sa.Column('subsidy_months', sa.Integer(), nullable=True),
    sa.Column('subsidy_until_month', sa.String(length=7), nullable=True),
    sa.Column('next_review_on', sa.Date(), nullable=True),
    sa.Column('ended_on', sa.Date(), nullable=True),
    sa.Column('end_reason', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("applied_via IN ('hukou', 'residence')", name=op.f('ck_assist_certifications_via_known')),
    sa.CheckConstraint("status <> 'certified' OR (certificate_no IS NOT NULL AND valid_from IS NOT NULL)", name=op.f('ck_assist_certifications_certified_has_number')),
    sa.CheckConstraint("status IN ('applied', 'certified', 'rejected', 'cancelled', 'lapsed')", name=op.f('ck_assist_certifications_status_known')),
    sa.CheckConstraint("status NOT IN ('cancelled', 'lapsed') OR ended_on IS NOT NULL", name=op.f('ck_assist_certifications_ended_has_date')),
    sa.CheckConstraint('ended_on IS NULL OR valid_from IS NULL OR ended_on >= valid_from', name=op.f('ck_assist_certifications_ends_after_start')),
    sa.ForeignKeyConstraint(['applied_by_user_id'], ['users.id'], name=op.f('fk_assist_certifications_applied_by_user_id_users')),
    sa.ForeignKeyConstraint(['decided_by_user_id'], ['users.id'], name=op.f('fk_assist_certifications_decided_by_user_id_users')),
    sa.ForeignKeyConstraint(['register_id'], ['assist_people.id'], name=op.f('fk_assist_certifications_register_id_assist_people')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assist_certifications')),
    sa.UniqueConstraint('certificate_no', name=op.f('uq_assist_certifications_certificate_no'))
    )
    with op.batch_alter_table('assist_certifications', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_assist_certifications_county_code'), ['county_code'], unique=False)
        batch_op.create_index('ix_assist_certifications_person', ['register_id', 'status'], unique=False)

    op.create_table('assist_employment_spells',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('register_id', sa.BigInteger(), nullable=False),
    sa.Column('employer_name', sa.String(length=200), nullable=False),
    sa.Column('county_code', sa.String(length=6), nullable=False),
    sa.Column('work_county_code', sa.String(length=6), nullable=True),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('source', sa.String(length=32), nullable=False),
    sa.Column('difficulty_certified', sa.Boolean(), nullable=False),
    sa.Column('recorded_by_user_id', sa.BigInteger(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('end_date IS NULL OR end_date >= start_date', name=op.f('ck_assist_employment_spells_ends_after_start')),
    sa.ForeignKeyConstraint(['recorded_by_user_id'], ['users.id'], name=op.f('fk_assist_employment_spells_recorded_by_user_id_users')),
    sa.ForeignKeyConstraint(['register_id'], ['assist_people.id'], name=op.f('fk_assist_employment_spells_register_id_assist_people')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assist_employment_spells'))
    )
    with op.batch_alter_table('assist_employment_spells', schema=None) as batch_op:
        batch_op.create_index('ix_assist_employment_spells_county_start', ['county_code', 'start_date'], unique=False)
        batch_op.create_index('ix_assist_employment_spells_person', ['register_id', 'start_date'], unique=False)

    op.create_table('assist_group_spells',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('register_id', sa.BigInteger(), nullable=False),
    sa.Column('group_code', sa.String(length=24), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('note', sa.String(length=200), nullable=True),
    sa.CheckConstraint("group_code IN ('registered_unemployed', 'graduate_unemployed', 'difficulty', 'dibao_family', 'low_income_farmer')", name=op.f('ck_assist_group_spells_group_known')),
    sa.CheckConstraint('end_date IS NULL OR end_date >= start_date', name=op.f('ck_assist_group_spells_ends_after_start')),
    sa.ForeignKeyConstraint(['register_id'], ['assist_people.id'], name=op.f('fk_assist_group_spells_register_id_assist_people')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assist_group_spells'))
    )
    with op.batch_alter_table('assist_group_spells', schema=None) as batch_op:
        batch_op.create_index('ix_assist_group_spells_person', ['register_id', 'group_code'], unique=False)

    op.create_table('assist_observations',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('register_id', sa.BigInteger(), nullable=False),
    sa.Column('observed_on', sa.Date(), nullable=False),
    sa.Column('willing', sa.Boolean(), nullable=True),
    sa.Column('able', sa.Boolean(), nullable=True),
    sa.Column('recorded_by_user_id', sa.BigInteger(), nullable=True),
    sa.Column('note', sa.String(length=200), nullable=True),
    sa.ForeignKeyConstraint(['recorded_by_user_id'], ['users.id'], name=op.f('fk_assist_observations_recorded_by_user_id_users')),
    sa.ForeignKeyConstraint(['register_id'], ['assist_people.id'], name=op.f('fk_assist_observations_register_id_assist_people')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assist_observations'))
    )
    with op.batch_alter_table('assist_observations', schema=None) as batch_op:
        batch_op.create_index('ix_assist_observations_person', ['register_id', 'observed_on'], unique=False)

    op.create_table('assist_services',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('register_id', sa.BigInteger(), nullable=False),
    sa.Column('county_code', sa.String(length=6), nullable=False),
    sa.Column('kind', sa.String(length=24), nullable=False),
    sa.Column('service_date', sa.Date(), nullable=False),
    sa.Column('user_id', sa.BigInteger(), nullable=True),
    sa.Column('provider', sa.String(length=64), nullable=False),
    sa.Column('outcome', sa.Text(), nullable=True),
    sa.Column('job_title', sa.String(length=200), nullable=True),
    sa.Column('employer_name', sa.String(length=200), nullable=True),
    sa.Column('provisions', sa.JSON().with_variant(postgresql.JSONB(), 'postgresql'), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("kind <> 'job_referral' OR job_title IS NOT NULL", name=op.f('ck_assist_services_referral_has_job')),
    sa.CheckConstraint("kind IN ('guidance', 'job_referral', 'training', 'startup', 'public_welfare_post', 'internship', 'policy')", name=op.f('ck_assist_services_kind_known')),
    sa.ForeignKeyConstraint(['register_id'], ['assist_people.id'], name=op.f('fk_assist_services_register_id_assist_people')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_assist_services_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assist_services'))
    )
    with op.batch_alter_table('assist_services', schema=None) as batch_op:
        batch_op.create_index('ix_assist_services_county_date', ['county_code', 'service_date'], unique=False)
        batch_op.create_index('ix_assist_services_person_date', ['register_id', 'service_date'], unique=False)

    op.create_table('assist_cert_events',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('certification_id', sa.BigInteger(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('on_date', sa.Date(), nullable=False),
    sa.Column('actor_user_id', sa.BigInteger(), nullable=True),
    sa.Column('actor', sa.String(length=64), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['actor_user_id'], ['users.id'], name=op.f('fk_assist_cert_events_actor_user_id_users')),
    sa.ForeignKeyConstraint(['certification_id'], ['assist_certifications.id'], name=op.f('fk_assist_cert_events_certification_id_assist_certifications')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assist_cert_events'))
    )
    with op.batch_alter_table('assist_cert_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_assist_cert_events_certification_id'), ['certification_id'], unique=False)

    op.create_table('assist_evidence',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('certification_id', sa.BigInteger(), nullable=False),
    sa.Column('kind', sa.String(length=64), nullable=False),
    sa.Column('reference', sa.String(length=128), nullable=True),
    sa.Column('received_on', sa.Date(), nullable=False),
    sa.Column('recorded_by_user_id', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['certification_id'], ['assist_certifications.id'], name=op.f('fk_assist_evidence_certification_id_assist_certifications')),
    sa.ForeignKeyConstraint(['recorded_by_user_id'], ['users.id'], name=op.f('fk_assist_evidence_recorded_by_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assist_evidence'))
    )
    with op.batch_alter_table('assist_evidence', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_assist_evidence_certification_id'), ['certification_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('assist_evidence', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_assist_evidence_certification_id'))

    op.drop_table('assist_evidence')
    with op.batch_alter_table('assist_cert_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_assist_cert_events_certification_id'))

    op.drop_table('assist_cert_events')
    with op.batch_alter_table('assist_services', schema=None) as batch_op:
        batch_op.drop_index('ix_assist_services_person_date')
        batch_op.drop_index('ix_assist_services_county_date')

    op.drop_table('assist_services')
    with op.batch_alter_table('assist_observations', schema=None) as batch_op:
        batch_op.drop_index('ix_assist_observations_person')

    op.drop_table('assist_observations')
    with op.batch_alter_table('assist_group_spells', schema=None) as batch_op:
        batch_op.drop_index('ix_assist_group_spells_person')

    op.drop_table('assist_group_spells')
    with op.batch_alter_table('assist_employment_spells', schema=None) as batch_op:
        batch_op.drop_index('ix_assist_employment_spells_person')
        batch_op.drop_index('ix_assist_employment_spells_county_start')

    op.drop_table('assist_employment_spells')
    with op.batch_alter_table('assist_certifications', schema=None) as batch_op:
        batch_op.drop_index('ix_assist_certifications_person')
        batch_op.drop_index(batch_op.f('ix_assist_certifications_county_code'))

    op.drop_table('assist_certifications')
    with op.batch_alter_table('assist_people', schema=None) as batch_op:
        batch_op.drop_index('ix_assist_people_watch_county', postgresql_where=sa.text('on_watch'), sqlite_where=sa.text('on_watch'))
        batch_op.drop_index('ix_assist_people_watch_caseworker', postgresql_where=sa.text('on_watch'), sqlite_where=sa.text('on_watch'))
        batch_op.drop_index(batch_op.f('ix_assist_people_person_id'))
        batch_op.drop_index(batch_op.f('ix_assist_people_county_code'))
        batch_op.drop_index(batch_op.f('ix_assist_people_city_code'))

    op.drop_table('assist_people')
