"""Expression nodes for money, dates and dated parameters (re-exported by :mod:`jiuye.engine.expr`)."""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from typing import Any

import polars as pl

from ..dates import months_between, months_between_expr
from ..money import div_round_half_up
from .expr import PL_TYPES, Env, Expr, PolarsEnv, Trace, _jsonable, _param_info, lit


class InConst(Expr):
    def __init__(self, a: Expr, values: tuple[Any, ...], label: str = ""):
        self.children, self.values = (a,), values
        self.label = label or f"∈ {list(values)}"

    def combine(self, values: list[Any], env: Env) -> Any:
        return None if values[0] is None else values[0] in self.values

    def compile(self, exprs: list[pl.Expr], env: PolarsEnv) -> pl.Expr:
        e = exprs[0]
        return pl.when(e.is_null()).then(pl.lit(None, dtype=pl.Boolean)).otherwise(e.is_in(list(self.values)))


class If(Expr):
    """``If(c, a, b)``: ``a`` when ``c`` is true, ``b`` when false, unknown when ``c`` is unknown."""

    def __init__(self, cond: Expr, then: Any, otherwise: Any, label: str = ""):
        self.children = (cond, lit(then), lit(otherwise))
        self.label = label or "如果 / if"

    def combine(self, values: list[Any], env: Env) -> Any:
        c, a, b = values
        if c is None:
            return None
        return a if c else b

    def compile(self, exprs: list[pl.Expr], env: PolarsEnv) -> pl.Expr:
        c, a, b = exprs
        return pl.when(c.is_null()).then(pl.lit(None)).when(c).then(a).otherwise(b)


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
        out = exprs[0]
        for e in exprs[1:]:
            out = pl.when(out.is_null() | e.is_null()).then(pl.lit(None)).when(self._cmp(out, e)).then(out).otherwise(e)
        return out


class Min(_MinMax):
    @staticmethod
    def _py(values: list[Any]) -> Any:
        return min(values)

    @staticmethod
    def _cmp(a: pl.Expr, b: pl.Expr) -> pl.Expr:
        return a <= b


class Max(_MinMax):
    @staticmethod
    def _py(values: list[Any]) -> Any:
        return max(values)

    @staticmethod
    def _cmp(a: pl.Expr, b: pl.Expr) -> pl.Expr:
        return a >= b


class Scale(Expr):
    """Money × an exact rate, rounded half-up to the fen: ``round(x * num / den)``.

    ``rate`` is a Fraction, a rate parameter name, or an expression giving (num, den) as two
    integer expressions through :class:`MulDiv`.
    """

    def __init__(self, amount: Expr, rate: Fraction | str, label: str = ""):
        self.children = (amount,)
        self.rate = rate
        self.label = label or f"× {rate}"

    def _fraction(self, snapshot: Any) -> Fraction | None:
        if isinstance(self.rate, Fraction):
            return self.rate
        return snapshot.get(self.rate)

    def combine(self, values: list[Any], env: Env) -> Any:
        f = self._fraction(env.snapshot)
        if values[0] is None or f is None:
            return None
        return div_round_half_up(values[0] * f.numerator, f.denominator)

    def trace(self, env: Env) -> Trace:
        t = super().trace(env)
        if isinstance(self.rate, str):
            t.parameters.append(_param_info(env, self.rate, self._fraction(env.snapshot)))
        return t

    def compile(self, exprs: list[pl.Expr], env: PolarsEnv) -> pl.Expr:
        f = self._fraction(env.snapshot)
        if f is None:
            return pl.lit(None, dtype=pl.Int64)
        return (exprs[0] * (2 * f.numerator) + f.denominator) // (2 * f.denominator)


class MulDiv(Expr):
    """``round_half_up(a * b / c)`` with integer expressions (c > 0)."""

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


class MonthsBetween(Expr):
    """Whole months from ``start`` to ``end`` (see :func:`jiuye.dates.months_between`)."""

    def __init__(self, start: Expr, end: Expr, label: str = ""):
        self.children = (start, end)
        self.label = label or "相隔整月数 / whole months between"

    def combine(self, values: list[Any], env: Env) -> Any:
        a, b = values
        if a is None or b is None:
            return None
        return months_between(a, b)

    def compile(self, exprs: list[pl.Expr], env: PolarsEnv) -> pl.Expr:
        return months_between_expr(exprs[0], exprs[1])


class Func(Expr):
    """An escape hatch with both implementations declared side by side.

    ``py`` receives known argument values (the result is unknown if any argument is unknown);
    ``polars`` receives the compiled argument expressions. The parity test covers every Func.
    """

    def __init__(self, label: str, py: Callable[..., Any], polars: Callable[..., pl.Expr], *args: Any):
        self.label, self.py, self.polars = label, py, polars
        self.children = tuple(lit(a) for a in args)

    def combine(self, values: list[Any], env: Env) -> Any:
        if any(v is None for v in values):
            return None
        return self.py(*values)

    def compile(self, exprs: list[pl.Expr], env: PolarsEnv) -> pl.Expr:
        return self.polars(*exprs)


class InCity(Expr):
    """A county code lies in a city (地级市): the first four digits match."""

    def __init__(self, code: Expr, city: str, label: str = ""):
        self.children, self.prefix = (code,), city[:4]
        self.label = label or f"属于 {city}"

    def combine(self, values: list[Any], env: Env) -> Any:
        return None if values[0] is None else str(values[0]).startswith(self.prefix)

    def compile(self, exprs: list[pl.Expr], env: PolarsEnv) -> pl.Expr:
        return exprs[0].cast(pl.Utf8).str.starts_with(self.prefix)


class CityOf(Func):
    """The city (地级市) code of a county code: first four digits + '00'. ``.eq(city)`` compiles
    to a prefix test (no string building per row)."""

    def __init__(self, code: Expr):
        super().__init__("所属地市 / city of", lambda c: str(c)[:4] + "00",
                         lambda e: e.cast(pl.Utf8).str.slice(0, 4) + "00", code)

    def eq(self, o: Any) -> Expr:
        if isinstance(o, str):
            return InCity(self.children[0], o)
        return super().eq(o)


def city_of(code: Expr) -> Expr:
    return CityOf(code)



class WithinMonths(Expr):
    """``ref`` is no later than ``start`` + ``months`` (inclusive: "N年以内" includes the day N years on).

    ``months`` is an int or a parameter name (resolved per snapshot, so a literal in Polars).
    Month ends clamp (2020-02-29 + 12 months = 2021-02-28) in both paths.
    """

    def __init__(self, start: Expr, ref: Expr, months: int | Expr, label: str = ""):
        self.children = (start, ref, lit(months))
        self.label = label or "在期限以内 / within the window"

    def combine(self, values: list[Any], env: Env) -> Any:
        from ..dates import add_months

        start, ref, months = values
        if start is None or ref is None or months is None:
            return None
        return ref <= add_months(start, months)

    def compile(self, exprs: list[pl.Expr], env: PolarsEnv) -> pl.Expr:
        # ref <= start + N months  ⟺  k < N, or k == N and the day of month is the same, where
        # k = whole months from start to ref (the clamped month-end case gives k < N).
        start, ref, months = exprs
        k = months_between_expr(start, ref)
        same_day = ref.dt.day() == start.dt.day()
        return (k < months) | ((k == months) & same_day)


class ParamAt(Expr):
    """A dated parameter's value at a date given by a fact (e.g. the LPR on the contract date)."""

    def __init__(self, name: str, when: Expr, dtype: str = "int", label: str | None = None):
        self.name, self.dtype = name, dtype
        self.children = (when,)
        self.label = label or f"{name} @ date"

    def combine(self, values: list[Any], env: Env) -> Any:
        if values[0] is None:
            return None
        return env.snapshot.store[self.name].value_at(values[0])

    def trace(self, env: Env) -> Trace:
        kid = self.children[0].trace(env)
        v = self.combine([kid.value], env)
        info: dict[str, Any] = {"name": self.name, "value": _jsonable(v), "at": _jsonable(kid.value)}
        if kid.value is not None:
            entry = env.snapshot.store[self.name].entry_at(kid.value)
            if entry is not None:
                info.update({"from": entry.start.isoformat(), "source": entry.source})
        return Trace(self.describe(), v, [kid], [info])

    def compile(self, exprs: list[pl.Expr], env: PolarsEnv) -> pl.Expr:
        d = exprs[0]
        entries = env.snapshot.store[self.name].entries
        out: Any = pl.lit(None, dtype=PL_TYPES[self.dtype])
        for e in entries:  # later entries override earlier ones (a handful of dated values)
            val = pl.lit(e.value, dtype=PL_TYPES[self.dtype]) if e.value is not None else pl.lit(
                None, dtype=PL_TYPES[self.dtype])
            out = pl.when(d >= pl.lit(e.start, dtype=pl.Date)).then(val).otherwise(out)
        return out


class IsKnown(Expr):
    """True when the value is known. Use sparingly: only where the clause turns on a record
    existing (a date of a past certification), never to treat unknown as "no"."""

    def __init__(self, item: Expr, label: str = ""):
        self.children = (item,)
        self.label = label or "已知 / known"

    def combine(self, values: list[Any], env: Env) -> Any:
        return values[0] is not None

    def compile(self, exprs: list[pl.Expr], env: PolarsEnv) -> pl.Expr:
        return exprs[0].is_not_null()
