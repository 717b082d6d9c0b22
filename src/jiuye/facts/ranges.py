"""Plausible ranges for the numbers and dates of case facts, from one place.

Every whole-number fact has a range by what it counts — amounts in fen (``*_fen``), rates in basis
points (``*_bp``), months (a name with ``months``), areas, days, ranks, and otherwise a count of
people or times — with tighter ranges where the fact says more (a monthly wage, a loan, a rate
up to 100%). Every date lies between 1900-01-01 and 2100-12-31; a birth date is not in the
future; graduation, registration, certification and hiring do not come before birth.

Out of range is an :class:`~jiuye.errors.InputError` (422) whose message names the field in the
user's words and units — 元 and % rather than fen and basis points, Chinese first:
"贷款金额（元）应在0至100,000,000之间". The validators are attached to the fact models
(:mod:`.base`, :mod:`.models`), so the API, the calculator and the application forms refuse the same.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from ..errors import InputError

MIN_DATE, MAX_DATE = date(1900, 1, 1), date(2100, 12, 31)


@dataclass(frozen=True)
class Range:
    low: int
    high: int
    unit: str = "count"  # fen | bp | count

    def shown(self, value: int) -> str:
        """A bound in the user's unit: fen as 元, basis points as %."""
        if self.unit == "fen":
            return f"{value // 100:,}" if value % 100 == 0 else f"{value / 100:,.2f}"
        if self.unit == "bp":
            return f"{value / 100:g}"
        return f"{value:,}"


YUAN = 100
MONTHLY_PAY = Range(0, 1_000_000 * YUAN, "fen")  # ¥1,000,000 a month
#: ranges named explicitly (the rest follow :func:`range_for`)
RANGES: dict[str, Range] = {
    "si_base_monthly_fen": MONTHLY_PAY, "si_paid_monthly_fen": MONTHLY_PAY, "pwp_monthly_pay_fen": MONTHLY_PAY,
    "employer_hf_monthly_fen": MONTHLY_PAY, "employer_si_three_fen": MONTHLY_PAY,
    "pwp_hourly_pay_fen": Range(0, 10_000 * YUAN, "fen"),
    "rent_daily_per_m2_fen": Range(0, 1_000 * YUAN, "fen"),
    "loan_rate_bp": Range(0, 10_000, "bp"),  # at most 100% a year
    "loan_term_months": Range(0, 360),
    "internship_term_months": Range(0, 60),
    "internship_extensions": Range(0, 12),
    "certificate_level": Range(1, 5),
    "level": Range(0, 5),
    "rented_area_m2": Range(0, 1_000_000),
    "project_training_days": Range(0, 3_660),
    "family_members_in_quzhou": Range(0, 50),
    "training_evaluation_years": Range(0, 100),
    "monitoring_reports": Range(0, 366),
    "municipal_competition_rank": Range(0, 100_000),
    "mountain_services_in_cycle": Range(0, 1_000),
}
ANY_AMOUNT = Range(0, 1_000_000_000 * YUAN, "fen")  # ¥1,000,000,000
ANY_RATE = Range(0, 10_000, "bp")
ANY_MONTHS = Range(0, 600)  # 50 years
ANY_COUNT = Range(0, 100_000_000)


def range_for(name: str) -> Range:
    if name in RANGES:
        return RANGES[name]
    if name.endswith("_fen"):
        return ANY_AMOUNT
    if name.endswith("_bp"):
        return ANY_RATE
    if "months" in name:
        return ANY_MONTHS
    return ANY_COUNT


_UNIT_ZH = (("（分", "（元"), ("分/", "元/"), ("（基点）", "（%）"))
_UNIT_EN = (("(fen", "(yuan"), ("fen ", "yuan "), ("(bp)", "(%)"))


def spoken(label_zh: str, label_en: str) -> tuple[str, str]:
    """A field's labels in the user's units (元 and %, not fen and basis points)."""
    for a, b in _UNIT_ZH:
        label_zh = label_zh.replace(a, b)
    for a, b in _UNIT_EN:
        label_en = label_en.replace(a, b)
    return label_zh, re.sub(r"\s+", " ", label_en)


#: labels of the benefit-history fields (which carry no question)
HISTORY_LABELS = {"granted_on": ("享受日期", "date granted"), "amount_fen": ("金额（元）", "amount (yuan)"),
                  "period_start": ("所属期起", "period from"), "period_end": ("所属期止", "period to"),
                  "level": ("证书等级", "certificate level"), "loan_term_months": ("贷款期限（月）", "loan term (months)")}


def labels_of(model: Any, name: str) -> tuple[str, str]:
    info = model.model_fields.get(name)
    extra = (info.json_schema_extra if info is not None else None) or {}
    if not isinstance(extra, dict) or "label_zh" not in extra:
        return HISTORY_LABELS.get(name, (name, name.replace("_", " ")))
    return spoken(str(extra["label_zh"]), str(extra["label_en"]))


def out_of_range(name: str, labels: tuple[str, str]) -> tuple[str, str]:
    r = range_for(name)
    zh, en = labels
    lo, hi = r.shown(r.low), r.shown(r.high)
    return f"{zh}应在{lo}至{hi}之间", f"{en} must be between {lo} and {hi}"


def check_number(name: str, value: int, labels: tuple[str, str]) -> None:
    r = range_for(name)
    if not r.low <= value <= r.high:
        raise InputError("", *out_of_range(name, labels))


BOUND_ERRORS = frozenset({"greater_than_equal", "less_than_equal", "greater_than", "less_than"})


#: dates that cannot come before the person's birth
AFTER_BIRTH = frozenset({"graduation_date", "unemployed_registered_on", "difficulty_certified_on", "hired_on",
                         "certificate_on", "loan_contract_date", "left_post_on", "home_purchased_on"})


def check_date(name: str, value: date, labels: tuple[str, str], data: dict[str, Any], today: date) -> None:
    zh, en = labels
    if not MIN_DATE <= value <= MAX_DATE:
        raise InputError("", f"{zh}应在1900-01-01至2100-12-31之间", f"{en} must be between 1900-01-01 and 2100-12-31")
    if name == "birth_date" and value > today:
        raise InputError("", f"{zh}不能晚于今天", f"{en} cannot be in the future")
    birth = data.get("birth_date")
    if name in AFTER_BIRTH and isinstance(birth, date) and value < birth:
        raise InputError("", f"{zh}不能早于出生日期", f"{en} cannot be before the date of birth")


def check_fact(model: Any, name: str, value: Any, data: dict[str, Any]) -> None:
    """Refuse ``value`` of fact ``name`` of ``model`` when out of its plausible range."""
    if value is None or isinstance(value, bool):
        return
    if isinstance(value, int):
        check_number(name, value, labels_of(model, name))
    elif isinstance(value, date):
        check_date(name, value, labels_of(model, name), data, date.today())
