"""Reconcile the business tables with the audit chains.

The chains prove their own integrity; this proves the tables agree with them, so changing an
amount or a status in ``payments``, ``applications`` or ``entitlements``, forging or deleting a
decision, or deleting (truncating) whole chains is found:

- every application has its submission event, in its county's chain (so the chains that must
  exist are known from the applications);
- every decision has its event: as many decisions of each kind as events of the matching action;
- an approved amount, an entitlement (amount, months) and each payment's amount, instalment and
  due date are those the approval event recorded;
- each payment's status is the one its events lead to (scheduled → paid / failed / reversed, or
  cancelled by a later approval that superseded it).

**Approvals made before the approval event recorded its schedule** (before 2026-12-06: the event
has the amount, months, number of payments and their total, but no entitlement id, no schedule)
are checked by what their event says: the entitlement's months, and the number and total of the
application's payments; a cancelled payment must belong to an entitlement that a later approval
superseded. ``jiuye audit baseline`` then records, once, an ``application.baseline`` event per such
approval with its entitlement and schedule as the tables hold them — only when the whole database
reconciles — and from then on they are checked like any other (instalment, amount, due date).
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..applications.models import Application, Decision, Entitlement, Payment
from ..audit.models import AuditEvent
from ..audit.service import SYSTEM, chain_of, record
from ..errors import Conflict

#: decision kind → the event action written with it
DECISION_EVENT = {"pre_check": "application.submitted", "re_check": "application.approved",
                  "approve": "application.approved", "reject": "application.rejected",
                  "objection": "application.objection", "human_review": "application.human_review"}
PAYMENT_ACTIONS = ("payment.payout", "payment.failure", "payment.reversal")
BASELINE = "application.baseline"
SUPERSEDED = "entitlement.superseded"
_ACTIONS = (*set(DECISION_EVENT.values()), *PAYMENT_ACTIONS, BASELINE, SUPERSEDED)
MAX_PROBLEMS = 50


def _events(db_session: Session) -> tuple[dict[int, list[tuple[str, dict[str, Any]]]], dict[int, list[dict[str, Any]]],
                                         set[int]]:
    """(events by application id, payment events by payment id, superseded entitlement ids), in chain order."""
    by_app: dict[int, list[tuple[str, dict[str, Any]]]] = defaultdict(list)
    by_payment: dict[int, list[dict[str, Any]]] = defaultdict(list)
    superseded: set[int] = set()
    stmt = (select(AuditEvent.action, AuditEvent.object_id, AuditEvent.details)
            .where(AuditEvent.action.in_(_ACTIONS), AuditEvent.object_id.is_not(None))
            .order_by(AuditEvent.chain, AuditEvent.seq).execution_options(yield_per=2000))
    for action, object_id, details in db_session.execute(stmt):
        if not object_id.isdigit():
            continue
        d = json.loads(details)
        if action in PAYMENT_ACTIONS:
            by_payment[int(object_id)].append(d)
        elif action == SUPERSEDED:
            superseded.add(int(object_id))
        else:
            by_app[int(object_id)].append((action, d))
            if action == "application.approved":
                superseded.update(x for x in d.get("superseded_entitlements", []) if isinstance(x, int))
    return by_app, by_payment, superseded


def reconcile(db_session: Session) -> list[str]:
    """Every disagreement between the tables and the chains (at most :data:`MAX_PROBLEMS`)."""
    return _reconcile(db_session)[0]


def _reconcile(db_session: Session) -> tuple[list[str], dict[int, dict[str, Any]]]:
    """(the problems, the approvals made before schedules were recorded and not yet baselined)."""
    problems: list[str] = []
    legacy: dict[int, dict[str, Any]] = {}
    by_app, by_payment, superseded_ents = _events(db_session)
    decisions: dict[int, Counter[str]] = defaultdict(Counter)
    for app_id, kind, n in db_session.execute(select(Decision.application_id, Decision.kind, func.count())
                                              .group_by(Decision.application_id, Decision.kind)):
        decisions[app_id][kind] = n
    schedule: dict[int, tuple[int, list[Any]]] = {}  # payment id → (application id, [seq, amount, due])
    cancelled: set[int] = set()
    approvals: dict[int, dict[str, Any]] = {}
    for app_id, approved_fen, county in db_session.execute(
            select(Application.id, Application.approved_amount_fen, Application.county_code)
            .order_by(Application.id)):
        events = by_app.get(app_id, [])
        actions = Counter(a for a, _ in events)
        if not actions["application.submitted"]:
            problems.append(f"application {app_id}: its submission event is missing from audit chain "
                            f"{chain_of(county)} (chain deleted or truncated?)")
            continue
        want = Counter()
        for kind, n in decisions.get(app_id, {}).items():
            if kind in DECISION_EVENT:
                want[DECISION_EVENT[kind]] += n if kind != "re_check" else 0
        superseded_at_approval = sum(1 for a, d in events if a == "application.approved" and d.get("status") == "superseded")
        for action in sorted(set(want) | (set(actions) - {BASELINE})):
            if want[action] != actions[action]:
                problems.append(f"application {app_id}: {want[action]} decision(s) recorded for "
                                f"{action} but {actions[action]} audit event(s)")
        d_counts = decisions.get(app_id, Counter())
        if d_counts["re_check"] != actions["application.approved"] or \
                d_counts["superseded"] != superseded_at_approval:
            problems.append(f"application {app_id}: re-check / superseded decisions do not match the audit chain")
        approved = [d for a, d in events if a == "application.approved"]
        if approved:
            last = approvals[app_id] = approved[-1]
            if "schedule" not in last:  # approved before the event recorded its schedule
                baseline = [d for a, d in events if a == BASELINE]
                if baseline:
                    last = approvals[app_id] = {**last, **baseline[-1]}
                else:
                    legacy[app_id] = last
            for pid, seq, amount, due in last.get("schedule", []):
                schedule[pid] = (app_id, [seq, amount, due])
            cancelled.update(last.get("cancelled_payments", []))
        said = approved[-1].get("amount_fen") if approved else None
        if approved_fen != said:
            problems.append(f"application {app_id}: approved amount {approved_fen} differs from the audit chain's {said}")
        if len(problems) >= MAX_PROBLEMS:
            return problems, legacy
    for ent_id, app_id, amount, months in db_session.execute(
            select(Entitlement.id, Entitlement.application_id, Entitlement.amount_fen, Entitlement.months)):
        if app_id in legacy:
            if months != legacy[app_id].get("months"):
                problems.append(f"entitlement {ent_id} (application {app_id}, approved before schedules were recorded): "
                                f"{months} months differ from the audit chain's {legacy[app_id].get('months')}")
            continue
        said = approvals.get(app_id, {}).get("entitlement") or {}
        if [said.get("id"), said.get("amount_fen"), said.get("months")] != [ent_id, amount, months]:
            problems.append(f"entitlement {ent_id} (application {app_id}): amount {amount} × {months} months differs "
                            f"from the audit chain's {said.get('amount_fen')} × {said.get('months')}")
    tally: dict[int, list[int]] = defaultdict(lambda: [0, 0])  # legacy application → [payments, total]
    for pid, app_id, ent_id, seq, amount, due, status in db_session.execute(
            select(Payment.id, Payment.application_id, Payment.entitlement_id, Payment.seq, Payment.amount_fen,
                   Payment.due_date, Payment.status).order_by(Payment.id)):
        if app_id in legacy:
            tally[app_id][0] += 1
            tally[app_id][1] += amount
            events = by_payment.get(pid, [])
            expected = events[-1].get("to") if events else (
                "cancelled" if pid in cancelled or (status == "cancelled" and ent_id in superseded_ents) else "scheduled")
            if status != expected:
                problems.append(f"payment {pid}: status {status} but the audit chain says {expected}")
            if any(e.get("amount_fen") != amount for e in events):
                problems.append(f"payment {pid}: amount {amount} differs from its payment events in the audit chain")
            continue
        planned = schedule.get(pid)
        if planned is None or planned[0] != app_id:
            problems.append(f"payment {pid} (application {app_id}): not in its approval's schedule in the audit chain")
            continue
        if planned[1] != [seq, amount, due.isoformat()]:
            problems.append(f"payment {pid}: instalment {seq}, amount {amount}, due {due} differs from the audit "
                            f"chain's {planned[1][0]}, {planned[1][1]}, {planned[1][2]}")
        events = by_payment.get(pid, [])
        expected = "cancelled" if pid in cancelled else (events[-1].get("to") if events else "scheduled")
        if status != expected:
            problems.append(f"payment {pid}: status {status} but the audit chain says {expected}")
        if any(e.get("amount_fen") != amount for e in events):
            problems.append(f"payment {pid}: amount {amount} differs from its payment events in the audit chain")
        if len(problems) >= MAX_PROBLEMS:
            break
    for app_id, said in legacy.items():
        n, total = tally.get(app_id, [0, 0])
        if [n, total] != [said.get("payments"), said.get("total_fen")]:
            problems.append(f"application {app_id} (approved before schedules were recorded): {n} payment(s) totalling "
                            f"{total} differ from the audit chain's {said.get('payments')} totalling {said.get('total_fen')}")
    return problems[:MAX_PROBLEMS], legacy


def baseline(db_session: Session) -> int:
    """Record, once, the entitlement and schedule of every approval made before the approval event
    recorded them (``application.baseline``), only when the whole database reconciles; returns how
    many were recorded. The caller commits."""
    problems, legacy = _reconcile(db_session)
    if problems:
        raise Conflict(f"审计核对发现 {len(problems)} 处不一致，不能建立基准", "the database does not reconcile with the "
                       f"audit chains ({len(problems)} problem(s)); no baseline recorded: {problems[0]}", field="audit")
    for app_id in sorted(legacy):
        app = db_session.get(Application, app_id)
        ent = db_session.scalar(select(Entitlement).where(Entitlement.application_id == app_id))
        pays = db_session.scalars(select(Payment).where(Payment.application_id == app_id).order_by(Payment.id)).all()
        record(db_session, actor=SYSTEM, action=BASELINE, object_type="application", object_id=app_id,
               county_code=app.county_code if app is not None else None, details={
                   "basis": "approved before the approval event recorded its schedule; attested from the tables "
                            "after they reconciled with the event's months, payments and total",
                   "entitlement": None if ent is None else {"id": ent.id, "amount_fen": ent.amount_fen,
                                                            "months": ent.months},
                   "schedule": [[x.id, x.seq, x.amount_fen, x.due_date.isoformat()] for x in pays],
                   "cancelled_payments": [x.id for x in pays if x.status == "cancelled"]})
    return len(legacy)
