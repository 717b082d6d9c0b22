"""Targets: every figure matches its printed form and its clause; the Shaoxing table adds up and its
totals are the figures of 主要目标; Quzhou's 2027 and the province's 2023/2025 targets are data."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest

from jiuye.catalogue.model import load_catalogue
from jiuye.catalogue.targets import district_table, parse_printed, target_problems

CAT = load_catalogue()
TARGETS = CAT.targets()
TABLE = district_table()


@pytest.mark.parametrize(("entry", "target"), TARGETS, ids=[t.id for _, t in TARGETS])
def test_target_quote_figure_and_deadline(entry, target):
    assert not target_problems(entry, target)


@pytest.mark.parametrize(("printed", "unit", "value"), [
    ("9.5万人", "人", 95000), ("1亿元", "万元", 10000), ("37%", "%", 37), ("3.5万人", "人", 35000),
    ("全覆盖", "%", 100), ("翻番", "倍", 2), ("25万人次", "人次", 250000), ("2000人次", "人次", 2000),
    ("1 万人", "人", 10000),
])
def test_printed_figures_convert(printed, unit, value):
    assert parse_printed(printed, unit) == Fraction(value)


def test_printed_figure_in_the_wrong_unit_is_refused():
    assert parse_printed("9.5万人", "家") is None
    assert parse_printed("30家", "人") is None


def test_every_target_entry_has_targets_or_a_table():
    for e in CAT.entries:
        if e.kind == "target":
            assert e.targets or e.table, e.id


def test_target_ids_are_unique():
    ids = [t.id for _, t in TARGETS]
    assert len(ids) == len(set(ids))


# --- Shaoxing district table --------------------------------------------------------------
def test_district_table_has_every_column_and_district():
    assert [r["district"] for r in TABLE.rows] == ["越城区", "柯桥区", "上虞区", "诸暨市", "嵊州市", "新昌县"]
    assert len(TABLE.columns) == 18
    assert TABLE.deadline == date(2023, 12, 31)


def test_district_rows_add_up_to_the_total():
    assert TABLE.problems() == []
    for c in TABLE.columns:
        if c.aggregate == "sum":
            assert sum(r[c.key] for r in TABLE.rows) == TABLE.total[c.key], c.key


def test_a_wrong_district_figure_is_caught():
    from dataclasses import replace

    rows = list(TABLE.rows)
    rows[0] = {**rows[0], "new_urban_jobs": rows[0]["new_urban_jobs"] + 1}
    assert any("new_urban_jobs" in p for p in replace(TABLE, rows=tuple(rows)).problems())


def test_district_adcodes_are_shaoxing_counties():
    from jiuye.refdata.divisions import city_of, name_of

    for r in TABLE.rows:
        assert name_of(r["adcode"]) == r["district"], r
        assert city_of(r["adcode"]) == "330600"
    assert name_of(TABLE.total["adcode"]) == "绍兴市"


def test_totals_equal_the_figures_repeated_in_main_goals():
    goals = {t.key: t for t in CAT.entry("sx_2023_28.mubiao").targets}
    linked = [c for c in TABLE.columns if c.goal]
    assert len(linked) == 16
    for c in linked:
        t = goals[c.goal]
        assert t.table_column == c.key
        assert Fraction(str(t.value)) == Fraction(TABLE.total[c.key]), (c.key, t.value, TABLE.total[c.key])
        assert t.unit == c.unit


def test_measures_repeat_the_same_totals():
    for e, t in TARGETS:
        if e.document == "sx_2023_28" and t.table_column:
            if t.each_district:
                assert all(r[t.table_column] >= t.value for r in TABLE.rows), t.id
            else:
                assert Fraction(str(t.value)) == Fraction(TABLE.total[t.table_column]), t.id


# --- the province and Quzhou ----------------------------------------------------------------
def _target(tid):
    for _, t in TARGETS:
        if t.id == tid:
            return t
    raise KeyError(tid)


@pytest.mark.parametrize(("tid", "value", "unit", "deadline"), [
    ("zj_2022_46.art2.platform_jobs", 10000, "人", date(2025, 12, 31)),
    ("zj_2022_46.art4.culture_enterprises", 30, "家", date(2025, 12, 31)),
    ("zj_2022_46.art4.culture_demo_bases", 30, "家", date(2025, 12, 31)),
    ("zj_2022_46.art5.agri_leaders", 150, "家", date(2025, 12, 31)),
    ("zj_2022_46.art5.agri_entrepreneurs", 30000, "人", date(2025, 12, 31)),
    ("zj_2022_46.art6.jinguo_workshops", 100, "%", date(2023, 12, 31)),
    ("zj_2022_46.art7.county_labour_brands", 2, "个", date(2025, 12, 31)),
    ("quzhou_2023_12.zongti.3.new_urban_jobs", 250000, "人", date(2027, 12, 31)),
    ("quzhou_2023_12.zongti.3.skilled_share", 37, "%", date(2027, 12, 31)),
    ("quzhou_2023_12.zongti.3.new_high_skilled", 35000, "人", date(2027, 12, 31)),
    ("quzhou_2023_12.san.graduates_3y", 100000, "人", date(2025, 12, 31)),
    ("quzhou_2023_12.liu.technical_students", 20000, "人", date(2027, 12, 31)),
    ("sx_2023_28.mubiao.startup_loans", 10000, "万元", date(2023, 12, 31)),
])
def test_named_targets(tid, value, unit, deadline):
    t = _target(tid)
    assert (t.value, t.unit, t.deadline) == (value, unit, deadline)
