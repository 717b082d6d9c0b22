"""Targets as data: the figures the documents set, and the Shaoxing district table.

Every target carries the figure as printed (``printed``: 9.5万人, 1亿元, 37%, 全覆盖) and the value
in its unit; :func:`parse_printed` converts one to the other so a typo in either is caught.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from .model import DATA, Entry, Target, normalise

_MULT = {"": 1, "万": 10_000, "亿": 100_000_000}
_PRINTED = re.compile(r"^(\d+(?:\.\d+)?)(万|亿)?(.*)$")
WORDS = {"全覆盖": (Fraction(100), "%"), "翻番": (Fraction(2), "倍")}


def parse_printed(printed: str, unit: str) -> Fraction | None:
    """The value of a printed figure in ``unit`` (``None`` when the printed unit does not fit)."""
    s = normalise(printed)
    if s in WORDS:
        value, u = WORDS[s]
        return value if u == unit else None
    m = _PRINTED.match(s)
    if not m:
        return None
    value = Fraction(m.group(1)) * _MULT[m.group(2) or ""]
    rest = m.group(3)
    if rest == unit:
        return value
    if unit == "万元" and rest == "元":
        return value / 10_000
    return None


def target_problems(entry: Entry, t: Target) -> list[str]:
    out = []
    if normalise(t.quote) not in normalise(entry.text):
        out.append(f"{t.id}: quote not in the entry text: {t.quote}")
    if normalise(t.printed) not in normalise(t.quote):
        out.append(f"{t.id}: printed figure {t.printed!r} not in its quote")
    got = parse_printed(t.printed, t.unit)
    if got is None or got != Fraction(str(t.value)):
        out.append(f"{t.id}: printed {t.printed!r} is {got} {t.unit}, but value is {t.value}")
    if not date(2021, 1, 1) <= t.deadline <= date(2030, 12, 31):
        out.append(f"{t.id}: deadline {t.deadline} outside the documents' horizon")
    return out


# --- the Shaoxing district table -----------------------------------------------------------
@dataclass(frozen=True)
class Column:
    key: str
    header_zh: str
    unit: str
    aggregate: str  # sum | same | text
    group_zh: str | None = None
    goal: str | None = None
    note: str | None = None

    @property
    def title(self) -> str:
        return f"{self.group_zh}·{self.header_zh}" if self.group_zh else self.header_zh


@dataclass(frozen=True)
class DistrictTable:
    title: str
    units_line: str
    deadline: date
    columns: tuple[Column, ...]
    rows: tuple[dict[str, Any], ...]  # districts, in order
    total: dict[str, Any]

    def column(self, key: str) -> Column:
        for c in self.columns:
            if c.key == key:
                return c
        raise KeyError(key)

    def problems(self) -> list[str]:
        """Each sum column adds up, each rate column is the same everywhere, text cells agree."""
        out = []
        for c in self.columns:
            values = [r[c.key] for r in self.rows]
            if c.aggregate == "sum" and sum(values) != self.total[c.key]:
                out.append(f"{c.key} ({c.title}): districts add up to {sum(values)}, 总计 says {self.total[c.key]}")
            elif c.aggregate == "same" and any(v != self.total[c.key] for v in values):
                out.append(f"{c.key} ({c.title}): a district differs from 总计 {self.total[c.key]}: {values}")
            elif c.aggregate == "text" and (len(set(values)) != 1 or not values[0]):
                out.append(f"{c.key} ({c.title}): the merged cell differs between districts")
        return out


def _num(v: str, unit: str) -> Any:
    if unit == "text":
        return v
    return int(v)


@cache
def district_table(csv_path: Path = DATA / "sx_2023_28_targets.csv",
                   meta_path: Path = DATA / "sx_2023_28_targets.yaml") -> DistrictTable:
    with meta_path.open(encoding="utf-8") as fh:
        meta = yaml.safe_load(fh)
    columns = tuple(Column(**c) for c in meta["columns"])
    with csv_path.open(encoding="utf-8", newline="") as fh:
        raw = list(csv.DictReader(fh))
    header = set(raw[0]) if raw else set()
    missing = {c.key for c in columns} - header
    if missing:
        raise ValueError(f"{csv_path.name}: columns {sorted(missing)} missing")
    rows = []
    total = None
    for r in raw:
        parsed = {"district": r["district"], "adcode": r["adcode"]}
        for c in columns:
            cell = r[c.key].strip()
            parsed[c.key] = _num(cell, c.unit) if cell or c.unit != "text" else ""
        if r["district"] == meta["total_row"]:
            total = parsed
        else:
            rows.append(parsed)
    if total is None:
        raise ValueError(f"{csv_path.name}: no {meta['total_row']} row")
    deadline = meta["deadline"] if isinstance(meta["deadline"], date) else date.fromisoformat(str(meta["deadline"]))
    return DistrictTable(meta["title"], meta["units_line"], deadline, columns, tuple(rows), total)
