"""Applications: submit, read (scoped), approve, reject, object (异议), ask for human review.

Every write is one transaction (:func:`jiuye.audit.service.audited_write`): it either commits
with its audit events, or is rolled back completely and leaves only a ``….refused`` event.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from typing import Any

from sqlalchemy import bindparam, func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..accounts.models import IdempotencyRecord, Role, User
from ..accounts.service import scope
from ..audit import service as audit
from ..catalogue.registry import get_provision
from ..db.core import get_or_insert_id, utcnow
from ..engine.provision import Provision
from ..engine.results import ELIGIBLE, NOT_ELIGIBLE, SUPERSEDED
from ..errors import (
    Conflict,
    Forbidden,
    IdempotencyMismatch,
    InputError,
    InvalidTransition,
    JiuyeError,
    NotFound,
)
from ..facts.models import Case
from ..fields import MAX_REASON, check_text
from ..ids import mask_id_number
from ..localstd.service import refresh_overlay
from . import claims, limits, precheck, schemas
from . import grant as granting
from .models import Application, Decision, EnterpriseRecord, Entitlement, PersonRecord, Status

# --- reading ------------------------------------------------------------------------------

def _scoped(user: User):
    return scope(user, county_col=Application.county_code, city_col=Application.city_code,
                 person_col=Application.person_id, enterprise_col=Application.enterprise_id,
                 kind_col=Application.subject_kind)


def get(*, db_session: Session, user: User, application_id: int, for_update: bool = False) -> Application:
    """The application if ``user`` may see it; otherwise NotFound (another county's looks absent)."""
    stmt = select(Application).where(Application.id == application_id, _scoped(user))  # the lists' rule
    if for_update:
        stmt = stmt.with_for_update().execution_options(populate_existing=True)
    app = db_session.scalar(stmt)
    if app is None:
        raise NotFound("申请", "application", application_id)
    return app


def list_applications(*, db_session: Session, user: User, status: str | None = None, provision_id: str | None = None,
                      county_code: str | None = None, date_from: date | None = None, date_to: date | None = None,
                      limit: int = 100, offset: int = 0) -> tuple[list[Application], int]:
    if status is not None and status not in {s.value for s in Status}:
        raise InputError("status", f"未知的申请状态：{status}", f"unknown application status: {status}")
    stmt = select(Application).where(_scoped(user))
    if status:
        stmt = stmt.where(Application.status == status)
    if provision_id:
        stmt = stmt.where(Application.provision_id == provision_id)
    if county_code:
        stmt = stmt.where(Application.county_code == county_code)
    if date_from:
        stmt = stmt.where(Application.application_date >= date_from)
    if date_to:
        stmt = stmt.where(Application.application_date <= date_to)
    total = db_session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    rows = db_session.scalars(stmt.order_by(Application.created_at.desc(), Application.id.desc())
                              .limit(limit).offset(offset))
    return list(rows), total


def decisions_of(db_session: Session, app: Application) -> list[Decision]:
    return list(db_session.scalars(select(Decision).where(Decision.application_id == app.id).order_by(Decision.id)))


def entitlement_of(db_session: Session, app: Application) -> Entitlement | None:
    return db_session.scalar(select(Entitlement).where(Entitlement.application_id == app.id))


def subjects_of(db_session: Session, apps: list[Application]) -> dict[int, dict[str, Any]]:
    """Masked identity of each application's subject, for lists."""
    pids = {a.person_id for a in apps if a.person_id}
    eids = {a.enterprise_id for a in apps if a.enterprise_id}
    people = {p.id: p for p in db_session.scalars(select(PersonRecord).where(PersonRecord.id.in_(pids)))} if pids else {}
    ents = {e.id: e for e in db_session.scalars(select(EnterpriseRecord).where(EnterpriseRecord.id.in_(eids)))} if eids else {}
    from ..ids import mask_name

    out = {}
    for a in apps:
        if a.subject_kind == "enterprise":
            e = ents[a.enterprise_id]
            out[a.id] = {"kind": "enterprise", "uscc": e.uscc, "name": e.name}
        else:
            p = people[a.person_id]
            out[a.id] = {"kind": "person", "id_number": mask_id_number(p.id_number), "name": mask_name(p.name)}
    return out


# --- writing ------------------------------------------------------------------------------

def _own_identity(db_session: Session, user: User) -> dict[str, str]:
    if user.role_enum == Role.APPLICANT and user.person_id:
        p = db_session.get(PersonRecord, user.person_id)
        return {"id_number": p.id_number, "name": p.name}
    if user.role_enum == Role.ENTERPRISE and user.enterprise_id:
        e = db_session.get(EnterpriseRecord, user.enterprise_id)
        return {"uscc": e.uscc, "name": e.name}
    return {}


def upsert_person(db_session: Session, id_number: str, name: str, county_code: str | None) -> int:
    return get_or_insert_id(db_session, PersonRecord, {"id_number": id_number, "name": name,
                                                       "county_code": county_code, "created_at": utcnow()}, "id_number")


def upsert_enterprise(db_session: Session, uscc: str, name: str, county_code: str | None) -> int:
    return get_or_insert_id(db_session, EnterpriseRecord, {"uscc": uscc, "name": name, "county_code": county_code,
                                                           "created_at": utcnow()}, "uscc")


def _claim_facts(app: Application, p: Provision, case: Case, months: int | None) -> None:
    person = case.person
    if "training_subsidy" in p.tags:
        app.certificate_no = person.certificate_no if person else None
        if p.subject.value == "person":  # an employer's claim holds only the certificate number
            app.training_year = app.claim_period_start.year  # "a year" is the year the claim is for
            app.cert_occupation = person.certificate_occupation if person else None
            app.cert_level = precheck.claim_level(case)
    if "startup_loan" in p.tags:
        term = months or (person.loan_term_months if person else None)
        if not term:
            raise InputError("months", "创业担保贷款须填写贷款期限（月）", "a guaranteed loan needs its term in months")
        app.loan_months = term


def _jsonable(d: dict[str, Any]) -> dict[str, Any]:
    return json.loads(json.dumps(d, ensure_ascii=False, default=str))


def _apply_check(app: Application, check: precheck.Check) -> None:
    r = check.result
    app.engine_outcome, app.engine_amount_fen = r.outcome, r.amount_fen
    app.engine_max_months, app.engine_superseded_by = r.max_duration_months, r.superseded_by
    app.ruleset_version = check.ruleset_version
    app.input_snapshot, app.explanation = check.snapshot, _jsonable(check.explanation)  # the snapshot is JSON


def _decision(db_session: Session, app: Application, kind: str, actor: User | None, *, reason: str | None = None,
              check: precheck.Check | None = None, amount_fen: int | None = None, full: bool = True) -> None:
    """Record a check or decision. The pre-check's explanation and input live on the application
    (``full=False``: not copied); a re-check keeps its own."""
    db_session.connection().execute(_INSERT_DECISION, dict(
        application_id=app.id, kind=kind, actor_user_id=actor.id if actor else None,
        outcome=check.outcome if check else None, amount_fen=amount_fen if amount_fen is not None else (
            check.result.amount_fen if check else None), reason=reason,
        ruleset_version=check.ruleset_version if check else None,
        explanation=_jsonable(check.explanation) if check and full else None,
        input_snapshot=_jsonable(check.snapshot) if check and full else None, created_at=utcnow()))


_INSERT_DECISION = insert(Decision.__table__)


def _keep_pre_check(db_session: Session, app: Application) -> None:
    """Before the application takes the re-check's explanation, the pre-check decision keeps its own."""
    for d in db_session.scalars(select(Decision).where(Decision.application_id == app.id,
                                                       Decision.kind == "pre_check")):
        if d.explanation is None:
            d.explanation, d.input_snapshot = app.explanation, app.input_snapshot


def _replay(app: Application, sub: schemas.Submission, user: User) -> Application:
    if app.request_hash != sub.request_hash or app.submitted_by_user_id != user.id:
        raise IdempotencyMismatch()
    return app


def _by_key(db_session: Session, key: str) -> Application | None:
    app_id = db_session.connection().execute(_ID_BY_KEY, {"key": key}).scalar()
    return None if app_id is None else db_session.get(Application, app_id)


_ID_BY_KEY = select(Application.__table__.c.id).where(Application.__table__.c.idempotency_key == bindparam("key"))


STATUS_AFTER_CHECK = {ELIGIBLE: Status.PENDING_REVIEW, "unknown": Status.PENDING_REVIEW,
                      NOT_ELIGIBLE: Status.NOT_ELIGIBLE, SUPERSEDED: Status.SUPERSEDED}


def server_today() -> date:
    """The server's date: the filing date of every application (tests replace it to file in the past)."""
    return date.today()


def submit(*, db_session: Session, user: User, payload: Any, idempotency_key: str | None = None,
           today: date | None = None) -> tuple[Application, bool]:
    """Submit and pre-check an application; returns (application, replayed). The same
    idempotency key and body again return the first application and change nothing.

    ``today`` is the server's date (the filing date), for the system itself (tests, the demo's
    history); a request cannot set it (:mod:`.claims`)."""
    today = today or server_today()
    refresh_overlay(db_session, force=False)  # the effective dates and values administrators recorded
    with audit.audited_write(db_session, actor=user, action="application.submit", object_type="application",
                             county_code=user.county_code):
        sub = schemas.parse_submission(payload, user=user, today=today, header_key=idempotency_key,
                                       own=_own_identity(db_session, user))
        p, case = sub.provision, sub.case  # a repeated key is found by the unique index at the insert below
        as_of = sub.claim.as_of(today)
        if p.subject.value == "person":
            person_id = upsert_person(db_session, case.person.id_number, case.person.name, sub.county_code)
            enterprise_id, subject_key = None, f"P:{person_id}"
        else:
            enterprise_id = upsert_enterprise(db_session, case.enterprise.uscc, case.enterprise.name, sub.county_code)
            person_id = (upsert_person(db_session, case.person.id_number, case.person.name or "", None)
                         if case.person and case.person.id_number and case.person.name else None)
            subject_key = f"E:{enterprise_id}"
        employee_ids = [upsert_person(db_session, n, name, None) for n, name in sub.employees]
        limits.lock_subject(db_session, subject_key)  # held to the commit: the history stays true
        try:
            claims.require_applicable(p, as_of=as_of, filed_on=today)
            late = claims.late_review_reason(p, sub.claim, today)
            check = precheck.run(case=case, supplied_history=[r.model_dump(mode="json") for r in case.history],
                                 db_history=precheck.history_records(db_session, subject_key=subject_key),
                                 provision=p, as_of=as_of)
        except JiuyeError:  # a retry of a stored application is answered even if the rules now fail
            existing = _by_key(db_session, sub.idempotency_key)
            if existing is None:
                raise
            return _replay(existing, sub, user), True
        status = STATUS_AFTER_CHECK[check.outcome]
        if late and status == Status.PENDING_REVIEW:
            status = Status.NEEDS_REVIEW
        app = Application(
            idempotency_key=sub.idempotency_key, request_hash=sub.request_hash, provision_id=p.id,
            benefit_type=p.benefit_type, stacking_group=p.stacking_group, subject_kind=p.subject.value,
            subject_key=subject_key, person_id=person_id, enterprise_id=enterprise_id, county_code=sub.county_code,
            city_code=sub.city_code, application_date=today, period_start=sub.claim.start,
            claim_period_start=sub.claim.start, claim_period_end=sub.claim.end,
            review_reason=late if status == Status.NEEDS_REVIEW else None,
            months_requested=sub.months, status=status.value, submitted_by_user_id=user.id,
            on_behalf=user.role_enum == Role.CASEWORKER, decision_reason=sub.note,
            claimed_employees=employee_ids or None)
        _apply_check(app, check)
        _claim_facts(app, p, case, sub.months)
        db_session.add(app)
        try:
            db_session.flush()
        except IntegrityError:  # a concurrent duplicate committed first: return it
            db_session.rollback()
            existing = _by_key(db_session, sub.idempotency_key)
            if existing is None:
                raise
            return _replay(existing, sub, user), True
        if app.status_enum in (Status.PENDING_REVIEW, Status.NEEDS_REVIEW):
            limits.reserve(db_session, app, employee_ids=employee_ids, one_time=p.period.value == "one_time")
        _decision(db_session, app, "pre_check", None, check=check, full=False)
        audit.record(db_session, actor=user, action="application.submitted", object_type="application",
                     object_id=app.id, county_code=app.county_code,
                     details={"provision_id": p.id, "status": app.status, "engine_outcome": app.engine_outcome,
                              "engine_amount_fen": app.engine_amount_fen, "on_behalf": app.on_behalf,
                              "subject": subject_key, "id_number": case.person.id_number if case.person else None,
                              "claim_period": [app.claim_period_start.isoformat(), app.claim_period_end.isoformat()],
                              "review_reason": app.review_reason,
                              "employees": len(employee_ids), "ruleset_version": app.ruleset_version})
    return app, False


def _caseworker(user: User, app: Application) -> None:
    if user.role_enum != Role.CASEWORKER or user.county_code != app.county_code:
        raise Forbidden("只有本县（市、区）经办人可以审核", "only a caseworker of the county can review")


def _owner_or_caseworker(user: User, app: Application) -> None:
    role = user.role_enum
    if role == Role.CASEWORKER and user.county_code == app.county_code:
        return
    if role == Role.APPLICANT and app.subject_kind == "person" and app.person_id == user.person_id:
        return
    if role == Role.ENTERPRISE and app.subject_kind == "enterprise" and app.enterprise_id == user.enterprise_id:
        return
    raise Forbidden("只有申请人本人或本县经办人可以办理", "only the applicant or a caseworker of the county can do this")


def _reason(reason: Any, required: bool = True) -> str | None:
    reason = check_text(reason, "reason", max_length=MAX_REASON)
    if reason is None or not reason.strip():
        if required:
            raise InputError("reason", "请填写理由", "a reason is required")
        return None
    return reason.strip()


def approve(*, db_session: Session, user: User, application_id: int, amount_fen: int | None = None,
            months: int | None = None, facts: dict[str, Any] | None = None, reason: str | None = None,
            today: date | None = None, idempotency_key: str | None = None) -> Application:
    """Re-check with the engine (with corrected facts, if any), take the caps, grant and schedule."""
    return approve_keyed(db_session=db_session, user=user, application_id=application_id, amount_fen=amount_fen,
                         months=months, facts=facts, reason=reason, today=today, idempotency_key=idempotency_key)[0]


def _approval_hash(application_id: int, amount_fen: Any, months: Any, facts: Any, reason: Any) -> str:
    body = {"application_id": application_id, "amount_fen": amount_fen, "months": months, "facts": facts,
            "reason": reason}
    return hashlib.sha256(json.dumps(body, sort_keys=True, ensure_ascii=False, default=str).encode()).hexdigest()


def _approval_replayed(db_session: Session, user: User, key: str | None, request: str) -> bool:
    """Was this user's key used before? The same approval: True (answer as then); another: 409."""
    if key is None:
        return False
    record = db_session.get(IdempotencyRecord, (user.id, key), populate_existing=True)
    if record is None:
        return False
    if record.operation != "application.approve" or record.request_hash != request:
        raise IdempotencyMismatch()
    return True


def approve_keyed(*, db_session: Session, user: User, application_id: int, amount_fen: int | None = None,
                  months: int | None = None, facts: dict[str, Any] | None = None, reason: str | None = None,
                  today: date | None = None, idempotency_key: str | None = None) -> tuple[Application, bool]:
    """:func:`approve` with an idempotency key of the user: returns (application, replayed). A
    retry with the same key and request (after a lost answer) gets the approved application again,
    not 409; the same key with another request is refused (409)."""
    key = schemas.idempotency_key_of({}, idempotency_key) if idempotency_key else None
    request = _approval_hash(application_id, amount_fen, months, facts, reason)
    today = today or server_today()
    refresh_overlay(db_session, force=False)
    with audit.audited_write(db_session, actor=user, action="application.approve", object_type="application",
                             object_id=application_id, county_code=user.county_code):
        app = get(db_session=db_session, user=user, application_id=application_id, for_update=True)
        _caseworker(user, app)
        if _approval_replayed(db_session, user, key, request):  # checked under the application's lock
            return app, True
        if app.status_enum not in (Status.PENDING_REVIEW, Status.NEEDS_REVIEW, Status.OBJECTION):
            raise InvalidTransition("当前状态不能批准", f"an application that is {app.status} cannot be approved",
                                    field="status")
        if months is not None and (not isinstance(months, int) or isinstance(months, bool) or not 1 <= months <= 120):
            raise InputError("months", "期限应为1至120个月", "months must be from 1 to 120")
        if facts is not None and not isinstance(facts, dict):
            raise InputError("facts", "更正的情况应为对象", "facts must be an object")
        _reason(reason, required=False)
        p = get_provision(app.provision_id)
        as_of = claims.claim_as_of(app)
        claims.require_still_applicable(p, as_of=as_of, action_zh="批准", action_en="approve")
        limits.lock_subject(db_session, app.subject_key)
        corrections = corrections_of(app.input_snapshot.get("case") or {}, facts)
        case = precheck.supplied_case(app.input_snapshot, facts)
        check = precheck.run(case=case, supplied_history=app.input_snapshot.get("supplied_history", []),
                             db_history=precheck.history_records(db_session, subject_key=app.subject_key,
                                                                 exclude_id=app.id),
                             provision=p, as_of=as_of)
        if check.outcome != ELIGIBLE:
            failed = [c.id for c in check.result.failed] + [q["fact"] for q in check.result.questions]
            raise Conflict(f"复核未通过（{check.result.outcome}）：{', '.join(failed) or check.result.superseded_by}",
                           f"the engine's re-check says {check.outcome}", field="facts", failed=failed)
        amount = granting.approved_amount(p, check.result.amount_fen, amount_fen, case)
        _keep_pre_check(db_session, app)
        _apply_check(app, check)
        _decision(db_session, app, "re_check", None, check=check)
        limits.release(db_session, app)
        _claim_facts(app, p, case, months or app.months_requested)
        limits.reserve(db_session, app, employee_ids=app.claimed_employees or [],
                       one_time=p.period.value == "one_time")
        outcome = granting.grant(db_session, app=app, provision=p, result=check.result, amount_fen=amount,
                                 months=months, today=today)
        app.approved_amount_fen, app.decided_by_user_id, app.decided_at = amount, user.id, utcnow()
        app.decision_reason = _reason(reason, required=False) or app.decision_reason
        app.status = Status.APPROVED.value
        _decision(db_session, app, "approve", user, reason=reason, amount_fen=amount)
        if outcome.entitlement.status == "superseded":
            app.status = Status.SUPERSEDED.value
            app.superseded_by_application_id = outcome.lost_to[0] if outcome.lost_to else None
            limits.release(db_session, app)
            _decision(db_session, app, "superseded", None, reason=outcome.entitlement.note)
        db_session.flush()
        audit.record(db_session, actor=user, action="application.approved", object_type="application", object_id=app.id,
                     county_code=app.county_code,
                     details={"status": app.status, "amount_fen": amount, "months": outcome.entitlement.months,
                              "payments": len(outcome.payments), "total_fen": sum(x.amount_fen for x in outcome.payments),
                              "superseded_entitlements": [e.id for e in outcome.superseded],
                              "entitlement": {"id": outcome.entitlement.id, "amount_fen": outcome.entitlement.amount_fen,
                                              "months": outcome.entitlement.months},
                              "schedule": [[x.id, x.seq, x.amount_fen, x.due_date.isoformat()] for x in outcome.payments],
                              "cancelled_payments": outcome.cancelled,
                              "facts_corrected": sorted((facts or {}).keys()), "corrections": corrections,
                              "ruleset_version": app.ruleset_version})
        for e in outcome.superseded:
            audit.record(db_session, actor=user, action="entitlement.superseded", object_type="entitlement",
                         object_id=e.id, county_code=app.county_code,
                         details={"by_application": app.id, "application_id": e.application_id, "status": e.status})
        if key is not None:
            db_session.add(IdempotencyRecord(user_id=user.id, key=key, operation="application.approve",
                                             object_id=str(app.id), request_hash=request))
            db_session.flush()
    return app, False


def corrections_of(case_before: dict[str, Any], facts: dict[str, Any] | None) -> list[dict[str, Any]]:
    """The facts a caseworker corrected at approval, each ``{"fact", "before", "after"}`` (the
    approval's audit event keeps them: every correction with its value before and after)."""
    out = []
    for part, values in sorted((facts or {}).items()):
        if not isinstance(values, dict):
            continue  # refused by the re-check's parsing, naming the field
        old = case_before.get(part) or {}
        for name, value in sorted(values.items()):
            if old.get(name) != value:
                out.append({"fact": f"{part}.{name}", "before": old.get(name), "after": value})
    return out


def _transition(*, db_session: Session, user: User, application_id: int, action: str, allowed: tuple[Status, ...],
                to: Status, kind: str, reason: str | None, who: Any, reserve: bool, guard: Any = None) -> Application:
    with audit.audited_write(db_session, actor=user, action=f"application.{action}", object_type="application",
                             object_id=application_id, county_code=user.county_code):
        why = _reason(reason)
        app = get(db_session=db_session, user=user, application_id=application_id, for_update=True)
        who(user, app)
        if app.status_enum not in allowed:
            raise InvalidTransition("当前状态不能办理此操作", f"not possible while the application is {app.status}",
                                    field="status")
        if guard is not None:
            guard(app)
        before = app.status
        limits.lock_subject(db_session, app.subject_key)
        if reserve:
            if entitlement_of(db_session, app) is not None:
                raise InvalidTransition("已有核定待遇，不能再复核", "already granted; cannot be reviewed again",
                                        field="status")
            p = get_provision(app.provision_id)
            limits.release(db_session, app)
            limits.reserve(db_session, app, employee_ids=app.claimed_employees or [],
                           one_time=p.period.value == "one_time")
        else:
            limits.release(db_session, app)
        app.status = to.value
        if to == Status.OBJECTION:
            app.objection_count += 1
        if to == Status.REJECTED:
            app.decided_by_user_id, app.decided_at, app.decision_reason = user.id, utcnow(), why
        _decision(db_session, app, kind, user, reason=why)
        db_session.flush()
        audit.record(db_session, actor=user, action=f"application.{action}", object_type="application",
                     object_id=app.id, county_code=app.county_code, details={"from": before, "to": app.status,
                                                                            "reason": why})
    return app


def reject(*, db_session: Session, user: User, application_id: int, reason: str | None) -> Application:
    return _transition(db_session=db_session, user=user, application_id=application_id, action="rejected",
                       allowed=(Status.PENDING_REVIEW, Status.NEEDS_REVIEW, Status.OBJECTION), to=Status.REJECTED,
                       kind="reject",
                       reason=reason, who=_caseworker, reserve=False)


def object_to(*, db_session: Session, user: User, application_id: int, reason: str | None) -> Application:
    """异议: the applicant (or a caseworker for them) contests a rejection, once."""
    def once(app: Application) -> None:
        if app.objection_count >= 1:
            raise InvalidTransition("已提出过异议（每项申请限一次）", "an objection was already made (one per application)",
                                    field="status")

    return _transition(db_session=db_session, user=user, application_id=application_id, action="objection",
                       allowed=(Status.REJECTED,), to=Status.OBJECTION, kind="objection", reason=reason,
                       who=_owner_or_caseworker, reserve=True, guard=once)


def request_review(*, db_session: Session, user: User, application_id: int, reason: str | None) -> Application:
    """Send an automated "not eligible" (or "superseded") to a caseworker's review."""
    return _transition(db_session=db_session, user=user, application_id=application_id, action="human_review",
                       allowed=(Status.NOT_ELIGIBLE, Status.SUPERSEDED), to=Status.PENDING_REVIEW,
                       kind="human_review", reason=reason, who=_owner_or_caseworker, reserve=True)


def reveal_id_number(*, db_session: Session, user: User, application_id: int) -> str:
    """The subject's full ID number; every display is an audit event."""
    app = get(db_session=db_session, user=user, application_id=application_id)
    if app.person_id is None:
        raise NotFound("身份证号", "ID number", application_id)
    person = db_session.get(PersonRecord, app.person_id)
    audit.record(db_session, actor=user, action="person.id_number.revealed", object_type="person",
                 object_id=person.id, county_code=app.county_code, details={"application_id": app.id})
    db_session.commit()
    return person.id_number
