"""The pages, read as a user reads them: login, the queue with masked IDs, the review screen with
the engine's explanation and clause, approving, the payment schedule, form errors."""

from __future__ import annotations

import re

from jiuye.applications import service as apps
from jiuye.payments import service as payments
from tests.dbfixtures import PASSWORD, flexible, login_cookie, training


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf" value="([0-9a-f]+)"', html).group(1)


def test_login_with_the_form_sets_the_session_cookie(client, world):
    assert "登录" in client.get("/login").text
    r = client.post("/login", data={"username": "t_kecheng", "password": "wrong-password", "next": "/applications"})
    assert r.status_code == 401 and "用户名或密码不正确" in r.text
    r = client.post("/login", data={"username": "t_kecheng", "password": PASSWORD, "next": "/applications"})
    assert r.status_code == 303 and r.headers["location"] == "/applications"
    assert "jiuye_session" in r.cookies or "jiuye_session" in client.cookies
    assert "申请审核队列" in client.get("/applications").text


def test_the_api_login_returns_a_token(client, world):
    r = client.post("/api/v1/auth/login", json={"username": "t_admin", "password": PASSWORD})
    assert r.status_code == 200 and r.json()["user"]["role"] == "province_admin"
    me = client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {r.json()['token']}"})
    assert me.json()["username"] == "t_admin"
    assert client.post("/api/v1/auth/login", json={"username": "t_admin", "password": "nope"}).status_code == 401


def test_the_queue_masks_id_numbers_and_names(client, world):
    apps.submit(db_session=world.session, user=world["kecheng"], payload=flexible(world.ids["li"]))
    login_cookie(client, world["kecheng"])
    html = client.get("/applications").text
    assert world.ids["li"][:6] + "********" + world.ids["li"][-4:] in html
    assert world.ids["li"] not in html and "李*" in html and "李四" not in html
    assert "山区县灵活就业社保补贴" in html


def test_the_queue_filters_by_status(client, world):
    apps.submit(db_session=world.session, user=world["kecheng"], payload=flexible(world.ids["li"]))
    login_cookie(client, world["kecheng"])
    assert "灵活就业" in client.get("/applications?status=pending_review").text
    assert "暂无申请" in client.get("/applications?status=approved").text


def test_a_caseworker_reviews_with_the_explanation_approves_and_sees_the_schedule(client, world):
    a, _ = apps.submit(db_session=world.session, user=world["kecheng"], payload=flexible(world.ids["li"], months=3))
    login_cookie(client, world["kecheng"])
    page = client.get(f"/applications/{a.id}").text
    assert "规则引擎的解释" in page and "三分之二" in page  # the clause of 第21条
    assert "✓" in page and "¥800.00" in page
    r = client.post(f"/applications/{a.id}/approve", data={"csrf": csrf_of(page), "reason": "材料齐全"})
    assert r.status_code == 303
    page = client.get(f"/applications/{a.id}").text
    assert "已批准" in page and "支付计划" in page
    assert page.count("捌佰元整") == 1 + 3  # the approved amount and three instalments
    assert all(d in page for d in ("2025-05-01", "2025-06-01", "2025-07-01"))


def test_an_approval_that_fails_the_re_check_shows_why(client, world):
    a, _ = apps.submit(db_session=world.session, user=world["kecheng"], payload=flexible(world.ids["li"]))
    login_cookie(client, world["kecheng"])
    csrf = csrf_of(client.get(f"/applications/{a.id}").text)
    r = client.post(f"/applications/{a.id}/approve", data={"csrf": csrf, "person.flexible_employed": "false"})
    assert r.status_code == 409 and "复核未通过" in r.text


def test_a_form_without_its_token_is_refused(client, world):
    a, _ = apps.submit(db_session=world.session, user=world["kecheng"], payload=flexible(world.ids["li"]))
    login_cookie(client, world["kecheng"])
    assert client.post(f"/applications/{a.id}/approve", data={}).status_code == 403


def test_the_submission_form_names_the_bad_field(client, world):
    """The caseworker's form (/apply, on behalf of a person): no JSON, the field named in words."""
    login_cookie(client, world["kecheng"])
    form = client.get("/applications/new", params={"provision_id": "quzhou_2023_12.wu.flexible_si_subsidy"}).text
    assert "JSON" not in form and 'name="facts"' not in form
    assert 'name="application_date"' not in form  # the filing date is the server's: never asked
    asked = re.search(r'name="asked" value="([^"]*)"', form).group(1)
    data = {"csrf": csrf_of(form), "idempotency_key": "form-key-000001", "asked": asked,
            "provision_id": "quzhou_2023_12.wu.flexible_si_subsidy", "id_number": "330802199001011230", "name": "王五",
            "person.work_adcode": "330802"}
    r = client.post("/apply", data=data)
    assert r.status_code == 422 and "<strong>申请人身份证号</strong>" in r.text
    data["id_number"] = world.ids["li"]
    r = client.post("/apply", data=data)
    assert r.status_code == 303
    again = client.post("/apply", data=data)  # a double click: the same application
    assert again.headers["location"] == r.headers["location"]


def test_the_applicant_status_page_and_objection(client, world):
    a, _ = apps.submit(db_session=world.session, user=world["zhang"], payload=training(on="2026-11-02"))
    apps.reject(db_session=world.session, user=world["shangcheng"], application_id=a.id, reason="证书待核验")
    login_cookie(client, world["zhang"])
    assert "我的申请" in client.get("/applications").text
    page = client.get(f"/applications/{a.id}").text
    assert "已驳回" in page and "证书待核验" in page and "提出异议" in page
    r = client.post(f"/applications/{a.id}/objection", data={"csrf": csrf_of(page), "reason": "证书真实"})
    assert r.status_code == 303
    assert "异议复核中" in client.get(f"/applications/{a.id}").text


def test_the_payment_page_pays_and_exports(client, world):
    a, _ = apps.submit(db_session=world.session, user=world["kecheng"], payload=flexible(world.ids["li"], months=2))
    apps.approve(db_session=world.session, user=world["kecheng"], application_id=a.id)
    login_cookie(client, world["kecheng_pay"])  # not the approver (审批与支付分离)
    page = client.get("/payments").text
    assert "捌佰元整" in page and "导出 Excel" in page
    pid = payments.list_payments(db_session=world.session, user=world["kecheng"])[0].id
    r = client.post(f"/payments/{pid}/pay", data={"csrf": csrf_of(page), "idempotency_key": "page-pay-00001",
                                                  "bank_reference": "B77"})
    assert r.status_code == 303
    assert "已支付" in client.get("/payments").text
    assert client.get("/payments/export.xlsx").status_code == 200


def test_the_audit_page_verifies_the_chains_for_the_administrator(client, world):
    apps.submit(db_session=world.session, user=world["kecheng"], payload=flexible(world.ids["li"]))
    login_cookie(client, world["admin"])
    page = client.get("/audit?verify=1").text
    assert "审计链完整" in page and "提交申请" in page
    assert world.ids["li"] not in page
    login_cookie(client, world["kecheng"])
    assert client.get("/audit?verify=1").status_code == 403
    assert "提交申请" in client.get("/audit").text
