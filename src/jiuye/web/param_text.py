"""Parameter values of an explanation in people's words (the templates' ``param_value``,
``param_key``, ``param_label``): money in yuan, a county's minimum-wage tier as 第三档 (tier 3),
a key by its tier or its county's name, a parameter by its label — no ids, no codes. Here, not in
:mod:`jiuye.ui`, because it reads the tiers of :mod:`jiuye.localstd` (a layer above the ui)."""

from __future__ import annotations

import re
from typing import Any

from ..params.units import days_text
from ..ui.templating import _param_unit, yuan


def _division_name(code: str) -> str:
    from ..refdata.divisions import name_of

    return name_of(code) or "—"


def _param_by(name: str) -> str | None:
    from ..params.store import PARAMETERS

    return PARAMETERS[name].by if name in PARAMETERS else None


def param_value(prm: dict[str, Any], lang: str = "zh") -> str:
    """A parameter value of an explanation in people's words: money in yuan, a county's
    minimum-wage tier as 第三档 (tier 3), never a bare tier number."""
    from ..localstd import tiers

    v = prm.get("value")
    if v is None:
        return "?"
    if tiers.is_keyed(prm.get("name", "")):
        return tiers.show_tier(v, lang)
    unit = _param_unit(prm.get("name", ""))
    if unit == "yuan" and isinstance(v, int) and not isinstance(v, bool):
        return yuan(v)
    if unit == "days":  # 21.75天 / 21.75 days, never the stored fraction 87/4
        try:
            return days_text(v, lang)
        except (ValueError, ZeroDivisionError):
            return str(v)
    return str(v)


def param_key(prm: dict[str, Any], lang: str = "zh") -> str:
    """The key a keyed value was read at: a tier as 第二档, a county by its name (no codes)."""
    from ..localstd import tiers

    key = prm.get("key")
    by = _param_by(prm.get("name", ""))
    if key is None:
        return ""
    if by == "tier":
        return tiers.show_tier(key, lang)
    if by == "adcode":
        return _division_name(str(key))
    return str(key)


def param_label(prm: dict[str, Any], lang: str = "zh") -> str:
    """A parameter by its label, not its id."""
    from ..params.store import PARAMETERS

    param = PARAMETERS[prm["name"]] if prm.get("name") in PARAMETERS else None
    if param is None:
        return "—"
    return (param.label_en if lang == "en" else param.label_zh) or param.label_zh


GLOBALS: dict[str, Any] = {"param_value": param_value, "param_key": param_key, "param_label": param_label}


_ID = re.compile(r"(?<![\w/.-])[a-z][a-z0-9_]*(?:\.[a-z0-9_*]+)+")
_CODE = re.compile(r"(?<!\d)33\d{4}(?!\d)")


def _id_words(name: str, lang: str) -> str | None:
    from ..catalogue.registry import CATALOGUE
    from ..params.store import PARAMETERS
    from .forms import field_specs

    en = lang == "en"
    stem = name.rstrip(".*")
    if stem in PARAMETERS:
        return PARAMETERS[stem].label_en if en else PARAMETERS[stem].label_zh
    specs = field_specs()
    if stem in specs:
        return specs[stem].label_en if en else specs[stem].label_zh
    for p in CATALOGUE:
        if p.id == stem:
            return p.title_en if en else p.title_zh
    return None


def worded(text: Any, lang: str = "zh") -> str:
    """An engine message for a page: each parameter id, field path or provision id by its label or
    title (「…」), a division code by its name; an id with no words is left out."""
    text = "" if text is None else str(text)

    def one(m: re.Match[str]) -> str:
        words = _id_words(m.group(0), lang)
        if words:
            return f"「{words}」"
        return "" if "_" in m.group(0) else m.group(0)  # an id without words goes; "e.g." stays

    text = _ID.sub(one, text)
    text = _CODE.sub(lambda m: _division_name(m.group(0)), text)
    return re.sub(r"[（(]\s*[)）]", "", text)
