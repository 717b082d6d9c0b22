"""Response models of the assistance API (``/api/v1/assistance``)."""

from __future__ import annotations

from ..fields import Answer


class WatchRow(Answer):
    id: int
    id_number: str
    name: str
    county_code: str
    watch_since: str
    days_since: int
    days_left: int
    overdue: bool


class WatchList(Answer):
    total: int
    items: list[WatchRow]


class GroupFigures(Answer):
    people: int
    served: int
    rate: str | None = None


class CountyFigures(Answer):
    county_code: str
    county_name: str
    people: int
    served: int
    rate: str | None = None
    difficulty_employed: int
    by_group: dict[str, GroupFigures]
