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
