"""Targets as data: every indicator carries its clause; the city totals are the sum of the districts."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jiuye.catalogue.model import normalise, seed_normalised
from jiuye.errors import InputError
from jiuye.refdata.divisions import city_of
from jiuye.targets.plans import plan, plans

SHAOXING_SEED = "004_8e3852ff656cdcd7.txt"


def test_every_plan_is_consistent():
    for p in plans().values():
        assert p.problems() == [], p.key


def test_shaoxing_city_totals_are_the_sum_of_the_district_rows():
    """绍市人社发〔2023〕28号 附表: 城镇新增就业 22000+25000+16000+16000+10000+6000 = 95000 (总计)."""
    p = plan("sx_2023_28")
    assert [p.name(d) for d in p.districts] == ["越城区", "柯桥区", "上虞区", "诸暨市", "嵊州市", "新昌县"]
    assert all(city_of(d) == "330600" for d in p.districts)
    sums = [i for i in p.indicators if i.aggregate == "sum"]
    assert len(sums) == 15
    for ind in sums:
        parts = [p.target(ind.key, d) for d in p.districts]
        assert sum(parts, Decimal(0)) == p.target(ind.key, "330600"), ind.key
    assert p.target("new_urban_jobs", "330602") == 22000
    assert p.target("new_urban_jobs", "330600") == 95000
    assert p.target("startup_loans", "330600") == 10000  # 发放创业担保贷款 1亿元 = 10000 万元
    # a rate is the same everywhere: 帮扶率达 100%
    assert {p.target("key_group_assist_rate", j) for j in p.jurisdictions} == {Decimal(100)}


def test_a_broken_table_is_caught():
    p = plan("sx_2023_28")
    broken = dict(p.targets)
    broken[("interns", "330602")] += 1
    from dataclasses import replace

    assert replace(p, targets=broken).problems() == ["sx_2023_28.interns: districts add up to 601, the total is 600"]


def test_every_indicator_quotes_its_clause_verbatim():
    for p in plans().values():
        seed = {"sx_2023_28": SHAOXING_SEED, "quzhou_2023_12": "002_d0f24ec404c72b23.txt",
                "zj_2022_46": "000_c45b152b553ad143.txt"}[p.key]
        for ind in p.indicators:
            assert normalise(ind.clause) in seed_normalised(seed), (p.key, ind.key)
            assert ind.citation.startswith(p.number)


def test_indicator_kind_unit_and_period():
    p = plan("sx_2023_28")
    jobs, rate, loans = (p.indicator(k) for k in ("new_urban_jobs", "key_group_assist_rate", "startup_loans"))
    assert (jobs.unit, jobs.comparator, jobs.measure, jobs.kind_zh) == ("人", "reach", "cumulative", "达到")
    assert (rate.unit, rate.measure, rate.kind_zh) == ("%", "level", "比率达到")
    assert loans.is_money and loans.scale == 1_000_000  # stored in fen
    assert (jobs.period_start.isoformat(), jobs.period_end.isoformat()) == ("2023-01-01", "2023-12-31")
    q = plan("quzhou_2023_12")
    assert q.districts == () and q.jurisdiction == "330800"
    assisted = q.indicator("wu.key_groups_assisted")
    assert assisted.clause == "力争5年内帮扶重点群体10万人以上"
    assert q.target(assisted.key, "330800") == 100000
    assert assisted.period_end.isoformat() == "2027-12-31"
    assert q.indicator("san.graduates_3y").period_end.isoformat() == "2025-12-31"


def test_text_and_per_unit_targets_are_listed_as_untracked():
    untracked = dict(plan("sx_2023_28").untracked)
    assert "sx_2023_28.fenjie.east_west_cooperation" in untracked
    assert "quzhou_2023_12.ba.hr_parks" in dict(plan("quzhou_2023_12").untracked)


def test_stored_units_refuse_more_precision():
    loans = plan("sx_2023_28").indicator("startup_loans")
    assert loans.to_stored(Decimal("1234.567891")) == 1_234_567_891  # fen
    assert loans.from_stored(1_234_567_891) == Decimal("1234.567891")
    with pytest.raises(InputError) as e:
        loans.to_stored(Decimal("0.0000001"))
    assert "最多保留6位小数" in e.value.message_zh
    with pytest.raises(InputError):
        plan("nope")
