"""Spells (status on a date) and ledger limits, in both paths, on provisions declared for the test.

The provisions here are not in the catalogue; they exercise each limit kind with exact numbers
and then the single and table paths are compared on generated subjects with spells and ledgers.
"""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from jiuye.engine.batch import evaluate_frame
from jiuye.engine.expr import Const, MonthsBetween
from jiuye.engine.history import FEATURES
from jiuye.engine.limits import MaxDuration, MaxTimes, OneTime, YearlyCap, _cond, resolve_groups
from jiuye.engine.provision import Catalogue, Period, Provision, Subject
from jiuye.engine.single import evaluate_case
from jiuye.engine.spells import judged_on, status_on, status_since
from jiuye.engine.vars import E, P
from jiuye.facts.models import Case
from jiuye.params import PARAMETERS
from jiuye.rules.documents import ZJ_2022_46

from .gen import add_timelines, random_cases

ALWAYS = _cond("jurisdiction", "全省", "province", Const(True), "全省适用")


def _p(pid: str, period: Period, amount: int, limits: tuple, conditions: tuple = (), group: str | None = None,
       md=None) -> Provision:
    return Provision(id=pid, document=ZJ_2022_46, article="测试", title_zh=pid, title_en=pid, clause="测试条款",
                     subject=Subject.PERSON, jurisdiction=ALWAYS, conditions=conditions, amount=Const(amount),
                     period=period, stacking_group=group, limits=limits, max_duration_months=md)


@pytest.fixture(scope="module", autouse=True)
def declared():
    """Declare the test provisions; their ledger features leave the global registry afterwards."""
    before = set(FEATURES)
    UNEMPLOYED_AT_START = status_on("registered_unemployed", E.registered_on)
    UNEMPLOYED_6M = (MonthsBetween(status_since("registered_unemployed", E.registered_on), E.registered_on) >= 6)
    DUR_A = _p("t.dur_a", Period.MONTHLY, 100_000, (MaxDuration(36, "期限最长3年", start=P.difficulty_certified_on),),
               group="t_grp", md=36)
    DUR_B = _p("t.dur_b", Period.YEARLY, 2_000_000, (MaxDuration(36, "期限最长3年"),), group="t_grp2", md=36)
    ONE_A = _p("t.one_a", Period.ONE_TIME, 300_000, (OneTime("一次性", group=("t.one_a", "t.one_b")),))
    ONE_B = _p("t.one_b", Period.ONE_TIME, 500_000, (OneTime("一次性", group=("t.one_a", "t.one_b")),))
    CAP = _p("t.cap", Period.YEARLY, 500_000, (YearlyCap(Const(300_000), "每人每年最高3000元"),))
    TIMES = _p("t.times", Period.ONE_TIME, 10_000, (MaxTimes(3, "每年不超过3次", per_year=True),))
    SPELL = _p("t.spell", Period.ONE_TIME, 10_000, (), conditions=(
        _cond("key_group", "创业时登记失业半年以上", "unemployed ≥ 6 months at registration",
              UNEMPLOYED_AT_START & UNEMPLOYED_6M, "登记失业半年以上人员"),))
    JUDGED = _p("t.judged", Period.ONE_TIME, 10_000, (), conditions=(
        _cond("status", "判断日登记失业", "unemployed on the date",
              status_on("registered_unemployed",
                        judged_on("zj_2022_46.readings.key_group_status_at", ("registration", "evaluation"))),
              "初次创业时"),))
    cat = Catalogue()
    cat.add(DUR_A, DUR_B, ONE_A, ONE_B, CAP, TIMES, SPELL, JUDGED)
    resolve_groups(cat)
    TEST_PROVISIONS[:] = [DUR_A, DUR_B, ONE_A, ONE_B, CAP, TIMES, SPELL, JUDGED]
    yield
    for name in set(FEATURES) - before:
        del FEATURES[name]
    TEST_PROVISIONS.clear()


TEST_PROVISIONS: list[Provision] = []


def run(case: dict, as_of: date, **kw):
    return evaluate_case(case, as_of, provisions=TEST_PROVISIONS, **kw)


def test_max_duration_from_declared_start_net_of_ledger():
    # certified 2024-01-10; 10 months already granted; as of 2025-01-15: 12 months elapsed of 36 → 24 by the
    # window, 26 by the ledger → 24 remain; the document ends 2025-12-31: 12 payable months × ¥1,000.
    case = {"person": {"difficulty_certified_on": "2024-01-10"},
            "history": [{"provision_id": "t.dur_a", "granted_on": "2024-02-01", "period_start": "2024-02-01",
                         "period_end": "2024-11-30", "amount_fen": 1_000_000}]}
    r = run(case, date(2025, 1, 15))["t.dur_a"]
    assert (r.outcome, r.remaining_months, r.total_payable_fen) == ("eligible", 24, 1_200_000)
    assert len(r.schedule) == 12 and r.schedule[-1]["from"] == "2025-12"
    cont = run(case, date(2025, 1, 15), overrides={"engine.readings.after_expiry": "continue"})["t.dur_a"]
    assert cont.total_payable_fen == 2_400_000  # 24 months × ¥1,000 when entitlements run their term


def test_max_duration_unknown_start_is_asked_not_assumed():
    r = run({"person": {}}, date(2025, 1, 15))["t.dur_a"]
    assert r.outcome == "unknown"
    assert "person.difficulty_certified_on" in {q["fact"] for q in r.questions}


def test_max_duration_used_up_counts_from_first_grant():
    # three yearly grants 2022, 2023, 2024 of t.dur_b: 36 months used → not eligible in 2025
    hist = [{"provision_id": "t.dur_b", "granted_on": f"{y}-03-01", "amount_fen": 2_000_000} for y in (2022, 2023, 2024)]
    r = run({"person": {}, "history": hist}, date(2025, 3, 1))["t.dur_b"]
    assert r.outcome == "not_eligible" and [c.id for c in r.failed] == ["within_max_duration"]
    two = run({"person": {}, "history": hist[:2]}, date(2024, 3, 1))["t.dur_b"]
    # first grant 2022-03-01: 24 months elapsed, 24 granted → 12 remain; yearly ¥20,000 × 1 year
    assert (two.outcome, two.remaining_months, two.total_payable_fen) == ("eligible", 12, 2_000_000)


def test_one_time_never_twice_and_mutually_exclusive():
    hist = [{"provision_id": "t.one_b", "granted_on": "2024-05-01", "amount_fen": 500_000}]
    res = run({"person": {}, "history": hist}, date(2025, 1, 1))
    assert res["t.one_a"].outcome == "not_eligible" and res["t.one_b"].outcome == "not_eligible"
    fresh = run({"person": {}}, date(2025, 1, 1))
    assert fresh["t.one_a"].outcome == "eligible" and fresh["t.one_a"].total_payable_fen == 300_000


def test_yearly_cap_net_of_same_year():
    # 每人每年最高3000元: ¥1,200 paid in 2025 → ¥1,800 left; a 2024 payment does not count
    hist = [{"provision_id": "t.cap", "granted_on": "2025-02-01", "amount_fen": 120_000},
            {"provision_id": "t.cap", "granted_on": "2024-12-01", "amount_fen": 300_000}]
    r = run({"person": {}, "history": hist}, date(2025, 6, 1))["t.cap"]
    assert (r.outcome, r.amount_fen) == ("eligible", 180_000)
    full = run({"person": {}, "history": hist + [{"provision_id": "t.cap", "granted_on": "2025-03-01",
                                                   "amount_fen": 180_000}]}, date(2025, 6, 1))["t.cap"]
    assert full.outcome == "not_eligible"
    unknown = run({"person": {}, "history": [{"provision_id": "t.cap", "granted_on": "2025-02-01"}]},
                  date(2025, 6, 1))["t.cap"]
    assert unknown.outcome == "unknown"  # a payment of unknown amount: what is left is not known


def test_at_most_n_times_a_year():
    hist = [{"provision_id": "t.times", "granted_on": f"2025-0{m}-01"} for m in (1, 2, 3)]
    assert run({"person": {}, "history": hist}, date(2025, 6, 1))["t.times"].outcome == "not_eligible"
    assert run({"person": {}, "history": hist[:2]}, date(2025, 6, 1))["t.times"].outcome == "eligible"
    last_year = [{**h, "granted_on": h["granted_on"].replace("2025", "2024")} for h in hist]
    assert run({"person": {}, "history": last_year}, date(2025, 6, 1))["t.times"].outcome == "eligible"


def test_founder_whose_unemployment_ended_on_registration_is_in_the_key_group():
    case = {"person": {"registered_unemployed": False}, "enterprise": {"registered_on": "2024-05-10"},
            "spells": [{"kind": "registered_unemployed", "from": "2023-09-01", "to": "2024-05-10"}]}
    assert run(case, date(2025, 1, 1))["t.spell"].outcome == "eligible"
    short = {**case, "spells": [{"kind": "registered_unemployed", "from": "2024-01-01", "to": "2024-05-10"}]}
    assert run(short, date(2025, 1, 1))["t.spell"].outcome == "not_eligible"  # 4 months at registration
    ended = {**case, "spells": [{"kind": "registered_unemployed", "from": "2023-09-01", "to": "2024-05-09"}]}
    assert run(ended, date(2025, 1, 1))["t.spell"].outcome == "not_eligible"
    # shorthand: registered since 2023-09-01 and still registered
    sh = {"person": {"registered_unemployed": True, "unemployed_registered_on": "2023-09-01"},
          "enterprise": {"registered_on": "2024-05-10"}}
    assert run(sh, date(2025, 1, 1))["t.spell"].outcome == "eligible"


def test_judgement_date_reading_switch():
    case = {"person": {}, "enterprise": {"registered_on": "2024-05-10"},
            "spells": [{"kind": "registered_unemployed", "from": "2023-09-01", "to": "2024-05-10"}]}
    assert run(case, date(2025, 1, 1))["t.judged"].outcome == "eligible"
    ev = run(case, date(2025, 1, 1), overrides={"zj_2022_46.readings.key_group_status_at": "evaluation"})
    assert ev["t.judged"].outcome == "not_eligible"


def test_bad_spell_names_the_field():
    from jiuye.errors import InputError

    with pytest.raises(InputError) as exc:
        Case.parse({"spells": [{"kind": "employed", "from": "2024-05-01", "to": "2024-01-01"}]})
    assert "spells" in exc.value.field


@pytest.mark.parametrize("as_of", [date(2024, 10, 1), date(2025, 6, 30)])
def test_single_and_table_agree_on_timelines(as_of):
    cases, frame, history = random_cases(800, seed=as_of.toordinal() % 101)
    spells, history = add_timelines(cases, history, seed=7)
    # make the test provisions' history common enough
    extra = pl.DataFrame({"subject_id": [f"s{i}" for i in range(0, 800, 3)],
                          "provision_id": [TEST_PROVISIONS[(i // 3) % 6].id for i in range(0, 800, 3)],
                          "granted_on": [date(2023 + (i // 19) % 3, 1 + i % 9, 1) for i in range(0, 800, 3)],
                          "amount_fen": [(i % 5) * 100_000 for i in range(0, 800, 3)]},
                         schema_overrides={"granted_on": pl.Date})
    used_up = [(f"s{i}", date(y, 2, 1)) for i in range(1, 800, 10) for y in (2021, 2022, 2023)]
    extra = pl.concat([extra, pl.DataFrame({"subject_id": [s for s, _ in used_up], "provision_id": "t.dur_b",
                                            "granted_on": [d for _, d in used_up], "amount_fen": 2_000_000})],
                      how="diagonal_relaxed")
    thrice = [f"s{i}" for i in range(2, 800, 10) for _ in range(3)]
    extra = pl.concat([extra, pl.DataFrame({"subject_id": thrice, "provision_id": "t.times",
                                            "granted_on": date(as_of.year, 1, 5)})], how="diagonal_relaxed")
    history = pl.concat([history, extra], how="diagonal_relaxed")
    for row in extra.to_dicts():
        cases[int(row["subject_id"][1:])]["history"].append({k: v for k, v in row.items() if k != "subject_id"})
    snap = PARAMETERS.snapshot(as_of)
    wide = evaluate_frame(frame, as_of, history=history, spells=spells, snapshot=snap, key="person.person_id",
                          provisions=TEST_PROVISIONS)
    seen, bad = set(), []
    for i, raw in enumerate(cases):
        res = evaluate_case(Case.model_validate(raw), as_of, provisions=TEST_PROVISIONS, snapshot=snap, explain=False)
        for r in res.results:
            pid = r.provision.id
            seen.add((pid, r.outcome))
            paid = r.outcome == "eligible"
            want = (r.outcome, r.amount_fen if paid else None, r.max_duration_months if paid else None,
                    r.total_payable_fen if paid else None)
            got = (wide[f"{pid}:outcome"][i], wide[f"{pid}:amount_fen"][i] if paid else None,
                   wide[f"{pid}:max_duration_months"][i] if paid else None,
                   wide[f"{pid}:total_payable_fen"][i] if paid else None)
            if got != want:
                bad.append((i, pid, want, got))
    assert not bad, bad[:5]
    for p in TEST_PROVISIONS:  # each reaches both sides of its limit
        assert (p.id, "eligible") in seen, p.id
        assert {(p.id, "not_eligible"), (p.id, "unknown")} & seen, p.id


def test_stepped_amounts_total_the_same_in_both_paths():
    # 杭州（五）: 补贴标准第 1年 1元/平方米·天，第 2、3 年 0.5 元/平方米·天，期限不超过 3 年 — leases started over three
    # years, areas and prior grants varied; the table path's total equals the single path's month by month
    from jiuye.catalogue.registry import CATALOGUE
    from jiuye.engine.schedule import stepped

    p = CATALOGUE.provisions["hz_2022_draft.wu.rent_outside_space"]
    assert stepped(p)
    as_of = date(2024, 10, 1)
    rows, cases = [], []
    for i in range(60):
        lease = date(2021 + i % 4, 1 + i % 12, 1 + (i * 7) % 28)
        person = {"person_id": f"r{i}", "registered_unemployed": True, "in_accompaniment_space": False,
                  "rented_area_m2": 20 + (i * 13) % 120, "lease_start": lease}
        rows.append({f"person.{k}": v for k, v in person.items()} | {"enterprise.adcode": "330105"})
        cases.append({"person": person, "enterprise": {"adcode": "330105"}})
    frame = pl.DataFrame(rows)
    snap = PARAMETERS.snapshot(as_of)
    wide = evaluate_frame(frame, as_of, snapshot=snap, key="person.person_id", provisions=[p])
    totals = set()
    for i, raw in enumerate(cases):
        r = evaluate_case(Case.model_validate(raw), as_of, provisions=[p], snapshot=snap, explain=False).results[0]
        assert (wide[f"{p.id}:outcome"][i], wide[f"{p.id}:total_payable_fen"][i]) == (r.outcome, r.total_payable_fen), i
        if r.total_payable_fen is not None:
            assert r.total_payable_fen == sum(x["amount_fen"] for x in r.schedule)
            totals.add(r.total_payable_fen)
    assert len(totals) > 20  # the cases do reach different totals
