"""Demo local standards, set through the same workflow as real ones (proposed, then approved by a
second administrator): 柯城区's monthly post subsidy of 浙人社发〔2022〕46号 第19条, so the calculator
and ``POST /api/v1/evaluate`` show a county amount with its source, and one proposal for 衢江区
awaiting approval on the administrators' page.

The documents leave these amounts to the county ("按规定"); the seeds and the public sources we hold
give none, so the demo values are marked as demo data in their source, never as a real document.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from . import service

POST = "zj_2022_46.art19.post_subsidy"
DEMO_SOURCE = {"source_document": "演示数据（非真实文件）", "source_issuer": "柯城区人力资源和社会保障局（演示）",
               "source_date": "2023-12-20"}


def seed(db_session: Session, users: dict[str, Any]) -> None:
    kecheng, qz_manager = users["kecheng"][1], users["qz_manager"][1]
    lv = service.propose(db_session=db_session, user=kecheng, parameter=POST, jurisdiction="330802",
                         valid_from="2024-01-01", value="1000元", reason="演示：本区高校毕业生就业岗位补贴标准",
                         today=date.today(), **DEMO_SOURCE)
    service.approve(db_session=db_session, user=qz_manager, value_id=lv.id, reason="演示：复核无误")
    service.propose(db_session=db_session, user=qz_manager, parameter=POST, jurisdiction="330803",
                    valid_from="2024-07-01", value="900元", reason="演示：待另一位管理员审核", today=date.today(),
                    source_document="演示数据（非真实文件）", source_issuer="衢江区人力资源和社会保障局（演示）",
                    source_date="2024-06-20")
