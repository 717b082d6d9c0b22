"""Zhejiang division codes: the current table, the retired codes and the lookups over both."""

from __future__ import annotations

import csv
from importlib import resources

import polars as pl
import pytest

from jiuye.errors import InputError
from jiuye.refdata import divisions as dv
from tests.conftest import ROOT


def _rows(filename: str) -> list[dict[str, str]]:
    text = resources.files("jiuye.refdata").joinpath(filename).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


CURRENT_ROWS = _rows("divisions.csv")
RETIRED_ROWS = _rows("retired_divisions.csv")
CITY_NAMES = {
    "杭州市",
    "宁波市",
    "温州市",
    "嘉兴市",
    "湖州市",
    "绍兴市",
    "金华市",
    "衢州市",
    "舟山市",
    "台州市",
    "丽水市",
}


# --- the current table ---------------------------------------------------------------------


def test_zhejiang_has_eleven_cities():
    cities = [d for d in dv.all_current() if d.level == "city"]
    assert len(cities) == 11
    assert {d.name for d in cities} == CITY_NAMES
    assert all(d.parent_code == dv.PROVINCE_CODE for d in cities)


def test_every_current_county_has_a_current_city_as_parent():
    counties = dv.counties()
    assert len(counties) == 90
    for d in counties:
        parent = dv.get_division(d.parent_code)
        assert parent is not None and parent.current and parent.level == "city", d


def test_all_current_starts_with_the_province_and_covers_both_files():
    current = dv.all_current()
    assert current[0].code == "330000" and current[0].level == "province" and current[0].parent_code is None
    assert len(current) == 1 + len(CURRENT_ROWS) == 102
    assert [d.code for d in current] == sorted(d.code for d in current)


def test_jiangshan_is_a_county_level_city_of_quzhou():
    d = dv.get_division("330881")
    assert d is not None and d.name == "江山市" and d.level == "county" and d.current
    assert dv.city_of("330881") == "330800"
    assert dv.name_of("330881") == "江山市"


def test_counties_of_quzhou():
    assert {d.name for d in dv.counties("330800")} == {
        "柯城区",
        "衢江区",
        "常山县",
        "开化县",
        "龙游县",
        "江山市",
    }
    assert [d.code for d in dv.counties("330100")][:3] == ["330102", "330105", "330106"]


@pytest.mark.parametrize("bad", ["330881", "330103", "999999"])
def test_counties_refuses_a_code_that_is_not_a_current_city(bad):
    with pytest.raises(InputError, match="city_code"):
        dv.counties(bad)


def test_divisions_csv_is_an_unchanged_copy_of_the_shared_file():
    shared = ROOT.parent / "shared" / "data" / "zhejiang_divisions.csv"
    assert shared.is_file(), f"shared data missing: {shared} (the shared folder belongs beside the repository)"
    packaged = resources.files("jiuye.refdata").joinpath("divisions.csv").read_bytes()
    assert packaged == shared.read_bytes()


# --- retired codes -------------------------------------------------------------------------


def test_xiacheng_330103_is_known_but_retired():
    d = dv.get_division("330103")
    assert d is not None and d.name == "下城区"
    assert dv.is_known("330103") and not dv.is_current("330103")
    assert (d.current, d.retired_on, d.successor_code) == (False, "2021", "330105")
    assert dv.city_of("330103") == "330100"


@pytest.mark.parametrize(
    ("code", "name", "successor"),
    [
        ("330103", "下城区", "330105"),
        ("330104", "江干区", "330102"),
        ("330181", "萧山市", "330109"),
        ("330184", "余杭市", "330110"),
        ("330183", "富阳市", "330111"),
        ("330185", "临安市", "330112"),
        ("330204", "江东区", "330212"),
        ("330283", "奉化市", "330213"),
        ("330621", "绍兴县", "330603"),
        ("330682", "上虞市", "330604"),
        ("330322", "洞头县", "330305"),
        ("331021", "玉环县", "331083"),
        ("330821", "衢县", "330803"),
        ("332500", "丽水地区", "331100"),
        ("332522", "青田县", "331121"),
        ("332600", "台州地区", "331000"),
        ("332624", "仙居县", "331024"),
    ],
)
def test_required_retired_codes_are_present_with_their_successor(code, name, successor):
    d = dv.get_division(code)
    assert d is not None and not d.current
    assert d.name == name
    assert d.successor_code == successor
    assert dv.is_current(successor)


def test_retired_and_current_codes_do_not_overlap():
    current = {r["code"] for r in CURRENT_ROWS}
    retired = [r["code"] for r in RETIRED_ROWS]
    assert len(retired) == len(set(retired))
    assert not current & set(retired)


@pytest.mark.parametrize("row", RETIRED_ROWS, ids=lambda r: r["code"])
def test_every_retired_row_is_sourced_and_resolves_to_a_current_city(row):
    assert row["code"].isdigit() and len(row["code"]) == 6 and row["code"].startswith("33")
    assert row["level"] in {"city", "county"}
    assert row["source"].strip() and row["confidence"] in {"high", "medium", "low"}
    assert 1980 <= int(row["retired_on"]) <= 2025
    if row["confidence"] == "medium":
        assert row["note"].strip(), "a medium row says why in its note"
    successor = dv.current_successor(row["code"])
    assert successor is not None and dv.is_current(successor)
    city = dv.city_of(row["code"])
    assert city is not None and dv.get_division(city).level == "city"


def test_successor_chain_is_followed():
    # 萧山县 (to 1987) → 339005 萧山市 (provincial series) → 330181 萧山市 → 330109 萧山区 (2001)
    assert dv.get_division("330121").successor_code == "339005"
    assert dv.current_successor("330121") == "330109"
    assert dv.city_of("339005") == "330100"
    assert dv.name_of("339005") == "萧山市"
    assert dv.current_successor("330881") == "330881"
    assert dv.current_successor("999999") is None


@pytest.mark.parametrize("code", ["339999", "999999", "", "33088", None, 330881])
def test_unknown_codes(code):
    assert dv.get_division(code) is None
    assert not dv.is_known(code) and not dv.is_current(code)
    assert dv.city_of(code) is None and dv.name_of(code) is None


def test_city_of_the_province_and_a_city():
    assert dv.city_of("330000") is None
    assert dv.city_of("331100") == "331100"


# --- require_division ------------------------------------------------------------------------


def test_require_division_returns_a_current_division():
    assert dv.require_division("330881").name == "江山市"
    assert dv.require_division(" 330881 ").code == "330881"


def test_require_division_refuses_a_retired_code_naming_the_field_and_the_successor():
    with pytest.raises(ValueError) as info:
        dv.require_division("330103")
    err = info.value
    assert isinstance(err, InputError) and err.field == "adcode"
    assert str(err).startswith("adcode: ")
    assert "已于2021年撤销" in err.message_zh and "330105" in err.message_zh
    assert "abolished in 2021" in err.message_en and "330105" in err.message_en


def test_require_division_uses_the_given_field_name():
    with pytest.raises(ValueError, match=r"^hukou_region: .*行政区划代码.* / .*division code"):
        dv.require_division("330103", field="hukou_region")


@pytest.mark.parametrize(
    ("code", "words"), [("999999", "不存在"), ("33010", "6位数字"), ("33O106", "6位数字")]
)
def test_require_division_refuses_unknown_or_malformed_codes(code, words):
    with pytest.raises(ValueError, match="adcode") as info:
        dv.require_division(code)
    assert words in info.value.message_zh


# --- the Polars frame ------------------------------------------------------------------------


def test_divisions_frame_has_current_and_retired_rows_with_their_city():
    df = dv.divisions_frame()
    assert df.columns == ["code", "name", "level", "parent_code", "city_code", "current"]
    assert df.schema["current"] == pl.Boolean
    assert df.height == 1 + len(CURRENT_ROWS) + len(RETIRED_ROWS)
    assert df.filter(pl.col("city_code").is_null())["code"].to_list() == ["330000"]
    row = df.filter(pl.col("code") == "330103").row(0, named=True)
    assert row == {
        "code": "330103",
        "name": "下城区",
        "level": "county",
        "parent_code": "330100",
        "city_code": "330100",
        "current": False,
    }
    counts = df.filter(pl.col("current")).group_by("level").len().sort("level")
    assert dict(counts.iter_rows()) == {"city": 11, "county": 90, "province": 1}


def test_divisions_frame_is_a_copy():
    df = dv.divisions_frame()
    df.drop_in_place("name")
    assert "name" in dv.divisions_frame().columns
