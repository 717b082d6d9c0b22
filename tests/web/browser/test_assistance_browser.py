"""The issue-14 walk-through in a browser, on a phone (375 px) and a desktop: a 上城区 caseworker
imports a register sheet (one bad row reported, the rest imported), certifies 王芳 (46, registered
unemployed for 7 months: route and clause shown, subsidy period to her retirement month), records a
job recommendation and then a placement, and watches her leave the 动态清零 list; 柯城区's
caseworker sees none of it."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date

import pytest
from openpyxl import Workbook

from jiuye.assistance.demo import WANG_FANG
from jiuye.dates import add_months
from jiuye.ids import make_id_number, mask_id_number

from .conftest import run_server

PASSWORD = "jiuye-demo-2026"


@pytest.fixture
def demo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A server of its own with the demo data (the walk-through changes it)."""
    yield from run_server(tmp_path_factory, "assistance-web", seed_demo=True, wait_seconds=90)

def _sheet(path) -> str:
    wb = Workbook()
    ws = wb.active
    ws.append(["身份证号", "姓名", "人员类别", "纳入台账日期", "就业意愿", "就业能力", "户籍地"])
    ws.append([make_id_number("330102", date(1990, 2, 3), 511, "M"), "赵五", "登记失业人员", "2026-10-01", "是", "是",
               "上城区"])
    ws.append(["330102199002035110", "钱六", "登记失业人员", "2026-10-01", "是", "是", "上城区"])  # wrong check character
    ws.append([make_id_number("330102", date(2002, 7, 1), 512, "F"), "孙七", "离校未就业高校毕业生", "2026-09-01", "否",
               "是", "上城区"])
    out = io.BytesIO()
    wb.save(out)
    path.write_bytes(out.getvalue())
    return str(path)


def _login(page, server: str, username: str) -> None:
    page.goto(server + "/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_load_state()


def _fits(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), "page wider than screen"


def walk_through(page, server: str, tmp_path) -> str:
    masked = mask_id_number(WANG_FANG)
    _login(page, server, "shangcheng")
    assert page.url.endswith("/assistance")  # the caseworker's landing page is the watch list
    item = page.locator("[data-testid=watch-list] li", has_text=masked)
    assert "已超期" in item.inner_text()
    _fits(page)

    page.goto(server + "/assistance/import")
    page.set_input_files("input[name=file]", _sheet(tmp_path / "台账.xlsx"))
    page.locator("form[enctype] button[type=submit]").click()
    result = page.locator("[data-testid=import-result]")
    assert page.locator("[data-testid=created]").inner_text() == "2"
    errors = page.locator("[data-testid=import-errors]").inner_text()
    assert "第3行" in errors and "身份证号" in errors
    assert "已导入" in result.inner_text()
    _fits(page)

    page.goto(server + "/assistance")
    page.locator("[data-testid=watch-list] li", has_text=masked).locator("a").click()
    person_url = page.url
    form = page.locator("[data-testid=certify-form]")
    form.locator("input[name=unemployed_registered_on]").fill(add_months(date.today(), -7).isoformat())
    form.locator("button[type=submit]").click()
    route = page.locator("[data-testid=route]").first
    assert "连续登记失业半年以上的女45、男55周岁以上人员" in route.inner_text()
    assert "三（九）" in page.locator("[data-testid=engine-result] .cite").first.inner_text()
    _fits(page)

    decide = page.locator("[data-testid=decide-form]")
    decide.locator("textarea[name=reason]").fill("年满45周岁且连续登记失业半年以上")
    decide.locator("button[type=submit]").click()
    assert page.locator("[data-testid=cert-status]").inner_text() == "已认定"
    period = page.locator("[data-testid=period]").inner_text()
    assert "2033-02" in period and "法定退休年龄当月" in period  # born 1980-05, a woman worker: 50 + 33 months
    assert page.locator("[data-testid=cert-no]").inner_text().startswith("JYKN-330102-")
    _fits(page)

    page.locator("h1 a").click()
    service = page.locator("[data-testid=service-form]")
    service.locator("select[name=kind]").select_option("job_referral")
    service.locator("input[name=job_title]").fill("物业客服")
    service.locator("input[name=employer_name]").fill("杭州某物业服务有限公司")
    service.locator("button[type=submit]").click()
    assert "物业客服" in page.locator("[data-testid=services]").inner_text()

    placement = page.locator("[data-testid=placement-form]")
    placement.locator("input[name=employer_name]").fill("杭州某物业服务有限公司")
    placement.locator("button[type=submit]").click()
    assert "已就业" in page.locator("[data-testid=status]").inner_text()
    assert "已注销" in page.locator("[data-testid=certifications]").inner_text()

    page.goto(server + "/assistance")
    assert page.locator("[data-testid=watch-list] li", has_text=masked).count() == 0
    assert not page.js_errors
    return person_url


def other_county_sees_nothing(page, server: str, person_url: str) -> None:
    page.context.clear_cookies()
    _login(page, server, "kecheng")
    assert page.url.endswith("/assistance") and "柯城区" in page.locator("nav.a-nav").inner_text()
    assert page.locator("[data-testid=watch-list] li", has_text=mask_id_number(WANG_FANG)).count() == 0
    page.goto(server + "/assistance/register?q=" + WANG_FANG)
    assert "没有找到" in page.locator("main").inner_text()
    r = page.goto(person_url)
    assert r is not None and r.status == 404


def test_walk_through_on_a_phone(phone, demo_server, tmp_path):
    other_county_sees_nothing(phone, demo_server, walk_through(phone, demo_server, tmp_path))


def test_walk_through_on_a_desktop(page, demo_server, tmp_path):
    other_county_sees_nothing(page, demo_server, walk_through(page, demo_server, tmp_path))
