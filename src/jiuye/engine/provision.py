"""Declarations: documents, provisions, conditions, readings.

A :class:`Provision` is one declared object per provision of a source document: its citation
(document + article), the verbatim clause it encodes, who it is for, where and when it applies,
its named conditions (each citing its clause), its amount formula over parameters, its period,
maximum duration and stacking group, and the readings chosen where the text is ambiguous.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from ..errors import DeclarationError
from .conditions import Condition, Hint, Reading
from .expr import Expr


class Subject(StrEnum):
    PERSON = "person"
    ENTERPRISE = "enterprise"
    ORGANISATION = "organisation"


class Period(StrEnum):
    ONE_TIME = "one_time"
    MONTHLY = "monthly"
    YEARLY = "yearly"
    NONE = "none"  # definitions and checks: no money

    @property
    def per_year(self) -> int:
        return {"one_time": 1, "monthly": 12, "yearly": 1, "none": 0}[self.value]

    @property
    def label_zh(self) -> str:
        return {"one_time": "一次性", "monthly": "每月", "yearly": "每年", "none": "—"}[self.value]


class Kind(StrEnum):
    BENEFIT = "benefit"
    DEFINITION = "definition"
    RELAXATION = "relaxation"
    CHECK = "check"


class Status(StrEnum):
    IN_FORCE = "in_force"
    EXPIRED = "expired"
    NOT_YET_IN_FORCE = "not_yet_in_force"
    DRAFT_NO_DATE = "draft_no_date"  # a draft whose effective date an administrator has not set


@dataclass(frozen=True)
class Document:
    id: str
    number: str
    title_zh: str
    title_en: str
    issuer_zh: str
    jurisdiction: str  # division code of the issuing level (330000 = province)
    seed_file: str
    validity_clause: str
    issued_on: date | None = None
    in_force_from: date | None = None
    in_force_to: date | None = None
    draft: bool = False
    effective_param: str | None = None  # parameter holding a blank effective date (drafts)
    # a reading parameter: set to "both", the document's provisions leave the stacking groups they share with
    # other documents (each document pays its own); otherwise 从优从高 across them (see engine.stacking)
    overlap_switch: str | None = None
    notes: tuple[str, ...] = ()

    def window(self, snapshot: Any) -> tuple[date | None, date | None]:
        start = self.in_force_from
        if self.effective_param is not None:
            start = recorded_date(snapshot, self.effective_param, self.jurisdiction)
        return start, self.in_force_to


def recorded_date(snapshot: Any, name: str, jurisdiction: str) -> date | None:
    """A draft's effective date is a fact about the document, not a value that changes with the
    as-of date: the latest value recorded (the document's own city's, else the province-wide one),
    whenever it was recorded, so a claim for a period before the recording still sees it; a
    simulation's override wins."""
    store = getattr(snapshot, "store", None)
    if store is None or name in getattr(snapshot, "overridden", ()):
        return snapshot.get(name)
    param = store[name]
    for entries in (param.local.get(jurisdiction, ()), param.entries):
        known = [e.value for e in entries if e.value is not None]
        if known:
            return known[-1]
    return None


@dataclass(frozen=True)
class Provision:
    id: str
    document: Document
    article: str
    title_zh: str
    title_en: str
    clause: str
    subject: Subject
    jurisdiction: Condition
    conditions: tuple[Condition, ...]
    kind: Kind = Kind.BENEFIT
    amount: Expr | None = None
    amount_kind: str = "exact"  # "exact" | "up_to" (the document gives only a maximum)
    period: Period = Period.NONE
    max_duration_months: int | Expr | None = None
    stacking_group: str | None = None
    payee: str | None = None  # who receives the money when not the subject (e.g. employer)
    benefit_type: str = "subsidy"  # subsidy | loan | interest_subsidy | fee_waiver | right | status
    in_force_from: date | None = None
    in_force_to: date | None = None
    in_force_clause: str | None = None
    tags: frozenset[str] = frozenset()
    readings: tuple[Reading, ...] = ()
    notes: tuple[str, ...] = ()
    extras: tuple[tuple[str, Expr], ...] = ()  # further named outputs (e.g. the loan ceiling)
    limits: tuple[Any, ...] = ()  # limits over time decided by the ledger (jiuye.engine.limits)
    # set from ``limits``: the amount and maximum duration as declared, before the ledger nets them
    declared_amount: Expr | None = field(default=None, init=False, compare=False)
    declared_max_duration_months: int | Expr | None = field(default=None, init=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "declared_amount", self.amount)
        object.__setattr__(self, "declared_max_duration_months", self.max_duration_months)
        if self.limits:
            self._apply_limits()
        if not self.clause.strip():
            raise DeclarationError(f"{self.id}: empty clause text")
        seen = set()
        for c in (self.jurisdiction, *self.conditions):
            if not c.clause.strip():
                raise DeclarationError(f"{self.id}: condition {c.id} cites no clause")
            if c.id in seen:
                raise DeclarationError(f"{self.id}: duplicate condition id {c.id}")
            seen.add(c.id)
        if self.kind == Kind.BENEFIT and self.amount is None and self.benefit_type in {"subsidy"}:
            raise DeclarationError(f"{self.id}: a subsidy needs an amount formula")

    def _apply_limits(self) -> None:
        from .expr import Min
        from .limits import compile_limits

        c = compile_limits(self.id, self.limits)
        object.__setattr__(self, "conditions", (*self.conditions, *c.conditions))
        if c.remaining_months is not None:
            object.__setattr__(self, "max_duration_months", c.remaining_months)
        if c.amount_cap is not None and self.amount is not None:
            object.__setattr__(self, "amount", Min(self.amount, c.amount_cap, label="本年度可支付 / payable this year"))

    @property
    def citation(self) -> str:
        return f"{self.document.number} {self.article}"

    def window(self, snapshot: Any) -> tuple[date | None, date | None]:
        start, end = self.document.window(snapshot)
        if self.in_force_from is not None:
            start = self.in_force_from if self.document.effective_param is None else start
        return start, (self.in_force_to or end)

    def status(self, as_of: date, snapshot: Any) -> Status:
        start, end = self.window(snapshot)
        if self.document.draft and start is None:
            return Status.DRAFT_NO_DATE
        if start is not None and as_of < start:
            return Status.NOT_YET_IN_FORCE
        if end is not None and as_of > end:
            return Status.EXPIRED
        return Status.IN_FORCE

    def all_conditions(self) -> tuple[Condition, ...]:
        return (self.jurisdiction, *self.conditions)

    def parameter_names(self) -> list[tuple[str, str]]:
        """Every parameter this provision reads, as (where, name): conditions, hints, amount,
        duration, extras, reading switches and the document's effective-date parameter."""
        out: list[tuple[str, str]] = []

        def add(where: str, e: Any) -> None:
            if isinstance(e, Expr):
                out.extend((where, n) for n in e.params())

        for c in self.all_conditions():
            add(f"condition {c.id}", c.test)
            if c.hint is not None:
                for part in (c.hint.actual, c.hint.need, c.hint.since):
                    add(f"condition {c.id} (hint)", part)
        add("amount", self.amount)
        add("max_duration_months", self.max_duration_months)
        for name, e in self.extras:
            add(f"extra {name}", e)
        out.extend((f"reading {r.id}", r.switch) for r in self.readings if r.switch)
        if self.document.effective_param:
            out.append(("document effective date", self.document.effective_param))
        return out


@dataclass
class Catalogue:
    """Every declared provision, in declaration order."""

    provisions: dict[str, Provision] = field(default_factory=dict)

    def add(self, *items: Provision) -> None:
        for p in items:
            if p.id in self.provisions:
                raise DeclarationError(f"duplicate provision id {p.id}")
            self.provisions[p.id] = p

    def __iter__(self):
        return iter(self.provisions.values())

    def __len__(self) -> int:
        return len(self.provisions)


__all__ = ["Catalogue", "Condition", "Document", "Hint", "Kind", "Period", "Provision", "Reading", "Status", "Subject"]
