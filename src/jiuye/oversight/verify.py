"""``jiuye audit verify``: the chains, the signed heads and the business tables, together."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from ..audit.service import VerifyResult, verify_chains
from .reconcile import reconcile


def verify(db_session: Session, *, anchor: Any = None) -> VerifyResult:
    """Recompute every chain (the first broken link), reconcile the business tables with the chains,
    and, with an :class:`~jiuye.audit.anchor.Anchor`, check the previous run's signed heads and
    sign the current ones (only when everything is consistent)."""
    chains = verify_chains(db_session)
    if not chains.ok:
        return chains
    problems = [*(anchor.check(db_session) if anchor is not None else []), *reconcile(db_session)]
    if problems:
        return VerifyResult(False, chains.checked, chains=chains.chains, problems=tuple(problems))
    if anchor is not None:
        anchor.write(db_session)
    return VerifyResult(True, chains.checked, chains=chains.chains,
                        anchored=str(anchor.heads_path) if anchor is not None else None)
