"""The database fixtures of tests/db (SQLite and PostgreSQL), and register helpers."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from jiuye.assistance import service
from jiuye.assistance.schemas import parse_entry
from jiuye.ids import make_id_number
from tests.dbfixtures import (  # noqa: F401  (fixtures)
    db_engine,
    db_session,
    fresh_engine,
    password_hash,
    world,
)

TODAY = date(2026, 12, 6)


def woman_46(seq: int = 321) -> str:
    """A woman born 1980-05-10 in 上城区: 46 on 2026-12-06."""
    return make_id_number("330102", date(1980, 5, 10), seq, "F")


def entry(id_number: str, *, county: str = "330102", groups: str = "登记失业人员", entered: str = "2026-05-01",
          willing: Any = "是", able: Any = "是", **extra: Any):
    raw = {"id_number": id_number, "name": "王芳", "county_code": county, "groups": groups, "entered_on": entered,
           "willing": willing, "able": able, "hukou_adcode": county, "residence_adcode": county, **extra}
    return parse_entry(raw, today=TODAY)


@pytest.fixture
def registered(world):  # noqa: F811
    """王芳, 46, registered unemployed in 上城区 since 2026-05-01, willing and able."""
    return service.add_person(world.session, world["shangcheng"], entry(woman_46(), female_category="女职工"),
                              today=TODAY)


@pytest.fixture
def web(db_session, world):  # noqa: F811
    """The web app (every domain) on the test session."""
    from fastapi.testclient import TestClient

    from jiuye.db.core import get_db_session
    from jiuye.web.app import create_app

    app = create_app(database=False)
    app.dependency_overrides[get_db_session] = lambda: db_session
    with TestClient(app, follow_redirects=False) as c:
        yield c


def login(http: Any, user: Any) -> str:
    """Log ``user`` in (cookie); returns the CSRF token for forms."""
    from jiuye.accounts import service as accounts

    http.cookies.set(accounts.COOKIE, accounts.issue_token(user))
    return accounts.csrf_token(user)


def workbook(rows: list[list[Any]], header: list[str] | None = None) -> bytes:
    import io

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(header or ["身份证号", "姓名", "人员类别", "纳入台账日期", "就业意愿", "就业能力", "户籍地"])
    for r in rows:
        ws.append(r)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
