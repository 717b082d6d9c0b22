"""CSRF: a cookie-authenticated write needs a same-origin Origin (or Referer) or the CSRF token;
login and logout forms refuse a foreign Origin. Headers: CSP with nonces, no framing, nosniff,
Referrer-Policy, and no caching of pages with personal data."""

from __future__ import annotations

import re

from jiuye.accounts import service as accounts
from jiuye.applications import service as apps
from tests.conftest import ROOT
from tests.dbfixtures import PASSWORD, flexible, login_cookie

EVIL = {"Origin": "https://evil.example"}
SAME = {"Origin": "http://testserver"}


def _pending(world):
    a, _ = apps.submit(db_session=world.session, user=world["kecheng"], payload=flexible(world.ids["li"]))
    return a


def test_a_cookie_write_from_a_foreign_origin_is_refused(app_client, world):
    a = _pending(world)
    login_cookie(app_client, world["kecheng"])
    r = app_client.post(f"/api/v1/applications/{a.id}/approve", headers=EVIL)
    assert r.status_code == 403 and r.json()["error"] == "csrf"
    r = app_client.post(f"/api/v1/applications/{a.id}/approve", headers={"Referer": "https://evil.example/x"})
    assert r.status_code == 403
    world.session.expire_all()
    assert apps.get(db_session=world.session, user=world["kecheng"], application_id=a.id).status == "pending_review"


def test_a_cookie_write_without_origin_needs_the_token(app_client, world):
    a = _pending(world)
    login_cookie(app_client, world["kecheng"])
    assert app_client.post(f"/api/v1/applications/{a.id}/approve").status_code == 403
    token = app_client.get("/api/v1/auth/me").json()["csrf_token"]
    assert token == accounts.csrf_token(world["kecheng"])
    r = app_client.post(f"/api/v1/applications/{a.id}/approve", headers={"X-CSRF-Token": token})
    assert r.status_code == 200 and r.json()["status"] == "approved"


def test_same_origin_cookie_writes_and_bearer_writes_pass(app_client, world):
    a, b = _pending(world), apps.submit(db_session=world.session, user=world["kecheng"],
                                         payload=flexible(world.ids["li"], on="2025-06-06"))[0]
    login_cookie(app_client, world["kecheng"])
    assert app_client.post(f"/api/v1/applications/{a.id}/reject", headers=SAME, json={"reason": "x"}).status_code == 200
    app_client.cookies.clear()
    bearer = {"Authorization": f"Bearer {accounts.issue_token(world['kecheng'])}", **EVIL}
    assert app_client.post(f"/api/v1/applications/{b.id}/reject", headers=bearer, json={"reason": "y"}).status_code == 200


def test_login_and_logout_forms_refuse_a_foreign_origin(app_client, world):
    r = app_client.post("/login", data={"username": "t_kecheng", "password": PASSWORD}, headers=EVIL)
    assert r.status_code == 403 and accounts.COOKIE not in r.cookies
    r = app_client.post("/api/v1/auth/login", json={"username": "t_kecheng", "password": PASSWORD}, headers=EVIL)
    assert r.status_code == 403
    r = app_client.post("/login", data={"username": "t_kecheng", "password": PASSWORD}, headers=SAME)
    assert r.status_code == 303
    assert app_client.post("/logout", headers=EVIL).status_code == 403
    assert app_client.get("/api/v1/auth/me").status_code == 200  # still logged in
    assert app_client.post("/logout", headers=SAME).status_code == 303


def test_security_headers(app_client, world):
    login_cookie(app_client, world["kecheng"])
    for url in ("/login", "/applications", "/api/v1/applications", "/payments", "/"):
        r = app_client.get(url)
        assert r.status_code in (200, 303), url
        csp = r.headers["Content-Security-Policy"]
        assert "frame-ancestors 'none'" in csp and "default-src 'self'" in csp and "'unsafe-eval'" not in csp, url
        assert re.search(r"script-src 'self' 'nonce-[A-Za-z0-9_-]{16,}'", csp), csp
        assert r.headers["X-Frame-Options"] == "DENY"
        assert r.headers["X-Content-Type-Options"] == "nosniff"
        assert r.headers["Referrer-Policy"] == "same-origin"
        assert "no-store" in r.headers["Cache-Control"], url
    r = app_client.get("/static/app.js")
    assert r.status_code == 200 and "no-store" not in r.headers.get("Cache-Control", "")
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    a = app_client.get("/login").headers["Content-Security-Policy"]
    b = app_client.get("/login").headers["Content-Security-Policy"]
    assert a != b  # a fresh nonce each response


def test_every_inline_script_carries_the_nonce_and_no_inline_handlers():
    bad = []
    for path in (ROOT / "src" / "jiuye").rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        for m in re.finditer(r"<script\b([^>]*)>", text):
            attrs = m.group(1)
            if "src=" in attrs or "application/json" in attrs:
                continue
            if "nonce=" not in attrs:
                bad.append(f"{path.relative_to(ROOT)}: inline <script{attrs}> without nonce")
        for m in re.finditer(r"\son(click|change|submit|load|input|keyup|keydown)=", text):
            bad.append(f"{path.relative_to(ROOT)}: inline handler {m.group(0).strip()}")
    assert not bad, "\n".join(bad)
