"""The 免申即享 demo in 柯城区: 李四, a 2024 graduate hired by a small private firm, applied for the
post subsidy (46号 第19条); the enterprises 衢州云仓 and 衢州示范物流 applied for the startup-employment
subsidy earlier. A campaign over the enterprise benefit is seeded under review (two proposals: one
to exclude with a reason, one to push, which 衢州云仓 can then correct with 信息有误), so ``make run``
shows one; running the default campaign (衢政发〔2023〕12号 in force today) then finds
李四's graduate social insurance subsidy (二（三）, ¥2,400) she never applied for, and proposes nothing twice."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy.orm import Session

from ..applications import service as applications
from ..ids import make_id_number, make_uscc
from . import service

ENTERPRISE_BENEFIT = "quzhou_2023_12.qi.startup_employment"


def lisi_job(users: dict[str, Any], today: date) -> dict[str, Any]:
    """李四 (a 2024 graduate) was hired by a small private firm in 柯城区 and applied for 46号 第19条's
    post subsidy; the same facts make her owed Quzhou's graduate social insurance subsidy."""
    return {"provision_id": "zj_2022_46.art19", "case": {"person": {"id_number": users["lisi"][0], "name": "李四", "university_graduate": True,
                                "graduation_date": "2024-06-30", "hired_on": "2025-09-01", "work_adcode": "330802",
                                "employer_size": "small", "employer_ownership": "private", "currently_insured": True,
                                "first_employment": True,
                                "employee_si_months": 14}}}


def logistics_firm(today: date) -> dict[str, Any]:
    """衢州示范物流 (柯城区), registered 2023, three insured hires: 衢政发〔2023〕12号 （七）."""
    employees = [{"id_number": make_id_number("330802", date(1996, 2, i), 300 + i, "M" if i % 2 else "F"),
                  "name": n} for i, n in enumerate(("周一", "吴二", "郑三"), 1)]
    return {"provision_id": ENTERPRISE_BENEFIT, "employees": employees, "case": {
                "person": {"first_startup": True, "university_graduate": False, "enrolled_student": False,
                           "registered_unemployed": False, "difficulty_certified": False, "disabled_certified": False,
                           "self_chosen_military_cadre": False, "self_employed_veteran": False},
                "enterprise": {"uscc": make_uscc("91330802MA2DEKC02"), "name": "衢州示范物流有限公司",
                               "adcode": "330802", "registered_on": "2023-05-01", "insured_hires_12m": 3}}}


LOGISTICS_FILED = date(2025, 7, 15)  # the server's date when 衢州示范物流 applied


def filed_on(today: date) -> date:
    """李四 applied 20 days ago, or, once 46号 had ended (2025-12-31), in its last weeks (the server's date then)."""
    return min(today - timedelta(days=20), date(2025, 12, 10))


def seed(db_session: Session, users: dict[str, Any], today: date | None = None) -> None:
    today = today or date.today()
    kecheng = users["kecheng"][1]
    applications.submit(db_session=db_session, user=kecheng, payload=lisi_job(users, today),
                        idempotency_key="demo-art19-lisi", today=filed_on(today))
    applications.submit(db_session=db_session, user=kecheng, payload=logistics_firm(today),
                        idempotency_key="demo-quzhou-logistics", today=LOGISTICS_FILED)
    service.create(db_session=db_session, user=kecheng, provisions=[ENTERPRISE_BENEFIT], today=today, seed=20261206)
