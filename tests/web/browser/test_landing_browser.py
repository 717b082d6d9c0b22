"""Where each staff role lands after logging in, on a phone (360 px): a city manager on the 申请总览
overview, like the province's managers' view of /applications (the targets dashboard is one click
away in the menu); a caseworker on the watch list; the province administrator on 参数维护."""

from __future__ import annotations

import pytest

from .conftest import demo_server_fixture
from .session import OVERFLOW, login

demo_server = demo_server_fixture("landing-web")


@pytest.mark.parametrize("username", ["hz_manager", "qz_manager", "sx_manager"])
def test_a_city_manager_lands_on_the_overview(username, phone360, demo_server):
    page = phone360
    login(page, demo_server, username)
    assert page.url.endswith("/applications")
    assert page.locator("h1").first.inner_text() == "申请总览"
    assert page.evaluate(OVERFLOW) <= 0
    assert not page.js_errors


@pytest.mark.parametrize(("username", "path"), [("kecheng", "/assistance"), ("admin", "/admin/parameters")])
def test_other_staff_keep_their_landing_pages(username, path, phone360, demo_server):
    login(phone360, demo_server, username)
    assert phone360.url.endswith(path)
    assert phone360.evaluate(OVERFLOW) <= 0


def test_a_page_asked_for_still_wins(phone360, demo_server):
    page = phone360
    page.context.clear_cookies()
    page.goto(f"{demo_server}/login?next=/targets")
    page.fill("#username", "sx_manager")
    page.fill("#password", "jiuye-demo-2026")
    with page.expect_navigation():
        page.click("form button[type=submit]")
    assert page.url.endswith("/targets")
