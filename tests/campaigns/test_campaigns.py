"""免申即享 campaigns on SQLite and PostgreSQL: propose with the ledger subtracted, never twice;
review (exclude with a reason, the sample); push; confirm through the normal approval path to the
payment schedule; 信息有误 into an ordinary application; expiry; numbers; scoping."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError

from jiuye.applications import service as applications
from jiuye.applications.models import Application, Payment
from jiuye.campaigns import service
from jiuye.campaigns.models import Notice, Proposal
from jiuye.errors import Conflict, Forbidden, InputError, InvalidTransition, NotFound
from tests.dbfixtures import flexible, startup_employment

TODAY = date(2026, 1, 15)
QZ_STARTUP = "quzhou_2023_12.qi.startup_employment"


@pytest.fixture
def known(world):
    """The firm (柯城区) applied in 2024 for 衢州创业带动就业补贴 with 3 insured hires; 李四 for 第21条."""
    s = world.session
    # filed on those days (the server's date then): 46号 ended on 2025-12-31, before TODAY
    applications.submit(db_session=s, user=world["kecheng"], payload=startup_employment(world.ids["firm"], on="2024-06-03"))
    applications.submit(db_session=s, user=world["kecheng"], payload=flexible(world.ids["li"], on="2025-05-06"))
    return world


def run(world, **kw):
    return service.create(db_session=world.session, user=world["kecheng"], as_of=TODAY, today=TODAY, seed=7, **kw)


def test_proposes_what_is_owed_once(known):
    c = run(known)
    rows = service.proposals(db_session=known.session, user=known["kecheng"], campaign_id=c.id)
    # 衢政发〔2023〕12号 二（七）: 每人每年5000元 × 3 insured hires = ¥15,000, for the year 2026
    assert [(p.provision_id, p.amount_fen, p.period_key, p.subject_kind) for p in rows] == [
        (QZ_STARTUP, 1_500_000, "2026", "enterprise")]
    assert rows[0].citation.startswith("衢政发〔2023〕12号")
    assert {b["label_zh"]: b["value_zh"] for b in rows[0].basis}["初次创业"] == "是"
    assert c.subjects_evaluated == 2 and c.already_proposed == 0
    again = run(known)  # a rerun proposes nobody twice
    assert service.proposals(db_session=known.session, user=known["kecheng"], campaign_id=again.id) == []
    assert again.already_proposed == 1


def test_the_database_refuses_a_second_proposal(known):
    c = run(known)
    p = service.proposals(db_session=known.session, user=known["kecheng"], campaign_id=c.id)[0]
    row = {k: getattr(p, k) for k in ("county_code", "city_code", "subject_kind", "subject_key", "enterprise_id",
                                      "source_application_id", "provision_id", "period", "period_key", "amount_fen",
                                      "citation", "basis", "status")}
    with pytest.raises(IntegrityError):
        with known.session.begin_nested():
            known.session.execute(insert(Proposal), [{**row, "campaign_id": c.id}])


def test_paid_this_year_is_not_proposed(known):
    s = known.session
    applications.submit(db_session=s, user=known["kecheng"],
                        payload=startup_employment(known.ids["firm"], on="2025-12-01"), today=TODAY)
    assert service.proposals(db_session=s, user=known["kecheng"], campaign_id=run(known).id) == []


def test_review_exclude_sample_push(known):
    s = known.session
    c = run(known)
    p = service.proposals(db_session=s, user=known["kecheng"], campaign_id=c.id)[0]
    assert p.sampled  # fewer than 10: every one is in the sample
    with pytest.raises(InputError) as exc:
        service.exclude(db_session=s, user=known["kecheng"], proposal_id=p.id, reason="  ")
    assert exc.value.field == "reason"
    with pytest.raises(Conflict) as exc:
        service.push(db_session=s, user=known["kecheng"], campaign_id=c.id)
    assert "抽查" in exc.value.message_zh
    with pytest.raises(Forbidden):
        service.push(db_session=s, user=known["qz_manager"], campaign_id=c.id)
    service.mark_reviewed(db_session=s, user=known["kecheng"], proposal_id=p.id)
    service.exclude(db_session=s, user=known["kecheng"], proposal_id=p.id, reason="企业已注销（核实）")
    service.push(db_session=s, user=known["kecheng"], campaign_id=c.id)
    assert s.scalars(select(Notice)).all() == []  # the excluded one is not notified
    with pytest.raises(InvalidTransition):
        service.exclude(db_session=s, user=known["kecheng"], proposal_id=p.id, reason="再次")
    n = service.numbers(db_session=s, user=known["kecheng"], campaign_id=c.id, today=TODAY)
    assert (n[0]["proposed_count"], n[0]["excluded_count"], n[0]["excluded_fen"]) == (1, 1, 1_500_000)


def pushed(world):
    c = run(world)
    for p in service.proposals(db_session=world.session, user=world["kecheng"], campaign_id=c.id):
        service.mark_reviewed(db_session=world.session, user=world["kecheng"], proposal_id=p.id)
    return service.push(db_session=world.session, user=world["kecheng"], campaign_id=c.id)


def test_confirm_reaches_the_payment_schedule(known):
    s = known.session
    c = pushed(known)
    [(p, _)] = service.mine(db_session=s, user=known["firm"])
    assert service.notices(db_session=s, user=known["firm"])[0].text_zh.startswith("您可免申请享受")
    assert service.mine(db_session=s, user=known["li"]) == []
    with pytest.raises(NotFound):  # not hers
        service.confirm(db_session=s, user=known["li"], proposal_id=p.id, today=TODAY)
    service.confirm(db_session=s, user=known["firm"], proposal_id=p.id, today=TODAY)
    p = s.get(Proposal, p.id)
    app = s.get(Application, p.application_id)
    assert (p.status, app.status, app.approved_amount_fen, app.application_date) == (
        "confirmed", "approved", 1_500_000, TODAY)
    pays = s.scalars(select(Payment).where(Payment.application_id == app.id)).all()
    assert sum(x.amount_fen for x in pays) == 1_500_000
    with pytest.raises(InvalidTransition):
        service.confirm(db_session=s, user=known["firm"], proposal_id=p.id, today=TODAY)
    n = service.numbers(db_session=s, user=known["kecheng"], campaign_id=c.id, today=TODAY)
    assert (n[0]["confirmed_count"], n[0]["confirmed_fen"], n[0]["paid_count"]) == (1, 1_500_000, 0)
    from jiuye.payments import service as payments

    payments.pay(db_session=s, user=known["kecheng_pay"], payment_id=pays[0].id, idempotency_key="campaign-pay-1",
                 bank_reference="B1")
    n = service.numbers(db_session=s, user=known["kecheng"], campaign_id=c.id, today=TODAY)
    assert (n[0]["paid_count"], n[0]["paid_fen"]) == (1, 1_500_000)


def test_wrong_information_becomes_an_application_for_review(known):
    s = known.session
    pushed(known)
    [(p, _)] = service.mine(db_session=s, user=known["firm"])
    with pytest.raises(InputError) as exc:
        service.correct(db_session=s, user=known["firm"], proposal_id=p.id, note="", today=TODAY)
    assert exc.value.field == "note"
    service.correct(db_session=s, user=known["firm"], proposal_id=p.id, note="参保员工应为4人", today=TODAY)
    p = s.get(Proposal, p.id)
    app = s.get(Application, p.application_id)
    assert (p.status, app.status) == ("corrected", "pending_review")
    assert "参保员工应为4人" in app.decision_reason


def test_wrong_information_corrected_as_fields(known):
    """The firm says 4 hires, not 3: the application carries the corrected fact and says what changed."""
    s = known.session
    pushed(known)
    [(p, _)] = service.mine(db_session=s, user=known["firm"])
    with pytest.raises(InputError) as exc:
        service.correct(db_session=s, user=known["firm"], proposal_id=p.id, note=None,
                        corrections={"enterprise.insured_hires_12m": "四"}, today=TODAY)
    assert exc.value.field == "enterprise.insured_hires_12m" and "带动就业并参保满1年人数" in exc.value.message_zh
    service.correct(db_session=s, user=known["firm"], proposal_id=p.id, note=None,
                    corrections={"enterprise.insured_hires_12m": "4", "person.first_startup": "true"}, today=TODAY)
    p = s.get(Proposal, p.id)
    app = s.get(Application, p.application_id)
    assert app.input_snapshot["case"]["enterprise"]["insured_hires_12m"] == 4
    assert p.correction_note == "带动就业并参保满1年人数：3 → 4"  # the unchanged 初次创业 is not listed
    assert "带动就业并参保满1年人数：3 → 4" in app.decision_reason


def test_expired_after_the_deadline(known):
    s = known.session
    c = pushed(known)
    [(p, _)] = service.mine(db_session=s, user=known["firm"])
    late = c.deadline + timedelta(days=1)
    with pytest.raises(InvalidTransition) as exc:
        service.confirm(db_session=s, user=known["firm"], proposal_id=p.id, today=late)
    assert exc.value.field == "deadline"
    n = service.numbers(db_session=s, user=known["kecheng"], campaign_id=c.id, today=late)
    assert (n[0]["expired_count"], n[0]["expired_fen"]) == (1, 1_500_000)


def test_scoping(known):
    s = known.session
    c = run(known)
    with pytest.raises(NotFound):
        service.get(db_session=s, user=known["shangcheng"], campaign_id=c.id)
    with pytest.raises(Forbidden):
        service.create(db_session=s, user=known["hz_manager"], county_code="330802", as_of=TODAY, today=TODAY)
    with pytest.raises(Forbidden):
        service.create(db_session=s, user=known["shangcheng"], county_code="330802", as_of=TODAY, today=TODAY)
    other = service.create(db_session=s, user=known["qz_manager"], county_code="330802", as_of=TODAY, today=TODAY)
    assert service.get(db_session=s, user=known["qz_manager"], campaign_id=other.id).county_code == "330802"
    with pytest.raises(InputError) as exc:
        service.create(db_session=s, user=known["kecheng"], as_of=TODAY + timedelta(days=1), today=TODAY)
    assert exc.value.field == "as_of"


def test_sample_rule():
    assert [service.sample_size(n) for n in (3, 10, 100, 199, 200, 1000)] == [3, 10, 10, 10, 10, 50]
