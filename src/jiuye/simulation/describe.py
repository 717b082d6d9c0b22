"""A reform in words: each change with its Chinese label, today's value and clause, the new value,
where and from when; and, for each provision whose figures change, why (the clause behind it).
No parameter ids, fen or expressions: this is what pages and the Excel show."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any

from ..catalogue.registry import CATALOGUE
from ..money import fen_to_yuan
from ..params.store import PARAMETERS
from ..params.units import days_text
from ..refdata.divisions import name_of
from .places import resolve_places
from .reform import Compiled, ParameterValue
from .runner import parameters_read

UNIT_SUFFIX = {"months": "个月", "years": "年", "count": "", "bp": "个基点"}
MOUNTAIN_COUNT = 26


def format_value(name: str, value: Any) -> str:
    """A converted parameter value in words (元, 个月, 倍, county names…)."""
    p = PARAMETERS[name]
    if value is None:
        return "未设定"
    if isinstance(value, dict):
        parts = [f"{name_of(k) or k}：{format_value_unit(p.unit, v)}" for k, v in sorted(value.items())]
        return "；".join(parts[:6]) + (f" 等{len(parts)}项" if len(parts) > 6 else "") if parts else "未设定"
    return format_value_unit(p.unit, value)


def format_value_unit(unit: str, value: Any) -> str:
    if value is None:
        return "未设定"
    if unit == "yuan":
        return f"{fen_to_yuan(value):,.2f}元".replace(".00元", "元")
    if unit == "rate" and isinstance(value, Fraction):
        d = (Decimal(value.numerator) / Decimal(value.denominator)).normalize()
        return f"{d * 100:f}%" if value < 1 else f"{d:f}倍"
    if unit == "days":
        return days_text(value)
    if unit == "adcodes":
        codes = sorted(value)
        if not codes:
            return "无"
        shown = "、".join(name_of(c) or c for c in codes[:8])
        return shown + (f"等{len(codes)}个县（市、区）" if len(codes) > 8 else "")
    if unit == "bool":
        return "是" if value else "否"
    if isinstance(value, date):
        return f"{value.year}年{value.month}月{value.day}日"
    return f"{value}{UNIT_SUFFIX.get(unit, '')}"


def places_zh(spec: Any, as_of: date) -> str:
    codes = resolve_places(spec, as_of)
    if codes is None:
        return "全省"
    if isinstance(spec, str) and spec in ("mountain", "山区县", "山区26县"):
        return "山区26县"
    return format_value_unit("adcodes", codes)


@dataclass
class Change:
    label_zh: str
    what: str  # 参数 / 理解 / 县级选项
    today: str
    new: str
    where: str
    since: str
    clause: str  # the clause of today's value
    provisions: list[str]  # citations of the provisions that read it


def _since(pv_from: date | None) -> str:
    return "模拟期间起" if pv_from is None else f"{pv_from.year}年{pv_from.month}月{pv_from.day}日起"


def _new_value(name: str, pv: ParameterValue) -> str:
    p = PARAMETERS[name]
    if p.by is not None and not isinstance(pv.value, dict):
        value = PARAMETERS.convert(name, {"000000": pv.value})["000000"]
        return format_value_unit(p.unit, value)
    return format_value(name, PARAMETERS.convert(name, pv.value))


def readers(name: str) -> list[str]:
    seen: list[str] = []
    for p in CATALOGUE:
        if name in parameters_read(p) and p.citation not in seen:
            seen.append(p.citation)
    return seen


def changes(compiled: Compiled, as_of: date) -> list[Change]:
    """Every change of the reform, in words, against today's value as of ``as_of``."""
    out: list[Change] = []
    reform = compiled.reform
    for kind, items in (("参数", reform.parameters), ("理解", reform.readings)):
        for name, values in items.items():
            p = PARAMETERS[name]
            entry = p.entry_at(as_of)
            for pv in values:
                out.append(Change(p.label_zh, kind, format_value(name, p.value_at(as_of)), _new_value(name, pv),
                                  places_zh(pv.counties, as_of), _since(pv.from_), entry.source if entry else "",
                                  readers(name)))
    for name, options in reform.county_options.items():
        p = PARAMETERS[name]
        entry = p.entry_at(as_of)
        for opt in options:
            verb = {"add": "增加", "remove": "移除", "set": "改为"}[opt.mode]
            out.append(Change(p.label_zh, "县级选项", format_value(name, p.value_at(as_of)),
                              f"{verb}：{places_zh(opt.counties, as_of)}", places_zh(opt.counties, as_of),
                              _since(opt.from_), entry.source if entry else "", readers(name)))
    for pid in reform.provisions_off:
        prov = CATALOGUE.provisions[pid]
        out.append(Change(prov.title_zh, "停止执行", "执行", "停止执行", "全省", "模拟期间起", prov.citation,
                          [prov.citation]))
    return out


def why_changed(compiled: Compiled, provision_id: str) -> str:
    """Why a provision's figures can change: the changed parameters it reads (by label), or the
    rule that ties it to one that does."""
    prov = CATALOGUE.provisions[provision_id]
    if provision_id in compiled.provisions_off:
        return "该政策在方案中停止执行"
    read = sorted(parameters_read(prov) & compiled.changed_parameters)
    if read:
        return "、".join(PARAMETERS[n].label_zh for n in read)
    if prov.stacking_group:
        return "与调整的政策从优从高、不重复享受"
    return "享受次数上限计入调整的政策"
