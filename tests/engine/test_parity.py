"""The single-case path and the table path agree, outcome and amount, on generated subjects.

Every declared provision is covered (new ones automatically), at several as-of dates and with
the Hangzhou draft's blank dates both unset and set. Besides uniformly random subjects, each
provision gets subjects aimed at its conditions (``gen.random_cases(focus=...)``), and every
provision must reach each outcome — eligible, not eligible, unknown — at least ``MIN_EACH`` times
over the settings (or be listed in ``EXEMPT`` with the reason), so agreement is shown on every
branch, not only on "not eligible". Half the subjects have status spells and
their ledger records carry periods and amounts, so limits over time and status on a date are
compared too (remaining months, total still payable).
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from functools import cache

import pytest

from jiuye.catalogue.registry import CATALOGUE, evaluate_case, evaluate_frame
from jiuye.facts.models import Case
from jiuye.params import PARAMETERS

from .gen import add_timelines, random_cases

OPTED_IN = frozenset({"330802", "331102"})  # two mountain counties that have taken up a county option
SETTINGS = [
    (date(2024, 10, 1), {"zj_2022_46.art19.widened_counties": OPTED_IN}),
    (date(2026, 3, 1), {"hz_2022_draft.effective_date": date(2022, 9, 1),
                        "hz_2022_draft.certification_cutoff": date(2022, 9, 1)}),
    (date(2023, 2, 15), {"zj_2021_22.qi.opted_in_counties": OPTED_IN, "zj_2021_22.qi.loan_threshold_counties": OPTED_IN,
                         "zj_2021_22.qi.loan_amount_counties": OPTED_IN,
                         "zj_2021_22.qi.rate_discount_counties": OPTED_IN}),
]
N_RANDOM, N_FOCUSED = 1500, 16  # uniformly random subjects; subjects aimed at each provision
MIN_EACH = 10  # each outcome of each provision, over the settings (about 9,000 evaluations a provision)
# A provision that cannot reach an outcome on generated subjects, with the reason.
EXEMPT: dict[str, tuple[str, str]] = {}


@cache
def run(i: int):
    as_of, overrides = SETTINGS[i]
    snap = PARAMETERS.snapshot(as_of, overrides or None)
    cases, frame, history = random_cases(N_RANDOM, seed=hash(as_of.toordinal()) % 1000,
                                         focus=(as_of, snap, N_FOCUSED))
    spells, history = add_timelines(cases, history, seed=as_of.toordinal() % 997)
    wide = evaluate_frame(frame, as_of, history=history, snapshot=snap, key="person.person_id", spells=spells)
    return cases, snap, wide


@pytest.mark.parametrize("i", range(len(SETTINGS)), ids=[s[0].isoformat() for s in SETTINGS])
def test_single_and_batch_agree(i):
    as_of = SETTINGS[i][0]
    cases, snap, wide = run(i)
    outcomes = {p.id: wide.get_column(f"{p.id}:outcome").to_list() for p in CATALOGUE}
    amounts = {p.id: wide.get_column(f"{p.id}:amount_fen").to_list() for p in CATALOGUE}
    durations = {p.id: wide.get_column(f"{p.id}:max_duration_months").to_list() for p in CATALOGUE}
    totals = {p.id: wide.get_column(f"{p.id}:total_payable_fen").to_list() for p in CATALOGUE}
    mismatches = []
    for i, raw in enumerate(cases):
        case = Case.model_validate(raw)
        result = evaluate_case(case, as_of, snapshot=snap, explain=False)
        for r in result.results:
            pid = r.provision.id
            paid = r.outcome in ("eligible", "superseded")
            got = (outcomes[pid][i], amounts[pid][i] if r.outcome != "unknown" else None,
                   durations[pid][i] if paid else None, totals[pid][i] if paid else None)
            want = (r.outcome, r.amount_fen if r.outcome != "unknown" else None,
                    r.max_duration_months if paid else None, r.total_payable_fen if paid else None)
            if got != want:
                mismatches.append((i, pid, want, got))
    assert not mismatches, f"{len(mismatches)} mismatches, first: {mismatches[:5]}"


def test_every_provision_reaches_every_outcome():
    """Eligible (or superseded), not eligible and unknown, each at least MIN_EACH times per provision."""
    counts: dict[str, Counter] = {p.id: Counter() for p in CATALOGUE}
    for i in range(len(SETTINGS)):
        _, _, wide = run(i)
        for p in CATALOGUE:
            for outcome, n in Counter(wide.get_column(f"{p.id}:outcome").to_list()).items():
                counts[p.id]["eligible" if outcome == "superseded" else outcome] += n
    short = []
    for pid, c in counts.items():
        for outcome in ("eligible", "not_eligible", "unknown"):
            if c[outcome] < MIN_EACH and EXEMPT.get(pid, ("",))[0] != outcome:
                short.append(f"{pid}: {outcome} {c[outcome]}")
    assert not short, f"outcomes reached fewer than {MIN_EACH} times: {short}"
    for pid, (outcome, reason) in EXEMPT.items():  # an exemption must still be needed, and say why
        assert counts[pid][outcome] < MIN_EACH and reason, pid
