"""Parameters for people and for the API: values in their units, over time, with sources.

Money parameters are stored as fen; here they are shown and served in yuan with two decimals
(strings), like every amount of the API. Rates are exact fractions (``"2/3"``), basis points stay
basis points with a percentage beside them.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from fractions import Fraction
from typing import Any

from ..money import fen_to_yuan
from ..params.store import PARAMETERS, Parameter
from ..params.units import days_text, exact_decimal, number_text

NUMERIC_UNITS = {"yuan", "fen", "bp", "rate", "count", "days", "months", "years"}
FEATURED = ("external.minimum_wage.monthly", "external.lpr.one_year")


def _scalar_json(unit: str, v: Any) -> Any:
    if v is None:
        return None
    if unit == "yuan":
        return str(fen_to_yuan(v))
    if unit == "days" and isinstance(v, Fraction) and exact_decimal(v):
        return number_text(v)  # 21.75 days, not 87/4 (a whole number of days stays a number)
    if isinstance(v, Fraction):
        return str(v)
    if isinstance(v, frozenset | set):
        return sorted(v)
    if isinstance(v, date):
        return v.isoformat()
    return v


def value_json(param: Parameter, v: Any) -> Any:
    if isinstance(v, Mapping):
        return {str(k): _scalar_json(param.unit, x) for k, x in v.items()}
    return _scalar_json(param.unit, v)


def _scalar_text(unit: str, v: Any, lang: str) -> str:
    from ..refdata.divisions import name_of

    if v is None:
        return "未知" if lang != "en" else "not known"
    if unit == "yuan":
        return f"¥{fen_to_yuan(v):,}"
    if unit == "bp":
        return f"{v} BP ({v / 100:.2f}%)"
    if unit == "rate":
        exact = not isinstance(v, Fraction) or exact_decimal(v)
        text = number_text((v if isinstance(v, Fraction) else Fraction(str(v))) * 100) if exact else f"{float(v) * 100:.2f}".rstrip("0").rstrip(".")
        # the fraction beside the percentage only when no finite decimal is exact (1/3 → 1/3 (33.33%)); 6/5 → 120%
        return f"{v} ({text}%)" if isinstance(v, Fraction) and not exact else f"{text}%"
    if unit == "days":
        return days_text(v, lang)
    if unit == "bool":
        return ("是" if v else "否") if lang != "en" else ("yes" if v else "no")
    if unit == "adcodes":
        return "、".join(f"{name_of(c) or c}" for c in sorted(v))
    if unit in ("months", "years", "count"):
        zh = {"months": "个月", "years": "年", "count": ""}[unit]
        return f"{v}{zh}" if lang != "en" else f"{v} {'' if unit == 'count' else unit}".strip()
    if isinstance(v, date):
        return v.isoformat()
    return str(v)


def _value_text(param: Parameter, v: Any, lang: str) -> str:
    from ..localstd import tiers

    if v is not None and tiers.is_keyed(param.name):
        return tiers.show_tier(v, lang)  # 第三档 (tier 3), never a bare number
    return _scalar_text(param.unit, v, lang)


def value_text(param: Parameter, v: Any, lang: str = "zh") -> str:
    if isinstance(v, Mapping):
        if not v:
            return "未知" if lang != "en" else "not known"
        return "；".join(f"{_key_text(param, k, lang)}: {_value_text(param, x, lang)}" for k, x in v.items())
    return _value_text(param, v, lang)


def _key_text(param: Parameter, key: str, lang: str = "zh") -> str:
    if param.by == "adcode":
        from ..refdata.divisions import name_of

        return name_of(key) or key
    if param.by == "tier":
        from ..localstd.tiers import show_tier

        return show_tier(key, lang)
    en = lang == "en"
    if param.by == "group" and key in _GROUP_WORDS:
        return _GROUP_WORDS[key][1 if en else 0]
    if param.by == "level" and key.isdigit():
        return f"level {key}" if en else f"{'一二三四五'[int(key) - 1] if 1 <= int(key) <= 5 else key}级"
    if param.by == "year" and key.isdigit():
        return key if en else f"{key}年"
    return key


_GROUP_WORDS = {"male": ("男职工", "men"), "female_cadre": ("女干部", "women cadres"),
                "female_worker": ("女工人", "women workers")}


def summary(param: Parameter, as_of: date) -> dict[str, Any]:
    entry = param.entry_at(as_of)
    return {
        "name": param.name, "label_zh": param.label_zh, "label_en": param.label_en, "unit": param.unit,
        "by": param.by, "local_standard": param.local_standard, "reference": param.reference,
        "as_of": as_of.isoformat(), "value": value_json(param, entry.value if entry else None),
        "from": entry.start.isoformat() if entry else None, "source": entry.source if entry else None,
        "values_count": len(param.entries),
    }


def detail(param: Parameter, as_of: date) -> dict[str, Any]:
    out = summary(param, as_of)
    out["description"] = param.description
    out["values"] = [{"from": e.start.isoformat(), "value": value_json(param, e.value), "source": e.source,
                      "confidence": e.confidence, "note": e.note} for e in param.entries]
    return out


def all_summaries(as_of: date, q: str | None = None, namespace: str | None = None) -> list[dict[str, Any]]:
    terms = [t.lower() for t in (q or "").split() if t]
    out = []
    for name in PARAMETERS.names():
        p = PARAMETERS[name]
        if namespace and not name.startswith(namespace + "."):
            continue
        hay = f"{name} {p.label_zh} {p.label_en}".lower()
        if terms and not all(t in hay for t in terms):
            continue
        out.append(summary(p, as_of))
    return out


def namespaces() -> list[str]:
    seen: list[str] = []
    for name in PARAMETERS.names():
        parts = name.split(".")
        ns = ".".join(parts[:2]) if parts[0] == "external" else parts[0]
        if ns not in seen:
            seen.append(ns)
    return seen


_NAMESPACE_WORDS = {
    "engine": ("计算设置", "Calculation settings"),
    "external.average_wage": ("平均工资", "Average wages"),
    "external.dibao": ("最低生活保障", "Minimum living allowance"),
    "external.lpr": ("贷款市场报价利率", "Loan prime rate"),
    "external.minimum_wage": ("最低工资", "Minimum wage"),
    "external.retirement": ("法定退休年龄", "Statutory retirement age"),
    "external.social_insurance_base": ("社会保险缴费基数", "Social-insurance contribution base"),
    "external.wage_conversion": ("工资折算", "Wage conversion"),
}


def namespace_label(ns: str, lang: str = "zh") -> str:
    """A group of parameters in words: its document's number, or what the outside values are."""
    from ..rules.documents import DOCUMENTS

    if ns in DOCUMENTS:
        return DOCUMENTS[ns].number
    zh, en = _NAMESPACE_WORDS.get(ns, ("其他参数", "Other parameters"))
    return en if lang == "en" else zh


def _chart_number(unit: str, v: Any) -> float | None:
    if v is None:
        return None
    if unit == "yuan":
        return float(fen_to_yuan(v))
    if unit == "bp":
        return v / 100
    if unit == "rate":
        return round(float(v) * 100, 4)
    if isinstance(v, int | float | Fraction):
        return float(v)
    return None


def chart(param: Parameter, as_of: date | None = None, lang: str = "zh") -> dict[str, Any] | None:
    """ECharts data for a numeric parameter (a step line per key), or ``None``."""
    if param.unit not in NUMERIC_UNITS or not param.entries:
        return None
    keys: list[str] = []
    for e in param.entries:
        if isinstance(e.value, Mapping):
            keys += [k for k in e.value if k not in keys]
    if param.by is not None and len(keys) > 12:
        return None
    end = max(as_of or date.today(), param.entries[-1].start)
    series = []
    for key in keys or [None]:
        points = []
        for e in param.entries:
            v = e.value.get(key) if key is not None and isinstance(e.value, Mapping) else e.value
            if key is not None and not isinstance(e.value, Mapping):
                v = None
            points.append([e.start.isoformat(), _chart_number(param.unit, v)])
        if points and points[-1][0] != end.isoformat():
            points.append([end.isoformat(), points[-1][1]])
        name = param.label_en if lang == "en" else param.label_zh
        if key is not None:
            name = _key_text(param, key, lang)
        series.append({"name": name, "data": points})
    unit = {"yuan": "元" if lang != "en" else "yuan", "bp": "%", "rate": "%",
            "days": "天" if lang != "en" else "days"}.get(param.unit, param.unit)
    return {"title": param.label_en if lang == "en" else param.label_zh, "unit": unit, "series": series}
