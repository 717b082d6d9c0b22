"""The compact answer written straight from the values (jiuye.engine.program.compact_case, what
``POST /api/v2/evaluate`` sends) is byte for byte the compact answer of the evaluated case
(jiuye.web.api.compact_answer(evaluate_case(...)), which test_compact proves equal to v1's full answer
with the trees): demo cases, generated cases with timelines and ledgers at several dates, a selection
of provisions, overrides (the draft's effective date set), Hypothesis-drawn cases."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jiuye.catalogue.registry import CATALOGUE, evaluate_case
from jiuye.facts.models import Case
from jiuye.params.store import PARAMETERS
from jiuye.web.api import evaluate_json, evaluation_json

from .gen import add_timelines, random_cases
from .test_compact import DEMO


def _same(case: Case, as_of: date, *, snapshot=None, provisions=None, overrides=None) -> bytes:
    reference = evaluation_json(evaluate_case(case, as_of, provisions=provisions, overrides=overrides,
                                              snapshot=snapshot, explain=True), "compact")
    got = evaluate_json(case, as_of, provisions=provisions, overrides=overrides, snapshot=snapshot,
                        explain="compact")
    assert got == reference
    return got


def test_demo_cases():
    demo = Case.parse({k: v for k, v in DEMO.items() if k != "as_of"})
    _same(demo, DEMO["as_of"])
    _same(demo, DEMO["as_of"])  # kept parts reused
    flexible = Case.parse({"person": {"work_adcode": "330802", "university_graduate": True,
                                      "graduation_date": "2023-06-30", "flexible_employed": True,
                                      "si_base_monthly_fen": 800000, "si_paid_monthly_fen": 160000}})
    for as_of in (date(2024, 10, 1), date(2020, 1, 1), date(2030, 1, 1)):
        _same(flexible, as_of)
    _same(Case.parse({"person": {}, "enterprise": {}, "organisation": {}}), date(2025, 6, 1))
    assert b"339999" in _same(Case.parse({"person": {"id_number": "339999199003071231"}}), date(2025, 6, 1))  # a warning


@pytest.mark.parametrize("as_of", [date(2025, 6, 1), date(2022, 3, 31), date(2019, 7, 1), date(2027, 1, 1)])
def test_generated_cases_with_timelines(as_of):
    snap = PARAMETERS.snapshot(as_of)
    cases, _, history = random_cases(60, seed=17, focus=(as_of, snap, 0))
    add_timelines(cases, history, seed=3)
    eligible = 0
    for raw in cases:
        answer = _same(Case.model_validate(raw), as_of, snapshot=snap)
        eligible += answer.count(b'"outcome":"eligible"')
    assert eligible > 50


def test_selection_and_overrides():
    cases, _, _ = random_cases(20, seed=4)
    some = [p for i, p in enumerate(CATALOGUE) if i % 3 == 0]
    draft = {"hz_2022_draft.effective_date": "2023-01-01"}
    from jiuye.web.api import _overrides

    for raw in cases:
        case = Case.model_validate(raw)
        _same(case, date(2025, 6, 1), provisions=some)
        _same(case, date(2025, 6, 1), overrides=_overrides(draft))


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(seed=st.integers(0, 10**9), as_of=st.dates(date(2019, 1, 1), date(2027, 12, 31)), timelines=st.booleans())
def test_hypothesis_cases(seed, as_of, timelines):
    cases, _, history = random_cases(1, seed=seed)
    if timelines:
        add_timelines(cases, history, seed=seed)
    _same(Case.model_validate(cases[0]), as_of)
