"""The server's scheduled audit verify: every ``JIUYE_AUDIT_VERIFY_EVERY`` seconds (0 = off) a
background thread runs :func:`.verify.verify` with the signing key (``trigger="schedule"``).

With several worker processes each has the thread, but a run starts only when the database's last
run is older than the interval (checked under the anchor's host lock), so the workers of one host
take turns rather than all verifying. The result is stored (``audit_verifications``), logged
(``jiuye.audit``) and shown to the province administrator on ``/audit``.
"""

from __future__ import annotations

import logging
import threading
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, select

from ..audit.anchor import Anchor
from ..audit.models import AuditVerification
from .verify import verify

log = logging.getLogger("jiuye.audit")
FIRST_DELAY_SECONDS = 30.0  # after start-up, before the first run


def due(session: Any, every_seconds: float, now: datetime | None = None) -> bool:
    """Whether a scheduled run is due: no run of the schedule or the CLI in the last interval."""
    last = session.scalar(select(func.max(AuditVerification.finished_at))
                          .where(AuditVerification.trigger.in_(("schedule", "cli"))))
    if last is None:
        return True
    last = last if last.tzinfo else last.replace(tzinfo=UTC)
    return (now or datetime.now(UTC)) - last >= timedelta(seconds=every_seconds * 0.9)


def run_once(session_factory: Any, anchor: Anchor, every_seconds: float) -> bool | None:
    """One scheduled run if due (True/False: its result; None: not due)."""
    with session_factory() as session, anchor.locked():
        if not due(session, every_seconds):
            return None
        session.rollback()  # (a fresh snapshot for the run)
        return verify(session, anchor=anchor, trigger="schedule", lock=False).ok


class ScheduledVerify:
    def __init__(self, session_factory: Any, every_seconds: float, anchor: Anchor | None = None,
                 first_delay: float = FIRST_DELAY_SECONDS) -> None:
        self.session_factory, self.every, self.first_delay = session_factory, every_seconds, first_delay
        self.anchor = anchor or Anchor.from_settings()
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._loop, name="jiuye-audit-verify", daemon=True)

    def start(self) -> ScheduledVerify:
        self.thread.start()
        log.info("scheduled audit verify every %s s", self.every)
        return self

    def stop(self) -> None:
        self.stopped.set()

    def _loop(self) -> None:
        wait = min(self.first_delay, self.every)
        while not self.stopped.wait(wait):
            try:
                run_once(self.session_factory, self.anchor, self.every)
            except Exception:  # the server goes on; the failure is logged and the next run retries
                log.exception("scheduled audit verify could not run")
            wait = self.every
