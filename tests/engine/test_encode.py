"""The answer encoded from pre-encoded parts (jiuye.engine.encode, ``fragments``) is byte for byte the
answer encoded from the plain dicts whose explanations are built by walking the trees (the old way)."""

from __future__ import annotations

from datetime import date

import pytest

from jiuye.catalogue.registry import evaluate_case
from jiuye.engine.encode import JSON_PARTS, dumps
from jiuye.facts.models import Case
from jiuye.params.store import PARAMETERS
from jiuye.web.api import evaluation_body

from .gen import add_timelines, random_cases

pytestmark = pytest.mark.skipif(not JSON_PARTS, reason="orjson with Fragment is not installed (optional)")


def _tree_walk(result):
    for r in result.results:
        r.amount_recorded = None
        for c in r.conditions:
            c.recorded = None
    return result


@pytest.mark.parametrize("as_of", [date(2025, 6, 1), date(2022, 3, 31)])
def test_fragments_encode_the_same_bytes(as_of):
    snap = PARAMETERS.snapshot(as_of)
    cases, _, history = random_cases(30, seed=21, focus=(as_of, snap, 0))
    add_timelines(cases, history, seed=7)
    cases.append({"person": {"work_adcode": "330106", "university_graduate": True, "graduation_date": "2024-06-30",
                             "si_months": 3}, "enterprise": {"adcode": "330106", "registered_on": "2024-09-01"}})
    sizes = []
    for raw in cases:
        case = Case.model_validate(raw)
        for explain in (True, False, "all"):
            fast = dumps(evaluation_body(evaluate_case(case, as_of, snapshot=snap, explain=explain is not False),
                                         explain, fragments=True))
            old = _tree_walk(evaluate_case(case, as_of, snapshot=snap, explain=explain is not False))
            assert fast == dumps(evaluation_body(old, explain, fragments=False))
            sizes.append(len(fast))
    assert max(sizes) > 100_000  # whole answers with explanations were compared
