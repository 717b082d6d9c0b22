"""Input validation: every bad field is named, in Chinese and English."""

from __future__ import annotations

from datetime import date

import pytest

from jiuye.errors import InputError
from jiuye.facts.models import Case
from jiuye.ids import make_id_number


def test_id_number_derives_birth_date_and_gender():
    num = make_id_number("330106", date(1978, 5, 10), 12, "F")
    case = Case.parse({"person": {"id_number": num}})
    assert case.person.birth_date == date(1978, 5, 10)
    assert case.person.gender == "F"


def test_bad_check_digit_names_the_field():
    num = make_id_number("330106", date(1990, 1, 1), 11, "M")
    bad = num[:-1] + ("0" if num[-1] != "0" else "1")
    with pytest.raises(InputError) as exc:
        Case.parse({"person": {"id_number": bad}})
    assert exc.value.field == "person.id_number"
    assert bad not in str(exc.value)  # never echo the full number
    assert exc.value.message_zh and exc.value.message_en


def test_birth_date_contradicting_the_id_number_is_refused():
    num = make_id_number("330106", date(1990, 1, 1), 11, "M")
    with pytest.raises(InputError, match="birth"):
        Case.parse({"person": {"id_number": num, "birth_date": "1991-01-01"}})


def test_unknown_division_code_is_refused_and_named():
    with pytest.raises(InputError) as exc:
        Case.parse({"person": {"work_adcode": "339999"}})
    assert "work_adcode" in exc.value.field


def test_retired_code_is_history_inside_an_id_number_but_not_a_current_place():
    num = make_id_number("330103", date(1980, 3, 3), 21, "M")  # 下城区, abolished 2021
    assert Case.parse({"person": {"id_number": num}}).person.gender == "M"
    with pytest.raises(InputError):
        Case.parse({"person": {"hukou_adcode": "330103"}})


def test_bad_uscc_is_refused():
    with pytest.raises(InputError) as exc:
        Case.parse({"enterprise": {"uscc": "91350100M000100Y44"}})
    assert exc.value.field == "enterprise.uscc"


@pytest.mark.parametrize(("data", "field"), [
    ({"person": {"graduation_date": "2023-13-01"}}, "person.graduation_date"),
    ({"person": {"si_months": -1}}, "person.si_months"),
    ({"person": {"gender": "X"}}, "person.gender"),
    ({"person": {"no_such_fact": 1}}, "person.no_such_fact"),
    ({"enterprise": {"insured_hires_12m": "many"}}, "enterprise.insured_hires_12m"),
])
def test_bad_values_name_their_field(data, field):
    with pytest.raises(InputError) as exc:
        Case.parse(data)
    assert exc.value.field == field
    assert exc.value.message_zh and exc.value.message_en


def test_empty_string_is_unknown_not_an_error():
    assert Case.parse({"person": {"graduation_date": ""}}).person.graduation_date is None


def test_hukou_in_another_province_is_history_not_an_error():
    # a migrant worker registered in 四川 (510000 prefix) but working in 柯城区
    case = Case.parse({"person": {"hukou_adcode": "510104", "work_adcode": "330802"}})
    assert case.person.hukou_adcode == "510104"
    with pytest.raises(InputError):
        Case.parse({"person": {"hukou_adcode": "990101"}})  # no such province
    with pytest.raises(InputError):
        Case.parse({"person": {"work_adcode": "510104"}})  # places of work are Zhejiang's
