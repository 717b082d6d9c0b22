"""Reform documents: validation naming the field and the unknown name; overrides by date and county."""

from __future__ import annotations

from datetime import date

import pytest

from jiuye.simulation.reform import ReformInvalid, compile_reform, load_reform, parse_reform

from .conftest import REFORMS

CAP = "zj_2022_46.art24.annual_cap"
MOUNTAIN_26 = 26


def problems(data) -> dict[str, str]:
    with pytest.raises(ReformInvalid) as exc:
        parse_reform(data)
    return {p.field: f"{p.message_zh} / {p.message_en}" for p in exc.value.problems}


def test_bundled_examples_load():
    assert load_reform(REFORMS / "no_change.yaml").is_empty()
    art24 = load_reform(REFORMS / "art24_cap_30000.yaml")
    # 46号 第24条 “每年最高 2万元” raised to ¥30,000 = 3,000,000 fen from 2024-01-01
    scope, = compile_reform(art24).scopes(date(2024, 6, 30))
    assert scope.counties is None and scope.overrides == {CAP: 3_000_000}
    assert compile_reform(art24).scopes(date(2023, 12, 31))[0].overrides == {}


def test_unknown_parameter_is_named_with_the_closest_names():
    got = problems({"name": "x", "parameters": {"zj_2022_46.art24.anual_cap": 30000}})
    assert list(got) == ["parameters.zj_2022_46.art24.anual_cap"]
    assert "zj_2022_46.art24.annual_cap" in got["parameters.zj_2022_46.art24.anual_cap"]
    assert "没有名为" in got["parameters.zj_2022_46.art24.anual_cap"]


def test_every_problem_is_reported_with_its_field():
    got = problems({
        "name": "", "parameters": {CAP: [{"value": "abc", "counties": ["999999"]}]},
        "readings": {"zj_2022_46.readings.art24_amount": "maximum", "zj_2022_46.readings.nothing": "x"},
        "county_options": {CAP: {"counties": "mountain"}}, "provisions_off": ["zj_2022_46.art99"], "extra": 1,
    })
    assert set(got) == {"name", "extra"}  # structure first: nothing else is checked until it is right
    got = problems({
        "name": "x", "parameters": {CAP: [{"value": "abc", "counties": ["999999"]}]},
        "readings": {"zj_2022_46.readings.art24_amount": "maximum", "zj_2022_46.readings.nothing": "x"},
        "county_options": {CAP: {"counties": "mountain"}}, "provisions_off": ["zj_2022_46.art99"],
    })
    assert set(got) == {f"parameters.{CAP}[0].counties", f"parameters.{CAP}[0].value",
                        "readings.zj_2022_46.readings.art24_amount[0].value", "readings.zj_2022_46.readings.nothing",
                        f"county_options.{CAP}", "provisions_off[0]"}
    assert "cap、local_standard" in got["readings.zj_2022_46.readings.art24_amount[0].value"]
    assert "not a number" in got[f"parameters.{CAP}[0].value"]


def test_a_bad_date_names_the_from_field():
    got = problems({"name": "x", "parameters": {CAP: [{"value": 30000, "from": "2024-13-01"}]}})
    assert list(got) == [f"parameters.{CAP}.0.from"]


def test_county_values_make_scopes_and_later_values_win():
    reform = parse_reform({"name": "x", "parameters": {CAP: [
        {"value": 25000}, {"value": 30000, "counties": ["330802", "330803"]},
        {"value": 40000, "counties": "330803", "from": "2025-01-01"}]}})
    general, *scoped = compile_reform(reform).scopes(date(2025, 6, 30))
    assert general.counties is None and general.overrides == {CAP: 2_500_000}
    by = {s.counties: s.overrides[CAP] for s in scoped}
    assert by == {frozenset({"330802"}): 3_000_000, frozenset({"330803"}): 4_000_000}
    before = compile_reform(reform).scopes(date(2024, 6, 30))
    assert {s.counties: s.overrides[CAP] for s in before[1:]} == {frozenset({"330802", "330803"}): 3_000_000}


def test_county_options_add_counties_and_city_codes_expand():
    opted = "zj_2021_22.qi.opted_in_counties"
    reform = parse_reform({"name": "x", "county_options": {opted: [{"counties": "mountain"},
                                                                    {"counties": ["330800"], "mode": "remove"}]}})
    scope, = compile_reform(reform).scopes(date(2025, 6, 30))
    # 22号（七）: the 26 mountain counties opt in; then 衢州市's 6 counties are taken out again
    assert len(scope.overrides[opted]) == MOUNTAIN_26 - 6
    assert "330802" not in scope.overrides[opted] and "331102" in scope.overrides[opted]


def test_reading_switch_and_county_keyed_parameter():
    reform = parse_reform({"name": "x", "readings": {"zj_2022_46.readings.art24_amount": "local_standard"},
                           "parameters": {"zj_2021_22.qi.loan_amount_cap": [{"value": 500000, "counties": "330802"}]}})
    scope, = compile_reform(reform).scopes(date(2025, 6, 30))
    assert scope.overrides["zj_2022_46.readings.art24_amount"] == "local_standard"
    assert scope.overrides["zj_2021_22.qi.loan_amount_cap"] == {"330802": 50_000_000}


def test_a_reading_switch_under_parameters_is_checked_the_same_way():
    got = problems({"name": "x", "parameters": {"zj_2022_46.readings.art24_amount": "maximum"}})
    assert "cap、local_standard" in got["parameters.zj_2022_46.readings.art24_amount[0].value"]
    got = problems({"name": "x", "readings": {"zj_2022_46.art24.annual_cap": 30000}})
    assert "没有名为 zj_2022_46.art24.annual_cap 的理解开关" in got["readings.zj_2022_46.art24.annual_cap"]


def test_the_page_presets_are_the_bundled_examples():
    from importlib import resources

    for path in REFORMS.glob("*.yaml"):
        packaged = resources.files("jiuye.simulation").joinpath("presets", path.name).read_text(encoding="utf-8")
        assert packaged == path.read_text(encoding="utf-8"), path.name
