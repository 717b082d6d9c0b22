"""A county's minimum-wage tier set in a real browser, on a desktop and a phone (360 px): the 衢州 city
manager records the tier the city chose for a county (“各设区市…选择确定当地最低工资标准并予以公布”),
cannot approve it herself, the province administrator approves it, and from its date 46号 第20条's
pay floor (“全日制公益性岗位劳动报酬不得低于当地月最低工资标准”) is checked against it."""

from __future__ import annotations

import pytest

from .conftest import demo_server_fixture
from .session import OVERFLOW, login

demo_server = demo_server_fixture("county-tier-web")
FLOOR = "zj_2022_46.art20.pay_floor"


def pay_floor(page, county: str, pay_fen: int) -> str:
    """POST /api/v1/evaluate from the page, as an API user would: the pay-floor check's outcome."""
    return page.evaluate("""async ([county, pay, id]) => {
        const r = await fetch('/api/v1/evaluate', {method: 'POST', headers: {'Content-Type': 'application/json'},
          body: JSON.stringify({as_of: '2024-06-30', provisions: [id], explain: false,
            person: {public_welfare_post: 'full_time', work_adcode: county, pwp_monthly_pay_fen: pay}})});
        const body = await r.json();
        return body.results.find(x => x.provision_id === id || x.id === id).outcome; }""", [county, pay_fen, FLOOR])


@pytest.mark.parametrize(("device", "county", "name"), [("page", "330802", "柯城区"), ("phone360", "330803", "衢江区")])
def test_a_city_sets_a_countys_tier_a_second_administrator_approves_it(device, county, name, demo_server, request):
    page = request.getfixturevalue(device)
    login(page, demo_server, "qz_manager")
    assert pay_floor(page, county, 200_000) == "unknown"  # no source gives this county's 2024 tier
    page.goto(f"{demo_server}/admin/parameters/new")
    page.select_option("#parameter", "external.minimum_wage.county_tier")
    assert "县（市、区）适用的最低工资档次" in page.locator("#parameter option:checked").inner_text()
    page.select_option("#jurisdiction", label=name)  # the city's counties, by name
    page.fill("#value", "第五档")  # a tier the province has not set
    page.fill("#valid_from", "2024-01-01")
    page.fill("#source_document", "衢人社〔2023〕88号（测试）")
    page.fill("#source_issuer", "衢州市人力资源和社会保障局")
    page.fill("#source_date", "2023-12-25")
    page.fill("#reason", f"市里为{name}选定的最低工资档次")
    with page.expect_navigation():
        page.click("form.stack button[type=submit]")
    assert "档次应为第一档、第二档、第三档之一" in page.inner_text(".error-summary")
    page.fill("#value", "第三档")
    assert page.evaluate(OVERFLOW) <= 0
    with page.expect_navigation():
        page.click("form.stack button[type=submit]")
    assert "已提交，待另一位管理员审核" in page.inner_text("body")
    row = page.locator("#pending-h + .table-wrap tr", has_text=name).filter(has_text="第三档")
    assert "须由另一位管理员审核" in row.inner_text()  # the proposer has no approve button
    login(page, demo_server, "admin2")
    page.goto(f"{demo_server}/admin/parameters")
    row = page.locator("#pending-h + .table-wrap tr", has_text=name).filter(has_text="第三档")
    with page.expect_navigation():
        row.get_by_role("button", name="通过").click()
    assert "已审核通过" in page.inner_text("body")
    assert page.evaluate(OVERFLOW) <= 0
    assert pay_floor(page, county, 200_000) == "not_eligible"  # below 第三档 2010元 (2024-01-01)
    assert pay_floor(page, county, 201_000) == "eligible"
    assert not page.js_errors
