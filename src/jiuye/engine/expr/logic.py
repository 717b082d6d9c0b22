"""Logic nodes beyond the operators: ``If``, ``IsKnown``, ``all_of`` / ``any_of``, places.

``And``, ``Or`` and ``Not`` (built by ``&``, ``|``, ``~``) are in :mod:`.base`.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from .base import And, Env, Expr, Func, Or, PolarsEnv, is_categorical, lit, literal_value


def all_of(*items: Expr, label: str = "") -> Expr:
    """Every item holds (Kleene: false wins, then unknown)."""
    return And(*items, label=label)


def any_of(*items: Expr, label: str = "") -> Expr:
    """At least one item holds (Kleene: true wins, then unknown)."""
    return Or(*items, label=label)


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
        return self.choose(*exprs)

    @staticmethod
    def choose(c: pl.Expr, a: pl.Expr, b: pl.Expr) -> pl.Expr:
        v = literal_value(c)
        if v is True or v is False:  # a condition settled without the table (a parameter, a reading's switch)
            return a if v else b
        return pl.when(c.is_null()).then(pl.lit(None)).when(c).then(a).otherwise(b)


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


class InCity(Expr):
    """A county code lies in a city (地级市): the first four digits match."""

    null_type = pl.Boolean()

    def __init__(self, code: Expr, city: str, label: str = ""):
        self.children, self.prefix = (code,), city[:4]
        self.label = label or f"属于 {city}"

    def combine(self, values: list[Any], env: Env) -> Any:
        return None if values[0] is None else str(values[0]).startswith(self.prefix)

    def compile(self, exprs: list[pl.Expr], env: PolarsEnv) -> pl.Expr:
        if is_categorical(self.children[0], env):
            return exprs[0].cat.starts_with(self.prefix)
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
