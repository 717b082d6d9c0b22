"""The simulation pages: form with today's values and clauses, a background run polled until done,
the same figures as the CLI, county scoping, Excel, the budget view; no fen or parameter ids."""

from __future__ import annotations

import json
import re
import time
from io import BytesIO

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from jiuye.accounts.deps import current_user
from jiuye.accounts.models import User
from jiuye.accounts.service import csrf_token
from jiuye.simulation.demo import ensure_demo
from jiuye.simulation.outputs import totals
from jiuye.simulation.present import yuan
from jiuye.simulation.reform import load_reform
from jiuye.simulation.runner import Population, simulate

from .conftest import REFORMS

ADMIN = User(id=9001, username="t_admin", display_name="admin", password_hash="-", role="province_admin",
             session_version=1, active=True)
KECHENG = User(id=9002, username="t_kecheng", display_name="kecheng", password_hash="-", role="county_caseworker",
               county_code="330802", session_version=1, active=True)
APPLICANT = User(id=9003, username="t_zhang", display_name="zhang", password_hash="-", role="applicant",
                 person_id=1, session_version=1, active=True)
PARAMETER_ID = re.compile(r"\b(zj_2022_46|zj_2021_22|quzhou_2023_12|hz_2022_draft)\.[a-z_0-9.]+")


@pytest.fixture(scope="module", autouse=True)
def demo_dir(tmp_path_factory):
    import os

    old = os.environ.get("JIUYE_SIMULATION_DEMO_DIR")
    os.environ["JIUYE_SIMULATION_DEMO_DIR"] = str(tmp_path_factory.mktemp("demo"))
    yield
    if old is None:
        os.environ.pop("JIUYE_SIMULATION_DEMO_DIR", None)
    else:
        os.environ["JIUYE_SIMULATION_DEMO_DIR"] = old


@pytest.fixture(scope="module")
def app():
    from jiuye.web import create_app

    return create_app()


def client_as(app, user: User) -> TestClient:
    app.dependency_overrides[current_user] = lambda: user
    return TestClient(app, raise_server_exceptions=False, follow_redirects=False)


def visible_text(html: str) -> str:
    body = re.sub(r"<script.*?</script>", "", html, flags=re.S)
    body = re.sub(r"<[^>]+>", " ", body)
    return body


def wait_done(c: TestClient, url: str) -> str:
    for _ in range(600):
        r = c.get(url + "/status")
        assert r.status_code == 200
        if "hx-trigger" not in r.text:
            return r.text
        time.sleep(0.2)
    raise AssertionError("the run did not finish")


def test_form_shows_today_values_with_their_clause_and_no_ids(app):
    c = client_as(app, ADMIN)
    r = c.get("/simulation?preset=art24_cap_30000")
    assert r.status_code == 200
    assert "创业带动就业补贴每年最高" in r.text and "20,000元" in r.text
    assert "每年最高 2万元" in r.text  # the clause behind today's value
    assert 'value="30000"' in r.text and 'value="2024-01-01"' in r.text
    assert not PARAMETER_ID.search(visible_text(r.text)) and not PARAMETER_ID.search(r.text)
    assert "fen" not in visible_text(r.text)


def test_bad_input_names_the_field_in_words(app):
    c = client_as(app, ADMIN)
    r = c.post("/simulation/run", data={"csrf": csrf_token(ADMIN), "art24_cap": "三万", "since": "2024-13-01"})
    assert r.status_code == 422
    assert "创业带动就业补贴每年最高：“三万”不是有效的元" in r.text and "调整起始日期" in r.text
    r = c.post("/simulation/run", data={"csrf": "forged", "art24_cap": "30000"})
    assert r.status_code == 403


def test_run_in_background_shows_the_same_figures_as_the_cli(app):
    c = client_as(app, ADMIN)
    r = c.post("/simulation/run", data={"csrf": csrf_token(ADMIN), "name": "第24条3万", "art24_cap": "30000",
                                        "since": "2024-01-01", "years": "2024-2025"})
    assert r.status_code == 303
    url = r.headers["location"]
    first = c.get(url)
    assert first.status_code == 200  # answered while the run goes on (or already done)
    html = wait_done(c, url)
    expected = totals(simulate(load_reform(REFORMS / "art24_cap_30000.yaml"), Population.from_dir(ensure_demo()),
                               [2024, 2025]))
    assert expected["difference_fen"] > 0
    assert "+" + yuan(expected["difference_fen"]) in html
    for y in expected["by_year"]:
        assert yuan(y["baseline_fen"]) in html and yuan(y["reform_fen"]) in html
    assert "浙人社发〔2022〕46号 第24条" in html and "创业带动就业补贴每年最高" in html
    chart = json.loads(re.search(r'id="sim-chart-data">(.*?)</script>', html, re.S).group(1))
    assert chart["categories"] and len(chart["series"]) == 3
    assert not PARAMETER_ID.search(html)
    xlsx = c.get(url + "/simulation.xlsx")
    assert xlsx.status_code == 200
    wb = load_workbook(BytesIO(xlsx.content))
    assert wb["总览"]["D4"].value is not None


def test_a_caseworker_sees_only_the_county(app):
    c = client_as(app, KECHENG)
    r = c.post("/simulation/run", data={"csrf": csrf_token(KECHENG), "art24_cap": "30000", "years": "2025"})
    url = r.headers["location"]
    html = wait_done(c, url)
    assert "柯城区" in html and "龙游县" not in html and "淳安县" not in html
    wb = load_workbook(BytesIO(c.get(url + "/simulation.xlsx").content))
    counties = {row[2] for row in wb["按县"].iter_rows(min_row=2, values_only=True)}
    assert counties <= {"柯城区"}
    assert client_as(app, ADMIN).get(url).status_code == 404  # another user's run is not found


def test_budget_view_and_staff_only(app):
    c = client_as(app, ADMIN)
    r = c.get("/simulation/budget?years=2025")
    assert r.status_code == 200
    html = wait_done(c, re.search(r'hx-get="(/simulation/runs/[^"/]+)/status"', r.text).group(1)) \
        if "hx-get" in r.text else r.text
    expected = totals(simulate(load_reform(REFORMS / "no_change.yaml"), Population.from_dir(ensure_demo()), [2025]))
    assert yuan(expected["baseline_fen"]) in html
    assert "按政策" in html and "浙人社发〔2022〕46号" in html
    assert client_as(app, APPLICANT).get("/simulation").status_code == 403
