"""The documents' caps, held by the database (杭州征求意见稿（四）（十五）, 浙人社发〔2022〕46号 第24条).

An application in a live state (pending review, objection, approved) holds reservations:

- a training slot of its calendar year (``training_slots``: slots 1–3, so a 4th cannot exist)
  and its certificate (``certificate_claims``: unique per person, occupation and level; a
  certificate number once in all);
- a loan slot (``loan_slots``: 1–3) and its months in the subject's ledger (CHECK ≤ 36);
- the employees it claims (``employee_claims``: unique per benefit, employee and year).

Every writer first locks the subject's ledger row (INSERT … ON CONFLICT DO UPDATE: a row lock), so the checks below see
a stable picture; the constraints are the backstop if anything bypasses them. A constraint
violation becomes :class:`LimitExceeded` naming the cap and its clause.

**The benefit ledger from the database** (:func:`ledger_frame`, :func:`ledger_records`): the same
records (``HISTORY_SCHEMA`` / :class:`~jiuye.facts.BenefitRecord`) as a case's ``history``, so the
engine's limits over time (maximum duration, one-time, yearly caps, N times) decide the approval
re-check, ``jiuye match --database`` and the single case alike. Of every application that holds
its reservation (``LIVE``):

- granted (an entitlement): one record per instalment not cancelled or reversed (scheduled, paid
  or failed-and-owed), with its period (``period_start`` + ``months``) and amount; ``granted_on``
  is the instalment's period start (so a yearly cap counts it in the year it pays for), or the
  start of the period claimed for a one-time payment; an entitlement without instalments (a loan: the bank
  lends) is one record over its months;
- not yet granted (pending review, objection): one record on the start of the period claimed, over the
  months requested, for the engine's (or approved) amount.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import polars as pl
from sqlalchemy import (
    and_,
    bindparam,
    case,
    delete,
    exists,
    func,
    insert,
    literal,
    null,
    select,
    union_all,
    update,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..db.core import lock_row, utcnow
from ..errors import LimitExceeded
from ..ids import mask_id_number
from .models import (
    LIVE,
    Application,
    CertificateClaim,
    EmployeeClaim,
    EnterpriseRecord,
    Entitlement,
    LoanSlot,
    Payment,
    PersonRecord,
    SubjectLedger,
    TrainingSlot,
)

MAX_TRAINING_PER_YEAR = 3  # 原则上每人每年可享受不超过 3 次
MAX_LOANS = 3  # 贷款次数累计不超过 3 次
MAX_LOAN_MONTHS = 36  # 贷款期限累计不超过 3 年


def lock_subject(db_session: Session, subject_key: str) -> None:
    """Create (if needed) and lock the subject's ledger row for the rest of the transaction."""
    now = utcnow()
    lock_row(db_session, SubjectLedger.__table__, {"subject_key": subject_key, "loan_count": 0, "loan_months": 0,
                                                   "updated_at": now}, ["subject_key"], {"updated_at": now})


@contextmanager
def _backstop(message_zh: str, message_en: str, field: str) -> Iterator[None]:
    try:
        yield
    except IntegrityError as exc:
        raise LimitExceeded(message_zh, message_en, field=field) from exc


T_SLOT, T_CERT, T_LOAN, T_EMP = (TrainingSlot.__table__, CertificateClaim.__table__, LoanSlot.__table__,
                                  EmployeeClaim.__table__)
_SLOTS_OF_YEAR = select(T_SLOT.c.slot).where(T_SLOT.c.subject_key == bindparam("sk"), T_SLOT.c.year == bindparam("yr"))
_CERT_BY_NO = select(T_CERT.c.application_id).where(T_CERT.c.certificate_no == bindparam("no"))
_CERT_SAME = select(T_CERT.c.application_id).where(T_CERT.c.subject_key == bindparam("sk"),
                                                   T_CERT.c.occupation == bindparam("occ"), T_CERT.c.level == bindparam("lv"))
_LEDGER = select(SubjectLedger.__table__.c.loan_count, SubjectLedger.__table__.c.loan_months).where(
    SubjectLedger.__table__.c.subject_key == bindparam("sk"))
_LOAN_SLOTS = select(T_LOAN.c.slot).where(T_LOAN.c.subject_key == bindparam("sk"))
_ADD_LOAN = (update(SubjectLedger.__table__).where(SubjectLedger.__table__.c.subject_key == bindparam("sk"))
             .values(loan_count=SubjectLedger.__table__.c.loan_count + 1,
                     loan_months=SubjectLedger.__table__.c.loan_months + bindparam("m")))
_EMP_TAKEN = select(T_EMP.c.application_id).where(T_EMP.c.benefit_key == bindparam("bk"),
                                                  T_EMP.c.employee_person_id == bindparam("pid"),
                                                  T_EMP.c.period_key == bindparam("pk"))


def _certificate_no(db_session: Session, app: Application) -> None:
    taken = db_session.connection().execute(_CERT_BY_NO, {"no": app.certificate_no}).scalar()
    if taken is not None:
        raise LimitExceeded("该证书已享受过补贴（同一证书单位已享受的，个人不得重复享受）",
                            "this certificate has already been subsidised (an employer's claim bars the person's)",
                            field="case.person.certificate_no")


def _claim_certificate(db_session: Session, app: Application, msg: tuple[str, str], field: str) -> None:
    with _backstop(*msg, field=field):
        db_session.connection().execute(insert(T_CERT), {"subject_key": app.subject_key, "occupation": app.cert_occupation,
                                            "level": app.cert_level, "certificate_no": app.certificate_no or None,
                                            "application_id": app.id})


def _training(db_session: Session, app: Application) -> None:
    if app.training_year is None:
        if app.certificate_no:  # an employer's claim: the certificate number, once in all
            _certificate_no(db_session, app)
            _claim_certificate(db_session, app, ("该证书已享受过补贴", "this certificate has already been subsidised"),
                               "case.person.certificate_no")
        return
    used = set(db_session.connection().execute(_SLOTS_OF_YEAR, {"sk": app.subject_key, "yr": app.training_year}).scalars())
    free = [s for s in range(1, MAX_TRAINING_PER_YEAR + 1) if s not in used]
    msg = (f"{app.training_year}年已享受{MAX_TRAINING_PER_YEAR}次培训补贴（每人每年不超过3次）",
           f"{MAX_TRAINING_PER_YEAR} training subsidies already in {app.training_year} (at most 3 a year)")
    if not free:
        raise LimitExceeded(*msg, field="training_year")
    with _backstop(*msg, field="training_year"):
        db_session.connection().execute(insert(T_SLOT), {"subject_key": app.subject_key, "year": app.training_year,
                                            "slot": free[0], "application_id": app.id})
    if app.cert_occupation is None or app.cert_level is None:
        return
    same = db_session.connection().execute(_CERT_SAME, {"sk": app.subject_key, "occ": app.cert_occupation,
                                           "lv": app.cert_level}).scalar()
    cert_msg = ("同一职业（项目）同一等级不可重复享受", "the same occupation and level cannot be subsidised twice")
    if same is not None:
        raise LimitExceeded(*cert_msg, field="case.person.certificate_occupation")
    if app.certificate_no:
        _certificate_no(db_session, app)
    _claim_certificate(db_session, app, cert_msg, "case.person.certificate_occupation")


def _loan(db_session: Session, app: Application) -> None:
    if app.loan_months is None:
        return
    ledger = db_session.connection().execute(_LEDGER, {"sk": app.subject_key}).one()
    if ledger.loan_count >= MAX_LOANS:
        raise LimitExceeded("创业担保贷款次数累计不超过3次", "at most 3 guaranteed loans in all", field="loan_count")
    if ledger.loan_months + app.loan_months > MAX_LOAN_MONTHS:
        left = MAX_LOAN_MONTHS - ledger.loan_months
        raise LimitExceeded(f"贷款期限累计不超过3年（剩余{left}个月）",
                            f"at most 3 years of loans in all ({left} months left)", field="months")
    used = set(db_session.connection().execute(_LOAN_SLOTS, {"sk": app.subject_key}).scalars())
    slot = next(s for s in range(1, MAX_LOANS + 1) if s not in used)
    with _backstop("创业担保贷款次数或期限超过上限", "the loan count or term exceeds the cap", field="months"):
        db_session.connection().execute(insert(T_LOAN), {"subject_key": app.subject_key, "slot": slot, "months": app.loan_months,
                                            "application_id": app.id})
        db_session.connection().execute(_ADD_LOAN, {"sk": app.subject_key, "m": app.loan_months})


def benefit_key(app: Application) -> str:
    return app.stacking_group or app.provision_id


def period_key(app: Application, one_time: bool) -> str:
    return "*" if one_time else str(app.claim_period_start.year)  # the year the claim is for


def _employees(db_session: Session, app: Application, employee_ids: list[int], one_time: bool) -> None:
    key, period = benefit_key(app), period_key(app, one_time)
    for pid in employee_ids:
        taken = db_session.connection().execute(_EMP_TAKEN, {"bk": key, "pid": pid, "pk": period}).scalar()
        if taken is not None:
            number = mask_id_number(db_session.get(PersonRecord, pid).id_number)
            raise LimitExceeded(f"员工 {number} 本期已被申报", f"employee {number} is already claimed for this period",
                                field="employees")  # (not naming the application: it may be another's)
        with _backstop("员工已被申报", "employee already claimed", field="employees"):
            db_session.connection().execute(insert(T_EMP), {"application_id": app.id, "enterprise_id": app.enterprise_id,
                                               "employee_person_id": pid, "benefit_key": key, "period_key": period})


def reserve(db_session: Session, app: Application, *, employee_ids: list[int], one_time: bool) -> None:
    """Take the application's reservations (the caller holds the subject lock)."""
    _training(db_session, app)
    _loan(db_session, app)
    _employees(db_session, app, employee_ids, one_time)


def employee_ids_of(db_session: Session, app: Application) -> list[int]:
    return list(db_session.scalars(select(EmployeeClaim.employee_person_id)
                                   .where(EmployeeClaim.application_id == app.id).order_by(EmployeeClaim.id)))


def release(db_session: Session, app: Application) -> list[int]:
    """Give back the application's reservations; returns the employees it had claimed."""
    employees = employee_ids_of(db_session, app)
    months = db_session.scalar(select(LoanSlot.months).where(LoanSlot.application_id == app.id))
    if months is not None:
        db_session.execute(delete(LoanSlot).where(LoanSlot.application_id == app.id))
        db_session.execute(update(SubjectLedger).where(SubjectLedger.subject_key == app.subject_key).values(
            loan_count=SubjectLedger.loan_count - 1, loan_months=SubjectLedger.loan_months - months))
    for model in (TrainingSlot, CertificateClaim, EmployeeClaim):
        db_session.execute(delete(model).where(model.application_id == app.id))
    db_session.flush()
    return employees


# --- the benefit ledger from the database ------------------------------------------------------
OWED_PAYMENTS = ("scheduled", "paid", "failed")  # cancelled (superseded) and reversed (clawed back) are not received
LEDGER_SCHEMA = {
    "subject_key": pl.Utf8, "identity": pl.Utf8, "provision_id": pl.Utf8, "granted_on": pl.Date,
    "amount_fen": pl.Int64, "period_start": pl.Date, "months": pl.Int64, "occupation": pl.Utf8, "level": pl.Int64,
    "certificate_no": pl.Utf8, "loan_term_months": pl.Int64,
}


def _ledger_select(subject_keys: list[str] | None, exclude_id: int | None, provision_ids: list[str] | None) -> Any:
    ta, te, tp = Application.__table__, Entitlement.__table__, Payment.__table__
    a, e, p = ta.c, te.c, tp.c
    tpeople, tfirms = PersonRecord.__table__, EnterpriseRecord.__table__

    def whose(source: Any) -> Any:  # the application's subject: 身份证号 / 统一社会信用代码
        return (source.outerjoin(tpeople, and_(a.subject_kind == "person", tpeople.c.id == a.person_id))
                .outerjoin(tfirms, and_(a.subject_kind == "enterprise", tfirms.c.id == a.enterprise_id)))

    claim = (a.cert_occupation.label("occupation"), a.cert_level.label("level"), a.certificate_no,
             a.loan_months.label("loan_term_months"))
    live = [a.status.in_([s.value for s in LIVE])]
    if subject_keys is not None:
        live.append(a.subject_key.in_(subject_keys))
    if exclude_id is not None:
        live.append(a.id != exclude_id)
    if provision_ids is not None:
        live.append(a.provision_id.in_(provision_ids))
    ident = func.coalesce(tpeople.c.id_number, tfirms.c.uscc).label("identity")
    instalments = select(
        a.subject_key, ident, p.provision_id,
        case((p.months > 0, p.period_start), else_=a.claim_period_start).label("granted_on"),
        p.amount_fen, case((p.months > 0, p.period_start), else_=null()).label("period_start"),
        p.months.label("months"), *claim,
    ).select_from(whose(tp.join(ta, a.id == p.application_id))).where(*live, p.status.in_(OWED_PAYMENTS))
    has_payment = exists().where(p.entitlement_id == e.id)
    unpaid_grants = select(
        a.subject_key, ident, e.provision_id, a.claim_period_start.label("granted_on"), e.amount_fen,
        case((e.months > 0, e.start_date), else_=null()).label("period_start"), e.months.label("months"), *claim,
    ).select_from(whose(te.join(ta, a.id == e.application_id))).where(*live, ~has_payment)
    has_entitlement = exists().where(e.application_id == a.id)
    pending = select(
        a.subject_key, ident, a.provision_id, a.claim_period_start.label("granted_on"),
        case((a.approved_amount_fen.is_not(None), a.approved_amount_fen), else_=a.engine_amount_fen).label("amount_fen"),
        case((a.months_requested > 0, a.period_start), else_=null()).label("period_start"),
        case((a.months_requested > 0, a.months_requested), else_=literal(0)).label("months"), *claim,
    ).select_from(whose(ta)).where(*live, ~has_entitlement)
    return union_all(instalments, unpaid_grants, pending)


def ledger_frame(conn: Any, *, subject_keys: list[str] | None = None, exclude_id: int | None = None,
                 provision_ids: list[str] | None = None) -> pl.DataFrame:
    """The ledger records of the database (``HISTORY_SCHEMA`` columns plus ``subject_key`` and
    ``identity`` = 身份证号 / 统一社会信用代码), for ``subject_keys`` (default all) and applications for
    ``provision_ids`` (default all), leaving out application ``exclude_id`` (the one being re-checked).
    ``conn``: a Session or a Connection."""
    from ..engine.history import HISTORY_SCHEMA

    connection = conn.connection() if isinstance(conn, Session) else conn
    rows = connection.execute(_ledger_select(subject_keys, exclude_id, provision_ids)).all()
    raw = pl.DataFrame([tuple(r) for r in rows], schema=LEDGER_SCHEMA, orient="row")
    end = pl.col("period_start").dt.offset_by(pl.format("{}mo", pl.col("months"))).dt.offset_by("-1d")
    out = raw.with_columns(pl.when(pl.col("period_start").is_not_null() & (pl.col("months") > 0)).then(end)
                           .otherwise(pl.lit(None, dtype=pl.Date)).alias("period_end"),
                           pl.lit("self").alias("claimant"))
    cols = ["subject_key", "identity"] + [c for c in HISTORY_SCHEMA if c != "subject_id"]
    return out.select([pl.col(c).cast(HISTORY_SCHEMA.get(c, pl.Utf8)) for c in cols]).sort(
        "subject_key", "granted_on", "provision_id", "period_start", nulls_last=True)


def ledger_records(db_session: Session, *, subject_key: str, exclude_id: int | None = None) -> list[Any]:
    """One subject's database ledger as benefit records (the approval re-check's history)."""
    from ..facts.models import BenefitRecord

    frame = ledger_frame(db_session, subject_keys=[subject_key], exclude_id=exclude_id)
    return [BenefitRecord.model_validate({k: v for k, v in r.items() if v is not None})
            for r in frame.drop("subject_key", "identity").to_dicts()]
