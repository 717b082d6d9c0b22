"""Statutory retirement month under the 2025 gradual retirement-age reform.

Rule: 全国人民代表大会常务委员会关于实施渐进式延迟法定退休年龄的决定 (adopted 2024-09-13) and its
annex 国务院关于渐进式延迟法定退休年龄的办法, in force from 2025-01-01
(https://www.gov.cn/yaowen/liebiao/202409/content_6974294.htm; MOHRSS copy
https://www.mohrss.gov.cn/SYrlzyhshbzb/ztzl/zt202409/qwfb/202409/t20240913_525781.html). Article 1:

- men: 60 -> 63, one month later for every 4 months of birth;
- women whose original age is 55 (``cadre``): 55 -> 58, one month per 4 months of birth;
- women whose original age is 50 (``worker``): 50 -> 55, one month per 2 months of birth.

Let ``k`` be the number of months from 2025-01 to the person's ORIGINAL retirement month (birth month
plus the original age). If ``k < 0`` the original age applies (original retirement before the reform).
Otherwise the delay is ``min(max_delay, k // pace + 1)`` months, ``max_delay`` being 36, 36 and 60.
For men this is ``min(36, (months since 1965-01) // 4 + 1)`` for births from 1965-01.

The formula reproduces the annexed tables 附件1-3 (延迟法定退休年龄对照表). Rows checked against
public transcriptions of the tables (found with the project's search tool, corpus ``code``):
men 1965-01..04 -> 60y1m (retire 2025-02..05), 1965-05..08 -> 60y2m (2025-07..10), 1966-01 -> 60y4m,
1968-01 -> 60y10m, 1976-08 -> 62y11m, 1976-09 onwards -> 63; women cadres 1970-01 -> 55y1m,
1970-05 -> 55y2m, 1981-09 onwards -> 58; women workers 1975-01 -> 50y1m (2025-02),
1975-03 -> 50y2m (2025-05), 1975-11 -> 50y6m (2026-05), 1984-10 -> 54y11m, 1984-11 onwards -> 55.
The parameters are also in ``parameters/external/retirement.yaml`` (source:
/work/shared/data/retirement_age_rules.csv); the tests check both agree.

Only the birth month matters (the day is ignored): the retirement month is the birth month plus the
statutory age in months. Flexible early / delayed retirement (up to 3 years) is not modelled here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Literal

import polars as pl

from ..dates import month_index_expr
from ..errors import InputError

Gender = Literal["M", "F"]
FemaleCategory = Literal["worker", "cadre"]


@dataclass(frozen=True)
class ReformGroup:
    original_age_years: int
    target_age_years: int
    pace_birth_months: int  # months of birth per one month of delay

    @property
    def max_delay_months(self) -> int:
        return (self.target_age_years - self.original_age_years) * 12


REFORM_START = date(2025, 1, 1)
GROUPS: dict[str, ReformGroup] = {
    "male": ReformGroup(60, 63, 4),
    "female_cadre": ReformGroup(55, 58, 4),
    "female_worker": ReformGroup(50, 55, 2),
}


def month_index(year: int, month: int) -> int:
    """Months since year 0: ``year * 12 + (month - 1)``."""
    return year * 12 + (month - 1)


_START_INDEX = month_index(REFORM_START.year, REFORM_START.month)


def group_of(gender: str, female_category: str = "cadre") -> str:
    """The reform group key ('male', 'female_cadre', 'female_worker') for a person."""
    if gender == "M":
        return "male"
    if gender == "F":
        if female_category in ("worker", "cadre"):
            return f"female_{female_category}"
        raise InputError("female_category", "女职工类别须为 worker 或 cadre",
                         f"female_category must be 'worker' or 'cadre', got {female_category!r}")
    raise InputError("gender", "性别须为 M 或 F", f"gender must be 'M' or 'F', got {gender!r}")


def delay_months(birth: date, gender: Gender, female_category: FemaleCategory = "cadre") -> int:
    """Months by which the reform delays this person's retirement (0 if not affected)."""
    g = GROUPS[group_of(gender, female_category)]
    k = month_index(birth.year, birth.month) + g.original_age_years * 12 - _START_INDEX
    if k < 0:
        return 0
    return min(g.max_delay_months, k // g.pace_birth_months + 1)


def retirement_age_months(birth: date, gender: Gender, female_category: FemaleCategory = "cadre") -> int:
    """Statutory retirement age in months (e.g. 60 years 1 month = 721)."""
    g = GROUPS[group_of(gender, female_category)]
    return g.original_age_years * 12 + delay_months(birth, gender, female_category)


def retirement_month(birth: date, gender: Gender, female_category: FemaleCategory = "cadre") -> tuple[int, int]:
    """(year, month) in which the person reaches the statutory retirement age."""
    idx = month_index(birth.year, birth.month) + retirement_age_months(birth, gender, female_category)
    return idx // 12, idx % 12 + 1


def retirement_month_index_expr(
    birth_col: str | pl.Expr, gender_col: str | pl.Expr, female_category_col: str | pl.Expr | None = None,
    *, birth_index: pl.Expr | None = None,
) -> pl.Expr:
    """Vectorized :func:`retirement_month` as ``year * 12 + (month - 1)`` (Int32).

    ``birth_col`` is a Date (or Datetime) column, ``gender_col`` holds 'M' / 'F'. Without
    ``female_category_col`` every woman is a cadre (the scalar default); with it, 'worker' / 'cadre'.
    Null or unrecognised gender (or category, for a woman) gives null. ``birth_index`` is the birth
    month's index when the caller has it already (the table path's day ordinals).
    """
    birth = pl.col(birth_col) if isinstance(birth_col, str) else birth_col
    gender = pl.col(gender_col) if isinstance(gender_col, str) else gender_col
    birth_idx = (month_index_expr(birth) if birth_index is None else birth_index).cast(pl.Int32)
    if female_category_col is None:
        category: pl.Expr = pl.lit("cadre")
    else:
        category = pl.col(female_category_col) if isinstance(female_category_col, str) else female_category_col

    # the row's group as a small integer (male, female cadre, female worker; null when not known),
    # then the month read from a table of every birth month × group (one gather)
    if category.meta.is_literal(allow_aliasing=True) and not category.meta.root_names():
        # a category settled at plan time (e.g. the bounds 工人/干部, or no category column): its group
        # as a literal, not a test per row
        female_group: pl.Expr = pl.lit(_FEMALE_GROUPS.get(pl.select(category).item()), dtype=pl.Int32)
    else:
        female_group = (pl.when(category == "cadre").then(pl.lit(1, dtype=pl.Int32))
                        .when(category == "worker").then(pl.lit(2, dtype=pl.Int32)))
    group = pl.when(gender == "M").then(pl.lit(0, dtype=pl.Int32)).when(gender == "F").then(female_group)
    lo, hi, table = _age_table()
    age = pl.lit(table).gather((birth_idx.clip(lo, hi) - lo) * len(_TABLE_GROUPS) + group)
    month = birth_idx + age
    reads_rows = birth_idx.meta.root_names() or gender.meta.root_names() or category.meta.root_names()
    return month if reads_rows else month.first()  # literals only: a scalar, broadcast like one


_TABLE_GROUPS = ("male", "female_cadre", "female_worker")
_FEMALE_GROUPS = {"cadre": 1, "worker": 2}


@cache
def _age_table() -> tuple[int, int, pl.Series]:
    """The retirement age in months by birth month and group, over the birth months where the reform
    makes it vary (before them the original age, after them the target age: the same as at the
    window's ends), at position ``(birth month index − lo) × 3 + group``: ``(lo, hi, table)``."""
    lo = min(_START_INDEX - GROUPS[k].original_age_years * 12 for k in _TABLE_GROUPS) - 1
    hi = max(_START_INDEX - GROUPS[k].original_age_years * 12 + GROUPS[k].pace_birth_months
             * GROUPS[k].max_delay_months for k in _TABLE_GROUPS) + 1
    ages = []
    for b in range(lo, hi + 1):
        for key in _TABLE_GROUPS:
            g = GROUPS[key]
            k = b + g.original_age_years * 12 - _START_INDEX
            ages.append(g.original_age_years * 12 + (0 if k < 0 else min(g.max_delay_months, k // g.pace_birth_months + 1)))
    return lo, hi, pl.Series("age_months", ages, dtype=pl.Int32)
