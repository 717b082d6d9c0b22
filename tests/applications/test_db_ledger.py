"""The database's entitlements and payments are the benefit ledger: the same records (with periods)
as a case's ``history``, so the approval re-check enforces the documents' limits over time —
maximum duration, one-time grants, yearly caps — from what the database already granted. On
SQLite and PostgreSQL (``tests/dbfixtures.py``)."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest
from sqlalchemy import select

from jiuye.applications import precheck
from jiuye.applications import service as apps
from jiuye.applications.limits import ledger_frame, ledger_records
from jiuye.applications.models import Application, Payment
from jiuye.catalogue.registry import evaluate_case, evaluate_frame
from jiuye.engine.history import HISTORY_SCHEMA
from jiuye.errors import Conflict, InputError
from jiuye.facts.models import BenefitRecord
from tests.dbfixtures import file_on, startup_employment

QZ = "quzhou_2023_12.qi.startup_employment"
ART24 = "zj_2022_46.art24"


def failed_ids(app: Application) -> list[str]:
    r = next(r for r in app.explanation["results"] if r["provision_id"] == app.provision_id)
    return [c["id"] for c in r["failed_conditions"]]


def _submit(world, payload, user="firm"):
    return apps.submit(db_session=world.session, user=world[user], payload=payload)[0]


def test_granted_instalments_are_ledger_records_with_their_periods(world):
    # 衢政发〔2023〕12号（七）: ¥5,000 per insured hire a year (3 hires: ¥15,000), 补贴期限不超过3年
    a = _submit(world, startup_employment(world.ids["firm"]))
    apps.approve(db_session=world.session, user=world["kecheng"], application_id=a.id, months=36)
    want = [BenefitRecord(provision_id=QZ, granted_on=date(y, 6, 1), amount_fen=1_500_000, period_start=date(y, 6, 1),
                          period_end=date(y + 1, 5, 31)) for y in (2025, 2026, 2027)]
    assert ledger_records(world.session, subject_key=a.subject_key) == want
    # the same records for 政策找人 (keyed by 统一社会信用代码) and for the approval re-check
    frame = ledger_frame(world.session).filter(pl.col("identity") == world.ids["firm"])
    assert frame.select([c for c in HISTORY_SCHEMA if c != "subject_id"]).to_dicts() == [
        {c: getattr(r, c) for c in HISTORY_SCHEMA if c != "subject_id"} for r in want]
    assert precheck.history_records(world.session, subject_key=a.subject_key) == want
    # a cancelled or clawed-back instalment was not received
    last = world.session.scalar(select(Payment).where(Payment.application_id == a.id, Payment.seq == 3))
    last.status = "cancelled"
    world.session.flush()
    assert ledger_records(world.session, subject_key=a.subject_key) == want[:2]


def test_the_approval_recheck_limits_the_months_to_what_remains(world):
    # 补贴期限不超过3年: 24 months granted, so a later application may have only the 12 left
    a = _submit(world, startup_employment(world.ids["firm"]))
    apps.approve(db_session=world.session, user=world["kecheng"], application_id=a.id, months=24)
    later = startup_employment(world.ids["firm"], on="2027-06-01")  # filed for the year after the first two
    b = _submit(world, later)
    assert b.status == "pending_review" and b.engine_max_months == 12  # 36 − 24 granted (elapsed: 0 months)
    with pytest.raises(InputError) as exc:
        apps.approve(db_session=world.session, user=world["kecheng"], application_id=b.id, months=24)
    assert "12" in exc.value.message_zh
    b = apps.approve(db_session=world.session, user=world["kecheng"], application_id=b.id, months=12)
    assert b.status == "approved"
    # parity: the re-check's answer is the single case's and the table's with the same ledger
    case = precheck.supplied_case(b.input_snapshot)
    records = ledger_records(world.session, subject_key=b.subject_key, exclude_id=b.id)
    single = evaluate_case(case.model_copy(update={"history": records}), b.application_date)[QZ]
    assert (single.outcome, single.amount_fen, single.max_duration_months) == ("eligible", 1_500_000, 12)
    row = {f"enterprise.{k}": v for k, v in case.enterprise.model_dump().items() if v is not None}
    row |= {f"person.{k}": v for k, v in case.person.model_dump().items() if v is not None}
    hist = (ledger_frame(world.session, subject_keys=[b.subject_key], exclude_id=b.id)
            .rename({"subject_key": "subject_id"}).select(list(HISTORY_SCHEMA)))
    frame = pl.DataFrame([{"enterprise.enterprise_id": b.subject_key, **row}])
    wide = evaluate_frame(frame, b.application_date, history=hist, key="enterprise.enterprise_id")
    assert (wide[f"{QZ}:outcome"][0], wide[f"{QZ}:amount_fen"][0], wide[f"{QZ}:max_duration_months"][0]) == (
        "eligible", 1_500_000, 12)
    # now all 36 months are granted: a third application is refused at submission and at approval
    third = startup_employment(world.ids["firm"], on="2028-06-01")
    c = _submit(world, third)
    assert c.status == "not_eligible" and "within_max_duration" in failed_ids(c)


def test_an_approval_is_refused_when_the_database_already_holds_the_years_grant(world):
    # 浙人社发〔2022〕46号 第24条: 每年最高 2万元 — ¥20,000 granted for the year starting 2025-06
    a = _submit(world, startup_employment(world.ids["firm"], provision=ART24, key_group=True, hires=1))
    b_payload = startup_employment(world.ids["firm"], provision=ART24, key_group=True, hires=1, on="2025-09-01")
    b = _submit(world, b_payload)  # while a is pending its ¥20,000 (no period) already counts in 2025
    assert b.status == "not_eligible" and "yearly_cap_not_reached" in failed_ids(b)
    apps.approve(db_session=world.session, user=world["kecheng"], application_id=a.id, months=12)
    apps.request_review(db_session=world.session, user=world["firm"], application_id=b.id, reason="请人工复核")
    with pytest.raises(Conflict) as exc:  # the instalment of 2025-06-01 holds the year's cap
        apps.approve(db_session=world.session, user=world["kecheng"], application_id=b.id, months=12)
    assert "yearly_cap_not_reached" in exc.value.extra["failed"]


def test_what_is_left_of_the_years_cap_limits_the_amount(world):
    # 每年最高 2万元: ¥5,000 granted in 2025, so ¥15,000 is left for another grant in 2025
    a = _submit(world, startup_employment(world.ids["firm"], provision=ART24, key_group=True, hires=1))
    apps.approve(db_session=world.session, user=world["kecheng"], application_id=a.id, months=12, amount_fen=500_000)
    b_payload = startup_employment(world.ids["firm"], provision=ART24, key_group=True, hires=1, on="2025-09-01")
    b = _submit(world, b_payload)
    assert b.status == "pending_review" and b.engine_amount_fen == 1_500_000
    with pytest.raises(InputError):
        apps.approve(db_session=world.session, user=world["kecheng"], application_id=b.id, months=12,
                     amount_fen=2_000_000)


def test_a_one_time_grant_is_never_approved_twice(world):
    # 杭州征求意见稿（三）: 依法缴纳社会保险费 12 个月，可按规定再申领 5000 元的一次性创业社保补贴 (一次性: once)
    def payload(on: str) -> dict:
        file_on(on)  # filed on that day (the server's date)
        return {"provision_id": "hz_2022_draft.san.startup_si_subsidy", "case": {
            "person": {"id_number": world.ids["zhang"], "name": "张三", "first_startup": True, "si_months": 14,
                       "university_graduate": True, "graduation_date": "2022-06-30", "residence_adcode": "330102"},
            "enterprise": {"adcode": "330102", "kind": "company", "registered_on": "2024-03-01"}}}

    a = _submit(world, payload("2025-06-03"), user="zhang")
    assert a.status == "pending_review" and a.engine_amount_fen == 500_000
    apps.approve(db_session=world.session, user=world["shangcheng"], application_id=a.id)
    assert [r.provision_id for r in ledger_records(world.session, subject_key=a.subject_key)] == [a.provision_id]
    again = _submit(world, payload("2026-02-03"), user="zhang")
    assert again.status == "not_eligible" and "one_time_not_received" in failed_ids(again)
    apps.request_review(db_session=world.session, user=world["zhang"], application_id=again.id, reason="请人工复核")
    with pytest.raises(Conflict) as exc:
        apps.approve(db_session=world.session, user=world["shangcheng"], application_id=again.id)
    assert "one_time_not_received" in exc.value.extra["failed"]
