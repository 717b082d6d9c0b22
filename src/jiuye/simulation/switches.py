"""Reading switches (docs/ambiguities.md) and the values each one can take."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import Any

from ..catalogue.registry import CATALOGUE
from ..engine.expr import Compare, Const, Param
from ..params.store import PARAMETERS


@cache
def reading_switches() -> frozenset[str]:
    """Every parameter that selects a reading: declared on provisions or in the register."""
    from ..catalogue.readings import register

    return frozenset(r.switch for r in register() if r.switch and r.switch in PARAMETERS)


def _exprs() -> Iterator[Any]:
    for p in CATALOGUE:
        yield p.amount
        yield p.max_duration_months
        for c in p.all_conditions():
            yield c.test
        for _, e in p.extras:
            yield e


@cache
def _compared() -> dict[str, set[Any]]:
    """Text switches compared with constants in the rules (``Param(x).eq("as_of")``)."""
    out: dict[str, set[Any]] = {}
    for e in _exprs():
        if e is None or isinstance(e, int):
            continue
        for n in e.walk():
            if isinstance(n, Compare) and n.op in ("==", "!="):
                a, b = n.children
                if isinstance(a, Param) and isinstance(b, Const):
                    out.setdefault(a.name, set()).add(b.value)
                elif isinstance(b, Param) and isinstance(a, Const):
                    out.setdefault(b.name, set()).add(a.value)
    return out


def switch_values(name: str) -> list[Any]:
    """The values a text switch can take (those the rules test, and its current ones); empty
    for switches of other units (a rate, a date, a list of counties), checked by their unit."""
    p = PARAMETERS[name]
    if p.unit != "text":
        return []
    values = set(_compared().get(name, set()))
    values |= {e.value for e in p.entries if isinstance(e.value, str)}
    return sorted(values, key=str)
