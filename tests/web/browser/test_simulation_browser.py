"""The simulation pages in a real browser on a 360 px phone: every input labelled, nothing wider
than the screen, a run polled to its end, the county bar chart drawn (ECharts served locally), no
script errors; and the budget view."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from .conftest import run_server
from .session import login
from .test_pages_browser import OVERFLOW, UNLABELLED


@pytest.fixture(scope="module")
def sim_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    old = os.environ.get("JIUYE_SIMULATION_DEMO_DIR")
    os.environ["JIUYE_SIMULATION_DEMO_DIR"] = str(tmp_path_factory.mktemp("sim-demo"))
    try:
        yield from run_server(tmp_path_factory, "simulation-web", seed_demo=True)
    finally:
        if old is None:
            os.environ.pop("JIUYE_SIMULATION_DEMO_DIR", None)
        else:
            os.environ["JIUYE_SIMULATION_DEMO_DIR"] = old


def test_run_a_reform_on_a_phone(phone360, sim_server):
    login(phone360, sim_server, "admin")
    phone360.goto(f"{sim_server}/simulation?preset=art24_cap_30000")
    assert phone360.evaluate(UNLABELLED) == []
    assert phone360.evaluate(OVERFLOW) <= 0
    assert phone360.input_value("#f-art24_cap") == "30000"
    phone360.click("form.sim-form button[type=submit]")
    phone360.wait_for_url("**/simulation/runs/**")
    phone360.wait_for_selector("[data-sim-chart] svg", timeout=180_000)
    assert phone360.evaluate(OVERFLOW) <= 0
    text = phone360.inner_text("main")
    assert "改革后比现行" in text and "浙人社发〔2022〕46号 第24条" in text
    assert "下载 Excel" in text
    assert phone360.js_errors == []


def test_budget_view_on_a_phone(phone360, sim_server):
    login(phone360, sim_server, "admin")
    phone360.goto(f"{sim_server}/simulation/budget?years=2025")
    phone360.wait_for_selector("[data-sim-chart] svg", timeout=180_000)
    assert phone360.evaluate(OVERFLOW) <= 0
    assert "按政策" in phone360.inner_text("main")
    assert phone360.js_errors == []
