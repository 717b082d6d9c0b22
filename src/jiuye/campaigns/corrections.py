"""信息有误 as fields: the facts a proposal was based on, shown as the form fields a person
corrects (yes/no, a date, a number, 元, a choice), read back with the field named in the person's
words. The corrected case becomes an ordinary application for human review
(:func:`jiuye.campaigns.service.correct`)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from ..engine.provision import Provision
from ..engine.vars import fact_by_name
from ..errors import InputError
from ..matching.match import facts_of
from ..ui.i18n import CHOICES
from .basis import UNIT

MAX_INT = 2**53
EARLIEST = date(1900, 1, 1)


def _label(f: Any) -> tuple[str, str]:
    return UNIT.sub("", f.label_zh).strip(), UNIT.sub("", f.label_en).strip()


def fields(p: Provision, case: dict[str, Any]) -> list[dict[str, Any]]:
    """The correctable facts of ``p`` that the case holds (places are not corrected here: a move is
    an ordinary application), each ``{name, label, widget, value, choices}``."""
    exprs = [c.test for c in p.all_conditions()] + [p.amount]
    out = []
    for name in sorted(facts_of(exprs)):
        f = fact_by_name(name)
        part, _, key = name.partition(".")
        value = (case.get(part) or {}).get(key)
        if f is None or value is None or name.endswith("adcode"):
            continue
        money = name.endswith("_fen")
        widget = ("yesno" if f.dtype == "bool" else "date" if f.dtype == "date" else "money" if money
                  else "int" if f.dtype == "int" else "choice" if f.choices else None)
        if widget is None:
            continue
        shown = (f"{Decimal(int(value)) / 100:.2f}" if money else ("true" if value else "false") if widget == "yesno"
                 else str(value))
        choices = [(c, CHOICES.get(c, (c, c))) for c in (f.choices or ())]
        out.append({"name": name, "label": _label(f), "widget": widget, "value": shown, "choices": choices})
    return out


def _bad(label: tuple[str, str], zh: str, en: str, name: str) -> InputError:
    return InputError(name, f"{label[0]}：{zh}", f"{label[1]}: {en}")


def read(p: Provision, case: dict[str, Any], form: dict[str, str], today: date
         ) -> tuple[dict[str, Any], list[tuple[tuple[str, str], str, str]]]:
    """(the corrected case, the changes as (label, before, after)); each value read as its field."""
    new = {k: dict(v) if isinstance(v, dict) else v for k, v in case.items()}
    changes = []
    for field in fields(p, case):
        raw = form.get(field["name"])
        if raw is None:
            continue
        raw = raw.strip().replace(",", "").replace("，", "").removesuffix("元")
        if raw == field["value"] or raw == "":
            continue
        name, label, widget = field["name"], field["label"], field["widget"]
        value: Any
        if widget == "yesno":
            if raw not in ("true", "false"):
                raise _bad(label, "请选择“是”或“否”", "choose yes or no", name)
            value = raw == "true"
        elif widget == "date":
            try:
                value = date.fromisoformat(raw)
            except ValueError:
                raise _bad(label, "日期格式应为 年-月-日", "a date must be YYYY-MM-DD", name) from None
            if not EARLIEST <= value <= today:
                raise _bad(label, "日期不能晚于今天", "the date cannot be in the future", name)
            value = value.isoformat()
        elif widget == "money":
            try:
                dec = Decimal(raw)
            except InvalidOperation:
                raise _bad(label, "请输入金额（元）", "enter an amount in yuan", name) from None
            if not dec.is_finite() or dec < 0 or (dec * 100) != (dec * 100).to_integral_value() or dec * 100 > MAX_INT:
                raise _bad(label, "请输入不小于0、最多两位小数的金额", "enter an amount ≥ 0 with at most two decimals",
                           name)
            value = int(dec * 100)
        elif widget == "int":
            if not raw.isdigit() or int(raw) > MAX_INT:
                raise _bad(label, "请输入不小于0的整数", "enter a whole number of at least 0", name)
            value = int(raw)
        else:
            if raw not in [c for c, _ in field["choices"]]:
                raise _bad(label, "请选择列表中的一项", "choose one of the listed options", name)
            value = raw
        part, _, key = name.partition(".")
        if value == (case.get(part) or {}).get(key):
            continue
        new.setdefault(part, {})[key] = value
        changes.append((label, _shown(field, field["value"]), _shown(field, raw)))
    return new, changes


def _shown(field: dict[str, Any], raw: str) -> str:
    if field["widget"] == "yesno":
        return "是" if raw == "true" else "否"
    if field["widget"] == "money":
        return f"{raw}元"
    if field["widget"] == "choice":
        return dict(field["choices"]).get(raw, (raw, raw))[0]
    return raw
