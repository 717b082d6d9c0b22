"""Reading the audit log as people read it: events filtered by who did it, what kind of action,
a date range (China time) and the subject (an application, a payment, a person …), a page at a
time, each told in words (action, subject, a few details) instead of its JSON and hash.

The jurisdiction comes from the caller (:func:`jiuye.oversight.views.scope_of`): a caseworker
reads their county's events, a city manager their city's counties, the province everything.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from ..accounts.models import User
from ..audit.models import AuditEvent
from ..catalogue.registry import CATALOGUE
from ..engine.vars import fact_by_name
from ..money import fen_to_yuan

CHINA = timezone(timedelta(hours=8))
PER_PAGE = 50

#: families of actions (the filter's groups), by prefix
FAMILIES: dict[str, tuple[str, str]] = {
    "application.": ("申请审核", "applications"), "payment.": ("支付", "payments"),
    "entitlement.": ("待遇", "entitlements"), "account.": ("账号与登录", "accounts and logins"),
    "person.": ("个人信息查看", "personal data shown"), "assistance.": ("就业帮扶", "key-group assistance"),
    "campaign.": ("免申即享", "paid without applying"), "job_": ("零工市场", "gig market"),
    "target.": ("目标驾驶舱", "targets"), "local_value.": ("参数维护", "local standards"),
    "audit.": ("审计", "audit"),
}

ACTIONS: dict[str, tuple[str, str]] = {
    "application.submitted": ("提交申请", "application submitted"),
    "application.approved": ("批准申请", "application approved"),
    "application.rejected": ("驳回申请", "application rejected"),
    "application.objection": ("提出异议", "objection made"),
    "application.human_review": ("转人工复核", "sent to human review"),
    "application.evidence_added": ("补充证明材料", "evidence added"),
    "payment.payout": ("支付", "paid"), "payment.failure": ("记为支付失败", "payment failed"),
    "payment.reversal": ("追回", "clawed back"),
    "entitlement.superseded": ("待遇被更优政策替代", "entitlement superseded"),
    "account.login": ("登录", "logged in"), "account.login_failed": ("登录失败", "login failed"),
    "account.created": ("创建账号", "account created"),
    "person.id_number.revealed": ("查看完整身份证号", "full ID number shown"),
    "assistance.registered": ("登记重点群体", "registered in the key-group register"),
    "assistance.merged": ("合并重点群体台账记录", "register entry merged"),
    "assistance.served": ("记录帮扶服务", "service recorded"),
    "assistance.placement": ("记录就业", "placement recorded"),
    "assistance.observed": ("记录就业意愿与能力", "willingness and ability recorded"),
    "assistance.employment_ended": ("记录离职", "employment ended"),
    "assistance.group_ended": ("退出重点群体", "left a key group"),
    "assistance.imported": ("导入重点群体台账", "register imported"),
    "assistance.exported": ("导出重点群体台账", "register exported"),
    "assistance.watch_refreshed": ("更新动态清零名单", "watch list refreshed"),
    "assistance.cert_applied": ("申请就业困难人员认定", "difficulty certification applied for"),
    "assistance.cert_reviewed": ("审核就业困难人员认定", "difficulty certification reviewed"),
    "assistance.cert_evidence_added": ("补充认定材料", "certification evidence added"),
    "assistance.cert_certified": ("认定为就业困难人员", "certified"),
    "assistance.cert_refused": ("不予认定", "certification refused"),
    "assistance.cert_cancelled": ("注销就业困难人员认定", "certification cancelled"),
    "assistance.cert_lapsed": ("认定期满", "certification lapsed"),
    "campaign.created": ("生成免申即享批次", "campaign created"), "campaign.pushed": ("推送免申即享", "campaign pushed"),
    "campaign.proposal_reviewed": ("抽查名单", "proposal checked"),
    "campaign.proposal_excluded": ("排除名单", "proposal excluded"),
    "campaign.proposal_corrected": ("申请人更正信息", "proposal corrected"),
    "campaign.proposal_confirmed": ("确认领取", "proposal confirmed"),
    "job_seeker.registered": ("登记求职者", "job seeker registered"),
    "job_posting.created": ("发布岗位", "job posted"), "job_posting.pushed": ("推送岗位", "job pushed"),
    "job_posting.closed": ("关闭岗位", "job closed"), "job_application.applied": ("投递求职申请", "applied for a job"),
    "job_application.accepted": ("接受求职申请", "job application accepted"),
    "job_application.rejected": ("不录用", "job application rejected"),
    "job_application.withdrawn": ("撤回求职申请", "job application withdrawn"),
    "job_application.hired": ("录用", "hired"), "job_message.send": ("发送消息", "message sent"),
    "target.reported": ("填报目标完成数", "target actual reported"),
    "target.corrected": ("更正目标完成数", "target actual corrected"),
    "local_value.propose": ("提出地方标准", "local standard proposed"),
    "local_value.approve": ("批准地方标准", "local standard approved"),
    "local_value.reject": ("退回地方标准", "local standard returned"),
    "audit.reanchored": ("重新签署审计链头", "audit heads re-anchored"),
}

OBJECT_TYPES: dict[str, tuple[str, str]] = {
    "application": ("申请", "application"), "payment": ("支付", "payment"), "entitlement": ("待遇", "entitlement"),
    "person": ("人员", "person"), "user": ("用户", "user"), "campaign": ("免申即享批次", "campaign"),
    "campaign_proposal": ("免申即享名单", "campaign proposal"), "certification": ("就业困难认定", "certification"),
    "register_person": ("重点群体台账", "register entry"), "job_posting": ("岗位", "job posting"),
    "job_application": ("求职申请", "job application"), "job_seeker": ("求职者", "job seeker"),
    "target_actual": ("目标完成数", "target actual"), "local_value": ("地方标准", "local standard"),
    "audit": ("审计链", "audit chain"),
}
LINKS = {"application": "/applications/{}", "campaign": "/campaigns/{}"}

#: details shown, in words; every other key (hashes, keys, internal ids) stays in the log only
DETAIL_LABELS: dict[str, tuple[str, str]] = {
    "status": ("状态", "status"), "from": ("原状态", "from"), "to": ("新状态", "to"), "reason": ("理由", "reason"),
    "amount_fen": ("金额", "amount"), "total_fen": ("合计", "total"), "months": ("期限（月）", "months"),
    "payments": ("分期数", "instalments"), "seq": ("期次", "instalment"), "bank_reference": ("银行流水号", "bank ref."),
    "engine_outcome": ("预审结果", "pre-check"), "engine_amount_fen": ("预审金额", "pre-check amount"),
    "provision_id": ("待遇", "benefit"), "on_behalf": ("代为申请", "on behalf"), "username": ("用户名", "username"),
    "application_id": ("申请", "application"), "employees": ("申报员工数", "employees claimed"),
}
_OUTCOMES = {"eligible": ("可享受", "eligible"), "not_eligible": ("不符合", "not eligible"),
             "unknown": ("待补充信息", "cannot tell yet"), "superseded": ("被更优政策替代", "superseded")}
_STATES = {"pending_review": ("待审核", "pending review"), "approved": ("已批准", "approved"),
           "rejected": ("已驳回", "rejected"), "objection": ("异议复核中", "objection"),
           "not_eligible": ("预审不符合", "not eligible"), "superseded": ("已被替代", "superseded"),
           "scheduled": ("待支付", "scheduled"), "paid": ("已支付", "paid"), "failed": ("支付失败", "failed"),
           "reversed": ("已追回", "reversed"), "cancelled": ("已取消", "cancelled")}


#: why a write was refused (the refusal event keeps the code and the English message)
REFUSALS: dict[str, tuple[str, str]] = {
    "approver_cannot_pay": ("审批与支付分离：批准人不能办理支付", "the approver may not pay"),
    "invalid_transition": ("当前状态不允许此操作", "not possible in this state"),
    "limit_exceeded": ("超过政策规定的限额或次数", "a limit of the documents"),
    "idempotency_mismatch": ("重复提交的请求与原请求不一致", "the repeated request differs"),
    "forbidden": ("无权办理", "not allowed"), "not_found": ("未找到或不在本辖区", "not found"),
    "invalid_input": ("填写有误", "invalid input"), "conflict": ("与已有记录冲突", "conflicts with the records"),
    "error": ("办理未成功", "not done"),
}


def action_label(action: str) -> tuple[str, str]:
    refused = action.endswith(".refused")
    base = action.removesuffix(".refused")
    zh, en = ACTIONS.get(base) or _family_words(base)
    return (f"{zh}（被拒绝）", f"{en} (refused)") if refused else (zh, en)


def _family_words(action: str) -> tuple[str, str]:
    for prefix, (zh, en) in FAMILIES.items():
        if action.startswith(prefix):
            rest = action[len(prefix):].replace("_", " ").replace(".", " ")
            return (f"{zh}（其他操作）", f"{en}: {rest}")
    return ("其他操作", action.replace("_", " "))


@dataclass(frozen=True)
class Filters:
    actor: str | None = None
    action: str | None = None  # an exact action, or a family prefix ending in "." or "_"
    date_from: date | None = None
    date_to: date | None = None
    object_type: str | None = None
    object_id: str | None = None

    def query(self) -> dict[str, str]:
        return {k: str(v) for k, v in self.__dict__.items() if v not in (None, "")}


def _where(scope: dict[str, Any], f: Filters) -> list[Any]:
    out: list[Any] = []
    if scope.get("county_code"):
        out.append(AuditEvent.county_code == scope["county_code"])
    if scope.get("county_codes") is not None:
        out.append(AuditEvent.county_code.in_(scope["county_codes"]))
    if f.actor:
        out.append(AuditEvent.actor == f.actor)
    if f.action:
        if f.action in FAMILIES:
            out.append(AuditEvent.action.startswith(f.action, autoescape=True))
        else:
            out.append(or_(AuditEvent.action == f.action, AuditEvent.action == f"{f.action}.refused"))
    if f.date_from:
        out.append(AuditEvent.occurred_at >= datetime.combine(f.date_from, time(), CHINA).astimezone(UTC))
    if f.date_to:
        out.append(AuditEvent.occurred_at < datetime.combine(f.date_to + timedelta(days=1), time(), CHINA).astimezone(UTC))
    if f.object_type:
        out.append(AuditEvent.object_type == f.object_type)
    if f.object_id:
        out.append(AuditEvent.object_id == f.object_id)
    return out


def search(db_session: Session, *, scope: dict[str, Any], filters: Filters, page: int = 1,
           per_page: int = PER_PAGE) -> tuple[list[AuditEvent], int]:
    """One page of the events matching ``filters`` within ``scope``, newest first, and the total."""
    where = _where(scope, filters)
    total = db_session.scalar(select(func.count()).select_from(AuditEvent).where(*where)) or 0
    rows = db_session.scalars(select(AuditEvent).where(*where)
                              .order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc())
                              .limit(per_page).offset((max(page, 1) - 1) * per_page))
    return list(rows), total


def search_slice(db_session: Session, *, scope: dict[str, Any], filters: Filters, limit: int,
                 offset: int) -> list[AuditEvent]:
    """The API's window onto :func:`search`: ``limit`` events from ``offset``, newest first."""
    return list(db_session.scalars(select(AuditEvent).where(*_where(scope, filters))
                                   .order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc())
                                   .limit(limit).offset(offset)))


def actors(db_session: Session, *, scope: dict[str, Any]) -> list[tuple[str, str]]:
    """(username, name to show) of everyone with an event in scope, by name."""
    names = list(db_session.scalars(select(AuditEvent.actor).where(*_where(scope, Filters())).distinct()
                                    .order_by(AuditEvent.actor).limit(500)))
    shown = dict(db_session.execute(select(User.username, User.display_name).where(User.username.in_(names))).all())
    return [(n, f"{shown[n]}（{n}）" if n in shown else n) for n in names]


def _words(key: str, value: Any, lang: str) -> str | None:
    i = 1 if lang == "en" else 0
    if value is None or value == "" or isinstance(value, dict | list):
        return None
    if key.endswith("_fen") and isinstance(value, int):
        return f"¥{fen_to_yuan(value):,}"
    if key == "provision_id":
        p = CATALOGUE.provisions.get(str(value))
        return (p.title_en if lang == "en" else p.title_zh) if p else None
    if key == "engine_outcome":
        return _OUTCOMES.get(str(value), (str(value),) * 2)[i]
    if key in ("status", "from", "to"):
        return _STATES.get(str(value), (str(value),) * 2)[i]
    if isinstance(value, bool):
        return ("是", "yes")[i] if value else ("否", "no")[i]
    if key == "employees" and value == 0:
        return None
    return str(value)


def _fact_words(name: str, value: Any, lang: str) -> str:
    if value is None:
        return ("未填", "not stated")[1 if lang == "en" else 0]
    if name.endswith("_fen") and isinstance(value, int) and not isinstance(value, bool):
        return f"¥{fen_to_yuan(value):,}"
    if isinstance(value, bool):
        return ("是", "yes")[1 if lang == "en" else 0] if value else ("否", "no")[1 if lang == "en" else 0]
    return str(value)


def describe(e: AuditEvent, lang: str = "zh") -> list[tuple[str, str]]:
    """A few details of the event in words, ``[(label, value)]``: no hashes, keys or JSON."""
    try:
        details = json.loads(e.details) if e.details else {}
    except ValueError:
        details = {}
    if not isinstance(details, dict):
        return []
    i = 1 if lang == "en" else 0
    out = []
    for key, label in DETAIL_LABELS.items():
        if key in details:
            text = _words(key, details[key], lang)
            if text is not None:
                out.append((label[i], text))
    for c in details.get("corrections") or []:
        if isinstance(c, dict):
            fact = fact_by_name(str(c.get("fact", "")))
            name = (fact.label_en if lang == "en" else fact.label_zh) if fact else str(c.get("fact", ""))
            before, after = (_fact_words(str(c.get("fact", "")), c.get(k), lang) for k in ("before", "after"))
            out.append((("补正", "corrected")[i], f"{name}：{before} → {after}"))
    if e.action.endswith(".refused"):
        code = str(details.get("code") or "")
        why = REFUSALS.get(code) or REFUSALS.get("error")
        text = details.get("message_en") if lang == "en" and details.get("message_en") else why[i]
        out.append((("拒绝原因", "refused because")[i], str(text)))
    return out


def subject_of(e: AuditEvent, lang: str = "zh") -> tuple[str, str | None]:
    """The event's subject in words, and a link to it when there is a page."""
    zh, en = OBJECT_TYPES.get(e.object_type, (e.object_type, e.object_type))
    name = en if lang == "en" else zh
    if not e.object_id:
        return name, None
    link = LINKS.get(e.object_type)
    text = f"{name} No. {e.object_id}" if lang == "en" else f"{name} 第{e.object_id}号"
    return text, (link.format(e.object_id) if link and e.object_id.isdigit() else None)
