"""Granting an approved application: the entitlement, its months, 从优从高不重复, and its payment
schedule (the instalments the payments domain then pays).

- **Maximum duration.** ``entitlements.months <= max_duration_months`` is a CHECK; when the
  maximum is a fixed number (a parameter, not a fact of the case), ``duration_ledgers`` adds up
  every grant of that provision to the subject with CHECK ``months_used <= months_cap``.
- **One benefit per stacking group and period.** Each instalment claims its months (or
  ``once``) in ``stacking_claims`` (primary key: subject, group, month). A new grant meeting an
  existing one compares annual values: the higher keeps the months. The lower one's unpaid
  instalments there are cancelled (it is superseded, wholly or in part); months already paid stay
  with the benefit that paid them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..dates import add_months, month_index, month_label
from ..db.core import upsert_locked
from ..engine.expr import Expr, Fact
from ..engine.provision import Provision
from ..engine.results import ProvisionResult
from ..errors import Conflict, InputError, LimitExceeded
from ..facts.models import Case
from ..money import div_round_half_up
from . import limits
from .models import Application, DurationLedger, Entitlement, Payment, StackingClaim, Status

DEFAULT_MONTHS = 12  # a monthly or yearly benefit without a maximum is granted a year at a time


@dataclass(frozen=True)
class Instalment:
    seq: int
    period_start: date
    months: int
    due_date: date
    amount_fen: int

    def period_keys(self) -> list[str]:
        if self.months == 0:
            return ["once"]
        first = month_index(self.period_start)
        return [month_label(first + i) for i in range(self.months)]


def plan_instalments(*, period: str, amount_fen: int, start: date, months: int, one_time_due: date) -> list[Instalment]:
    """One payment for a one-time benefit; one per month or per (part) year otherwise, each due
    at the start of its period; a last part year is paid pro rata (half-up to the fen)."""
    if amount_fen <= 0:
        return []
    if period == "one_time":
        return [Instalment(1, start, 0, one_time_due, amount_fen)]
    step = 1 if period == "monthly" else 12
    out: list[Instalment] = []
    done = 0
    while done < months:
        n = min(step, months - done)
        amount = amount_fen if n == step else div_round_half_up(amount_fen * n, step)
        ps = add_months(start, done)
        if amount > 0:
            out.append(Instalment(len(out) + 1, ps, n, ps, amount))
        done += n
    return out


def create_payments(db_session: Session, *, entitlement_id: int, application: Application, provision_id: str,
                    payee: str, instalments: list[Instalment]) -> list[Payment]:
    rows = [Payment(entitlement_id=entitlement_id, application_id=application.id, county_code=application.county_code,
                    city_code=application.city_code, provision_id=provision_id, seq=i.seq, period_start=i.period_start,
                    months=i.months, due_date=i.due_date, amount_fen=i.amount_fen, payee=payee, status="scheduled")
            for i in instalments]
    db_session.add_all(rows)
    db_session.flush()
    return rows


@dataclass
class GrantOutcome:
    entitlement: Entitlement
    payments: list[Payment]
    superseded: list[Entitlement] = field(default_factory=list)
    lost_to: list[int] = field(default_factory=list)  # application ids that kept months this grant wanted
    cancelled: list[int] = field(default_factory=list)  # payments of superseded benefits cancelled by this grant


def fixed_cap(p: Provision) -> bool:
    """Is the maximum duration, as declared (before the ledger nets it), a fixed number (no fact of the case in it)?"""
    md = p.declared_max_duration_months
    if isinstance(md, int):
        return True
    return isinstance(md, Expr) and not any(isinstance(n, Fact) for n in md.walk())


def granted_months(p: Provision, app: Application, r: ProvisionResult, months: int | None) -> int:
    if p.benefit_type == "loan":
        return app.loan_months or 0
    if p.period.value in ("one_time", "none"):
        return 0
    cap = r.max_duration_months
    want = months or app.months_requested or cap or DEFAULT_MONTHS
    if cap is not None and want > cap:
        raise InputError("months", f"超过最长期限（{cap}个月）", f"beyond the maximum duration ({cap} months)")
    return want


def _charge_duration(db_session: Session, app: Application, p: Provision, cap: int | None, months: int) -> None:
    if cap is None or months == 0 or not fixed_cap(p):
        return
    ledger = upsert_locked(db_session, DurationLedger, {"subject_key": app.subject_key, "provision_id": p.id,
                                                        "months_used": 0, "months_cap": cap},
                           ["subject_key", "provision_id"], {"months_used": DurationLedger.months_used})
    if ledger.months_used + months > ledger.months_cap:
        left = ledger.months_cap - ledger.months_used
        raise LimitExceeded(f"期限累计不超过{ledger.months_cap}个月（剩余{left}个月）",
                            f"at most {ledger.months_cap} months in all ({left} left)", field="months")
    try:
        db_session.execute(update(DurationLedger).where(
            DurationLedger.subject_key == app.subject_key, DurationLedger.provision_id == p.id)
            .values(months_used=DurationLedger.months_used + months))
        db_session.flush()
    except IntegrityError as exc:
        raise LimitExceeded("超过最长期限", "beyond the maximum duration", field="months") from exc


def _give_back_months(db_session: Session, ent: Entitlement, months: int) -> None:
    if months:
        db_session.execute(update(DurationLedger).where(
            DurationLedger.subject_key == ent.subject_key, DurationLedger.provision_id == ent.provision_id)
            .values(months_used=DurationLedger.months_used - months))


def _resolve(db_session: Session, ent: Entitlement, plan: list[Instalment],
             out: GrantOutcome) -> list[Instalment]:
    """Compare with benefits already holding months of the group; return the instalments kept."""
    keys = {k for i in plan for k in i.period_keys()}
    held = list(db_session.scalars(select(StackingClaim).where(
        StackingClaim.subject_key == ent.subject_key, StackingClaim.stacking_group == ent.stacking_group,
        StackingClaim.period_key.in_(keys)).with_for_update()))
    blocked: set[str] = set()
    for other_id in sorted({c.entitlement_id for c in held}):
        other = db_session.get(Entitlement, other_id)
        claims = [c for c in held if c.entitlement_id == other_id]
        if ent.comparable_fen <= other.comparable_fen:
            blocked |= {c.period_key for c in claims}
            out.lost_to.append(other.application_id)
            continue
        cancelled_months = 0
        for pay in db_session.scalars(select(Payment).where(
                Payment.id.in_({c.payment_id for c in claims})).with_for_update()):
            if pay.status in ("scheduled", "failed"):
                pay.status = "cancelled"
                out.cancelled.append(pay.id)
                cancelled_months += pay.months
                db_session.execute(delete(StackingClaim).where(StackingClaim.payment_id == pay.id))
            else:
                blocked |= {c.period_key for c in claims if c.payment_id == pay.id}
        _give_back_months(db_session, other, cancelled_months)
        db_session.flush()
        live = db_session.scalar(select(Payment.id).where(Payment.entitlement_id == other.id,
                                                          Payment.status.in_(("scheduled", "failed", "paid"))).limit(1))
        other_app = db_session.get(Application, other.application_id)
        if live is None:
            other.status = "superseded"
            other_app.status = Status.SUPERSEDED.value
            other_app.superseded_by_application_id = ent.application_id
            limits.release(db_session, other_app)
        other.note = f"被申请 {ent.application_id} 替代（从优从高不重复）/ superseded by application {ent.application_id}"
        out.superseded.append(other)
    return [i for i in plan if not (set(i.period_keys()) & blocked)]


def grant(db_session: Session, *, app: Application, provision: Provision, result: ProvisionResult, amount_fen: int,
          months: int | None, today: date) -> GrantOutcome:
    """Create the entitlement and its payment schedule for an approved application."""
    n = granted_months(provision, app, result, months)
    period = provision.period.value if provision.benefit_type != "loan" else "one_time"
    period = "one_time" if period == "none" else period
    ent = Entitlement(application_id=app.id, subject_key=app.subject_key, provision_id=provision.id,
                      stacking_group=provision.stacking_group, benefit_type=provision.benefit_type, period=period,
                      amount_fen=amount_fen, comparable_fen=amount_fen * max(provision.period.per_year, 1),
                      start_date=app.period_start, months=n, max_duration_months=result.max_duration_months,
                      status="active")
    db_session.add(ent)
    try:
        db_session.flush()
    except IntegrityError as exc:
        raise LimitExceeded("期限超过最长期限", "the duration is beyond the maximum", field="months") from exc
    out = GrantOutcome(ent, [])
    if provision.benefit_type == "loan":  # the bank lends; nothing is paid from the budget
        return out
    plan = plan_instalments(period=period, amount_fen=amount_fen, start=app.period_start, months=n,
                                     one_time_due=today)
    if provision.stacking_group:
        plan = _resolve(db_session, ent, plan, out)
    _charge_duration(db_session, app, provision, result.max_duration_months, sum(i.months for i in plan))
    out.payments = create_payments(db_session, entitlement_id=ent.id, application=app,
                                            provision_id=provision.id, payee=provision.payee or "applicant",
                                            instalments=plan)
    if provision.stacking_group:
        by_seq = {p.seq: p for p in out.payments}
        try:
            db_session.add_all(StackingClaim(subject_key=app.subject_key, stacking_group=provision.stacking_group,
                                             period_key=k, entitlement_id=ent.id, payment_id=by_seq[i.seq].id,
                                             comparable_fen=ent.comparable_fen)
                               for i in plan for k in i.period_keys())
            db_session.flush()
        except IntegrityError as exc:
            raise LimitExceeded("同组政策同一期间只能享受一项（从优从高不重复）",
                                "one benefit per stacking group and period", field="provision_id") from exc
    if not out.payments:
        ent.status = "superseded"
        ent.note = "同期已享受更优政策 / a higher benefit already covers the period"
    return out


def approved_amount(p: Provision, engine_fen: int | None, given: int | None, case: Case) -> int:
    """The amount to grant: the engine's, or the caseworker's within it (loans: the amount borrowed)."""
    if given is not None and (not isinstance(given, int) or isinstance(given, bool) or given <= 0):
        raise InputError("amount_fen", "金额应为正整数（分）", "the amount must be a positive whole number of fen")
    if p.benefit_type == "loan" and given is None:
        subject = case.person if p.subject.value == "person" else case.enterprise
        given = getattr(subject, "loan_amount_fen", None) if subject else None
    if engine_fen is None:
        if given is None:
            raise InputError("amount_fen", "政策金额未定，须由经办人核定金额", "the amount is not set by the rules: enter it")
        return given
    if given is None:
        if engine_fen <= 0:
            raise Conflict("核定金额为0，无需批准", "the amount is zero; nothing to approve", field="amount_fen")
        return engine_fen
    if given > engine_fen:
        raise InputError("amount_fen", f"金额不能超过政策核定的 {engine_fen/100:.2f} 元",
                         f"the amount cannot exceed {engine_fen/100:.2f} yuan set by the rules")
    if p.amount_kind == "exact" and p.benefit_type != "loan" and given != engine_fen:
        raise InputError("amount_fen", f"该待遇金额由政策确定为 {engine_fen/100:.2f} 元",
                         f"the rules fix this amount at {engine_fen/100:.2f} yuan")
    return given
