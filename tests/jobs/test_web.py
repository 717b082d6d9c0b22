"""The API and the pages over HTTP (SQLite and PostgreSQL): search, post (refused below the minimum
wage), register, apply, accept, hire, what the hire may bring, push and opens."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from jiuye.accounts.service import csrf_token
from jiuye.db.core import get_db_session
from jiuye.jobs import service
from jiuye.web.app import create_app

from .conftest import START, auth, login_cookie, posting_payload, seeker_payload


@pytest.fixture
def client(db_session, world):
    app = create_app(database=False)
    app.dependency_overrides[get_db_session] = lambda: db_session
    with TestClient(app, follow_redirects=False) as c:
        yield c


def test_api_search_finds_chinese_terms_and_filters_by_county(client, world):
    r = client.post("/api/v1/jobs/postings", json=posting_payload(), headers=auth(world["firm"]))
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["pay_text_zh"] == "¥25.00/小时" and "电话" in body["contact_zh"] and not re.search(r"1[3-9]\d{9}", str(body))
    pid = body["id"]
    for q in ("电商", "打包发货", "理货员"):
        found = client.get("/api/v1/jobs/postings", params={"q": q, "county": "330802"}).json()
        assert [i["id"] for i in found["items"]] == [pid], q
    assert client.get("/api/v1/jobs/postings", params={"q": "电商", "county": "330102"}).json()["total"] == 0
    r = client.get("/api/v1/jobs/postings", params={"county": "999999"})
    assert r.status_code == 422 and r.json()["field"] == "county"


def test_api_refuses_pay_below_the_minimum_wage_naming_the_field(client, world):
    r = client.post("/api/v1/jobs/postings", json=posting_payload(pay_kind="daily", pay_yuan="90"),
                    headers=auth(world["firm"]))
    assert r.status_code == 422
    body = r.json()
    assert body["field"] == "pay_yuan" and "低于最低工资" in body["message_zh"] and "100.23" in body["message_zh"]
    assert client.post("/api/v1/jobs/postings", json=posting_payload()).status_code == 401


def test_the_whole_flow_over_the_api(client, world):
    pid = client.post("/api/v1/jobs/postings", json=posting_payload(), headers=auth(world["firm"])).json()["id"]
    r = client.put("/api/v1/jobs/seekers/me", json=seeker_payload(key_group="graduate", key_group_consent=True),
                   headers=auth(world["li"]))
    assert r.status_code == 200, r.text
    matches = client.get("/api/v1/jobs/seekers/me/matches", headers=auth(world["li"])).json()
    assert matches[0]["posting"]["id"] == pid and matches[0]["reasons_zh"][0] == "技能匹配 3/4"
    aid = client.post(f"/api/v1/jobs/postings/{pid}/apply", json={"note": "可以"}, headers=auth(world["li"])).json()["id"]
    assert client.post(f"/api/v1/jobs/applications/{aid}/hire", headers=auth(world["firm"])).status_code == 409
    assert client.post(f"/api/v1/jobs/applications/{aid}/accept", headers=auth(world["firm"])).status_code == 200
    r = client.post(f"/api/v1/jobs/applications/{aid}/hire", json={"start": START.isoformat()},
                    headers=auth(world["firm"]))
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["status"] == "hired" and body["hire"]["start_date"] == START.isoformat()
    worker = {b["provision_id"] for b in body["benefits"]["worker"]}
    # a graduate in flexible employment in 衢州: Quzhou （五） flexible-employment social insurance subsidy
    assert "quzhou_2023_12.wu.flexible_si_subsidy" in worker
    assert all(b["apply"].startswith("/applications/new") for b in body["benefits"]["worker"])
    assert "employer" in body["benefits"]
    # another county's caseworker: not found
    assert client.get(f"/api/v1/jobs/applications/{aid}", headers=auth(world["shangcheng"])).status_code == 404


def test_push_reaches_matching_seekers_once_and_records_opens(client, world):
    pid = client.post("/api/v1/jobs/postings", json=posting_payload(), headers=auth(world["firm"])).json()["id"]
    client.put("/api/v1/jobs/seekers/me", json=seeker_payload(), headers=auth(world["li"]))
    client.put("/api/v1/jobs/seekers/me", json=seeker_payload(skills=["烹饪"], occupations=[], county_code="330102",
                                                            town_code=None), headers=auth(world["zhang"]))
    assert client.post(f"/api/v1/jobs/postings/{pid}/push", json={}, headers=auth(world["li"])).status_code == 403
    assert client.post(f"/api/v1/jobs/postings/{pid}/push", json={},
                       headers=auth(world["shangcheng"])).status_code == 404
    r = client.post(f"/api/v1/jobs/postings/{pid}/push", json={"min_score": 50}, headers=auth(world["kecheng"]))
    assert r.json()["matched"] == 1 and r.json()["new"] == 1
    again = client.post(f"/api/v1/jobs/postings/{pid}/push", json={"min_score": 50}, headers=auth(world["kecheng"]))
    assert again.json()["new"] == 0
    assert client.get("/api/v1/jobs/notifications", headers=auth(world["zhang"])).json() == []
    inbox = client.get("/api/v1/jobs/notifications", headers=auth(world["li"])).json()
    assert len(inbox) == 1 and inbox[0]["opened_at"] is None and "技能匹配 3/4" in inbox[0]["body"]
    report = client.get(f"/api/v1/jobs/postings/{pid}/pushes", headers=auth(world["kecheng"])).json()
    assert report[0]["opened_at"] is None and report[0]["seeker"]["name"] == "l*"
    login_cookie(client, world["li"])
    r = client.get(f"/jobs/notifications/{inbox[0]['id']}")
    assert r.status_code == 303 and r.headers["location"] == f"/jobs/postings/{pid}"
    report = client.get(f"/api/v1/jobs/postings/{pid}/pushes", headers=auth(world["kecheng"])).json()
    assert report[0]["opened_at"] is not None


def _csrf(user):
    return csrf_token(user)


def test_pages_post_refuse_register_apply_hire(client, world):
    login_cookie(client, world["firm"])
    assert client.get("/jobs/postings/new").status_code == 200
    form = {**posting_payload(pay_kind="monthly", pay_yuan="2000"), "occupation": "4-02-06-02 理货员",
            "csrf": _csrf(world["firm"])}
    form["skills"] = posting_payload()["skills"]
    r = client.post("/jobs/postings/new", data=form)
    assert r.status_code == 422 and "低于最低工资" in r.text and "柯城区" in r.text
    form.update(pay_kind="hourly", pay_yuan="25")
    r = client.post("/jobs/postings/new", data=form)
    assert r.status_code == 303
    pid = int(re.search(r"/jobs/postings/(\d+)", r.headers["location"]).group(1))
    page = client.get(f"/jobs/postings/{pid}")
    assert page.status_code == 200 and "电商仓库打包员" in page.text and "最低工资" in page.text

    login_cookie(client, world["li"])
    r = client.post("/jobs/register", data={**seeker_payload(), "occupation": "4-02-06-02 理货员",
                                           "csrf": _csrf(world["li"])})
    assert r.status_code == 303, r.text
    market = client.get("/jobs", params={"q": "电商"})
    assert "为您推荐" in market.text and "技能匹配 3/4" in market.text and "<mark>电商</mark>" in market.text
    r = client.post(f"/jobs/postings/{pid}/apply", data={"note": "", "csrf": _csrf(world["li"])})
    assert r.status_code == 303
    aid = int(r.headers["location"].rsplit("/", 1)[1])

    login_cookie(client, world["firm"])
    assert client.post(f"/jobs/applications/{aid}/accept", data={"csrf": _csrf(world["firm"])}).status_code == 303
    r = client.post(f"/jobs/applications/{aid}/hire", data={"start": START.isoformat(), "csrf": _csrf(world["firm"])})
    assert r.status_code == 303
    page = client.get(f"/jobs/applications/{aid}")
    assert "已入职" in page.text and "用人单位可能可享受" in page.text and "劳动者可能可享受" in page.text
    assert service.placements_count(world.session, "330802", START, START) == 1


def test_forms_need_their_token(client, world):
    login_cookie(client, world["firm"])
    r = client.post("/jobs/postings/new", data=posting_payload())
    assert r.status_code == 403


def test_the_apply_link_of_a_benefit_preselects_it(client, world):
    login_cookie(client, world["li"])
    page = client.get("/applications/new", params={"provision_id": "quzhou_2023_12.wu.flexible_si_subsidy"})
    assert page.status_code == 200
    assert re.search(r'<option value="quzhou_2023_12.wu.flexible_si_subsidy"\s+selected', page.text)


def test_pages_switch_to_english(client, world):
    client.cookies.set("lang", "en")
    page = client.get("/jobs")
    assert page.status_code == 200 and "Gig market" in page.text and "Latest postings" in page.text
    login_cookie(client, world["firm"])
    form = client.get("/jobs/postings/new")
    assert form.status_code == 200 and "Post a job" in form.text and "People needed" in form.text
