"""Compact answers (jiuye.engine.compact): the compact answer merged with the static trees it names is
exactly the full answer (``explain=true``), byte for byte once encoded, for the demo cases, generated
cases with timelines, and cases Hypothesis draws from the generator; a result carries none of its
provision's fixed texts; and no explanation tree is built for it."""

from __future__ import annotations

import json
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jiuye.catalogue.registry import CATALOGUE, evaluate_case
from jiuye.engine import compact
from jiuye.engine.compact import FIXED, expand, provision_tree, tree_by_hash
from jiuye.engine.encode import dumps
from jiuye.facts.models import Case
from jiuye.params.store import PARAMETERS
from jiuye.web.api import evaluation_json

from .gen import add_timelines, random_cases

DEMO = {"as_of": date(2025, 6, 1), "person": {
    "university_graduate": True, "graduation_date": "2022-06-30", "enrolled_student": False,
    "hukou_adcode": "330106", "residence_adcode": "330106", "work_adcode": "330106", "first_startup": True,
    "si_months": 14, "registered_unemployed": False, "difficulty_certified": False, "gender": "F",
    "birth_date": "2000-03-01"}, "enterprise": {"adcode": "330106", "kind": "individual",
                                                "registered_on": "2023-03-01", "operating_normally": True}}


def _trees(answer: dict) -> dict[str, dict]:
    """The trees a client fetches: by the hash each explained result names."""
    out = {}
    for r in answer["results"]:
        if "tree" in r:
            h = r["tree"]
            out[h] = json.loads(tree_by_hash(h, CATALOGUE).json)
    return out


def _check(case: Case, as_of: date, snap=None) -> tuple[int, int]:
    full = evaluation_json(evaluate_case(case, as_of, snapshot=snap, explain=True), True)
    small = evaluation_json(evaluate_case(case, as_of, snapshot=snap, explain=True), "compact")
    answer = json.loads(small)
    assert answer["explanation_format"] == compact.FORMAT
    expanded = expand(answer, _trees(answer))
    assert expanded == json.loads(full)
    assert dumps(expanded) == full  # the same keys in the same order
    for r in answer["results"]:  # the fixed texts are the tree's, not repeated per case
        assert "tree" in r and not {"title_zh", "citation", "clause", "outcome_zh", "status_zh"} & r.keys()
        assert all("label_zh" not in f for f in r["failed_conditions"] if f["id"] != "in_force")
    return len(small), len(full)


def test_demo_case_and_examples_expand_to_the_full_answer():
    small, full = _check(Case.parse({k: v for k, v in DEMO.items() if k != "as_of"}), DEMO["as_of"])
    assert small < full * 0.6  # the trees are not repeated in the answer
    flexible = {"work_adcode": "330802", "university_graduate": True, "graduation_date": "2023-06-30",
                "flexible_employed": True, "si_base_monthly_fen": 800000, "si_paid_monthly_fen": 160000}
    for as_of in (date(2024, 10, 1), date(2020, 1, 1)):
        _check(Case.parse({"person": flexible}), as_of)
    _check(Case.parse({"person": {}, "enterprise": {}, "organisation": {}}), date(2025, 6, 1))


@pytest.mark.parametrize("as_of", [date(2025, 6, 1), date(2022, 3, 31)])
def test_generated_cases_with_timelines_expand_to_the_full_answer(as_of):
    snap = PARAMETERS.snapshot(as_of)
    cases, _, history = random_cases(25, seed=31, focus=(as_of, snap, 0))
    add_timelines(cases, history, seed=5)
    explained = 0
    for raw in cases:
        _check(Case.model_validate(raw), as_of, snap)
        explained += 1
    assert explained == len(cases)


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(seed=st.integers(0, 10**9), as_of=st.dates(date(2019, 1, 1), date(2027, 12, 31)), timelines=st.booleans())
def test_hypothesis_cases_expand_to_the_full_answer(seed, as_of, timelines):
    cases, _, history = random_cases(1, seed=seed)
    if timelines:
        add_timelines(cases, history, seed=seed)
    _check(Case.model_validate(cases[0]), as_of)


def test_trees_are_static_and_named_by_their_content():
    p = CATALOGUE.provisions["zj_2022_46.art21"]
    t = provision_tree(p)
    tree = json.loads(t.json)
    assert tree["tree"] == t.hash and tree["provision_id"] == p.id
    assert list(tree["provision"]) == list(FIXED) and tree["provision"]["citation"] == p.citation
    assert tree["words"]["status_zh"]["in_force"] == "有效"
    assert [c["id"] for c in tree["conditions"]] == [c.id for c in p.all_conditions()]
    assert "value" not in json.dumps(tree["conditions"][0]["explanation"])  # names and structure only
    assert tree_by_hash(t.hash) is t
    assert tree_by_hash("0" * 32, CATALOGUE) is None


def test_no_tree_is_built_for_the_compact_answer(monkeypatch):
    case = Case.parse({k: v for k, v in DEMO.items() if k != "as_of"})
    result = evaluate_case(case, DEMO["as_of"], explain=True)

    def refuse(*_a, **_k):
        raise AssertionError("an explanation tree was built")

    from jiuye.engine import compiled, results

    monkeypatch.setattr(results.ConditionResult, "explanation", refuse)
    monkeypatch.setattr(compiled.Plan, "encoded_explanation", refuse)
    answer = json.loads(evaluation_json(result, "compact"))
    assert sum("explanation" in r for r in answer["results"]) > 10
