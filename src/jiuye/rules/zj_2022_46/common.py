"""Shared pieces of 浙人社发〔2022〕46号: the parameter namespace and small condition builders."""

from __future__ import annotations

from ...engine.dsl import Const, Param

NS = "zj_2022_46."
ALWAYS = Const(True, "全省适用 / province-wide")


def param(name: str, label: str | None = None) -> Param:
    return Param(NS + name, label)
