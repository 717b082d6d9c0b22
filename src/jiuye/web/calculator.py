"""The calculator's logic between the form and the engine (the page routes stay thin).

One step: parse the form → build the case → evaluate every provision for the chosen subject as of
the chosen date → choose the next questions (only those an undecided outcome still needs) →
group the results as 可享受 / 可能可享受（需补充信息） / 暂不符合.

A person says whether they run a business (a question of the page, not a fact of the engine):
until they say yes, questions about the business are not asked; when they say no, provisions
that read business facts are set aside as "only for founders".
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..catalogue.registry import CATALOGUE
from ..engine.provision import Kind, Provision, Subject
from ..engine.results import ELIGIBLE, NOT_ELIGIBLE, SUPERSEDED, UNKNOWN, CaseResult, ProvisionResult
from ..engine.single import evaluate_case
from ..errors import InputError
from ..facts.models import Case
from .forms import CalcForm, FieldError, FieldSpec, field_specs
from .questions import fact_names, pending_questions

BATCH = 6
_PLACE_FAILS = {"jurisdiction", "in_force"}


@functools.cache
def reads_business(p: Provision) -> bool:
    return p.subject == Subject.PERSON and any(n.startswith("enterprise.") for n in fact_names(p))


def subjects_available() -> list[str]:
    has_org = any(p.subject == Subject.ORGANISATION for p in CATALOGUE)
    return ["person", "enterprise", *(["organisation"] if has_org else [])]


def provisions_for(form: CalcForm) -> tuple[list[Provision], list[Provision]]:
    """(provisions to evaluate, provisions set aside because the person runs no business)."""
    if form.subject == "enterprise":
        return [p for p in CATALOGUE if p.subject == Subject.ENTERPRISE], []
    if form.subject == "organisation":
        return [p for p in CATALOGUE if p.subject == Subject.ORGANISATION], []
    chosen, aside = [], []
    for p in CATALOGUE:
        if p.subject == Subject.ENTERPRISE and not form.has_business:
            continue
        if p.subject == Subject.ORGANISATION:
            continue
        if form.has_business is False and reads_business(p):
            aside.append(p)
        else:
            chosen.append(p)
    return chosen, aside


def _validate_history(form: CalcForm) -> None:
    for i, h in enumerate(form.history):
        pid, when = h.get("provision_id", ""), h.get("granted_on", "")
        if pid and pid not in CATALOGUE.provisions:
            form.errors[f"history.{i}.provision_id"] = FieldError(
                f"history.{i}.provision_id", "请选择列表中的政策", "choose a listed provision")
        try:
            if when:
                date.fromisoformat(when)
            elif pid:
                raise ValueError
        except ValueError:
            form.errors[f"history.{i}.granted_on"] = FieldError(
                f"history.{i}.granted_on", "请填写享受日期（年-月-日）", "enter the date granted (YYYY-MM-DD)")
    if any(k.startswith("history.") for k in form.errors):
        form.history = []


def build_case(form: CalcForm) -> Case:
    """The case of the form; a fact the models refuse is reported and left unknown."""
    _validate_history(form)
    for _ in range(len(form.facts) + 2):
        try:
            return Case.parse(form.case_data())
        except InputError as exc:
            name = exc.field if exc.field in form.facts else None
            if name is None:
                name = next((n for n in form.facts if exc.field.startswith(n)), None)
            if name is None:
                raise
            form.errors[name] = FieldError(name, exc.message_zh, exc.message_en)
            form.facts.pop(name, None)
    return Case.parse(form.case_data())


@dataclass
class Question:
    spec: FieldSpec
    value: str
    new: bool
    error: FieldError | None = None
    needed_by: list[str] = field(default_factory=list)
    section: str = ""


@dataclass
class Step:
    form: CalcForm
    result: CaseResult
    questions: list[Question]
    pending_left: int
    eligible: list[ProvisionResult]
    unknown: list[ProvisionResult]
    near: list[ProvisionResult]
    elsewhere: list[ProvisionResult]
    aside: list[Provision]
    draft: bool
    titles: dict[str, Provision]
    subjects: list[str]
    ask_business: bool

    @property
    def counts(self) -> dict[str, int]:
        return {"e": len(self.eligible), "u": len(self.unknown),
                "n": len(self.near) + len(self.elsewhere) + len(self.aside)}


def _section(form: CalcForm, spec: FieldSpec) -> str:
    if form.subject == "enterprise" and spec.prefix == "person":
        return "calc.founder"
    if form.subject == "person" and spec.prefix == "enterprise":
        return "calc.business"
    return ""


def _sort_key(r: ProvisionResult) -> tuple[int, int, int, int]:
    kind_rank = 0 if r.provision.kind == Kind.BENEFIT else 1
    loan = 1 if r.provision.benefit_type == "loan" else 0
    return (kind_rank, 1 if r.outcome == SUPERSEDED else 0, loan, -(r.comparable_fen or 0))


def step(form: CalcForm) -> Step:
    """Evaluate the form's case and decide what to show next."""
    specs = field_specs()
    case = build_case(form)
    chosen, aside = provisions_for(form)
    result = evaluate_case(case, form.as_of, provisions=chosen)
    exclude: tuple[str, ...] = ()
    if form.subject == "person" and not form.has_business:
        exclude = ("enterprise.",)
    pending = [q for q in pending_questions(result, exclude_prefixes=exclude) if q["fact"] in specs]
    pending_names = {q["fact"]: q for q in pending}
    shown: list[Question] = []
    seen: set[str] = set()
    for name in form.asked:
        if name in seen or name not in specs:
            continue
        answered = name in form.raw
        if not answered and name not in pending_names:
            continue  # no longer matters
        seen.add(name)
        raw = form.raw.get(name, "")
        shown.append(Question(specs[name], raw, False, form.errors.get(name),
                              pending_names.get(name, {}).get("needed_by", []), _section(form, specs[name])))
    fresh = [q for q in pending if q["fact"] not in seen]
    limit = len(fresh) if form.show_all else BATCH
    for q in fresh[:limit]:
        spec = specs[q["fact"]]
        shown.append(Question(spec, "", True, None, q["needed_by"], _section(form, spec)))
    form.asked = [q.spec.name for q in shown]

    eligible, unknown, near, elsewhere = [], [], [], []
    for r in result.results:
        if r.outcome in (ELIGIBLE, SUPERSEDED):
            eligible.append(r)
        elif r.outcome == UNKNOWN:
            unknown.append(r)
        elif r.outcome == NOT_ELIGIBLE:
            failed = {c.id for c in r.failed}
            (elsewhere if failed & _PLACE_FAILS else near).append(r)
    eligible.sort(key=_sort_key)
    # 本地区不适用 / 本县未采用 (nothing the person can change) after what the person could change
    near.sort(key=lambda r: (r.not_applicable_here, len(r.failed), r.provision.kind != Kind.BENEFIT))
    draft = any(r.provision.document.draft for r in eligible + unknown + near)
    return Step(form, result, shown, max(0, len(fresh) - limit), eligible, unknown, near, elsewhere, aside,
                draft, dict(CATALOGUE.provisions), subjects_available(),
                form.subject == "person")


def error_label(name: str, lang: str) -> str:
    """The field of an error in the user's words: no fen, no codes, no internal paths."""
    from .guided_ask import plain_label

    specs = field_specs()
    if name in specs:
        return plain_label(specs[name], lang)
    if name == "as_of":
        return "Evaluation date" if lang == "en" else "评估日期"
    parts = name.split(".")
    if parts[0] == "history" and len(parts) == 3 and parts[1].isdigit():
        n = int(parts[1]) + 1
        if parts[2] == "provision_id":
            return f"Benefit received {n}" if lang == "en" else f"已享受的政策 {n}"
        return f"Date granted {n}" if lang == "en" else f"享受日期 {n}"
    return "Input" if lang == "en" else "输入"


def condition_mark(value: Any) -> str:
    return {True: "✓", False: "✗", None: "?"}[value]


def amount_parts(r: ProvisionResult) -> dict[str, Any]:
    """What the result card shows about money: amount, up-to, period, duration, payee."""
    p = r.provision
    return {"fen": r.amount_fen, "up_to": p.amount_kind == "up_to", "period": p.period.value,
            "months": r.max_duration_months, "payee": p.payee, "has_amount": p.amount is not None,
            "loan": p.benefit_type == "loan"}
