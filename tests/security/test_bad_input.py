"""Bad input answers 422 naming the field, never 500: text longer than its column, control and
bidi characters in names, NUL and lone surrogates anywhere (also the anonymous login), a reason
that is not text, facts that are not an object, Infinity, integers beyond 64 bits."""

from __future__ import annotations

import json

import pytest

from jiuye.accounts import service as accounts
from jiuye.applications import service as apps
from tests.dbfixtures import flexible, training

BIG = str(2**63)


def _h(world, name):
    return {"Authorization": f"Bearer {accounts.issue_token(world[name])}", "Content-Type": "application/json"}


def _refused(r, field=None):
    assert r.status_code == 422, (r.status_code, r.text[:300])
    if field is not None:
        assert r.json()["field"] == field, r.json()


@pytest.mark.parametrize("raw", ['{"username": "a\\u0000b", "password": "x"}',
                                 '{"username": "\\ud800", "password": "x"}',
                                 '{"username": "zhang", "password": "\\udfff"}'])
def test_nul_and_lone_surrogates_in_the_anonymous_login(app_client, world, raw):
    _refused(app_client.post("/api/v1/auth/login", content=raw, headers={"Content-Type": "application/json"}))


def test_nul_in_a_query_or_form(app_client, world):
    h = _h(world, "kecheng")
    _refused(app_client.get("/api/v1/applications?provision_id=a%00b", headers=h))
    _refused(app_client.post("/login", data={"username": "a\x00b", "password": "x"}))


@pytest.mark.parametrize(("path", "value", "field"), [
    (("person", "name"), "张" * 65, "case.person.name"),
    (("person", "certificate_occupation"), "电" * 101, "case.person.certificate_occupation"),
    (("person", "certificate_no"), "C" * 65, "case.person.certificate_no"),
    (("person", "name"), "张\u202e三", "case.person.name"),
    (("person", "name"), "张\x07三", "case.person.name"),
])
def test_text_beyond_its_column_or_with_control_characters(app_client, world, path, value, field):
    payload = training(world.ids["zhang"], on="2026-11-02")
    payload["case"][path[0]][path[1]] = value
    _refused(app_client.post("/api/v1/applications", json=payload, headers=_h(world, "shangcheng")), field)


def test_an_enterprise_name_beyond_its_column(app_client, world):
    from tests.dbfixtures import startup_employment

    payload = startup_employment(world.ids["firm"])
    payload["case"]["enterprise"]["name"] = "企" * 201
    _refused(app_client.post("/api/v1/applications", json=payload, headers=_h(world, "kecheng")),
             "case.enterprise.name")


def test_infinity_and_huge_numbers(app_client, world):
    raw = json.dumps(flexible(world.ids["li"])).replace('"months": 6', '"months": Infinity')
    _refused(app_client.post("/api/v1/applications", content=raw, headers=_h(world, "kecheng")), "months")
    h = _h(world, "kecheng")
    for url in (f"/api/v1/applications/{BIG}", f"/api/v1/applications?offset={BIG}", f"/api/v1/payments?offset={BIG}",
                f"/api/v1/payments?application_id={BIG}", f"/api/v1/audit/events?offset={BIG}",
                f"/api/v1/applications/{BIG}/replay"):
        r = app_client.get(url, headers=h)
        assert r.status_code == 422, (url, r.status_code)
    _refused(app_client.post(f"/api/v1/applications/{BIG}/reject", json={"reason": "x"}, headers=h))
    _refused(app_client.post(f"/api/v1/payments/{BIG}/pay", headers={**h, "Idempotency-Key": "k" * 10}))


def test_a_reason_that_is_not_text_and_facts_that_are_not_an_object(app_client, world):
    a, _ = apps.submit(db_session=world.session, user=world["kecheng"], payload=flexible(world.ids["li"]))
    h = _h(world, "kecheng")
    _refused(app_client.post(f"/api/v1/applications/{a.id}/reject", json={"reason": 123}, headers=h), "reason")
    _refused(app_client.post(f"/api/v1/applications/{a.id}/approve", json={"facts": [1, 2]}, headers=h), "facts")
    _refused(app_client.post(f"/api/v1/applications/{a.id}/approve", json={"reason": {"x": 1}}, headers=h), "reason")
    apps.approve(db_session=world.session, user=world["kecheng"], application_id=a.id)
    pid = app_client.get(f"/api/v1/payments?application_id={a.id}", headers=h).json()["items"][0]["id"]
    _refused(app_client.post(f"/api/v1/payments/{pid}/pay", json={"bank_reference": "B" * 65},
                             headers={**h, "Idempotency-Key": "pay-long-ref-1"}), "bank_reference")
    _refused(app_client.post(f"/api/v1/payments/{pid}/fail", json={"reason": ["x"]},
                             headers={**h, "Idempotency-Key": "pay-bad-reason"}), "reason")
