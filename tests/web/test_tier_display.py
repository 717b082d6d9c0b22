"""A county's minimum-wage tier in people's words: 第二档 (tier 2), never a bare number, wherever a
parameter value is shown (the explanation tree, the parameter pages, the policy library)."""

from __future__ import annotations

import re

from jiuye.localstd.tiers import COUNTY_TIER
from jiuye.web.param_text import param_value

FLOOR = "zj_2022_46.art20.pay_floor"
CODE = re.compile(r"(?<!\d)33\d{4}(?!\d)")


def text_of(html: str) -> str:
    return re.sub(r"<[^>]+>", " ", html)


def test_a_tier_value_reads_as_a_tier():
    prm = {"name": COUNTY_TIER, "value": "3", "key": "330802", "from": "2024-01-01"}
    assert param_value(prm) == "第三档"
    assert param_value(prm, "en") == "tier 3"
    assert param_value({"name": "external.minimum_wage.monthly", "value": 201_000, "key": "3"}) == "¥2,010.00"


def test_parameter_pages_read_tiers(client):
    html = text_of(client.get("/parameters/external.minimum_wage.county_tier").text)
    assert "上城区: 第一档" in html and "淳安县: 第二档" in html
    assert not re.search(r"区: \d", html)
    html = text_of(client.get("/parameters/external.minimum_wage.monthly").text)
    assert "第一档: ¥" in html and "1档" not in html.replace("第一档", "")
    listing = text_of(client.get("/parameters", params={"q": "county_tier"}).text)
    assert "第一档" in listing and not re.search(r"区: \d", listing)


def test_the_library_shows_a_keyed_value_in_words(client):
    html = client.get(f"/library/provisions/{FLOOR}").text
    assert "{'" not in html and "'330102'" not in html
    assert "上城区: 第一档" in text_of(html)


def test_an_explanations_parameter_names_a_tier_and_a_county_in_words():
    """The words an explanation's parameter is shown in (the calculator's 所用当地标准 list,
    ``jiuye.web.sources.local_sources``, tested on the page in tests/web/test_local_values.py)."""
    from jiuye.web.param_text import param_key
    from jiuye.web.sources import source_for

    wage = {"name": "external.minimum_wage.monthly", "value": 226_000, "key": "2"}
    tier = {"name": COUNTY_TIER, "value": "2", "key": "330127"}
    for lang, words in (("en", "tier 2"), ("zh", "第二档")):
        assert param_key(wage, lang) == words and param_value(wage, lang) == "¥2,260.00"
        assert param_key(tier, lang) == "淳安县" and param_value(tier, lang) == words
    src = source_for("[杭州] 杭州市人社局（测试） | [330902, 330903] 舟山市人社局（测试）", "330127")
    assert "杭州市人社局（测试）" in src and "舟山" not in src  # the county's part of a bundled source
    assert not CODE.search(src)
