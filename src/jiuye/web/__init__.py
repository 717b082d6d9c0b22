"""The web application: HTTP API v1 and server-rendered pages (see ``docs/web.md``)."""

from __future__ import annotations

from typing import Any


def create_app(*, demo: bool = False, database: bool = True) -> Any:
    from .app import create_app as _create

    return _create(demo=demo, database=database)


__all__ = ["create_app"]
