"""The table path without a ledger: every ledger feature is a full column of "nothing granted"
(a length-1 column once broke a subset of provisions carrying limits over time)."""

from __future__ import annotations

from datetime import date

import polars as pl

from jiuye.catalogue.registry import CATALOGUE, evaluate_frame


def test_limits_without_history_over_several_rows():
    p = CATALOGUE.provisions["hz_2022_draft.jiu.flexible_si_subsidy"]
    frame = pl.DataFrame({"person.person_id": ["a", "b", "c"], "person.work_adcode": ["330102"] * 3,
                          "person.flexible_employed": [True, False, None]})
    out = evaluate_frame(frame, date(2024, 6, 30), provisions=[p], key="person.person_id")
    assert out.height == 3
    assert out[f"{p.id}:outcome"].to_list()[1] == "not_eligible"  # not in flexible employment
