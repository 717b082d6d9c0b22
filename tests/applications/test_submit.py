"""Submitting: the engine's pre-check as of the application date, stored with its explanation,
the ruleset version and the input, replayable; bad input → 422 naming the field, leaving only
its audit event."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from jiuye.applications import precheck
from jiuye.applications import service as apps
from jiuye.applications.models import Application, Decision, PersonRecord
from jiuye.audit.models import AuditEvent
from jiuye.db.ruleset import ruleset_version
from jiuye.errors import Forbidden, IdempotencyMismatch, InputError
from jiuye.ids import make_id_number
from tests.dbfixtures import flexible, startup_employment, training


def count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def test_an_eligible_training_subsidy_is_stored_with_its_explanation_and_waits_for_review(world):
    # 杭州征求意见稿（十五）: a level-3 certificate is subsidised ¥2,000
    app, replayed = apps.submit(db_session=world.session, user=world["zhang"], payload=training(on="2026-11-02"))
    assert not replayed
    assert app.status == "pending_review" and app.engine_outcome == "eligible"
    assert app.engine_amount_fen == 200_000
    assert app.county_code == "330102" and app.city_code == "330100"
    assert app.ruleset_version == ruleset_version()
    result = next(r for r in app.explanation["results"] if r["provision_id"] == app.provision_id)
    assert any("每人每年可享受不超过 3 次" in c["clause"] for c in result["conditions"])
    assert app.input_snapshot["as_of"] == "2026-11-02"
    assert app.input_snapshot["case"]["person"]["id_number"] == world.ids["zhang"]
    decision = world.session.scalar(select(Decision).where(Decision.application_id == app.id))
    assert decision.kind == "pre_check" and decision.actor_user_id is None


def test_a_stored_decision_replays_to_the_same_outcome_and_amount(world):
    app, _ = apps.submit(db_session=world.session, user=world["kecheng"], payload=flexible(world.ids["li"]))
    # 浙人社发〔2022〕46号 第21条: 2/3 × ¥1,200 = ¥800 a month, as of 2025-05-06
    assert app.engine_amount_fen == 80_000
    r = precheck.replay(app)
    assert r["reproduced"] and r["replayed"] == {"outcome": "eligible", "amount_fen": 80_000}


def test_a_claim_filed_after_the_document_ended_is_refused(world):
    # 46号: 本意见自印发之日起施行，执行至 2025年 12月 31日 — filed in 2026, nothing to pre-check
    with pytest.raises(InputError) as exc:
        apps.submit(db_session=world.session, user=world["kecheng"], payload=flexible(world.ids["li"], on="2026-02-02"))
    assert exc.value.field == "claim_period_start" and "2025-12-31" in exc.value.message_zh
    assert count(world.session, Application) == 0


def test_an_automated_not_eligible_is_stored_and_holds_no_reservation(world):
    payload = flexible(world.ids["li"], graduation_date="2015-06-30", difficulty_certified=False)
    app, _ = apps.submit(db_session=world.session, user=world["kecheng"], payload=payload)
    assert app.status == "not_eligible"
    failed = next(r for r in app.explanation["results"] if r["provision_id"] == app.provision_id)["failed_conditions"]
    assert [c["id"] for c in failed] == ["group"]


def test_the_same_idempotency_key_returns_the_first_application(world):
    payload = training(on="2026-11-02")
    first, _ = apps.submit(db_session=world.session, user=world["zhang"], payload=payload, idempotency_key="k-dup-0001")
    again, replayed = apps.submit(db_session=world.session, user=world["zhang"], payload=payload,
                                  idempotency_key="k-dup-0001")
    assert replayed and again.id == first.id
    assert count(world.session, Application) == 1


def test_an_idempotency_key_reused_for_another_request_is_refused(world):
    apps.submit(db_session=world.session, user=world["zhang"], payload=training(on="2026-11-02"),
                idempotency_key="k-dup-0002")
    with pytest.raises(IdempotencyMismatch):
        apps.submit(db_session=world.session, user=world["zhang"], payload=training(level=2, on="2026-11-02"),
                    idempotency_key="k-dup-0002")


@pytest.mark.parametrize(("mutate", "field"), [
    (lambda p: p["case"]["person"].update(id_number="330102199001011235"), "case.person.id_number"),
    (lambda p: p["case"]["person"].update(id_number="33010219900101123"), "case.person.id_number"),
    (lambda p: p["case"]["person"].pop("name"), "case.person.name"),
    (lambda p: p["case"]["person"].update(si_paid_monthly_fen=-5), "case.person.si_paid_monthly_fen"),
    (lambda p: p.update(application_date="2025-02-30"), "application_date"),
    (lambda p: p.update(application_date="2999-01-01"), "application_date"),
    (lambda p: p.update(provision_id="no.such.benefit"), "provision_id"),
    (lambda p: p.update(provision_id="zj_2021_22.mountain_county"), "provision_id"),
    (lambda p: p.update(months=0), "months"),
    (lambda p: p.update(months="twelve"), "months"),
    (lambda p: p.update(county_code="330103"), "county_code"),
    (lambda p: p.update(colour="blue"), "colour"),
    (lambda p: p["case"]["person"].update(graduation_date="yesterday"), "case.person.graduation_date"),
])
def test_bad_input_names_the_field_and_leaves_only_its_audit_event(world, mutate, field):
    payload = flexible(world.ids["li"])
    mutate(payload)
    before = count(world.session, AuditEvent)
    with pytest.raises(InputError) as exc:
        apps.submit(db_session=world.session, user=world["kecheng"], payload=payload)
    assert exc.value.field == field
    assert exc.value.message_zh and exc.value.message_en
    assert count(world.session, Application) == 0 and count(world.session, Decision) == 0
    events = world.session.scalars(select(AuditEvent).order_by(AuditEvent.seq)).all()[before:]
    assert [e.action for e in events] == ["application.submit.refused"]
    assert field in events[0].details


def test_an_invalid_credit_code_names_the_field(world):
    payload = startup_employment("91330802MA2TEKC01X")
    with pytest.raises(InputError) as exc:
        apps.submit(db_session=world.session, user=world["kecheng"], payload=payload)
    assert exc.value.field == "case.enterprise.uscc"
    assert count(world.session, PersonRecord) == 2  # only the world's people


def test_an_invalid_employee_id_number_names_its_position(world):
    payload = startup_employment(world.ids["firm"], employees=[
        {"id_number": make_id_number("330802", date(1995, 1, 1), 101, "M"), "name": "王五"},
        {"id_number": "330802199501011011", "name": "赵六"}])
    with pytest.raises(InputError) as exc:
        apps.submit(db_session=world.session, user=world["firm"], payload=payload)
    assert exc.value.field == "employees[1].id_number"


def test_an_applicant_applies_only_for_themself(world):
    payload = training(id_number=world.ids["li"], on="2026-11-02")
    with pytest.raises(InputError) as exc:
        apps.submit(db_session=world.session, user=world["zhang"], payload=payload)
    assert exc.value.field == "case.person.id_number"


def test_a_caseworker_takes_applications_only_for_their_county(world):
    with pytest.raises(InputError) as exc:
        apps.submit(db_session=world.session, user=world["shangcheng"], payload=flexible(world.ids["li"]))
    assert exc.value.field == "county_code"


def test_managers_do_not_submit(world):
    with pytest.raises(Forbidden):
        apps.submit(db_session=world.session, user=world["qz_manager"], payload=flexible(world.ids["li"]))


def test_a_caseworker_submits_on_behalf_of_a_new_person(world):
    new = make_id_number("330802", date(1999, 9, 9), 321, "F")
    app, _ = apps.submit(db_session=world.session, user=world["kecheng"], payload=flexible(new))
    assert app.on_behalf and app.status == "pending_review"
    person = world.session.get(PersonRecord, app.person_id)
    assert person.id_number == new


def test_a_retry_is_answered_even_when_the_rules_fail_meanwhile(world, monkeypatch):
    from jiuye.errors import ParameterError

    payload = training(on="2026-11-02")
    first, _ = apps.submit(db_session=world.session, user=world["zhang"], payload=payload, idempotency_key="k-retry-001")

    def broken(**_kw):
        raise ParameterError("a parameter file is being edited")

    monkeypatch.setattr(precheck, "run", broken)
    again, replayed = apps.submit(db_session=world.session, user=world["zhang"], payload=payload,
                                  idempotency_key="k-retry-001")
    assert replayed and again.id == first.id
    with pytest.raises(ParameterError):
        apps.submit(db_session=world.session, user=world["zhang"], payload=payload, idempotency_key="k-retry-002")
