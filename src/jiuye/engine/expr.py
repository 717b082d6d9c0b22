"""The rule expression language: one declaration, two ways to run it.

A rule's conditions and amounts are trees of :class:`Expr`. Each node knows how to

- compute its value for one case in Python (``ev``), with ``None`` meaning "not known";
- explain itself (``trace``) as a tree of ``{name, value, children, parameters}``;
- compile to a Polars expression (``to_polars``) over a table of many subjects.

Unknowns follow three-valued (Kleene) logic in both paths: ``False & unknown`` is ``False``,
``True & unknown`` is unknown; arithmetic and comparisons with an unknown are unknown. Polars'
null semantics are the same, so the two paths agree (``tests/engine/test_parity.py``).

Money is integer fen; rates are exact fractions applied with half-up rounding to the fen.
Strings are never column names here: a fact is a declared :class:`Fact` (typos fail at import).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import polars as pl

from .trace import Trace, _jsonable

PL_TYPES: dict[str, pl.DataType] = {
    "bool": pl.Boolean(), "int": pl.Int64(), "date": pl.Date(), "str": pl.Utf8(), "fen": pl.Int64(),
}


@dataclass
class Env:
    """What one evaluation sees: the case's facts, a parameter snapshot, the as-of date."""

    values: dict[str, Any]
    snapshot: Any  # jiuye.params.Snapshot
    as_of: date


@dataclass
class PolarsEnv:
    snapshot: Any
    as_of: date
    columns: frozenset[str]


def lit(value: Any) -> Expr:
    return value if isinstance(value, Expr) else Const(value)


class Expr:
    """Base node. Subclasses define ``children``, ``combine`` (Python) and ``compile`` (Polars)."""

    label: str = ""
    children: tuple[Expr, ...] = ()

    # --- Python path -------------------------------------------------------------------
    def ev(self, env: Env) -> Any:
        return self.combine([c.ev(env) for c in self.children], env)

    def combine(self, values: list[Any], env: Env) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError

    def trace(self, env: Env) -> Trace:
        kids = [c.trace(env) for c in self.children]
        return Trace(self.describe(), self.combine([k.value for k in kids], env), kids)

    # --- Polars path -------------------------------------------------------------------
    def to_polars(self, env: PolarsEnv) -> pl.Expr:
        return self.compile([c.to_polars(env) for c in self.children], env)

    def compile(self, exprs: list[pl.Expr], env: PolarsEnv) -> pl.Expr:  # pragma: no cover
        raise NotImplementedError

    # --- introspection -----------------------------------------------------------------
    def describe(self) -> str:
        return self.label or type(self).__name__

    def walk(self):
        yield self
        for c in self.children:
            yield from c.walk()

    def facts(self) -> list[Fact]:
        return [n for n in self.walk() if isinstance(n, Fact)]

    def params(self) -> list[str]:
        out: list[str] = []
        for n in self.walk():
            if isinstance(n, Param | Lookup | InSet | ParamAt) or (
                    hasattr(n, "name") and not isinstance(n, Fact) and isinstance(getattr(n, "name", None), str)):
                out.append(n.name)
            elif isinstance(n, Scale) and isinstance(n.rate, str):
                out.append(n.rate)
        return out

    def named(self, label: str) -> Expr:
        self.label = label
        return self

    # --- operators ---------------------------------------------------------------------
    def __and__(self, o: Any) -> Expr:
        return And(self, lit(o))

    def __rand__(self, o: Any) -> Expr:
        return And(lit(o), self)

    def __or__(self, o: Any) -> Expr:
        return Or(self, lit(o))

    def __ror__(self, o: Any) -> Expr:
        return Or(lit(o), self)

    def __invert__(self) -> Expr:
        return Not(self)

    def __add__(self, o: Any) -> Expr:
        return Arith("+", self, lit(o))

    def __radd__(self, o: Any) -> Expr:
        return Arith("+", lit(o), self)

    def __sub__(self, o: Any) -> Expr:
        return Arith("-", self, lit(o))

    def __rsub__(self, o: Any) -> Expr:
        return Arith("-", lit(o), self)

    def __mul__(self, o: Any) -> Expr:
        return Arith("*", self, lit(o))

    def __rmul__(self, o: Any) -> Expr:
        return Arith("*", lit(o), self)

    def __floordiv__(self, o: Any) -> Expr:
        return Arith("//", self, lit(o))

    def __lt__(self, o: Any) -> Expr:
        return Compare("<", self, lit(o))

    def __le__(self, o: Any) -> Expr:
        return Compare("<=", self, lit(o))

    def __gt__(self, o: Any) -> Expr:
        return Compare(">", self, lit(o))

    def __ge__(self, o: Any) -> Expr:
        return Compare(">=", self, lit(o))

    def eq(self, o: Any) -> Expr:
        return Compare("==", self, lit(o))

    def ne(self, o: Any) -> Expr:
        return Compare("!=", self, lit(o))

    def is_in(self, values: Sequence[Any]) -> Expr:
        return InConst(self, tuple(values))

    __hash__ = object.__hash__


# ---------------------------------------------------------------------------------------
# Leaves
# ---------------------------------------------------------------------------------------
class Fact(Expr):
    """A declared input fact, e.g. ``person.graduation_date``. Missing = not known."""

    def __init__(self, name: str, dtype: str, label_zh: str, label_en: str,
                 question_zh: str, question_en: str, choices: tuple[str, ...] | None = None):
        self.name, self.dtype = name, dtype
        self.label_zh, self.label_en = label_zh, label_en
        self.question_zh, self.question_en = question_zh, question_en
        self.choices = choices
        self.label = name

    def ev(self, env: Env) -> Any:
        return env.values.get(self.name)

    def trace(self, env: Env) -> Trace:
        return Trace(f"{self.label_zh} / {self.label_en}", self.ev(env), fact=self.name)

    def to_polars(self, env: PolarsEnv) -> pl.Expr:
        if self.name in env.columns:
            return pl.col(self.name).cast(PL_TYPES[self.dtype])
        return pl.lit(None, dtype=PL_TYPES[self.dtype])

    def question(self) -> dict[str, Any]:
        q = {"fact": self.name, "question_zh": self.question_zh, "question_en": self.question_en,
             "type": self.dtype}
        if self.choices:
            q["choices"] = list(self.choices)
        return q


class Const(Expr):
    def __init__(self, value: Any, label: str | None = None):
        self.value = value
        self.label = label or repr(value)

    def ev(self, env: Env) -> Any:
        return self.value

    def trace(self, env: Env) -> Trace:
        return Trace(self.describe(), self.value)

    def to_polars(self, env: PolarsEnv) -> pl.Expr:
        if isinstance(self.value, bool):
            return pl.lit(self.value, dtype=pl.Boolean)
        if isinstance(self.value, int):
            return pl.lit(self.value, dtype=pl.Int64)
        if isinstance(self.value, date):
            return pl.lit(self.value, dtype=pl.Date)
        return pl.lit(self.value)


class AsOf(Expr):
    label = "评估日期 / as-of date"

    def ev(self, env: Env) -> Any:
        return env.as_of

    def trace(self, env: Env) -> Trace:
        return Trace(self.label, env.as_of)

    def to_polars(self, env: PolarsEnv) -> pl.Expr:
        return pl.lit(env.as_of, dtype=pl.Date)


AS_OF = AsOf()


def _param_info(env: Env, name: str, value: Any, key: Any = None) -> dict[str, Any]:
    entry = env.snapshot.entry(name)
    info: dict[str, Any] = {"name": name, "value": _jsonable(value)}
    if key is not None:
        info["key"] = key
    if name in env.snapshot.overridden:
        info["source"] = "override / 人工设定"
    elif entry is not None:
        info["from"] = entry.start.isoformat()
        info["source"] = entry.source
    if value is None:
        info["not_known"] = True
    return info


class Param(Expr):
    """A scalar parameter resolved from the as-of snapshot. Rates become exact fractions."""

    def __init__(self, name: str, label: str | None = None):
        self.name = name
        self.label = label or name

    def ev(self, env: Env) -> Any:
        return env.snapshot.get(self.name)

    def trace(self, env: Env) -> Trace:
        v = self.ev(env)
        return Trace(self.describe(), v, parameters=[_param_info(env, self.name, v)])

    def to_polars(self, env: PolarsEnv) -> pl.Expr:
        v = env.snapshot.get(self.name)
        if v is not None:
            return Const(v).to_polars(env)
        unit = env.snapshot.store[self.name].unit
        return pl.lit(None, dtype={"date": pl.Date, "bool": pl.Boolean, "text": pl.Utf8}.get(unit, pl.Int64))


class Lookup(Expr):
    """A keyed parameter looked up by the value of ``key`` (e.g. county → tier)."""

    def __init__(self, name: str, key: Expr, dtype: str = "int", label: str | None = None):
        self.name, self.dtype = name, dtype
        self.children = (key,)
        self.label = label or name

    def combine(self, values: list[Any], env: Env) -> Any:
        return env.snapshot.lookup(self.name, values[0])

    def trace(self, env: Env) -> Trace:
        kid = self.children[0].trace(env)
        v = self.combine([kid.value], env)
        return Trace(self.describe(), v, [kid], [_param_info(env, self.name, v, kid.value)])

    def compile(self, exprs: list[pl.Expr], env: PolarsEnv) -> pl.Expr:
        mapping = env.snapshot.get(self.name) or {}
        dtype = PL_TYPES[self.dtype]
        if not mapping:
            return pl.lit(None, dtype=dtype)
        keys = list(mapping)
        vals = [mapping[k] for k in keys]
        return exprs[0].cast(pl.Utf8).replace_strict(keys, vals, default=None, return_dtype=dtype)


class InSet(Expr):
    """Membership of a value in a parameter set (e.g. a county in the 山区县 list)."""

    def __init__(self, key: Expr, name: str, label: str | None = None):
        self.name = name
        self.children = (key,)
        self.label = label or f"in {name}"

    def combine(self, values: list[Any], env: Env) -> Any:
        members = env.snapshot.get(self.name)
        if values[0] is None or members is None:
            return None
        return values[0] in members

    def trace(self, env: Env) -> Trace:
        kid = self.children[0].trace(env)
        v = self.combine([kid.value], env)
        members = env.snapshot.get(self.name)
        info = _param_info(env, self.name, None if members is None else f"{len(members)} codes")
        return Trace(self.describe(), v, [kid], [info])

    def compile(self, exprs: list[pl.Expr], env: PolarsEnv) -> pl.Expr:
        members = env.snapshot.get(self.name)
        if members is None:
            return pl.lit(None, dtype=pl.Boolean)
        e = exprs[0].cast(pl.Utf8)
        return pl.when(e.is_null()).then(pl.lit(None, dtype=pl.Boolean)).otherwise(e.is_in(sorted(members)))


# ---------------------------------------------------------------------------------------
# Logic
# ---------------------------------------------------------------------------------------
class And(Expr):
    def __init__(self, *items: Expr, label: str = ""):
        flat: list[Expr] = []
        for it in items:
            flat.extend(it.children if isinstance(it, And) and not it.label else (it,))
        self.children = tuple(flat)
        self.label = label or "全部满足 / all of"

    def ev(self, env: Env) -> Any:
        unknown = False
        for c in self.children:
            v = c.ev(env)
            if v is False:
                return False
            if v is None:
                unknown = True
        return None if unknown else True

    def combine(self, values: list[Any], env: Env) -> Any:
        if any(v is False for v in values):
            return False
        return None if any(v is None for v in values) else True

    def compile(self, exprs: list[pl.Expr], env: PolarsEnv) -> pl.Expr:
        out = exprs[0].cast(pl.Boolean)
        for e in exprs[1:]:
            out = out & e.cast(pl.Boolean)
        return out


class Or(Expr):
    def __init__(self, *items: Expr, label: str = ""):
        flat: list[Expr] = []
        for it in items:
            flat.extend(it.children if isinstance(it, Or) and not it.label else (it,))
        self.children = tuple(flat)
        self.label = label or "任一满足 / any of"

    def ev(self, env: Env) -> Any:
        unknown = False
        for c in self.children:
            v = c.ev(env)
            if v is True:
                return True
            if v is None:
                unknown = True
        return None if unknown else False

    def combine(self, values: list[Any], env: Env) -> Any:
        if any(v is True for v in values):
            return True
        return None if any(v is None for v in values) else False

    def compile(self, exprs: list[pl.Expr], env: PolarsEnv) -> pl.Expr:
        out = exprs[0].cast(pl.Boolean)
        for e in exprs[1:]:
            out = out | e.cast(pl.Boolean)
        return out


def all_of(*items: Expr, label: str = "") -> Expr:
    return And(*items, label=label)


def any_of(*items: Expr, label: str = "") -> Expr:
    return Or(*items, label=label)


class Not(Expr):
    def __init__(self, item: Expr, label: str = ""):
        self.children = (item,)
        self.label = label or "并非 / not"

    def combine(self, values: list[Any], env: Env) -> Any:
        return None if values[0] is None else not values[0]

    def compile(self, exprs: list[pl.Expr], env: PolarsEnv) -> pl.Expr:
        return ~exprs[0].cast(pl.Boolean)


# ---------------------------------------------------------------------------------------
# Arithmetic and comparison (integers, dates, strings)
# ---------------------------------------------------------------------------------------
_ARITH: dict[str, Callable[[Any, Any], Any]] = {
    "+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b, "//": lambda a, b: a // b,
}
_CMP: dict[str, Callable[[Any, Any], Any]] = {
    "<": lambda a, b: a < b, "<=": lambda a, b: a <= b, ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b, "==": lambda a, b: a == b, "!=": lambda a, b: a != b,
}


class Arith(Expr):
    def __init__(self, op: str, a: Expr, b: Expr, label: str = ""):
        self.op, self.children, self.label = op, (a, b), label or op

    def combine(self, values: list[Any], env: Env) -> Any:
        a, b = values
        if a is None or b is None:
            return None
        return _ARITH[self.op](a, b)

    def compile(self, exprs: list[pl.Expr], env: PolarsEnv) -> pl.Expr:
        return _ARITH[self.op](exprs[0], exprs[1])


class Compare(Expr):
    def __init__(self, op: str, a: Expr, b: Expr, label: str = ""):
        self.op, self.children, self.label = op, (a, b), label or op

    def combine(self, values: list[Any], env: Env) -> Any:
        a, b = values
        if a is None or b is None:
            return None
        return _CMP[self.op](a, b)

    def compile(self, exprs: list[pl.Expr], env: PolarsEnv) -> pl.Expr:
        return _CMP[self.op](exprs[0], exprs[1])


# Money, date and dated-parameter nodes live in expr_fns; importing them here keeps one namespace.
from .expr_fns import (  # noqa: E402
    Func,
    If,
    InCity,
    InConst,
    IsKnown,
    Max,
    Min,
    MonthsBetween,
    MulDiv,
    ParamAt,
    Scale,
    WithinMonths,
    city_of,
)

__all__ = [
    "AS_OF", "And", "Arith", "AsOf", "Compare", "Const", "Env", "Expr", "Fact", "Func", "If", "InConst", "InSet",
    "InCity", "IsKnown", "Lookup", "Max", "Min", "MonthsBetween", "MulDiv", "Not", "Or", "Param", "ParamAt", "PolarsEnv",
    "Scale", "Trace", "WithinMonths", "all_of", "any_of", "city_of", "lit",
]
