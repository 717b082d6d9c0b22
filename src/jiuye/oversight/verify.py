"""``jiuye audit verify``: the chains, the signed heads and the business tables, together.

Every run is kept (``audit_verifications``: when, by what, the result) and logged (logger
``jiuye.audit``: INFO when intact, ERROR with the problems), whether it came from the CLI, the
server's schedule (:mod:`.scheduled`) or the web; the province administrator sees the last runs on
``/audit`` and ``GET /api/v1/audit/verifications``.
"""

from __future__ import annotations

import logging
from contextlib import nullcontext
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..audit import service as audit
from ..audit.anchor import canonical
from ..audit.models import AuditVerification
from ..audit.service import VerifyResult, verify_chains
from .reconcile import reconcile

log = logging.getLogger("jiuye.audit")
TRIGGERS = ("cli", "schedule", "web")


def _run(db_session: Session, anchor: Any, reanchor: bool) -> tuple[VerifyResult, dict[str, Any] | None, str | None]:
    chains = verify_chains(db_session)
    if not chains.ok:
        return chains, None, None
    skipped: list[str] = []
    if anchor is not None and reanchor:
        skipped = anchor.check(db_session)
    problems = [*(anchor.check(db_session) if anchor is not None and not reanchor else []), *reconcile(db_session)]
    if problems:
        return VerifyResult(False, chains.checked, chains=chains.chains, problems=tuple(problems)), None, None
    if anchor is None:
        return VerifyResult(True, chains.checked, chains=chains.chains), None, None
    if reanchor:  # the operator accepts the database as it is now: on the chain, with what was set aside
        audit.record(db_session, actor=audit.SYSTEM, action="audit.reanchored", object_type="audit",
                     details={"set_aside": skipped[:50], "heads_file": str(anchor.heads_path)})
        db_session.flush()
    heads, signature = anchor.signed_heads(db_session)
    return (VerifyResult(True, chains.checked, chains=chains.chains, anchored=str(anchor.heads_path)),
            heads, signature)


def verify(db_session: Session, *, anchor: Any = None, trigger: str = "web", reanchor: bool = False,
           lock: bool = True) -> VerifyResult:
    """Recompute every chain (the first broken link), reconcile the business tables with the chains,
    and, with an :class:`~jiuye.audit.anchor.Anchor`, check the earlier runs' signed heads (the
    file and the database's last signed run) and sign the current ones (only when everything is
    consistent). ``reanchor``: set the anchor checks aside once (after a problem was investigated),
    recorded on the chain as ``audit.reanchored``. The run is stored and committed, then logged.
    ``lock=False``: the caller holds the anchor's lock already."""
    started = datetime.now(UTC)
    if anchor is not None:
        with anchor.locked() if lock else nullcontext():
            result, heads, signature = _run(db_session, anchor, reanchor)
            run = _store(db_session, result, started, trigger, heads, signature)
            if heads is not None:
                anchor.write(heads, run.id)
    else:
        result, _, _ = _run(db_session, None, False)
        _store(db_session, result, started, trigger, None, None)
    if result.ok:
        log.info("audit verify (%s): %s", trigger, result.message())
    else:
        log.error("audit verify (%s) FAILED: %s", trigger, result.message())
    return result


def _store(db_session: Session, result: VerifyResult, started: datetime, trigger: str,
           heads: dict[str, Any] | None, signature: str | None) -> AuditVerification:
    run = AuditVerification(started_at=started, finished_at=datetime.now(UTC), trigger=trigger, ok=result.ok,
                            events=result.checked, chains=result.chains,
                            problems=len(result.problems) + (0 if result.ok or result.problems else 1),
                            message=result.message()[:20_000],
                            heads=None if heads is None else canonical(heads).decode(), signature=signature)
    db_session.add(run)
    db_session.commit()
    return run


def recent_runs(db_session: Session, *, limit: int = 10) -> list[AuditVerification]:
    return list(db_session.scalars(select(AuditVerification).order_by(AuditVerification.id.desc()).limit(limit)))
