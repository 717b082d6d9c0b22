"""Money nodes: exact rates rounded half-up to the fen, products and quotients, bounds.

Money is integer fen throughout; no float ever touches an amount.
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from typing import Any

import polars as pl

from ...money import div_round_half_up
from ..trace import Trace
from .base import _NOT_LITERAL, Env, Expr, PolarsEnv, lit, literal_value
from .params import local_column, resolved


class _MinMax(Expr):
    pick_first: Callable[[Any, Any], bool]

    def __init__(self, *items: Any, label: str = ""):
        self.children = tuple(lit(i) for i in items)
        self.label = label or type(self).__name__.lower()

    def combine(self, values: list[Any], env: Env) -> Any:
        if any(v is None for v in values):
            return None
        return self._py(values)

    def compile(self, exprs: list[pl.Expr], env: PolarsEnv) -> pl.Expr:
        # ``clip`` keeps an unknown value unknown and does not clip at an unknown bound; so a bound
        # that may be unknown makes the result unknown first (Kleene: any unknown item, unknown)
        values = [literal_value(e) for e in exprs]
        if None in values:  # an item known unknown: unknown, of the items' type
            ref = next((e for e, v in zip(exprs, values, strict=True) if v is not None), None)
            return pl.lit(None) if ref is None else pl.when(pl.lit(False)).then(ref)
        out = exprs[0]
        for e in exprs[1:]:
            v = literal_value(e)
            if v is _NOT_LITERAL and literal_value(out) is not _NOT_LITERAL:
                out, e, v = e, out, literal_value(out)  # the column clipped at the literal (commutative)
            clipped = self._clip(out, e)
            out = clipped if v is not _NOT_LITERAL else pl.when(e.is_not_null()).then(clipped)
        return out


class Min(_MinMax):
    @staticmethod
    def _py(values: list[Any]) -> Any:
        return min(values)

    @staticmethod
    def _clip(a: pl.Expr, b: pl.Expr) -> pl.Expr:
        return a.clip(upper_bound=b)


class Max(_MinMax):
    @staticmethod
    def _py(values: list[Any]) -> Any:
        return max(values)

    @staticmethod
    def _clip(a: pl.Expr, b: pl.Expr) -> pl.Expr:
        return a.clip(lower_bound=b)


class Scale(Expr):
    """Money × an exact rate, rounded half-up to the fen: ``round(x * num / den)``.

    ``rate`` is a Fraction, a rate parameter name, or an expression giving (num, den) as two
    integer expressions through :class:`MulDiv`.
    """

    null_type = pl.Int64()

    def __init__(self, amount: Expr, rate: Fraction | str, label: str = ""):
        self.children = (amount,)
        self.rate = rate
        self.label = label or f"× {rate}"

    def own_params(self) -> tuple[str, ...]:
        return (self.rate,) if isinstance(self.rate, str) else ()

    def _fraction(self, env: Env) -> Fraction | None:
        """The rate: a fixed fraction, or the parameter's value at the env's place (a county or
        city may set its own rate, e.g. 第24条's uplift)."""
        if isinstance(self.rate, Fraction):
            return self.rate
        if env.snapshot.local_map(self.rate):
            return env.snapshot.resolve(self.rate, env.place)[0]
        return env.snapshot.get(self.rate)

    def combine(self, values: list[Any], env: Env) -> Any:
        f = self._fraction(env)
        if values[0] is None or f is None:
            return None
        return div_round_half_up(values[0] * f.numerator, f.denominator)

    def trace(self, env: Env) -> Trace:
        t = super().trace(env)
        if isinstance(self.rate, str):
            t.parameters.append(resolved(env, self.rate)[1])
        return t

    def compile(self, exprs: list[pl.Expr], env: PolarsEnv) -> pl.Expr:
        if isinstance(self.rate, str):
            default = env.snapshot.get(self.rate)
            num = local_column(env, self.rate, pl.Int64(), default, lambda f: Fraction(f).numerator)
            if num is not None:  # a county or city rate: numerator and denominator per row
                den = local_column(env, self.rate, pl.Int64(), default, lambda f: Fraction(f).denominator)
                return (exprs[0] * (2 * num) + den) // (2 * den)
        f = self._fraction_whole(env)
        if f is None:
            return pl.lit(None, dtype=pl.Int64)
        return (exprs[0] * (2 * f.numerator) + f.denominator) // (2 * f.denominator)

    def _fraction_whole(self, env: PolarsEnv) -> Fraction | None:
        return self.rate if isinstance(self.rate, Fraction) else env.snapshot.get(self.rate)


class MulDiv(Expr):
    """``round_half_up(a * b / c)`` with integer expressions (c > 0)."""

    null_type = pl.Int64()

    def __init__(self, a: Any, b: Any, c: Any, label: str = ""):
        self.children = (lit(a), lit(b), lit(c))
        self.label = label or "a×b÷c"

    def combine(self, values: list[Any], env: Env) -> Any:
        a, b, c = values
        if a is None or b is None or c is None or c <= 0:
            return None
        return div_round_half_up(a * b, c)

    def compile(self, exprs: list[pl.Expr], env: PolarsEnv) -> pl.Expr:
        a, b, c = exprs
        return pl.when(c > 0).then((a * b * 2 + c) // (c * 2)).otherwise(pl.lit(None, dtype=pl.Int64))


class Bounded(Expr):
    """``value`` when ``low ≤ value ≤ high``; otherwise not known.

    For amounts a document gives only as a range (每人 200-2000 元): the amount is a local standard,
    and a standard set outside the printed range is not used (the result says the amount is not known).
    """

    null_type = pl.Int64()

    def __init__(self, value: Any, low: Any, high: Any, label: str = "") -> None:
        self.children = (lit(value), lit(low), lit(high))
        self.label = label or "在规定区间内 / within the printed range"

    def combine(self, values: list[Any], env: Env) -> Any:
        v, lo, hi = values
        if v is None or lo is None or hi is None:
            return None
        return v if lo <= v <= hi else None

    def compile(self, exprs: list[pl.Expr], env: PolarsEnv) -> pl.Expr:
        v, lo, hi = exprs
        inside = (v >= lo) & (v <= hi)
        return pl.when(inside.fill_null(False)).then(v).otherwise(pl.lit(None, dtype=pl.Int64))
