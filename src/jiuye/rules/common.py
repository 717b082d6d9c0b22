"""Small helpers for declaring provisions tersely (``yes``, ``no``, ``TRUE`` are the engine's, from
:mod:`jiuye.engine.dsl`)."""

from __future__ import annotations

from typing import Any

from ..engine.dsl import TRUE, Condition, Expr, InSet, city_of, no, yes

MOUNTAIN = "zj_2021_22.mountain_counties"
MOUNTAIN_DEFINITION = ("本意见的“山区县”指衢州、丽水两市的所辖县（市、区），以及淳安、永嘉、文成、平阳、泰顺、苍南、武义、"
                       "磐安、天台、仙居、三门等县市。")


def in_mountain_county(place: Expr, clause: str, what_zh: str = "", what_en: str = "") -> Condition:
    return Condition(id="jurisdiction", label=(f"{what_zh}在山区县", f"{what_en} in a mountain county"),
                     test=InSet(place, MOUNTAIN, label="属于山区26县 / in the 26 mountain counties"),
                     cites=clause + " ｜ 浙人社发〔2021〕22号：" + MOUNTAIN_DEFINITION)


def in_city(place: Expr, city_code: str, city_zh: str, clause: str, what_zh: str = "", what_en: str = "") -> Condition:
    return Condition(id="jurisdiction", label=(f"{what_zh}在{city_zh}", f"{what_en} in {city_code}"),
                     test=city_of(place).eq(city_code).named(f"属于{city_zh} / in {city_code}"), cites=clause)


def not_yet_received(count: Expr, limit: Any, cites: str, *,
                     label: tuple[str, str] = ("此前未享受过", "not received before"),
                     id: str = "not_received_before") -> Condition:
    """A history cap: fewer than ``limit`` grants of this benefit so far (一次性 = limit 1)."""
    return Condition(id=id, label=label, test=(count < limit).named(" / ".join(label)), cites=cites)


__all__ = ["MOUNTAIN", "MOUNTAIN_DEFINITION", "TRUE", "in_city", "in_mountain_county", "no", "not_yet_received", "yes"]
