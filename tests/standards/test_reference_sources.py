"""Reference data from public sources (issue 11, item 5): every value of the minimum wage, the
county tiers, the one-year LPR and 低保 names its publisher, its document and where it is published;
amounts convert exactly (yuan → fen, percent → basis points); what no source gives is not known and
is listed as 待维护 in docs/local_standards.md."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
import yaml

from jiuye.params.store import load_parameters
from jiuye.refdata.divisions import counties, name_of
from tests.conftest import ROOT

EXTERNAL = ROOT / "src/jiuye/parameters/external"
DOC = (ROOT / "docs/local_standards.md").read_text(encoding="utf-8")
STORE = load_parameters()
PUBLISHERS = ("人民政府", "人力资源和社会保障", "同业拆借中心", "住房公积金", "新华社", "ezhejiang.gov.cn", "杭州网")
WHERE = re.compile(r"https?://\S+|github:[\w.-]+/[\w.-]+(@[0-9a-f]{7,40})? \S+")


def _entries(file: str):
    for key, spec in yaml.safe_load((EXTERNAL / f"{file}.yaml").read_text(encoding="utf-8")).items():
        for v in spec["values"]:
            yield f"external.{file}.{key}", v


@pytest.mark.parametrize("file", ["minimum_wage", "lpr", "dibao"])
def test_every_known_value_names_publisher_document_and_where(file):
    for name, v in _entries(file):
        src = v["source"]
        assert "/work/" not in src and ".csv" not in src and not src.startswith("derived"), (name, v["from"])
        if v["value"] is None:
            assert "待维护" in src or "not " in src or "end of coverage" in src, (name, v["from"])  # says why
            continue
        assert any(p in src for p in PUBLISHERS), (name, v["from"], src[:80])
        assert WHERE.search(src), (name, v["from"], src[:80])


def test_minimum_wage_amounts_convert_exactly_to_fen():
    monthly = STORE["external.minimum_wage.monthly"]
    # 浙江省人民政府《关于调整全省最低工资标准的通知》(2024-01-01): 第一档2490元、第二档2260元、第三档2010元
    assert monthly.value_at(date(2024, 1, 1)) == {"1": 249_000, "2": 226_000, "3": 201_000}
    # 2021-08-01: 2280/2070/1840元; hourly 22/20/18元
    assert monthly.value_at(date(2021, 8, 1)) == {"1": 228_000, "2": 207_000, "3": 184_000}
    assert STORE["external.minimum_wage.hourly"].value_at(date(2021, 8, 1)) == {"1": 2_200, "2": 2_000, "3": 1_800}
    for name, v in _entries("minimum_wage"):
        if v["value"] is None or STORE[name].unit != "yuan":
            continue
        converted = STORE[name].entry_at(v["from"]).value
        for tier, yuan in v["value"].items():
            assert converted[tier] == int(Decimal(str(yuan)) * 100)  # exact fen, no float


def test_lpr_is_exact_basis_points_through_the_last_quote_seen():
    lpr = STORE["external.lpr.one_year"]
    assert lpr.value_at(date(2025, 5, 20)) == int(Decimal("3.00") * 100)  # 2025-05-20: 3.1% → 3.0%
    assert lpr.value_at(date(2026, 3, 20)) == 300  # March 2026: unchanged for the 10th month
    assert lpr.value_at(date(2026, 4, 20)) is None  # not known, never invented
    assert lpr.entry_at(date(2026, 4, 20)).confidence == "low"


def test_dibao_is_exact_and_unknown_where_no_source():
    dibao = STORE["external.dibao.monthly_per_person"]
    assert dibao.value_at(date(2017, 12, 1), "330100") == 91_700  # 杭州市区 917元 (2017-11)
    for code in ["330800", "330802", "330600", "330602", "331102", "330127"]:  # 衢州、绍兴、山区县
        assert dibao.value_at(date(2024, 6, 1), code) is None


def _doc_line(day: date) -> str:
    line = next((ln for ln in DOC.splitlines() if ln.startswith(f"- {day.isoformat()}（")), None)
    assert line is not None, f"docs/local_standards.md lists no 待维护 tiers for {day}"
    return line


@pytest.mark.parametrize("day", [date(2021, 8, 1), date(2024, 1, 1), date(2026, 1, 1)])
def test_every_county_without_a_tier_is_listed_as_to_be_maintained(day):
    tiers = STORE["external.minimum_wage.county_tier"].value_at(day) or {}
    missing = [c for c in counties() if c.code not in tiers]
    line = _doc_line(day)
    assert f"{90 - len(missing)} of 90 known; {len(missing)} 待维护" in line
    for c in missing:
        assert f"{name_of(c.parent_code)} " in line and c.name in line, c.name
    for code in tiers:  # and a county with a tier is not listed as missing
        if len(code) == 6 and not code.endswith("00"):
            assert f"、{name_of(code)}" not in line and f" {name_of(code)}、" not in line, code


def test_dibao_to_be_maintained_names_quzhou_shaoxing_and_the_mountain_counties():
    section = DOC[DOC.index("**低保标准**"):]
    section = section[:section.index("**Also not known**")]
    assert "衢州市" in section and "绍兴市" in section
    for code in STORE["zj_2021_22.mountain_counties"].value_at(date(2024, 1, 1)):
        assert name_of(code) in section, code


def test_tiers_added_from_public_sources_cite_what_they_read():
    tier = STORE["external.minimum_wage.county_tier"]
    # 浙江省人民政府 ezhejiang.gov.cn 2021-09-27: “every urban district in Huzhou, Shaoxing, and Taizhou
    # opted for the medium level of 2,070 yuan” → 吴兴、南浔、椒江、黄岩、路桥 第二档 from 2021-08-01
    e2021 = tier.entry_at(date(2021, 8, 1))
    for code in ["330502", "330503", "331002", "331003", "331004"]:
        assert tier.value_at(date(2021, 8, 1), code) == "2" and code in e2021.source
    assert "every urban district in Huzhou" in e2021.source and "浙江省人民政府" in e2021.source
    # 舟山市住房公积金管理中心 2026 notice: “下限2260元为舟山市最低工资标准”; 2260元 is 第二档 of 2024 only
    e2024 = tier.entry_at(date(2024, 1, 1))
    assert STORE["external.minimum_wage.monthly"].value_at(date(2024, 1, 1), "2") == 226_000
    for code in ["330902", "330903", "330921", "330922"]:
        assert tier.value_at(date(2024, 1, 1), code) == "2" and code in e2024.source
    assert "舟山市住房公积金管理中心" in e2024.source and "2260" in e2024.source and e2024.confidence == "low"
