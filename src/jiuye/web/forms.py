"""The calculator's form: one input per fact, generated from the input models, and its parsing.

Every fact of :mod:`jiuye.facts.models` (except identifiers and names, which the calculator never
asks) becomes a :class:`FieldSpec` with a widget: yes/no radios, a select of choices or of
counties, a date, a whole number, money in yuan (stored as fen) or a rate in % (stored as basis
points). Parsing turns the submitted strings back into facts and reports every bad field in
Chinese and English; a bad field is left out (unknown) so the other results still show.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from ..engine.vars import E, O, P
from ..facts.models import Enterprise, Organisation, Person

SUBJECTS = ("person", "enterprise", "organisation")
MIN_DATE, MAX_DATE = date(1900, 1, 1), date(2100, 12, 31)
MAX_INT = 10**13  # no fact needs more: 10^13 fen is 100 billion yuan


@dataclass(frozen=True)
class FieldSpec:
    name: str  # "person.si_months"
    prefix: str  # "person"
    field: str  # "si_months"
    dtype: str  # bool | int | date | str
    widget: str  # radio | select | adcode | date | money | percent | int | text
    label_zh: str
    label_en: str
    question_zh: str
    question_en: str
    order: int
    choices: tuple[str, ...] = ()
    ge: int | None = None
    le: int | None = None

    @property
    def html_id(self) -> str:
        return "f-" + self.name.replace(".", "-")


def _bounds(model: type, name: str) -> tuple[int | None, int | None]:
    ge = le = None
    for m in model.model_fields[name].metadata:
        ge = getattr(m, "ge", ge)
        le = getattr(m, "le", le)
    return ge, le


@functools.cache
def field_specs() -> dict[str, FieldSpec]:
    specs: dict[str, FieldSpec] = {}
    order = 0
    for prefix, ns, model in (("person", P, Person), ("enterprise", E, Enterprise),
                              ("organisation", O, Organisation)):
        for fact in ns.all():
            fname = fact.name.split(".", 1)[1]
            if fact.dtype == "bool":
                widget = "radio"
            elif fact.choices:
                widget = "select"
            elif fname.endswith("adcode"):
                widget = "adcode"
            elif fact.dtype == "date":
                widget = "date"
            elif fact.dtype == "int" and fname.endswith("_fen"):
                widget = "money"
            elif fact.dtype == "int" and fname.endswith("_bp"):
                widget = "percent"
            elif fact.dtype == "int":
                widget = "int"
            else:
                widget = "text"
            ge, le = _bounds(model, fname)
            specs[fact.name] = FieldSpec(fact.name, prefix, fname, fact.dtype, widget, fact.label_zh, fact.label_en,
                                         fact.question_zh, fact.question_en, order, tuple(fact.choices or ()), ge, le)
            order += 1
    return specs


@dataclass
class FieldError:
    field: str
    message_zh: str
    message_en: str

    def message(self, lang: str) -> str:
        return self.message_en if lang == "en" else self.message_zh


def _err(name: str, zh: str, en: str) -> FieldError:
    return FieldError(name, zh, en)


def convert(spec: FieldSpec, raw: str) -> tuple[Any, FieldError | None]:
    """Convert one submitted string; ``("", None)`` → unknown."""
    raw = raw.strip()
    if raw == "":
        return None, None
    n = spec.name
    if spec.widget == "radio":
        if raw in ("true", "false"):
            return raw == "true", None
        return None, _err(n, "请选择“是”或“否”", "choose yes or no")
    if spec.widget in ("select",):
        if raw in spec.choices:
            return raw, None
        return None, _err(n, "请选择列表中的一项", "choose one of the listed options")
    if spec.widget == "date":
        try:
            d = date.fromisoformat(raw)
        except ValueError:
            return None, _err(n, "日期格式应为 年-月-日（YYYY-MM-DD）", "a date must be YYYY-MM-DD")
        if not MIN_DATE <= d <= MAX_DATE:
            return None, _err(n, "日期应在1900年至2100年之间", "the date must be between 1900 and 2100")
        return d, None
    if spec.widget in ("money", "percent"):
        try:
            dec = Decimal(raw.replace(",", "").replace("，", ""))
        except InvalidOperation:
            return None, _err(n, "请输入数字", "enter a number")
        if not dec.is_finite() or dec < 0:
            return None, _err(n, "请输入不小于0的数字", "enter a number of at least 0")
        scaled = dec * 100
        if scaled != scaled.to_integral_value():
            return None, _err(n, "最多保留两位小数", "use at most two decimals")
        if scaled > MAX_INT:
            return None, _err(n, "数值过大", "the number is too large")
        return int(scaled), None
    if spec.widget == "int":
        try:
            value = int(raw)
        except ValueError:
            return None, _err(n, "请输入整数", "enter a whole number")
        if spec.ge is not None and value < spec.ge:
            return None, _err(n, f"应不小于{spec.ge}", f"must be at least {spec.ge}")
        if spec.le is not None and value > spec.le:
            return None, _err(n, f"应不大于{spec.le}", f"must be at most {spec.le}")
        if value > MAX_INT:
            return None, _err(n, "数值过大", "the number is too large")
        return value, None
    if len(raw) > 200:
        return None, _err(n, "内容过长", "too long")
    return raw, None


def display_value(spec: FieldSpec, value: Any) -> str:
    """The form's string for a fact value (the inverse of :func:`convert`)."""
    if value is None:
        return ""
    if spec.widget == "radio":
        return "true" if value else "false"
    if spec.widget in ("money", "percent"):
        return str((Decimal(value) / 100).quantize(Decimal("0.01")))
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


@dataclass
class CalcForm:
    """What the calculator form holds between steps."""

    subject: str = "person"
    as_of: date = field(default_factory=date.today)
    as_of_raw: str = ""
    has_business: bool | None = None
    raw: dict[str, str] = field(default_factory=dict)  # fact name -> submitted string
    facts: dict[str, Any] = field(default_factory=dict)  # fact name -> value
    asked: list[str] = field(default_factory=list)  # facts shown so far, in order
    show_all: bool = False
    history: list[dict[str, str]] = field(default_factory=list)
    errors: dict[str, FieldError] = field(default_factory=dict)

    def case_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {}
        for name, value in self.facts.items():
            prefix, _, fname = name.partition(".")
            data.setdefault(prefix, {})[fname] = value
        if self.subject == "person":
            data.setdefault("person", {})
            if self.has_business:
                data.setdefault("enterprise", {})
            else:
                data.pop("enterprise", None)
            data.pop("organisation", None)
        elif self.subject == "enterprise":
            data.setdefault("enterprise", {})
            data.setdefault("person", {})
            data.pop("organisation", None)
        else:
            data = {"organisation": data.get("organisation", {})}
        data["history"] = [{"provision_id": h["provision_id"], "granted_on": h["granted_on"]}
                           for h in self.history if h.get("provision_id") and h.get("granted_on")]
        return data


def display_stored(spec: FieldSpec, value: Any) -> str:
    """A stored value (dates kept as ISO text in snapshots and audit events) shown as the form shows it."""
    if value is None:
        return ""
    if spec.widget == "date" and isinstance(value, str):
        try:
            value = date.fromisoformat(value)
        except ValueError:
            return value
    return display_value(spec, value)


def _one(form: Mapping[str, Any], key: str) -> str:
    v = form.get(key)
    if isinstance(v, list):
        v = v[0] if v else ""
    return "" if v is None else str(v)


def parse_form(form: Any, *, today: date | None = None) -> CalcForm:
    """Parse a submitted form (Starlette ``FormData`` or a plain mapping of strings)."""
    getlist = form.getlist if hasattr(form, "getlist") else (lambda k: [form[k]] if k in form else [])
    specs = field_specs()
    out = CalcForm(as_of=today or date.today())
    subject = _one(form, "subject")
    out.subject = subject if subject in SUBJECTS else "person"
    out.as_of_raw = _one(form, "as_of").strip()
    if out.as_of_raw:
        try:
            d = date.fromisoformat(out.as_of_raw)
            if not MIN_DATE <= d <= MAX_DATE:
                raise ValueError
            out.as_of = d
        except ValueError:
            out.errors["as_of"] = _err("as_of", "评估日期应为1900至2100年间的 年-月-日", "the evaluation date must be "
                                       "YYYY-MM-DD between 1900 and 2100")
    hb = _one(form, "has_business")
    out.has_business = {"true": True, "false": False}.get(hb)
    out.show_all = _one(form, "show_all") in ("1", "true", "on")
    seen = set()
    for name in getlist("asked"):
        name = str(name)
        if name in specs and name not in seen:
            seen.add(name)
            out.asked.append(name)
    for name, spec in specs.items():
        if name not in form:
            continue
        raw = _one(form, name)
        if raw.strip() == "":
            continue
        out.raw[name] = raw
        if name not in seen:
            seen.add(name)
            out.asked.append(name)
        value, error = convert(spec, raw)
        if error is not None:
            out.errors[name] = error
        elif value is not None:
            out.facts[name] = value
    pids, dates = getlist("history_provision"), getlist("history_date")
    for pid, when in zip(pids, dates, strict=False):
        pid, when = str(pid).strip(), str(when).strip()
        if pid or when:
            out.history.append({"provision_id": pid, "granted_on": when})
    return out
