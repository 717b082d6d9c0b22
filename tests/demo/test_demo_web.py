"""The web app's ``create_app()`` migrates the database and seeds the demo: a caseworker logs in,
reviews a demo application with its explanation, approves it and sees the payment schedule."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from jiuye.demo import DEMO_PASSWORD, USERS
from jiuye.web.app import create_app


@pytest.fixture
def demo_client(tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'demo.sqlite'}")
    monkeypatch.setenv("JIUYE_SEED_DEMO", "1")
    app = create_app()
    assert not getattr(app.state, "db_error", None)
    with TestClient(app, follow_redirects=False) as c:
        yield c


def test_a_caseworker_reviews_and_approves_a_demo_application(demo_client):
    c = demo_client
    r = c.post("/login", data={"username": "kecheng", "password": DEMO_PASSWORD, "next": "/applications"})
    assert r.status_code == 303
    queue = c.get("/applications").text
    ids = re.findall(r'href="/applications/(\d+)"', queue)
    assert ids and "待审核" in queue
    pages = {i: c.get(f"/applications/{i}").text for i in ids}
    startup = next(i for i, t in pages.items()  # 衢州云仓, filed on 2025-06-03 (the server's date then)
                   if "衢州创业带动就业补贴" in re.search(r"<h1>(.*?)</h1>", t).group(1) and "2025-06-03" in t)
    page = c.get(f"/applications/{startup}").text
    # 衢政发〔2023〕12号（七）: 每人每年5000元 × 3 insured hires = ¥15,000 a year
    assert "规则引擎的解释" in page and "每人每年5000元最高5万元" in page and "2025-06-03" in page
    csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', page).group(1)
    assert c.post(f"/applications/{startup}/approve", data={"csrf": csrf}).status_code == 303
    page = c.get(f"/applications/{startup}").text
    assert "已批准" in page and "支付计划" in page and "壹万伍仟元整" in page
    assert c.get("/api/v1/applications", headers={"Authorization": "Bearer x"}).status_code == 401


def test_the_demo_files_no_draft_claim_and_a_draft_cannot_be_applied_for(demo_client):
    # the Hangzhou text is a 征求意见稿 whose effective date (2022年*月*日) is blank; the demo records none
    c = demo_client
    c.post("/login", data={"username": "shangcheng", "password": DEMO_PASSWORD, "next": "/applications"})
    assert not re.findall(r'href="/applications/(\d+)"', c.get("/applications").text)
    token = c.post("/api/v1/auth/login", json={"username": "zhangsan", "password": DEMO_PASSWORD}).json()
    c.cookies.clear()
    headers = {"Authorization": f"Bearer {token['token']}"}
    r = c.post("/api/v1/applications", headers=headers, json={
        "provision_id": "hz_2022_draft.shiwu.certificate_subsidy", "case": {"person": {
            "residence_adcode": "330102", "trained_at_designated": True, "certificate_kind": "vocational",
            "certificate_level": 3, "certificate_occupation": "电工", "certificate_no": "DEMO-3301-000123"}}})
    assert r.status_code == 422 and "征求意见稿" in r.text and "provision_id" in r.text


def test_the_demo_has_a_user_for_every_role(demo_client):
    from jiuye.accounts.models import Role

    assert {u[1] for u in USERS} == {r.value for r in Role}
    for username, *_ in USERS:
        r = demo_client.post("/api/v1/auth/login", json={"username": username, "password": DEMO_PASSWORD})
        assert r.status_code == 200, username
