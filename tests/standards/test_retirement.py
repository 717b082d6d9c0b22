"""Statutory retirement month under the 2025 gradual retirement-age reform."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import polars as pl
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from jiuye.standards.retirement import (
    GROUPS,
    REFORM_START,
    delay_months,
    group_of,
    month_index,
    retirement_age_months,
    retirement_month,
    retirement_month_index_expr,
)

YAML_PATH = Path(__file__).resolve().parents[2] / "src/jiuye/parameters/external/retirement.yaml"
CASES = [("M", "cadre"), ("F", "cadre"), ("F", "worker")]


def ym(years: int, months: int = 0) -> int:
    return years * 12 + months


def add_months(d: date, n: int) -> date:
    idx = month_index(d.year, d.month) + n
    return date(idx // 12, idx % 12 + 1, 1)


# (birth year, month, gender, category, age (y, m), retirement (year, month)) — from the annexed tables.
PUBLISHED = [
    (1964, 12, "M", "cadre", (60, 0), (2024, 12)),
    (1965, 1, "M", "cadre", (60, 1), (2025, 2)),
    (1965, 4, "M", "cadre", (60, 1), (2025, 5)),
    (1965, 5, "M", "cadre", (60, 2), (2025, 7)),
    (1965, 8, "M", "cadre", (60, 2), (2025, 10)),
    (1965, 9, "M", "cadre", (60, 3), (2025, 12)),
    (1966, 1, "M", "cadre", (60, 4), (2026, 5)),
    (1968, 1, "M", "cadre", (60, 10), (2028, 11)),
    (1976, 8, "M", "cadre", (62, 11), (2039, 7)),
    (1976, 9, "M", "cadre", (63, 0), (2039, 9)),
    (1976, 12, "M", "cadre", (63, 0), (2039, 12)),
    (1977, 1, "M", "cadre", (63, 0), (2040, 1)),
    (1990, 6, "M", "cadre", (63, 0), (2053, 6)),
    (1969, 12, "F", "cadre", (55, 0), (2024, 12)),
    (1970, 1, "F", "cadre", (55, 1), (2025, 2)),
    (1970, 5, "F", "cadre", (55, 2), (2025, 7)),
    (1971, 4, "F", "cadre", (55, 4), (2026, 8)),
    (1981, 8, "F", "cadre", (57, 11), (2039, 7)),
    (1981, 9, "F", "cadre", (58, 0), (2039, 9)),
    (1981, 12, "F", "cadre", (58, 0), (2039, 12)),
    (1974, 12, "F", "worker", (50, 0), (2024, 12)),
    (1975, 1, "F", "worker", (50, 1), (2025, 2)),
    (1975, 3, "F", "worker", (50, 2), (2025, 5)),
    (1975, 11, "F", "worker", (50, 6), (2026, 5)),
    (1984, 10, "F", "worker", (54, 11), (2039, 9)),
    (1984, 11, "F", "worker", (55, 0), (2039, 11)),
    (1984, 12, "F", "worker", (55, 0), (2039, 12)),
]


@pytest.mark.parametrize(("y", "m", "gender", "cat", "age", "retire"), PUBLISHED)
def test_published_examples(y, m, gender, cat, age, retire):
    birth = date(y, m, 15)
    assert retirement_age_months(birth, gender, cat) == ym(*age)
    assert retirement_month(birth, gender, cat) == retire


def test_default_female_category_is_cadre():
    assert retirement_month(date(1970, 1, 1), "F") == retirement_month(date(1970, 1, 1), "F", "cadre")


def test_day_of_birth_is_ignored():
    for day in (1, 15, 31):
        assert retirement_month(date(1965, 1, day), "M") == (2025, 2)


def test_male_pace_formula():
    """delay = min(36, floor(months since 1965-01 / 4) + 1) for births from 1965-01, else 0."""
    for idx in range(month_index(1950, 1), month_index(2000, 12) + 1):
        birth = date(idx // 12, idx % 12 + 1, 1)
        k = idx - month_index(1965, 1)
        expected = 0 if k < 0 else min(36, k // 4 + 1)
        assert delay_months(birth, "M") == expected


def test_female_worker_pace_formula():
    for idx in range(month_index(1950, 1), month_index(2000, 12) + 1):
        birth = date(idx // 12, idx % 12 + 1, 1)
        k = idx - month_index(1975, 1)
        expected = 0 if k < 0 else min(60, k // 2 + 1)
        assert delay_months(birth, "F", "worker") == expected


@pytest.mark.parametrize(("gender", "cat"), CASES)
def test_original_age_before_reform(gender, cat):
    """Anyone whose original retirement month is before 2025-01 keeps the original age."""
    g = GROUPS[group_of(gender, cat)]
    for idx in range(month_index(1940, 1), month_index(REFORM_START.year, 1) - g.original_age_years * 12):
        birth = date(idx // 12, idx % 12 + 1, 1)
        assert retirement_age_months(birth, gender, cat) == g.original_age_years * 12
        assert retirement_month(birth, gender, cat) < (2025, 1)


@pytest.mark.parametrize(("gender", "cat"), CASES)
def test_retirement_month_strictly_increases_with_birth(gender, cat):
    prev = None
    for idx in range(month_index(1950, 1), month_index(2000, 12) + 1):
        cur = month_index(*retirement_month(date(idx // 12, idx % 12 + 1, 1), gender, cat))
        if prev is not None:
            assert 1 <= cur - prev <= 2
        prev = cur


def test_invalid_inputs():
    with pytest.raises(ValueError):
        retirement_month(date(1970, 1, 1), "X")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        retirement_month(date(1970, 1, 1), "F", "manager")  # type: ignore[arg-type]


def test_month_index():
    assert month_index(2025, 1) == 2025 * 12
    assert month_index(2025, 12) == 2025 * 12 + 11


# ---------------------------------------------------------------- parameters file
def _yaml_value(name: str):
    data = yaml.safe_load(YAML_PATH.read_text(encoding="utf-8"))
    (entry,) = data[name]["values"]
    return entry["value"]


def test_yaml_parameters_match_module():
    assert _yaml_value("start_date") == REFORM_START
    for key, g in GROUPS.items():
        assert _yaml_value("original_age")[key] == g.original_age_years
        assert _yaml_value("target_age")[key] == g.target_age_years
        assert _yaml_value("pace_birth_months")[key] == g.pace_birth_months


@pytest.mark.parametrize("key", list(GROUPS))
def test_cohort_bounds_from_csv(key):
    """born 1965-01..1976-12 (men), 1970-01..1981-12, 1975-01..1984-12: the annexed table ranges."""
    gender, cat = ("M", "cadre") if key == "male" else ("F", key.split("_")[1])
    g = GROUPS[key]
    first, last = _yaml_value("affected_birth_from")[key], _yaml_value("affected_birth_to")[key]
    assert delay_months(add_months(first, -1), gender, cat) == 0
    assert delay_months(first, gender, cat) == 1
    assert delay_months(last, gender, cat) == g.max_delay_months
    assert delay_months(add_months(last, 1), gender, cat) == g.max_delay_months
    # the last table row is the first (only) one at the target age: 4 (or 2) birth months wide
    assert delay_months(add_months(last, -g.pace_birth_months), gender, cat) == g.max_delay_months - 1
    # the original retirement month of the first cohort is the reform's start month
    assert add_months(first, g.original_age_years * 12) == REFORM_START


# ---------------------------------------------------------------- Polars
def _expr_frame(births: list, genders: list, cats: list | None) -> list:
    df = pl.DataFrame({"birth": births, "gender": genders, "cat": cats}, schema={
        "birth": pl.Date, "gender": pl.Utf8, "cat": pl.Utf8})
    col = "cat" if cats is not None else None
    out = df.select(retirement_month_index_expr("birth", "gender", col).alias("r"))
    assert out.schema["r"] == pl.Int32
    return out["r"].to_list()


def test_expr_matches_scalar_exhaustively():
    births, genders, cats = [], [], []
    for idx in range(month_index(1950, 1), month_index(2000, 12) + 1):
        for gender, cat in CASES:
            births.append(date(idx // 12, idx % 12 + 1, 28))
            genders.append(gender)
            cats.append(cat)
    got = _expr_frame(births, genders, cats)
    want = [month_index(*retirement_month(b, g, c)) for b, g, c in zip(births, genders, cats, strict=True)]
    assert got == want


person = st.tuples(
    st.dates(min_value=date(1950, 1, 1), max_value=date(2000, 12, 31)), st.sampled_from(CASES)
)


@settings(max_examples=25, deadline=None)
@given(st.lists(person, min_size=60, max_size=60))
def test_expr_matches_scalar_random(people):
    births = [b for b, _ in people]
    genders = [gc[0] for _, gc in people]
    cats = [gc[1] for _, gc in people]
    got = _expr_frame(births, genders, cats)
    assert got == [month_index(*retirement_month(b, g, c)) for b, g, c in zip(births, genders, cats, strict=True)]


@settings(max_examples=1000, deadline=None)
@given(person)
def test_expr_matches_scalar_one_by_one(p):
    (birth, (gender, cat)) = p
    assert _expr_frame([birth], [gender], [cat]) == [month_index(*retirement_month(birth, gender, cat))]


def test_expr_without_category_column_treats_women_as_cadres():
    births = [date(1970, 1, 1), date(1975, 1, 1), date(1965, 1, 1)]
    got = _expr_frame(births, ["F", "F", "M"], None)
    assert got == [month_index(*retirement_month(b, g)) for b, g in zip(births, ["F", "F", "M"], strict=True)]


def test_expr_nulls_and_unknown_codes_give_null():
    got = _expr_frame(
        [None, date(1970, 1, 1), date(1970, 1, 1), date(1970, 1, 1), date(1970, 1, 1)],
        ["M", None, "X", "F", "M"],
        [None, "cadre", "cadre", None, None],
    )
    assert got == [None, None, None, None, month_index(2031, 5)]  # man born 1970-01: 61y4m


def test_expr_accepts_datetime_column():
    df = pl.DataFrame({"b": [datetime(1965, 5, 3, 12)], "g": ["M"]})
    assert df.select(retirement_month_index_expr("b", "g"))[0, 0] == month_index(2025, 7)
