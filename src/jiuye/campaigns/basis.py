"""What a proposal was based on, in the user's words: the facts the provision reads that were
known, each with its label and a readable value (yes/no, a date, yuan, a place name). Choice facts
stored as codes are left out rather than shown as codes."""

from __future__ import annotations

import re
from typing import Any

from ..engine.provision import Provision
from ..engine.vars import fact_by_name
from ..matching.match import facts_of
from ..refdata.divisions import name_of

UNIT = re.compile(r"（分[^）]*）|\s*\(fen[^)]*\)")  # the value is shown in yuan: drop "(fen/month)" from labels


def _value(name: str, dtype: str, v: Any) -> tuple[str, str] | None:
    if v is None:
        return None
    if dtype == "bool":
        return ("是", "yes") if v else ("否", "no")
    if dtype == "date":
        return str(v), str(v)
    if dtype == "int":
        if name.endswith("_fen"):
            text = f"{int(v) / 100:,.2f}"
            return f"{text}元", f"{text} yuan"
        return str(v), str(v)
    if name.endswith("adcode"):
        place = name_of(str(v))
        return (place, place) if place else None
    return None


def basis_of(p: Provision, snapshot: dict[str, Any]) -> list[dict[str, str]]:
    case = snapshot.get("case") or {}
    exprs = [c.test for c in p.all_conditions()] + [p.amount]
    out = []
    for name in sorted(facts_of(exprs)):
        f = fact_by_name(name)
        part, _, field = name.partition(".")
        if f is None:
            continue
        shown = _value(name, f.dtype, (case.get(part) or {}).get(field))
        if shown is not None:
            out.append({"label_zh": UNIT.sub("", f.label_zh).replace("区划代码", ""), "label_en": UNIT.sub("", f.label_en), "value_zh": shown[0], "value_en": shown[1]})
    return out
