"""Baseline and reform over a synthetic population: zero difference for no change (to the fen),
the 第24条 cap raised to ¥30,000, county-specific values, provisions switched off."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from jiuye.params.store import PARAMETERS
from jiuye.simulation.outputs import by_county, by_county_provision, totals, winners_losers
from jiuye.simulation.reform import load_reform, parse_reform
from jiuye.simulation.runner import Population, simulate

from .conftest import REFORMS

YEARS = [2024, 2025, 2026]
ART24 = "zj_2022_46.art24"
ART23 = "zj_2022_46.art23.startup_employment"
QUZHOU_QI = "quzhou_2023_12.qi.startup_employment"


@pytest.fixture(scope="module")
def pop(population_dir) -> Population:
    return Population.from_dir(population_dir)


@pytest.fixture(scope="module")
def art24(pop):
    return simulate(load_reform(REFORMS / "art24_cap_30000.yaml"), pop, YEARS)


def test_no_change_gives_zero_difference_to_the_fen_even_evaluated_in_full(pop):
    result = simulate(load_reform(REFORMS / "no_change.yaml"), pop, YEARS, reuse_baseline=False)
    t = totals(result)
    assert t["baseline_fen"] > 0 and t["baseline_beneficiaries"] > 0
    assert t["difference_fen"] == 0 and t["reform_fen"] == t["baseline_fen"]
    assert t["difference_beneficiaries"] == 0 and t["winners"] == t["losers"] == 0
    detail = by_county_provision(result)
    assert detail.filter(pl.col("difference_fen") != 0).height == 0
    base = result.counted.filter(pl.col("scenario") == "baseline").drop("scenario").sort(pl.all())
    reform = result.counted.filter(pl.col("scenario") == "reform").drop("scenario").sort(pl.all())
    assert base.equals(reform)


def test_art24_cap_raised_to_30000_costs_half_as_much_again_in_2024_and_2025(art24):
    # 46号 第24条 “每年最高 2万元” → ¥30,000 (¥24,000 → ¥36,000 with the 20% uplift): every yearly
    # amount of 第24条 and of 第23条 (which extends it) is 3/2 of today's; 46号 ends 2025-12-31.
    pairs = art24.counted.filter(pl.col("provision_id").is_in([ART24, ART23]))
    amounts = {s: set(pairs.filter(pl.col("scenario") == s)["cost_fen"]) for s in ("baseline", "reform")}
    assert amounts == {"baseline": {2_000_000, 2_400_000}, "reform": {3_000_000, 3_600_000}}
    assert set(pairs["year"]) == {2024, 2025}
    keys = ["subject_id", "provision_id", "year"]
    both = (pairs.filter(pl.col("scenario") == "baseline").select(*keys, "cost_fen")
            .join(pairs.filter(pl.col("scenario") == "reform").select(*keys, pl.col("cost_fen").alias("new")), on=keys))
    assert both.height > 0 and (both["new"] * 2 == both["cost_fen"] * 3).all()
    # 从优从高不重复 within the stacking group: a business may now take 第24条 instead of Quzhou's
    # （七）, but each still receives exactly one of them
    group = art24.counted.filter(pl.col("provision_id").is_in([ART24, ART23, QUZHOU_QI]))
    per = group.group_by("scenario", "year").agg(pl.struct("subject_id").n_unique().alias("n"), pl.len().alias("pairs"))
    assert (per["n"] == per["pairs"]).all()
    # while 46号 is in force (2024–2025) the same businesses are paid; from 2026 the ledger differs
    # (a business that took 第24条 in 2025 instead of （七） may still take （七） in 2026)
    in_force = pl.col("year") <= 2025
    assert per.filter(in_force & (pl.col("scenario") == "baseline")).sort("year")["n"].to_list() == \
        per.filter(in_force & (pl.col("scenario") == "reform")).sort("year")["n"].to_list()
    detail = by_county_provision(art24)
    others = detail.filter(~pl.col("provision_id").is_in([ART24, ART23, QUZHOU_QI]))
    assert (others["difference_fen"] == 0).all() and (others["difference_recipients"] == 0).all()
    t = totals(art24)
    assert t["difference_fen"] == int(detail["difference_fen"].sum()) > 0
    # 2024 and 2025 cost more; 46号 pays nothing in 2026 (asserted above), so any 2026 difference is
    # （七） taken by a business that took 第24条 in 2025 (the ledger, year by year)
    assert [y["difference_fen"] > 0 for y in t["by_year"]][:2] == [True, True]
    county = by_county(art24).filter(pl.col("difference_fen") != 0)
    mountain = PARAMETERS.snapshot(date(2025, 6, 30)).get("zj_2021_22.mountain_counties")
    assert set(county["county_code"]) <= mountain
    wl = winners_losers(art24)
    assert wl.height == t["winners"] > 0 and t["losers"] == 0
    assert (wl["difference_fen"] > 0).all()


def test_reusing_the_baseline_gives_the_same_pairs_as_evaluating_in_full(pop, art24):
    full = simulate(art24.reform, pop, YEARS, reuse_baseline=False)
    a = art24.counted.sort(pl.all())
    b = full.counted.sort(pl.all())
    assert a.equals(b)


def test_a_county_value_changes_only_that_county(pop, art24):
    # a county where 第24条 is paid in the baseline (which one depends on the synthetic population)
    paid = art24.counted.filter((pl.col("scenario") == "baseline") & (pl.col("year") == 2025)
                                & (pl.col("provision_id") == ART24))
    code = sorted(paid["county_code"].unique().to_list())[0]
    reform = parse_reform({"name": "一个县", "parameters": {
        "zj_2022_46.art24.annual_cap": [{"value": 30000, "counties": [code]}]}})
    result = simulate(reform, pop, [2025])
    county = by_county(result).filter(pl.col("difference_fen") != 0)
    assert county["county_code"].to_list() == [code]
    full = simulate(reform, pop, [2025], reuse_baseline=False)
    assert result.counted.sort(pl.all()).equals(full.counted.sort(pl.all()))


def test_switching_a_provision_off_removes_it_and_stacking_recomputes(pop):
    reform = parse_reform({"name": "停止第24条", "provisions_off": [ART24]})
    result = simulate(reform, pop, [2025])
    detail = by_county_provision(result)
    gone = detail.filter(pl.col("provision_id") == ART24)
    assert (gone["reform_recipients"] == 0).all() and (gone["baseline_recipients"] > 0).any()
    assert totals(result)["difference_fen"] == int(detail["difference_fen"].sum()) < 0
    full = simulate(reform, pop, [2025], reuse_baseline=False)
    assert result.counted.sort(pl.all()).equals(full.counted.sort(pl.all()))


def test_a_draft_costs_nothing_until_a_reform_sets_its_effective_date(pop):
    # 杭州征求意见稿 (二十三): the effective date is blank, so the draft is not law in the baseline
    reform = parse_reform({"name": "杭州稿施行", "readings": {"hz_2022_draft.effective_date": "2025-01-01"}})
    result = simulate(reform, pop, [2024, 2025])
    detail = by_county_provision(result)
    hz = detail.filter(pl.col("provision_id").str.starts_with("hz_2022_draft."))
    assert (hz["baseline_recipients"] == 0).all()
    assert set(hz.filter(pl.col("reform_recipients") > 0)["year"]) == {2025}
    assert int(hz["difference_fen"].sum()) == totals(result)["difference_fen"] > 0
    full = simulate(reform, pop, [2024, 2025], reuse_baseline=False)
    assert result.counted.sort(pl.all()).equals(full.counted.sort(pl.all()))


def test_change_bands_add_up_to_the_winners_and_the_difference(art24):
    from jiuye.simulation.outputs import change_bands

    bands = change_bands(art24)
    t = totals(art24)
    assert int(bands["subjects"].sum()) == t["winners"] + t["losers"]
    assert int(bands["total_fen"].sum()) == t["difference_fen"]
    # a ¥10,000 (or ¥12,000 with the uplift) yearly rise for one or two years: the ¥10,000–¥50,000 band
    assert set(bands["from_fen"]) <= {1_000_000} and set(bands["direction"]) == {"gain"}
