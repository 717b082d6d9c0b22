"""Demo register entries in 上城区 and 柯城区 (called by the demo seeding when the database is new).

王芳 (46, registered unemployed for 7 months, willing and able, overdue on the watch list) is the
person of the issue's walk-through: a 上城区 caseworker certifies her, recommends a job, records
the placement and sees her leave the list. 张三 and 李四 (the applicant demo users) see their own
status on /assistance/me.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from ..dates import add_months
from ..ids import make_id_number
from . import service
from .schemas import parse_entry

WANG_FANG = make_id_number("330102", date(1980, 5, 10), 321, "F")


def entries(users: dict[str, Any], today: date) -> list[tuple[str, dict[str, Any]]]:
    """(caseworker username, raw entry) of the demo register."""
    seven = add_months(today, -7).isoformat()
    return [
        ("shangcheng", {"id_number": WANG_FANG, "name": "王芳", "groups": "登记失业人员", "entered_on": seven,
                        "willing": "是", "able": "是", "hukou_adcode": "330102", "residence_adcode": "330102",
                        "female_category": "女职工", "phone": "13800000001", "contact_preference": "电话"}),
        ("shangcheng", {"id_number": users["zhangsan"][0], "name": "张三", "groups": "登记失业人员",
                        "entered_on": add_months(today, -1).isoformat(), "willing": "是", "able": "是",
                        "hukou_adcode": "330102", "residence_adcode": "330102", "contact_preference": "微信"}),
        ("shangcheng", {"id_number": make_id_number("330102", date(2003, 9, 1), 452, "M"), "name": "陈一鸣",
                        "groups": "离校未就业高校毕业生", "entered_on": add_months(today, -2).isoformat(),
                        "willing": "否", "able": "是", "hukou_adcode": "330102", "residence_adcode": "330102"}),
        ("kecheng", {"id_number": users["lisi"][0], "name": "李四", "groups": "离校未就业高校毕业生",
                     "entered_on": add_months(today, -2).isoformat(), "willing": "是", "able": "是",
                     "hukou_adcode": "330802", "residence_adcode": "330802"}),
        ("kecheng", {"id_number": make_id_number("330802", date(1972, 3, 3), 611, "M"), "name": "周建国",
                     "groups": "低收入农户、低保低边家庭成员", "entered_on": add_months(today, -4).isoformat(),
                     "willing": "是", "able": "是", "hukou_adcode": "330802", "residence_adcode": "330802"}),
    ]


def seed(session: Session, users: dict[str, Any], today: date | None = None) -> int:
    """Add the demo register (each entry its own audited transaction); returns how many."""
    today = today or date.today()
    n = 0
    for username, raw in entries(users, today):
        user = users[username][1]
        p = service.add_person(session, user, parse_entry(raw, default_county=user.county_code, today=today),
                               today=today)
        n += 1
        if raw["name"] == "李四":
            service.record_service(session, user, p.id, kind="guidance", service_date=today,
                                   outcome="职业指导：了解求职意向（演示）", today=today)
    return n
