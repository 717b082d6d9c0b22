"""Honest dates (issue 13, item 3): the filing date is the server's, a claim names its period and is
evaluated as of it, a late claim goes to a person, a 征求意见稿 or an expired document cannot be
applied for, approved or paid, and an administrator's recorded effective date opens a draft."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import func, select

from jiuye.applications import claims
from jiuye.applications import service as apps
from jiuye.applications.models import Application, Payment
from jiuye.errors import Conflict, InputError
from jiuye.localstd import service as localstd
from jiuye.payments import service as payments
from tests.dbfixtures import (
    auth,
    file_on,
    flexible,
    training,
    without_hz_effective_date,
)

TODAY = date(2026, 12, 6)


def count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def qz_flexible(id_number: str, **extra) -> dict:
    """衢政发〔2023〕12号（五）: 灵活就业的…毕业2年以内高校毕业生…社会保险补贴 — 李四 graduated on 2024-06-30,
    so she is within the two years until 2026-06-30."""
    return {"provision_id": "quzhou_2023_12.wu.flexible_si_subsidy", "case": {"person": {
        "id_number": id_number, "name": "李四", "university_graduate": True, "graduation_date": "2024-06-30",
        "work_adcode": "330802", "residence_adcode": "330802", "hukou_adcode": "330802", "flexible_employed": True,
        "difficulty_certified": False}}, **extra}


# --- the filing date ---------------------------------------------------------------------------

def test_an_application_date_in_the_request_is_refused_naming_the_field(world):
    payload = flexible(world.ids["li"])
    payload["application_date"] = "2025-05-06"
    with pytest.raises(InputError) as exc:
        apps.submit(db_session=world.session, user=world["kecheng"], payload=payload)
    assert exc.value.field == "application_date" and exc.value.message_zh.startswith("申请日期由系统按受理当天自动记录")
    assert count(world.session, Application) == 0


def test_the_api_refuses_backdating_with_422(client, world):
    file_on(TODAY)
    body = training()
    body["application_date"] = "2025-01-01"
    r = client.post("/api/v1/applications", json=body, headers=auth(world["zhang"]))
    assert r.status_code == 422 and "application_date" in r.text and "申请日期由系统" in r.text
    del body["application_date"]
    r = client.post("/api/v1/applications", json=body, headers=auth(world["zhang"]))
    assert r.status_code == 201 and r.json()["application_date"] == TODAY.isoformat()


def test_a_claim_period_that_has_not_begun_is_refused(world):
    file_on(TODAY)
    with pytest.raises(InputError) as exc:
        apps.submit(db_session=world.session, user=world["kecheng"],
                    payload=qz_flexible(world.ids["li"], claim_period_start="2027-01"))
    assert exc.value.field == "claim_period_start"


# --- the period claimed, with the facts of that period -----------------------------------------

def test_a_past_period_is_evaluated_with_the_facts_of_that_period(world):
    # filed on 2026-12-06: for this month 李四 graduated more than 2 years ago (not eligible);
    # for March 2026 she was within the two years (毕业2年以内) and the claim is eligible
    file_on(TODAY)
    now, _ = apps.submit(db_session=world.session, user=world["kecheng"], payload=qz_flexible(world.ids["li"]))
    assert now.status == "not_eligible" and (now.claim_period_start, now.claim_period_end) == (
        date(2026, 12, 1), date(2026, 12, 31))
    march, _ = apps.submit(db_session=world.session, user=world["kecheng"],
                           payload=qz_flexible(world.ids["li"], claim_period_start="2026-03", months=1))
    assert march.engine_outcome in ("eligible", "unknown") and march.status == "pending_review"
    assert march.application_date == TODAY and march.input_snapshot["as_of"] == "2026-03-31"
    assert (march.claim_period_start, march.claim_period_end, march.period_start) == (
        date(2026, 3, 1), date(2026, 3, 31), date(2026, 3, 1))


def test_a_late_claim_where_the_document_is_silent_goes_to_human_review(world):
    # 衢政发〔2023〕12号 says only 按规定 about claiming: a claim for September 2024 filed in December
    # 2026 (its period ended over 12 months ago) is for a caseworker to decide, with the reason
    file_on(TODAY)
    late, _ = apps.submit(db_session=world.session, user=world["kecheng"],
                          payload=qz_flexible(world.ids["li"], claim_period_start="2024-09", months=1))
    assert late.status == "needs_review" and late.input_snapshot["as_of"] == "2024-09-30"
    assert late.review_reason.startswith("逾期申领：所申请期间（2024-09）已结束超过12个月")
    queue, _ = apps.list_applications(db_session=world.session, user=world["kecheng"], status="needs_review")
    assert [a.id for a in queue] == [late.id]
    with pytest.raises(InputError):  # a person decides: rejecting needs a reason, approving re-checks
        apps.reject(db_session=world.session, user=world["kecheng"], application_id=late.id, reason="")
    assert apps.reject(db_session=world.session, user=world["kecheng"], application_id=late.id,
                       reason="逾期未说明理由").status == "rejected"


def test_a_late_claim_where_the_document_has_a_claim_rule_follows_it(world, monkeypatch):
    monkeypatch.setitem(claims.CLAIM_RULES, "quzhou_2023_12", claims.ClaimRule(6, "（测试）期满后6个月内申领"))
    file_on(TODAY)
    with pytest.raises(InputError) as exc:
        apps.submit(db_session=world.session, user=world["kecheng"],
                    payload=qz_flexible(world.ids["li"], claim_period_start="2026-03", months=1))
    assert exc.value.field == "claim_period_start" and "已超过申领期限（2026-09-30前申请" in exc.value.message_zh


def test_the_page_shows_the_period_and_why_a_person_must_review(client, world):
    from tests.dbfixtures import login_cookie

    file_on(TODAY)
    late, _ = apps.submit(db_session=world.session, user=world["kecheng"],
                          payload=qz_flexible(world.ids["li"], claim_period_start="2024-09", months=1))
    login_cookie(client, world["kecheng"])
    page = client.get(f"/applications/{late.id}").text
    assert "待人工复核" in page and "所申请期间" in page and "逾期申领" in page and "late claim" not in page


# --- yearly caps count the year claimed --------------------------------------------------------

def test_the_three_a_year_training_cap_counts_the_year_claimed_not_the_year_filed(world):
    # 杭州征求意见稿（十五）: 原则上每人每年可享受不超过 3 次. Filed on 2026-12-06: three for 2026, and
    # one whose certificate claim is of 2025-12-20 — it counts in 2025, so it is not a fourth
    file_on(TODAY)
    for level, occ, day in ((5, "电工", "2026-03-01"), (4, "焊工", "2026-05-01"), (3, "育婴员", "2026-11-02")):
        a, _ = apps.submit(db_session=world.session, user=world["zhang"],
                           payload=training(level=level, occupation=occ, claim_period_start=day))
        assert a.status == "pending_review" and a.training_year == 2026
    last_year, _ = apps.submit(db_session=world.session, user=world["zhang"],
                               payload=training(level=2, occupation="厨师", claim_period_start="2025-12-20"))
    assert last_year.status == "pending_review" and last_year.training_year == 2025
    fourth, _ = apps.submit(db_session=world.session, user=world["zhang"],
                            payload=training(level=1, occupation="茶艺师", claim_period_start="2026-12-01"))
    assert fourth.status == "not_eligible"


# --- drafts and expired documents ----------------------------------------------------------------

def test_a_draft_without_an_effective_date_cannot_be_applied_for(world):
    without_hz_effective_date(world)
    file_on(TODAY)
    with pytest.raises(InputError) as exc:
        apps.submit(db_session=world.session, user=world["zhang"], payload=training())
    assert exc.value.field == "provision_id" and "征求意见稿，施行日期尚未公布，不能申请" in exc.value.message_zh
    assert count(world.session, Application) == 0


def test_the_api_and_the_form_say_why_a_draft_is_refused(client, world):
    from tests.dbfixtures import login_cookie

    without_hz_effective_date(world)
    file_on(TODAY)
    r = client.post("/api/v1/applications", json=training(), headers=auth(world["zhang"]))
    assert r.status_code == 422 and "征求意见稿" in r.text and "provision_id" in r.text
    login_cookie(client, world["zhang"])  # the application page (/apply) says why, in words
    page = client.get("/applications/new", params={"provision_id": "hz_2022_draft.shiwu.certificate_subsidy"}).text
    assert "征求意见稿，尚未确定施行日期，暂不能申请" in page


def test_an_expired_document_cannot_be_applied_for_even_for_a_period_in_force(world, client):
    # 46号: 执行至 2025年 12月 31日. Filed in 2026 for May 2025: refused; the API answers 422
    file_on(TODAY)
    payload = flexible(world.ids["li"], on="2026-12-06")
    payload["claim_period_start"] = "2025-05"
    with pytest.raises(InputError) as exc:
        apps.submit(db_session=world.session, user=world["kecheng"], payload=payload)
    assert exc.value.field == "provision_id" and "已于2025-12-31到期，不再受理申请" in exc.value.message_zh
    r = client.post("/api/v1/applications", json=payload, headers=auth(world["kecheng"]))
    assert r.status_code == 422 and "不再受理" in r.text


def test_a_claim_filed_in_the_documents_last_month_is_taken_and_one_after_it_is_not(world):
    taken, _ = apps.submit(db_session=world.session, user=world["kecheng"], payload=flexible(world.ids["li"], on="2025-12-20"))
    assert taken.status == "pending_review" and taken.claim_period_start == date(2025, 12, 1)
    with pytest.raises(InputError) as exc:  # filed on 2026-01-02 for January 2026
        apps.submit(db_session=world.session, user=world["kecheng"], payload=flexible(world.ids["li"], on="2026-01-02"))
    assert exc.value.field == "claim_period_start" and "所申请期间不在有效期内" in exc.value.message_zh


def test_a_draft_pending_or_approved_before_is_neither_approved_nor_paid_without_its_date(world):
    # an application taken while an effective date was recorded; the record is then withdrawn
    file_on(TODAY)
    a, _ = apps.submit(db_session=world.session, user=world["zhang"], payload=training())
    b, _ = apps.submit(db_session=world.session, user=world["zhang"], payload=training(level=4, occupation="焊工"))
    apps.approve(db_session=world.session, user=world["shangcheng"], application_id=b.id)
    pay = world.session.scalars(select(Payment).where(Payment.application_id == b.id)).one()
    without_hz_effective_date(world)
    with pytest.raises(Conflict) as exc:
        apps.approve(db_session=world.session, user=world["shangcheng"], application_id=a.id)
    assert exc.value.status == 409 and "不能批准" in exc.value.message_zh and "征求意见稿" in exc.value.message_zh
    with pytest.raises(Conflict) as exc:
        payments.pay(db_session=world.session, user=world["shangcheng2"], payment_id=pay.id,
                     idempotency_key="pay-draft-0001", today=TODAY)
    assert "不能支付" in exc.value.message_zh
    world.session.refresh(pay)
    assert pay.status == "scheduled"


def test_an_expired_period_is_not_paid(world):
    # a monthly 46号 第21条 grant running into 2026 (granted in 2025): the 2026 months are not paid
    a, _ = apps.submit(db_session=world.session, user=world["kecheng"],
                       payload=flexible(world.ids["li"], on="2025-11-03", months=None))
    a = apps.approve(db_session=world.session, user=world["kecheng"], application_id=a.id, months=3, today=date(2025, 11, 4))
    pays = world.session.scalars(select(Payment).where(Payment.application_id == a.id).order_by(Payment.seq)).all()
    in_force = [p for p in pays if p.period_start <= date(2025, 12, 31)]
    after = [p for p in pays if p.period_start > date(2025, 12, 31)]
    assert [p.amount_fen for p in in_force] == [80_000, 80_000] and len(after) == 1  # 2/3 × ¥1,200 = ¥800 a month
    for p in in_force:
        assert payments.pay(db_session=world.session, user=world["kecheng_pay"], payment_id=p.id,
                            idempotency_key=f"pay-46-{p.seq:04d}", today=TODAY)[0].status == "paid"
    for p in after:
        with pytest.raises(Conflict) as exc:
            payments.pay(db_session=world.session, user=world["kecheng_pay"], payment_id=p.id,
                         idempotency_key=f"pay-46-{p.seq:04d}", today=TODAY)
        assert "已于2025-12-31到期" in exc.value.message_zh


# --- an administrator records the draft's effective date -----------------------------------------

def test_a_recorded_effective_date_makes_the_draft_applicable_from_that_date_and_not_before(world):
    without_hz_effective_date(world)
    file_on(TODAY)
    # 杭州征求意见稿（二十三）: 本意见自 2022 年*月*日起施行 — recorded as 2026-09-01 (proposed, then approved
    # by a second administrator)
    lv = localstd.propose(db_session=world.session, user=world["hz_manager"], parameter="hz_2022_draft.effective_date",
                          jurisdiction="330100", valid_from="2026-12-01", value="2026年9月1日",
                          source_document="杭政〔2026〕1号（测试）", source_issuer="杭州市人民政府", source_date="2026-08-20",
                          reason="征求意见稿正式印发，登记施行日期", today=TODAY)
    with pytest.raises(InputError):  # proposed is not yet in force
        apps.submit(db_session=world.session, user=world["zhang"], payload=training())
    localstd.approve(db_session=world.session, user=world["admin"], value_id=lv.id)
    ok, _ = apps.submit(db_session=world.session, user=world["zhang"], payload=training(claim_period_start="2026-09-01"))
    assert ok.status == "pending_review"
    with pytest.raises(InputError) as exc:  # the day before the effective date
        apps.submit(db_session=world.session, user=world["zhang"],
                    payload=training(level=4, occupation="焊工", claim_period_start="2026-08-31"))
    assert exc.value.field == "claim_period_start" and "自2026-09-01起施行" in exc.value.message_zh


def test_the_effective_date_is_a_date_parameter_with_four_eyes(world):
    from jiuye.errors import Forbidden
    from jiuye.params.store import PARAMETERS

    without_hz_effective_date(world)
    names = {m.name: m for m in localstd.maintainable()}
    assert names["hz_2022_draft.effective_date"].unit == "date"
    args = {"parameter": "hz_2022_draft.effective_date", "valid_from": "2026-12-01", "source_document": "杭政〔2026〕1号",
            "source_issuer": "杭州市人民政府", "source_date": "2026-08-20", "reason": "登记施行日期"}
    with pytest.raises(InputError) as exc:
        localstd.check_proposal(user=world["hz_manager"], jurisdiction="330100", value="九月一日", today=TODAY, **args)
    assert exc.value.field == "value"
    with pytest.raises(InputError) as exc:  # a Hangzhou document's date is recorded for Hangzhou
        localstd.check_proposal(user=world["admin"], jurisdiction="330000", value="2026-09-01", today=TODAY, **args)
    assert exc.value.field == "jurisdiction"
    lv = localstd.propose(db_session=world.session, user=world["hz_manager"], jurisdiction="330100",
                          value="2026/9/1", today=TODAY, **args)
    with pytest.raises(Forbidden):
        localstd.approve(db_session=world.session, user=world["hz_manager"], value_id=lv.id)
    localstd.approve(db_session=world.session, user=world["admin"], value_id=lv.id)
    param = PARAMETERS["hz_2022_draft.effective_date"]
    assert localstd.show_value(param, localstd.parse_value(param, lv.value)) == "2026年9月1日"
    from jiuye.catalogue.registry import get_provision
    from jiuye.engine.provision import Status

    p = get_provision("hz_2022_draft.shiwu.certificate_subsidy")
    assert p.status(date(2026, 8, 31), PARAMETERS.snapshot(date(2026, 8, 31))) == Status.NOT_YET_IN_FORCE
    assert p.status(date(2026, 9, 1), PARAMETERS.snapshot(date(2026, 9, 1))) == Status.IN_FORCE


def test_the_application_page_asks_which_month_and_never_the_filing_date(client, world):
    from tests.applications.test_pages import csrf_of
    from tests.dbfixtures import login_cookie

    file_on(TODAY)
    login_cookie(client, world["kecheng"])
    form = client.get("/applications/new", params={"provision_id": "quzhou_2023_12.wu.flexible_si_subsidy"}).text
    assert 'name="claim_period_start"' in form and 'name="application_date"' not in form
    asked = re.search(r'name="asked" value="([^"]*)"', form).group(1)
    data = {"csrf": csrf_of(form), "idempotency_key": "form-claim-0001", "asked": asked,
            "provision_id": "quzhou_2023_12.wu.flexible_si_subsidy", "id_number": world.ids["li"], "name": "李四",
            "person.work_adcode": "330802", "claim_period_start": "2027-01"}
    r = client.post("/apply", data=data)
    assert r.status_code == 422 and "<strong>申请期间</strong>" in r.text and "尚未开始" in r.text
    data["claim_period_start"] = "2026-03"
    r = client.post("/apply", data=data)
    assert r.status_code == 303
    app = world.session.get(Application, int(r.headers["location"].rsplit("/", 1)[1]))
    assert (app.application_date, app.claim_period_start) == (TODAY, date(2026, 3, 1))


def test_the_api_refuses_to_approve_or_pay_a_draft_without_its_date_with_409(client, world):
    # taken and one approved while an effective date was recorded; the record then withdrawn
    file_on(TODAY)
    a, _ = apps.submit(db_session=world.session, user=world["zhang"], payload=training())
    b, _ = apps.submit(db_session=world.session, user=world["zhang"], payload=training(level=4, occupation="焊工"))
    apps.approve(db_session=world.session, user=world["shangcheng"], application_id=b.id)
    pay = world.session.scalars(select(Payment).where(Payment.application_id == b.id)).one()
    without_hz_effective_date(world)
    r = client.post(f"/api/v1/applications/{a.id}/approve", headers=auth(world["shangcheng"]))
    assert r.status_code == 409 and "不能批准" in r.text and "征求意见稿" in r.text
    r = client.post(f"/api/v1/payments/{pay.id}/pay", headers={**auth(world["shangcheng2"]),
                                                             "Idempotency-Key": "api-pay-draft-01"})
    assert r.status_code == 409 and "不能支付" in r.text and "征求意见稿" in r.text


def test_the_parameters_page_records_the_drafts_effective_date(client, world):
    from tests.dbfixtures import login_cookie

    without_hz_effective_date(world)
    login_cookie(client, world["hz_manager"])
    page = client.get("/admin/parameters/new", params={"parameter": "hz_2022_draft.effective_date"}).text
    assert "施行日期（征求意见稿留空）" in page
    csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', page).group(1)
    form = {"csrf": csrf, "parameter": "hz_2022_draft.effective_date", "jurisdiction": "330100",
            "valid_from": "2026-12-01", "source_document": "杭政〔2026〕1号（测试）", "source_issuer": "杭州市人民政府",
            "source_date": "2026-08-20", "reason": "正式印发，登记施行日期"}
    r = client.post("/admin/parameters/new", data={**form, "value": "九月一日"})
    assert r.status_code == 422 and "日期应形如" in r.text
    r = client.post("/admin/parameters/new", data={**form, "value": "2026年9月1日"})
    assert r.status_code == 303
    value_id = int(r.headers["location"].rsplit("-", 1)[1])
    login_cookie(client, world["admin"])
    csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', client.get("/admin/parameters").text).group(1)
    assert client.post(f"/admin/parameters/{value_id}/approve", data={"csrf": csrf}).status_code == 303
    assert "2026年9月1日" in client.get("/admin/parameters").text
    file_on(TODAY)
    ok, _ = apps.submit(db_session=world.session, user=world["zhang"], payload=training(claim_period_start="2026-09-01"))
    assert ok.status == "pending_review"
