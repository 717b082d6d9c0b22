"""The gig market in a real browser (Debian Chromium via Playwright, a real uvicorn with the demo
data), on phones (360 and 390 px) and a desktop: an enterprise posts in 柯城区 (below the minimum
wage refused with the reason), 李四 — on the register and on the 动态清零 watch list — finds the job
by a Chinese search, sees why it fits, applies, is hired; the employer sees what the hire may bring,
and 李四 leaves the watch list."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import pytest

from jiuye.demo import DEMO_PASSWORD, USERS
from jiuye.ids import mask_id_number

from .conftest import run_server
from .test_pages_browser import OVERFLOW, UNLABELLED

LISI_ID = next(u[5][0] for u in USERS if u[0] == "lisi")
VIEWPORTS = {"phone-360": {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True},
             "phone-390": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
             "desktop": {"viewport": {"width": 1280, "height": 900}}}


@pytest.fixture
def demo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A server of its own with the demo data (each flow hires 李四 once)."""
    yield from run_server(tmp_path_factory, "jobs", seed_demo=True)


@pytest.fixture
def chromium(browser: object) -> object:
    """The session's one browser (a second sync Playwright in the same process is not allowed)."""
    return browser


def _login(page, server: str, username: str, next_path: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{server}/login?next={next_path}")
    page.fill("#username", username)
    page.fill("#password", DEMO_PASSWORD)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(f"**{next_path}*")


def _fits(page, where: str) -> None:
    assert page.evaluate(OVERFLOW) <= 0, f"wider than the screen: {where}"


@pytest.mark.parametrize("device", list(VIEWPORTS))
def test_post_find_apply_hire(chromium, demo_server, device):
    context = chromium.new_context(locale="zh-CN", **VIEWPORTS[device])
    page = context.new_page()
    page.set_default_timeout(20_000)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    server = demo_server
    masked = mask_id_number(LISI_ID)
    try:
        # 李四 is on the 动态清零 watch list of 柯城区
        _login(page, server, "kecheng", "/assistance")
        assert masked in page.content()

        # the enterprise posts in 柯城区: below the minimum wage it is refused, with the reason
        _login(page, server, "qiye", "/jobs/postings/new")
        _fits(page, "posting form")
        assert page.evaluate(UNLABELLED) == []
        start = (date.today() + timedelta(days=5)).isoformat()
        page.fill("#f-title", "寒假电商直播场控")
        page.fill("#f-occupation_code", "4-01-06-02 互联网营销师")
        page.fill("#f-description", "负责直播间场控、商品上架和订单整理。")
        page.get_by_label("电商运营", exact=True).check()
        page.get_by_label("直播带货", exact=True).check()
        page.get_by_label("网店客服", exact=True).check()
        assert page.input_value("#f-county_code") == "330802"  # the enterprise's county, its towns listed
        page.select_option("#f-town_code", "330802005")
        page.select_option("#f-pay_kind", "monthly")
        page.fill("#f-pay_yuan", "2000")
        page.fill("#f-start_date", start)
        page.fill("#f-headcount", "2")
        page.get_by_role("button", name="发布").click()
        alert = page.get_by_role("alert")
        assert "低于最低工资" in alert.inner_text() and "柯城区" in alert.inner_text() and "2180" in alert.inner_text()
        _fits(page, "refused posting")
        assert page.input_value("#f-town_code") == "330802005"  # the form keeps what was entered
        page.select_option("#f-pay_kind", "hourly")
        page.fill("#f-pay_yuan", "30")
        page.get_by_role("button", name="发布").click()
        page.get_by_text("岗位已发布").wait_for()
        posting_url = page.url.split("?")[0]

        # 李四 finds it by a Chinese search, sees why it fits, and applies
        _login(page, server, "lisi", "/jobs")
        page.fill("#q", "电商")
        page.get_by_role("button", name="搜索").click()
        page.wait_for_url("**q=*")
        _fits(page, "search results")
        page.locator("#results-h ~ article a", has_text="寒假电商直播场控").click()
        why = page.locator(".reasons").first.inner_text()
        assert "技能匹配 3/3" in why and "同一街道" in why and "报酬高于期望" in why
        _fits(page, "posting page")
        page.get_by_role("button", name="我要应聘").click()
        page.wait_for_url("**/jobs/applications/*")
        application_url = page.url

        # the employer accepts and hires, and sees what the hire may bring
        _login(page, server, "qiye", "/jobs/mine")
        page.goto(posting_url)
        page.locator("#apps-h ~ div a").first.click()
        page.get_by_role("button", name="录用").click()
        page.get_by_role("button", name="确认入职").click()
        page.get_by_role("heading", name="已入职").wait_for()
        text = page.content()
        assert "用人单位可能可享受" in text and "劳动者可能可享受" in text and "移出动态清零名单" in text
        _fits(page, "hired")
        assert page.url == application_url

        # the worker sees the policies too, with a link to apply
        _login(page, server, "lisi", application_url.replace(server, ""))
        assert page.get_by_role("link", name="去申请").count() >= 1
        assert "灵活就业" in page.content()

        # and has left the watch list
        _login(page, server, "kecheng", "/assistance")
        assert masked not in page.content()
        assert errors == []
    finally:
        context.close()


def test_seeker_form_and_market_fit_a_phone(chromium, demo_server):
    context = chromium.new_context(locale="zh-CN", **VIEWPORTS["phone-360"])
    page = context.new_page()
    try:
        _login(page, demo_server, "lisi", "/jobs/register")
        assert page.evaluate(UNLABELLED) == []
        _fits(page, "seeker form")
        assert "重点群体帮扶台账记载您为“高校毕业生”" in page.content()  # the key group as the register has it
        for path in ("/jobs", "/jobs?q=保洁", "/jobs/mine", "/jobs/inbox"):
            page.goto(demo_server + path)
            _fits(page, path)
        page.goto(demo_server + "/jobs?q=保洁")
        assert "家庭保洁（半天）" in page.inner_text("#main")
    finally:
        context.close()
