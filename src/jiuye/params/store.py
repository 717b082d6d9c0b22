"""Load parameter YAML files and look values up "as of" a date.

File format (one file = one namespace; the full name is the path under ``parameters/`` with
``/`` → ``.`` plus the key)::

    monthly:
      label_zh: 月最低工资标准
      label_en: Monthly minimum wage
      unit: yuan        # yuan | fen | bp | rate | count | days | months | years | date | bool | adcodes | text
      by: tier          # optional: each value is a mapping key -> scalar
      # county_option: true   (adcodes only) a county option: members are the counties that adopted it
      values:
        - from: 2021-08-01
          value: {'1': 2280, '2': 2070, '3': 1840}
          source: "..."

``value: null`` means "not known from this date"; a key missing from a mapping is not known for
that key. Money (yuan) is converted to integer fen on load, rates to exact fractions, days to an
integer or an exact fraction (月计薪天数 ``"21.75"`` → 87/4; a rate is a share, never a number of days).
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from fractions import Fraction
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from ..errors import ParameterError, ParameterNotKnown
from ..money import parse_rate, yuan_to_fen
from .units import parse_days

PARAMETER_ROOT = Path(__file__).resolve().parent.parent / "parameters"
PROVINCE = "330000"
UNITS = {"yuan", "fen", "bp", "rate", "count", "days", "months", "years", "date", "bool", "adcodes", "text"}


def _convert(unit: str, raw: Any, where: str) -> Any:
    if raw is None:
        return None
    try:
        if unit == "yuan":
            return yuan_to_fen(raw)
        if unit in {"fen", "bp", "count", "months", "years"}:
            if isinstance(raw, bool) or int(raw) != raw:
                raise ValueError(f"expected an integer, got {raw!r}")
            return int(raw)
        if unit == "rate":
            return parse_rate(raw)
        if unit == "days":
            return parse_days(raw)
        if unit == "date":
            return raw if isinstance(raw, date) else date.fromisoformat(str(raw))
        if unit == "bool":
            if not isinstance(raw, bool):
                raise ValueError(f"expected true/false, got {raw!r}")
            return raw
        if unit == "adcodes":
            codes = tuple(sorted(str(c) for c in raw))
            if any(len(c) != 6 or not c.isdigit() for c in codes):
                raise ValueError(f"adcodes must be 6-digit strings: {raw!r}")
            return frozenset(codes)
        if unit == "text":
            return str(raw)
    except (ValueError, TypeError, ArithmeticError) as exc:
        raise ParameterError(f"{where}: {exc}") from None
    raise ParameterError(f"{where}: unknown unit {unit!r}")


@dataclass(frozen=True)
class ValueEntry:
    start: date
    value: Any  # converted; a dict for keyed parameters; None = not known
    source: str
    confidence: str | None = None
    note: str | None = None
    raw: Any = None
    jurisdiction: str | None = None  # None = the province-wide (or document-wide) value
    version: str | None = None  # id of an administrator-maintained value (database), for replay


@dataclass(frozen=True)
class Parameter:
    name: str
    label_zh: str
    label_en: str
    unit: str
    by: str | None
    entries: tuple[ValueEntry, ...]
    reference: str | None = None
    description: str | None = None
    local_standard: bool = False  # "按规定": set by a local administrator
    county_option: bool = False  # a set of counties that "may" adopt an option (有条件的地区可…)
    _starts: tuple[date, ...] = field(default=(), repr=False, compare=False)
    # values set for a city or a county (code -> entries in increasing ``start``); see ``local_at``
    local: Mapping[str, tuple[ValueEntry, ...]] = field(default_factory=dict, repr=False, compare=False)

    def local_at(self, as_of: date) -> dict[str, ValueEntry]:
        """The city and county values in force on ``as_of`` (code -> entry; a null value is dropped)."""
        out: dict[str, ValueEntry] = {}
        for code, entries in self.local.items():
            i = bisect.bisect_right([e.start for e in entries], as_of) - 1
            if i >= 0 and entries[i].value is not None:
                out[code] = entries[i]
        return out

    def effective_at(self, as_of: date) -> Any:
        """``value_at`` for the whole area; for a set of counties (a county option such as
        有条件的地区可放宽), counties' own dated decisions (true = adopted) are applied to the set."""
        value = self.value_at(as_of)
        if not self.local:
            return value
        if self.by is not None:  # a keyed value set for a county (e.g. its minimum-wage tier) joins the mapping
            merged = dict(value or {})
            merged.update({code: e.value for code, e in self.local_at(as_of).items()})
            return merged or value
        if self.unit != "adcodes":
            return value
        decided = self.local_at(as_of)
        if not decided:
            return value
        members = set(value or ())
        for code, entry in decided.items():
            (members.add if entry.value else members.discard)(code)
        return frozenset(members)

    def with_local(self, entries: Sequence[ValueEntry]) -> Parameter:
        """A copy with these jurisdiction entries added (a correction is a later dated entry)."""
        merged: dict[str, list[ValueEntry]] = {k: list(v) for k, v in self.local.items()}
        province: list[ValueEntry] = []
        for e in entries:
            if not e.jurisdiction:
                raise ParameterError(f"{self.name}: a local value needs a jurisdiction")
            if e.jurisdiction == PROVINCE:
                province.append(e)  # a province-wide value continues the bundled timeline
            else:
                merged.setdefault(e.jurisdiction, []).append(e)
        local = {k: tuple(sorted(v, key=lambda e: e.start)) for k, v in merged.items()}
        if not province:
            return replace(self, local=local)
        if self.by is not None:
            raise ParameterError(f"{self.name}: a keyed parameter has no single province-wide value")
        # bundled entries first, so a maintained value of the same date replaces the bundled one
        timeline = sorted([*self.entries, *province], key=lambda e: e.start)
        dedup: dict[date, ValueEntry] = {}
        for e in timeline:
            dedup[e.start] = e
        kept = tuple(dedup.values())
        return replace(self, local=local, entries=kept, _starts=tuple(e.start for e in kept))

    def entry_at(self, as_of: date) -> ValueEntry | None:
        i = bisect.bisect_right(self._starts, as_of) - 1
        return self.entries[i] if i >= 0 else None

    def value_at(self, as_of: date, key: str | None = None) -> Any:
        """The value as of ``as_of`` (for ``key`` when keyed); ``None`` when not known."""
        entry = self.entry_at(as_of)
        if entry is None or entry.value is None:
            return None
        if self.by is not None:
            if key is None:
                return entry.value
            return entry.value.get(str(key))
        return entry.value

    def keyed_at(self, as_of: date, key: str) -> tuple[Any, ValueEntry | None]:
        """A keyed value for ``key`` (a county code) with the entry it comes from: the county's own
        maintained value when one is in force (e.g. a tier a city chose), else the bundled mapping's."""
        own = self.local_at(as_of).get(str(key)) if self.local else None
        if own is not None:
            return own.value, own
        value = self.value_at(as_of, key)
        return value, (self.entry_at(as_of) if value is not None else None)

    def require(self, as_of: date, key: str | None = None) -> Any:
        value = self.value_at(as_of, key)
        if value is None:
            raise ParameterNotKnown(self.name, as_of, key)
        return value

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name, "label_zh": self.label_zh, "label_en": self.label_en, "unit": self.unit,
            "by": self.by, "reference": self.reference, "local_standard": self.local_standard,
            "values": [
                {"from": e.start.isoformat(), "value": _jsonable(e.value), "source": e.source,
                 "confidence": e.confidence, "note": e.note}
                for e in self.entries
            ],
        }


def _jsonable(v: Any) -> Any:
    if isinstance(v, Fraction):
        return str(v)
    if isinstance(v, frozenset):
        return sorted(v)
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, Mapping):
        return {k: _jsonable(x) for k, x in v.items()}
    return v


def _parse_parameter(name: str, spec: Mapping[str, Any]) -> Parameter:
    unit = spec.get("unit")
    if unit not in UNITS:
        raise ParameterError(f"{name}: unit {unit!r} is not one of {sorted(UNITS)}")
    by = spec.get("by")
    entries: list[ValueEntry] = []
    local: dict[str, list[ValueEntry]] = {}
    for i, raw in enumerate(spec.get("values") or []):
        where = f"{name} values[{i}]"
        if "from" not in raw or "value" not in raw:
            raise ParameterError(f"{where}: needs 'from' and 'value'")
        start = raw["from"] if isinstance(raw["from"], date) else date.fromisoformat(str(raw["from"]))
        source = str(raw.get("source") or "").strip()
        if not source:
            raise ParameterError(f"{where}: every value needs a source")
        value = raw["value"]
        code = raw.get("jurisdiction")
        if code is not None and unit == "adcodes":  # a county option: adopted (true) or not (false)
            conv = _convert("bool", value, where)
        elif by is not None and value is not None:
            if not isinstance(value, Mapping):
                raise ParameterError(f"{where}: keyed by {by!r}, so the value must be a mapping")
            conv = {str(k): _convert(unit, v, f"{where}[{k}]") for k, v in value.items()}
            conv = {k: v for k, v in conv.items() if v is not None}
        else:
            conv = _convert(unit, value, where)
        entry = ValueEntry(start, conv, source, raw.get("confidence"), raw.get("note"), value,
                           jurisdiction=str(code) if code is not None else None)
        if code is None:
            entries.append(entry)
            continue
        if len(str(code)) != 6 or not str(code).isdigit() or str(code).endswith("0000"):
            raise ParameterError(f"{where}: jurisdiction must be a city or county code, got {code!r}")
        local.setdefault(str(code), []).append(entry)
    for code, items in local.items():
        if [e.start for e in items] != sorted({e.start for e in items}):
            raise ParameterError(f"{name}: values for {code} must be in increasing 'from' order")
    starts = tuple(e.start for e in entries)
    if list(starts) != sorted(starts) or len(set(starts)) != len(starts):
        raise ParameterError(f"{name}: values must be in increasing 'from' order")
    for key in ("label_zh", "label_en"):
        if not spec.get(key):
            raise ParameterError(f"{name}: missing {key}")
    return Parameter(
        name=name, label_zh=spec["label_zh"], label_en=spec["label_en"], unit=unit, by=by,
        entries=tuple(entries), reference=spec.get("reference"), description=spec.get("description"),
        local_standard=bool(spec.get("local_standard", False)), _starts=starts,
        county_option=unit == "adcodes" and bool(spec.get("county_option", False)),
        local={k: tuple(v) for k, v in local.items()},
    )


class ParameterStore:
    """All parameters by full name, with as-of snapshots."""

    def __init__(self, parameters: Mapping[str, Parameter]):
        self._base = dict(parameters)
        self._params = dict(parameters)
        self._snapshots: dict[date, Snapshot] = {}
        self.overlay_version = 0

    def set_local_values(self, entries: Sequence[tuple[str, ValueEntry]]) -> None:
        """Replace the administrator-maintained city/county values (``(parameter name, entry)``,
        e.g. approved in the database) laid over the bundled ones; snapshots are rebuilt."""
        by_name: dict[str, list[ValueEntry]] = {}
        for name, entry in entries:
            if name not in self._base:
                raise ParameterError(f"local value for unknown parameter {name!r}")
            by_name.setdefault(name, []).append(entry)
        params = dict(self._base)
        for name, items in by_name.items():
            params[name] = params[name].with_local(items)
        self._params = params
        self._snapshots = {}
        self._maintained = tuple(entries)
        self.overlay_version += 1

    def with_local_values(self, entries: Sequence[tuple[str, ValueEntry]]) -> ParameterStore:
        """A separate store: the bundled parameters with exactly these maintained values (replay)."""
        store = ParameterStore(self._base)
        store.set_local_values(entries)
        return store

    def maintained_for(self, names: Sequence[str]) -> list[dict[str, Any]]:
        """The maintained values of these parameters as plain data (stored with a decision)."""
        wanted = set(names)
        return [{"parameter": n, "jurisdiction": e.jurisdiction, "from": e.start.isoformat(),
                 "value": _jsonable(e.value), "source": e.source, "version": e.version}
                for n, e in self.maintained() if n in wanted]

    def entries_from_data(self, data: Sequence[Mapping[str, Any]]) -> list[tuple[str, ValueEntry]]:
        """The inverse of :meth:`maintained_for` (values converted as the parameter files are)."""
        out = []
        for d in data:
            p = self[d["parameter"]]
            raw = d["value"]
            value = raw if (p.unit == "adcodes" or isinstance(raw, bool)) else _convert(
                "fen" if p.unit == "yuan" else p.unit, raw, p.name)
            out.append((p.name, ValueEntry(date.fromisoformat(d["from"]), value, d["source"],
                                           jurisdiction=d["jurisdiction"], version=d.get("version"))))
        return out

    def maintained(self) -> tuple[tuple[str, ValueEntry], ...]:
        """The maintained values laid over the bundled ones (to hand to another process)."""
        return getattr(self, "_maintained", ())

    def ensure_local_values(self, entries: Sequence[tuple[str, ValueEntry]]) -> None:
        """``set_local_values`` unless exactly these are already in place (cheap in a worker)."""
        if tuple(entries) != self.maintained():
            self.set_local_values(entries)

    def local_values(self) -> list[tuple[str, ValueEntry]]:
        """Every city/county value (bundled and maintained), for lists and the 待维护 view."""
        return [(p.name, e) for p in self._params.values() for es in p.local.values() for e in es]

    def __contains__(self, name: str) -> bool:
        return name in self._params

    def __getitem__(self, name: str) -> Parameter:
        try:
            return self._params[name]
        except KeyError:
            raise ParameterError(f"no parameter named {name!r}") from None

    def names(self) -> list[str]:
        return sorted(self._params)

    def __iter__(self):
        return iter(self._params.values())

    def snapshot(self, as_of: date, overrides: Mapping[str, Any] | None = None) -> Snapshot:
        """Every parameter resolved for ``as_of``. ``overrides`` (already converted values, e.g.
        fen, Fraction, frozenset) replace values, for simulation and for administrators' settings."""
        if not overrides:
            snap = self._snapshots.get(as_of)
            if snap is None:
                snap = Snapshot(as_of, {n: p.effective_at(as_of) for n, p in self._params.items()}, self)
                if len(self._snapshots) > 4096:
                    self._snapshots.clear()
                self._snapshots[as_of] = snap
            return snap
        values = {n: p.effective_at(as_of) for n, p in self._params.items()}
        for name, value in overrides.items():
            if name not in self._params:
                raise ParameterError(f"override for unknown parameter {name!r}")
            values[name] = value
        return Snapshot(as_of, values, self, frozenset(overrides))

    def convert(self, name: str, raw: Any) -> Any:
        """Convert a raw (YAML/JSON-style) value for parameter ``name`` as the loader would."""
        p = self[name]
        if p.by is not None and isinstance(raw, Mapping):
            return {str(k): _convert(p.unit, v, name) for k, v in raw.items() if v is not None}
        return _convert(p.unit, raw, name)


@dataclass(frozen=True)
class Snapshot:
    """All parameter values for one date. ``None`` = not known."""

    as_of: date
    values: Mapping[str, Any]
    store: ParameterStore = field(repr=False, compare=False)
    overridden: frozenset[str] = frozenset()
    _entries: dict[str, ValueEntry | None] = field(default_factory=dict, repr=False, compare=False)
    _local: dict[str, dict[str, ValueEntry]] = field(default_factory=dict, repr=False, compare=False)

    def local_map(self, name: str) -> dict[str, ValueEntry]:
        """City and county values of ``name`` in force on this date (empty when overridden)."""
        cache = self._local
        if name not in cache:
            param = self.store[name]
            skip = name in self.overridden or param.unit == "adcodes"  # options are merged into the set
            cache[name] = {} if skip else param.local_at(self.as_of)
        return cache[name]

    def resolve(self, name: str, place: Any) -> tuple[Any, ValueEntry | None, str | None]:
        """The most specific value for ``place`` (a county code): the county's own value, else its
        city's, else the province-wide one. Returns (value, entry, jurisdiction code or None).
        When local values exist and the place is not known, the value is not known."""
        local = self.local_map(name)
        if not local:
            return self.get(name), self.entry(name), None
        if place is None:
            return None, None, None
        code = str(place)
        for c in (code, code[:4] + "00"):
            e = local.get(c)
            if e is not None:
                return e.value, e, c
        return self.get(name), self.entry(name), None

    def get(self, name: str) -> Any:
        try:
            return self.values[name]
        except KeyError:
            raise ParameterError(f"no parameter named {name!r}") from None

    def lookup(self, name: str, key: Any) -> Any:
        value = self.get(name)
        if value is None or key is None:
            return None
        return value.get(str(key))

    def entry(self, name: str) -> ValueEntry | None:
        cache = self._entries
        if name not in cache:
            cache[name] = self.store[name].entry_at(self.as_of)
        return cache[name]


def load_parameters(root: Path = PARAMETER_ROOT) -> ParameterStore:
    params: dict[str, Parameter] = {}
    for path in sorted(root.rglob("*.yaml")):
        rel = path.relative_to(root).with_suffix("")
        namespace = ".".join(rel.parts)
        with path.open(encoding="utf-8") as fh:
            data = yaml.safe_load(fh) or {}
        if not isinstance(data, Mapping):
            raise ParameterError(f"{path}: top level must be a mapping of parameters")
        for key, spec in data.items():
            name = f"{namespace}.{key}"
            params[name] = _parse_parameter(name, spec)
    return ParameterStore(params)


@cache
def _default_store() -> ParameterStore:
    return load_parameters()


class _LazyStore:
    """Module-level handle that loads the bundled parameters on first use."""

    def __getattr__(self, item: str) -> Any:
        return getattr(_default_store(), item)

    def __getitem__(self, name: str) -> Parameter:
        return _default_store()[name]

    def __contains__(self, name: str) -> bool:
        return name in _default_store()

    def __iter__(self):
        return iter(_default_store())


PARAMETERS: ParameterStore = _LazyStore()  # type: ignore[assignment]
