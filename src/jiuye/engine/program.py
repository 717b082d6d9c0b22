"""A whole case's compact answer (``explain="compact"``) written straight from the recorded values.

:func:`compact_case` gives the bytes ``jiuye.web.api.compact_answer(evaluate_case(...))`` gives
(``tests/engine/test_program.py`` compares them on demo, generated and Hypothesis cases), without
the result objects of the general path for most provisions:

- a provision outside its dates (expired, not yet in force) or whose place test is false for the
  case answers the same for every case on that date and status: its bytes are kept (made once by
  the general path) and only counted;
- a provision in its place that is not eligible or cannot be decided yet is written from its
  conditions' values: the prefix of its result (its tree's hash, outcome and status) and each
  condition's ``{"id":…,"hint":`` are encoded once, the hints and questions come from the caches
  of :mod:`jiuye.engine.single`, the explanation from :func:`jiuye.engine.compact.explanation_json`;
- an eligible provision (its amount, duration, schedule and 从优从高 with the others) goes through
  :func:`jiuye.engine.single.evaluate_provision`, its explanation encoded in answer order (parameter
  explanations are numbered as they first appear) and the rest of its result after stacking.
"""

from __future__ import annotations

import operator
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from ..facts.models import Case
from ..params.store import PARAMETERS, Snapshot
from .compact import (
    FORMAT,
    TREE_PATH,
    _add_extra,
    _compact_result,
    _lists_tail,
    compact_explanation,
    compact_result,
    explanation_json,
    provision_tree,
)
from .compiled import param_cache
from .encode import dumps
from .expr import Env, Fact, InSet
from .nearmiss import NOT_ADOPTED, UNCHANGEABLE
from .provision import Provision, Status
from .results import DRAFT_NOTE, ELIGIBLE, NOT_ELIGIBLE, SUPERSEDED, UNKNOWN, CaseResult, ProvisionResult
from .single import (
    _MODELS,
    _compiled,
    _hint,
    _nearest_miss,
    _question,
    _unknowns,
    case_env,
    evaluate_provision,
    fill_eligible,
)
from .stacking import apply_stacking_results

_OUT_OF_DATES = (Status.EXPIRED, Status.NOT_YET_IN_FORCE)
_EXPLAIN = b',"explanation":'
_KEPT = 50_000  # failed conditions' encoded hints, place tests' values kept per snapshot
_PLACE_KINDS = frozenset({"fact", "const", "asof", "junction", "not", "op", "inconst", "if", "isknown", "incity",
                          "combine"})


class _Item:
    """One provision of a program: its compiled conditions, its tree, the encoded parts of its results."""

    __slots__ = ("provision", "compiled", "subject", "place", "first", "rest", "conds", "tree", "heads", "prefixes",
                 "outside", "general", "draft", "shared", "place_test", "static_extras", "group")

    def __init__(self, p: Provision):
        c = _compiled(p)
        t = provision_tree(p)
        self.provision, self.compiled, self.subject, self.place, self.tree = p, c, p.subject, c.place, t
        self.conds = c.conds
        self.first, self.rest = c.conds[0], c.conds[1:]
        ids = [x.cond.id for x in c.conds]
        # written by the general path when a condition is not the usual place test first and others after
        self.general = ids[0] != "jurisdiction" or any(i in ("jurisdiction", "in_force") for i in ids[1:])
        heads = []
        for x in c.conds:
            cond = x.cond
            if t.labels.get(cond.id) == (cond.label_zh, cond.label_en, cond.clause):
                heads.append(b'{"id":' + dumps(cond.id) + b',"hint":')
            else:  # as compact._compact_result writes a condition that is not the tree's
                heads.append(dumps({"id": cond.id, "label_zh": cond.label_zh, "label_en": cond.label_en,
                                    "clause": cond.clause, "hint": None})[:-len(b"null}")])
        self.heads = tuple(heads)
        self.prefixes: dict[tuple[str, Status], bytes] = {}
        self.outside: dict[Status, bytes] = {}  # the result outside the place, by status (the same for every case)
        self.draft = p.document.draft
        # the facts the place test reads, when its values are a function of them, the place and the date
        # (facts, constants, logic, comparisons, city prefixes, fixed and parameter sets): else None
        plan = c.conds[0].plan
        pure = all(n.kind in _PLACE_KINDS and (n.kind != "fact" or type(n.expr) is Fact)
                   and (n.kind != "combine" or type(n.expr) is InSet) for n in plan.nodes)
        # every condition's parameter explanations depend only on the place and the date: kept together
        self.static_extras = all(cp.static for cp in t.plans if cp.extra is not None)
        self.place_test = tuple(dict.fromkeys(n.expr.name for n in plan.nodes if n.kind == "fact")) if pure else None
        self.shared: tuple[bool, ...] = ()
        self.group = -1  # its place test's facts and place fact, numbered in the program (see Program)

    def prefix(self, outcome: str, status: Status) -> bytes:
        got = self.prefixes.get((outcome, status))
        if got is None:
            got = self.prefixes[(outcome, status)] = (self.tree.head + dumps({"outcome": outcome,
                                                                               "status": status.value})[1:-1])
        return got


class Program:
    """The compiled answer of a sequence of provisions (see the module)."""

    __slots__ = ("provisions", "items", "groups")

    def __init__(self, provisions: tuple[Provision, ...]):
        self.provisions = provisions
        self.items = tuple(_Item(p) for p in provisions)
        # items whose place tests read the same facts at the same place fact: their key in the place
        # tests' memo is made once per case (a case's values of those facts, the place, the date)
        groups: dict[tuple[Any, ...], int] = {}
        for item in self.items:
            if item.place_test is not None:
                item.group = groups.setdefault((item.place_test, item.place), len(groups))
        self.groups = tuple(groups)  # (numbered in insertion order)
        seen: dict[int, int] = {}
        for item in self.items:
            for c in item.rest:
                seen[id(c.plan)] = seen.get(id(c.plan), 0) + 1
        for item in self.items:  # conditions met in several provisions: kept per case and place
            item.shared = tuple(seen[id(c.plan)] > 1 for c in item.rest)


class _Value:
    __slots__ = ("value",)

    def __init__(self, value: Any):
        self.value = value


class _Asked:
    """What :func:`jiuye.web.questions.pending_questions` reads of an undecided result."""

    __slots__ = ("provision", "outcome", "questions", "conditions")

    def __init__(self, provision: Provision, questions: list[dict[str, Any]], first: Any):
        self.provision, self.outcome, self.questions, self.conditions = provision, UNKNOWN, questions, (_Value(first),)


_PROGRAMS: dict[tuple[int, ...], Program] = {}


def program(provisions: Iterable[Provision]) -> Program:
    """The program of ``provisions`` (built once per sequence)."""
    ps = tuple(provisions)
    key = tuple(map(id, ps))
    got = _PROGRAMS.get(key)
    if got is None or not all(map(operator.is_, got.provisions, ps)):
        if len(_PROGRAMS) > 1_000:  # selections made per request: bounded
            _PROGRAMS.clear()
        got = _PROGRAMS[key] = Program(ps)
    return got


def _hint_json(hint: dict[str, Any] | None) -> bytes:
    if hint is None:
        return b"null"
    if hint == UNCHANGEABLE:
        return b'"unchangeable"'
    if hint == NOT_ADOPTED:
        return b'"not_adopted"'
    return dumps(hint)


def compact_case(case: Case | Mapping[str, Any], as_of: date, *, provisions: Iterable[Provision],
                 overrides: Mapping[str, Any] | None = None, snapshot: Snapshot | None = None,
                 pending: Any = None) -> bytes:
    """The encoded compact answer for ``case`` as of ``as_of`` over ``provisions``: the bytes of
    ``jiuye.web.api.compact_answer(evaluate_case(case, as_of, provisions=…, explain=True))``.
    ``pending``: the function ordering the open questions (``jiuye.web.questions.pending_questions``)."""
    if not isinstance(case, Case):
        case = Case.parse(case)
    prog = program(provisions)
    snap = snapshot or PARAMETERS.snapshot(as_of, overrides)
    env = case_env(case, as_of, snap)
    values = env.values
    present = {s for s, attr in _MODELS.items() if getattr(case, attr) is not None}
    cache = param_cache(snap)
    envs: dict[Any, Env] = {}
    table: dict[bytes, int] = {}
    parts: list[Any] = []
    counts = {ELIGIBLE: 0, UNKNOWN: 0, NOT_ELIGIBLE: 0, SUPERSEDED: 0}
    draft = False
    asked: list[Any] = []  # the results with questions, in answer order
    later: list[tuple[int, Any, Any, bytes | None]] = []  # (part, result, tree, explanation) finished after stacking
    got = cache.get(("program.status", id(prog), as_of))
    if got is None or got[0] is not prog:  # the statuses on the date (they read only the dates and the snapshot)
        got = cache[("program.status", id(prog), as_of)] = (prog, tuple(i.provision.status(as_of, snap)
                                                                        for i in prog.items))
    statuses = got[1]
    memo: dict[tuple[int, Any], list[Any]] = {}  # a condition shared by provisions, by place: evaluated once
    place_memo = cache.get("program.place")
    if place_memo is None:
        place_memo = cache["program.place"] = {}
    by_group: list[dict[Any, list[Any]] | None] = [None] * len(prog.groups)
    extras = cache.get("program.extras")
    if extras is None or len(extras) > _KEPT:
        extras = cache["program.extras"] = {}
    failed_memo = cache.get("program.failed")
    if failed_memo is None or len(failed_memo) > _KEPT:
        failed_memo = cache["program.failed"] = {}
    for k, item in enumerate(prog.items):
        p = item.provision
        if item.subject not in present:
            continue
        place = values.get(item.place) if item.place is not None else None
        penv = env
        if place != env.place:
            penv = envs.get(place)  # type: ignore[assignment]
            if penv is None:
                penv = envs[place] = Env(values, snap, as_of, place)
        status = statuses[k]
        if item.general:
            _general(item, penv, envs, env, table, parts, counts, asked, later)
            continue
        if status in _OUT_OF_DATES:
            key = ("program.dates", id(p), as_of)
            got = cache.get(key)
            if got is None or got[0] is not p:
                got = cache[key] = (p, _outside(item, env, envs, table))
            parts.append(got[1])
            counts[NOT_ELIGIBLE] += 1
            continue
        if item.place_test is None:
            first = item.first.plan.values(penv)
        else:  # a place test: the same values for the same facts at the place on the date (kept per snapshot)
            kept = by_group[item.group]
            if kept is None:  # the first of its group in this case: the group's values, by place test
                facts = [values.get(f) for f in item.place_test]
                gkey = (prog.groups[item.group], place, as_of, *facts, *[v.__class__ for v in facts])  # (1 is not True)
                try:
                    kept = place_memo.get(gkey)
                except TypeError:  # a fact that is not hashable: not kept
                    kept = {}
                else:
                    if kept is None:
                        if len(place_memo) > _KEPT // 16:  # (each holds the values of its group's items)
                            place_memo.clear()
                        kept = place_memo[gkey] = {}
                by_group[item.group] = kept
            first = kept.get(item.first)
            if first is None:
                first = kept[item.first] = item.first.plan.values(penv)
        if first[0] is False:  # outside the provision's place: nothing else is evaluated
            got = item.outside.get(status)
            if got is None:
                got = item.outside[status] = _outside(item, env, envs, table)
            parts.append(got)
            counts[NOT_ELIGIBLE] += 1
            continue
        recorded = [first]
        any_false = False
        unknown: list[Any] = []
        for c, shared in zip(item.rest, item.shared, strict=True):
            if shared:
                vals = memo.get((id(c.plan), place))  # type: ignore[assignment]
                if vals is None:
                    vals = memo[(id(c.plan), place)] = c.plan.values(penv)
            else:
                vals = c.plan.values(penv)
            recorded.append(vals)
            v = vals[0]
            if v is False:
                any_false = True
            elif v is None:
                unknown.append((c, vals))
        if first[0] is None:
            unknown.insert(0, (item.first, first))
        if any_false:
            failed = []
            here = False
            for i, (c, vals) in enumerate(zip(item.conds, recorded, strict=True)):
                if vals[0] is not False:
                    continue
                entry, unchangeable = _failed(item, i, c, penv, vals, failed_memo, cache)
                here = here or unchangeable
                failed.append(entry)
            parts.append(b"".join((item.prefix(NOT_ELIGIBLE, status), b',"not_applicable_here":true' if here else b"",
                                   b',"failed_conditions":[', b",".join(failed), b'],"questions":[]', _EXPLAIN,
                                   _explanation(item, recorded, penv, table, extras), b"}")))
            counts[NOT_ELIGIBLE] += 1
            continue
        if unknown:
            questions: dict[str, dict[str, Any]] = {}
            for c, vals in unknown:
                for f in _unknowns(c, vals, penv):
                    if f.name not in questions:
                        questions[f.name] = _question(f)
            qs = list(questions.values())
            if qs:
                asked.append(_Asked(p, qs, first[0]))
            parts.append(b"".join((item.prefix(UNKNOWN, status), b',"failed_conditions":[],"questions":', dumps(qs),
                                   _EXPLAIN, _explanation(item, recorded, penv, table, extras), b"}")))
            counts[UNKNOWN] += 1
            draft = draft or item.draft
            continue
        # every condition met: the amount, duration and schedule (and 从优从高 with the others, below)
        res = ProvisionResult(p, as_of, UNKNOWN, status)
        if status is Status.DRAFT_NO_DATE:
            res.notes.append(DRAFT_NOTE)
        amount = fill_eligible(res, item.compiled, penv, True)
        if res.questions:
            asked.append(res)
        later.append((len(parts), res, item.tree,
                      _explanation(item, recorded, penv, table, extras,
                                   amount if item.tree.amount is not None else None)))
        parts.append(b"")
    results = [x[1] for x in later]
    apply_stacking_results(results, snap)
    for i, r, t, ex in later:
        counts[r.outcome] += 1
        draft = draft or (r.provision.document.draft and r.outcome != NOT_ELIGIBLE)
        got = None if ex is None else _compact_result(r, as_of, t, ex)
        if got is None and not r.conditions:  # not expected (written from the values: the draft's note first)
            raise AssertionError(f"{r.provision.id}: no compact result")
        parts[i] = r.to_json(explain=True) if got is None else got
    warnings: list[str] = []
    if case.person is not None and case.person.id_number:
        from ..ids import validate_id_number

        warnings.extend(validate_id_number(case.person.id_number).warnings)
    head = dumps({"as_of": as_of.isoformat(), "warnings": warnings})
    questions_now = pending(CaseResult(as_of, asked, warnings)) if pending is not None else []
    tail = dumps({"summary": counts, "draft": draft, "questions": questions_now,
                  "explanation_format": FORMAT, "explanation_trees": TREE_PATH})
    return b"".join((head[:-1], b',"results":[', b",".join(parts), b"],", tail[1:-1],
                     b',"explanation_parameters":[', b",".join(table), b"]}"))


def _explanation(item: _Item, recorded: list[list[Any]], env: Env, table: dict[bytes, int],
                 kept: dict[Any, Any], amount: list[Any] | None = None) -> bytes:
    """:func:`jiuye.engine.compact.explanation_json`, with the parameter explanations of a provision whose
    conditions' explanations depend only on the place and the date kept together (per snapshot)."""
    if not item.static_extras:
        return explanation_json(item.tree, recorded, env, table, amount)
    key = (item, env.place, env.as_of)
    got = kept.get(key)
    if got is None:
        got = kept[key] = tuple(b for vals, cp in zip(recorded, item.tree.plans, strict=True) if cp.extra is not None
                                for b in cp.extra(vals, env)[0])
    refs = []
    for b in got:
        i = table.get(b)
        if i is None:
            i = table[b] = len(table)
        refs.append(i)
    if amount is None:  # (no spells or dynamic lists: those come only with an amount's explanation here)
        if refs:
            return b"".join((b'{"values":', dumps(recorded), b',"parameters":', dumps(refs), b"}"))
        return b"".join((b'{"values":', dumps(recorded), b"}"))
    spells: list[bytes] = []
    dyn: list[bytes] = []
    parts = [b'{"values":', dumps(recorded)]
    if amount is not None:
        parts += (b',"amount":', dumps(amount))
        extra = item.tree.amount.extra  # type: ignore[union-attr]
        if extra is not None:
            _add_extra(extra(amount, env), table, refs, spells, dyn)
    if refs:
        parts += (b',"parameters":', dumps(refs))
    return b"".join(parts + _lists_tail(spells, dyn))


def _failed(item: _Item, i: int, c: Any, env: Env, vals: list[Any], memo: dict[Any, Any],
            cache: dict[Any, Any]) -> tuple[bytes, bool]:
    """The encoded ``{id, hint}`` of failed condition ``i`` and whether its hint says the person cannot
    change it; kept when its hint is a function of the values, the place and the date (as
    :func:`jiuye.engine.single._nearest_miss` keeps it)."""
    cond = c.cond
    key = None
    if c.unchangeable or cond.hint is None:
        try:
            key = (id(c), env.place, env.as_of, dumps(vals))
        except TypeError:  # a value JSON cannot tell apart: not kept
            pass
        else:
            hit = memo.get(key)
            if hit is not None and hit[0] is c:
                return hit[1], hit[2]
    if c.unchangeable:
        hint = _nearest_miss(c, env, vals)
    else:
        hint = _hint(cond, env) or _nearest_miss(c, env, vals)
    out = (item.heads[i] + _hint_json(hint) + b"}", hint is not None and bool(hint.get("unchangeable")))
    if key is not None:
        kept = cache.get("hints")
        if kept is not None and key in kept:  # the single path kept it: the same values give the same hint
            memo[key] = (c, *out)
    return out


def _outside(item: _Item, env: Env, envs: dict[Any, Env], table: dict[bytes, int]) -> bytes:
    """The encoded result of a provision outside its dates or its place (the same for every case on the
    date with the status), made by the general path."""
    r = evaluate_provision(item.provision, env, explain=True, envs=envs)
    got = compact_result(r, r.as_of, table, False)
    if got is None or r._out_of_scope_key(False) is None:  # not expected: every such result is kept
        raise AssertionError(f"{item.provision.id}: not a result outside the place or the dates")
    return got


def _general(item: _Item, penv: Env, envs: dict[Any, Env], env: Env, table: dict[bytes, int], parts: list[Any],
             counts: dict[str, int], asked: list[Any], later: list[Any]) -> None:
    """A result by the general path (evaluate_provision): finished after stacking unless out of scope."""
    r = evaluate_provision(item.provision, env, explain=True, envs=envs)
    if r.outcome == NOT_ELIGIBLE and any(c.value is False and c.id in ("jurisdiction", "in_force")
                                         for c in r.conditions):
        got = compact_result(r, r.as_of, table, False)
        parts.append(r.to_json(explain=False) if got is None else got)
        counts[NOT_ELIGIBLE] += 1
        return
    if r.questions:
        asked.append(r)
    later.append((len(parts), r, item.tree, compact_explanation(r, table, item.tree)))
    parts.append(b"")


__all__ = ["Program", "compact_case", "program"]
