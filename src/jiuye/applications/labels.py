"""Labels of the applications domain's states for its pages (and the payments pages): the
``TEMPLATE_GLOBALS`` the web app adds to the one Jinja environment when it mounts the domain."""

from __future__ import annotations

from typing import Any

from .models import PAYMENT_STATUS_LABELS, STATUS_LABELS, Status


def status_label(status: str, lang: str = "zh") -> str:
    """An application's or a payment's status in words."""
    try:
        zh, en = STATUS_LABELS[Status(status)]
    except ValueError:
        zh, en = PAYMENT_STATUS_LABELS.get(status, (status, status))
    return en if lang == "en" else zh


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


TEMPLATE_GLOBALS: dict[str, Any] = {"status_label": status_label, "entitlement_label": entitlement_label,
                                    "decision_label": decision_label}
