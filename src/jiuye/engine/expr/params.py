"""Parameter nodes: scalar, keyed, set membership, dated, latest published.

Every node here names the parameter it reads (``own_params``), so the catalogue can check each
name against the parameter store when it is built.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import polars as pl

from ..trace import Trace, _jsonable
from .base import PL_TYPES, PLACE_PREFIX, Const, Env, Expr, Fact, PolarsEnv, is_categorical


def _param_info(env: Env, name: str, value: Any, key: Any = None) -> dict[str, Any]:
    """A parameter's explanation: its value (for ``key`` when keyed), from when and its source.
    A keyed value maintained for the key itself (a county's approved minimum-wage tier) is cited
    with that county, its own date, source and version, as a local value is (``resolved``)."""
    entry, own = env.snapshot.entry(name), None
    info: dict[str, Any] = {"name": name, "value": _jsonable(value)}
    if key is not None:
        info["key"] = key
        own = _own_keyed_entry(env, name, value, key)
    if name in env.snapshot.overridden:
        info["source"] = "override / 人工设定"
    elif own is not None:
        info.update({"from": own.start.isoformat(), "source": own.source, "jurisdiction": own.jurisdiction})
        if own.version:
            info["version"] = own.version
    elif entry is not None:
        info["from"] = entry.start.isoformat()
        info["source"] = entry.source
    if value is None:
        info["not_known"] = True
    return info


def _own_keyed_entry(env: Env, name: str, value: Any, key: Any) -> Any:
    """The entry maintained for ``key`` itself (``Parameter.keyed_at``) when it gives ``value``;
    None when the value comes from the bundled mapping (or is overridden, or not known)."""
    snap = env.snapshot
    if value is None or str(key) not in snap.local_map(name):  # (the map is empty when overridden)
        return None
    got, entry = snap.store[name].keyed_at(snap.as_of, str(key))
    return entry if entry is not None and entry.jurisdiction and got == value else None


def local_column(env: PolarsEnv, name: str, dtype: pl.DataType, default: Any,
                 convert: Callable[[Any], Any] = lambda v: v) -> pl.Expr | None:
    """The value of parameter ``name`` for each row's place (county value, else city value, else
    ``default``), or None when the parameter has no city or county value on this date.
    ``convert`` maps a resolved value to the column's scalar (e.g. a rate to its numerator)."""
    snap = env.snapshot
    local = snap.local_map(name)
    if not local:
        return None
    if env.place is None:
        return pl.lit(None, dtype=dtype)

    def conv(v: Any) -> Any:
        return None if v is None else convert(v)

    if env.place_codes is not None:  # one value per category, one gather for every row
        if not env.place_codes:
            return pl.lit(None, dtype=dtype)
        values = pl.Series([conv(snap.resolve(name, c)[0]) for c in env.place_codes], dtype=dtype)
        return pl.lit(values).gather(env.place.to_physical())
    place = env.place.cast(pl.Utf8)
    counties = {c: conv(e.value) for c, e in local.items() if not c.endswith("00")}
    cities = {c: conv(e.value) for c, e in local.items() if c.endswith("00")}
    parts = []
    if counties:
        parts.append(place.replace_strict(list(counties), list(counties.values()), default=None, return_dtype=dtype))
    if cities:
        city = place.str.slice(0, 4) + pl.lit("00")
        parts.append(city.replace_strict(list(cities), list(cities.values()), default=None, return_dtype=dtype))
    base = pl.lit(conv(default), dtype=dtype)
    return pl.when(place.is_null()).then(pl.lit(None, dtype=dtype)).otherwise(pl.coalesce([*parts, base]))


def resolved(env: Env, name: str) -> tuple[Any, dict[str, Any]]:
    """The value of ``name`` at the env's place and its explanation: the county's or city's own
    value (with its area, date, source and version) when one is in force, else the province-wide one."""
    if not env.snapshot.local_map(name):
        v = env.snapshot.get(name)
        return v, _param_info(env, name, v)
    v, entry, code = env.snapshot.resolve(name, env.place)
    info: dict[str, Any] = {"name": name, "value": _jsonable(v)}
    if entry is not None:
        info.update({"from": entry.start.isoformat(), "source": entry.source})
        if code is not None:
            info["jurisdiction"] = code
        if entry.version:
            info["version"] = entry.version
    if v is None:
        info["not_known"] = True
    return v, info


class Param(Expr):
    """A scalar parameter resolved from the as-of snapshot. Rates become exact fractions."""

    def __init__(self, name: str, label: str | None = None):
        self.name = name
        self.label = label or name

    def own_params(self) -> tuple[str, ...]:
        return (self.name,)

    def ev(self, env: Env) -> Any:
        if env.snapshot.local_map(self.name):
            return env.snapshot.resolve(self.name, env.place)[0]
        return env.snapshot.get(self.name)

    def trace(self, env: Env) -> Trace:
        v, info = resolved(env, self.name)
        return Trace(self.describe(), v, parameters=[info])

    def to_polars(self, env: PolarsEnv) -> pl.Expr:
        v = env.snapshot.get(self.name)
        unit = env.snapshot.store[self.name].unit
        dtype = {"date": pl.Date, "bool": pl.Boolean, "text": pl.Utf8}.get(unit, pl.Int64)
        local = local_column(env, self.name, dtype, v)
        if local is not None:
            return local
        return Const(v).to_polars(env) if v is not None else pl.lit(None, dtype=dtype)


class Lookup(Expr):
    """A keyed parameter looked up by the value of ``key`` (e.g. county → tier)."""

    def __init__(self, name: str, key: Expr, dtype: str = "int", label: str | None = None):
        self.name, self.dtype = name, dtype
        self.children = (key,)
        self.label = label or name

    def own_params(self) -> tuple[str, ...]:
        return (self.name,)

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
        coded = self.per_code(env)
        if coded is not None:  # one value per category of the prepared place column, one gather for every row
            column, values = coded
            return pl.lit(pl.Series(values).cast(dtype)).gather(column.to_physical())
        keys = list(mapping)
        vals = [mapping[k] for k in keys]
        if is_categorical(self.children[0], env):  # Categorical/Enum as held, no cast to text per row
            # the keys as the column's type; a key an Enum does not hold (null) is dropped with its value
            old = pl.lit(pl.Series(keys, dtype=pl.Utf8)).cast(pl.dtype_of(exprs[0]), strict=False)
            held = old.is_not_null()
            return exprs[0].replace_strict(old.filter(held), pl.lit(pl.Series(vals)).filter(held),
                                           default=None, return_dtype=dtype)
        key = self.children[0]
        if isinstance(key, Fact) and key.dtype == "int":  # an integer key compared as an integer, no text per row:
            # the row path looks up str(key), so only the keys that are an integer's own text can match
            ints = {int(k): v for k, v in mapping.items() if isinstance(k, str) and k.lstrip("-").isdigit()
                    and str(int(k)) == k}
            if not ints:
                return pl.lit(None, dtype=dtype)
            return exprs[0].cast(pl.Int64).replace_strict(list(ints), list(ints.values()), default=None,
                                                          return_dtype=dtype)
        return exprs[0].cast(pl.Utf8).replace_strict(keys, vals, default=None, return_dtype=dtype)

    def per_code(self, env: PolarsEnv) -> tuple[pl.Expr, list[Any]] | None:
        """When the key is a place column prepared as an Enum (``jiuye.engine.place``), or a lookup of
        one (county → tier → wage): that column and the value for each of its categories, resolved
        once per code as the row path does (``combine``); else None."""
        key = self.children[0]
        if isinstance(key, Lookup):
            inner = key.per_code(env)
            if inner is None or not all(_plain_key(v, key.dtype) for v in inner[1]):
                return None
            column, keys = inner
        elif isinstance(key, Fact) and env.places and key.name in env.places:

            column, keys = pl.col(PLACE_PREFIX + key.name), list(env.places[key.name])
        else:
            return None
        snap = env.snapshot
        return column, [snap.lookup(self.name, k) for k in keys]


def _plain_key(value: Any, dtype: str) -> bool:
    """A value the table path turns into the same text key as the row path (``str``): text, or an
    integer of an integer column (not a bool, whose text differs: "true" against "True")."""
    if value is None:
        return True
    if dtype == "str":
        return isinstance(value, str)
    return dtype in ("int", "fen") and isinstance(value, int) and not isinstance(value, bool)


ADOPTED = "本县已采用 / adopted by this county"
NOT_ADOPTED = "本县未采用 / not adopted by this county"


def option_info(env: Env, name: str, county: str, adopted: bool) -> dict[str, Any]:
    """A county option in words: adopted or not adopted by this county (never "unknown": an
    option nobody recorded is not adopted), citing the county's own dated decision when there is one."""
    info: dict[str, Any] = {"name": name, "value": ADOPTED if adopted else NOT_ADOPTED,
                            "option": "adopted" if adopted else "not_adopted", "county": county}
    decided = env.snapshot.store[name].local_at(env.as_of).get(county) if name not in env.snapshot.overridden else None
    entry = decided or env.snapshot.entry(name)
    if name in env.snapshot.overridden:
        info["source"] = "override / 人工设定"
    elif entry is not None:
        info.update({"from": entry.start.isoformat(), "source": entry.source})
        if decided is not None:
            info["jurisdiction"] = county
            if decided.version:
                info["version"] = decided.version
    return info


class InSet(Expr):
    """Membership of a value in a parameter set (e.g. a county in the 山区县 list)."""

    null_type = pl.Boolean()

    def __init__(self, key: Expr, name: str, label: str | None = None):
        self.name = name
        self.children = (key,)
        self.label = label or f"in {name}"

    def own_params(self) -> tuple[str, ...]:
        return (self.name,)

    def combine(self, values: list[Any], env: Env) -> Any:
        members = env.snapshot.get(self.name)
        if values[0] is None or members is None:
            return None
        return values[0] in members

    def trace(self, env: Env) -> Trace:
        kid = self.children[0].trace(env)
        v = self.combine([kid.value], env)
        members = env.snapshot.get(self.name)
        param = env.snapshot.store[self.name]
        if param.county_option and v is not None:
            return Trace(self.describe(), v, [kid], [option_info(env, self.name, str(kid.value), v)])
        info = _param_info(env, self.name, None if members is None else f"{len(members)} codes")
        return Trace(self.describe(), v, [kid], [info])

    def compile(self, exprs: list[pl.Expr], env: PolarsEnv) -> pl.Expr:
        members = env.snapshot.get(self.name)
        if members is None:
            return pl.lit(None, dtype=pl.Boolean)
        if is_categorical(self.children[0], env):  # membership on the categories; null stays null
            return exprs[0].is_in(sorted(members))
        return exprs[0].cast(pl.Utf8).is_in(sorted(members))  # (null stays null)


class ParamAt(Expr):
    """A dated parameter's value at a date given by a fact (e.g. the LPR on the contract date)."""

    def __init__(self, name: str, when: Expr, dtype: str = "int", label: str | None = None):
        self.name, self.dtype = name, dtype
        self.children = (when,)
        self.label = label or f"{name} @ date"

    def own_params(self) -> tuple[str, ...]:
        return (self.name,)

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


class LatestKeyed(Expr):
    """The value of a year-keyed parameter for the latest key known on the as-of date."""

    def __init__(self, name: str, label: str = "") -> None:
        self.name = name
        self.label = label or f"{name} (latest published)"

    def own_params(self) -> tuple[str, ...]:
        return (self.name,)

    def _pick(self, snapshot: Any) -> tuple[str | None, Any]:
        mapping = snapshot.get(self.name) or {}
        if not mapping:
            return None, None
        key = max(mapping)
        return key, mapping[key]

    def ev(self, env: Env) -> Any:
        return self._pick(env.snapshot)[1]

    def trace(self, env: Env) -> Trace:
        key, v = self._pick(env.snapshot)
        return Trace(self.describe(), v, parameters=[_param_info(env, self.name, v, key)])

    def to_polars(self, env: PolarsEnv) -> pl.Expr:
        return pl.lit(self._pick(env.snapshot)[1], dtype=pl.Int64)
