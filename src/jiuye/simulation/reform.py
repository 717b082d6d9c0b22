"""A reform: a small YAML/JSON document saying what changes, validated, then turned into
parameter overrides for each evaluation date.

```yaml
name: 第24条创业带动就业补贴每年最高提高到3万元
description: 46号第24条“每年最高2万元”提高到3万元，自2024年1月1日起。
parameters:                       # parameter values, by date and (optionally) county
  zj_2022_46.art24.annual_cap:
    - value: 30000                # in the parameter's unit (yuan, months, a rate "6/5"…)
      from: 2024-01-01            # optional: from the first simulated day
      counties: mountain          # optional: all | mountain | county or city codes
readings:                         # reading switches (docs/ambiguities.md)
  zj_2022_46.readings.art24_amount: cap
county_options:                   # a county's choice the documents leave to it
  zj_2021_22.qi.opted_in_counties: {counties: mountain, mode: add, from: 2024-01-01}
provisions_off: [quzhou_2023_12.shi.purchase_one_time]
```

A scalar value with ``counties`` applies to the benefits counted in those counties (the
county of the provision's place, see ``jiuye.matching.match.county_expr``); values listed later
win for the counties they name. For a parameter keyed by county (``by: adcode``) the value is
set for those counties. Errors name the field and, for an unknown parameter, reading switch or
provision, the closest known names.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ..catalogue.registry import CATALOGUE
from ..errors import InputError, ParameterError
from ..params.store import PARAMETERS
from .places import PlaceError, all_counties, check_places, resolve_places
from .switches import reading_switches, switch_values

Places = str | list[str] | None


class ParameterValue(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    value: Any
    from_: date | None = Field(default=None, alias="from")
    counties: Places = None


class CountyOption(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    counties: str | list[str]
    mode: Literal["add", "remove", "set"] = "add"
    from_: date | None = Field(default=None, alias="from")


def _as_list(v: Any) -> Any:
    if isinstance(v, Mapping) and "value" in v:
        return [v]
    if isinstance(v, list) and all(isinstance(x, Mapping) and "value" in x for x in v) and v:
        return v
    return [{"value": v}]


class Reform(BaseModel):
    """The document as written (structure only; names are checked by :func:`check`)."""

    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=200)
    description: str = ""
    parameters: dict[str, list[ParameterValue]] = Field(default_factory=dict)
    readings: dict[str, list[ParameterValue]] = Field(default_factory=dict)
    county_options: dict[str, list[CountyOption]] = Field(default_factory=dict)
    provisions_off: list[str] = Field(default_factory=list)

    @field_validator("parameters", "readings", mode="before")
    @classmethod
    def _values(cls, v: Any) -> Any:
        return {k: _as_list(x) for k, x in v.items()} if isinstance(v, Mapping) else v

    @field_validator("county_options", mode="before")
    @classmethod
    def _options(cls, v: Any) -> Any:
        return {k: (x if isinstance(x, list) else [x]) for k, x in v.items()} if isinstance(v, Mapping) else v

    def is_empty(self) -> bool:
        return not (self.parameters or self.readings or self.county_options or self.provisions_off)


@dataclass
class Problem:
    field: str
    message_zh: str
    message_en: str

    def to_dict(self) -> dict[str, str]:
        return {"field": self.field, "message_zh": self.message_zh, "message_en": self.message_en}


class ReformInvalid(InputError):
    """The reform document has errors; ``problems`` lists every one (field, zh, en)."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        first = problems[0]
        super().__init__(first.field, first.message_zh, first.message_en)

    def __str__(self) -> str:
        return "\n".join(f"{p.field}: {p.message_zh} / {p.message_en}" for p in self.problems)


def _closest(name: str, choices: list[str]) -> tuple[str, str]:
    near = difflib.get_close_matches(name, choices, n=3, cutoff=0.6)
    if not near:
        return "", ""
    return f"（是否指 {'、'.join(near)}？）", f" (did you mean {', '.join(near)}?)"


def _pydantic_problems(exc: ValidationError) -> list[Problem]:
    zh = {"missing": "缺少必填项", "extra_forbidden": "不认识的字段", "date_from_datetime_parsing": "日期格式无效",
          "date_parsing": "日期格式无效", "literal_error": "取值不在允许范围内", "string_too_short": "不能为空",
          "string_type": "应为文本", "dict_type": "应为键值表", "list_type": "应为列表"}
    out = []
    for err in exc.errors():
        loc = [str(p) for p in err["loc"] if not str(p).startswith("function-")]
        loc = ["from" if p == "from_" else p for p in loc]
        out.append(Problem(".".join(loc) or "reform", zh.get(err["type"], "输入无效"), err["msg"]))
    return out


def parse_reform(data: Any) -> Reform:
    """Validate a reform given as a mapping (from YAML or JSON); raises :class:`ReformInvalid`."""
    if not isinstance(data, Mapping):
        raise ReformInvalid([Problem("reform", "改革方案应为键值表（name、parameters……）",
                                     "a reform must be a mapping (name, parameters…)")])
    try:
        reform = Reform.model_validate(dict(data))
    except ValidationError as exc:
        raise ReformInvalid(_pydantic_problems(exc)) from None
    problems = check(reform)
    if problems:
        raise ReformInvalid(problems)
    return reform


def load_reform(path: Path) -> Reform:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise ReformInvalid([Problem("reform", f"无法读取改革方案文件：{path}", f"cannot read {path}: {exc}")]) from None
    try:
        data = yaml.safe_load(text)  # JSON is YAML
    except yaml.YAMLError as exc:
        raise ReformInvalid([Problem("reform", "文件不是有效的 YAML/JSON", f"not valid YAML/JSON: {exc}")]) from None
    return parse_reform(data)


def _check_value(name: str, pv: ParameterValue, where: str) -> list[Problem]:
    p = PARAMETERS[name]
    out: list[Problem] = []
    try:
        check_places(pv.counties)
    except PlaceError as exc:
        out.append(Problem(f"{where}.counties", exc.zh, exc.en))
    if pv.counties is not None and p.by is None and p.unit == "adcodes":
        out.append(Problem(f"{where}.counties", "县的名单请用 county_options 修改",
                           "a list of counties is changed with county_options"))
    if p.by is not None and p.by != "adcode" and pv.counties is not None:
        out.append(Problem(f"{where}.counties", f"该参数按“{p.by}”取值，不能按县设定",
                           f"this parameter is keyed by {p.by!r}, not by county"))
    try:
        if p.by is not None and not isinstance(pv.value, Mapping):
            if p.by != "adcode":
                raise ParameterError(f"keyed by {p.by!r}: give a mapping {p.by} -> value")
            PARAMETERS.convert(name, {"000000": pv.value})
        else:
            value = PARAMETERS.convert(name, pv.value)
            if p.by is not None:
                known = set().union(*(set(e.value or {}) for e in p.entries)) if p.by != "adcode" else all_counties()
                bad = sorted(set(value) - known) if known else []
                if bad:
                    raise ParameterError(f"unknown {p.by} {', '.join(bad)}")
        if pv.value is None:
            raise ParameterError("a value is needed (null would mean 'not known')")
    except ParameterError as exc:
        msg = str(exc).split(": ", 1)[-1]
        if "ConversionSyntax" in msg or "invalid literal" in msg:
            msg = f"{pv.value!r} is not a number / 不是数字"
        out.append(Problem(f"{where}.value", f"取值无效（单位：{p.unit}）：{msg}", f"invalid value (unit {p.unit}): {msg}"))
    return out


def check(reform: Reform) -> list[Problem]:
    """Every name and value checked against the parameters, switches and catalogue."""
    problems: list[Problem] = []
    names = PARAMETERS.names()
    switches = reading_switches()
    for section, items in (("parameters", reform.parameters), ("readings", reform.readings)):
        for name, values in items.items():
            where = f"{section}.{name}"
            if section == "readings" and name not in switches:
                zh, en = _closest(name, sorted(switches))
                problems.append(Problem(where, f"没有名为 {name} 的理解开关{zh}", f"unknown reading switch {name!r}{en}"))
                continue
            if name not in PARAMETERS:
                zh, en = _closest(name, names)
                problems.append(Problem(where, f"没有名为 {name} 的参数{zh}", f"unknown parameter {name!r}{en}"))
                continue
            allowed = switch_values(name) if name in switches else []
            for i, pv in enumerate(values):
                if allowed and pv.value not in allowed:
                    problems.append(Problem(f"{where}[{i}].value", f"取值应为 {'、'.join(map(str, allowed))} 之一",
                                            f"must be one of {', '.join(map(str, allowed))}"))
                else:
                    problems += _check_value(name, pv, f"{where}[{i}]")
    for name, options in reform.county_options.items():
        where = f"county_options.{name}"
        if name not in PARAMETERS or PARAMETERS[name].unit != "adcodes":
            opts = [n for n in names if PARAMETERS[n].unit == "adcodes"]
            zh, en = _closest(name, opts)
            problems.append(Problem(where, f"没有名为 {name} 的县级选项（县名单参数）{zh}",
                                    f"unknown county option {name!r} (a list-of-counties parameter){en}"))
            continue
        for i, opt in enumerate(options):
            try:
                check_places(opt.counties)
            except PlaceError as exc:
                problems.append(Problem(f"{where}[{i}].counties", exc.zh, exc.en))
    ids = list(CATALOGUE.provisions)
    for i, pid in enumerate(reform.provisions_off):
        if pid not in CATALOGUE.provisions:
            zh, en = _closest(pid, ids)
            problems.append(Problem(f"provisions_off[{i}]", f"没有编号为 {pid} 的政策条款{zh}",
                                    f"unknown provision {pid!r}{en}"))
    return problems


# --- compiled form: overrides per date ------------------------------------------------------
@dataclass(frozen=True)
class Scope:
    """Overrides for the benefits counted in ``counties`` (``None``: every county not named by
    another scope)."""

    counties: frozenset[str] | None
    overrides: dict[str, Any] = field(default_factory=dict)


def _applies(pv: ParameterValue, as_of: date) -> bool:
    return pv.from_ is None or pv.from_ <= as_of


@dataclass
class Compiled:
    reform: Reform

    @property
    def changed_parameters(self) -> set[str]:
        return set(self.reform.parameters) | set(self.reform.readings) | set(self.reform.county_options)

    @property
    def provisions_off(self) -> set[str]:
        return set(self.reform.provisions_off)

    def scopes(self, as_of: date) -> list[Scope]:
        """The parameter overrides in force on ``as_of``: one scope for everywhere, plus one per
        class of counties that a county-specific scalar value sets apart."""
        base = PARAMETERS.snapshot(as_of)
        glob: dict[str, Any] = {}
        per_county: dict[str, dict[str, Any]] = {}
        for name, values in {**self.reform.parameters, **self.reform.readings}.items():
            p = PARAMETERS[name]
            keyed_by_county = p.by == "adcode"
            mapping = dict(base.get(name) or {}) if keyed_by_county else None
            for pv in sorted(values, key=lambda v: v.from_ or date.min):  # stable: later-listed wins ties
                if not _applies(pv, as_of):
                    continue
                where = resolve_places(pv.counties, as_of)
                if keyed_by_county:
                    assert mapping is not None
                    if isinstance(pv.value, Mapping):
                        mapping.update(PARAMETERS.convert(name, pv.value))
                    else:
                        conv = PARAMETERS.convert(name, {"000000": pv.value})["000000"]
                        mapping.update({c: conv for c in sorted(where or all_counties())})
                    glob[name] = mapping
                    continue
                value = PARAMETERS.convert(name, pv.value)
                if where is None:
                    glob[name] = value
                    for c in per_county.values():
                        c.pop(name, None)
                else:
                    for c in where:
                        per_county.setdefault(c, {})[name] = value
        for name, options in self.reform.county_options.items():
            current = set(base.get(name) or ())
            applied = False
            for opt in sorted(options, key=lambda o: o.from_ or date.min):
                if opt.from_ is not None and opt.from_ > as_of:
                    continue
                applied = True
                where = resolve_places(opt.counties, as_of)
                codes = set(all_counties() if where is None else where)
                current = codes if opt.mode == "set" else (current | codes if opt.mode == "add" else current - codes)
            if applied:
                glob[name] = frozenset(current)
        classes: dict[str, tuple[set[str], dict[str, Any]]] = {}
        for county, over in per_county.items():
            over = {k: v for k, v in over.items() if k not in glob or glob[k] != v}
            if not over:
                continue
            key = repr(sorted((k, repr(v)) for k, v in over.items()))
            classes.setdefault(key, (set(), over))[0].add(county)
        scopes = [Scope(None, glob)]
        scopes += [Scope(frozenset(cs), {**glob, **over}) for cs, over in classes.values()]
        return scopes


def compile_reform(reform: Reform) -> Compiled:
    return Compiled(reform)
