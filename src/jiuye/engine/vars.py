"""Rule-facing facts, generated from the input models (:mod:`jiuye.facts.models`) so there is one
declaration of each.

``P.graduation_date`` is the :class:`~jiuye.engine.expr.Fact` for ``person.graduation_date``;
an unknown attribute raises ``AttributeError`` when the rule module is imported. ``H`` holds the
history features (filled by :func:`jiuye.engine.history.feature`).

The facts layer knows nothing of the engine: the engine reads the models' field metadata here.
"""

from __future__ import annotations

import types
import typing
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel

from ..facts.models import Enterprise, Organisation, Person
from .expr import Fact

_SKIP = {"person_id", "enterprise_id", "organisation_id", "id_number", "name", "uscc"}


def _dtype(annotation: Any, field_name: str) -> tuple[str, tuple[str, ...] | None]:
    args = [a for a in typing.get_args(annotation) if a is not type(None)] or [annotation]
    base = args[0]
    if typing.get_origin(base) is Literal:
        return "str", tuple(typing.get_args(base))
    if base is bool:
        return "bool", None
    if base is int:
        return "int", None
    if base is date:
        return "date", None
    return "str", None


class Namespace:
    def __init__(self, model: type[BaseModel], prefix: str):
        self._prefix = prefix
        self._facts: dict[str, Fact] = {}
        for name, info in model.model_fields.items():
            if name in _SKIP:
                continue
            extra = info.json_schema_extra or {}
            assert isinstance(extra, dict)
            dtype, choices = _dtype(info.annotation, name)
            f = Fact(f"{prefix}.{name}", dtype, str(extra.get("label_zh", name)), str(extra.get("label_en", name)),
                     str(extra.get("question_zh", name)), str(extra.get("question_en", name)), choices)
            self._facts[name] = f
            setattr(self, name, f)

    def __getattr__(self, item: str) -> Fact:
        raise AttributeError(f"no fact {self._prefix}.{item}; declare it in jiuye.facts.models first")

    def all(self) -> list[Fact]:
        return list(self._facts.values())


P: Any = Namespace(Person, "person")
E: Any = Namespace(Enterprise, "enterprise")
O: Any = Namespace(Organisation, "organisation")  # noqa: E741
H: Any = types.SimpleNamespace()  # filled by jiuye.engine.history


def fact_by_name(name: str) -> Fact | None:
    prefix, _, field = name.partition(".")
    ns = {"person": P, "enterprise": E, "organisation": O}.get(prefix)
    if ns is not None:
        return ns._facts.get(field)
    if prefix == "hist":
        return getattr(H, field, None)
    return None
