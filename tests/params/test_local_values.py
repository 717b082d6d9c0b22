"""City and county values of a parameter (参数维护): the most specific value in force wins."""

from __future__ import annotations

from datetime import date

import pytest

from jiuye.errors import ParameterError
from jiuye.params.store import ParameterStore, ValueEntry, _parse_parameter

SPEC = {
    "label_zh": "就业岗位补贴（每月）", "label_en": "post subsidy per month", "unit": "yuan",
    "local_standard": True,
    "values": [
        {"from": date(2022, 6, 24), "value": None, "source": "浙人社发〔2022〕46号 第19条（按规定）"},
        {"from": date(2024, 1, 1), "value": 1000, "source": "衢州市 示例文件", "jurisdiction": "330800"},
        {"from": date(2024, 7, 1), "value": 1500, "source": "柯城区 示例文件", "jurisdiction": "330802"},
    ],
}
OPTION = {
    "label_zh": "已放宽的地区", "label_en": "areas that widened", "unit": "adcodes",
    "values": [
        {"from": date(2022, 6, 24), "value": [], "source": "第19条"},
        {"from": date(2024, 1, 1), "value": True, "source": "柯城区 决定", "jurisdiction": "330802"},
        {"from": date(2025, 1, 1), "value": False, "source": "柯城区 撤回", "jurisdiction": "330802"},
    ],
}


@pytest.fixture
def store() -> ParameterStore:
    return ParameterStore({"t.post": _parse_parameter("t.post", SPEC), "t.option": _parse_parameter("t.option", OPTION)})


def test_county_value_beats_city_value_beats_province(store: ParameterStore) -> None:
    snap = store.snapshot(date(2024, 8, 1))
    value, entry, code = snap.resolve("t.post", "330802")  # 柯城区
    assert (value, code, entry.source) == (150000, "330802", "柯城区 示例文件")
    value, _, code = snap.resolve("t.post", "330803")  # 衢江区: the city's value
    assert (value, code) == (100000, "330800")
    value, _, code = snap.resolve("t.post", "330102")  # 上城区: province-wide, not set
    assert (value, code) == (None, None)


def test_value_before_its_date_is_not_used(store: ParameterStore) -> None:
    snap = store.snapshot(date(2024, 3, 1))
    assert snap.resolve("t.post", "330802")[:3:2] == (100000, "330800")
    assert store.snapshot(date(2023, 12, 31)).resolve("t.post", "330802")[0] is None


def test_unknown_place_is_not_known_when_local_values_exist(store: ParameterStore) -> None:
    assert store.snapshot(date(2024, 8, 1)).resolve("t.post", None)[0] is None


def test_county_option_is_a_dated_switch(store: ParameterStore) -> None:
    assert store.snapshot(date(2023, 6, 1)).get("t.option") == frozenset()
    assert store.snapshot(date(2024, 6, 1)).get("t.option") == frozenset({"330802"})
    assert store.snapshot(date(2025, 6, 1)).get("t.option") == frozenset()


def test_maintained_values_are_laid_over_and_replaced(store: ParameterStore) -> None:
    store.set_local_values([("t.post", ValueEntry(date(2025, 1, 1), 180000, "柯人社〔2025〕1号",
                                                  jurisdiction="330802", version="7"))])
    snap = store.snapshot(date(2025, 2, 1))
    value, entry, _ = snap.resolve("t.post", "330802")
    assert (value, entry.version) == (180000, "7")
    assert store.snapshot(date(2024, 8, 1)).resolve("t.post", "330802")[0] == 150000  # history kept
    store.set_local_values([])
    assert store.snapshot(date(2025, 2, 1)).resolve("t.post", "330802")[0] == 150000


def test_a_correction_on_the_same_date_wins_by_order(store: ParameterStore) -> None:
    store.set_local_values([
        ("t.post", ValueEntry(date(2025, 1, 1), 180000, "first", jurisdiction="330802", version="1")),
        ("t.post", ValueEntry(date(2025, 1, 1), 170000, "correction", jurisdiction="330802", version="2")),
    ])
    assert store.snapshot(date(2025, 2, 1)).resolve("t.post", "330802")[0] == 170000


def test_bad_jurisdiction_and_unknown_parameter_are_refused(store: ParameterStore) -> None:
    bad = dict(SPEC, values=[*SPEC["values"], {"from": date(2025, 1, 1), "value": 1, "source": "x",
                                               "jurisdiction": "330000"}])
    with pytest.raises(ParameterError, match="city or county"):
        _parse_parameter("t.bad", bad)
    with pytest.raises(ParameterError, match="unknown parameter"):
        store.set_local_values([("t.nope", ValueEntry(date(2025, 1, 1), 1, "x", jurisdiction="330802"))])
