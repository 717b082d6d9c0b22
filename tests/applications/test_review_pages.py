"""The caseworker's and the manager's pages: rejecting needs a reason in the browser too (驳回理由),
a one-time entitlement reads 一次性, managers see an overview (by status, amounts, overdue)."""

from __future__ import annotations

import re

from jiuye.applications import service as apps
from jiuye.payments import service as payments
from tests.dbfixtures import flexible, login_cookie, person_id_number, training


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf" value="([0-9a-f]+)"', html).group(1)


def test_reject_without_a_reason_is_refused_naming_the_field(client, world):
    a, _ = apps.submit(db_session=world.session, user=world["kecheng"], payload=flexible(world.ids["li"]))
    login_cookie(client, world["kecheng"])
    page = client.get(f"/applications/{a.id}").text
    r = client.post(f"/applications/{a.id}/reject", data={"csrf": csrf_of(page), "reason": "   "})
    assert r.status_code == 422
    assert "驳回理由：请填写驳回理由" in r.text and "<code>reason</code>" not in r.text
    assert apps.get(db_session=world.session, user=world["kecheng"], application_id=a.id).status == "pending_review"
    r = client.post(f"/applications/{a.id}/reject", data={"csrf": csrf_of(page), "reason": "社保缴费记录不符"})
    assert r.status_code == 303
    assert "社保缴费记录不符" in client.get(f"/applications/{a.id}").text


def test_the_api_refuses_a_reject_without_a_reason(client, world):
    from tests.dbfixtures import auth

    a, _ = apps.submit(db_session=world.session, user=world["kecheng"], payload=flexible(world.ids["li"]))
    r = client.post(f"/api/v1/applications/{a.id}/reject", json={}, headers=auth(world["kecheng"]))
    assert r.status_code == 422 and r.json()["field"] == "reason"


def test_a_one_time_entitlement_reads_one_time_not_months(client, world):
    # 杭州征求意见稿（十五）: 取得高级工（三级）证书 ¥2,000, paid once
    a, _ = apps.submit(db_session=world.session, user=world["zhang"], payload=training(on="2026-11-02"))
    apps.approve(db_session=world.session, user=world["shangcheng"], application_id=a.id)
    login_cookie(client, world["shangcheng"])
    page = client.get(f"/applications/{a.id}").text
    entitlement = re.search(r'<p class="entitlement">(.*?)</p>', page, re.S).group(1)
    assert "¥2,000.00，一次性" in entitlement and "个月" not in entitlement
    assert "0 个月" not in page
    listing = client.get("/payments").text
    assert "一次性" in listing and "（0 个月）" not in listing


def test_a_manager_lands_on_an_overview_of_counts_amounts_and_overdue(client, world):
    a, _ = apps.submit(db_session=world.session, user=world["kecheng"], payload=flexible(world.ids["li"], months=3))
    apps.approve(db_session=world.session, user=world["kecheng"], application_id=a.id)
    first = payments.list_payments(db_session=world.session, user=world["kecheng"], application_id=a.id)[0]
    payments.pay(db_session=world.session, user=world["kecheng_pay"], payment_id=first.id, idempotency_key="ov-pay-01")
    apps.submit(db_session=world.session, user=world["kecheng"],
                payload=flexible(person_id_number("330802", 7), on="2025-05-07"))
    login_cookie(client, world["qz_manager"])
    page = client.get("/applications").text
    assert "申请总览" in page and "各县（市、区）" in page and "柯城区" in page
    tiles = re.findall(r'<a class="tile[^"]*" href="([^"]+)">(.*?)</a>', page, re.S)
    text = {href: re.sub(r"<[^>]+>", " ", body) for href, body in tiles}
    # approved: the approved amount is the entitlement's ¥800 a month
    assert "1 件" in text["/applications?status=approved"] and "¥800.00" in text["/applications?status=approved"]
    assert "1 件" in text["/applications?status=pending_review"]
    # the two unpaid months of 2025 are overdue: 2 × ¥800 = ¥1,600
    assert "2 笔" in text["/payments?overdue=1"] and "¥1,600.00" in text["/payments?overdue=1"]
    assert "1 笔" in text["/payments?status=paid"] and "¥800.00" in text["/payments?status=paid"]
    # another city's manager sees none of it
    login_cookie(client, world["hz_manager"])
    page = client.get("/applications").text
    assert "申请总览" in page and "柯城区" not in page


def _two_claims(world):
    """李四's 第21条 claim of 2025-05-06 (graduated 2024-06-30), then one stating 2023-06-30."""
    first, _ = apps.submit(db_session=world.session, user=world["kecheng"], payload=flexible(world.ids["li"]))
    second, _ = apps.submit(db_session=world.session, user=world["kecheng"],
                            payload=flexible(world.ids["li"], on="2025-11-06", graduation_date="2023-06-30"))
    return first, second


def test_the_review_shows_claimed_facts_in_words_and_units_beside_the_explanation(client, world):
    from jiuye.applications import evidence
    from tests.applications.test_evidence import PDF

    _, second = _two_claims(world)
    evidence.add(db_session=world.session, user=world["kecheng"], application_id=second.id,
                 uploads=[evidence.check_upload("毕业证书.pdf", PDF)])
    login_cookie(client, world["kecheng"])
    page = client.get(f"/applications/{second.id}").text
    claimed = re.search(r'<table class="claimed">(.*?)</table>', page, re.S).group(1)
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", claimed))
    # 缴费基数 ¥6,000 and 实际缴费 ¥1,200 a month, stored as fen, read in 元
    assert "6000.00 元" in text and "1200.00 元" in text and "毕业日期 2023-06-30" in text
    assert "就业地 柯城区" in text or "柯城区" in text
    for internal in ("600000", "si_base_monthly_fen", "person.", "{", "330802", "true"):
        assert internal not in text, internal
    assert "规则引擎的解释" in page and "三分之二" in page
    assert "毕业证书.pdf" in page and "证明材料" in page
    assert "<code>" not in page


def test_a_claim_that_differs_from_an_earlier_application_is_highlighted(client, world):
    first, second = _two_claims(world)
    login_cookie(client, world["kecheng"])
    page = client.get(f"/applications/{second.id}").text
    row = re.search(r'<tr class="differs">\s*<th scope="row">毕业日期</th>(.*?)</tr>', page, re.S)
    assert row is not None
    note = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row.group(1)))
    assert f"第{first.id}号申请（2025-05-06" in note and "填报为：2024-06-30" in note
    assert "与已有记录不一致 1 项" in page
    assert "同一待遇" in page  # the earlier 第21条 claim is listed among the subject's records
    # the first claim agrees with nothing different except the date: its own page flags the same fact
    assert "与已有记录不一致 1 项" in client.get(f"/applications/{first.id}").text
    # another county's caseworker does not see the person's applications at all
    login_cookie(client, world["shangcheng"])
    assert client.get(f"/applications/{second.id}").status_code == 404


def test_a_correction_in_the_guided_fields_is_audited_with_before_and_after(client, world):
    import json

    from jiuye.audit.models import AuditEvent

    _, second = _two_claims(world)
    login_cookie(client, world["kecheng"])
    page = client.get(f"/applications/{second.id}").text
    assert 'name="person.graduation_date" type="date"' in page and 'name="facts"' not in page
    r = client.post(f"/applications/{second.id}/approve",
                    data={"csrf": csrf_of(page), "person.graduation_date": "2024-06-30",
                          "person.si_base_monthly_fen": "6,000.00"})  # unchanged, written with a comma
    assert r.status_code == 303
    event = world.session.query(AuditEvent).filter_by(action="application.approved",
                                                      object_id=str(second.id)).one()
    assert json.loads(event.details)["corrections"] == [
        {"fact": "person.graduation_date", "before": "2023-06-30", "after": "2024-06-30"}]
    page = client.get(f"/applications/{second.id}").text
    fixes = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page.split("补正记录", 1)[1].split("办理记录", 1)[0]))
    assert "毕业日期 2023-06-30 2024-06-30" in fixes


def test_a_bad_correction_is_refused_naming_the_fact(client, world):
    _, second = _two_claims(world)
    login_cookie(client, world["kecheng"])
    page = client.get(f"/applications/{second.id}").text
    r = client.post(f"/applications/{second.id}/approve",
                    data={"csrf": csrf_of(page), "person.si_paid_monthly_fen": "一千二"})
    assert r.status_code == 422 and "本人每月缴纳社保费（元）：请输入数字" in r.text.split('class="error-summary"', 1)[1][:400]
    assert apps.get(db_session=world.session, user=world["kecheng"], application_id=second.id).status == "pending_review"


def test_the_service_keeps_each_correction_with_its_value_before_and_after(world):
    import json

    from jiuye.audit.models import AuditEvent

    _, second = _two_claims(world)
    apps.approve(db_session=world.session, user=world["kecheng"], application_id=second.id,
                 facts={"person": {"graduation_date": "2024-06-30", "si_paid_monthly_fen": 120_000}})
    event = world.session.query(AuditEvent).filter_by(action="application.approved",
                                                      object_id=str(second.id)).one()
    # only what changed: the payment of ¥1,200 a month was already claimed
    assert json.loads(event.details)["corrections"] == [
        {"fact": "person.graduation_date", "before": "2023-06-30", "after": "2024-06-30"}]


def test_a_claim_that_differs_from_the_key_group_register_is_highlighted(client, world):
    from datetime import date

    from jiuye.assistance.models import GroupSpell, RegisterPerson

    rp = RegisterPerson(id_number=world.ids["li"], name="李四", gender="F", birth_date=date(1990, 3, 3),
                        county_code="330802", city_code="330800", entered_on=date(2025, 1, 2))
    world.session.add(rp)
    world.session.flush()
    world.session.add(GroupSpell(register_id=rp.id, group_code="registered_unemployed", start_date=date(2025, 1, 2),
                                 source="register"))
    world.session.commit()
    # the claim says "not registered unemployed" for May 2025, and the right birth date
    a, _ = apps.submit(db_session=world.session, user=world["kecheng"],
                       payload=flexible(world.ids["li"], registered_unemployed=False, birth_date="1990-03-03"))
    login_cookie(client, world["kecheng"])
    page = client.get(f"/applications/{a.id}").text
    row = re.search(r'<tr class="differs">\s*<th scope="row">登记失业</th>(.*?)</tr>', page, re.S)
    assert row is not None
    assert "重点群体台账记为：是" in re.sub(r"\s+", "", re.sub(r"<[^>]+>", "", row.group(1)))
    assert '<tr class="differs">\n      <th scope="row">出生日期</th>' not in page  # the same date: no flag
    assert "与已有记录不一致 1 项" in page


def test_the_review_reads_in_english_when_asked(client, world):
    _, second = _two_claims(world)
    login_cookie(client, world["kecheng"])
    client.cookies.set("lang", "en")
    page = client.get(f"/applications/{second.id}").text
    claimed = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", re.search(r'<table class="claimed">(.*?)</table>', page,
                                                                      re.S).group(1)))
    assert "graduation date 2023-06-30" in claimed and "(yuan" in claimed and "fen" not in claimed
    assert "What was claimed" in page and "Differs from records 1" in page and "stated: 2024-06-30" in claimed
    assert "申报的情况" not in page and "毕业日期" not in claimed
