"""Response models of the audit API (``/api/v1/audit``)."""

from __future__ import annotations

from ..fields import Answer


class VerifyOut(Answer):
    ok: bool
    checked: int
    chains: int
    broken_chain: str | None = None
    broken_seq: int | None = None
    reason: str | None = None
    message: str


class EventOut(Answer):
    chain: str
    seq: int
    occurred_at: str
    actor: str
    actor_role: str
    action: str
    object_type: str
    object_id: str | None = None
    county_code: str | None = None
    details: str
    hash: str


class VerificationRun(Answer):
    id: int
    started_at: str
    finished_at: str
    trigger: str
    ok: bool
    events: int
    chains: int
    problems: int
    signed: bool
    message: str
