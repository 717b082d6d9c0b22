"""The pages: kecheng runs a campaign, a reason is required to exclude, the sample before the push;
the enterprise confirms on /campaigns/me. No ids, codes or fen on the pages."""

from __future__ import annotations

import re

import pytest

from jiuye.applications import service as applications
from tests.assistance.conftest import login
from tests.dbfixtures import startup_employment

MASKED_ID = re.compile(r"\d{6}\*{8}[0-9X]{4}")
INTERNALS = re.compile(r"quzhou_2023_12|_fen\b|provision_id|\b3308\d\d\b|\{\"")


@pytest.fixture
def web(db_session, world):
    from fastapi.testclient import TestClient

    from jiuye.db.core import get_db_session
    from jiuye.web.app import create_app

    app = create_app(database=False)
    app.dependency_overrides[get_db_session] = lambda: db_session
    with TestClient(app, follow_redirects=False) as c:
        yield c


def clean(html: str) -> str:
    body = html.split("<main", 1)[-1]
    shown = re.sub(r'(value|action|href|id|for|name)="[^"]*"', "", body)
    shown = MASKED_ID.sub("", shown)  # a masked 身份证号 keeps its first six digits by design
    assert not INTERNALS.search(shown), INTERNALS.search(shown)
    return body


def test_run_review_push_and_confirm(web, world):
    applications.submit(db_session=world.session, user=world["kecheng"],
                        payload=startup_employment(world.ids["firm"], on="2024-06-03"))  # filed then
    csrf = login(web, world["kecheng"])
    page = clean(web.get("/campaigns").text)
    assert "衢州创业带动就业补贴" in page and "开始比对" in page
    r = web.post("/campaigns", data={"csrf": csrf})
    assert r.status_code == 303
    url = r.headers["location"]
    page = clean(web.get(url).text)
    assert "¥15,000.00" in page and "衢政发〔2023〕12号" in page and "还有" in page
    pid = re.search(r'/proposals/(\d+)/exclude', page).group(1)
    r = web.post(f"{url}/proposals/{pid}/exclude", data={"csrf": csrf, "reason": ""})
    assert r.status_code == 422 and "排除理由：请填写排除理由" in r.text
    r = web.post(f"{url}/push", data={"csrf": csrf})
    assert r.status_code == 409 and "抽查" in r.text
    assert web.post(f"{url}/proposals/{pid}/review", data={"csrf": csrf}).status_code == 303
    assert web.post(f"{url}/push", data={"csrf": csrf}).status_code == 303
    assert "已推送" in web.get(url).text

    csrf = login(web, world["firm"])
    assert web.get("/campaigns").headers["location"] == "/campaigns/me"
    page = clean(web.get("/campaigns/me").text)
    assert "¥15,000.00" in page and "初次创业：是" in page and "您可免申请享受" in page
    r = web.post(f"/campaigns/me/{pid}/correct", data={"csrf": csrf, "note": ""})
    assert r.status_code == 422 and "有误的信息" in r.text
    assert web.post(f"/campaigns/me/{pid}/confirm", data={"csrf": csrf}).status_code == 303
    assert "已确认" in clean(web.get("/campaigns/me").text)

    login(web, world["kecheng"])
    assert "已确认" in web.get(url).text
    login(web, world["shangcheng"])
    assert web.get(url).status_code == 404


def test_english(web, world):
    login(web, world["kecheng"])
    web.get("/lang/en?next=/campaigns")
    page = clean(web.get("/campaigns").text)
    assert "Run a campaign" in page and "开始比对" not in page


def test_wrong_information_from_the_page(web, world):
    from jiuye.campaigns import service

    applications.submit(db_session=world.session, user=world["kecheng"],
                        payload=startup_employment(world.ids["firm"], on="2024-06-03"))  # filed then
    c = service.create(db_session=world.session, user=world["kecheng"], seed=3)
    for p in service.proposals(db_session=world.session, user=world["kecheng"], campaign_id=c.id):
        service.mark_reviewed(db_session=world.session, user=world["kecheng"], proposal_id=p.id)
    service.push(db_session=world.session, user=world["kecheng"], campaign_id=c.id)
    [(p, _)] = service.mine(db_session=world.session, user=world["firm"])
    csrf = login(web, world["firm"])
    page = clean(web.get("/campaigns/me").text)
    assert "带动就业并参保满1年人数" in page and 'value="3"' in web.get("/campaigns/me").text
    r = web.post(f"/campaigns/me/{p.id}/correct", data={"csrf": csrf, "enterprise.insured_hires_12m": "-1"})
    assert r.status_code == 422 and "带动就业并参保满1年人数：请输入不小于0的整数" in r.text
    r = web.post(f"/campaigns/me/{p.id}/correct", data={"csrf": csrf, "note": "参保员工应为4人",
                                                        "enterprise.insured_hires_12m": "4"})
    assert r.status_code == 303
    assert "信息有误，转人工审核" in clean(web.get("/campaigns/me").text)
    login(web, world["kecheng"])
    page = clean(web.get(f"/campaigns/{c.id}").text)
    assert "本人说明：带动就业并参保满1年人数：3 → 4；参保员工应为4人" in page
    assert "待审核" in web.get("/applications").text


def _roster_parquet(n: int) -> bytes:
    import io

    import polars as pl

    from tests.dbfixtures import person_id_number

    buf = io.BytesIO()
    pl.DataFrame({"身份证号": [person_id_number("330802", 700 + i) for i in range(n)],
                  "姓名": [f"名单{i}" for i in range(n)], "市外来衢就业": ["是"] * n,
                  "用人单位所有制": ["private"] * n, "子女初次在衢入学日期": ["2025-09-01"] * n,
                  "在衢家庭人口": [2] * n}).write_parquet(buf)
    return buf.getvalue()


TRANSPORT = "quzhou_2023_12.er.children_transport"


def test_a_roster_is_uploaded_and_proposed_from(web, world):
    csrf = login(web, world["kecheng"])
    r = web.post("/campaigns", data={"csrf": csrf, "provisions": TRANSPORT, "as_of": "2026-01-15"},
                 files={"roster": ("柯城区名单.parquet", _roster_parquet(3), "application/octet-stream")})
    assert r.status_code == 303, r.text
    page = clean(web.get(r.headers["location"]).text)
    assert "导入名单：柯城区名单.parquet · 3 行" in page
    assert page.count("¥3,000.00") >= 3  # 2 × 1,500 元 each


def test_a_bad_roster_is_refused_naming_the_file(web, world):
    csrf = login(web, world["kecheng"])
    r = web.post("/campaigns", data={"csrf": csrf, "provisions": TRANSPORT},
                 files={"roster": ("名单.csv", b"a,b\n1,2", "text/csv")})
    assert r.status_code == 422 and "名单文件：名单文件须为 Parquet" in r.text


def test_a_large_roster_runs_in_the_background_with_a_progress_page(web, world, monkeypatch):
    import time

    from jiuye.campaigns import runs

    monkeypatch.setattr(runs, "SYNC_ROWS", 2)
    csrf = login(web, world["kecheng"])
    r = web.post("/campaigns", data={"csrf": csrf, "provisions": TRANSPORT, "as_of": "2026-01-15"},
                 files={"roster": ("big.parquet", _roster_parquet(5), "application/octet-stream")})
    assert r.status_code == 303 and r.headers["location"].startswith("/campaigns/runs/")
    token = r.headers["location"].rsplit("/", 1)[1]
    deadline = time.monotonic() + 60
    while not runs.RUNS[token].finished and time.monotonic() < deadline:
        time.sleep(0.1)
    run = runs.RUNS[token]
    assert run.campaign_id is not None, run.error_zh
    assert (run.stage, run.done, run.total) == ("save", 5, 5)
    r = web.get(r.headers["location"], headers={"HX-Request": "true"})
    assert r.headers["HX-Redirect"] == f"/campaigns/{run.campaign_id}"
    assert "¥3,000.00" in web.get(f"/campaigns/{run.campaign_id}").text
    # someone else's run is not found
    csrf = login(web, world["shangcheng"])
    assert web.get(f"/campaigns/runs/{token}").status_code == 404
