"""Day counts in people's words: ``21.75天`` / ``21.75 days`` (never ``87/4``).

A ``days`` parameter holds an exact number of days: an integer (``20``, ``365``) or an exact
fraction when the document prints a decimal (月计薪天数 21.75天 = 87/4)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any


def parse_days(raw: Any) -> int | Fraction:
    """``20`` → 20, ``"21.75"`` or ``"87/4"`` → Fraction(87, 4); never negative. An integral value
    stays an ``int`` (the engine computes with it as with a count)."""
    if isinstance(raw, bool):
        raise ValueError(f"expected a number of days, got {raw!r}")
    value = raw if isinstance(raw, Fraction) else Fraction(str(raw).strip())
    if value < 0:
        raise ValueError(f"a number of days cannot be negative: {raw!r}")
    return int(value) if value.denominator == 1 else value


def exact_decimal(value: Fraction) -> bool:
    """Has ``value`` a finite decimal (its denominator only 2s and 5s)?"""
    d = value.denominator
    for p in (2, 5):
        while d % p == 0:
            d //= p
    return d == 1


def number_text(value: Any) -> str:
    """An exact number as a decimal: 87/4 → ``21.75``; a fraction with no finite decimal to 4 places."""
    v = value if isinstance(value, Fraction) else Fraction(str(value))
    if v.denominator == 1:
        return str(v.numerator)
    if exact_decimal(v):
        return f"{(Decimal(v.numerator) / Decimal(v.denominator)).normalize():f}"
    return f"{float(v):.4f}".rstrip("0").rstrip(".")


def days_text(value: Any, lang: str = "zh") -> str:
    """``21.75天`` / ``21.75 days`` (``1 day``)."""
    n = number_text(value)
    if lang == "en":
        return f"{n} day" if n == "1" else f"{n} days"
    return f"{n}天"
