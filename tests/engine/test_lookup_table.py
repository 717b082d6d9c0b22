"""Keyed parameters (``Lookup``) in the table path give the single path's answers however the key
column is held and whatever counties have an approved tier of their own.

With a county's value maintained (柯城区's tier approved), the place column is prepared as an Enum and
the tier, and the wage of the tier (county → tier → fen), are resolved once per code and gathered;
with none, a Categorical/Enum key column is looked up as held (an Enum that does not hold every
county of the mapping included). Both are compared with the single path row by row.
"""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from jiuye.catalogue.registry import CATALOGUE, evaluate_case, evaluate_frame
from jiuye.engine.batch import provision_exprs_of
from jiuye.engine.expr import PolarsEnv
from jiuye.engine.place import prepare_places
from jiuye.facts.models import Case
from jiuye.params.store import PARAMETERS, ValueEntry
from jiuye.refdata.divisions import counties
from jiuye.rules.zj_2022_46.art19_20_groups import MIN_HOURLY, MIN_MONTHLY, TIER

from .gen import random_cases

TIER_NAME = "external.minimum_wage.county_tier"
KEY = "person.work_adcode"
FLOOR = "zj_2022_46.art20.pay_floor"
# 柯城区 and 衢江区 have no bundled tier; 淳安县 and 上城区 have one, replaced by the approved value
APPROVED = {"330802": "3", "330803": "2", "330127": "3", "330102": "2"}
HZ = {"hz_2022_draft.effective_date": date(2022, 9, 1), "hz_2022_draft.certification_cutoff": date(2022, 9, 1)}
SETTINGS = [(date(2024, 10, 1), None), (date(2026, 3, 1), HZ)]
HOLDINGS = ("text", "Categorical", "Enum")


@pytest.fixture(params=["none approved", "approved"])
def tiers(request):
    entries = [] if request.param == "none approved" else [
        (TIER_NAME, ValueEntry(date(2024, 1, 1), t, f"测试：{c}的档次", jurisdiction=c, version=f"lv-{c}"))
        for c, t in APPROVED.items()]
    PARAMETERS.set_local_values(entries)
    yield request.param
    PARAMETERS.set_local_values([])


def held(frame: pl.DataFrame, how: str) -> pl.DataFrame:
    if how == "text":
        return frame
    text = [c for c, t in frame.schema.items() if t == pl.String and c.endswith("adcode")]
    if how == "Categorical":
        return frame.with_columns([pl.col(c).cast(pl.Categorical) for c in text])
    # an Enum of the codes present only: it does not hold every county the tier mapping names
    return frame.with_columns([pl.col(c).cast(pl.Enum(sorted(frame.get_column(c).drop_nulls().unique().to_list())))
                               for c in text])


def _reads_tier(p) -> bool:
    return any(TIER_NAME in e.params() for e in provision_exprs_of([p]))


def _compare(cases: list[dict], frame: pl.DataFrame, as_of: date, snap, provisions) -> int:
    """Rows where table and single path differ (outcome, amount); asserts none. Returns rows compared."""
    for how in HOLDINGS:
        wide = evaluate_frame(held(frame, how), as_of, snapshot=snap, provisions=provisions, key="person.person_id")
        bad = []
        for i, raw in enumerate(cases):
            result = evaluate_case(Case.model_validate(raw), as_of, snapshot=snap, provisions=provisions, explain=False)
            for r in result.results:
                got = (wide.get_column(f"{r.provision.id}:outcome")[i],
                       wide.get_column(f"{r.provision.id}:amount_fen")[i] if r.outcome != "unknown" else None)
                want = (r.outcome, r.amount_fen if r.outcome != "unknown" else None)
                if got != want:
                    bad.append((how, i, r.provision.id, want, got))
        assert not bad, f"{len(bad)} mismatches, first: {bad[:5]}"
    return len(cases)


def test_the_pay_floor_of_every_county_agrees_with_the_single_path(tiers):
    as_of = date(2024, 10, 1)
    snap = PARAMETERS.snapshot(as_of)
    rows = [{"person_id": f"{d.code}-{k}", "work_adcode": d.code, "public_welfare_post": post, **pay}
            for d in counties()
            for k, (post, pay) in enumerate([("full_time", {"pwp_monthly_pay_fen": 200_000}),
                                             ("full_time", {"pwp_monthly_pay_fen": 201_000}),
                                             ("full_time", {"pwp_monthly_pay_fen": 250_000}),
                                             ("part_time", {"pwp_hourly_pay_fen": 2_000})])]
    rows.append({"person_id": "nowhere", "public_welfare_post": "full_time", "pwp_monthly_pay_fen": 250_000})
    frame = pl.DataFrame([{f"person.{k}": v for k, v in r.items()} for r in rows])
    provisions = [CATALOGUE.provisions[FLOOR]]
    assert _compare([{"person": r} for r in rows], frame, as_of, snap, provisions) == 90 * 4 + 1
    outcomes = evaluate_frame(frame, as_of, snapshot=snap, provisions=provisions).get_column(f"{FLOOR}:outcome")
    kecheng = [o for r, o in zip(rows, outcomes.to_list(), strict=True) if r.get("work_adcode") == "330802"]
    assert kecheng == (["not_eligible", "eligible", "eligible", "eligible"] if tiers == "approved" else ["unknown"] * 4)


@pytest.mark.parametrize("i", range(len(SETTINGS)), ids=[s[0].isoformat() for s in SETTINGS])
def test_every_provision_reading_the_tier_agrees_on_generated_subjects(tiers, i):
    as_of, overrides = SETTINGS[i]
    snap = PARAMETERS.snapshot(as_of, overrides)
    provisions = [p for p in CATALOGUE if _reads_tier(p)]
    assert len(provisions) >= 3
    cases, frame, _ = random_cases(300, seed=17 + i, focus=(as_of, snap, 12))
    _compare(cases, frame, as_of, snap, provisions)


def test_with_an_approved_tier_the_wage_is_gathered_once_per_code(tiers):
    as_of = date(2024, 10, 1)
    snap = PARAMETERS.snapshot(as_of)
    codes = [d.code for d in counties()]
    frame = pl.DataFrame({KEY: [*codes, None]})
    prepared, places = prepare_places(frame, [CATALOGUE.provisions[FLOOR]], snap, [TIER_NAME])
    assert bool(places) == (tiers == "approved")  # a place column is prepared only for a county's own value
    env = PolarsEnv(snap, as_of, frozenset(prepared.columns), places=places, native=frozenset({KEY}))
    for node in (TIER, MIN_MONTHLY, MIN_HOURLY):
        expr = node.to_polars(env)
        plan = str(expr)
        if places:
            assert "gather" in plan and "replace" not in plan, plan
        got = prepared.select(expr.alias("v")).get_column("v").to_list()
        want = [snap.lookup(node.name, snap.lookup(TIER_NAME, c)) if node is not TIER else snap.lookup(TIER_NAME, c)
                for c in [*codes, None]]
        assert got == want
    if tiers == "approved":
        got = dict(zip(codes, prepared.select(TIER.to_polars(env)).to_series().to_list(), strict=False))
        assert {c: got[c] for c in APPROVED} == APPROVED


@pytest.mark.parametrize("how", ["Categorical", "Enum"])
def test_a_key_held_as_categories_is_looked_up_as_held(tiers, how):
    """No prepared place column: the key column is read as held, with no cast to text per row; an
    Enum holding only some of the counties the mapping names (none of 杭州's here) works."""
    as_of = date(2024, 10, 1)
    snap = PARAMETERS.snapshot(as_of)
    codes = ["330802", "330803", "330127", "331122", "330102", "330127", None]
    dtype = pl.Categorical if how == "Categorical" else pl.Enum(["330127", "330802", "330803", "331122", "330102"][:4])
    frame = pl.DataFrame({KEY: pl.Series([c if c != "330102" or how == "Categorical" else None for c in codes])
                          .cast(dtype)})
    env = PolarsEnv(snap, as_of, frozenset(frame.columns), native=frozenset({KEY}), categorical=frozenset({KEY}))
    for node in (TIER, MIN_MONTHLY):
        expr = node.to_polars(env)
        assert node is not TIER or "cast(String)" not in str(expr), str(expr)  # no cast of the key to text
        got = frame.select(expr.alias("v")).get_column("v").to_list()
        keys = frame.get_column(KEY).cast(pl.String).to_list()
        tier = [snap.lookup(TIER_NAME, c) for c in keys]
        assert got == (tier if node is TIER else [snap.lookup(node.name, t) for t in tier])
