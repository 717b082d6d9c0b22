"""Rule test cases are data: YAML files mirroring the rules tree, one per provision.

Each file::

    provision: zj_2022_46.art21          # default provision for `expect`
    clause: "…verbatim quote of the clause tested…"
    cases:
      - name: A sentence saying what happens
        as_of: 2024-10-01
        facts: {person: {...}, enterprise: {...}}
        history: [...]                    # the ledger: {provision_id, granted_on, period_start, period_end, amount_fen}
        spells: [...]                     # dated statuses: {kind, from, to, attrs}
        overrides: {parameter.name: raw value}
        # arithmetic worked in a comment
        expect: {outcome: eligible, amount_yuan: "1066.67", period: monthly, max_duration_months: 36}
        also: {other.provision.id: {outcome: superseded}}
        # `questions: [...]` must be asked (a subset); `not_asked: [...]` must not be
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import yaml

from jiuye.catalogue.registry import evaluate_case
from jiuye.params import PARAMETERS

HERE = Path(__file__).resolve().parent


def load_files() -> list[tuple[Path, dict[str, Any]]]:
    out = []
    for path in sorted(HERE.rglob("*.yaml")):
        with path.open(encoding="utf-8") as fh:
            out.append((path, yaml.safe_load(fh)))
    return out


def iter_cases():
    for path, spec in load_files():
        for case in spec["cases"]:
            yield path, spec, case


def _as_date(v: Any) -> date:
    return v if isinstance(v, date) else date.fromisoformat(str(v))


def run_case(spec: dict[str, Any], case: dict[str, Any]) -> None:
    as_of = _as_date(case["as_of"])
    overrides = {name: PARAMETERS.convert(name, raw) for name, raw in (case.get("overrides") or {}).items()}
    data = dict(case.get("facts") or {})
    data["history"] = case.get("history") or []
    data["spells"] = case.get("spells") or []
    result = evaluate_case(data, as_of, overrides=overrides or None)
    expectations = {}
    if "expect" in case:
        expectations[spec["provision"]] = case["expect"]
    expectations.update(case.get("also") or {})
    for pid, exp in expectations.items():
        r = result[pid]
        d = r.to_dict(explain=False)
        where = f"{pid} in '{case['name']}'"
        for key, want in exp.items():
            if key == "failed":
                got = sorted(c.id for c in r.failed)
                assert got == sorted(want), f"{where}: failed conditions {got} != {want}"
            elif key == "questions":
                got = sorted(q["fact"] for q in r.questions)
                assert set(want) <= set(got), f"{where}: questions {got} lack {want}"
            elif key == "not_asked":
                got = {q["fact"] for q in r.questions}
                assert not got & set(want), f"{where}: asks {sorted(got & set(want))}, which cannot change the outcome"
            elif key == "eligible_from":
                hints = [c.hint for c in r.failed if c.hint]
                assert hints and hints[0]["eligible_from"] == str(want), f"{where}: hints {hints}"
            elif key == "extras":
                assert r.extras == want, f"{where}: extras {r.extras} != {want}"
            else:
                got = d.get(key)
                assert str(got) == str(want) if key == "amount_yuan" else got == want, \
                    f"{where}: {key} = {got!r}, expected {want!r}"
