"""Where a reform's value applies: county codes, a city's counties, the mountain counties, or all."""

from __future__ import annotations

from datetime import date

from ..params.store import PARAMETERS
from ..refdata.divisions import counties as current_counties
from ..refdata.divisions import get_division

MOUNTAIN_PARAM = "zj_2021_22.mountain_counties"
ALL_WORDS = {"all", "province", "全省", "浙江省"}
MOUNTAIN_WORDS = {"mountain", "山区县", "山区26县"}


class PlaceError(ValueError):
    def __init__(self, zh: str, en: str):
        self.zh, self.en = zh, en
        super().__init__(f"{en} / {zh}")


def all_counties() -> frozenset[str]:
    return frozenset(d.code for d in current_counties())


def check_places(spec: str | list[str] | None) -> None:
    """Raise :class:`PlaceError` for a word or code that names no place (checked once, up front)."""
    for item in _items(spec):
        if item in ALL_WORDS or item in MOUNTAIN_WORDS:
            continue
        d = get_division(item)
        if d is None or not d.current:
            raise PlaceError(f"“{item}”不是现行的县（市、区）或设区市代码，也不是“山区县”或“全省”",
                             f"{item!r} is not a current county or city code, nor 'mountain' or 'all'")
        if d.level == "province":
            continue


def resolve_places(spec: str | list[str] | None, as_of: date) -> frozenset[str] | None:
    """The county codes named by ``spec`` as of ``as_of``; ``None`` means everywhere."""
    items = _items(spec)
    if not items:
        return None
    out: set[str] = set()
    for item in items:
        if item in ALL_WORDS:
            return None
        if item in MOUNTAIN_WORDS:
            out |= set(PARAMETERS.snapshot(as_of).get(MOUNTAIN_PARAM) or ())
            continue
        d = get_division(item)
        if d is None:
            raise PlaceError(f"“{item}”不是县（市、区）代码", f"{item!r} is not a county code")
        if d.level == "province":
            return None
        out |= {c.code for c in current_counties(d.code)} if d.level == "city" else {d.code}
    return frozenset(out)


def _items(spec: str | list[str] | None) -> list[str]:
    if spec is None:
        return []
    raw = [spec] if isinstance(spec, str) else list(spec)
    return [str(x).strip() for x in raw if str(x).strip()]
