"""Money is integer fen (分). Rates are exact fractions. Rounding is half-up to the fen.

``scale(x, num, den)`` = round_half_up(x * num / den) for integer fen ``x``; the Polars
version uses the same integer formula, so both paths give identical fen.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import polars as pl

FEN_PER_YUAN = 100


def yuan_to_fen(value: int | str | Decimal) -> int:
    d = Decimal(str(value)) * FEN_PER_YUAN
    if d != d.to_integral_value():
        raise ValueError(f"amount {value} yuan is not a whole number of fen / 金额精度超过分")
    return int(d)


def fen_to_yuan(fen: int) -> Decimal:
    return (Decimal(fen) / FEN_PER_YUAN).quantize(Decimal("0.01"))


def format_yuan(fen: int | None) -> str:
    if fen is None:
        return "未知 / not known"
    return f"¥{fen_to_yuan(fen):,}"


def div_round_half_up(numerator: int, denominator: int) -> int:
    """round(numerator / denominator) half away from zero for non-negative values, exact."""
    if denominator <= 0:
        raise ValueError("denominator must be positive")
    return (2 * numerator + denominator) // (2 * denominator)


def div_round_half_up_expr(numerator: pl.Expr, denominator: pl.Expr) -> pl.Expr:
    return (numerator * 2 + denominator) // (denominator * 2)


def scale(fen: int, rate: Fraction) -> int:
    return div_round_half_up(fen * rate.numerator, rate.denominator)


def parse_rate(value: str | int | float | Fraction) -> Fraction:
    if isinstance(value, Fraction):
        return value
    if isinstance(value, float):
        raise ValueError("rates must be written as strings ('2/3', '0.035'), never floats")
    return Fraction(str(value).strip())

