"""Worked examples for the calculator: people and firms taken from the documents.

``/calculator?example=<key>`` fills the form with one of them, so a new user sees a full result
at once and can change any answer. Values are what the form would hold (yuan, not fen). ``events``
are the life events the person would tick in the guided calculator (/guide); their county is the
place of their work or business.
"""

from __future__ import annotations

from typing import Any

EXAMPLES: dict[str, dict[str, Any]] = {
    "hz_graduate_founder": {
        "zh": "杭州：2022届毕业生开个体店", "en": "Hangzhou: a 2022 graduate's own shop",
        "subject": "person", "as_of": "2025-06-01", "events": ["graduate", "founder"],
        "facts": {"has_business": "true", "person.work_adcode": "330106", "person.hukou_adcode": "330106",
                  "person.residence_adcode": "330106", "person.university_graduate": "true",
                  "person.graduation_date": "2022-06-30", "person.enrolled_student": "false",
                  "person.first_startup": "true", "person.si_months": "14", "enterprise.adcode": "330106",
                  "enterprise.kind": "individual", "enterprise.registered_on": "2023-03-01",
                  "enterprise.operating_normally": "true"},
    },
    "kecheng_flexible": {
        "zh": "柯城区：毕业生灵活就业", "en": "柯城区: a graduate in flexible work",
        "subject": "person", "as_of": "2024-10-01", "events": ["graduate"],
        "facts": {"has_business": "false", "person.work_adcode": "330802", "person.university_graduate": "true",
                  "person.graduation_date": "2023-06-30", "person.flexible_employed": "true",
                  "person.si_base_monthly_fen": "8000", "person.si_paid_monthly_fen": "1600"},
    },
    "quzhou_home_buyer": {
        "zh": "衢州：民营企业员工首次购房", "en": "Quzhou: a private-firm employee buys a first home",
        "subject": "person", "as_of": "2023-10-01", "events": ["employee"],
        "facts": {"has_business": "false", "person.work_adcode": "330802", "person.employer_ownership": "private",
                  "person.no_home_in_quzhou": "true", "person.home_purchased_on": "2023-08-15",
                  "person.employer_hf_monthly_fen": "300"},
    },
    "quzhou_founder": {
        "zh": "龙游县：大学生创办企业吸纳5人就业", "en": "龙游县: a student's firm with five insured hires",
        "subject": "enterprise", "as_of": "2024-10-01", "events": ["founder"],
        "facts": {"enterprise.adcode": "330825", "enterprise.registered_on": "2023-03-01",
                  "enterprise.insured_hires_12m": "5", "person.first_startup": "true", "person.enrolled_student": "true",
                  "enterprise.ecommerce": "false", "enterprise.leading_industry": "false"},
    },
    "hz_unemployed_46": {
        "zh": "拱墅区：46岁女性失业9个月", "en": "拱墅区: a woman of 46, unemployed for 9 months",
        "subject": "person", "as_of": "2025-09-01", "events": ["unemployed"],
        "facts": {"has_business": "false", "person.hukou_adcode": "330105", "person.residence_adcode": "330105",
                  "person.gender": "F", "person.birth_date": "1979-05-10", "person.female_category": "worker",
                  "person.registered_unemployed": "true", "person.unemployed_registered_on": "2024-12-01",
                  "person.difficulty_subsidy_exhausted": "false", "person.difficulty_certified": "false"},
    },
    "kecheng_graduate_founder": {
        "zh": "柯城区：2023届毕业生开个体店", "en": "柯城区: a 2023 graduate's own shop",
        "subject": "person", "as_of": "2025-06-01", "events": ["graduate", "founder"],
        "facts": {"has_business": "true", "person.work_adcode": "330802", "person.hukou_adcode": "330802",
                  "person.residence_adcode": "330802", "person.university_graduate": "true",
                  "person.graduation_date": "2023-06-30", "person.enrolled_student": "false",
                  "person.first_startup": "true", "person.si_months": "14", "enterprise.adcode": "330802",
                  "enterprise.kind": "individual", "enterprise.registered_on": "2024-03-01",
                  "enterprise.operating_normally": "true", "enterprise.insured_hires_12m": "2",
                  "enterprise.ecommerce": "false", "enterprise.leading_industry": "false"},
    },
}


def example_form(key: str) -> dict[str, Any] | None:
    ex = EXAMPLES.get(key)
    if ex is None:
        return None
    form: dict[str, Any] = {"subject": ex["subject"], "as_of": ex["as_of"], **ex["facts"]}
    return form
