"""The pages over HTTP: dashboard, a district, reporting, importing, the printable report."""

from __future__ import annotations

import json
import re
from io import BytesIO

from openpyxl import load_workbook

from jiuye.accounts.service import csrf_token
from jiuye.targets import excel

from .conftest import login


def chart(html: str, name: str) -> dict:
    return json.loads(re.search(rf'<script type="application/json" id="{name}">(.*?)</script>', html, re.S).group(1))


def test_the_city_manager_sees_every_district_and_the_total(client, shaoxing):
    login(client, shaoxing["sx_manager"])
    r = client.get("/targets")
    assert r.status_code == 200
    html = r.text
    assert "目标驾驶舱" in html and "绍市人社发〔2023〕28号" in html and ">2023-09<" in html
    for name in ("越城区", "柯桥区", "上虞区", "诸暨市", "嵊州市", "新昌县", "绍兴市（合计）"):
        assert name in html
    assert 'data-cell="new_urban_jobs:330600"' in html
    assert "预警：落后进度" in html and "/static/vendor/echarts.min.js" in html and "cdn" not in html.lower()
    bar = chart(html, "tg-bar")
    assert bar["categories"][-1] == "绍兴市" and len(bar["series"][0]["data"]) == 7
    trend = chart(client.get("/targets?indicator=new_urban_jobs").text, "tg-trend")
    assert trend["categories"][0] == "2023-01" and trend["categories"][-1] == "2023-09"
    assert trend["series"][-1]["name"] == "时间进度" and trend["series"][-1]["data"][-1] == 75.0
    assert "330602" not in re.sub(r'(href|data-cell)="[^"]*"', "", html)  # no codes in the text


def test_a_county_sees_its_own_row_only(client, shaoxing):
    login(client, shaoxing["yuecheng"])
    html = client.get("/targets").text
    assert 'data-cell="new_urban_jobs:330602"' in html
    assert "330603" not in html and "绍兴市（合计）" not in html
    assert client.get("/targets/sx_2023_28/district/330603").status_code == 404
    assert client.get("/targets/sx_2023_28/district/330602").status_code == 200


def test_others_do_not_see_shaoxing(client, shaoxing):
    login(client, shaoxing["qz_manager"])
    assert client.get("/targets/sx_2023_28/district/330602").status_code == 404
    html = client.get("/targets").text
    assert "衢州" in html and "越城区" not in html
    login(client, shaoxing["kecheng"])
    r = client.get("/targets")  # a Quzhou county has no rows of its own: the city's plan is city-wide
    assert r.status_code == 200 and "本辖区没有分解到本级的目标" in r.text
    assert client.get("/targets?plan=quzhou_2023_12").status_code == 404
    client.cookies.clear()
    r = client.get("/targets")
    assert r.status_code == 303 and r.headers["location"].startswith("/login")


def test_drill_down_shows_sources_history_and_the_query(client, shaoxing):
    login(client, shaoxing["sx_manager"])
    html = client.get("/targets/sx_2023_28/district/330602?month=2023-09&indicator=interns").text
    assert "越城区" in html and "填报记录" in html and "补报柯岩见习基地6人" in html and "更正" in html
    assert "系统数据" in html and "以报送数为准" in html  # the derived loans figure and its query
    assert 'action="/targets/sx_2023_28/district/330602/entries"' not in html  # the manager does not report
    total = client.get("/targets/sx_2023_28/district/330600").text
    assert "6个区县之和" in total


def test_reporting_a_figure_and_a_bad_one(client, shaoxing):
    user = shaoxing["yuecheng"]
    login(client, user)
    form = {"indicator": "labour_brands", "month": "2023-09", "value": "abc", "comment": "", "csrf": csrf_token(user)}
    bad = client.post("/targets/sx_2023_28/district/330602/entries", data=form)
    assert bad.status_code == 422 and "「劳务品牌打造」应为数字" in bad.text
    form["value"], form["comment"] = "2", "新认定“越城师爷”劳务品牌"
    ok = client.post("/targets/sx_2023_28/district/330602/entries", data=form)
    assert ok.status_code == 303
    page = client.get(ok.headers["location"]).text
    assert "已保存" in page and "新认定“越城师爷”劳务品牌" in page
    form["csrf"] = "forged"
    assert client.post("/targets/sx_2023_28/district/330602/entries", data=form).status_code == 403


def test_import_over_http(client, shaoxing):
    user = shaoxing["yuecheng"]
    login(client, user)
    r = client.get("/targets/sx_2023_28/district/330602/template.xlsx?month=2023-10")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/vnd.openxml")
    wb = load_workbook(BytesIO(r.content))
    ws = wb[excel.SHEET]
    row = next(i for i in range(excel.FIRST_ROW, ws.max_row + 1) if ws.cell(i, 2).value == "城镇新增就业人数省标")
    ws.cell(row, 6).value = "很多"
    buf = BytesIO()
    wb.save(buf)
    files = {"file": ("sheet.xlsx", buf.getvalue(), "application/octet-stream")}
    bad = client.post("/targets/import", data={"csrf": csrf_token(user)}, files=files)
    assert bad.status_code == 422 and f"单元格 F{row}（城镇新增就业人数省标）" in bad.text and "未导入" in bad.text
    ws.cell(row, 6).value = 19876
    buf = BytesIO()
    wb.save(buf)
    ok = client.post("/targets/import", data={"csrf": csrf_token(user)},
                     files={"file": ("sheet.xlsx", buf.getvalue(), "application/octet-stream")})
    assert ok.status_code == 200 and "新增 1 项" in ok.text
    login(client, shaoxing["sx_manager"])
    board = client.get("/api/v1/targets/sx_2023_28/board?month=2023-10").json()
    cell = next(c for c in board["cells"] if c["indicator"] == "new_urban_jobs" and c["jurisdiction"] == "330602")
    assert cell["actual"] == "19,876" and cell["source"] == "Excel导入"


def test_printable_report_and_excel(client, shaoxing):
    login(client, shaoxing["sx_manager"])
    html = client.get("/targets/sx_2023_28/report?period=2023-Q3").text
    assert "2023年第三季度" in html and "每季末市局将予以情况通报" in html and "绍兴市（合计）" in html
    x = client.get("/targets/sx_2023_28/report.xlsx?period=2023-07")
    assert x.status_code == 200 and "2023-07" in x.headers["content-disposition"]
    assert load_workbook(BytesIO(x.content)).active.title == "月报"
    assert client.get("/targets/sx_2023_28/report?period=2023-Q9").status_code == 422


def test_a_city_manager_lands_on_the_overview(client, staff):
    from tests.dbfixtures import PASSWORD

    r = client.post("/login", data={"username": "tt_sx_manager", "password": PASSWORD})
    assert r.status_code == 303 and r.headers["location"] == "/applications"  # 申请总览, like the managers' view
    r = client.post("/login", data={"username": "tt_sx_manager", "password": PASSWORD, "next": "/targets"})
    assert r.headers["location"] == "/targets"  # the dashboard, asked for
    r = client.post("/login", data={"username": "tt_sx_manager", "password": PASSWORD, "next": "/payments"})
    assert r.headers["location"] == "/payments"  # the page asked for wins
    r = client.post("/login", data={"username": "tt_yuecheng", "password": PASSWORD})
    assert r.headers["location"] == "/assistance"  # a caseworker lands on the watch list


def test_the_administrator_switches_between_plans(client, staff):
    login(client, staff["admin"])
    html = client.get("/targets").text
    assert 'name="plan"' in html and "衢政发〔2023〕12号" in html and "浙人社发〔2022〕46号" in html
    province = client.get("/targets?plan=zj_2022_46").text
    assert "浙江省" in province and "培育农创客 3万人以上" in province
    assert client.get("/targets?plan=nope").status_code == 422
