"""The expression language, base: the node class, leaves, and the nodes Python operators build.

One declaration, two ways to run it.

A rule's conditions and amounts are trees of :class:`Expr`. Each node knows how to

- compute its value for one case in Python (``ev``), with ``None`` meaning "not known";
- explain itself (``trace``) as a tree of ``{name, value, children, parameters}``;
- compile to a Polars expression (``to_polars``) over a table of many subjects.

Unknowns follow three-valued (Kleene) logic in both paths: ``False & unknown`` is ``False``,
``True & unknown`` is unknown; arithmetic and comparisons with an unknown are unknown. Polars'
null semantics are the same, so the two paths agree (``tests/engine/test_parity.py``).

Money is integer fen; rates are exact fractions applied with half-up rounding to the fen.
Strings are never column names here: a fact is a declared :class:`Fact` (typos fail at import).

The operators on :class:`Expr` build :class:`And`, :class:`Or`, :class:`Not`, :class:`Arith`,
:class:`Compare` and :class:`InConst`, so those live here too; the other nodes are in the sibling
modules (logic, params, money, dates), all re-exported by :mod:`jiuye.engine.expr`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import polars as pl

from ..trace import Trace

PL_TYPES: dict[str, pl.DataType] = {
    "bool": pl.Boolean(), "int": pl.Int64(), "date": pl.Date(), "str": pl.Utf8(), "fen": pl.Int64(),
}


@dataclass
class Env:
    """What one evaluation sees: the case's facts, a parameter snapshot, the as-of date."""

    values: dict[str, Any]
    snapshot: Any  # jiuye.params.Snapshot
    as_of: date
    place: Any = None  # county code deciding city/county parameter values (the provision's place)


@dataclass
class PolarsEnv:
    snapshot: Any
    as_of: date
    columns: frozenset[str]
    place: Any = None  # Polars expression of the county code deciding city/county parameter values
    # when the place column was prepared once as an Enum (``jiuye.engine.place.prepare_places``):
    # its categories, so a local value is one gather by category code instead of a string replace
    place_codes: tuple[str, ...] | None = None
    places: Any = None  # fact name -> categories of the prepared place columns of this table
    place_key: str | None = None  # the place fact's name (``jiuye.engine.place.with_place``)
    # shared sub-expressions already computed as columns of the table (``jiuye.engine.shared``):
    # (id of the node, place_key) -> column name; a node found here compiles to that column
    memo: dict[tuple[int, str | None], str] | None = None
    ordinals: dict[str, str] | None = None  # date fact name -> its day-ordinal column (``expr.dates``)
    # columns already of their fact's type (a text fact held as Categorical/Enum included): read as they are
    native: frozenset[str] = frozenset()
    categorical: frozenset[str] = frozenset()  # the text fact columns held as Categorical/Enum
    # facts with one value for every row (a history feature with no ledger): name -> its literal, which
    # Polars folds at plan time (no column allocated and compared row by row)
    constants: Any = None


PLACE_PREFIX = "__place:"  # a place column prepared as an Enum (``jiuye.engine.place.prepare_places``)


def is_categorical(node: Expr, env: PolarsEnv) -> bool:
    """Does ``node`` compile to a Categorical/Enum column (a text fact held so)? String functions
    then work on its categories (``.cat.starts_with``), and a cast to text per row is avoided."""
    return isinstance(node, Fact) and node.name in env.categorical


_NOT_LITERAL = object()


def fold(e: pl.Expr) -> pl.Expr:
    """``e`` as one literal when it reads no column (a parameter compared with a constant, an
    as-of date's arithmetic): computed once here, so Polars plans and runs one value instead of a
    subtree. Nothing that depends on the table's rows or height is folded."""
    meta = e.meta
    if meta.is_literal() or meta.root_names():
        return e
    try:
        if not meta.is_scalar():
            return e
        s = pl.select(e).to_series()
    except pl.exceptions.PolarsError:
        return e
    if len(s) != 1 or s.dtype.is_nested() or s.dtype == pl.Object:
        return e
    return pl.lit(s[0], dtype=s.dtype) if s.dtype != pl.Null else pl.lit(None)


def literal_value(e: pl.Expr) -> Any:
    """The value of a one-value literal expression, else ``_NOT_LITERAL``."""
    meta = e.meta
    if not (meta.is_literal() and meta.is_scalar()):
        return _NOT_LITERAL
    return pl.select(e).item()


def lit(value: Any) -> Expr:
    return value if isinstance(value, Expr) else Const(value)


class Expr:
    """Base node. Subclasses define ``children``, ``combine`` (Python) and ``compile`` (Polars)."""

    label: str = ""
    children: tuple[Expr, ...] = ()
    # a node whose value is unknown whenever one of its children's is (``combine``): the type of
    # that unknown in the table path (``pl.Null()``: untyped), so a child known unknown at plan time
    # makes the node one literal; None for a node that may be known with an unknown child (And, If)
    null_type: pl.DataType | None = None

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
        if env.memo:
            name = env.memo.get((id(self), env.place_key))
            if name is not None:
                return pl.col(name)
        exprs = [c.to_polars(env) for c in self.children]
        if self.null_type is not None and any(literal_value(e) is None for e in exprs):
            return pl.lit(None, dtype=self.null_type)
        return fold(self.compile(exprs, env))

    def compile(self, exprs: list[pl.Expr], env: PolarsEnv) -> pl.Expr:  # pragma: no cover
        raise NotImplementedError

    # --- introspection -----------------------------------------------------------------
    def describe(self) -> str:
        return self.label or type(self).__name__

    def walk(self):
        yield self
        for c in self.children:
            yield from c.walk()

    def own_params(self) -> tuple[str, ...]:
        """The parameter names this node itself reads (not its children's)."""
        return ()

    def own_facts(self) -> tuple[Fact, ...]:
        """The declared facts this node itself is (a leaf fact returns itself)."""
        return ()

    def facts(self) -> list[Fact]:
        return [f for n in self.walk() for f in n.own_facts()]

    def params(self) -> list[str]:
        return [name for n in self.walk() for name in n.own_params()]

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

    def own_facts(self) -> tuple[Fact, ...]:
        return (self,)

    def trace(self, env: Env) -> Trace:
        return Trace(f"{self.label_zh} / {self.label_en}", self.ev(env), fact=self.name)

    def to_polars(self, env: PolarsEnv) -> pl.Expr:
        if env.constants and self.name in env.constants:
            return env.constants[self.name]
        if self.name in env.native:
            return pl.col(self.name)
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


# ---------------------------------------------------------------------------------------
# Operators: & | ~
# ---------------------------------------------------------------------------------------
def _boolean(e: pl.Expr) -> pl.Expr:
    """``e`` as Boolean: a cast only when ``e`` is not already a Boolean-typed literal."""
    return e if e.meta.is_literal() and literal_value(e) in (True, False) else e.cast(pl.Boolean)


class Junction(Expr):
    """``And`` / ``Or``: Kleene logic over any number of items; nested unlabelled ones flatten.

    ``decisive`` is the value that settles the result (``False`` for And, ``True`` for Or).
    """

    decisive: bool
    default_label: str

    def __init__(self, *items: Expr, label: str = ""):
        flat: list[Expr] = []
        for it in items:
            flat.extend(it.children if type(it) is type(self) and not it.label else (it,))
        self.children = tuple(flat)
        self.label = label or self.default_label

    def ev(self, env: Env) -> Any:
        decisive, unknown = self.decisive, False
        for c in self.children:
            v = c.ev(env)
            if v is decisive:
                return decisive
            if v is None:
                unknown = True
        return None if unknown else not decisive

    def combine(self, values: list[Any], env: Env) -> Any:
        if any(v is self.decisive for v in values):
            return self.decisive
        return None if any(v is None for v in values) else not self.decisive

    def compile(self, exprs: list[pl.Expr], env: PolarsEnv) -> pl.Expr:
        # literal items settled here: a decisive one decides, a neutral one drops out, one unknown
        # literal is kept (Kleene: it makes the result unknown unless some row's item decides)
        items, unknown = [], False
        for e in exprs:
            v = literal_value(e)
            if v is _NOT_LITERAL:
                items.append(e)
            elif v is None:
                unknown = True
            elif bool(v) is self.decisive:
                return pl.lit(self.decisive, dtype=pl.Boolean)
        if unknown:
            items.append(pl.lit(None, dtype=pl.Boolean))
        if not items:
            return pl.lit(not self.decisive, dtype=pl.Boolean)
        out = _boolean(items[0])
        for e in items[1:]:
            out = self._join(out, _boolean(e))
        return out

    @staticmethod
    def _join(a: pl.Expr, b: pl.Expr) -> pl.Expr:  # pragma: no cover - abstract
        raise NotImplementedError


class And(Junction):
    """All of the items (``a & b``): false if any is false, else unknown if any is unknown."""

    decisive = False
    default_label = "全部满足 / all of"

    @staticmethod
    def _join(a: pl.Expr, b: pl.Expr) -> pl.Expr:
        return a & b


class Or(Junction):
    """Any of the items (``a | b``): true if any is true, else unknown if any is unknown."""

    decisive = True
    default_label = "任一满足 / any of"

    @staticmethod
    def _join(a: pl.Expr, b: pl.Expr) -> pl.Expr:
        return a | b


class Not(Expr):
    null_type = pl.Boolean()
    def __init__(self, item: Expr, label: str = ""):
        self.children = (item,)
        self.label = label or "并非 / not"

    def combine(self, values: list[Any], env: Env) -> Any:
        return None if values[0] is None else not values[0]

    def compile(self, exprs: list[pl.Expr], env: PolarsEnv) -> pl.Expr:
        return ~_boolean(exprs[0])


# ---------------------------------------------------------------------------------------
# Operators: + - * // < <= > >= eq ne is_in (integers, dates, strings)
# ---------------------------------------------------------------------------------------
_ARITH: dict[str, Callable[[Any, Any], Any]] = {
    "+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b, "//": lambda a, b: a // b,
}
_CMP: dict[str, Callable[[Any, Any], Any]] = {
    "<": lambda a, b: a < b, "<=": lambda a, b: a <= b, ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b, "==": lambda a, b: a == b, "!=": lambda a, b: a != b,
}


class Arith(Expr):
    null_type = pl.Null()
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
    null_type = pl.Boolean()
    def __init__(self, op: str, a: Expr, b: Expr, label: str = ""):
        self.op, self.children, self.label = op, (a, b), label or op

    def combine(self, values: list[Any], env: Env) -> Any:
        a, b = values
        if a is None or b is None:
            return None
        return _CMP[self.op](a, b)

    def compile(self, exprs: list[pl.Expr], env: PolarsEnv) -> pl.Expr:
        a, b = self.children
        if self.op in ("==", "!=") and isinstance(b, Const) and type(b.value) is bool and _is_bool(a, env):
            # a Boolean compared with true / false: the value itself or its negation (null stays null)
            return exprs[0] if (b.value is True) == (self.op == "==") else ~exprs[0]
        return _CMP[self.op](exprs[0], exprs[1])


def _is_bool(node: Expr, env: PolarsEnv) -> bool:
    """Is ``node`` a Boolean fact read as Boolean (a native column, or cast to Boolean)?"""
    return isinstance(node, Fact) and node.dtype == "bool"


class InConst(Expr):
    """Membership in a fixed list of values (``fact.is_in((...))``)."""

    null_type = pl.Boolean()

    def __init__(self, a: Expr, values: tuple[Any, ...], label: str = ""):
        self.children, self.values = (a,), values
        self.label = label or f"∈ {list(values)}"

    def combine(self, values: list[Any], env: Env) -> Any:
        return None if values[0] is None else values[0] in self.values

    def compile(self, exprs: list[pl.Expr], env: PolarsEnv) -> pl.Expr:
        return exprs[0].is_in(list(self.values))  # (an unknown value gives unknown: null stays null)


class Func(Expr):
    """An escape hatch with both implementations declared side by side.

    ``py`` receives known argument values (the result is unknown if any argument is unknown);
    ``polars`` receives the compiled argument expressions. The parity test covers every Func.
    """

    null_type = pl.Null()

    def __init__(self, label: str, py: Callable[..., Any], polars: Callable[..., pl.Expr], *args: Any):
        self.label, self.py, self.polars = label, py, polars
        self.children = tuple(lit(a) for a in args)

    def combine(self, values: list[Any], env: Env) -> Any:
        if any(v is None for v in values):
            return None
        return self.py(*values)

    def compile(self, exprs: list[pl.Expr], env: PolarsEnv) -> pl.Expr:
        return self.polars(*exprs)
