"""What the guided calculator shows: benefits counted apart from statuses, by amount, in plain words.

- **Benefits** are provisions that give something — money, a loan, a fee waiver, a right — and are
  in force; they are counted and ordered by what they are worth over their term (the engine's total
  payable; a loan by its ceiling, after the money). A draft's benefits (征求意见稿) are listed apart
  and not counted: they cannot be applied for until the document takes effect.
- **Statuses** are definitions, checks and relaxations that hold ("您属于：重点人群").
- **Maybe**: benefits that more answers could still confirm; **near**: benefits missed by one
  condition a person can change, with what would change it.

Every text here is the page's language only: amounts in 元 (never fen), no parameter ids, no
expression trees; the clause itself is quoted verbatim.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..engine.provision import Kind, Period, Provision, Status
from ..engine.results import ELIGIBLE, NOT_ELIGIBLE, SUPERSEDED, UNKNOWN, CaseResult, ProvisionResult
from ..money import fen_to_yuan
from .sources import local_sources

MONEY_TYPES = ("subsidy", "interest_subsidy")
LOAN_TYPES = ("loan", "guarantee")
TYPE_LABELS = {"subsidy": ("补贴", "subsidy"), "interest_subsidy": ("贴息", "interest subsidy"),
               "loan": ("贷款", "loan"), "guarantee": ("担保", "guarantee"), "fee_waiver": ("减免", "fee waiver"),
               "right": ("权益", "right")}


def yuan_text(fen: int | None, lang: str) -> str:
    """``300000`` → ``3,000元`` (``3,000 yuan``); cents only when there are any."""
    if fen is None:
        return ""
    y = fen_to_yuan(fen)
    text = f"{y:,.2f}".removesuffix(".00")
    return f"{text} yuan" if lang == "en" else f"{text}元"


def _zh_en(text: str, lang: str) -> str:
    """The page's half of an engine note written "中文 / English"."""
    zh, sep, en = text.partition(" / ")
    return (en if sep else text) if lang == "en" else zh


@dataclass
class Card:
    result: ProvisionResult
    lines: list[str]  # amount, period, duration, total: plain words
    value_fen: int  # what it is worth, for ordering
    total_fen: int | None
    kind_label: str
    reasons: list[str]  # the conditions met, in words
    notes: list[str] = field(default_factory=list)
    replaces: list[str] = field(default_factory=list)  # titles of the benefits it is chosen over
    sources: list[str] = field(default_factory=list)  # 按…标准…，依据：… (local values it used)

    @property
    def provision(self) -> Provision:
        return self.result.provision


@dataclass
class Summary:
    benefits: list[Card]
    drafts: list[Card]
    statuses: list[ProvisionResult]
    maybe: list[ProvisionResult]
    near: list[tuple[ProvisionResult, list[str]]]
    total_fen: int
    open_ended: int  # benefits whose total is not fixed (no maximum duration)
    loans_fen: int
    other_count: int  # provisions of the subject outside the chosen life events
    not_stacked: bool = False  # two benefits of one stacking group: the total counts the higher

    @property
    def count(self) -> int:
        return len(self.benefits)


def is_benefit(p: Provision) -> bool:
    return p.kind == Kind.BENEFIT and p.benefit_type != "status"


def _amount_lines(r: ProvisionResult, lang: str) -> tuple[list[str], int | None]:
    p, en = r.provision, lang == "en"
    lines: list[str] = []
    amount = r.amount_fen
    months = r.remaining_months if r.remaining_months is not None else r.max_duration_months
    if p.benefit_type in LOAN_TYPES:
        if amount is not None:
            lines.append((f"up to {yuan_text(amount, lang)}" if en else f"最高可贷{yuan_text(amount, lang)}")
                         if p.benefit_type == "loan" else yuan_text(amount, lang))
        if months:
            lines.append(f"term up to {months} months" if en else f"期限最长{months}个月")
        return lines, None
    if amount is None:
        if p.amount is not None and r.outcome in (ELIGIBLE, SUPERSEDED):
            lines.append("amount to be confirmed by the bureau" if en else "金额由经办机构核定")
        return lines, None
    up_to = ("up to " if en else "最高") if p.amount_kind == "up_to" else ""
    money = f"{up_to}{yuan_text(amount, lang)}"
    if p.period == Period.ONE_TIME:
        lines.append(f"{money}, once" if en else f"一次性{money}")
    elif p.period == Period.MONTHLY:
        lines.append(f"{money} a month" if en else f"每月{money}")
    elif p.period == Period.YEARLY:
        lines.append(f"{money} a year" if en else f"每年{money}")
    else:
        lines.append(money)
    if months and p.period in (Period.MONTHLY, Period.YEARLY):
        lines.append(f"for up to {months} more months" if en else f"还可享受{months}个月")
    total = r.total_payable_fen
    if total is not None and p.period != Period.ONE_TIME:
        end = p.in_force_to or p.document.in_force_to
        lines.append(f"in all {yuan_text(total, lang)}" if en else f"合计{yuan_text(total, lang)}")
        if end is not None and months and total < amount * months // (1 if p.period == Period.MONTHLY else 12):
            lines.append(f"counted to the policy's end on {end.isoformat()}" if en else f"算至政策截止日{end.isoformat()}")
    elif p.period in (Period.MONTHLY, Period.YEARLY) and total is None:
        lines.append("while the conditions hold" if en else "符合条件期间按期发放")
    return lines, total if total is not None else (amount if p.period == Period.ONE_TIME else None)


def amount_text(r: ProvisionResult, lang: str) -> str:
    """A result's amount, period, months and total as one plain sentence in the page's language."""
    return ("，" if lang != "en" else ", ").join(_amount_lines(r, lang)[0])


def _value(r: ProvisionResult, total: int | None) -> int:
    if total is not None:
        return total
    amount = r.amount_fen or 0
    return amount * max(r.provision.period.per_year, 1)


def _card(r: ProvisionResult, lang: str, titles: dict[str, Provision]) -> Card:
    p = r.provision
    lines, total = _amount_lines(r, lang)
    if p.payee == "employer":
        lines.append("paid to the employer" if lang == "en" else "发放给用人单位")
    reasons = [(c.label_en if lang == "en" else c.label_zh) for c in r.conditions if c.value is True]
    notes = [_zh_en(n, lang) for n in r.notes if not n.startswith("征求意见稿")]
    replaces = [(titles[o].title_en if lang == "en" else titles[o].title_zh) for o in r.supersedes if o in titles]
    label = TYPE_LABELS.get(p.benefit_type, ("", ""))
    value = _value(r, total)
    if p.benefit_type in LOAN_TYPES:
        value = 0  # a loan is repaid: after the money
    return Card(r, lines, value, total, label[1] if lang == "en" else label[0], reasons, notes, replaces,
                local_sources(r, lang))


def _plain_hint(c: Any, lang: str) -> str | None:
    """What would change a failed condition, when it says so without amounts in fen."""
    h = c.hint
    if not h or h.get("unchangeable"):
        return None
    text = h.get("message_en" if lang == "en" else "message_zh")
    if not text or "分" in text.replace("分之", "") or "fen" in text or "eligible_from" not in h and "gap" not in h:
        return None
    return text


def _order(c: Card) -> tuple[bool, int, str]:
    """Money first, the largest first; loans after."""
    return (c.provision.benefit_type in LOAN_TYPES, -c.value_fen, c.provision.id)


def summarise(result: CaseResult, lang: str, *, other_count: int = 0,
              titles: dict[str, Provision] | None = None) -> Summary:
    titles = titles or {r.provision.id: r.provision for r in result.results}
    benefits, drafts, statuses, maybe, near = [], [], [], [], []
    for r in result.results:
        p = r.provision
        if r.outcome == ELIGIBLE and not is_benefit(p):
            statuses.append(r)
        elif r.outcome == ELIGIBLE:
            card = _card(r, lang, titles)
            (drafts if r.status == Status.DRAFT_NO_DATE else benefits).append(card)
        elif r.outcome == UNKNOWN and is_benefit(p):
            maybe.append(r)
        elif r.outcome == NOT_ELIGIBLE and is_benefit(p) and r.status in (Status.IN_FORCE, Status.DRAFT_NO_DATE):
            failed = r.failed
            if len(failed) == 1:
                hint = _plain_hint(failed[0], lang)
                if hint:
                    near.append((r, [hint]))
    benefits.sort(key=_order)
    drafts.sort(key=_order)
    money = [c for c in benefits if c.provision.benefit_type not in LOAN_TYPES]
    best: dict[str, int] = {}  # 从优从高不重复: one benefit of a stacking group counts, the highest
    for c in money:
        if c.total_fen is not None:
            group = c.provision.stacking_group or c.provision.id
            best[group] = max(best.get(group, 0), c.total_fen)
    total = sum(best.values())
    not_stacked = sum(c.total_fen for c in money if c.total_fen is not None) > total
    open_ended = sum(1 for c in money if c.total_fen is None)
    loans = sum(c.result.amount_fen or 0 for c in benefits if c.provision.benefit_type == "loan")
    return Summary(benefits, drafts, statuses, maybe, near, total, open_ended, loans, other_count, not_stacked)
