"""Keyed values an administrator sets per county: the county's minimum-wage tier.

The province sets three tiers of minimum wage; each 设区市 chooses the tier of each of its counties
and publishes it. A county's tier is therefore maintained like any local value (proposed by one
administrator with the city's notice as its source, approved by a second one, never edited in
place), for the county itself: ``external.minimum_wage.county_tier`` keyed by the county code.
An approved tier joins the bundled mapping from its date (``Parameter.effective_at``), so every
path that looks the tier up (single case, table, Spark, the minimum-wage check) reads it.
"""

from __future__ import annotations

import re
from typing import Any

from ..errors import InputError

COUNTY_TIER = "external.minimum_wage.county_tier"
TIER_OF = "external.minimum_wage.monthly"  # the tiers a county can choose: the keys of this standard
KEYED_BY_COUNTY = frozenset({COUNTY_TIER})
_DIGITS = {"一": "1", "二": "2", "三": "3", "四": "4", "1": "1", "2": "2", "3": "3", "4": "4"}
_ZH = {v: k for k, v in _DIGITS.items() if not k.isdigit()}
_TIER = re.compile(r"^(?:第\s*)?([一二三四1-4])\s*(?:档|档次)?$|^tier\s*([1-4])$", re.IGNORECASE)


def is_keyed(name: str) -> bool:
    return name in KEYED_BY_COUNTY


def tiers() -> list[str]:
    """Every tier key the province has set (at any adjustment), e.g. ['1', '2', '3']."""
    from ..params.store import PARAMETERS

    keys: set[str] = set()
    for e in PARAMETERS[TIER_OF].entries:
        keys.update((e.value or {}).keys())
    return sorted(keys)


def parse_tier(text: str) -> str:
    """A tier as typed: 第二档, 二档, 2, tier 2 → '2' (a tier the province has set)."""
    m = _TIER.match((text or "").strip())
    key = _DIGITS[m.group(1)] if m and m.group(1) else (m.group(2) if m else None)
    known = tiers()
    if key is None or key not in known:
        choices = "、".join(f"第{_ZH.get(k, k)}档" for k in known)
        raise InputError("value", f"档次应为{choices}之一（如“第二档”）",
                         f"the tier must be one of {', '.join(known)} (e.g. 'tier 2')")
    return key


def show_tier(value: Any, lang: str = "zh") -> str:
    key = str(value)
    return f"第{_ZH.get(key, key)}档" if lang == "zh" else f"tier {key}"
