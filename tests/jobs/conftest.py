"""Database fixtures of tests/db (SQLite and PostgreSQL), and gig-market payloads."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from tests.dbfixtures import (  # noqa: F401 - fixtures
    World,
    auth,
    db_engine,
    db_session,
    fresh_engine,
    login_cookie,
    password_hash,
    world,
)

TODAY = date.today()
START = TODAY + timedelta(days=7)


def posting_payload(**over: Any) -> dict[str, Any]:
    """An e-commerce packing job in 柯城区 (衢州, tier 3), ¥25 an hour."""
    out: dict[str, Any] = {"title": "电商仓库打包员", "description": "双十二大促，负责电商订单打包发货、分拣。",
                           "occupation_code": "4-02-06-02", "skills": ["电商运营", "直播带货", "打包发货", "网店客服"],
                           "county_code": "330802", "town_code": "330802005", "pay_kind": "hourly", "pay_yuan": "25",
                           "hours_per_day": 8, "start_date": START.isoformat(), "headcount": 2}
    out.update(over)
    return out


def seeker_payload(**over: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"skills": ["电商运营", "直播带货", "打包发货"], "county_code": "330802",
                           "town_code": "330802005", "expected_pay_kind": "hourly", "expected_pay_yuan": "22.32",
                           "occupations": ["4-02-06-02"]}
    out.update(over)
    return out
