"""Filters and globals for the applications and payments pages."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

from ..money import fen_to_yuan


def yuan(fen: int | None) -> str:
    return "—" if fen is None else f"¥{fen_to_yuan(fen):,}"


def daxie(fen: int | None) -> str:
    from ..payments.daxie import daxie as to_daxie

    return "—" if fen is None else to_daxie(fen)


CHINA = timezone(timedelta(hours=8))


def when(value: date | datetime | str | None) -> str:
    """A moment in China time (UTC+8) to the minute; a date as is."""
    if value is None:
        return "—"
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.astimezone(CHINA).strftime("%Y-%m-%d %H:%M")
    return str(value)


def division(code: str | None) -> str:
    from ..refdata.divisions import name_of

    return "—" if not code else f"{name_of(code) or code}"


def status_label(status: str, lang: str = "zh") -> str:
    from ..applications.models import STATUS_LABELS, Status
    from ..payments.models import PAYMENT_STATUS_LABELS

    try:
        zh, en = STATUS_LABELS[Status(status)]
    except ValueError:
        zh, en = PAYMENT_STATUS_LABELS.get(status, (status, status))
    return en if lang == "en" else zh


def outcome_label(outcome: str | None, lang: str = "zh") -> str:
    from ..engine.results import OUTCOME_LABELS

    if outcome not in OUTCOME_LABELS:
        return outcome or "—"
    zh, en = OUTCOME_LABELS[outcome]
    return en if lang == "en" else zh


def provision_title(provision_id: str, lang: str = "zh") -> str:
    from ..catalogue.registry import CATALOGUE

    p = CATALOGUE.provisions.get(provision_id)
    if p is None:
        return provision_id
    return p.title_en if lang == "en" else p.title_zh


def role_label(role: str) -> tuple[str, str]:
    from ..accounts.models import ROLE_LABELS, Role

    try:
        return ROLE_LABELS[Role(role)]
    except ValueError:
        return (role, role)


ENTITLEMENT_LABELS = {"one_time": ("一次性", "one-time"), "monthly": ("每月", "monthly"), "yearly": ("每年", "yearly"),
                      "active": ("有效", "active"), "superseded": ("已被更优政策替代", "superseded"),
                      "ended": ("已结束", "ended")}


def entitlement_label(value: str, lang: str = "zh") -> str:
    zh, en = ENTITLEMENT_LABELS.get(value, (value, value))
    return en if lang == "en" else zh


DECISION_LABELS = {"pre_check": ("规则引擎预审", "engine pre-check"), "re_check": ("规则引擎复核", "engine re-check"),
                   "approve": ("批准", "approved"), "reject": ("驳回", "rejected"), "objection": ("提出异议", "objection"),
                   "human_review": ("转人工复核", "sent to human review"),
                   "superseded": ("被更优政策替代", "superseded")}


def decision_label(kind: str) -> tuple[str, str]:
    return DECISION_LABELS.get(kind, (kind, kind))


FILTERS: dict[str, Any] = {"fen_yuan": yuan, "daxie": daxie, "when": when, "division": division}
GLOBALS: dict[str, Any] = {"status_label": status_label, "outcome_label": outcome_label,
                           "provision_title": provision_title, "role_label": role_label,
                           "entitlement_label": entitlement_label, "decision_label": decision_label}
