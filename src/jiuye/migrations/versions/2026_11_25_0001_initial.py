"""Initial schema: people, enterprises, users, applications, decisions, entitlements, the caps'
tables, payments, payment transactions and the hash-chained audit log (append-only by trigger).

Revision ID: 2026_11_25_0001
Revises:
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "2026_11_25_0001"
down_revision = None
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
TABLES = ("stacking_claims", "payment_transactions", "payments", "training_slots", "loan_slots", "entitlements",
          "employee_claims", "decisions", "certificate_claims", "applications", "users", "subject_ledgers", "people",
          "enterprises", "duration_ledgers", "audit_head", "audit_events")

PG_APPEND_ONLY = """
CREATE FUNCTION jiuye_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_events is append-only (% refused)', TG_OP;
END $$;
CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION jiuye_audit_append_only();
"""
SQLITE_APPEND_ONLY = (
    "CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events "
    "BEGIN SELECT RAISE(ABORT, 'audit_events is append-only (UPDATE refused)'); END",
    "CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events "
    "BEGIN SELECT RAISE(ABORT, 'audit_events is append-only (DELETE refused)'); END",
)


def upgrade() -> None:
    op.create_table('audit_events',
    sa.Column('id', ID, nullable=False),
    sa.Column('seq', sa.BigInteger(), nullable=False),
    sa.Column('occurred_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor_user_id', sa.BigInteger(), nullable=True),
    sa.Column('actor', sa.String(length=64), nullable=False),
    sa.Column('actor_role', sa.String(length=32), nullable=False),
    sa.Column('action', sa.String(length=64), nullable=False),
    sa.Column('object_type', sa.String(length=32), nullable=False),
    sa.Column('object_id', sa.String(length=64), nullable=True),
    sa.Column('county_code', sa.String(length=6), nullable=True),
    sa.Column('details', sa.Text(), nullable=False),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_events')),
    sa.UniqueConstraint('hash', name=op.f('uq_audit_events_hash')),
    sa.UniqueConstraint('seq', name=op.f('uq_audit_events_seq'))
    )
    op.create_index(op.f('ix_audit_events_action'), 'audit_events', ['action'], unique=False)
    op.create_index(op.f('ix_audit_events_occurred_at'), 'audit_events', ['occurred_at'], unique=False)

    op.create_table('audit_head',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.BigInteger(), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.CheckConstraint('id = 1', name=op.f('ck_audit_head_single_row')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_head'))
    )
    op.create_table('duration_ledgers',
    sa.Column('subject_key', sa.String(length=24), nullable=False),
    sa.Column('provision_id', sa.String(length=128), nullable=False),
    sa.Column('months_used', sa.Integer(), nullable=False),
    sa.Column('months_cap', sa.Integer(), nullable=False),
    sa.CheckConstraint('months_used >= 0 AND months_used <= months_cap', name=op.f('ck_duration_ledgers_within_cap')),
    sa.PrimaryKeyConstraint('subject_key', 'provision_id', name=op.f('pk_duration_ledgers'))
    )
    op.create_table('enterprises',
    sa.Column('id', ID, nullable=False),
    sa.Column('uscc', sa.String(length=18), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('county_code', sa.String(length=6), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_enterprises')),
    sa.UniqueConstraint('uscc', name=op.f('uq_enterprises_uscc'))
    )
    op.create_table('people',
    sa.Column('id', ID, nullable=False),
    sa.Column('id_number', sa.String(length=18), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('county_code', sa.String(length=6), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_people')),
    sa.UniqueConstraint('id_number', name=op.f('uq_people_id_number'))
    )
    op.create_table('subject_ledgers',
    sa.Column('subject_key', sa.String(length=24), nullable=False),
    sa.Column('loan_count', sa.Integer(), nullable=False),
    sa.Column('loan_months', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('loan_count BETWEEN 0 AND 3', name=op.f('ck_subject_ledgers_loans_at_most_3')),
    sa.CheckConstraint('loan_months BETWEEN 0 AND 36', name=op.f('ck_subject_ledgers_loan_months_at_most_36')),
    sa.PrimaryKeyConstraint('subject_key', name=op.f('pk_subject_ledgers'))
    )
    op.create_table('users',
    sa.Column('id', ID, nullable=False),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('display_name', sa.String(length=100), nullable=False),
    sa.Column('password_hash', sa.String(length=256), nullable=False),
    sa.Column('role', sa.String(length=32), nullable=False),
    sa.Column('county_code', sa.String(length=6), nullable=True),
    sa.Column('city_code', sa.String(length=6), nullable=True),
    sa.Column('person_id', sa.BigInteger(), nullable=True),
    sa.Column('enterprise_id', sa.BigInteger(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('session_version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("role <> 'applicant' OR person_id IS NOT NULL", name=op.f('ck_users_applicant_has_person')),
    sa.CheckConstraint("role <> 'city_manager' OR city_code IS NOT NULL", name=op.f('ck_users_manager_has_city')),
    sa.CheckConstraint("role <> 'county_caseworker' OR county_code IS NOT NULL", name=op.f('ck_users_caseworker_has_county')),
    sa.CheckConstraint("role <> 'enterprise' OR enterprise_id IS NOT NULL", name=op.f('ck_users_enterprise_has_record')),
    sa.CheckConstraint("role IN ('applicant', 'enterprise', 'county_caseworker', 'city_manager', 'province_admin')", name=op.f('ck_users_role_known')),
    sa.ForeignKeyConstraint(['enterprise_id'], ['enterprises.id'], name=op.f('fk_users_enterprise_id_enterprises')),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_users_person_id_people')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
    sa.UniqueConstraint('username', name=op.f('uq_users_username'))
    )
    op.create_table('applications',
    sa.Column('id', ID, nullable=False),
    sa.Column('idempotency_key', sa.String(length=128), nullable=False),
    sa.Column('request_hash', sa.String(length=64), nullable=False),
    sa.Column('provision_id', sa.String(length=128), nullable=False),
    sa.Column('benefit_type', sa.String(length=32), nullable=False),
    sa.Column('stacking_group', sa.String(length=64), nullable=True),
    sa.Column('subject_kind', sa.String(length=16), nullable=False),
    sa.Column('subject_key', sa.String(length=24), nullable=False),
    sa.Column('person_id', sa.BigInteger(), nullable=True),
    sa.Column('enterprise_id', sa.BigInteger(), nullable=True),
    sa.Column('county_code', sa.String(length=6), nullable=False),
    sa.Column('city_code', sa.String(length=6), nullable=False),
    sa.Column('application_date', sa.Date(), nullable=False),
    sa.Column('period_start', sa.Date(), nullable=False),
    sa.Column('months_requested', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=24), nullable=False),
    sa.Column('submitted_by_user_id', sa.BigInteger(), nullable=False),
    sa.Column('on_behalf', sa.Boolean(), nullable=False),
    sa.Column('engine_outcome', sa.String(length=16), nullable=False),
    sa.Column('engine_amount_fen', sa.BigInteger(), nullable=True),
    sa.Column('engine_max_months', sa.Integer(), nullable=True),
    sa.Column('engine_superseded_by', sa.String(length=128), nullable=True),
    sa.Column('ruleset_version', sa.String(length=32), nullable=False),
    sa.Column('input_snapshot', JSON, nullable=False),
    sa.Column('explanation', JSON, nullable=False),
    sa.Column('training_year', sa.Integer(), nullable=True),
    sa.Column('cert_occupation', sa.String(length=100), nullable=True),
    sa.Column('cert_level', sa.Integer(), nullable=True),
    sa.Column('certificate_no', sa.String(length=64), nullable=True),
    sa.Column('loan_months', sa.Integer(), nullable=True),
    sa.Column('approved_amount_fen', sa.BigInteger(), nullable=True),
    sa.Column('decided_by_user_id', sa.BigInteger(), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('decision_reason', sa.Text(), nullable=True),
    sa.Column('superseded_by_application_id', sa.BigInteger(), nullable=True),
    sa.Column('objection_count', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("(subject_kind = 'person' AND person_id IS NOT NULL) OR (subject_kind = 'enterprise' AND enterprise_id IS NOT NULL)", name=op.f('ck_applications_subject_present')),
    sa.CheckConstraint("status <> 'approved' OR approved_amount_fen IS NOT NULL", name=op.f('ck_applications_approved_has_amount')),
    sa.CheckConstraint("status IN ('pending_review', 'not_eligible', 'approved', 'rejected', 'objection', 'superseded')", name=op.f('ck_applications_status_known')),
    sa.CheckConstraint("subject_kind IN ('person', 'enterprise')", name=op.f('ck_applications_subject_kind_known')),
    sa.CheckConstraint('approved_amount_fen IS NULL OR approved_amount_fen > 0', name=op.f('ck_applications_approved_amount_positive')),
    sa.CheckConstraint('approved_amount_fen IS NULL OR engine_amount_fen IS NULL OR approved_amount_fen <= engine_amount_fen', name=op.f('ck_applications_approved_within_engine_amount')),
    sa.CheckConstraint('engine_amount_fen IS NULL OR engine_amount_fen >= 0', name=op.f('ck_applications_engine_amount_non_negative')),
    sa.CheckConstraint('months_requested IS NULL OR months_requested BETWEEN 0 AND 120', name=op.f('ck_applications_months_range')),
    sa.CheckConstraint('objection_count BETWEEN 0 AND 1', name=op.f('ck_applications_one_objection')),
    sa.ForeignKeyConstraint(['decided_by_user_id'], ['users.id'], name=op.f('fk_applications_decided_by_user_id_users')),
    sa.ForeignKeyConstraint(['enterprise_id'], ['enterprises.id'], name=op.f('fk_applications_enterprise_id_enterprises')),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_applications_person_id_people')),
    sa.ForeignKeyConstraint(['submitted_by_user_id'], ['users.id'], name=op.f('fk_applications_submitted_by_user_id_users')),
    sa.ForeignKeyConstraint(['superseded_by_application_id'], ['applications.id'], name=op.f('fk_applications_superseded_by_application_id_applications')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_applications')),
    sa.UniqueConstraint('idempotency_key', name=op.f('uq_applications_idempotency_key'))
    )
    op.create_index(op.f('ix_applications_city_code'), 'applications', ['city_code'], unique=False)
    op.create_index(op.f('ix_applications_county_code'), 'applications', ['county_code'], unique=False)
    op.create_index(op.f('ix_applications_created_at'), 'applications', ['created_at'], unique=False)
    op.create_index(op.f('ix_applications_enterprise_id'), 'applications', ['enterprise_id'], unique=False)
    op.create_index(op.f('ix_applications_person_id'), 'applications', ['person_id'], unique=False)
    op.create_index(op.f('ix_applications_provision_id'), 'applications', ['provision_id'], unique=False)
    op.create_index(op.f('ix_applications_status'), 'applications', ['status'], unique=False)
    op.create_index(op.f('ix_applications_subject_key'), 'applications', ['subject_key'], unique=False)

    op.create_table('certificate_claims',
    sa.Column('id', ID, nullable=False),
    sa.Column('subject_key', sa.String(length=24), nullable=False),
    sa.Column('occupation', sa.String(length=100), nullable=True),
    sa.Column('level', sa.Integer(), nullable=True),
    sa.Column('certificate_no', sa.String(length=64), nullable=True),
    sa.Column('application_id', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_certificate_claims_application_id_applications')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_certificate_claims')),
    sa.UniqueConstraint('application_id', name=op.f('uq_certificate_claims_application_id')),
    sa.UniqueConstraint('certificate_no', name=op.f('uq_certificate_claims_certificate_no')),
    sa.UniqueConstraint('subject_key', 'occupation', 'level', name=op.f('uq_certificate_claims_subject_key_occupation_level'))
    )
    op.create_table('decisions',
    sa.Column('id', ID, nullable=False),
    sa.Column('application_id', sa.BigInteger(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('actor_user_id', sa.BigInteger(), nullable=True),
    sa.Column('outcome', sa.String(length=16), nullable=True),
    sa.Column('amount_fen', sa.BigInteger(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('ruleset_version', sa.String(length=32), nullable=True),
    sa.Column('explanation', JSON, nullable=True),
    sa.Column('input_snapshot', JSON, nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("kind IN ('pre_check', 're_check', 'approve', 'reject', 'human_review', 'objection', 'superseded')", name=op.f('ck_decisions_kind_known')),
    sa.ForeignKeyConstraint(['actor_user_id'], ['users.id'], name=op.f('fk_decisions_actor_user_id_users')),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_decisions_application_id_applications')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_decisions'))
    )
    op.create_index(op.f('ix_decisions_application_id'), 'decisions', ['application_id'], unique=False)

    op.create_table('employee_claims',
    sa.Column('id', ID, nullable=False),
    sa.Column('application_id', sa.BigInteger(), nullable=False),
    sa.Column('enterprise_id', sa.BigInteger(), nullable=False),
    sa.Column('employee_person_id', sa.BigInteger(), nullable=False),
    sa.Column('benefit_key', sa.String(length=128), nullable=False),
    sa.Column('period_key', sa.String(length=8), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_employee_claims_application_id_applications')),
    sa.ForeignKeyConstraint(['employee_person_id'], ['people.id'], name=op.f('fk_employee_claims_employee_person_id_people')),
    sa.ForeignKeyConstraint(['enterprise_id'], ['enterprises.id'], name=op.f('fk_employee_claims_enterprise_id_enterprises')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_employee_claims')),
    sa.UniqueConstraint('benefit_key', 'employee_person_id', 'period_key', name=op.f('uq_employee_claims_benefit_key_employee_person_id_period_key'))
    )
    op.create_index(op.f('ix_employee_claims_application_id'), 'employee_claims', ['application_id'], unique=False)

    op.create_table('entitlements',
    sa.Column('id', ID, nullable=False),
    sa.Column('application_id', sa.BigInteger(), nullable=False),
    sa.Column('subject_key', sa.String(length=24), nullable=False),
    sa.Column('provision_id', sa.String(length=128), nullable=False),
    sa.Column('stacking_group', sa.String(length=64), nullable=True),
    sa.Column('benefit_type', sa.String(length=32), nullable=False),
    sa.Column('period', sa.String(length=16), nullable=False),
    sa.Column('amount_fen', sa.BigInteger(), nullable=False),
    sa.Column('comparable_fen', sa.BigInteger(), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('months', sa.Integer(), nullable=False),
    sa.Column('max_duration_months', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("period IN ('one_time', 'monthly', 'yearly')", name=op.f('ck_entitlements_period_known')),
    sa.CheckConstraint("status IN ('active', 'superseded', 'ended')", name=op.f('ck_entitlements_status_known')),
    sa.CheckConstraint('amount_fen >= 0', name=op.f('ck_entitlements_amount_non_negative')),
    sa.CheckConstraint('max_duration_months IS NULL OR months <= max_duration_months', name=op.f('ck_entitlements_within_max_duration')),
    sa.CheckConstraint('months >= 0', name=op.f('ck_entitlements_months_non_negative')),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_entitlements_application_id_applications')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_entitlements')),
    sa.UniqueConstraint('application_id', name=op.f('uq_entitlements_application_id'))
    )
    op.create_index(op.f('ix_entitlements_subject_key'), 'entitlements', ['subject_key'], unique=False)

    op.create_table('loan_slots',
    sa.Column('subject_key', sa.String(length=24), nullable=False),
    sa.Column('slot', sa.Integer(), nullable=False),
    sa.Column('months', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.BigInteger(), nullable=False),
    sa.CheckConstraint('months BETWEEN 1 AND 36', name=op.f('ck_loan_slots_months_1_to_36')),
    sa.CheckConstraint('slot BETWEEN 1 AND 3', name=op.f('ck_loan_slots_slot_1_to_3')),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_loan_slots_application_id_applications')),
    sa.PrimaryKeyConstraint('subject_key', 'slot', name=op.f('pk_loan_slots')),
    sa.UniqueConstraint('application_id', name=op.f('uq_loan_slots_application_id'))
    )
    op.create_table('training_slots',
    sa.Column('subject_key', sa.String(length=24), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('slot', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.BigInteger(), nullable=False),
    sa.CheckConstraint('slot BETWEEN 1 AND 3', name=op.f('ck_training_slots_slot_1_to_3')),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_training_slots_application_id_applications')),
    sa.PrimaryKeyConstraint('subject_key', 'year', 'slot', name=op.f('pk_training_slots')),
    sa.UniqueConstraint('application_id', name=op.f('uq_training_slots_application_id'))
    )
    op.create_table('payments',
    sa.Column('id', ID, nullable=False),
    sa.Column('entitlement_id', sa.BigInteger(), nullable=False),
    sa.Column('application_id', sa.BigInteger(), nullable=False),
    sa.Column('county_code', sa.String(length=6), nullable=False),
    sa.Column('city_code', sa.String(length=6), nullable=False),
    sa.Column('provision_id', sa.String(length=128), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('period_start', sa.Date(), nullable=False),
    sa.Column('months', sa.Integer(), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=False),
    sa.Column('amount_fen', sa.BigInteger(), nullable=False),
    sa.Column('payee', sa.String(length=16), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('paid_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('bank_reference', sa.String(length=64), nullable=True),
    sa.Column('failure_reason', sa.Text(), nullable=True),
    sa.Column('reversed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('reversal_reason', sa.Text(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("status <> 'paid' OR paid_at IS NOT NULL", name=op.f('ck_payments_paid_has_time')),
    sa.CheckConstraint("status <> 'reversed' OR reversal_reason IS NOT NULL", name=op.f('ck_payments_reversal_has_reason')),
    sa.CheckConstraint("status IN ('scheduled', 'paid', 'failed', 'reversed', 'cancelled')", name=op.f('ck_payments_status_known')),
    sa.CheckConstraint('amount_fen > 0', name=op.f('ck_payments_amount_positive')),
    sa.CheckConstraint('months >= 0', name=op.f('ck_payments_months_non_negative')),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_payments_application_id_applications')),
    sa.ForeignKeyConstraint(['entitlement_id'], ['entitlements.id'], name=op.f('fk_payments_entitlement_id_entitlements')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_payments')),
    sa.UniqueConstraint('entitlement_id', 'seq', name=op.f('uq_payments_entitlement_id_seq'))
    )
    op.create_index(op.f('ix_payments_application_id'), 'payments', ['application_id'], unique=False)
    op.create_index(op.f('ix_payments_city_code'), 'payments', ['city_code'], unique=False)
    op.create_index(op.f('ix_payments_county_code'), 'payments', ['county_code'], unique=False)
    op.create_index(op.f('ix_payments_due_date'), 'payments', ['due_date'], unique=False)
    op.create_index(op.f('ix_payments_entitlement_id'), 'payments', ['entitlement_id'], unique=False)
    op.create_index(op.f('ix_payments_status'), 'payments', ['status'], unique=False)

    op.create_table('payment_transactions',
    sa.Column('id', ID, nullable=False),
    sa.Column('payment_id', sa.BigInteger(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('idempotency_key', sa.String(length=128), nullable=False),
    sa.Column('amount_fen', sa.BigInteger(), nullable=False),
    sa.Column('bank_reference', sa.String(length=64), nullable=True),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('actor_user_id', sa.BigInteger(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("kind IN ('payout', 'failure', 'reversal')", name=op.f('ck_payment_transactions_kind_known')),
    sa.CheckConstraint('amount_fen > 0', name=op.f('ck_payment_transactions_amount_positive')),
    sa.ForeignKeyConstraint(['actor_user_id'], ['users.id'], name=op.f('fk_payment_transactions_actor_user_id_users')),
    sa.ForeignKeyConstraint(['payment_id'], ['payments.id'], name=op.f('fk_payment_transactions_payment_id_payments')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_payment_transactions')),
    sa.UniqueConstraint('idempotency_key', name=op.f('uq_payment_transactions_idempotency_key'))
    )
    op.create_index(op.f('ix_payment_transactions_payment_id'), 'payment_transactions', ['payment_id'], unique=False)
    op.create_index('uq_payment_transactions_one_payout', 'payment_transactions', ['payment_id'], unique=True, sqlite_where=sa.text("kind = 'payout'"), postgresql_where=sa.text("kind = 'payout'"))
    op.create_index('uq_payment_transactions_one_reversal', 'payment_transactions', ['payment_id'], unique=True, sqlite_where=sa.text("kind = 'reversal'"), postgresql_where=sa.text("kind = 'reversal'"))

    op.create_table('stacking_claims',
    sa.Column('subject_key', sa.String(length=24), nullable=False),
    sa.Column('stacking_group', sa.String(length=64), nullable=False),
    sa.Column('period_key', sa.String(length=8), nullable=False),
    sa.Column('entitlement_id', sa.BigInteger(), nullable=False),
    sa.Column('payment_id', sa.BigInteger(), nullable=True),
    sa.Column('comparable_fen', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['entitlement_id'], ['entitlements.id'], name=op.f('fk_stacking_claims_entitlement_id_entitlements')),
    sa.ForeignKeyConstraint(['payment_id'], ['payments.id'], name=op.f('fk_stacking_claims_payment_id_payments')),
    sa.PrimaryKeyConstraint('subject_key', 'stacking_group', 'period_key', name=op.f('pk_stacking_claims'))
    )
    op.create_index(op.f('ix_stacking_claims_entitlement_id'), 'stacking_claims', ['entitlement_id'], unique=False)
    op.create_index(op.f('ix_stacking_claims_payment_id'), 'stacking_claims', ['payment_id'], unique=False)

    op.execute(sa.text("INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '" + "0" * 64 + "')"))
    if op.get_bind().dialect.name == "postgresql":
        op.execute(PG_APPEND_ONLY)
    else:
        for statement in SQLITE_APPEND_ONLY:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_events_append_only ON audit_events")
        op.execute("DROP FUNCTION IF EXISTS jiuye_audit_append_only()")
    for table in TABLES:
        op.drop_table(table)
