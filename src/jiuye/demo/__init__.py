"""Demo data: a user for every role and a few applications, so ``make run`` shows the workflow.

It sits above the domains (it submits, approves and pays through their services). The web app
calls :func:`seed_database` at start-up when :func:`wanted` (``JIUYE_SEED_DEMO``: ``1`` always,
``auto`` in demo mode); ``jiuye db seed-demo`` calls :func:`seed_demo`. Only an empty database is
seeded. Every demo user's password is ``DEMO_PASSWORD``; the users are listed in
``docs/applications.md``.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from ..accounts import service as accounts
from ..accounts.models import User
from ..applications import service as applications
from ..assistance import demo as assistance_demo
from ..audit import service as audit
from ..campaigns import demo as campaigns_demo
from ..db.core import session_factory
from ..db.settings import Settings
from ..ids import make_id_number, make_uscc
from ..jobs import demo as jobs_demo
from ..localstd import demo as localstd_demo
from ..localstd import service as localstd
from ..payments import service as payments
from ..targets import demo as targets_demo

log = logging.getLogger("jiuye.demo")
DEMO_PASSWORD = "jiuye-demo-2026"

# (username, role, display name, county, city, person (id number, name, county) or enterprise (uscc, name, county))
USERS: tuple[tuple[str, str, str, str | None, str | None, tuple[str, str, str] | None], ...] = (
    ("admin", "province_admin", "省人社厅管理员", None, None, None),
    ("admin2", "province_admin", "省人社厅复核员", None, None, None),
    ("hz_manager", "city_manager", "杭州市人社局管理员", None, "330100", None),
    ("qz_manager", "city_manager", "衢州市人社局管理员", None, "330800", None),
    ("shangcheng", "county_caseworker", "上城区经办人", "330102", None, None),
    ("kecheng", "county_caseworker", "柯城区经办人", "330802", None, None),
    ("kecheng_pay", "county_caseworker", "柯城区支付经办人", "330802", None, None),  # pays what kecheng approves
    ("sx_manager", "city_manager", "绍兴市人社局管理员", None, "330600", None),
    ("yuecheng", "county_caseworker", "越城区经办人", "330602", None, None),
    ("zhangsan", "applicant", "张三", None, None, (make_id_number("330102", date(1990, 3, 7), 123, "M"), "张三", "330102")),
    ("lisi", "applicant", "李四", None, None, (make_id_number("330802", date(2000, 1, 1), 234, "F"), "李四", "330802")),
    ("qiye", "enterprise", "衢州云仓电商有限公司", None, None, (make_uscc("91330802MA2DEKC01"), "衢州云仓电商有限公司", "330802")),
)


# The demo's applications were filed on these days (the server's date then: history, not a date anyone
# typed). 浙人社发〔2022〕46号 ended on 2025-12-31, so its claims are filed while it was in force. The
# Hangzhou 征求意见稿 has no effective date in the seeds and the demo records none: its benefits cannot
# be applied for (the calculator shows them as a draft), so the demo files none.
FILED_46 = date(2025, 5, 6)
FILED_QUZHOU = date(2025, 6, 3)
APPROVED_46 = date(2025, 5, 20)


def demo_applications(users: dict[str, Any]) -> list[tuple[str, dict[str, Any], str | None, date]]:
    """(username submitting, payload, idempotency key, filing date) of the demo applications."""
    employees = [{"id_number": _employee(i), "name": n} for i, n in enumerate(("王五", "赵六", "钱七"), 1)]
    return [
        ("kecheng", {"provision_id": "zj_2022_46.art21", "months": 8, "case": {
            "person": {"id_number": users["lisi"][0], "name": "李四", "university_graduate": True,
                       "graduation_date": "2024-06-30", "work_adcode": "330802", "flexible_employed": True,
                       "si_base_monthly_fen": 600_000, "si_paid_monthly_fen": 120_000}}}, "demo-art21-lisi", FILED_46),
        ("qiye", {"provision_id": "quzhou_2023_12.qi.startup_employment",
                  "employees": employees, "case": {
                      "person": {"first_startup": True, "university_graduate": False, "enrolled_student": False,
                                 "registered_unemployed": False, "difficulty_certified": False,
                                 "disabled_certified": False, "self_chosen_military_cadre": False,
                                 "self_employed_veteran": False},
                      "enterprise": {"adcode": "330802", "registered_on": "2023-03-01", "insured_hires_12m": 3}}},
         "demo-quzhou-qiye", FILED_QUZHOU),
        ("kecheng", {"provision_id": "zj_2022_46.art21", "case": {
            "person": {"id_number": _employee(9), "name": "孙八", "university_graduate": True,
                       "graduation_date": "2015-06-30", "difficulty_certified": False, "work_adcode": "330802",
                       "flexible_employed": True, "si_base_monthly_fen": 500_000, "si_paid_monthly_fen": 100_000}}},
         "demo-art21-not-eligible", FILED_46),
    ]


def _employee(i: int) -> str:
    return make_id_number("330802", date(1995, 1, i), 100 + i, "M" if i % 2 else "F")


def seed_demo(db_session: Session) -> bool:
    """Seed an empty database; returns False (and does nothing) when users exist."""
    if db_session.scalar(select(func.count()).select_from(User)):
        return False
    users: dict[str, Any] = {}
    for username, role, name, county, city, ident in USERS:
        person_id = enterprise_id = None
        if role == "applicant":
            person_id = applications.upsert_person(db_session, ident[0], ident[1], ident[2])
        elif role == "enterprise":
            enterprise_id = applications.upsert_enterprise(db_session, ident[0], ident[1], ident[2])
        user = accounts.create(db_session=db_session, username=username, role=role, display_name=name,
                               password=DEMO_PASSWORD, county_code=county, city_code=city, person_id=person_id,
                               enterprise_id=enterprise_id)
        users[username] = (ident[0] if ident else None, user)
        audit.record(db_session, actor=audit.SYSTEM, action="account.created", object_type="user", object_id=user.id,
                     county_code=county, details={"username": username, "role": role})
    db_session.commit()
    _seed_part(db_session, "gig market", lambda: jobs_demo.seed(db_session, {n: u for n, (_, u) in users.items()}))
    _seed_part(db_session, "targets", lambda: targets_demo.seed(
        db_session, county_user=users["yuecheng"][1], city_user=users["sx_manager"][1]))
    _seed_part(db_session, "local standards", lambda: localstd_demo.seed(db_session, users))
    created = {}
    for username, payload, key, filed_on in demo_applications(users):
        try:
            app, _ = applications.submit(db_session=db_session, user=users[username][1], payload=payload,
                                         idempotency_key=key, today=filed_on)
        except Exception:  # a rule being edited must not stop the demo
            log.exception("demo application %s could not be submitted", key)
            db_session.rollback()
            continue
        created[key] = app
    _seed_part(db_session, "register entries", lambda: assistance_demo.seed(db_session, users))
    _seed_part(db_session, "campaign", lambda: campaigns_demo.seed(db_session, users))
    if "demo-art21-lisi" not in created:
        return True
    # one approved application with a schedule, two instalments paid by another caseworker (审批与支付分离)
    kecheng, payer = users["kecheng"][1], users["kecheng_pay"][1]
    art21 = applications.approve(db_session=db_session, user=kecheng, application_id=created["demo-art21-lisi"].id,
                                 reason="材料齐全（演示）", today=APPROVED_46)
    for p in payments.list_payments(db_session=db_session, user=payer, application_id=art21.id)[:2]:
        payments.pay(db_session=db_session, user=payer, payment_id=p.id, idempotency_key=f"demo-pay-{p.id}",
                     bank_reference=f"DEMO{p.id:06d}")
    return True


def _seed_part(db_session: Session, what: str, seed: Any) -> None:
    """Seed one domain's demo data; a domain being edited must not stop the rest of the demo."""
    try:
        seed()
    except Exception:
        log.exception("demo %s could not be seeded", what)
        db_session.rollback()


def wanted(settings: Settings, *, demo_mode: bool) -> bool:
    """Seed at start-up? ``JIUYE_SEED_DEMO=1`` always, ``auto`` in demo mode (``make run``), ``0`` never."""
    return settings.seed_demo == "1" or (settings.seed_demo == "auto" and demo_mode)


def seed_database(engine: Engine) -> None:
    """Seed the (migrated) database behind ``engine`` when it is empty."""
    with session_factory(engine)() as session:
        if seed_demo(session):
            log.info("demo users and applications seeded (password %s)", DEMO_PASSWORD)
        localstd.refresh_overlay(session)  # approved local standards feed every evaluation
