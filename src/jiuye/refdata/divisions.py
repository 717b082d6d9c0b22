"""Zhejiang division codes (行政区划代码, GB/T 2260): the current table and the retired codes.

Two CSV files sit beside this module (see ``README.md``):

- ``divisions.csv``: the current codes of Zhejiang's 11 cities and their counties/districts;
- ``retired_divisions.csv``: Zhejiang codes that no longer exist but still appear in older
  identity numbers (e.g. 330103 下城区, abolished 2021 and merged into 拱墅区 330105).

A retired code is a *known* code (an identity number that carries it is fine) but never an
acceptable *current* place: :func:`require_division` refuses it and names its successor.

The province itself (330000 浙江省) is not a row of either file; it is added here so that every
``parent_code`` of a city resolves.
"""

from __future__ import annotations

import csv
import functools
import io
import re
from dataclasses import dataclass
from importlib import resources

import polars as pl

from jiuye.errors import InputError

PROVINCE_CODE = "330000"
PROVINCE_NAME = "浙江省"

#: First two digits of every province-level division in GB/T 2260 (incl. 71 台湾, 81 香港, 82 澳门).
PROVINCE_PREFIXES: frozenset[str] = frozenset(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65 71 81 82".split()
)

LEVELS = ("province", "city", "county")
_CODE_RE = re.compile(r"[0-9]{6}")
_MAX_SUCCESSOR_HOPS = 12


@dataclass(frozen=True)
class Division:
    """One division code. ``current`` is False for a retired code, which then has ``retired_on``
    (the year it was abolished, as a string such as ``"2021"``) and usually a ``successor_code``."""

    code: str
    name: str
    level: str  # 'province' | 'city' | 'county'
    parent_code: str | None
    current: bool
    retired_on: str | None
    successor_code: str | None


def _read_csv(filename: str) -> list[dict[str, str]]:
    text = resources.files(__package__).joinpath(filename).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


@functools.cache
def _table() -> dict[str, Division]:
    """Load both CSV files once. Raises ``ValueError`` if the files contradict each other."""
    table: dict[str, Division] = {
        PROVINCE_CODE: Division(PROVINCE_CODE, PROVINCE_NAME, "province", None, True, None, None)
    }
    for row in _read_csv("divisions.csv"):
        table[row["code"]] = Division(
            code=row["code"],
            name=row["name"],
            level=row["level"],
            parent_code=row["parent_code"] or None,
            current=True,
            retired_on=None,
            successor_code=None,
        )
    for row in _read_csv("retired_divisions.csv"):
        code = row["code"]
        if code in table:
            raise ValueError(f"retired_divisions.csv: {code} is also a current code")
        table[code] = Division(
            code=code,
            name=row["name"],
            level=row["level"],
            parent_code=row["parent_code"] or None,
            current=False,
            retired_on=row["retired_on"] or None,
            successor_code=row["successor_code"] or None,
        )
    for d in table.values():
        if d.level not in LEVELS or not _CODE_RE.fullmatch(d.code):
            raise ValueError(f"division table: bad row {d!r}")
    return table


def _normalise(code: object) -> str | None:
    return code.strip() if isinstance(code, str) else None


def get_division(code: str) -> Division | None:
    """The division with this code, current or retired; ``None`` if the code is not known."""
    key = _normalise(code)
    return None if key is None else _table().get(key)


def is_current(code: str) -> bool:
    """True if ``code`` is a current Zhejiang division code (province, city or county)."""
    d = get_division(code)
    return d is not None and d.current


def is_known(code: str) -> bool:
    """True if ``code`` is a current or a retired Zhejiang division code."""
    return get_division(code) is not None


def current_successor(code: str) -> str | None:
    """The current code that now covers ``code``: itself if current, else the end of its chain
    of successors (e.g. 330121 萧山县 → 339005 → 330181 萧山市 → 330109 萧山区).

    ``None`` if the code is unknown or its chain does not reach a current code.
    """
    d = get_division(code)
    for _ in range(_MAX_SUCCESSOR_HOPS):
        if d is None:
            return None
        if d.current:
            return d.code
        d = _table().get(d.successor_code) if d.successor_code else None
    return None


def name_of(code: str) -> str | None:
    """The name of a current or retired division (``'江山市'`` for ``'330881'``), else ``None``."""
    d = get_division(code)
    return None if d is None else d.name


def city_of(code: str) -> str | None:
    """The 6-digit code of the current city containing ``code`` (``'330800'`` for ``'330881'``).

    A city returns itself; a retired code is first mapped to its current successor. Returns
    ``None`` for the province and for unknown codes.
    """
    succ = current_successor(code)
    if succ is None:
        return None
    d = _table()[succ]
    if d.level == "city":
        return d.code
    if d.level == "county":
        return d.parent_code
    return None


def require_division(code: str, field: str = "adcode") -> Division:
    """The CURRENT division with this code, or raise :class:`jiuye.errors.InputError`
    (a ``ValueError``) naming ``field``.

    Use it for facts that name a place (户籍地, 常住地, 参保地). A retired code is refused with
    its successor in the message: it may appear inside an identity number, never as a place now.
    """
    key = _normalise(code)
    if key is None or not _CODE_RE.fullmatch(key):
        raise InputError(
            field,
            f"行政区划代码应为6位数字，收到 {code!r}",
            f"a division code (adcode) must be 6 digits, got {code!r}",
        )
    d = _table().get(key)
    if d is None:
        raise InputError(
            field,
            f"行政区划代码 {key} 不存在（不是浙江省现行行政区划代码）",
            f"division code (adcode) {key} does not exist (not a current Zhejiang division code)",
        )
    if not d.current:
        succ = current_successor(key)
        now_zh = f"，现行代码为 {succ}（{name_of(succ)}）" if succ else ""
        now_en = f"; the current code is {succ} ({name_of(succ)})" if succ else ""
        raise InputError(
            field,
            f"行政区划代码 {key}（{d.name}）已于{d.retired_on}年撤销{now_zh}",
            f"division code (adcode) {key} ({d.name}) was abolished in {d.retired_on}{now_en}",
        )
    return d


def all_current() -> list[Division]:
    """Every current division (the province, 11 cities and their counties), sorted by code."""
    return sorted((d for d in _table().values() if d.current), key=lambda d: d.code)


def counties(city_code: str | None = None) -> list[Division]:
    """Current county-level divisions (县、县级市、区), sorted by code; only those of
    ``city_code`` when given, which must be a current city code."""
    if city_code is not None:
        city = require_division(city_code, field="city_code")
        if city.level != "city":
            raise InputError(
                "city_code",
                f"{city.code}（{city.name}）不是设区市代码",
                f"{city.code} ({city.name}) is not a city code",
            )
    return [
        d
        for d in all_current()
        if d.level == "county" and (city_code is None or d.parent_code == city_code.strip())
    ]


@functools.cache
def _frame() -> pl.DataFrame:
    rows = sorted(_table().values(), key=lambda d: (not d.current, d.code))
    return pl.DataFrame(
        {
            "code": [d.code for d in rows],
            "name": [d.name for d in rows],
            "level": [d.level for d in rows],
            "parent_code": [d.parent_code for d in rows],
            "city_code": [city_of(d.code) for d in rows],
            "current": [d.current for d in rows],
        },
        schema={
            "code": pl.String,
            "name": pl.String,
            "level": pl.String,
            "parent_code": pl.String,
            "city_code": pl.String,
            "current": pl.Boolean,
        },
    )


def divisions_frame() -> pl.DataFrame:
    """All divisions, current first then retired, as a Polars frame with columns
    ``code, name, level, parent_code, city_code, current`` (``city_code`` follows successors,
    so a retired code joins to the city that covers it today)."""
    return _frame().clone()
