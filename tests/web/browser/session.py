"""What the browser tests share: the demo password, the sideways-scroll probe, and logging in."""

from __future__ import annotations

from typing import Any

PASSWORD = "jiuye-demo-2026"
#: how far a page scrolls sideways (≤ 0: it fits the window)
OVERFLOW = "() => document.documentElement.scrollWidth - window.innerWidth"


def login(page: Any, server: str, username: str) -> None:
    """Log in as a demo user from a clean session."""
    page.context.clear_cookies()
    page.goto(f"{server}/login")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    with page.expect_navigation():
        page.click("form button[type=submit]")
