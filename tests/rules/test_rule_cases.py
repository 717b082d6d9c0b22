"""Runs every YAML rule case (see runner.py). Case ids are the sentences that name them."""

from __future__ import annotations

import pytest

from .runner import iter_cases, run_case

CASES = list(iter_cases())


@pytest.mark.parametrize(("path", "spec", "case"), CASES,
                         ids=[f"{p.parent.name}/{p.stem}: {c['name']}" for p, _, c in CASES])
def test_rule_case(path, spec, case):
    run_case(spec, case)
