"""A large campaign runs in the background of the web process, with its progress on a page.

A roster above :data:`SYNC_ROWS` rows is run in a thread with its own database session; the page
``/campaigns/runs/{token}`` polls the run (HTMX) and shows a progress bar, then moves on to the
campaign. Runs are held in this process's memory (the token is unguessable and bound to the user
who started it); a run lost to a restart leaves nothing half-written, because the campaign is one
transaction (:func:`jiuye.campaigns.service.create`).
"""

from __future__ import annotations

import logging
import secrets
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from ..accounts.models import User
from ..errors import JiuyeError
from . import service

SYNC_ROWS = 20_000
KEEP_SECONDS = 3600
log = logging.getLogger("jiuye.campaigns")


@dataclass
class Run:
    user_id: int
    stage: str = "evaluate"
    done: int = 0
    total: int = 0
    campaign_id: int | None = None
    error_zh: str | None = None
    error_en: str | None = None
    started: float = field(default_factory=time.monotonic)

    def update(self, stage: str, done: int, total: int) -> None:
        self.stage, self.done, self.total = stage, done, total

    @property
    def finished(self) -> bool:
        return self.campaign_id is not None or self.error_zh is not None

    @property
    def percent(self) -> int:
        share = self.done / self.total if self.total else 0.0
        return int(share * 80) if self.stage == "evaluate" else 80 + int(share * 20)


RUNS: dict[str, Run] = {}
_lock = threading.Lock()


def start(user: User, bind: Any, **kwargs: Any) -> str:
    """Start ``service.create(**kwargs)`` as ``user`` in a thread, on a session of its own bound to
    ``bind`` (the request session's engine); returns the run's token."""
    token = secrets.token_urlsafe(16)
    run = Run(user.id, total=getattr(kwargs.get("roster"), "rows", 0))
    with _lock:
        now = time.monotonic()
        for k in [k for k, r in RUNS.items() if r.finished and now - r.started > KEEP_SECONDS]:
            del RUNS[k]
        RUNS[token] = run
    threading.Thread(target=_work, args=(run, bind, kwargs), name=f"campaign-{token[:6]}", daemon=True).start()
    return token


def _work(run: Run, bind: Any, kwargs: dict[str, Any]) -> None:
    with Session(bind=bind, join_transaction_mode="create_savepoint", expire_on_commit=False) as s:
        try:
            user = s.get(User, run.user_id)
            c = service.create(db_session=s, user=user, progress=run.update, **kwargs)
            run.campaign_id = c.id
        except JiuyeError as exc:
            run.error_zh, run.error_en = exc.message_zh, exc.message_en
        except Exception:  # noqa: BLE001 - reported on the page, logged with its trace
            log.exception("campaign run failed")
            run.error_zh, run.error_en = "比对未能完成，请稍后重试", "the run did not complete; try again later"


def get(token: str, user: User) -> Run | None:
    run = RUNS.get(token)
    return run if run is not None and run.user_id == user.id else None
