"""The single-case path and the table path agree, outcome and amount, on generated subjects.

Every declared provision is covered (new ones automatically), at several as-of dates and with
the Hangzhou draft's blank dates both unset and set. Half the subjects have status spells and
their ledger records carry periods and amounts, so limits over time and status on a date are
compared too (remaining months, total still payable).
"""

from __future__ import annotations

from datetime import date

import pytest

from jiuye.catalogue.registry import CATALOGUE, evaluate_case, evaluate_frame
from jiuye.facts.models import Case
from jiuye.params import PARAMETERS

from .gen import add_timelines, random_cases

SETTINGS = [
    (date(2024, 10, 1), {}),
    (date(2026, 3, 1), {"hz_2022_draft.effective_date": date(2022, 9, 1),
                        "hz_2022_draft.certification_cutoff": date(2022, 9, 1)}),
    (date(2023, 2, 15), {"zj_2021_22.qi.opted_in_counties": frozenset({"330802", "331102"})}),
]


@pytest.mark.parametrize(("as_of", "overrides"), SETTINGS, ids=[s[0].isoformat() for s in SETTINGS])
def test_single_and_batch_agree(as_of, overrides):
    n = 1500
    cases, frame, history = random_cases(n, seed=hash(as_of.toordinal()) % 1000)
    spells, history = add_timelines(cases, history, seed=as_of.toordinal() % 997)
    snap = PARAMETERS.snapshot(as_of, overrides or None)
    wide = evaluate_frame(frame, as_of, history=history, snapshot=snap, key="person.person_id", spells=spells)
    outcomes = {p.id: wide.get_column(f"{p.id}:outcome").to_list() for p in CATALOGUE}
    amounts = {p.id: wide.get_column(f"{p.id}:amount_fen").to_list() for p in CATALOGUE}
    durations = {p.id: wide.get_column(f"{p.id}:max_duration_months").to_list() for p in CATALOGUE}
    totals = {p.id: wide.get_column(f"{p.id}:total_payable_fen").to_list() for p in CATALOGUE}
    mismatches = []
    seen = set()
    for i, raw in enumerate(cases):
        case = Case.model_validate(raw)
        result = evaluate_case(case, as_of, snapshot=snap, explain=False)
        for r in result.results:
            pid = r.provision.id
            seen.add((pid, r.outcome))
            paid = r.outcome in ("eligible", "superseded")
            got = (outcomes[pid][i], amounts[pid][i] if r.outcome != "unknown" else None,
                   durations[pid][i] if paid else None, totals[pid][i] if paid else None)
            want = (r.outcome, r.amount_fen if r.outcome != "unknown" else None,
                    r.max_duration_months if paid else None, r.total_payable_fen if paid else None)
            if got != want:
                mismatches.append((i, pid, want, got))
    assert not mismatches, f"{len(mismatches)} mismatches, first: {mismatches[:5]}"
    # the generator must reach eligibility for a good share of provisions, or the test proves little
    eligible = {pid for pid, oc in seen if oc == "eligible"}
    assert len(eligible) >= len(CATALOGUE) // 3, f"only {len(eligible)} provisions ever eligible"
