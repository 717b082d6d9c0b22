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
    r = c.post("/login", data={"username": "shangcheng", "password": DEMO_PASSWORD, "next": "/applications"})
    assert r.status_code == 303
    queue = c.get("/applications").text
    ids = re.findall(r'href="/applications/(\d+)"', queue)
    assert ids and "待审核" in queue
    training = next(i for i in ids if "证书培训补贴" in re.search(r"<h1>(.*?)</h1>", c.get(f"/applications/{i}").text).group(1))
    page = c.get(f"/applications/{training}").text
    assert "规则引擎的解释" in page and "每人每年可享受不超过 3 次" in page
    csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', page).group(1)
    assert c.post(f"/applications/{training}/approve", data={"csrf": csrf}).status_code == 303
    page = c.get(f"/applications/{training}").text
    assert "已批准" in page and "支付计划" in page and "贰仟元整" in page
    assert c.get("/api/v1/applications", headers={"Authorization": "Bearer x"}).status_code == 401


def test_the_demo_has_a_user_for_every_role(demo_client):
    from jiuye.accounts.models import Role

    assert {u[1] for u in USERS} == {r.value for r in Role}
    for username, *_ in USERS:
        r = demo_client.post("/api/v1/auth/login", json={"username": username, "password": DEMO_PASSWORD})
        assert r.status_code == 200, username
