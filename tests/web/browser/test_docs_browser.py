"""Issue 13, item 6, in a real browser with every request to another origin blocked (as on a
network without the internet): Swagger UI at ``/docs`` and ReDoc at ``/redoc`` render the API's
operations, nothing was requested from another origin, and no CSP violation was reported."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("path,ready", [("/docs", ".opblock-summary-path"), ("/redoc", "[data-section-id]")])
def test_docs_render_offline(page, server, path, ready):
    foreign: list[str] = []
    console: list[str] = []

    def route(r):
        if r.request.url.startswith(server):
            r.continue_()
        else:
            foreign.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.on("console", lambda m: console.append(m.text) if m.type in ("error", "warning") else None)
    page.goto(server + path)
    page.wait_for_selector(ready, timeout=30_000)
    assert "/api/v1/evaluate" in page.content()
    assert not foreign, foreign
    assert not [c for c in console if "Content Security Policy" in c], console
    assert not page.js_errors, page.js_errors
