"""Shared pieces of 衢政发〔2023〕12号: namespace, Quzhou jurisdiction, groups used by several measures."""

from __future__ import annotations

from ...engine.dsl import Condition, Const, Expr, InCity, P, Param

NS = "quzhou_2023_12."
QUZHOU = "330800"
OVERLAP = "与我市现行政策有重复、交叉的，按照“从优、从高、不重复”原则执行。"
NON_PUBLIC = P.employer_ownership.is_in(("private", "other_non_public")).named("非公企业 / non-public employer")


def param(name: str, label: str | None = None) -> Param:
    return Param(NS + name, label)


def in_quzhou(place: Expr, clause: str, what_zh: str, what_en: str) -> Condition:
    return Condition(id="jurisdiction", label=(f"{what_zh}在衢州市", f"{what_en} in Quzhou"),
                     test=InCity(place, QUZHOU, label="属于衢州市 / in Quzhou"), cites=clause)


def anywhere(label: tuple[str, str], cites: str) -> Condition:
    """A jurisdiction that is the clause's own subject matter (e.g. recruits coming to Quzhou)."""
    return Condition(id="jurisdiction", label=label, test=Const(True, " / ".join(label)), cites=cites)
