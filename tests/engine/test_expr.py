"""Semantics of the expression language, the same in both paths."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jiuye.engine.expr import (
    AS_OF,
    And,
    Env,
    Max,
    Min,
    MonthsBetween,
    MulDiv,
    Not,
    Or,
    PolarsEnv,
    Scale,
    WithinMonths,
    lit,
)
from jiuye.params import PARAMETERS

SNAP = PARAMETERS.snapshot(date(2024, 10, 1))
TRI = [True, False, None]


def py(expr, values=None):
    return expr.ev(Env(values or {}, SNAP, date(2024, 10, 1)))


def pol(expr):
    return pl.select(expr.to_polars(PolarsEnv(SNAP, date(2024, 10, 1), frozenset())).alias("v")).item()


@pytest.mark.parametrize("a", TRI)
@pytest.mark.parametrize("b", TRI)
def test_kleene_and_or_not_agree_with_polars(a, b):
    for e in (And(lit(a), lit(b)), Or(lit(a), lit(b)), Not(lit(a))):
        assert py(e) == pol(e)
    assert py(And(lit(False), lit(None))) is False
    assert py(Or(lit(True), lit(None))) is True
    assert py(And(lit(True), lit(None))) is None


def test_unknown_propagates_through_arithmetic_and_comparison():
    assert py(lit(None) + 1) is None
    assert py(lit(None) >= 3) is None
    assert py(Min(lit(5), lit(None))) is None
    assert pol(Min(lit(5), lit(None))) is None


@settings(deadline=None)  # each example compiles a Polars expression: slow on a busy machine
@given(st.integers(min_value=0, max_value=10**9), st.integers(1, 50), st.integers(1, 50))
def test_scale_rounds_half_up_to_the_fen_identically(x, num, den):
    e = Scale(lit(x), Fraction(num, den))
    assert py(e) == pol(e)
    exact = Fraction(x * num, den)
    assert abs(py(e) - exact) <= Fraction(1, 2)
    if exact.denominator == 2:  # a true half rounds up
        assert py(e) == exact + Fraction(1, 2)


def test_two_thirds_of_1600_yuan_is_1066_67():
    assert py(Scale(lit(160000), Fraction(2, 3))) == 106667


@settings(deadline=None)  # each example compiles a Polars expression: slow on a busy machine
@given(st.integers(0, 10**8), st.integers(0, 10**6), st.integers(1, 10**6))
def test_muldiv_agrees(a, b, c):
    e = MulDiv(lit(a), lit(b), lit(c))
    assert py(e) == pol(e)


@settings(deadline=None)  # each example compiles a Polars expression: slow on a busy machine
@given(st.dates(date(2000, 1, 1), date(2030, 12, 31)), st.dates(date(2000, 1, 1), date(2030, 12, 31)))
def test_months_between_agrees(a, b):
    e = MonthsBetween(lit(a), lit(b))
    assert py(e) == pol(e)


@settings(deadline=None)  # each example compiles a Polars expression: slow on a busy machine
@given(st.dates(date(2000, 1, 1), date(2030, 12, 31)), st.dates(date(2000, 1, 1), date(2040, 12, 31)),
       st.integers(0, 150))
def test_within_months_agrees(start, ref, months):
    e = WithinMonths(lit(start), lit(ref), lit(months))
    assert py(e) == pol(e)


def test_within_months_is_inclusive_and_clamps_month_ends():
    assert py(WithinMonths(lit(date(2020, 6, 30)), lit(date(2025, 6, 30)), 60)) is True
    assert py(WithinMonths(lit(date(2020, 6, 30)), lit(date(2025, 7, 1)), 60)) is False
    # 2020-02-29 + 12 months = 2021-02-28
    assert py(WithinMonths(lit(date(2020, 2, 29)), lit(date(2021, 2, 28)), 12)) is True
    assert py(WithinMonths(lit(date(2020, 2, 29)), lit(date(2021, 3, 1)), 12)) is False


def test_as_of_is_the_evaluation_date():
    assert py(AS_OF) == date(2024, 10, 1)
    assert pol(AS_OF) == date(2024, 10, 1)


def test_max_picks_larger_and_agrees():
    assert py(Max(lit(3), lit(9))) == pol(Max(lit(3), lit(9))) == 9


def test_within_months_agrees_around_every_month_end():
    from datetime import timedelta

    from jiuye.dates import add_months

    rows = []
    for n in (0, 1, 2, 11, 12, 13, 24, 60):
        d = date(2019, 12, 25)
        while d < date(2021, 3, 5):
            target = add_months(d, n)
            for delta in (-1, 0, 1):
                rows.append((d, target + timedelta(days=delta), n))
            d += timedelta(days=1)
    frame = pl.DataFrame(rows, schema={"s": pl.Date, "r": pl.Date, "n": pl.Int64}, orient="row")
    env = PolarsEnv(SNAP, date(2024, 10, 1), frozenset())
    from jiuye.engine.expr import Expr

    class Col(Expr):
        def __init__(self, name):
            self.name = name

        def to_polars(self, env):
            return pl.col(self.name)

    got = frame.select(WithinMonths(Col("s"), Col("r"), Col("n")).to_polars(env).alias("v")).get_column("v").to_list()
    want = [r <= add_months(s, n) for s, r, n in rows]
    assert got == want
