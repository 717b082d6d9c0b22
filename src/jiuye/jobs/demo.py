"""Demo data of the gig market: postings and seekers in 柯城区 and 上城区.

- 衢州云仓电商有限公司 (user ``qiye``) posts three jobs in 柯城区 (e-commerce live-stream assistant by
  the hour, packing and sorting by the day, online customer service by the month);
- 张三 (user ``zhangsan``) posts two one-off gigs in 上城区 (home cleaning, moving help);
- 李四 (user ``lisi``, 柯城区, a 2024 graduate) is on the key-group register as 离校未就业高校毕业生,
  willing and able, hence on the 动态清零 watch list, and registered as a seeker (key group with
  consent): she finds the live-stream job by searching 电商, sees why it fits, applies — and when
  the enterprise hires her she leaves the watch list;
- the caseworkers ``kecheng`` and ``shangcheng`` have registered three seekers each in their county.

Dates are relative to the day the demo is seeded, so the postings are always current.
"""

from __future__ import annotations

import logging
from datetime import date, timedelta
from typing import Any

from sqlalchemy.orm import Session

from ..ids import make_id_number
from . import service

log = logging.getLogger("jiuye.jobs")


def postings(today: date) -> list[tuple[str, dict[str, Any]]]:
    soon = today + timedelta(days=3)
    return [
        ("qiye", {"title": "电商直播助理（小时工）", "occupation_code": "4-01-06-02",
                  "description": "协助主播上架商品、回复弹幕、整理订单，年货节直播排班。",
                  "skills": ["电商运营", "直播带货", "网店客服"], "county_code": "330802", "town_code": "330802005",
                  "pay_kind": "hourly", "pay_yuan": "28", "hours_per_day": 6, "hours_text": "每天14:00-20:00",
                  "start_date": soon.isoformat(), "end_date": (soon + timedelta(days=60)).isoformat(),
                  "headcount": 3}),
        ("qiye", {"title": "仓库打包分拣员（日结）", "occupation_code": "4-02-06-02",
                  "description": "电商仓库订单打包、分拣、贴单，日结工资。", "skills": ["打包发货", "仓储分拣"],
                  "county_code": "330802", "town_code": "330802005", "pay_kind": "daily", "pay_yuan": "160",
                  "hours_per_day": 8, "start_date": soon.isoformat(), "headcount": 5}),
        ("qiye", {"title": "网店客服", "occupation_code": "4-01-06-01", "description": "线上店铺售前售后客服，提供培训。",
                  "skills": ["网店客服", "电话客服", "办公软件"], "county_code": "330802", "town_code": "330802006",
                  "pay_kind": "monthly", "pay_yuan": "4500", "start_date": soon.isoformat(), "headcount": 2}),
        ("zhangsan", {"title": "家庭保洁（半天）", "occupation_code": "4-10-01-06",
                      "description": "两居室日常保洁，自带工具优先。", "skills": ["保洁", "家政服务"],
                      "county_code": "330102", "town_code": "330102004", "pay_kind": "hourly", "pay_yuan": "40",
                      "hours_per_day": 4, "start_date": soon.isoformat(), "end_date": soon.isoformat(),
                      "headcount": 1}),
        ("zhangsan", {"title": "搬家帮手", "occupation_code": "4-02-05-01", "description": "周末搬家，搬运家具纸箱。",
                      "skills": ["搬运装卸"], "county_code": "330102", "town_code": "330102004", "pay_kind": "daily",
                      "pay_yuan": "300", "hours_per_day": 8, "start_date": (soon + timedelta(days=2)).isoformat(),
                      "end_date": (soon + timedelta(days=2)).isoformat(), "headcount": 2}),
    ]


# (caseworker, name, county, town, skills, expected pay kind, yuan, key group)
SEEKERS = (
    ("kecheng", "王小梅", "330802", "330802005", ["打包发货", "仓储分拣", "收银"], "daily", "150", "unemployed"),
    ("kecheng", "刘建国", "330802", "330802008", ["叉车操作", "搬运装卸", "货车驾驶"], "monthly", "5000", None),
    ("kecheng", "陈晓燕", "330802", "330802006", ["电商运营", "短视频剪辑", "美工设计"], "hourly", "25", "graduate"),
    ("shangcheng", "赵丽", "330102", "330102004", ["保洁", "家政服务", "育婴"], "hourly", "35", "unemployed"),
    ("shangcheng", "孙强", "330102", "330102001", ["搬运装卸", "快递配送"], "daily", "260", None),
    ("shangcheng", "周敏", "330102", "330102003", ["收银", "导购销售", "餐厅服务"], "monthly", "4800", None),
)


def _register_lisi(db_session: Session, users: dict[str, Any], today: date) -> None:
    from ..applications.models import PersonRecord
    from ..assistance import service as assistance
    from ..assistance.schemas import parse_entry

    lisi = users["lisi"]
    number = db_session.get(PersonRecord, lisi.person_id).id_number
    entry = parse_entry({"id_number": number, "name": "李四", "county_code": "330802", "groups": "离校未就业高校毕业生",
                         "entered_on": (today - timedelta(days=45)).isoformat(), "willing": "是", "able": "是",
                         "hukou_adcode": "330802", "residence_adcode": "330802"}, today=today)
    assistance.add_person(db_session, users["kecheng"], entry, today=today)


def seed(db_session: Session, users: dict[str, Any], today: date | None = None) -> None:
    """Seed the gig market (``users``: username → User of the demo)."""
    today = today or date.today()
    try:
        _register_lisi(db_session, users, today)
    except Exception:  # the register is another domain's: the market's demo goes on without it
        log.exception("demo: 李四 could not be put on the key-group register")
        db_session.rollback()
    for username, payload in postings(today):
        service.create_posting(db_session=db_session, user=users[username], payload=payload)
    service.register_seeker(db_session=db_session, user=users["lisi"], payload={
        "skills": ["电商运营", "直播带货", "网店客服", "打包发货"], "county_code": "330802", "town_code": "330802005",
        "occupations": ["4-01-06-02"], "expected_pay_kind": "hourly", "expected_pay_yuan": "25",
        "available_from": today.isoformat(), "key_group": "graduate", "key_group_consent": "on"})
    for i, (cw, name, county, town, skills, kind, pay, group) in enumerate(SEEKERS):
        service.register_seeker(db_session=db_session, user=users[cw], payload={
            "id_number": make_id_number(county, date(1985 + i * 3, 1 + i, 10 + i), 500 + i, "F" if i % 2 == 0 else "M"),
            "name": name, "skills": skills, "county_code": county, "town_code": town, "expected_pay_kind": kind,
            "expected_pay_yuan": pay, "key_group": group, "key_group_consent": "on" if group else ""})
