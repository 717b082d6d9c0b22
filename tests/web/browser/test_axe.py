"""Accessibility: axe-core (bundled by the axe-playwright-python package, so it runs offline) on every
persona's pages, on a desktop and on a 360 px phone, from the demo data: no serious or critical
finding. Each page must also fit the phone without sideways scrolling."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from .conftest import demo_server_fixture
from .session import OVERFLOW, login

axe_server = demo_server_fixture("axe")

#: persona → (username or None for a visitor, pages)
PERSONAS = {
    "citizen": (None, ["/", "/guide", "/library", "/login"]),
    "applicant": ("lisi", ["/applications", "/campaigns/me", "/apply"]),
    "enterprise": ("qiye", ["/applications", "/campaigns/me"]),
    "caseworker": ("kecheng", ["/applications", "/payments", "/campaigns", "/campaigns/1", "/assistance", "/jobs"]),
    "manager": ("qz_manager", ["/applications", "/targets", "/simulation", "/campaigns"]),
    "administrator": ("admin", ["/admin/parameters", "/audit"]),
}


@pytest.mark.parametrize("device", ["page", "phone360"])
@pytest.mark.parametrize("persona", list(PERSONAS))
def test_no_serious_or_critical_accessibility_finding(persona, device, axe_server, request):
    page = request.getfixturevalue(device)
    username, paths = PERSONAS[persona]
    if username:
        login(page, axe_server, username)
    axe = Axe()
    found = {}
    for path in paths:
        response = page.goto(f"{axe_server}{path}")
        assert response is not None and response.status == 200, (path, response and response.status)
        page.wait_for_load_state("networkidle")
        result = axe.run(page)
        bad = [(v["id"], v["impact"], len(v["nodes"])) for v in result.response["violations"]
               if v["impact"] in ("serious", "critical")]
        if bad:
            found[path] = bad
        if device == "phone360":
            assert page.evaluate(OVERFLOW) <= 0, f"{path} scrolls sideways at 360 px"
    assert found == {}
