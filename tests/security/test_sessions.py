"""Sessions: logout revokes the token on the server; failed logins back off per user and per
address; password hashing (64 MB of memory each) runs a bounded number at a time."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

from sqlalchemy import update

from jiuye.accounts import service as accounts
from jiuye.accounts.models import LoginThrottle
from jiuye.db.core import utcnow
from tests.dbfixtures import PASSWORD


def _login(client, username, password=PASSWORD):
    return client.post("/api/v1/auth/login", json={"username": username, "password": password})


def test_logout_revokes_the_bearer_token(client, world):
    r = _login(client, "t_zhang")
    assert r.status_code == 200
    token = r.json()["token"]
    h = {"Authorization": f"Bearer {token}"}
    client.cookies.clear()
    assert client.get("/api/v1/auth/me", headers=h).status_code == 200
    assert client.post("/api/v1/auth/logout", headers=h).status_code == 200
    assert client.get("/api/v1/auth/me", headers=h).status_code == 401  # the same token, replayed
    assert client.get("/api/v1/applications", headers=h).status_code == 401


def test_logout_revokes_the_cookie_too(client, world):
    assert _login(client, "t_zhang").status_code == 200
    stolen = client.cookies.get(accounts.COOKIE)
    assert stolen and client.get("/api/v1/auth/me").status_code == 200
    assert client.post("/api/v1/auth/logout").status_code == 200
    client.cookies.set(accounts.COOKIE, stolen)  # a copy kept by someone else
    assert client.get("/api/v1/auth/me").status_code == 401
    # another session of the same user is not affected
    other = accounts.issue_token(world["zhang"])
    assert client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {other}"}).status_code == 200


def test_failed_logins_back_off_per_user(client, world):
    for _ in range(accounts.FREE_FAILURES_PER_USER):
        assert _login(client, "t_zhang", "wrong-password").status_code == 401
    r = _login(client, "t_zhang")  # even the right password waits
    assert r.status_code == 429 and r.json()["retry_after"] >= 1
    assert _login(client, "t_li").status_code == 200  # other users are not blocked
    world.session.execute(update(LoginThrottle).where(LoginThrottle.key == "u:t_zhang")
                          .values(blocked_until=utcnow() - timedelta(seconds=1)))
    assert _login(client, "t_zhang").status_code == 200
    # the wait doubles with each further failure
    row = world.session.get(LoginThrottle, "u:t_zhang")
    assert row is None or row.failures == 0


def test_the_wait_grows(world):
    waits = [accounts.backoff_seconds(n) for n in range(1, 20)]
    assert waits[: accounts.FREE_FAILURES_PER_USER - 1] == [0] * (accounts.FREE_FAILURES_PER_USER - 1)
    assert waits == sorted(waits) and waits[-1] == accounts.MAX_BACKOFF_SECONDS


def test_failed_logins_back_off_per_address(client, world, monkeypatch):
    monkeypatch.setattr(accounts, "FREE_FAILURES_PER_ADDRESS", 7)  # (20 by default: offices share an address)
    for i in range(accounts.FREE_FAILURES_PER_ADDRESS):
        assert _login(client, f"nobody{i}", "wrong-password").status_code == 401
    assert _login(client, "t_li").status_code == 429  # the address waits, whoever it tries


def test_hashing_runs_a_bounded_number_at_a_time(world, monkeypatch):
    inside, peak, lock = [0], [0], threading.Lock()
    real = accounts._verify_hash

    def slow_verify(h, pw):
        with lock:
            inside[0] += 1
            peak[0] = max(peak[0], inside[0])
        time.sleep(0.05)
        try:
            return real(h, pw)
        finally:
            with lock:
                inside[0] -= 1

    monkeypatch.setattr(accounts, "_verify_hash", slow_verify)
    hashed = world["zhang"].password_hash
    threads = [threading.Thread(target=accounts.verify_password, args=(hashed, "wrong")) for _ in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert 1 <= peak[0] <= accounts.HASH_CONCURRENCY
