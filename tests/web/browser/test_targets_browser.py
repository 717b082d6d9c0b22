"""The managers' dashboard in a real browser, on a phone (360 px) and a desktop: the Shaoxing city
manager opens it from the overview she lands on; 越城区 imports an actuals sheet (a bad cell is reported, nothing imported), then
a good one, and the city roll-up moves; the quarterly Excel report's 万元 columns add up."""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import load_workbook

from .conftest import demo_server_fixture
from .test_pages_browser import UNLABELLED

PASSWORD = "jiuye-demo-2026"
OVERFLOW = "() => document.documentElement.scrollWidth - window.innerWidth"


demo_server = demo_server_fixture("targets-web")


def login(page, server: str, username: str) -> None:
    page.goto(f"{server}/login")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    with page.expect_navigation():
        page.click("form button[type=submit]")


def charts_drawn(page) -> None:
    page.wait_for_function("() => document.querySelectorAll('[data-tg-chart][data-ready] svg').length === 2")


@pytest.mark.parametrize("device", ["page", "phone360"])
def test_the_city_manager_opens_the_dashboard(device, demo_server, request):
    page = request.getfixturevalue(device)
    login(page, demo_server, "sx_manager")
    assert page.url.endswith("/applications")  # the overview (test_landing_browser)
    page.goto(f"{demo_server}/targets")
    assert page.locator("h1").inner_text() == "目标驾驶舱"
    assert page.locator("#tg-month").inner_text() == "2023-09"
    heat = page.locator("#tg-heat")
    headers = heat.locator("thead th").all_inner_texts()
    assert headers[1:] == ["越城区", "柯桥区", "上虞区", "诸暨市", "嵊州市", "新昌县", "绍兴市（合计）"]
    total = heat.locator('[data-cell="new_urban_jobs:330600"]')
    assert "%" in total.inner_text()
    assert page.locator("#tg-alerts li").count() > 0 and "个百分点" in page.locator("#tg-alerts").inner_text()
    charts_drawn(page)
    assert page.evaluate(OVERFLOW) <= 0  # the wide table scrolls inside its box, not the page
    # drill down to a district from the table
    with page.expect_navigation():
        heat.locator("thead a", has_text="柯桥区").click()
    assert "柯桥区" in page.locator("h1").inner_text()
    assert page.locator("#tg-district tbody tr").count() == 17
    charts_drawn(page)
    assert page.evaluate(OVERFLOW) <= 0
    assert page.evaluate(UNLABELLED) == []
    assert not page.js_errors


def test_every_input_of_the_targets_pages_has_a_label(page, demo_server):
    login(page, demo_server, "yuecheng")
    for path in ("/targets", "/targets/sx_2023_28/district/330602", "/targets/import"):
        page.goto(demo_server + path)
        assert page.evaluate(UNLABELLED) == [], path


def _sheet(page, server: str, month: str) -> tuple[Path, object]:
    page.goto(f"{server}/targets/sx_2023_28/district/330602?month={month}")
    with page.expect_download() as dl:
        page.get_by_role("link", name="下载本月填报表（Excel）").click()
    assert dl.value.suggested_filename == f"targets-330602-{month}.xlsx"
    path = Path(dl.value.path())
    return path, load_workbook(BytesIO(path.read_bytes()))


def _row(ws, label: str) -> int:
    return next(r for r in range(6, ws.max_row + 1) if ws.cell(r, 2).value == label)


def _upload(page, server: str, wb, tmp_path: Path, name: str) -> None:
    out = tmp_path / name
    wb.save(out)
    page.goto(f"{server}/targets/import")
    page.set_input_files("#f-file", str(out))
    with page.expect_navigation():
        page.click("form[enctype] button[type=submit]")


@pytest.mark.parametrize("device", ["phone360", "page"])
def test_yuecheng_imports_a_sheet_and_the_city_total_moves(device, demo_server, request, tmp_path, browser):
    month = "2023-10" if device == "phone360" else "2023-11"
    page = request.getfixturevalue(device)
    login(page, demo_server, "yuecheng")
    page.goto(f"{demo_server}/targets")
    assert page.locator("#tg-heat thead th").all_inner_texts()[1:] == ["越城区"]  # its own row only
    _, wb = _sheet(page, demo_server, month)
    ws = wb["填报表"]
    jobs = _row(ws, "城镇新增就业人数省标")
    assert ws.cell(jobs, 4).value == 22000
    ws.cell(jobs, 6).value = "两万"
    _upload(page, demo_server, wb, tmp_path, "bad.xlsx")
    summary = page.locator("#error-summary")
    assert f"单元格 F{jobs}（城镇新增就业人数省标）" in summary.inner_text() and "未导入" in summary.inner_text()
    assert page.evaluate(OVERFLOW) <= 0
    ws.cell(jobs, 6).value = 20500
    _upload(page, demo_server, wb, tmp_path, "good.xlsx")
    assert "新增 1 项" in page.locator("#tg-imported").inner_text()
    # the other districts have not reported the month: the city total waits for them
    manager_context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    manager = manager_context.new_page()
    try:
        login(manager, demo_server, "sx_manager")
        manager.goto(f"{demo_server}/targets?month={month}&indicator=new_urban_jobs")
        cell = manager.locator('[data-cell="new_urban_jobs:330602"]')
        assert cell.get_attribute("title").count("20,500") == 1
        total = manager.locator('[data-cell="new_urban_jobs:330600"]').inner_text()
        assert "1/6 已报" in total
    finally:
        manager_context.close()
    assert not page.js_errors


def test_the_city_roll_up_updates_after_an_import(page, demo_server, tmp_path):
    """A September correction by 越城区 moves the city total by exactly the difference."""
    login(page, demo_server, "sx_manager")
    page.goto(f"{demo_server}/api/v1/targets/sx_2023_28/board?month=2023-09")
    before = {(c["indicator"], c["jurisdiction"]): c for c in page.evaluate("() => JSON.parse(document.body.innerText)")["cells"]}
    context = page.context.browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    county = context.new_page()
    try:
        login(county, demo_server, "yuecheng")
        _, wb = _sheet(county, demo_server, "2023-09")
        ws = wb["填报表"]
        r = _row(ws, "创业带动就业人数")
        ws.cell(r, 6).value = ws.cell(r, 5).value + 37
        ws.cell(r, 7).value = "补录9月创业带动就业37人"
        _upload(county, demo_server, wb, tmp_path, "fix.xlsx")
        assert "新增 1 项" in county.locator("#tg-imported").inner_text()
    finally:
        context.close()
    page.goto(f"{demo_server}/api/v1/targets/sx_2023_28/board?month=2023-09")
    after = {(c["indicator"], c["jurisdiction"]): c for c in page.evaluate("() => JSON.parse(document.body.innerText)")["cells"]}

    def n(cell):
        return int(cell["actual"].replace(",", ""))

    assert n(after[("startup_jobs", "330602")]) - n(before[("startup_jobs", "330602")]) == 37
    assert n(after[("startup_jobs", "330600")]) - n(before[("startup_jobs", "330600")]) == 37
    page.goto(f"{demo_server}/targets/sx_2023_28/district/330602?indicator=startup_jobs")
    assert "补录9月创业带动就业37人" in page.locator("#tg-history").inner_text()


@pytest.mark.parametrize("device", ["page", "phone360"])
def test_quarterly_report_adds_up_and_prints(device, demo_server, request):
    page = request.getfixturevalue(device)
    login(page, demo_server, "sx_manager")
    page.goto(f"{demo_server}/targets/sx_2023_28/report?period=2023-Q3")
    assert "2023年第三季度" in page.locator("h1").inner_text()
    loans = page.locator('table[data-indicator="startup_loans"] tbody tr')
    rows = [loans.nth(i).locator("td").all_inner_texts() for i in range(loans.count())]
    assert len(rows) == 7
    for col in (1, 2):  # 本期完成, 累计完成 in 万元
        assert sum(Decimal(r[col].replace(",", "")) for r in rows[:-1]) == Decimal(rows[-1][col].replace(",", ""))
    assert page.evaluate(OVERFLOW) <= 0
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible() and not page.locator(".userbar").is_visible()
    assert page.locator('table[data-indicator="startup_loans"]').is_visible()
    page.emulate_media(media="screen")
    with page.expect_download() as dl:
        page.get_by_role("link", name="下载 Excel").click()
    ws = load_workbook(BytesIO(Path(dl.value.path()).read_bytes())).active
    block = [r for r in ws.iter_rows(values_only=True)]
    start = next(i for i, r in enumerate(block) if r[0] and str(r[0]).startswith("发放创业担保贷款金额"))
    lines = block[start + 2:start + 9]
    assert lines[-1][0] == "绍兴市（合计）"
    for col in (2, 3):
        assert sum(Decimal(str(r[col])) for r in lines[:-1]) == Decimal(str(lines[-1][col]))
    assert not page.js_errors
