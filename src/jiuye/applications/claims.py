"""Honest dates of a claim: the filing date, the period claimed, whether the document applies, lateness.

- **The filing date** (``application_date``) is the server's date. A request that sends one is
  refused (422, field ``application_date``): nobody chooses the date their claim was filed.
- **The claim period** is the period the claim is for: a month or months (monthly benefits), a
  year (yearly ones), one day (a one-time benefit: the day it is claimed as of). The pre-check
  evaluates it *as of* its last day that has passed, ``min(claim_period_end, filing date)``: the
  facts and parameter values of that period, not of the filing date. Caps "per year" count the
  claim period's year.
- **Applicable documents.** A 征求意见稿 without an effective date recorded by an administrator, a
  claim period before the effective date, a claim period after the document ended, or a filing
  after it ended are refused (422 at filing, 409 at approval and at payment), with the reason.
- **Late claims.** None of the five documents states a claim deadline (申领期限): their clauses say
  only 按规定申领 / 可申请 (searched: 申领, 申请, 期限, 逾期, 内申请, 次年, 截止). ``CLAIM_RULES`` holds a
  document's own rule where one exists; where the document is silent, a claim whose period ended
  more than ``LATE_AFTER_MONTHS`` months before the filing date goes to a person
  (``needs_review``, with the reason) instead of the normal review queue.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from ..dates import add_months, parse_date
from ..engine.provision import Provision, Status
from ..engine.schedule import AFTER_EXPIRY
from ..errors import Conflict, InputError
from ..params.store import PARAMETERS

LATE_AFTER_MONTHS = 12  # reading: where a document is silent, a claim over a year old is for a person to judge


@dataclass(frozen=True)
class ClaimRule:
    """A document's own claim deadline: a claim must be filed within ``months`` after its period ends."""

    months: int
    clause: str


CLAIM_RULES: dict[str, ClaimRule] = {}  # document id -> rule; none of the five documents states one


@dataclass(frozen=True)
class ClaimPeriod:
    start: date
    end: date

    def as_of(self, filed_on: date) -> date:
        """The date the claim is evaluated as of: the period's last day that has passed."""
        return min(self.end, filed_on)

    def label(self) -> str:
        if self.start == self.end:
            return self.start.isoformat()
        if self.start.day == 1 and self.end == _month_end(self.start):
            return f"{self.start:%Y-%m}"
        return f"{self.start.isoformat()} – {self.end.isoformat()}"


def _month_end(d: date) -> date:
    return d.replace(day=calendar.monthrange(d.year, d.month)[1])


_MONTH = re.compile(r"^\s*(\d{4})\s*[-/年.]\s*(\d{1,2})\s*月?\s*$")
_YEAR = re.compile(r"^\s*(\d{4})\s*年?\s*$")
EARLIEST = date(2000, 1, 1)


def _period_bound(value: Any, name: str, *, end: bool) -> date | None:
    """A date ("2025-03-15"), a month ("2025-03", "2025年3月") or a year ("2025") as the first day
    (``end=False``) or the last day (``end=True``) it names."""
    if value is None or value == "":
        return None
    if isinstance(value, str) and (m := _MONTH.match(value)):
        year, month = int(m.group(1)), int(m.group(2))
        if not 1 <= month <= 12:
            raise InputError(name, "月份应为1至12", "the month must be from 1 to 12")
        first = date(year, month, 1)
        return _month_end(first) if end else first
    if isinstance(value, str) and (m := _YEAR.match(value)):
        year = int(m.group(1))
        return date(year, 12, 31) if end else date(year, 1, 1)
    if isinstance(value, int) and not isinstance(value, bool) and 1900 < value < 3000:
        return date(value, 12, 31) if end else date(value, 1, 1)
    return parse_date(value, field=name)


def claim_period(p: Provision, *, start: Any, end: Any, months: int | None, filed_on: date) -> ClaimPeriod:
    """The period claimed, from what the request says (or the current period by default).

    One-time benefits: one day, by default the filing date. Monthly: by default the month of the
    filing; with ``months`` and no end, that many months. Yearly: by default the calendar year of
    the start. The period may not begin after the filing date (a claim is for a period that has begun)."""
    s = _period_bound(start, "claim_period_start", end=False)
    e = _period_bound(end, "claim_period_end", end=True)
    period = p.period.value
    if s is None:
        s = filed_on if period in ("one_time", "none") else filed_on.replace(day=1)
    if s < EARLIEST:
        raise InputError("claim_period_start", "申请期间过早", "the claim period is too early")
    if s > filed_on:
        raise InputError("claim_period_start", "申请期间尚未开始（不能早于期间申请）",
                         "the claim period has not begun yet (a claim is for a period that has begun)")
    if e is None:
        if period in ("one_time", "none") or p.benefit_type == "loan":
            e = s
        elif months:
            e = add_months(s, months) - timedelta(days=1)
        elif period == "yearly":
            e = date(s.year, 12, 31)
        else:
            e = _month_end(s)
    if e < s:
        raise InputError("claim_period_end", "申请期间的结束日期不能早于开始日期",
                         "the claim period cannot end before it starts")
    return ClaimPeriod(s, e)


def claim_as_of(app: Any) -> date:
    """The date an application's claim is evaluated as of (stored with its pre-check)."""
    snap = app.input_snapshot or {}
    return date.fromisoformat(snap["as_of"]) if snap.get("as_of") else min(app.claim_period_end, app.application_date)


# --- is the document applicable? ---------------------------------------------------------------

def _doc_name(p: Provision) -> str:
    return f"《{p.document.title_zh}》" if p.document.draft else p.document.number


def refusal(p: Provision, *, as_of: date, filed_on: date | None = None) -> tuple[str, str, str] | None:
    """Why ``p`` cannot be claimed for a period evaluated as of ``as_of`` (filed on ``filed_on``):
    (field, Chinese, English), or None when it can. A draft counts from the effective date an
    administrator recorded (local values), and not before."""
    snap = PARAMETERS.snapshot(as_of)
    status = p.status(as_of, snap)
    start, end = p.window(snap)
    if status == Status.DRAFT_NO_DATE:
        return ("provision_id",
                f"{_doc_name(p)}是征求意见稿，施行日期尚未公布，不能申请或支付",
                "this document is a consultation draft (征求意见稿) with no effective date yet: "
                "it cannot be applied for or paid")
    if status == Status.NOT_YET_IN_FORCE:
        draft = "（征求意见稿，施行日期由管理员登记）" if p.document.draft else ""
        return ("claim_period_start", f"{_doc_name(p)}自{start}起施行{draft}，所申请期间尚未施行",
                f"the document takes effect on {start}; the period claimed is before that")
    if status == Status.EXPIRED and filed_on is None and snap.get(AFTER_EXPIRY) == "continue":
        return None  # reading engine-after-expiry: an entitlement begun in force runs its term
    if status == Status.EXPIRED:
        return ("claim_period_start", f"{_doc_name(p)}已于{end}到期，所申请期间不在有效期内",
                f"the document ended on {end}; the period claimed is outside it")
    if filed_on is not None and end is not None and filed_on > end:
        return ("provision_id", f"{_doc_name(p)}已于{end}到期，不再受理申请",
                f"the document ended on {end}; applications are no longer taken")
    return None


def require_applicable(p: Provision, *, as_of: date, filed_on: date) -> None:
    """Refuse a filing (422) for a draft, a period outside the document's force, or a document expired."""
    why = refusal(p, as_of=as_of, filed_on=filed_on)
    if why is not None:
        raise InputError(*why)


def require_still_applicable(p: Provision, *, as_of: date, action_zh: str, action_en: str) -> None:
    """Refuse an approval or a payment (409) of a benefit its document does not cover for the period."""
    why = refusal(p, as_of=as_of)
    if why is not None:
        raise Conflict(f"不能{action_zh}：{why[1]}", f"cannot {action_en}: {why[2]}", field=why[0])


# --- late claims ---------------------------------------------------------------------------

def late_review_reason(p: Provision, period: ClaimPeriod, filed_on: date) -> str | None:
    """A late claim where the document states no claim rule: the reason a person must decide
    (Chinese / English), or None. Where the document has a rule, a claim filed after it is refused."""
    rule = CLAIM_RULES.get(p.document.id)
    if rule is not None:
        deadline = add_months(period.end + timedelta(days=1), rule.months) - timedelta(days=1)
        if filed_on > deadline:
            raise InputError("claim_period_start", f"已超过申领期限（{deadline}前申请；{p.document.number}：{rule.clause}）",
                             f"past the claim deadline ({deadline}; {p.document.number}: {rule.clause})")
        return None
    limit = add_months(filed_on, -LATE_AFTER_MONTHS)
    if period.end >= limit:
        return None
    return (f"逾期申领：所申请期间（{period.label()}）已结束超过{LATE_AFTER_MONTHS}个月，{p.document.number}"
            f"未规定申领期限，转人工复核 / late claim: the period ended more than {LATE_AFTER_MONTHS} months "
            "before filing and the document states no claim deadline; a caseworker decides")
