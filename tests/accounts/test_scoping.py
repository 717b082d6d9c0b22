"""Jurisdiction: a 柯城区 caseworker gets 404 for a 上城区 application, by URL and by API; lists
and payments are scoped the same way."""

from __future__ import annotations

import pytest

from jiuye.applications import service as apps
from jiuye.errors import NotFound
from jiuye.payments import service as payments
from tests.dbfixtures import auth, flexible, login_cookie, training


@pytest.fixture
def shangcheng_app(world):
    a, _ = apps.submit(db_session=world.session, user=world["zhang"], payload=training(on="2026-11-02"))
    return a


def test_a_kecheng_caseworker_gets_404_for_a_shangcheng_application_by_api(client, world, shangcheng_app):
    r = client.get(f"/api/v1/applications/{shangcheng_app.id}", headers=auth(world["kecheng"]))
    assert r.status_code == 404
    assert r.json()["error"] == "not_found"
    assert client.get(f"/api/v1/applications/{shangcheng_app.id}", headers=auth(world["shangcheng"])).status_code == 200


def test_a_kecheng_caseworker_gets_404_for_a_shangcheng_application_by_url(client, world, shangcheng_app):
    login_cookie(client, world["kecheng"])
    r = client.get(f"/applications/{shangcheng_app.id}")
    assert r.status_code == 404
    assert "未找到申请" in r.text and "张" not in r.text
    login_cookie(client, world["shangcheng"])
    assert client.get(f"/applications/{shangcheng_app.id}").status_code == 200


def test_writes_to_another_countys_application_are_404_too(client, world, shangcheng_app):
    for action in ("approve", "reject", "reveal-id"):
        r = client.post(f"/api/v1/applications/{shangcheng_app.id}/{action}", json={"reason": "x"},
                        headers=auth(world["kecheng"]))
        assert r.status_code == 404, action
    world.session.refresh(shangcheng_app)
    assert shangcheng_app.status == "pending_review"


def test_lists_show_only_the_users_jurisdiction(world, shangcheng_app):
    kecheng_app, _ = apps.submit(db_session=world.session, user=world["kecheng"], payload=flexible(world.ids["li"]))

    def ids(user):
        return {a.id for a in apps.list_applications(db_session=world.session, user=world[user])[0]}

    assert ids("kecheng") == {kecheng_app.id}
    assert ids("shangcheng") == {shangcheng_app.id}
    assert ids("qz_manager") == {kecheng_app.id}
    assert ids("hz_manager") == {shangcheng_app.id}
    assert ids("admin") == {kecheng_app.id, shangcheng_app.id}
    assert ids("zhang") == {shangcheng_app.id}
    assert ids("li") == {kecheng_app.id}
    assert ids("firm") == set()


def test_applicants_see_only_their_own(world, shangcheng_app):
    with pytest.raises(NotFound):
        apps.get(db_session=world.session, user=world["li"], application_id=shangcheng_app.id)
    assert apps.get(db_session=world.session, user=world["zhang"], application_id=shangcheng_app.id)


def test_payments_are_scoped_and_paid_only_by_the_countys_caseworker(client, world):
    a, _ = apps.submit(db_session=world.session, user=world["kecheng"], payload=flexible(world.ids["li"]))
    apps.approve(db_session=world.session, user=world["kecheng"], application_id=a.id)
    assert payments.list_payments(db_session=world.session, user=world["shangcheng"]) == []
    assert len(payments.list_payments(db_session=world.session, user=world["li"])) == 6
    pid = payments.list_payments(db_session=world.session, user=world["kecheng"])[0].id
    r = client.post(f"/api/v1/payments/{pid}/pay", headers={**auth(world["shangcheng"]), "Idempotency-Key": "pay-x-0001"})
    assert r.status_code == 404
    r = client.post(f"/api/v1/payments/{pid}/pay", headers={**auth(world["qz_manager"]), "Idempotency-Key": "pay-x-0002"})
    assert r.status_code == 403


def test_the_api_needs_a_login(client, shangcheng_app):
    assert client.get("/api/v1/applications").status_code == 401
    r = client.get("/applications")
    assert r.status_code == 303 and r.headers["location"].startswith("/login")
