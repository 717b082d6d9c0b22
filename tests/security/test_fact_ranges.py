"""Issue 12, item 2: numbers and dates in case facts lie in plausible ranges, refused at the edge
(422) with a message naming the field in the user's words and units (元, %, 月; Chinese first) — by
the API, the calculator form and the application API alike."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from jiuye.accounts import service as accounts
from jiuye.errors import InputError
from jiuye.facts.models import BenefitRecord, Case, Enterprise, Organisation, Person
from jiuye.facts.ranges import range_for

SUBJECTS = {"person": Person, "enterprise": Enterprise, "organisation": Organisation}
INT_FACTS = [(s, n) for s, m in SUBJECTS.items() for n, f in m.model_fields.items() if f.annotation in (int, int | None)]
DATE_FACTS = [(s, n) for s, m in SUBJECTS.items() for n, f in m.model_fields.items() if f.annotation in (date, date | None)]


def test_every_number_and_date_fact_is_covered():
    assert len(INT_FACTS) >= 60 and len(DATE_FACTS) >= 15


@pytest.mark.parametrize("subject,name", INT_FACTS, ids=[f"{s}.{n}" for s, n in INT_FACTS])
def test_a_number_above_its_range_is_refused_naming_the_field(subject, name):
    high = range_for(name).high
    Case.parse({subject: {name: high}})  # the bound itself is accepted
    with pytest.raises(InputError) as e:
        Case.parse({subject: {name: high + 1}})
    err = e.value
    label = SUBJECTS[subject].model_fields[name].json_schema_extra["label_zh"]
    assert err.field == f"{subject}.{name}"
    assert err.message_zh.startswith(label.split("（")[0]) and "应在" in err.message_zh
    assert "（分" not in err.message_zh and "分/" not in err.message_zh and "基点" not in err.message_zh  # 元, %
    assert "fen" not in err.message_en and "bp" not in err.message_en


def test_the_ranges_read_in_the_users_units():
    cases = {("person", "loan_rate_bp", 10_001): "合同利率（%）应在0至100之间",
             ("person", "si_base_monthly_fen", 100_000_001): "社保缴费基数（元/月）应在0至1,000,000之间",
             ("person", "loan_amount_fen", 10**13): "贷款金额（元）应在0至1,000,000,000之间",
             ("person", "loan_term_months", 361): "贷款期限（月）应在0至360之间",
             ("person", "si_months", 601): "已连续缴纳社保月数应在0至600之间"}
    for (subject, name, value), message in cases.items():
        with pytest.raises(InputError) as e:
            Case.parse({subject: {name: value}})
        assert e.value.message_zh == message


@pytest.mark.parametrize("subject,name", DATE_FACTS, ids=[f"{s}.{n}" for s, n in DATE_FACTS])
def test_a_date_outside_1900_to_2100_is_refused(subject, name):
    for bad in ("1899-12-31", "2101-01-01"):
        with pytest.raises(InputError) as e:
            Case.parse({subject: {name: bad}})
        assert e.value.field == f"{subject}.{name}" and "1900-01-01至2100-12-31" in e.value.message_zh


def test_impossible_dates_of_a_life_are_refused():
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    with pytest.raises(InputError) as e:
        Case.parse({"person": {"birth_date": tomorrow}})
    assert (e.value.field, e.value.message_zh) == ("person.birth_date", "出生日期不能晚于今天")
    with pytest.raises(InputError) as e:
        Case.parse({"person": {"birth_date": "2000-05-01", "graduation_date": "1999-06-30"}})
    assert (e.value.field, e.value.message_zh) == ("person.graduation_date", "毕业日期不能早于出生日期")
    Case.parse({"person": {"birth_date": "2000-05-01", "graduation_date": "2022-06-30"}})


def test_history_records_are_checked_too():
    for field, value, message in (("amount_fen", 10**12, "金额（元）应在0至1,000,000,000之间"),
                                  ("granted_on", "1800-01-01", "享受日期应在1900-01-01至2100-12-31之间")):
        record = {"provision_id": "zj_2022_46.art21", "granted_on": "2024-01-01", field: value}
        with pytest.raises(InputError) as e:
            Case.parse({"history": [record]})
        assert (e.value.field, e.value.message_zh) == (f"history.0.{field}", message)
    assert BenefitRecord(provision_id="x", granted_on=date(2024, 1, 1), amount_fen=100_000).amount_fen == 100_000


def test_the_api_answers_422_naming_the_field(client):
    r = client.post("/api/v1/evaluate", json={"as_of": "2024-10-01", "person": {"loan_rate_bp": 20_000}})
    assert r.status_code == 422
    assert r.json()["errors"][0] == {"field": "person.loan_rate_bp", "message_zh": "合同利率（%）应在0至100之间",
                                     "message_en": "contract rate (%) must be between 0 and 100"}


def test_the_calculator_form_shows_the_field_in_the_users_words(client):
    r = client.post("/calculator", data={"subject": "person", "as_of": "2024-10-01", "person.si_months": "100000"})
    assert "已连续缴纳社保月数应在0至600之间" in r.text


def test_the_application_api_refuses_an_implausible_fact(app_client, world):
    headers = {"Authorization": f"Bearer {accounts.issue_token(world['kecheng'])}"}
    payload = {"provision_id": "zj_2022_46.art21", "months": 6, "case": {"person": {
        "id_number": world.ids["li"], "name": "李四", "work_adcode": "330802", "flexible_employed": True,
        "si_base_monthly_fen": 600_000, "si_paid_monthly_fen": 10**12}}}
    r = app_client.post("/api/v1/applications", json=payload, headers=headers)
    assert r.status_code == 422, r.text
    assert r.json()["field"].endswith("person.si_paid_monthly_fen")
    assert r.json()["message_zh"] == "本人每月缴纳社保费（元）应在0至1,000,000之间"
