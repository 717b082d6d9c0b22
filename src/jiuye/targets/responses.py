"""Response models of the targets API (``/api/v1/targets``)."""

from __future__ import annotations

from typing import Any

from ..fields import Answer


class CellOut(Answer):
    indicator: str
    jurisdiction: str
    status: str
    symbol: str
    status_label: str
    target: str | None = None
    actual: str | None = None
    completion: str | None = None
    elapsed: str | None = None
    gap: str | None = None
    as_of: str | None = None
    source: str | None = None
    derived: dict[str, Any] | None = None


class BoardOut(Answer):
    plan: str
    month: str
    cells: list[CellOut]
