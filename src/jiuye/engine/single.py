"""Evaluate one case as of a date, with explanations (the single-case path)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import date
from typing import Any

from ..dates import add_months
from ..facts.models import Case
from ..params.store import PARAMETERS, Snapshot
from .compiled import Recorded, param_cache, plan_of
from .encode import dumps
from .expr import Env, Expr, Fact, Trace
from .history import compute_case_features
from .nearmiss import UNCHANGEABLE, nearest_miss, unchangeable
from .place import place_fact
from .provision import Condition, Provision, Status, Subject
from .relevance import recorded_unknowns, relevant_unknowns
from .results import (
    DRAFT_NOTE,
    ELIGIBLE,
    NOT_ELIGIBLE,
    UNKNOWN,
    CaseResult,
    ConditionResult,
    ProvisionResult,
    condition_json_head,
)
from .schedule import schedule, stepped, total_payable
from .spells import SPELLS_KEY, case_spells
from .stacking import apply_stacking_results

_MODELS = {Subject.PERSON: "person", Subject.ENTERPRISE: "enterprise", Subject.ORGANISATION: "organisation"}


_DOTTED: dict[str, dict[str, str]] = {"person": {}, "enterprise": {}, "organisation": {}}  # field -> fact name


def case_env(case: Case, as_of: date, snapshot: Snapshot) -> Env:
    values: dict[str, Any] = {}
    for prefix, dotted in _DOTTED.items():
        model = getattr(case, prefix)
        if model is None:
            continue
        for k, v in model.__dict__.items():
            if v is not None:
                name = dotted.get(k)
                if name is None:
                    name = dotted[k] = f"{prefix}.{k}"
                values[name] = v
    env = Env(values, snapshot, as_of)
    env.values[SPELLS_KEY] = case_spells(case.spells)
    compute_case_features(case.history, env)
    return env


def _missing_facts(expr: Expr, env: Env) -> list[Fact]:
    """The unknown facts that could still change ``expr`` (see :mod:`jiuye.engine.relevance`)."""
    return relevant_unknowns(expr, env)


def _hint(cond: Condition, env: Env) -> dict[str, Any] | None:
    h = cond.hint
    if h is None:
        return None
    actual, need = h.actual.ev(env), h.need.ev(env)
    if actual is None or need is None or actual >= need:
        return None
    gap = need - actual
    out: dict[str, Any] = {"need": need, "have": actual, "gap": gap, "unit_en": h.unit_en, "unit_zh": h.unit_zh}
    if h.grows_monthly:
        start = h.since.ev(env) if h.since is not None else None
        when = add_months(start, need) if start is not None else add_months(env.as_of, gap)
        out["eligible_from"] = when.isoformat()
        out["message_zh"] = f"需要{need}{h.unit_zh}，目前{actual}{h.unit_zh}；再过{gap}{h.unit_zh}（{when:%Y-%m}起）即可满足此条件"
        out["message_en"] = (f"needs {need} {h.unit_en}, has {actual}: {gap} more {h.unit_en} "
                             f"(from {when:%Y-%m}) meets this condition")
    else:
        out["message_zh"] = f"需要{need}{h.unit_zh}，目前{actual}{h.unit_zh}，还差{gap}{h.unit_zh}"
        out["message_en"] = f"needs {need} {h.unit_en}, has {actual}: {gap} short"
    return out


def _not_known_params(trace: Trace | None) -> list[str]:
    if trace is None:
        return []
    out = [f"{q['name']}[{q['key']}]" if "key" in q else q["name"]
           for q in trace.parameters if q.get("not_known") or q.get("value") is None]
    for child in trace.children:
        out.extend(_not_known_params(child))
    return out


def _unknown_amount_note(p: Provision, env: Env, trace: Any, params: tuple[str, ...]) -> str:
    """``trace()``: the amount's explanation tree (built only when the note names the parameters not known)."""
    store = env.snapshot.store
    unset = [n for n in params if env.snapshot.get(n) is None]
    if any(store[n].local_standard for n in unset if n in store):
        return "金额为地方标准，尚未设定 / local standard, not set: " + ", ".join(unset)
    missing = list(dict.fromkeys(_not_known_params(trace()) + unset))
    if missing:
        return (f"金额所需参数截至{env.as_of}未知 / a parameter the amount needs is not known as of "
                f"{env.as_of}: " + ", ".join(missing))
    return "金额未知 / amount not known"


class _Cond:
    """A condition compiled: its plan, whether the person can change it, its encoded labels."""

    __slots__ = ("cond", "plan", "unchangeable", "json_head", "pure")

    def __init__(self, cond: Condition):
        self.cond, self.plan = cond, plan_of(cond.test)
        # its unknown facts are a function of its recorded values alone (no spells read from the case)
        self.pure = all(n.kind not in ("spell", "own") for n in self.plan.nodes)
        self.unchangeable = unchangeable(cond.id, cond.test)
        self.json_head = condition_json_head(cond.id, cond.label_zh, cond.label_en, cond.clause)


class _Compiled:
    """A provision compiled once: its conditions, the amount's plan and the parameters it reads."""

    __slots__ = ("provision", "conds", "amount", "amount_params", "place", "stepped")

    def __init__(self, p: Provision):
        self.provision = p
        f = place_fact(p)
        self.place = f.name if f is not None else None  # the fact naming the provision's place
        self.stepped = stepped(p)  # the amount changes over the duration (walks the amount: once)
        self.conds = tuple(_Cond(c) for c in p.all_conditions())
        self.amount = plan_of(p.amount) if p.amount is not None else None
        self.amount_params = tuple(p.amount.params()) if p.amount is not None else ()


_COMPILED: dict[int, _Compiled] = {}
_QUESTIONS: dict[int, tuple[Fact, dict[str, Any]]] = {}


def _question(f: Fact) -> dict[str, Any]:
    """``f.question()``, built once per fact (the answers share it; nothing changes it)."""
    hit = _QUESTIONS.get(id(f))
    if hit is None or hit[0] is not f:
        hit = _QUESTIONS[id(f)] = (f, f.question())
    return hit[1]


def _compiled(p: Provision) -> _Compiled:
    c = _COMPILED.get(id(p))
    if c is None or c.provision is not p:
        if len(_COMPILED) > 10_000:  # provisions made on the fly (tests, reforms): do not hold them for ever
            _COMPILED.clear()
        c = _COMPILED[id(p)] = _Compiled(p)
    return c


def compile_provisions(provisions: Iterable[Provision]) -> int:
    """Compile every condition, amount, duration and extra now (a server calls this before
    ``gc.freeze()``, so the compiled code is not walked by every full collection). Returns how many."""
    n = 0
    for p in provisions:
        _compiled(p)
        for e in (p.max_duration_months, *(e for _, e in p.extras)):
            if isinstance(e, Expr):
                plan_of(e)
        n += 1
    return n


_HINTS_KEPT = 20_000


def _nearest_miss(c: _Cond, env: Env, values: list[Any]) -> dict[str, Any] | None:
    """``nearest_miss`` of a failed condition from its recorded values, reused when the same values met
    the same place and date before (a copy: the answer may be changed by its reader)."""
    known = Recorded(c.plan, values)
    cache = param_cache(env.snapshot)
    memo = cache.get("hints")
    if memo is None:
        memo = cache["hints"] = {}
    try:
        key = (id(c), env.place, env.as_of, dumps(values))
    except TypeError:  # a value JSON cannot tell apart: not kept
        return nearest_miss(c.cond.id, c.cond.test, env, known)
    hit = memo.get(key)
    if hit is not None and hit[0] is c:
        return None if hit[1] is None else dict(hit[1])
    got = nearest_miss(c.cond.id, c.cond.test, env, known)
    if not known.missed:  # read only recorded values: the same values give the same hint
        if len(memo) > _HINTS_KEPT:
            memo.clear()
        memo[key] = (c, got)
        return None if got is None else dict(got)
    return got


_UNKNOWNS: dict[tuple[int, bytes], tuple[_Cond, list[Fact]]] = {}


def _unknowns(c: _Cond, values: list[Any], env: Env) -> list[Fact]:
    """``recorded_unknowns`` of an undecided condition, reused for the same recorded values."""
    if not c.pure:
        return recorded_unknowns(c.plan, values, env)
    try:
        key = (id(c), dumps(values))
    except TypeError:
        return recorded_unknowns(c.plan, values, env)
    hit = _UNKNOWNS.get(key)
    if hit is None or hit[0] is not c:
        if len(_UNKNOWNS) > _HINTS_KEPT:
            _UNKNOWNS.clear()
        hit = _UNKNOWNS[key] = (c, recorded_unknowns(c.plan, values, env))
    return hit[1]


def _at_place(p: Provision, env: Env) -> Env:
    """:func:`jiuye.engine.place.env_at_place` without ``dataclasses.replace`` (the hot path)."""
    f = place_fact(p)
    place = env.values.get(f.name) if f is not None else None
    return env if place == env.place else Env(env.values, env.snapshot, env.as_of, place)


def _status(p: Provision, env: Env) -> Status:
    """The provision's status on the as-of date, once per snapshot (it reads only the dates and the snapshot)."""
    cache = param_cache(env.snapshot)
    key = ("status", id(p), env.as_of)
    hit = cache.get(key)
    if hit is None or hit[0] is not p:
        hit = cache[key] = (p, p.status(env.as_of, env.snapshot))
    return hit[1]


def _payable(p: Provision, compiled: _Compiled, amount: int | None, months: int | None,
             env: Env) -> tuple[int | None, list[dict[str, Any]]]:
    """The total still payable and the payable periods; for an amount that does not step, the same for
    every case with this amount and duration on the date (kept per snapshot; the periods a copy)."""
    if compiled.stepped:
        amount_at = lambda d: p.amount.ev(replace(env, as_of=d))  # type: ignore[union-attr]  # noqa: E731
        return (total_payable(p, amount, months, env.as_of, env.snapshot, amount_at),
                schedule(p, amount, months, env.as_of, env.snapshot, amount_at))
    cache = param_cache(env.snapshot)
    memo = cache.get("payable")
    if memo is None or len(memo) > _HINTS_KEPT:  # amounts vary by case: bounded
        memo = cache["payable"] = {}
    key = (id(p), amount, months, env.as_of)
    hit = memo.get(key)
    if hit is None or hit[0] is not p:
        hit = memo[key] = (p, total_payable(p, amount, months, env.as_of, env.snapshot),
                            schedule(p, amount, months, env.as_of, env.snapshot))
    return hit[1], [dict(x) for x in hit[2]]


def evaluate_provision(p: Provision, env: Env, *, explain: bool = True,
                       envs: dict[Any, Env] | None = None) -> ProvisionResult:
    """``envs``: the case's envs by place, shared by the provisions of one case (made once each)."""
    compiled = _compiled(p)
    if envs is None:
        env = _at_place(p, env)
    else:
        place = env.values.get(compiled.place) if compiled.place is not None else None
        if place != env.place:
            got = envs.get(place)
            if got is None:
                got = envs[place] = Env(env.values, env.snapshot, env.as_of, place)
            env = got
    status = _status(p, env)
    res = ProvisionResult(p, env.as_of, UNKNOWN, status)
    if status in (Status.EXPIRED, Status.NOT_YET_IN_FORCE):
        start, end = p.window(env.snapshot)
        res.outcome = NOT_ELIGIBLE
        when = f"{start} – {end or '…'}"
        res.conditions.append(ConditionResult(
            "in_force", f"政策在有效期内（{when}）", f"provision in force ({when})", False,
            p.in_force_clause or p.document.validity_clause))
        return res
    if status == Status.DRAFT_NO_DATE:
        res.notes.append(DRAFT_NOTE)
    any_false = any_unknown = False
    unknown_conds: list[tuple[_Cond, list[Any]]] = []
    for c in compiled.conds:
        cond = c.cond
        values = c.plan.values(env)  # every node's value: the explanation (built from them when asked), questions, hints
        value = values[0]
        if explain:
            cr = ConditionResult(cond.id, cond.label_zh, cond.label_en, value, cond.clause, (cond.test, env), None,
                                 (c.plan, values), c.json_head)
        else:
            cr = ConditionResult(cond.id, cond.label_zh, cond.label_en, value, cond.clause, None, None, None,
                                 c.json_head)
        res.conditions.append(cr)
        if value is False:
            any_false = True
            if cond.id == "jurisdiction":  # outside the provision's place: the other conditions do not matter
                cr.hint = dict(UNCHANGEABLE)  # what nearest_miss says of the jurisdiction
                break
            if c.unchangeable:  # a place or a county option (本地区不适用 / 本县未采用), even without explain
                cr.hint = _nearest_miss(c, env, values)
            else:
                cr.hint = _hint(cond, env) or (_nearest_miss(c, env, values) if explain else None)
        elif value is None:
            any_unknown = True
            unknown_conds.append((c, values))
    if any_false:
        res.outcome = NOT_ELIGIBLE
        return res
    if any_unknown:
        res.outcome = UNKNOWN
        questions: dict[str, dict[str, Any]] = {}
        for c, values in unknown_conds:
            for f in _unknowns(c, values, env):
                if f.name not in questions:
                    questions[f.name] = _question(f)
        res.questions = list(questions.values())
        return res
    fill_eligible(res, compiled, env, explain)
    return res


def fill_eligible(res: ProvisionResult, compiled: _Compiled, env: Env, explain: bool) -> list[Any] | None:
    """Make ``res`` (every condition met) eligible: its amount, duration, months remaining, total and
    schedule, extras, and the questions an unknown amount or duration still needs. Returns the
    amount's recorded values (None without an amount)."""
    p = compiled.provision
    res.outcome = ELIGIBLE
    values = None
    if p.amount is not None:
        plan = compiled.amount
        values = plan.values(env)
        res.amount_fen = values[0]
        if explain:
            res.amount_source, res.amount_recorded = (p.amount, env), (plan, values)
        if res.amount_fen is None:
            missing = recorded_unknowns(plan, values, env)
            if missing:
                res.questions = [_question(f) for f in missing]
                res.amount_note = "金额需补充信息 / amount needs more facts"
            else:
                # the amount's tree names the parameters not known (only when explained: res.amount_trace)
                res.amount_note = _unknown_amount_note(p, env, (lambda: res.amount_trace) if explain else lambda: None,
                                                       compiled.amount_params)
    md = p.max_duration_months
    res.max_duration_months = md.ev(env) if isinstance(md, Expr) else md
    if res.max_duration_months is None and isinstance(md, Expr):  # the months left need a fact: ask it
        asked = {q["fact"] for q in res.questions}
        res.questions = res.questions + [_question(f) for f in _missing_facts(md, env) if f.name not in asked]
    if p.limits or md is not None:
        res.remaining_months = res.max_duration_months
    res.total_payable_fen, res.schedule = _payable(p, compiled, res.amount_fen, res.max_duration_months, env)
    for name, expr in p.extras:
        res.extras[name] = expr.ev(env)
    return values


def evaluate_case(case: Case | Mapping[str, Any], as_of: date, *, provisions: Iterable[Provision],
                  overrides: Mapping[str, Any] | None = None, explain: bool = True,
                  snapshot: Snapshot | None = None) -> CaseResult:
    """Evaluate every applicable provision of ``provisions`` for ``case`` as of ``as_of``.

    A provision applies when the case has facts for its subject (a person, an enterprise...).
    (The whole catalogue: :func:`jiuye.catalogue.registry.evaluate_case`.)
    """
    if not isinstance(case, Case):
        case = Case.parse(case)
    snap = snapshot or PARAMETERS.snapshot(as_of, overrides)
    env = case_env(case, as_of, snap)
    present = {s for s, attr in _MODELS.items() if getattr(case, attr) is not None}
    envs: dict[Any, Env] = {}
    results = [evaluate_provision(p, env, explain=explain, envs=envs)
               for p in provisions
               if p.subject in present]
    apply_stacking_results(results, snap)
    warnings = []
    if case.person is not None and case.person.id_number:
        from ..ids import validate_id_number

        warnings.extend(validate_id_number(case.person.id_number).warnings)
    return CaseResult(as_of, results, warnings)
