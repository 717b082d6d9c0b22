"""The 按…标准…，依据：… lines of a result: every city's or county's own value the result used —
in its amount and in its conditions — each with its place, date and source, in words.

Three kinds of value are local:

- a local standard set for a place (the trace names its ``jurisdiction``);
- a value kept per county (``by: adcode``, e.g. the county's minimum-wage tier): the place is the
  county it was read for, the value reads 第二档 (tier 2);
- a value kept per tier (``by: tier``, e.g. the monthly minimum wage) read at the tier of a county:
  the place is that county, the tier is named beside the amount.

No parameter ids and no division codes: a source kept for several counties at once (``[330102,
…] … | [杭州] …``) is cut to the part of the county, and any code left is replaced by its name.
"""

from __future__ import annotations

import re
from typing import Any

from ..engine.results import ProvisionResult
from ..engine.trace import Trace

_PART_HEAD = re.compile(r"^\s*\[([^\]]*)\]\s*")
_CODE = re.compile(r"(?<!\d)(\d{6})(?!\d)")
_SOURCE_MAX = 160
#: short names of keyed values (a label of their own is too long for a line)
_SHORT = {"external.minimum_wage.county_tier": ("最低工资档次", "minimum-wage")}


def _param(name: str) -> Any:
    from ..params.store import PARAMETERS

    return PARAMETERS[name] if name in PARAMETERS else None


def _name(code: str) -> str:
    from ..refdata.divisions import name_of

    return name_of(code) or "—"


def _city_name(code: str) -> str:
    from ..refdata.divisions import city_of, name_of

    city = city_of(code)
    return (name_of(city) or "") if city else ""


_LATIN = re.compile(r"[A-Za-z]{2,}")
_TITLE = re.compile(r"《[^》]*》(?:[^，。；;,A-Za-z]{0,4}〔\d{4}〕\d+号)?")


def _chinese_part(text: str) -> str:
    """A source for a Chinese page: the issuer and the title of the document (《…》) when the
    record goes on in English (where it was read, a link), else what precedes the English."""
    latin = _LATIN.search(text)
    if latin is None:
        return text
    title = _TITLE.search(text)
    if title is not None and title.start() < latin.start():
        return text[:title.end()]
    return text[:latin.start()].rstrip(" ,;:，；：(（“\"'")


def source_for(source: str, county: str | None, lang: str = "zh") -> str:
    """The part of ``source`` that concerns ``county``, without division codes, cut to a line
    (on a Chinese page, without the English of the record)."""
    parts = [p for p in source.split(" | ") if p.strip()] or [source]
    chosen = parts
    if county and any(_PART_HEAD.match(p) for p in parts):
        city = _city_name(county)
        mine = []
        for p in parts:
            m = _PART_HEAD.match(p)
            head = m.group(1) if m else ""
            if county in head or (city and head and head.strip() in city):
                mine.append(p)
        chosen = mine or [p for p in parts if not _PART_HEAD.match(p)]  # never another county's source
    text = " ".join(_PART_HEAD.sub("", p, count=1).strip() for p in chosen)
    text = _CODE.sub(lambda m: _name(m.group(1)) if _name(m.group(1)) != "—" else "", text)
    text = re.sub(r"\s+", " ", text).strip()
    if lang != "en":
        text = _chinese_part(text)
    return text if len(text) <= _SOURCE_MAX else text[:_SOURCE_MAX - 1] + "…"


def _county_below(t: Trace) -> str | None:
    """The county whose keyed value (its tier) a node read, looking down its explanation."""
    stack = [t]
    while stack:
        node = stack.pop()
        for prm in node.parameters or ():
            p = _param(prm.get("name", ""))
            if p is not None and p.by == "adcode" and prm.get("key"):
                return str(prm["key"])
        stack.extend(node.children or ())
    return None


def _line(prm: dict[str, Any], node: Trace, lang: str) -> str | None:
    from ..localstd import tiers
    from .param_text import param_value

    name = prm.get("name", "")
    p = _param(name)
    en = lang == "en"
    since = prm.get("from") or ""
    shown = param_value(prm, lang) if prm.get("value") is not None else "?"
    label, county, extra = "", None, ""
    if prm.get("jurisdiction"):
        county = str(prm["jurisdiction"])
    elif p is not None and p.by == "adcode" and prm.get("key"):
        county = str(prm["key"])
        short = _SHORT.get(name)
        label = (short[1] if en else short[0]) if short else (p.label_en if en else p.label_zh)
    elif p is not None and p.by == "tier" and prm.get("key"):
        county = _county_below(node)
        if county is None:
            return None  # a province-wide value of a tier chosen elsewhere: not a local one
        label = p.label_en if en else p.label_zh
        extra = tiers.show_tier(prm["key"], lang)
    else:
        return None
    where = _name(county)
    src = source_for(str(prm.get("source") or ""), county, lang)
    if en:
        what = f"{label} {shown}".strip() if label else shown
        head = f"{where} standard{':' if label else ''} {what}" + (f" ({extra})" if extra else "")
        return f"{head}, from {since}" + (f"; {src}" if src else "")
    what = f"：{label}{shown}" if label else shown
    when = f"{extra}，{since}起" if extra else f"{since}起"
    return f"按{where}标准{what}（{when}）" + (f"，依据：{src}" if src else "")


def local_sources(r: ProvisionResult, lang: str) -> list[str]:
    """The local values the result used (its amount's, then its conditions'), once each."""
    roots: list[Trace] = [r.amount_trace] if r.amount_trace is not None else []
    roots += [c.trace for c in r.conditions if getattr(c, "trace", None) is not None]
    out: list[str] = []
    for root in roots:
        stack = [root]
        while stack:
            t = stack.pop()
            stack.extend(reversed(t.children or ()))
            for prm in t.parameters or ():
                text = _line(prm, t, lang)
                if text and text not in out:
                    out.append(text)
    return out
