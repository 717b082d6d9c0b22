"""The JSON (and page) form of applications and payments: ID numbers and names masked."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..audit.service import mask_details
from ..catalogue.registry import CATALOGUE
from ..daxie import daxie
from ..money import fen_to_yuan
from ..refdata.divisions import name_of
from . import service
from .models import PAYMENT_STATUS_LABELS, STATUS_LABELS, Application, Payment, Status
from .overdue import is_overdue


def _yuan(fen: int | None) -> str | None:
    return None if fen is None else str(fen_to_yuan(fen))


def summary(app: Application, subject: dict[str, Any]) -> dict[str, Any]:
    p = CATALOGUE.provisions.get(app.provision_id)
    zh, en = STATUS_LABELS[Status(app.status)]
    return {
        "id": app.id, "provision_id": app.provision_id, "title_zh": p.title_zh if p else app.provision_id,
        "title_en": p.title_en if p else app.provision_id, "citation": p.citation if p else None,
        "status": app.status, "status_zh": zh, "status_en": en, "subject": subject,
        "county_code": app.county_code, "county_name": name_of(app.county_code), "city_code": app.city_code,
        "application_date": app.application_date.isoformat(), "period_start": app.period_start.isoformat(),
        "claim_period_start": app.claim_period_start.isoformat(), "claim_period_end": app.claim_period_end.isoformat(),
        "review_reason": app.review_reason,
        "engine": {"outcome": app.engine_outcome, "amount_fen": app.engine_amount_fen,
                   "amount_yuan": _yuan(app.engine_amount_fen), "max_duration_months": app.engine_max_months,
                   "superseded_by": app.engine_superseded_by, "ruleset_version": app.ruleset_version},
        "approved_amount_fen": app.approved_amount_fen, "approved_amount_yuan": _yuan(app.approved_amount_fen),
        "on_behalf": app.on_behalf, "created_at": app.created_at.isoformat() if app.created_at else None,
    }


def payment_dict(p: Payment) -> dict[str, Any]:
    zh, en = PAYMENT_STATUS_LABELS[p.status]
    return {"id": p.id, "application_id": p.application_id, "entitlement_id": p.entitlement_id, "seq": p.seq,
            "provision_id": p.provision_id, "county_code": p.county_code, "period_start": p.period_start.isoformat(),
            "months": p.months, "due_date": p.due_date.isoformat(), "amount_fen": p.amount_fen,
            "amount_yuan": _yuan(p.amount_fen), "amount_daxie": daxie(p.amount_fen), "payee": p.payee,
            "status": p.status, "status_zh": zh, "status_en": en,
            "paid_at": p.paid_at.isoformat() if p.paid_at else None, "bank_reference": p.bank_reference,
            "overdue": is_overdue(p, date.today()), "one_time": p.months == 0,
            "failure_reason": _masked(p.failure_reason), "reversal_reason": _masked(p.reversal_reason)}


def _masked(text: str | None) -> str | None:
    """Free text (a note, a reason) with any ID number typed into it masked."""
    return mask_details(text, by_key=False) if text else text


def detail(db_session: Session, app: Application) -> dict[str, Any]:
    subject = service.subjects_of(db_session, [app])[app.id]
    out = summary(app, subject)
    ent = service.entitlement_of(db_session, app)
    out["explanation"] = mask_details(app.explanation, by_key=False)
    out["input_snapshot"] = mask_details(app.input_snapshot)
    out["decision_reason"] = _masked(app.decision_reason)
    out["superseded_by_application_id"] = app.superseded_by_application_id
    out["objection_count"] = app.objection_count
    out["decisions"] = [{"id": d.id, "kind": d.kind, "actor_user_id": d.actor_user_id, "outcome": d.outcome,
                         "amount_fen": d.amount_fen, "reason": _masked(d.reason), "ruleset_version": d.ruleset_version,
                         "created_at": d.created_at.isoformat() if d.created_at else None}
                        for d in service.decisions_of(db_session, app)]
    out["entitlement"] = None if ent is None else {
        "id": ent.id, "period": ent.period, "amount_fen": ent.amount_fen, "amount_yuan": _yuan(ent.amount_fen),
        "start_date": ent.start_date.isoformat(), "months": ent.months,
        "max_duration_months": ent.max_duration_months, "status": ent.status, "note": ent.note}
    out["payments"] = [payment_dict(p) for p in payments_of(db_session, app)] if ent else []
    return out


def payments_of(db_session: Session, app: Application) -> list[Payment]:
    return list(db_session.scalars(select(Payment).where(Payment.application_id == app.id).order_by(Payment.seq)))


def provision_result(app: Application) -> dict[str, Any] | None:
    """The engine's result for the applied provision, from the stored explanation."""
    for r in (app.explanation or {}).get("results", []):
        if r.get("provision_id") == app.provision_id:
            return mask_details(r, by_key=False)
    return None


def peer_results(app: Application) -> list[dict[str, Any]]:
    return [mask_details(r, by_key=False) for r in (app.explanation or {}).get("results", [])
            if r.get("provision_id") != app.provision_id]
