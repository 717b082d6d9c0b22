"""What would change it (issue 10 item 7): generic nearest misses and 本地区不适用, on real provisions."""

from __future__ import annotations

from datetime import date

from jiuye.catalogue.registry import evaluate_case

NOT_KEY_GROUP = {"enrolled_student": False, "university_graduate": False, "difficulty_certified": False,
                 "disabled_certified": False, "self_chosen_military_cadre": False, "self_employed_veteran": False}


def test_months_threshold_gives_the_month_it_is_met():
    # 杭州（三）: 登记失业半年以上 — registered 2024-06-10, as of 2024-10-15: 4 whole months, 6 from 2024-12-10
    r = evaluate_case({"person": {**NOT_KEY_GROUP, "registered_unemployed": True,
                                  "unemployed_registered_on": "2024-06-10"}}, date(2024, 10, 15))
    hint = {c.id: c.hint for c in r["hz_2022_draft.san.key_group"].failed}["key_group"]
    assert (hint["need"], hint["have"], hint["eligible_from"]) == (6, 4, "2024-12-10")
    assert hint["message_zh"] == "自登记失业之日起需满6个月，目前4个月；2024-12起可满足"


def test_count_threshold_says_how_many_are_missing():
    # 46号 第24条: 带动 1人以上就业并依法缴纳社会保险费 1年以上的 — no insured hire yet
    r = evaluate_case({"person": {"university_graduate": True, "graduation_date": "2020-06-30", "first_startup": True},
                       "enterprise": {"adcode": "330802", "registered_on": "2023-03-01", "insured_hires_12m": 0}},
                      date(2024, 10, 1))
    hint = r["zj_2022_46.art24"].failed[0].hint
    assert (hint["need"], hint["have"], hint["gap"]) == (1, 0, 1) and "eligible_from" not in hint


def test_a_place_is_not_the_one_thing_missing():
    # 46号 第24条 is for 山区县; a firm in 西湖区 cannot change that
    r = evaluate_case({"person": {"university_graduate": True, "graduation_date": "2020-06-30", "first_startup": True},
                       "enterprise": {"adcode": "330106", "registered_on": "2023-03-01", "insured_hires_12m": 2}},
                      date(2024, 10, 1))
    failed = r["zj_2022_46.art24"].failed
    assert [c.id for c in failed] == ["jurisdiction"]
    assert failed[0].hint == {"unchangeable": True, "message_zh": "本地区不适用", "message_en": "not available in this area"}


def test_a_missed_window_says_how_far_past_it_is():
    # 46号 第19条: 毕业 2年以内的高校毕业生到山区县中小微企业就业 — graduated 2021-06-30, hired 2024-03-01: 32 months
    r = evaluate_case({"person": {"university_graduate": True, "graduation_date": "2021-06-30", "hired_on": "2024-03-01",
                                  "work_adcode": "331102", "employer_size": "small", "employee_si_months": 14,
                                  "currently_insured": True}}, date(2024, 10, 1))
    hint = {c.id: c.hint for c in r["zj_2022_46.art19"].failed}["graduate"]
    assert (hint["need"], hint["have"], hint["deadline"]) == (24, 32, "2023-06-30") and "eligible_from" not in hint
    assert hint["message_zh"] == "自毕业日期起需在24个月以内（至2023-06-30），目前已32个月（2024-03-01）"


def test_every_failed_threshold_has_its_nearest_miss():
    """Coverage: over generated cases aimed at each provision, every condition that fails on a threshold (a
    comparison of numbers or dates, or an N年以内 window) over the case's facts carries a generic hint."""
    from jiuye.catalogue.registry import CATALOGUE
    from jiuye.engine.expr import Compare, Fact, Not, Or, WithinMonths
    from jiuye.engine.nearmiss import nearest_miss, unchangeable
    from jiuye.engine.place import env_at_place
    from jiuye.engine.single import case_env
    from jiuye.facts.models import Case
    from jiuye.params import PARAMETERS

    from .gen import random_cases

    def thresholds(node, env, out, depth=0):
        if depth > 12 or isinstance(node, Not):
            return
        if isinstance(node, WithinMonths) or (isinstance(node, Compare) and node.op in ("<", "<=", ">", ">=")):
            if any(isinstance(m, Fact) and not m.name.startswith("hist.") for m in node.walk()):
                out.append(node)
            return
        if isinstance(node, Compare):
            return
        for ch in node.children:
            v = ch.ev(env)
            if v is False or (isinstance(node, Or) and v is not True):
                thresholds(ch, env, out, depth + 1)

    as_of = date(2024, 10, 1)
    snap = PARAMETERS.snapshot(as_of)
    cases, _, _ = random_cases(40, 5, focus=(as_of, snap, 2))
    checked, unexplained = 0, []
    for raw in cases:
        case = Case.parse(raw)
        env0 = case_env(case, as_of, snap)
        for p in CATALOGUE:
            if getattr(case, p.subject.value) is None:
                continue
            env = env_at_place(p, env0)
            if p.jurisdiction.test.ev(env) is False:
                continue
            for cond in p.conditions:
                if cond.test.ev(env) is not False or unchangeable(cond.id, cond.test):
                    continue
                found: list = []
                thresholds(cond.test, env, found)
                if found:
                    checked += 1
                    if nearest_miss(cond.id, cond.test, env) is None:
                        unexplained.append((p.id, cond.id))
    assert checked > 200
    assert not unexplained, sorted(set(unexplained))


def test_a_county_option_not_taken_is_not_applicable_here_not_the_thing_missing():
    # 46号 第19条: 有条件的地区可放宽至毕业 5年以内高校毕业生 — 莲都区 has not widened it; the person cannot change that
    for explain in (True, False):
        r = evaluate_case({"person": {"work_adcode": "331102", "university_graduate": True}}, date(2024, 10, 1),
                          explain=explain)
        res = r["zj_2022_46.art19.widened_window"]
        assert [c.id for c in res.failed] == ["area_opted_in"]
        # a county option not adopted reads 本县未采用; either way it is not something the person can change
        assert res.failed[0].hint["message_zh"] == "本县未采用" and res.not_applicable_here
        assert res.to_dict(explain=False)["not_applicable_en"] == "not available in this area"
    # a changeable miss is not 本地区不适用
    r = evaluate_case({"person": {"university_graduate": True, "graduation_date": "2021-06-30", "hired_on": "2024-03-01",
                                  "work_adcode": "331102", "employer_size": "small", "employee_si_months": 14,
                                  "currently_insured": True}}, date(2024, 10, 1))
    assert not r["zj_2022_46.art19"].not_applicable_here
