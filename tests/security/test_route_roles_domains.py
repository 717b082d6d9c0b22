"""Issue 12, keep it closed: every route of the newer domains — assistance, targets, jobs,
simulation, local standards, campaigns — × every demo role, with the expected status.

The walk runs on the demo database (SQLite and PostgreSQL). Pages are asked with the session
cookie (and, for a form, the user's CSRF token), the API with the bearer token. An anonymous
visitor is sent to the login (303) by a page and answered 401 by the API; a role that may not use
a page at all is 403; an object outside the user's county or city is 404, never 403. A write is
sent without its fields, so a user who may make it gets 422 (or the page again with the error).

``JIUYE_RECORD_ROUTES=file.json`` writes the table of what the app answers (to review a change by hand).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.orm import Session

from jiuye.accounts import service as accounts
from jiuye.accounts.models import User
from jiuye.db.core import get_db_session, session_factory
from jiuye.demo import seed_demo
from jiuye.web.app import create_app
from tests.dbfixtures import new_database

#: the demo users: two applicants, an enterprise, caseworkers of 上城区 (杭州), 柯城区 (衢州) and
#: 越城区 (绍兴), their city managers, the province administrator
ROLES = ("anonymous", "zhangsan", "lisi", "qiye", "shangcheng", "kecheng", "yuecheng", "hz_manager", "qz_manager",
         "sx_manager", "admin")
DOMAINS = ("/assistance", "/api/v1/assistance", "/targets", "/api/v1/targets", "/jobs", "/api/v1/jobs",
           "/simulation", "/admin/parameters", "/api/v1/local-values", "/campaigns")


@pytest.fixture(scope="module", params=("sqlite", "postgresql"))
def demo(request, tmp_path_factory) -> Iterator[tuple[TestClient, Any, dict[str, int]]]:
    engine, cleanup = new_database(request.param, tmp_path_factory)
    factory = session_factory(engine)
    with factory() as s:
        seed_demo(s)
        ids = _objects(s)

    def session() -> Iterator[Session]:
        db = factory()
        try:
            yield db
        finally:
            db.close()

    app = create_app(database=False)
    app.dependency_overrides[get_db_session] = session
    with TestClient(app, follow_redirects=False) as client:
        _job_application(client, factory, ids)
        yield client, factory, ids
    cleanup()


def _objects(s: Session) -> dict[str, int]:
    one = lambda sql: s.execute(text(sql)).scalar()  # noqa: E731
    return {
        "kc_person": one("SELECT min(id) FROM assist_people WHERE county_code = '330802'"),
        "sc_person": one("SELECT min(id) FROM assist_people WHERE county_code = '330102'"),
        "kc_posting": one("SELECT min(id) FROM job_postings WHERE county_code = '330802'"),
        "sc_posting": one("SELECT min(id) FROM job_postings WHERE county_code = '330102'"),
        "campaign": one("SELECT min(id) FROM campaigns WHERE county_code = '330802'"),
        "proposal": one("SELECT min(id) FROM campaign_proposals WHERE county_code = '330802'"),
        "kc_value": one("SELECT min(id) FROM local_values WHERE jurisdiction = '330802'"),
        "qj_value": one("SELECT min(id) FROM local_values WHERE jurisdiction = '330803'"),
    }


def _token(factory: Any, username: str) -> str:
    with factory() as s:
        return accounts.issue_token(s.query(User).filter(User.username == username).one())


def _job_application(client: TestClient, factory: Any, ids: dict[str, int]) -> None:
    """李四 (a registered seeker in 柯城区) applies to a 柯城区 posting: the object of the jobs routes."""
    r = client.post(f"/api/v1/jobs/postings/{ids['kc_posting']}/apply", json={"note": "想应聘"},
                    headers={"Authorization": f"Bearer {_token(factory, 'lisi')}"})
    assert r.status_code == 201, r.text
    ids["job_application"] = r.json()["id"]


#: (method, url template) of every route of the domains, with objects in 柯城区 and 上城区
ROUTES: list[tuple[str, str]] = [
    # 重点群体帮扶 (assistance): 柯城区's and 上城区's people
    ("GET", "/assistance"), ("GET", "/assistance/register"), ("GET", "/assistance/register/new"),
    ("POST", "/assistance/register/new"), ("GET", "/assistance/people/{kc_person}"), ("GET", "/assistance/people/{sc_person}"),
    ("GET", "/assistance/people/{kc_person}/policies"), ("POST", "/assistance/people/{kc_person}/nothing"),
    ("GET", "/assistance/certifications/999999"), ("POST", "/assistance/certifications/999999/nothing"),
    ("GET", "/assistance/me"), ("GET", "/assistance/import"), ("POST", "/assistance/import"),
    ("GET", "/assistance/import/template.xlsx"), ("GET", "/assistance/export.xlsx"), ("GET", "/assistance/rates"),
    ("GET", "/api/v1/assistance/watch"), ("GET", "/api/v1/assistance/figures?period_start=2026-01-01&period_end=2026-06-30"),
    # 指标驾驶舱 (targets): 绍兴's plan, 越城区
    ("GET", "/targets"), ("GET", "/api/v1/targets/sx_2023_28/board"), ("GET", "/targets/sx_2023_28/district/330602"),
    ("POST", "/targets/sx_2023_28/district/330602/entries"),
    ("GET", "/targets/sx_2023_28/district/330602/template.xlsx"), ("GET", "/targets/import"),
    ("POST", "/targets/import"), ("GET", "/targets/sx_2023_28/report"), ("GET", "/targets/sx_2023_28/report.xlsx"),
    # 零工市场 (jobs): postings in 柯城区 and 上城区, 李四's application
    ("GET", "/api/v1/jobs/postings"), ("GET", "/api/v1/jobs/postings/{kc_posting}"),
    ("POST", "/api/v1/jobs/postings"), ("POST", "/api/v1/jobs/postings/{sc_posting}/close"),
    ("GET", "/api/v1/jobs/postings/{kc_posting}/matches"),
    ("GET", "/api/v1/jobs/postings/{sc_posting}/matches"),
    ("POST", "/api/v1/jobs/postings/{sc_posting}/push"),
    ("GET", "/api/v1/jobs/postings/{kc_posting}/pushes"), ("PUT", "/api/v1/jobs/seekers/me"),
    ("POST", "/api/v1/jobs/seekers"), ("GET", "/api/v1/jobs/seekers/me/matches"),
    ("POST", "/api/v1/jobs/postings/{sc_posting}/apply"),
    ("GET", "/api/v1/jobs/applications/{job_application}"),
    ("POST", "/api/v1/jobs/applications/{job_application}/nothing"),
    ("GET", "/api/v1/jobs/notifications"), ("POST", "/api/v1/jobs/notifications/999999/open"),
    ("GET", "/api/v1/jobs/occupations?q=电商"), ("GET", "/api/v1/jobs/vocabulary"),
    ("GET", "/jobs"), ("GET", "/jobs/postings/new"), ("POST", "/jobs/postings/new"), ("GET", "/jobs/_towns?county=330802"),
    ("GET", "/jobs/postings/{kc_posting}"), ("POST", "/jobs/postings/{kc_posting}/nothing"),
    ("GET", "/jobs/register"), ("POST", "/jobs/register"), ("GET", "/jobs/applications/{job_application}"),
    ("POST", "/jobs/applications/{job_application}/nothing"), ("GET", "/jobs/mine"), ("GET", "/jobs/inbox"),
    ("GET", "/jobs/notifications/999999"),
    # 政策仿真 (simulation)
    ("GET", "/simulation"), ("POST", "/simulation/run"), ("GET", "/simulation/runs/nosuchrun"),
    ("GET", "/simulation/runs/nosuchrun/status"), ("GET", "/simulation/runs/nosuchrun/simulation.xlsx"),
    ("GET", "/simulation/budget"),
    # 参数维护 (local standards): 柯城区's value (approved) and 衢江区's (proposed)
    ("GET", "/admin/parameters"), ("GET", "/admin/parameters/new"), ("POST", "/admin/parameters/new"),
    ("POST", "/admin/parameters/{qj_value}/nothing"), ("GET", "/admin/parameters/export"),
    ("POST", "/admin/parameters/import"), ("GET", "/api/v1/local-values"), ("POST", "/api/v1/local-values"),
    ("POST", "/api/v1/local-values/{qj_value}/reject"), ("GET", "/api/v1/local-values/todo"),
    # 免申即享 (campaigns): 柯城区's campaign and its proposal
    ("GET", "/campaigns"), ("POST", "/campaigns"), ("GET", "/campaigns/me"),
    ("POST", "/campaigns/me/{proposal}/nothing"), ("GET", "/campaigns/{campaign}"),
    ("POST", "/campaigns/{campaign}/proposals/{proposal}/nothing"),
    ("POST", "/campaigns/{campaign}/push"),
]


#: form fields sent beside the CSRF token, so that a permitted write is refused (422) and changes nothing
FORMS = {"/simulation/run": {"since": "not-a-date"}}


def ask(client: TestClient, factory: Any, role: str, method: str, url: str) -> int:
    client.cookies.clear()
    if role == "anonymous":
        return client.request(method, url).status_code
    token = _token(factory, role)
    if url.startswith("/api/"):
        body = {} if method in ("POST", "PUT") else None
        return client.request(method, url, json=body, headers={"Authorization": f"Bearer {token}"}).status_code
    client.cookies.set(accounts.COOKIE, token)
    with factory() as s:
        csrf = accounts.csrf_token(s.query(User).filter(User.username == role).one())
    data = {"csrf": csrf, **FORMS.get(url, {})} if method == "POST" else None
    return client.request(method, url, data=data).status_code


def walk(client: TestClient, factory: Any, ids: dict[str, int]) -> dict[str, dict[str, int]]:
    """{"METHOD template": {role: status}} for every route and role."""
    return {f"{m} {t}": {role: ask(client, factory, role, m, t.format(**ids)) for role in ROLES} for m, t in ROUTES}


def test_every_route_of_the_domains_is_in_the_walk(demo):
    """A new route of these domains must join the table (its expected statuses decided)."""
    _, _, ids = demo
    walked = {(m, t.format(**ids).split("?")[0]) for m, t in ROUTES}
    app = create_app(database=False)

    def shape(path: str) -> str:
        return "/".join("{}" if p.startswith("{") else p for p in path.split("/"))

    def of(url: str) -> str:
        return "/".join("{}" if p.isdigit() or p in ("nothing", "nosuchrun", "reject") or p in (
            "sx_2023_28", "330602") else p for p in url.split("/"))

    known = {(m, of(u)) for m, u in walked}
    missing = []
    for r in app.routes:
        path = getattr(r, "path", "")
        if not path.startswith(DOMAINS) or not getattr(r, "methods", None) or "static" in path:
            continue
        for m in r.methods - {"HEAD"}:
            if (m, shape(path)) not in known and (m, path) not in walked:
                missing.append(f"{m} {path}")
    assert not missing, "routes missing from the walk:\n" + "\n".join(sorted(missing))


def test_every_route_and_role_answers_as_expected(demo):
    client, factory, ids = demo
    got = walk(client, factory, ids)
    if os.environ.get("JIUYE_RECORD_ROUTES"):
        Path(os.environ["JIUYE_RECORD_ROUTES"]).write_text(json.dumps(got, ensure_ascii=False, indent=0))
    assert all(s < 500 for by_role in got.values() for s in by_role.values())
    assert set(got) == set(EXPECTED)
    wrong = [f"{route} as {role}: {status}, expected {EXPECTED[route][role]}"
             for route, by_role in got.items() for role, status in by_role.items() if status != EXPECTED[route][role]]
    assert not wrong, "\n".join(wrong)


#: route × role → status (columns in the order of ROLES). Reading notes: an applicant opening the
#: campaigns list is sent to their own proposals (303); 李四 is the 柯城区 register's person (his
#: page sends him to /assistance/me, 303) and the applicant of the jobs application; 张三 is the
#: employer of the 上城区 gig posting; a request missing required fields may be refused (422) before
#: the role is looked at, which tells nothing about any object; writes that would change something
#: for a permitted role come last (the 上城区 posting closed by 张三, then pushed; the campaign pushed).
TABLE = """
# route                                                                       anony zhang  lisi  qiye shang keche yuech hz_ma qz_ma sx_ma admin
GET /assistance                                                                 303   303   303   403   200   200   200   200   200   200   200
GET /assistance/register                                                        303   403   403   403   200   200   200   200   200   200   200
GET /assistance/register/new                                                    303   403   403   403   200   200   200   200   200   200   200
POST /assistance/register/new                                                   303   403   403   403   422   422   422   422   422   422   422
GET /assistance/people/{kc_person}                                              303   404   303   404   404   200   404   404   200   404   200
GET /assistance/people/{sc_person}                                              303   404   404   404   200   404   404   200   404   404   200
GET /assistance/people/{kc_person}/policies                                     303   403   403   403   404   200   404   404   200   404   200
POST /assistance/people/{kc_person}/nothing                                     303   422   422   404   404   422   404   404   422   404   422
GET /assistance/certifications/999999                                           303   404   404   404   404   404   404   404   404   404   404
POST /assistance/certifications/999999/nothing                                  303   404   404   404   404   404   404   404   404   404   404
GET /assistance/me                                                              303   200   200   303   303   303   303   303   303   303   303
GET /assistance/import                                                          303   403   403   403   200   200   200   403   403   403   403
POST /assistance/import                                                         303   403   403   403   422   422   422   403   403   403   403
GET /assistance/import/template.xlsx                                            303   200   200   200   200   200   200   200   200   200   200
GET /assistance/export.xlsx                                                     303   403   403   403   200   200   200   200   200   200   200
GET /assistance/rates                                                           303   403   403   403   200   200   200   200   200   200   200
GET /api/v1/assistance/watch                                                    401   403   403   403   200   200   200   200   200   200   200
GET /api/v1/assistance/figures?period_start=2026-01-01&period_end=2026-06-30    401   403   403   403   200   200   200   200   200   200   200
GET /targets                                                                    303   403   403   403   200   200   200   200   200   200   200
GET /api/v1/targets/sx_2023_28/board                                            401   404   404   404   404   404   200   404   404   200   200
GET /targets/sx_2023_28/district/330602                                         303   404   404   404   404   404   200   404   404   200   200
POST /targets/sx_2023_28/district/330602/entries                                303   404   404   404   404   404   422   404   404   422   422
GET /targets/sx_2023_28/district/330602/template.xlsx                           303   404   404   404   404   404   200   404   404   403   403
GET /targets/import                                                             303   403   403   403   200   200   200   200   200   200   200
POST /targets/import                                                            303   422   422   422   422   422   422   422   422   422   422
GET /targets/sx_2023_28/report                                                  303   404   404   404   404   404   200   404   404   200   200
GET /targets/sx_2023_28/report.xlsx                                             303   404   404   404   404   404   200   404   404   200   200
GET /api/v1/jobs/postings                                                       200   200   200   200   200   200   200   200   200   200   200
GET /api/v1/jobs/postings/{kc_posting}                                          200   200   200   200   200   200   200   200   200   200   200
POST /api/v1/jobs/postings                                                      401   422   422   422   403   403   403   403   403   403   403
POST /api/v1/jobs/postings/{sc_posting}/close                                   401   200   404   404   404   404   404   404   404   404   404
GET /api/v1/jobs/postings/{kc_posting}/matches                                  401   404   404   200   404   200   404   404   200   404   200
GET /api/v1/jobs/postings/{sc_posting}/matches                                  401   200   404   404   200   404   404   200   404   404   200
POST /api/v1/jobs/postings/{sc_posting}/push                                    401   403   403   403   200   404   404   403   403   403   403
GET /api/v1/jobs/postings/{kc_posting}/pushes                                   401   404   404   404   404   200   404   404   200   404   200
PUT /api/v1/jobs/seekers/me                                                     401   422   422   403   403   403   403   403   403   403   403
POST /api/v1/jobs/seekers                                                       401   403   403   403   422   422   422   403   403   403   403
GET /api/v1/jobs/seekers/me/matches                                             401   404   200   404   404   404   404   404   404   404   404
POST /api/v1/jobs/postings/{sc_posting}/apply                                   401   409   404   409   409   409   409   409   409   409   409
GET /api/v1/jobs/applications/{job_application}                                 401   404   200   200   404   200   404   404   200   404   200
POST /api/v1/jobs/applications/{job_application}/nothing                        401   404   422   422   404   422   404   404   422   404   422
GET /api/v1/jobs/notifications                                                  401   200   200   200   200   200   200   200   200   200   200
POST /api/v1/jobs/notifications/999999/open                                     401   404   404   404   404   404   404   404   404   404   404
GET /api/v1/jobs/occupations?q=电商                                               200   200   200   200   200   200   200   200   200   200   200
GET /api/v1/jobs/vocabulary                                                     200   200   200   200   200   200   200   200   200   200   200
GET /jobs                                                                       200   200   200   200   200   200   200   200   200   200   200
GET /jobs/postings/new                                                          303   200   200   200   403   403   403   403   403   403   403
POST /jobs/postings/new                                                         303   422   422   422   403   403   403   403   403   403   403
GET /jobs/_towns?county=330802                                                  200   200   200   200   200   200   200   200   200   200   200
GET /jobs/postings/{kc_posting}                                                 200   200   200   200   200   200   200   200   200   200   200
POST /jobs/postings/{kc_posting}/nothing                                        303   422   422   422   422   422   422   422   422   422   422
GET /jobs/register                                                              303   200   200   403   200   200   200   403   403   403   403
POST /jobs/register                                                             303   422   422   422   422   422   422   422   422   422   422
GET /jobs/applications/{job_application}                                        303   404   200   200   404   200   404   404   200   404   200
POST /jobs/applications/{job_application}/nothing                               303   404   422   422   404   422   404   404   422   404   422
GET /jobs/mine                                                                  303   200   200   200   200   200   200   200   200   200   200
GET /jobs/inbox                                                                 303   200   200   200   200   200   200   200   200   200   200
GET /jobs/notifications/999999                                                  303   404   404   404   404   404   404   404   404   404   404
GET /simulation                                                                 303   403   403   403   200   200   200   200   200   200   200
POST /simulation/run                                                            303   403   403   403   422   422   422   422   422   422   422
GET /simulation/runs/nosuchrun                                                  303   403   403   403   404   404   404   404   404   404   404
GET /simulation/runs/nosuchrun/status                                           303   403   403   403   404   404   404   404   404   404   404
GET /simulation/runs/nosuchrun/simulation.xlsx                                  303   403   403   403   404   404   404   404   404   404   404
GET /simulation/budget                                                          303   403   403   403   200   200   200   200   200   200   200
GET /admin/parameters                                                           303   403   403   403   200   200   200   200   200   200   200
GET /admin/parameters/new                                                       303   403   403   403   200   200   200   200   200   200   200
POST /admin/parameters/new                                                      303   403   403   403   422   422   422   422   422   422   422
POST /admin/parameters/{qj_value}/nothing                                       303   422   422   422   422   422   422   422   422   422   422
GET /admin/parameters/export                                                    303   422   422   422   422   422   422   422   422   422   422
POST /admin/parameters/import                                                   303   403   403   403   422   422   422   422   422   422   422
GET /api/v1/local-values                                                        401   403   403   403   200   200   200   200   200   200   200
POST /api/v1/local-values                                                       401   422   422   422   422   422   422   422   422   422   422
POST /api/v1/local-values/{qj_value}/reject                                     401   403   403   403   404   404   404   404   403   404   422
GET /api/v1/local-values/todo                                                   401   403   403   403   200   200   200   200   200   200   200
GET /campaigns                                                                  303   303   303   303   200   200   200   200   200   200   200
POST /campaigns                                                                 303   403   403   403   303   303   303   422   422   422   422
GET /campaigns/me                                                               303   200   200   200   403   403   403   403   403   403   403
POST /campaigns/me/{proposal}/nothing                                           303   303   303   303   303   303   303   303   303   303   303
GET /campaigns/{campaign}                                                       303   403   403   403   404   200   404   404   200   404   200
POST /campaigns/{campaign}/proposals/{proposal}/nothing                         303   303   303   303   303   303   303   303   303   303   303
POST /campaigns/{campaign}/push                                                 303   403   403   403   404   409   404   404   403   404   403
"""
EXPECTED: dict[str, dict[str, int]] = {
    line[:-len(ROLES) * 6].strip(): dict(zip(ROLES, map(int, line[-len(ROLES) * 6:].split()), strict=True))
    for line in TABLE.strip().splitlines() if not line.startswith("#")}
