"""Shared pieces of 浙人社发〔2022〕46号: the parameter namespace and small condition builders."""

from __future__ import annotations

from typing import Any

from ...engine.expr import Const, Expr, Param
from ...engine.provision import Condition

NS = "zj_2022_46."
ALWAYS = Const(True, "全省适用 / province-wide")


def param(name: str, label: str | None = None) -> Param:
    return Param(NS + name, label)


def not_yet_received(count: Expr, limit: Any, clause: str, label_zh: str = "此前未享受过",
                     label_en: str = "not received before", id: str = "not_received_before") -> Condition:
    """A history cap: fewer than ``limit`` grants of this benefit so far (一次性 = limit 1)."""
    return Condition(id=id, label=(label_zh, label_en),
                     test=(count < limit).named(f"{label_zh} / {label_en}"), cites=clause)
