"""Write and verify the hash-chained audit log.

:func:`record` appends an event inside the caller's transaction (it is rolled back with it);
:func:`record_rejection` writes the event of a refused write after the caller rolled back, so a
rejected write leaves nothing but that event. Details are masked before they are stored:
ID numbers keep 6 + 4 characters (330106********1234), names their first character.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

from sqlalchemy import bindparam, func, insert, select, update
from sqlalchemy.orm import Session

from ..db.core import lock_row
from ..errors import JiuyeError
from ..ids import mask_id_number, mask_name
from ..refdata.divisions import get_division
from .models import GENESIS_HASH, PROVINCE_CHAIN, AuditEvent, AuditHead

_ID_RE = re.compile(r"(?<![0-9A-Za-z])[0-9]{17}[0-9Xx](?![0-9A-Za-z])")
_ID_KEYS = ("id_number", "employee_id_number")
_NAME_KEYS = ("name", "person_name", "employee_name", "applicant_name")


class Actor(Protocol):
    id: int
    username: str
    role: str


@dataclass(frozen=True)
class SystemActor:
    """An actor that is not a logged-in user: the rules engine, the demo seeder, the CLI."""

    username: str
    role: str = "system"
    id: int | None = None


ENGINE = SystemActor("engine")
SYSTEM = SystemActor("system")


def mask_details(value: Any, key: str = "", *, by_key: bool = True) -> Any:
    """Mask ID numbers and names anywhere in ``value`` (dicts, lists, strings): values under an ID
    or name key, and anything shaped like an 18-character ID number. ``by_key=False`` masks only
    the latter (for explanation trees, whose ``name`` is a label)."""
    if isinstance(value, dict):
        return {k: mask_details(v, k, by_key=by_key) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [mask_details(v, key, by_key=by_key) for v in value]
    if isinstance(value, str):
        if by_key and key in _ID_KEYS:
            return mask_id_number(value)
        if by_key and key in _NAME_KEYS:
            return mask_name(value)
        return _ID_RE.sub(lambda m: mask_id_number(m.group(0)), value)
    return value


def _canonical(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


def _utc_iso(ts: datetime) -> str:
    if ts.tzinfo is None:
        ts = ts.replace(tzinfo=UTC)
    return ts.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def event_hash(e: AuditEvent) -> str:
    body = {"seq": e.seq, "occurred_at": _utc_iso(e.occurred_at), "actor_user_id": e.actor_user_id,
            "actor": e.actor, "actor_role": e.actor_role, "action": e.action, "object_type": e.object_type,
            "object_id": e.object_id, "county_code": e.county_code, "details": e.details}
    if e.chain != PROVINCE_CHAIN:  # (events of the province chain hash as before chains existed)
        body["chain"] = e.chain
    return hashlib.sha256((e.prev_hash + _canonical(body)).encode()).hexdigest()


def chain_of(county_code: str | None) -> str:
    """A county's events form its own chain; everything else is the province's."""
    if county_code:
        d = get_division(county_code)
        if d is not None and d.level == "county":
            return d.code
    return PROVINCE_CHAIN


def record(db_session: Session, *, actor: Actor | SystemActor, action: str, object_type: str,
           object_id: object = None, county_code: str | None = None,
           details: dict[str, Any] | None = None) -> AuditEvent:
    """Append one event to its county's chain in the current transaction (locks that chain's head
    until the commit: call it last)."""
    chain = chain_of(county_code)
    heads = AuditHead.__table__
    db_session.flush()  # pending ORM writes go first: the head stays locked only to the commit
    head = lock_row(db_session, heads, {"chain": chain, "seq": 0, "hash": GENESIS_HASH}, ["chain"],
                    {"seq": heads.c.seq}, returning=(heads.c.seq, heads.c.hash))
    event = AuditEvent(
        chain=chain, seq=head.seq + 1, occurred_at=datetime.now(UTC), actor_user_id=getattr(actor, "id", None),
        actor=actor.username, actor_role=str(actor.role), action=action, object_type=object_type,
        object_id=None if object_id is None else str(object_id), county_code=county_code,
        details=_canonical(mask_details(details or {})), prev_hash=head.hash,
    )
    event.hash = event_hash(event)
    db_session.connection().execute(_INSERT_EVENT, {c: getattr(event, c) for c in _EVENT_COLUMNS})
    db_session.connection().execute(_MOVE_HEAD, {"chain_name": chain, "new_seq": event.seq, "new_hash": event.hash})
    return event


_EVENT_COLUMNS = ("chain", "seq", "occurred_at", "actor_user_id", "actor", "actor_role", "action", "object_type",
                  "object_id", "county_code", "details", "prev_hash", "hash")
_INSERT_EVENT = insert(AuditEvent.__table__)
_MOVE_HEAD = (update(AuditHead.__table__).where(AuditHead.__table__.c.chain == bindparam("chain_name"))
              .values(seq=bindparam("new_seq"), hash=bindparam("new_hash")))


def record_rejection(db_session: Session, *, actor: Actor | SystemActor, action: str, object_type: str,
                     object_id: object = None, county_code: str | None = None, error: Exception,
                     details: dict[str, Any] | None = None) -> None:
    """After a refused write: roll back whatever the caller did, then commit only this event."""
    db_session.rollback()
    info: dict[str, Any] = dict(details or {})
    info["error"] = type(error).__name__
    for attr in ("field", "message_en", "code"):
        if getattr(error, attr, None):
            info[attr] = getattr(error, attr)
    record(db_session, actor=actor, action=action, object_type=object_type, object_id=object_id,
           county_code=county_code, details=info)
    db_session.commit()


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    checked: int
    broken_seq: int | None = None
    reason: str | None = None
    chain: str | None = None
    chains: int = 0
    problems: tuple[str, ...] = ()  # the tables disagreeing with the chains, or with the signed heads
    anchored: str | None = None  # the signed head file checked and written, if any

    def message(self) -> str:
        if self.chain is not None and self.reason:
            return (f"审计链 {self.chain} 在第 {self.broken_seq} 条断开：{self.reason} / "
                    f"audit chain {self.chain} broken at event {self.broken_seq}: {self.reason}")
        if self.problems:
            shown = "; ".join(self.problems[:5]) + (f"; … ({len(self.problems)} in all)" if len(self.problems) > 5 else "")
            return (f"审计核对发现 {len(self.problems)} 处不一致 / audit reconciliation found "
                    f"{len(self.problems)} problem(s): {shown}")
        signed = f"; signed heads checked and written to {self.anchored}" if self.anchored else ""
        return (f"审计链完整：{self.chains} 条链，共 {self.checked} 条，业务数据与审计链一致 / audit chains intact: "
                f"{self.chains} chains, {self.checked} events; payments, entitlements and decisions reconciled{signed}")


def verify_chains(db_session: Session) -> VerifyResult:
    """Recompute every chain in sequence order; report the first broken link."""
    heads = {h.chain: h for h in db_session.scalars(select(AuditHead))}
    n, chain, prev, expected = 0, None, GENESIS_HASH, 1

    def close(chain: str | None, last_seq: int, last_hash: str) -> VerifyResult | None:
        head = heads.pop(chain, None) if chain is not None else None
        if chain is not None and (head is None or head.seq != last_seq or head.hash != last_hash):
            said = head.seq if head else 0
            return VerifyResult(False, n, last_seq + 1 if said > last_seq else said, (
                f"the chain head says {said} events; {last_seq} found (events deleted at the end?)"), chain)
        return None

    stmt = select(AuditEvent).order_by(AuditEvent.chain, AuditEvent.seq).execution_options(yield_per=1000)
    chains = 0
    for e in db_session.scalars(stmt):
        if e.chain != chain:
            bad = close(chain, expected - 1, prev)
            if bad:
                return bad
            chain, prev, expected, chains = e.chain, GENESIS_HASH, 1, chains + 1
        if e.seq != expected:
            return VerifyResult(False, n, expected, f"event {expected} is missing (next is {e.seq})", chain)
        if e.prev_hash != prev:
            return VerifyResult(False, n, e.seq, "prev_hash does not match the previous event's hash", chain)
        if event_hash(e) != e.hash:
            return VerifyResult(False, n, e.seq, "content does not match its hash (altered)", chain)
        prev, expected, n = e.hash, expected + 1, n + 1
    bad = close(chain, expected - 1, prev)
    if bad:
        return bad
    for name, head in heads.items():
        if head.seq:
            return VerifyResult(False, n, 1, f"the chain head says {head.seq} events; none found (events deleted at the end?)", name)
    return VerifyResult(True, n, chains=chains)


def list_events(db_session: Session, *, limit: int = 100, offset: int = 0, object_type: str | None = None,
                object_id: str | None = None, county_code: str | None = None,
                county_codes: list[str] | None = None) -> list[AuditEvent]:
    stmt = select(AuditEvent).order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc()).limit(limit).offset(offset)
    if object_type:
        stmt = stmt.where(AuditEvent.object_type == object_type)
    if object_id:
        stmt = stmt.where(AuditEvent.object_id == object_id)
    if county_code:
        stmt = stmt.where(AuditEvent.county_code == county_code)
    if county_codes is not None:
        stmt = stmt.where(AuditEvent.county_code.in_(county_codes))
    return list(db_session.scalars(stmt))


def count_events(db_session: Session, *, action: str | None = None) -> int:
    stmt = select(func.count()).select_from(AuditEvent)
    if action:
        stmt = stmt.where(AuditEvent.action == action)
    return db_session.scalar(stmt) or 0


@contextmanager
def audited_write(db_session: Session, *, actor: Actor | SystemActor, action: str, object_type: str,
                  object_id: object = None, county_code: str | None = None) -> Iterator[None]:
    """One unit of work: commit on success; on a refused write (any :class:`JiuyeError`) roll
    everything back and commit only the event ``{action}.refused``; on a crash roll back."""
    try:
        yield
        db_session.commit()
    except JiuyeError as exc:
        record_rejection(db_session, actor=actor, action=f"{action}.refused", object_type=object_type,
                         object_id=object_id, county_code=county_code, error=exc)
        raise
    except BaseException:
        db_session.rollback()
        raise
