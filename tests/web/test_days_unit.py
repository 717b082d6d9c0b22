"""A number of days reads as days: 月计薪天数 is ``21.75天`` / ``21.75 days`` on its page, in the
parameter list and in an explanation's parameter — never the stored fraction ``87/4`` nor ``2175%``."""

from __future__ import annotations

from fractions import Fraction

import pytest

from jiuye.params.store import PARAMETERS
from jiuye.params.units import days_text, parse_days
from jiuye.web import params_view
from jiuye.web.param_text import param_value
from tests.web.test_no_internals_on_pages import leaks, visible

DAYS = "external.wage_conversion.monthly_paid_days"


def test_monthly_paid_days_is_a_number_of_days():
    p = PARAMETERS[DAYS]
    assert p.unit == "days"
    assert p.entries[0].value == Fraction(87, 4)  # exact: 日工资 = 月工资 ÷ 21.75
    assert "21.75天" in p.entries[0].source  # the source as printed, unchanged


@pytest.mark.parametrize(("lang", "shown"), [("zh", "21.75天"), ("en", "21.75 days")])
def test_the_parameter_page_reads_days(client, lang, shown):
    client.cookies.set("lang", lang)
    r = client.get(f"/parameters/{DAYS}")
    assert r.status_code == 200
    page = visible(r.text)
    assert shown in page
    assert "87/4" not in page and "2175" not in page
    assert ("天" if lang == "zh" else "days") in page.split(shown)[0]  # the unit line, before the values
    assert not leaks(r.text)


@pytest.mark.parametrize(("lang", "shown"), [("zh", "21.75天"), ("en", "21.75 days")])
def test_the_parameter_list_reads_days(client, lang, shown):
    client.cookies.set("lang", lang)
    page = visible(client.get("/parameters", params={"q": "月计薪天数" if lang == "zh" else "paid days"}).text)
    assert shown in page and "87/4" not in page and "2175%" not in page


@pytest.mark.parametrize(("value", "lang", "shown"), [
    ("87/4", "zh", "21.75天"), ("87/4", "en", "21.75 days"), (Fraction(87, 4), "zh", "21.75天"),
    (22, "zh", "22天"), (1, "en", "1 day"), (None, "zh", "?"),
])
def test_param_text_reads_days(value, lang, shown):
    """An explanation's parameter (the value as the trace serialises it: a fraction as text)."""
    assert param_value({"name": DAYS, "value": value}, lang) == shown


def test_other_day_counts_read_as_days_and_stay_whole():
    for name, n in (("hz_2022_draft.wu.days_per_year", 365), ("hz_2022_draft.shisi.training_certificate_max_days", 20)):
        p = PARAMETERS[name]
        assert p.unit == "days" and p.entries[-1].value == n and type(p.entries[-1].value) is int  # the engine counts
        assert params_view.value_text(p, n, "zh") == f"{n}天"
        assert params_view.value_text(p, n, "en") == f"{n} days"


def test_no_rate_is_a_number_of_days():
    """A rate above 1 is a multiple of money (上浮20% = 6/5, 130% of the minimum wage), never days."""
    for name in PARAMETERS.names():
        p = PARAMETERS[name]
        if p.unit == "rate":
            assert "天" not in p.label_zh and "day" not in p.label_en.lower(), name


def test_days_parse_exactly():
    assert parse_days("21.75") == Fraction(87, 4) and parse_days("87/4") == Fraction(87, 4)
    assert parse_days(365) == 365 and type(parse_days("365")) is int
    assert days_text(Fraction(365, 12)) == "30.4167天"
    for bad in ("-1", True, "x"):
        with pytest.raises(ValueError):
            parse_days(bad)


def test_the_api_serves_days_as_a_decimal(client):
    r = client.get(f"/api/v1/parameters/{DAYS}")
    assert r.status_code == 200
    assert r.json()["value"] == "21.75" and r.json()["values"][0]["value"] == "21.75"


def test_the_literate_pages_and_the_simulation_excel_read_days():
    from jiuye.catalogue.describe import parameter_view
    from jiuye.simulation.describe import format_value

    assert parameter_view(DAYS)["history"][0]["value"] == "21.75天"
    assert parameter_view("hz_2022_draft.wu.days_per_year")["history"][0]["value"] == "365天"
    assert format_value(DAYS, Fraction(87, 4)) == "21.75天"
    assert format_value("hz_2022_draft.wu.days_per_year", 366) == "366天"


@pytest.mark.parametrize(("lang", "word"), [("zh", "高"), ("en", "high")])
def test_the_confidence_of_a_value_is_in_the_page_language(client, lang, word):
    """A source's confidence reads 高/中/低 in Chinese (not the stored key ``high``)."""
    client.cookies.set("lang", lang)
    page = visible(client.get("/parameters/external.wage_conversion.monthly_paid_days").text)
    row = page.split("2008-01-03")[-1]
    assert word in row
    if lang == "zh":
        assert "high" not in row
