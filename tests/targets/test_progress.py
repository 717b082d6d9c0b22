"""Completion against the target and the share of the period elapsed (序时进度)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest

from jiuye.errors import InputError
from jiuye.targets.plans import plan
from jiuye.targets.progress import TOLERANCE, assess, elapsed_share, months_in, parse_month

P = plan("sx_2023_28")
JOBS = P.indicator("new_urban_jobs")
RATE = P.indicator("key_group_assist_rate")


def test_time_elapsed_is_whole_months_of_the_year():
    assert elapsed_share(JOBS, date(2023, 9, 30)) == Fraction(9, 12)
    assert elapsed_share(JOBS, date(2023, 1, 31)) == Fraction(1, 12)
    assert elapsed_share(JOBS, date(2024, 3, 31)) == 1
    assert elapsed_share(JOBS, date(2022, 12, 31)) == 0


@pytest.mark.parametrize(("actual", "status"), [
    (22000, "achieved"),  # 越城区 22000: the year's target by September
    (18000, "ahead"),  # 81.8% > 75% + 5
    (16000, "on_track"),  # 72.7%: within 5 points of 75%
    (15400, "on_track"),  # exactly 70%: 5 points behind is still on track
    (15300, "behind"),  # 69.5% < 75% − 5%
])
def test_status_against_time_elapsed(actual, status):
    """越城区 城镇新增就业 22000 人; by the end of September 75% of the year has elapsed."""
    got = assess(JOBS, Decimal(22000), Decimal(actual), date(2023, 9, 30))
    assert got.status == status
    assert got.elapsed == Fraction(3, 4)
    assert got.completion == Fraction(actual, 22000)


def test_the_tolerance_is_five_points():
    assert TOLERANCE == Fraction(5, 100)
    at_edge = assess(JOBS, Decimal(100), Decimal(70), date(2023, 9, 30))
    assert at_edge.status == "on_track" and at_edge.gap_points == Decimal("-5.0")


def test_a_rate_is_compared_with_the_target_not_the_calendar():
    """帮扶率达 100%: 98% in September is below the target, whatever the month."""
    assert assess(RATE, Decimal(100), Decimal(98), date(2023, 3, 31)).status == "behind"
    assert assess(RATE, Decimal(100), Decimal(100), date(2023, 3, 31)).status == "achieved"
    assert assess(RATE, Decimal(100), Decimal(98), date(2023, 3, 31)).elapsed is None


def test_nothing_reported_is_unknown_never_zero():
    got = assess(JOBS, Decimal(22000), None, date(2023, 9, 30))
    assert got.status == "unknown" and got.completion is None


def test_months():
    assert parse_month("2023-02") == date(2023, 2, 28)
    assert parse_month("2024-02-10") == date(2024, 2, 29)
    with pytest.raises(InputError) as e:
        parse_month("July")
    assert e.value.field == "month"
    assert len(months_in(date(2023, 1, 1), date(2023, 12, 31))) == 12
