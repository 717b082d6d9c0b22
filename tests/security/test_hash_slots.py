"""Issue 12, item 5 (sessions): the bound on concurrent argon2 hashing holds across worker
processes of a host, not per process: the slots are files locked with flock in JIUYE_HASH_SLOTS,
so another process holding them makes this one wait, and answer 429 when none frees up."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from jiuye.accounts import service as accounts
from jiuye.errors import TooManyRequests

HOLD = """
import fcntl, os, sys, time
fds = []
for i in range(int(sys.argv[2])):
    fd = os.open(os.path.join(sys.argv[1], f"slot-{i}"), os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(fd, fcntl.LOCK_EX)
    fds.append(fd)
print("held", flush=True)
time.sleep(float(sys.argv[3]))
"""


def _other_worker(folder, slots: int, seconds: float) -> subprocess.Popen:
    """Another worker process of the host, hashing on ``slots`` slots for ``seconds``."""
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(folder), str(slots), str(seconds)],
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "held"
    return proc


@pytest.fixture
def slots(tmp_path, monkeypatch, password_hash):
    monkeypatch.setenv("JIUYE_HASH_SLOTS", str(tmp_path))
    monkeypatch.setattr(accounts, "HASH_WAIT_SECONDS", 0.5)
    return tmp_path


def test_another_process_holding_every_slot_means_429(slots, password_hash):
    other = _other_worker(slots, accounts.HASH_CONCURRENCY, 30)
    try:
        started = time.monotonic()
        with pytest.raises(TooManyRequests):
            accounts.verify_password(password_hash, "wrong-password")
        assert time.monotonic() - started >= 0.5  # it waited for a slot first
    finally:
        other.kill()
        other.wait()
    assert accounts.verify_password(password_hash, "correct-horse-battery")  # freed by the kernel


def test_a_free_slot_is_used_while_another_process_holds_the_rest(slots, password_hash):
    other = _other_worker(slots, accounts.HASH_CONCURRENCY - 1, 30)
    try:
        assert accounts.verify_password(password_hash, "correct-horse-battery")
    finally:
        other.kill()
        other.wait()


def test_a_slot_freed_by_the_other_process_is_taken(slots, password_hash, monkeypatch):
    monkeypatch.setattr(accounts, "HASH_WAIT_SECONDS", 20)
    other = _other_worker(slots, accounts.HASH_CONCURRENCY, 1.0)
    try:
        assert accounts.verify_password(password_hash, "correct-horse-battery")
    finally:
        other.wait()
