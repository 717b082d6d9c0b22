"""Format and content checks of src/jiuye/parameters/external/*.yaml (external standards)."""

from __future__ import annotations

import bisect
import csv
import shutil
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
import yaml

from jiuye.params.store import load_parameters
from tests.conftest import ROOT

EXTERNAL = ROOT / "src/jiuye/parameters/external"
DATA = ROOT.parent / "shared" / "data"  # the research CSVs (../shared from the repository root)
FILES = ["minimum_wage", "lpr", "average_wage", "social_insurance_base", "dibao", "retirement", "wage_conversion"]
UNITS = {"yuan", "fen", "bp", "rate", "count", "days", "months", "years", "date", "bool", "adcodes", "text"}
PARAM_KEYS = {"label_zh", "label_en", "unit", "by", "reference", "values"}
ENTRY_KEYS = {"from", "value", "source", "confidence", "note"}
RANK = {"low": 1, "medium": 2, "high": 3}


def load(name: str) -> dict[str, Any]:
    return yaml.safe_load((EXTERNAL / f"{name}.yaml").read_text(encoding="utf-8"))


ALL = {f"external.{f}.{k}": spec for f in FILES for k, spec in load(f).items()}


def entry_at(name: str, as_of: date) -> dict[str, Any] | None:
    values = ALL[name]["values"]
    i = bisect.bisect_right([v["from"] for v in values], as_of) - 1
    return values[i] if i >= 0 else None


def value_at(name: str, as_of: date, key: str | None = None) -> Any:
    """Lookup as the loader defines it: the entry in force; null / missing key = not known."""
    e = entry_at(name, as_of)
    if e is None or e["value"] is None:
        return None
    return e["value"].get(key) if key is not None else e["value"]


def rows(file: str) -> list[dict[str, str]]:
    """A research table; missing shared data fails the test (it is never skipped)."""
    path = DATA / file
    assert path.is_file(), f"shared data missing: {path} (the shared folder belongs beside the repository)"
    with open(path, encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def d(s: str) -> date:
    return date.fromisoformat(s + "-01" if len(s) == 7 else s)


# ---------------------------------------------------------------- format rules
def test_every_file_exists_and_is_a_mapping():
    assert sorted(p.stem for p in EXTERNAL.glob("*.yaml")) == sorted(FILES)
    assert (EXTERNAL / "README.md").exists()


@pytest.mark.parametrize("name", sorted(ALL))
def test_parameter_format(name):
    spec = ALL[name]
    assert set(spec) <= PARAM_KEYS and {"label_zh", "label_en", "unit", "values"} <= set(spec)
    assert spec["label_zh"].strip() and spec["label_en"].strip()
    assert spec["unit"] in UNITS
    by = spec.get("by")
    assert by is None or (isinstance(by, str) and by)
    values = spec["values"]
    assert values, "at least one value"
    starts = [v["from"] for v in values]
    assert all(type(s) is date for s in starts), "from must be an ISO date"
    assert starts == sorted(starts) and len(set(starts)) == len(starts), "sorted, unique 'from'"
    for v in values:
        assert set(v) <= ENTRY_KEYS and {"from", "value", "source", "confidence"} <= set(v)
        assert isinstance(v["source"], str) and v["source"].strip()
        assert v["confidence"] in RANK
        assert v.get("note") is None or isinstance(v["note"], str)
        if v["value"] is None:
            continue
        if by is not None:
            assert isinstance(v["value"], dict) and v["value"]
            assert all(isinstance(k, str) for k in v["value"]), "keys must be quoted strings"
            scalars = list(v["value"].values())
        else:
            scalars = [v["value"]]
        for x in scalars:
            check_scalar(spec["unit"], x)
        if by == "adcode":
            assert all(len(k) == 6 and k.isdigit() for k in v["value"])


def check_scalar(unit: str, x: Any) -> None:
    assert x is not None, "write unknown keys by leaving them out"
    if unit == "yuan":
        assert isinstance(x, int | str) and not isinstance(x, bool), "yuan as number or decimal string"
        assert Decimal(str(x)) > 0, "never 0 for a money value"
    elif unit in {"bp", "months", "years", "count", "fen"}:
        assert isinstance(x, int) and not isinstance(x, bool) and x > 0
    elif unit == "date":
        assert type(x) is date
    elif unit == "text":
        assert isinstance(x, str) and x
    elif unit == "rate":
        assert isinstance(x, str)


def test_no_zero_anywhere():
    for name, spec in ALL.items():
        for v in spec["values"]:
            vals = v["value"].values() if isinstance(v["value"], dict) else [v["value"]]
            assert all(x != 0 for x in vals if x is not None and not isinstance(x, date)), name


# ---------------------------------------------------------------- exact values
def test_minimum_wage_values():
    m, h = "external.minimum_wage.monthly", "external.minimum_wage.hourly"
    assert value_at(m, date(2024, 1, 1)) == {"1": 2490, "2": 2260, "3": 2010}
    assert value_at(m, date(2023, 12, 31), "1") == 2280
    assert value_at(m, date(2021, 8, 1), "3") == 1840
    assert value_at(m, date(2026, 1, 1), "1") == 2660
    assert value_at(m, date(2018, 1, 1), "4") is None  # the 2017 4th tier is not known
    assert value_at(m, date(2017, 11, 30)) is None
    assert value_at(h, date(2024, 6, 1)) == {"1": 24, "2": 22, "3": 20}
    assert value_at(h, date(2021, 8, 1), "2") == 20
    # the CSV has no hourly value for 2017 and 2026: null, never zero
    assert entry_at(h, date(2026, 1, 1))["value"] is None
    assert entry_at(h, date(2018, 1, 1))["value"] is None
    assert entry_at(m, date(2018, 1, 1))["confidence"] == "low"  # 2017: tier 1 only, second-hand
    assert value_at(m, date(2018, 1, 1)) == {"1": 2010}  # tiers 2 and 3 were derived, never sourced: not known


def test_county_tiers():
    t = "external.minimum_wage.county_tier"
    assert value_at(t, date(2021, 8, 1), "330106") == "1"
    assert value_at(t, date(2021, 8, 1), "330602") == "2"
    assert value_at(t, date(2024, 6, 1), "330106") == "1"
    assert value_at(t, date(2024, 6, 1), "330127") == "2"
    assert value_at(t, date(2021, 8, 1), "330127") is None  # 淳安 2021: no citable source (待维护)
    assert value_at(t, date(2024, 6, 1), "330602") is None  # Shaoxing 2024 not in the data: not carried
    assert value_at(t, date(2026, 3, 1), "330824") == "3"
    assert value_at(t, date(2026, 3, 1), "330681") is None  # 诸暨: no tier known
    assert value_at(t, date(2021, 7, 31), "330106") is None
    assert value_at(t, date(2021, 8, 1), "330502") == value_at(t, date(2021, 8, 1), "331004") == "2"  # 湖州、台州市区
    assert value_at(t, date(2021, 8, 1), "330521") is None  # 德清: the source names only the urban districts
    assert value_at(t, date(2024, 6, 1), "330902") == "2"  # 舟山: 2260元 = 2024 第二档
    assert value_at(t, date(2026, 3, 1), "330902") is None  # not carried forward
    # every tier used exists in the monthly standard in force at the same date
    for e in ALL[t]["values"]:
        assert set(e["value"].values()) <= set(value_at("external.minimum_wage.monthly", e["from"]))


def test_lpr_values():
    p = "external.lpr.one_year"
    assert value_at(p, date(2024, 10, 21)) == 310
    assert value_at(p, date(2024, 10, 20)) == 335
    assert value_at(p, date(2019, 8, 20)) == 425
    assert value_at(p, date(2019, 8, 19)) is None
    assert value_at(p, date(2023, 8, 21)) == 345
    assert value_at(p, date(2025, 5, 20)) == 300
    assert value_at(p, date(2026, 1, 20)) == 300
    assert value_at(p, date(2026, 3, 20)) == 300  # March 2026: the 10th unchanged quote after May 2025
    assert value_at(p, date(2026, 4, 20)) is None  # after the last quote seen: not known, never carried
    assert len(ALL[p]["values"]) == 14


def test_average_wage_values():
    a, m = "external.average_wage.provincial_weighted_annual", "external.average_wage.provincial_weighted_monthly"
    assert value_at(m, date(2025, 12, 1), "2023") == 8310
    assert value_at(m, date(2025, 12, 1), "2024") == 8433
    assert value_at(a, date(2025, 12, 1), "2022") == 96237
    assert value_at(a, date(2025, 12, 1), "2024") == 101194
    assert value_at(m, date(2024, 3, 1), "2023") is None  # not yet published
    assert value_at(m, date(2024, 3, 1), "2022") == 8020
    assert value_at("external.average_wage.non_private_annual", date(2025, 7, 1), "2024") == 137239
    # the 300% / 60% rules reproduce the 2025 limits
    assert round(3 * 8433) == value_at("external.social_insurance_base.upper_monthly", date(2025, 6, 1))
    assert round(Decimal("0.6") * 8310) == value_at("external.social_insurance_base.lower_monthly", date(2025, 6, 1))


def test_social_insurance_base_values():
    up, lo = "external.social_insurance_base.upper_monthly", "external.social_insurance_base.lower_monthly"
    assert value_at(up, date(2025, 1, 1)) == 25299
    assert value_at(lo, date(2025, 12, 31)) == 4986
    assert entry_at(up, date(2025, 1, 1))["confidence"] == "high"
    assert value_at(up, date(2024, 6, 1)) == 24930
    assert value_at(lo, date(2024, 6, 1)) == 4812
    assert value_at(lo, date(2023, 6, 1)) == 4462
    assert value_at(up, date(2023, 6, 1)) is None
    assert value_at(up, date(2022, 6, 1)) is None
    assert value_at(up, date(2026, 1, 1)) is None and value_at(lo, date(2026, 1, 1)) is None
    for p in (up, lo):  # dates before 2025 are assumed: low confidence
        assert all(e["confidence"] == "low" for e in ALL[p]["values"] if e["from"] < date(2025, 1, 1))


def test_dibao_values():
    p = "external.dibao.monthly_per_person"
    assert value_at(p, date(2017, 12, 1), "330100") == 917
    assert value_at(p, date(2017, 12, 1), "330112") == 780
    assert value_at(p, date(2017, 12, 1), "330127") == 734
    assert value_at(p, date(2016, 12, 1), "330127") is None
    assert value_at(p, date(2010, 7, 1), "330100") == 440
    assert value_at(p, date(2024, 1, 1), "330100") is None  # coverage ends 2018-01-05


def test_retirement_values():
    assert value_at("external.retirement.target_age", date(2025, 1, 1)) == {
        "male": 63, "female_cadre": 58, "female_worker": 55}
    mc = "external.retirement.min_contribution_months"
    assert value_at(mc, date(2029, 12, 31)) == 180
    assert value_at(mc, date(2030, 1, 1)) == 186
    assert value_at(mc, date(2035, 6, 1)) == 216
    assert value_at(mc, date(2039, 1, 1)) == 240
    assert value_at(mc, date(2050, 1, 1)) == 240


# ---------------------------------------------------------------- every CSV row is carried
def _conf_ok(entry: dict[str, Any], row_conf: str) -> bool:
    """The entry never claims more confidence than the row behind it."""
    return RANK[entry["confidence"]] <= RANK[row_conf]


def test_csv_minimum_wage_rows():
    for r in rows("minimum_wage_zhejiang.csv"):
        when = d(r["effective_date"])
        e = entry_at("external.minimum_wage.monthly", when)
        if r["source"].startswith("derived") and r["confidence"] == "low":  # derived, not sourced: unknown
            assert r["tier"] not in e["value"]
            continue
        assert e["from"] == when and e["value"][r["tier"]] == int(r["monthly_yuan"])
        assert _conf_ok(e, r["confidence"])
        h = entry_at("external.minimum_wage.hourly", when)
        assert h["from"] == when
        if r["hourly_yuan_parttime"]:
            assert h["value"][r["tier"]] == int(r["hourly_yuan_parttime"])
        else:
            assert h["value"] is None or r["tier"] not in h["value"]


def test_csv_county_tier_rows():
    data = rows("minimum_wage_tiers_county.csv")
    by_date: dict[date, set[str]] = {}
    for r in data:
        when = d(r["effective_date"])
        e = entry_at("external.minimum_wage.county_tier", when)
        if r["source"].startswith("comment in public source code") and "1234567g" not in r["source"]:
            assert r["code"] not in e["value"]  # an unlocated code comment is no source: left unknown
            continue
        by_date.setdefault(when, set()).add(r["code"])
        assert e["from"] == when and e["value"][r["code"]] == r["tier"]
        assert _conf_ok(e, r["confidence"])
        assert value_at("external.minimum_wage.monthly", when, r["tier"]) == int(r["monthly_yuan"])
        if r["note"]:
            assert r["code"] in e["note"]  # the row's caveat is kept, named by its code
    # nothing beyond the CSV (no carry-forward), but the tiers read since from public sources, each named
    # with its code in the entry's source: 湖州、台州市区 2021 (ezhejiang.gov.cn: “every urban district in
    # Huzhou, Shaoxing, and Taizhou opted for the medium level”), 舟山 2024 (its 2026 housing-fund notice)
    for e in ALL["external.minimum_wage.county_tier"]["values"]:
        added = BEYOND_CSV.get(e["from"], set())
        assert set(e["value"]) - added == by_date[e["from"]]
        assert added <= set(e["value"]) and all(code in e["source"] for code in added)


BEYOND_CSV = {date(2021, 8, 1): {"330502", "330503", "331002", "331003", "331004"},
              date(2024, 1, 1): {"330902", "330903", "330921", "330922"}}


def test_csv_lpr_rows():
    for r in rows("lpr_1y.csv"):
        assert value_at("external.lpr.one_year", d(r["announce_date"])) == round(Decimal(r["lpr_1y_pct"]) * 100)
    changes = rows("lpr_1y_changes.csv")
    known = [e for e in ALL["external.lpr.one_year"]["values"] if e["value"] is not None]
    assert [e["from"] for e in known] == [d(r["effective_date"]) for r in changes]
    for e, r in zip(known, changes, strict=True):
        assert _conf_ok(e, r["confidence"]) and "全国银行间同业拆借中心" in e["source"]


def test_csv_average_wage_rows():
    last = date(2100, 1, 1)
    for r in rows("average_wage_zhejiang.csv"):
        if r["indicator"].startswith("浙江省非私营单位"):
            assert value_at("external.average_wage.non_private_annual", last, r["stat_year"]) == int(r["annual_yuan"])
            continue
        y = r["stat_year"]
        assert value_at("external.average_wage.provincial_weighted_annual", last, y) == int(r["annual_yuan"])
        e = entry_at("external.average_wage.provincial_weighted_monthly", last)
        assert e["value"][y] == int(r["monthly_yuan"]) and r["source"] in e["source"]
        first = next(v for v in ALL["external.average_wage.provincial_weighted_monthly"]["values"] if y in v["value"])
        assert first["from"] == date(int(y) + 1, 7, 1) and "assumed" in first["note"]
        assert _conf_ok(first, r["confidence"])


def test_csv_social_insurance_rows():
    data = rows("social_insurance_base_zhejiang.csv")
    assert len(data) == 3
    for r in data:
        for col, p in (("upper_monthly_yuan", "upper_monthly"), ("lower_monthly_yuan", "lower_monthly")):
            if not r[col]:
                continue
            entries = [e for e in ALL[f"external.social_insurance_base.{p}"]["values"] if e["value"] == int(r[col])]
            assert len(entries) == 1 and r["source"] in entries[0]["source"]
            assert _conf_ok(entries[0], r["confidence"])
            if r["applies_from"][:1].isdigit():
                assert entries[0]["from"] == d(r["applies_from"])


def test_csv_dibao_rows():
    counties = {"桐庐/淳安/建德": ["330122", "330127", "330182"]}
    for r in rows("dibao_standard.csv"):
        e = entry_at("external.dibao.monthly_per_person", d(r["effective_from"]))
        assert e["from"] == d(r["effective_from"]) and r["source"].split(" ")[0] in e["source"]
        assert _conf_ok(e, r["confidence"])
        for code in counties.get(r["area"], [r["code"]]):
            assert e["value"][code] == int(r["monthly_yuan_per_person"])


def test_csv_retirement_rows():
    groups = {"male employees": "male", "female cadres (original age 55)": "female_cadre",
              "female workers (original age 50)": "female_worker"}
    for r in rows("retirement_age_rules.csv"):
        if r["group"] in groups:
            k = groups[r["group"]]
            assert value_at("external.retirement.original_age", d(r["start_date"]), k) == int(r["original_age"])
            assert value_at("external.retirement.target_age", d(r["start_date"]), k) == int(r["target_age"])
            e = entry_at("external.retirement.target_age", d(r["start_date"]))
            assert r["source"] in e["source"] and _conf_ok(e, r["confidence"])
        elif r["group"] == "minimum pension contribution years":
            assert value_at("external.retirement.min_contribution_months", date(2029, 1, 1)) == 12 * int(r["original_age"])
            assert value_at("external.retirement.min_contribution_months", date(2039, 1, 1)) == 12 * int(r["target_age"])
        else:
            name = "flexible_early_max_months" if "early" in r["group"] else "flexible_delay_max_months"
            e = entry_at(f"external.retirement.{name}", d(r["start_date"]))
            assert e["value"] == 36 and r["source"] in e["source"]


# ---------------------------------------------------------------- the project's loader
def test_files_load_with_the_project_loader(tmp_path):
    shutil.copytree(EXTERNAL, tmp_path / "external")
    store = load_parameters(tmp_path)
    assert set(store.names()) == set(ALL)
    assert store["external.minimum_wage.monthly"].value_at(date(2024, 1, 1), "1") == 249000  # fen
    assert store["external.lpr.one_year"].value_at(date(2024, 10, 21)) == 310
    assert store["external.minimum_wage.hourly"].value_at(date(2026, 2, 1), "1") is None
