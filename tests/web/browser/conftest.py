"""Browser tests: Debian's Chromium driven by Playwright against a real uvicorn server.

No browser is downloaded: ``/usr/bin/chromium`` (apt package ``chromium``, installed by
``.ci/run``) is launched directly. Without it the tests are skipped, saying why. A failing test
leaves a screenshot in ``out/browser-screenshots/``.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync"]
ROOT = Path(__file__).resolve().parents[3]
SHOTS = ROOT / "out" / "browser-screenshots"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run_server(tmp_path_factory: pytest.TempPathFactory, name: str, *, seed_demo: bool,
               wait_seconds: float = 120) -> Iterator[str]:
    """uvicorn on a fresh SQLite database (seeded with the demo data when ``seed_demo``); yields its URL."""
    port = _free_port()
    db = tmp_path_factory.mktemp(name) / "browser.sqlite"
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "DATABASE_URL": f"sqlite:///{db}",
           "JIUYE_SEED_DEMO": "1" if seed_demo else "0"}
    env.pop("JIUYE_DEMO", None)
    proc = subprocess.Popen([sys.executable, "-m", "uvicorn", "jiuye.web.asgi:app", "--host", "127.0.0.1",
                             "--port", str(port), "--log-level", "warning"],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + wait_seconds
        while True:
            if proc.poll() is not None:
                out = proc.stdout.read().decode(errors="replace") if proc.stdout else ""
                pytest.fail(f"uvicorn exited with {proc.returncode}:\n{out}")
            try:
                if httpx.get(url + "/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"uvicorn did not answer /healthz within {wait_seconds:.0f} s")
            time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


def demo_server_fixture(name: str):
    """A module-scoped fixture: a server of the module's own on the demo data (tests change it)."""

    @pytest.fixture(scope="module")
    def demo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
        yield from run_server(tmp_path_factory, name, seed_demo=True)

    return demo_server


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    yield from run_server(tmp_path_factory, "web", seed_demo=False, wait_seconds=60)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"Debian Chromium is not installed at {CHROMIUM} (apt-get install chromium; .ci/run does it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Iterator[None]:
    outcome = yield
    rep = outcome.get_result()
    setattr(item, f"rep_{rep.when}", rep)


def _new_page(browser: object, request: pytest.FixtureRequest, **context_args: object) -> Iterator[object]:
    context = browser.new_context(locale="zh-CN", **context_args)  # type: ignore[attr-defined]
    page = context.new_page()
    page.set_default_timeout(15_000)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.js_errors = errors  # type: ignore[attr-defined]
    yield page
    rep = getattr(request.node, "rep_call", None)
    if rep is not None and rep.failed:
        SHOTS.mkdir(parents=True, exist_ok=True)
        name = request.node.name.replace("/", "_").replace("[", "-").replace("]", "")
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    context.close()


@pytest.fixture
def page(browser: object, request: pytest.FixtureRequest) -> Iterator[object]:
    yield from _new_page(browser, request, viewport={"width": 1280, "height": 900})


@pytest.fixture
def phone(browser: object, request: pytest.FixtureRequest) -> Iterator[object]:
    yield from _new_page(browser, request, viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)


@pytest.fixture
def phone360(browser: object, request: pytest.FixtureRequest) -> Iterator[object]:
    """The narrowest phone the pages must fit (360 px wide)."""
    yield from _new_page(browser, request, viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
