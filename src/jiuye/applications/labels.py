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


#: the fields of the review and payment forms, as the person reads them (never the field's code)
FIELD_LABELS = {"reject_reason": ("驳回理由", "reason for rejection"), "objection_reason": ("异议理由", "objection"),
                "human_review_reason": ("申请人工复核的理由", "reason for a human review"),
                "approve_reason": ("审核意见", "comment"), "reason": ("理由", "reason"),
                "amount_yuan": ("核定金额", "approved amount"), "amount_fen": ("核定金额", "approved amount"),
                "months": ("期限（月）", "months"), "facts": ("更正的情况", "corrected facts"),
                "status": ("办理状态", "status"), "payer": ("支付经办人", "payer"),
                "bank_reference": ("银行流水号", "bank reference"), "due_date": ("应付日期", "due date"),
                "idempotency_key": ("重复提交校验", "repeat-submission check")}


_IDENTITY = {"id_number": ("身份证号", "ID number"), "name": ("姓名", "name"),
             "uscc": ("统一社会信用代码", "unified social credit code")}


def field_label(field: str | None, lang: str = "zh") -> str | None:
    """A form field in the user's words; a corrected fact by its label; None when unknown."""
    if not field:
        return None
    pair = FIELD_LABELS.get(field)
    name = field.removeprefix("fix.").removeprefix("case.")
    if pair is None and name != field:
        from ..engine.vars import fact_by_name

        fact = fact_by_name(name)
        pair = (fact.label_zh, fact.label_en) if fact is not None else _IDENTITY.get(name.rpartition(".")[2])
    if pair is None:
        return None
    return pair[1] if lang == "en" else pair[0]


TEMPLATE_GLOBALS: dict[str, Any] = {"status_label": status_label, "entitlement_label": entitlement_label,
                                    "decision_label": decision_label, "field_label": field_label}
