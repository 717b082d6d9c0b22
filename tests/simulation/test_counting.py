"""Counting a year: one-time once, yearly within the duration, monthly × months payable."""

from __future__ import annotations

from datetime import date

import polars as pl

from jiuye.engine.history import HISTORY_SCHEMA
from jiuye.simulation.counting import ELIGIBLE_COLUMNS, count_year, grant_rows, ledger

META = pl.DataFrame({"provision_id": ["once", "yearly", "monthly", "loan"],
                     "period": ["one_time", "yearly", "monthly", "one_time"],
                     "benefit_type": ["subsidy", "subsidy", "subsidy", "loan"]})


def eligible(rows: list[tuple[str, str, int | None, int | None]]) -> pl.DataFrame:
    return pl.DataFrame([{"subject_type": "person", "subject_id": s, "__hid": s, "provision_id": p,
                          "county_code": "330802", "amount_fen": a, "max_duration_months": d} for s, p, a, d in rows],
                        schema=ELIGIBLE_COLUMNS)


def history(rows: list[dict]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=HISTORY_SCHEMA) if rows else pl.DataFrame(schema=HISTORY_SCHEMA)


def test_one_time_is_counted_once_across_years():
    e = eligible([("a", "once", 500_000, None), ("b", "once", 500_000, None)])
    prior = history([{"subject_id": "b", "provision_id": "once", "granted_on": date(2023, 3, 1)}])
    y1 = count_year(e, META, ledger(prior), 2024)
    assert y1.select("subject_id", "cost_fen").rows() == [("a", 500_000)]
    after = pl.concat([prior, grant_rows(y1, 2024, date(2024, 6, 30))])
    assert count_year(e, META, ledger(after), 2025).height == 0


def test_monthly_counts_the_months_left_in_the_duration():
    # ¥1,000 a month, at most 36 months; 30 months already received (one record per month)
    e = eligible([("a", "monthly", 100_000, 36), ("c", "monthly", 100_000, None)])
    prior = history([{"subject_id": "a", "provision_id": "monthly", "granted_on": date(2021, 1, 1) }] * 30)
    y = count_year(e, META, ledger(prior), 2024).sort("subject_id")
    assert y.select("subject_id", "units", "cost_fen").rows() == [("a", 6, 600_000), ("c", 12, 1_200_000)]
    rows = grant_rows(y, 2024, date(2024, 6, 30))
    assert rows.height == 18 and ledger(rows).sort("__hid")["months"].to_list() == [6, 12]
    again = count_year(e, META, ledger(pl.concat([prior, rows])), 2025).sort("subject_id")
    assert again.select("subject_id", "units").rows() == [("c", 12)]


def test_a_period_record_counts_the_months_it_spans():
    rec = history([{"subject_id": "a", "provision_id": "monthly", "granted_on": date(2024, 1, 1),
                    "period_start": date(2024, 1, 1), "period_end": date(2024, 12, 31)}])
    assert ledger(rec)["months"].to_list() == [12]


def test_yearly_stops_after_the_duration_in_years():
    # at most 3 years (36 months): two grants recorded, one more year is due, then none
    e = eligible([("a", "yearly", 2_000_000, 36)])
    prior = history([{"subject_id": "a", "provision_id": "yearly", "granted_on": date(2022, 7, 1)},
                     {"subject_id": "a", "provision_id": "yearly", "granted_on": date(2023, 7, 1)}])
    y = count_year(e, META, ledger(prior), 2024)
    assert y["cost_fen"].to_list() == [2_000_000]
    assert count_year(e, META, ledger(pl.concat([prior, grant_rows(y, 2024, date(2024, 6, 30))])), 2025).height == 0


def test_unknown_amounts_are_recipients_without_cost_and_loans_carry_no_money():
    y = count_year(eligible([("a", "yearly", None, None), ("b", "loan", 30_000_000, None)]), META,
                   ledger(None), 2024).sort("subject_id")
    assert y.select("subject_id", "money", "cost_fen").rows() == [("a", True, None), ("b", False, None)]


def test_one_benefit_per_stacking_group_when_the_engine_leaves_it_to_the_caseworker():
    meta = pl.DataFrame({"provision_id": ["cap", "exact", "unknown", "monthly_g"],
                         "period": ["yearly", "yearly", "yearly", "monthly"],
                         "benefit_type": ["subsidy"] * 4, "stacking_group": ["g", "g", "g", "h"],
                         "amount_kind": ["up_to", "exact", "exact", "exact"], "order": [0, 1, 2, 3]})
    # 46号 第24条 “每年最高” ¥30,000 (a ceiling) against 衢政发 （七） ¥25,000 (exact): the most is counted
    e = eligible([("a", "cap", 3_000_000, None), ("a", "exact", 2_500_000, None), ("a", "unknown", None, None),
                  ("b", "cap", 2_000_000, None), ("b", "exact", 2_000_000, None),
                  ("c", "unknown", None, None), ("c", "monthly_g", 100_000, None)])
    y = count_year(e, meta, ledger(None), 2024).sort("subject_id", "provision_id")
    assert y.select("subject_id", "provision_id", "cost_fen").rows() == [
        ("a", "cap", 3_000_000), ("b", "exact", 2_000_000), ("c", "monthly_g", 1_200_000), ("c", "unknown", None)]
