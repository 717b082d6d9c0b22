"""The reform form of the simulation page: the common parameters as fields (Chinese label, today's
value and its clause), bundled presets that fill them, and the form turned into a reform.
Field names are neutral keys: no parameter id reaches the page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from importlib import resources
from typing import Any

import yaml

from ..dates import parse_date
from ..errors import InputError, ParameterError
from ..params.store import PARAMETERS
from .describe import format_value
from .reform import Problem, Reform, ReformInvalid, parse_reform

YEAR_CHOICES = {"2024-2025": [2024, 2025], "2024-2026": [2024, 2025, 2026], "2025": [2025], "2025-2026": [2025, 2026]}
DEFAULT_YEARS = "2024-2025"
PRESETS = ("no_change", "art24_cap_30000")


@dataclass(frozen=True)
class FormField:
    key: str
    param: str
    kind: str  # number | date | select | opt_in
    unit_zh: str = ""
    hint_zh: str = ""
    hint_en: str = ""
    choices: tuple[tuple[str, str, str], ...] = ()  # (value, 中文, English)


FIELDS = (
    FormField("art24_cap", "zj_2022_46.art24.annual_cap", "number", "元",
              "山区县创业带动就业补贴每年最高（第23条再次创业同此标准）",
              "Startup-driven employment subsidy in a mountain county: yearly maximum"),
    FormField("art24_months", "zj_2022_46.art24.max_months", "number", "个月", "该补贴最长期限",
              "Longest duration of that subsidy"),
    FormField("art24_uplift", "zj_2022_46.art24.uplift", "select", "", "电子商务和主导产业的补贴标准上浮",
              "Uplift for e-commerce and leading industries",
              (("6/5", "上浮20%", "+20%"), ("1", "不上浮", "no uplift"))),
    FormField("qz_per_hire", "quzhou_2023_12.qi.per_hire_annual", "number", "元",
              "衢州创业带动就业补贴每带动1人每年", "Quzhou: per insured hire per year"),
    FormField("qz_cap", "quzhou_2023_12.qi.annual_cap", "number", "元", "衢州创业带动就业补贴每年最高",
              "Quzhou: yearly maximum"),
    FormField("qz_graduate_si", "quzhou_2023_12.san.graduate_si_subsidy", "number", "元",
              "在衢非公企业就业高校毕业生第一年社会保险补贴", "Quzhou: first-year social insurance subsidy"),
    FormField("grad_window", "zj_2021_22.qi.opted_in_counties", "opt_in", "",
              "山区26县全部将高校毕业生享受创业扶持的毕业年限放宽至10年",
              "Every mountain county widens the graduate window for startup support to 10 years"),
    FormField("hz_effective", "hz_2022_draft.effective_date", "date", "",
              "杭州征求意见稿施行日期（留空即未施行，不计成本）",
              "Hangzhou draft's effective date (blank: not in force, no cost)"),
)
BY_KEY = {f.key: f for f in FIELDS}


def field_view(f: FormField, as_of: date) -> dict[str, Any]:
    """What the page shows for a field: label, today's value in words, its clause, the input value."""
    p = PARAMETERS[f.param]
    entry = p.entry_at(as_of)
    value = p.value_at(as_of)
    raw: Any = "" if entry is None or entry.raw is None else entry.raw
    if f.kind == "opt_in":
        raw = ""
    return {"key": f.key, "kind": f.kind, "label_zh": p.label_zh, "label_en": p.label_en, "unit_zh": f.unit_zh,
            "hint_zh": f.hint_zh, "hint_en": f.hint_en, "choices": f.choices, "current": format_value(f.param, value),
            "current_raw": str(raw), "source": entry.source if entry else "", "reference": p.reference or ""}


def preset(name: str) -> dict[str, Any]:
    if name not in PRESETS:
        raise ReformInvalid([Problem("preset", "没有这个预设方案", f"unknown preset {name!r}")])
    text = resources.files(__package__).joinpath("presets", f"{name}.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def preset_values(data: dict[str, Any]) -> dict[str, str]:
    """Form values (by key) that a preset sets; its first ``from`` date as ``since``."""
    out: dict[str, str] = {}
    by_param = {f.param: f for f in FIELDS}
    for section in ("parameters", "readings"):
        for name, values in (data.get(section) or {}).items():
            items = values if isinstance(values, list) else [values]
            first = items[0] if items else None
            f = by_param.get(name)
            if f is None or first is None:
                continue
            out[f.key] = str(first["value"] if isinstance(first, dict) else first)
            if isinstance(first, dict) and first.get("from"):
                out["since"] = str(first["from"])
    for name in data.get("county_options") or {}:
        f = by_param.get(name)
        if f is not None:
            out[f.key] = "on"
    return out


def reform_from_form(form: dict[str, str], as_of: date) -> Reform:
    """The reform the form describes: a field left at today's value (or blank) is no change.
    Errors name the field by its Chinese label."""
    since = (form.get("since") or "").strip() or None
    params: dict[str, Any] = {}
    options: dict[str, Any] = {}
    problems: list[Problem] = []
    if since is not None:
        try:
            since = parse_date(since, field="since").isoformat()
        except InputError:
            problems.append(Problem("since", f"调整起始日期“{since}”无效，应为 YYYY-MM-DD",
                                    f"start date {since!r} is not a date (YYYY-MM-DD)"))
            since = None
    for f in FIELDS:
        raw = (form.get(f.key) or "").strip().replace(",", "").replace("，", "")
        p = PARAMETERS[f.param]
        label = p.label_zh
        if f.kind == "opt_in":
            if raw in ("on", "true", "1"):
                options[f.param] = {"counties": "mountain", "mode": "add", **({"from": since} if since else {})}
            continue
        if not raw:
            continue
        if f.kind == "select" and raw not in {c[0] for c in f.choices}:
            problems.append(Problem(f.key, f"{label}：请选择列出的选项", f"{p.label_en}: choose one of the options"))
            continue
        try:
            value = PARAMETERS.convert(f.param, raw if f.kind != "number" else _number(raw))
        except (ParameterError, ValueError):
            problems.append(Problem(f.key, f"{label}：“{raw}”不是有效的{f.unit_zh or '取值'}",
                                    f"{p.label_en}: {raw!r} is not a valid value"))
            continue
        if f.kind == "number" and isinstance(value, int) and value < 0:
            problems.append(Problem(f.key, f"{label}：不能为负数", f"{p.label_en}: must not be negative"))
            continue
        if value == p.value_at(as_of):
            continue
        params[f.param] = [{"value": raw if f.kind != "number" else _number(raw), **({"from": since} if since else {})}]
    if problems:
        raise ReformInvalid(problems)
    name = (form.get("name") or "").strip() or "自定义方案"
    data = {"name": name[:200], "description": (form.get("description") or "").strip()[:2000],
            "parameters": params, "county_options": options}
    return parse_reform(data)


def _number(raw: str) -> str:
    text = raw.strip()
    if not text.replace(".", "", 1).isdigit():
        raise ValueError(raw)
    return text
