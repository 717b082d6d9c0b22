"""The compiled single path (jiuye.engine.compiled) gives the values and explanations of the tree walk.

Every condition, amount, duration and extra of the whole catalogue, on generated cases (uniform and
aimed at each provision's conditions, with spells and ledgers) at two dates: the compiled values
equal ``ev`` (value and type) and the explanation built from them equals ``trace(env).to_dict()``;
an evaluated case's answer with explanations equals the one built from the trees.
"""

from __future__ import annotations

from datetime import date

import orjson
import pytest

from jiuye.catalogue.registry import CATALOGUE, evaluate_case
from jiuye.engine.compiled import plan_of
from jiuye.engine.expr import Expr
from jiuye.engine.nearmiss import nearest_miss
from jiuye.engine.place import env_at_place
from jiuye.engine.relevance import recorded_unknowns, relevant_unknowns
from jiuye.engine.single import case_env
from jiuye.facts.models import Case
from jiuye.params.store import PARAMETERS

from .gen import add_timelines, random_cases

DATES = (date(2025, 6, 1), date(2023, 1, 31))


def _exprs(p):
    out = [c.test for c in p.all_conditions()]
    out += [e for e in (p.amount, p.max_duration_months) if isinstance(e, Expr)]
    out += [e for _, e in p.extras]
    return out


def _dump(d):
    return orjson.dumps(d, default=str, option=orjson.OPT_NON_STR_KEYS)


@pytest.mark.parametrize("as_of", DATES)
def test_compiled_values_and_explanations_equal_the_tree_walk(as_of):
    snap = PARAMETERS.snapshot(as_of)
    cases, _, history = random_cases(40, seed=11, focus=(as_of, snap, 1))
    add_timelines(cases, history, seed=as_of.toordinal() % 997)
    checked = spells = unknown = failed = 0
    for raw in cases:
        case = Case.model_validate(raw)
        spells += bool(case.spells)
        env0 = case_env(case, as_of, snap)
        for p in CATALOGUE:
            env = env_at_place(p, env0)
            tests = {c.test: c.id for c in p.all_conditions()}
            for e in _exprs(p):
                plan = plan_of(e)
                values = plan.values(env)
                expected = e.ev(env)
                assert values[0] == expected and type(values[0]) is type(expected), (p.id, values[0], expected)
                assert _dump(plan.explain(values, env)) == _dump(e.trace(env).to_dict()), p.id
                if expected is None:  # the questions: the same facts, in the same order
                    assert recorded_unknowns(plan, values, env) == relevant_unknowns(e, env), p.id
                    unknown += 1
                elif expected is False and e in tests:  # the nearest miss from the recorded values
                    cid = tests[e]
                    known = dict(zip(plan.ids, values, strict=True))
                    assert nearest_miss(cid, e, env, known) == nearest_miss(cid, e, env), p.id
                    failed += 1
                checked += 1
    assert checked > 50_000 and spells > 10 and unknown > 5_000 and failed > 5_000, (checked, unknown, failed)


def test_answer_with_explanations_equals_the_trees():
    as_of = DATES[0]
    snap = PARAMETERS.snapshot(as_of)
    cases, _, history = random_cases(60, seed=12)
    add_timelines(cases, history, seed=5)
    for raw in cases:
        result = evaluate_case(Case.model_validate(raw), as_of, snapshot=snap)
        fast = result.to_dict(explain=True)
        for r in result.results:  # the old way: the trees, built by walking the expressions again
            for c in r.conditions:
                c.recorded, c._explanation = None, None
            r.amount_recorded = None
        assert _dump(fast) == _dump(result.to_dict(explain=True))
