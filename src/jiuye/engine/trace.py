"""Explanation trees: ``{name, value, children, parameters, fact}``."""

from __future__ import annotations

from datetime import date
from fractions import Fraction
from typing import Any


class Trace:
    """A node of an explanation tree: ``{name, value, children, parameters, fact}``."""

    __slots__ = ("name", "value", "children", "parameters", "fact")

    def __init__(self, name: str, value: Any, children: list[Trace] | None = None,
                 parameters: list[dict[str, Any]] | None = None, fact: str | None = None):
        self.name, self.value, self.fact = name, value, fact
        self.children = children if children is not None else []
        self.parameters = parameters if parameters is not None else []

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name, "value": _jsonable(self.value)}
        if self.fact:
            out["fact"] = self.fact
        if self.parameters:
            out["parameters"] = self.parameters
        if self.children:
            out["children"] = [c.to_dict() for c in self.children]
        return out


def _jsonable(v: Any) -> Any:
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, Fraction):
        return str(v)
    if isinstance(v, frozenset | set):
        return sorted(v)
    return v
