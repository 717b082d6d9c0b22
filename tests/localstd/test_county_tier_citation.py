"""The explanation of a county's minimum-wage tier cites where that county's tier comes from: the
city's notice an administrator recorded for it (衢州 for 柯城区, with its date and version), not the
bundled list of other cities' tiers (杭州/舟山) in force on the date; a county without an approved
tier still cites the bundled entry. Both the single path's explanation (compiled) and
``Lookup.trace`` say the same."""

from __future__ import annotations

from datetime import date
from typing import Any

from jiuye.catalogue.registry import CATALOGUE
from jiuye.engine.expr import Env
from jiuye.engine.single import evaluate_case
from jiuye.localstd import service as localstd
from jiuye.params.store import PARAMETERS
from jiuye.rules.zj_2022_46.art19_20_groups import TIER as TIER_NODE

TIER = "external.minimum_wage.county_tier"
FLOOR = "zj_2022_46.art20.pay_floor"
AS_OF = date(2024, 6, 1)
QUZHOU = "衢州市人力资源和社会保障局关于公布各县（市、区）最低工资标准的通知（测试）"


def _approve_kecheng(world) -> Any:
    lv = localstd.propose(db_session=world.session, user=world["kecheng"], today=date(2026, 12, 6),
                          parameter=TIER, jurisdiction="330802", valid_from="2024-01-01", value="第三档",
                          source_document=QUZHOU, source_issuer="衢州市人力资源和社会保障局",
                          source_date="2023-12-25", reason="市里为柯城区选定的档次")
    localstd.approve(db_session=world.session, user=world["qz_manager"], value_id=lv.id)
    return lv


def _tier_citations(explanation: dict[str, Any]) -> list[dict[str, Any]]:
    out, stack = [], [explanation]
    while stack:
        node = stack.pop()
        stack.extend(node.get("children") or ())
        out.extend(p for p in node.get("parameters") or () if p["name"] == TIER)
    return out


def _case_citation(county: str) -> dict[str, Any]:
    case = {"person": {"public_welfare_post": "full_time", "work_adcode": county, "pwp_monthly_pay_fen": 250_000}}
    result = next(r for r in evaluate_case(case, AS_OF, provisions=[CATALOGUE.provisions[FLOOR]]).results
                  if r.provision.id == FLOOR)
    pay = next(c for c in result.conditions if c.id == "pay")
    cited = _tier_citations(pay.explanation())
    assert cited, "the pay condition's explanation cites the county's tier"
    assert all(c == cited[0] for c in cited)
    return cited[0]


def _trace_citation(county: str) -> dict[str, Any]:
    env = Env(values={"person.work_adcode": county}, as_of=AS_OF, snapshot=PARAMETERS.snapshot(AS_OF))
    return _tier_citations(TIER_NODE.trace(env).to_dict())[0]


def test_an_approved_tier_is_cited_with_the_citys_notice(world):
    lv = _approve_kecheng(world)
    bundled = PARAMETERS[TIER].entry_at(AS_OF)
    for cited in (_case_citation("330802"), _trace_citation("330802")):
        assert cited["value"] == "3" and cited["key"] == "330802"
        assert cited["jurisdiction"] == "330802"  # shown as 柯城区 (like a county's local value)
        assert QUZHOU in cited["source"] and cited["source"] != bundled.source
        assert "杭州" not in cited["source"] and "舟山" not in cited["source"]
        assert cited["from"] == "2024-01-01" and cited["version"] == f"lv-{lv.id}"
        assert "not_known" not in cited


def test_a_county_without_an_approved_tier_cites_the_bundled_entry(world):
    _approve_kecheng(world)  # another county's tier is maintained: this one still reads the bundled list
    bundled = PARAMETERS[TIER].entry_at(AS_OF)
    for cited in (_case_citation("330127"), _trace_citation("330127")):
        assert cited["value"] == "2" and cited["key"] == "330127"  # 淳安县: the bundled 杭州 row
        assert cited["source"] == bundled.source and cited["from"] == bundled.start.isoformat()
        assert "jurisdiction" not in cited and "version" not in cited
    for cited in (_case_citation("330803"), _trace_citation("330803")):  # 衢江区: no tier anywhere
        assert cited["value"] is None and cited["not_known"] is True
        assert cited["source"] == bundled.source and "jurisdiction" not in cited


def test_before_its_date_the_approved_tier_is_not_cited(world):
    _approve_kecheng(world)
    env = Env(values={"person.work_adcode": "330802"}, as_of=date(2023, 12, 31),
              snapshot=PARAMETERS.snapshot(date(2023, 12, 31)))
    cited = _tier_citations(TIER_NODE.trace(env).to_dict())[0]
    assert cited["value"] is None and "jurisdiction" not in cited and QUZHOU not in cited.get("source", "")
