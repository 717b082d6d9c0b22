"""The place of a provision: the county whose city/county parameter values apply to a subject.

It is the place the provision's jurisdiction condition tests (e.g. 第19条's employer county
``person.work_adcode``): the first division-code fact of that condition. A local standard set
for 柯城区 thus applies to a graduate employed in 柯城区, whatever their residence.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from .expr import Env, Fact, PolarsEnv
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


def with_place(p: Provision, env: PolarsEnv) -> PolarsEnv:
    """Table: a copy of the env whose place is this provision's county column."""
    f = place_fact(p)
    place: Any = f.to_polars(env) if f is not None else None
    return replace(env, place=place)
