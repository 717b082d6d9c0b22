"""Ask only what can change an outcome (issue 10 item 8), on the whole catalogue."""

from __future__ import annotations

from datetime import date

from jiuye.catalogue.registry import evaluate_case
from jiuye.web.questions import pending_questions


def _asked(result) -> set[str]:
    return {q["fact"] for r in result.results for q in r.questions}


def test_no_graduation_date_from_a_non_graduate():
    # 46号 第23条 / 杭州（三）: 毕业 5年以内的高校毕业生 — not a graduate, so the date cannot matter
    facts = {"person": {"university_graduate": False, "work_adcode": "330127", "gender": "M",
                        "birth_date": "1990-01-01"}}
    r = evaluate_case(facts, date(2025, 6, 30))
    assert "person.graduation_date" not in _asked(r)
    assert "person.graduation_date" not in {q["fact"] for q in pending_questions(r)}
    # whereas someone who has not said is asked
    r = evaluate_case({"person": {"work_adcode": "330127"}}, date(2025, 6, 30))
    assert "person.graduation_date" in _asked(r)


def test_no_retirement_category_from_a_woman_past_both_retirement_ages():
    # 杭州（九）: 补贴期限可至法定退休年龄当月. Born 1962-01: as a 工人 she retired at 50 (2012-01), as a 干部 at 55
    # (2017-01); on 2025-06-30 she is past both, so the category cannot change anything.
    facts = {"person": {"gender": "F", "birth_date": "1962-01-01", "hukou_adcode": "330106", "work_adcode": "330106",
                        "difficulty_certified": True, "registered_unemployed": True, "flexible_employed": True}}
    r = evaluate_case(facts, date(2025, 6, 30))
    assert "person.female_category" not in _asked(r)
    flexible = r["hz_2022_draft.jiu.flexible_si_subsidy"]
    assert flexible.outcome == "not_eligible" and [c.id for c in flexible.failed] == ["before_retirement"]


def test_the_category_is_asked_when_it_decides():
    # Born 1973-06: as a 工人 (50 + 2025 reform) she retires in 2023+…; as a 干部 (55) in 2028+. On 2025-06-30
    # the two differ, so the category is asked.
    facts = {"person": {"gender": "F", "birth_date": "1973-06-01", "hukou_adcode": "330106", "work_adcode": "330106",
                        "difficulty_certified": True, "flexible_employed": True}}
    r = evaluate_case(facts, date(2025, 6, 30))
    assert "person.female_category" in {q["fact"] for q in r["hz_2022_draft.jiu.flexible_si_subsidy"].questions}


def test_a_man_is_not_asked_a_womans_retirement_category():
    facts = {"person": {"gender": "M", "birth_date": "1970-01-01", "hukou_adcode": "330106", "work_adcode": "330106",
                        "difficulty_certified": True, "flexible_employed": True}}
    assert "person.female_category" not in _asked(evaluate_case(facts, date(2025, 6, 30)))


def test_no_history_questions_when_there_is_no_history():
    # 杭州（十五）: 同一职业（项目）同一等级不可重复享受 ｜ 同一证书单位已享受补贴的，个人不得重复享受补贴. With no training
    # subsidy on record nothing can match, so neither the occupation nor the certificate number is asked.
    facts = {"person": {"hukou_adcode": "330102", "trained_at_designated": True, "certificate_kind": "vocational",
                        "certificate_level": 3}}
    r = evaluate_case(facts, date(2024, 10, 1))
    res = r["hz_2022_draft.shiwu.certificate_subsidy"]
    # 三级 2000 元
    assert (res.outcome, res.amount_fen) == ("eligible", 200000)
    assert not {"person.certificate_occupation", "person.certificate_no"} & {q["fact"] for q in res.questions}
    # with a subsidy on record, the occupation decides whether it is the same one: asked
    r = evaluate_case({**facts, "history": [{"provision_id": "hz_2022_draft.shiwu.certificate_subsidy",
                                             "granted_on": "2023-05-01", "occupation": "电工", "level": 3}]},
                      date(2024, 10, 1))
    res = r["hz_2022_draft.shiwu.certificate_subsidy"]
    assert res.outcome == "unknown" and "person.certificate_occupation" in {q["fact"] for q in res.questions}


def test_a_status_given_as_spells_does_not_ask_the_shorthand():
    # 杭州（三）重点人群 on the registration date: with the registration spell supplied and the registration date
    # not yet given, the date is asked, not the shorthand "registered unemployed now?"
    facts = {"person": {"university_graduate": False, "enrolled_student": False, "difficulty_certified": False,
                        "disabled_certified": False, "self_chosen_military_cadre": False,
                        "self_employed_veteran": False, "first_startup": True},
             "enterprise": {"adcode": "330106"},
             "spells": [{"kind": "registered_unemployed", "from": "2023-06-01", "to": "2024-03-01"}]}
    asked = {q["fact"] for q in evaluate_case(facts, date(2024, 10, 1))["hz_2022_draft.san.startup_subsidy"].questions}
    assert "enterprise.registered_on" in asked
    assert not {"person.registered_unemployed", "person.unemployed_registered_on"} & asked
