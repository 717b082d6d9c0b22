"""The place of a provision: the county whose city/county parameter values apply to a subject.

It is the place the provision's jurisdiction condition tests (e.g. 第19条's employer county
``person.work_adcode``): the first division-code fact of that condition. A local standard set
for 柯城区 thus applies to a graduate employed in 柯城区, whatever their residence.

Table path: when any parameter the provisions read has a city or county value, each place column
is prepared once per table as an ``Enum`` over the codes the table holds (``prepare_places``);
a parameter node then resolves its value once per code (a hundred codes, not a million rows) and
takes it for every row with one gather on the category index (``expr.params.local_column``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from functools import cache
from typing import Any

import polars as pl

from ..refdata.divisions import divisions_frame
from .expr import Env, Fact, PolarsEnv
from .expr.base import PLACE_PREFIX
from .provision import Provision

_PLACES: dict[int, Fact | None] = {}


def place_fact(p: Provision) -> Fact | None:
    try:
        return _PLACES[id(p)]
    except KeyError:
        found = next((f for f in p.jurisdiction.test.facts() if f.dtype == "str" and f.name.endswith("adcode")), None)
        _PLACES[id(p)] = found
        return found


def env_at_place(p: Provision, env: Env) -> Env:
    """Single case: the env for this provision, at its place (a copy sharing the case's values, so
    explanations built later still see the place they were computed at)."""
    f = place_fact(p)
    place = env.values.get(f.name) if f is not None else None
    return env if place == env.place else replace(env, place=place)


def prepare_places(frame: pl.DataFrame, provisions: Iterable[Provision], snapshot: Any,
                   params: Iterable[str]) -> tuple[pl.DataFrame, dict[str, tuple[str, ...]]]:
    """Add one ``Enum`` column per place fact the provisions use (``__place:<fact>``), when some
    parameter in ``params`` has a city or county value on the snapshot's date. Returns the frame
    and the categories of each prepared column (fact name -> codes)."""
    if not any(snapshot.local_map(n) for n in set(params) if n in snapshot.store):
        return frame, {}
    facts = {f.name for f in (place_fact(p) for p in provisions) if f is not None and f.name in frame.columns}
    if not facts:
        return frame, {}
    cols, places = [], {}
    for name in sorted(facts):
        col = frame.get_column(name).cast(pl.Utf8)
        codes = _division_codes()
        enum = col.cast(pl.Enum(codes), strict=False)
        if enum.null_count() != col.null_count():  # a code outside the division table: its own categories
            codes = tuple(col.drop_nulls().unique().sort().to_list())
            enum = col.cast(pl.Enum(codes))
        cols.append(enum.alias(PLACE_PREFIX + name))
        places[name] = codes
    return frame.with_columns(cols), places


@cache
def _division_codes() -> tuple[str, ...]:
    """Every Zhejiang division code, current and retired (the usual categories of a place column)."""
    return tuple(sorted(divisions_frame().get_column("code").to_list()))


def with_place(p: Provision, env: PolarsEnv) -> PolarsEnv:
    """Table: a copy of the env whose place is this provision's county column (its prepared
    ``Enum`` column when there is one)."""
    f = place_fact(p)
    if f is not None and env.places and f.name in env.places:
        return replace(env, place=pl.col(PLACE_PREFIX + f.name), place_codes=env.places[f.name], place_key=f.name)
    place: Any = f.to_polars(env) if f is not None else None
    return replace(env, place=place, place_codes=None, place_key=f.name if f is not None else None)
