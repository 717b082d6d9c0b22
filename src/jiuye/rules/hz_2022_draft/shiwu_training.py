"""Hangzhou draft （十五）: certificate training subsidies by level, and the caps: at most 3 a
year, never twice for the same occupation and level, never when the employer already claimed
that certificate. Caps are checked against the supplied history."""

from __future__ import annotations

from ...engine.dsl import (
    Condition,
    Const,
    If,
    Lookup,
    P,
    Param,
    Period,
    Provision,
    Reading,
    Subject,
    feature,
)
from ...rules.documents import HZ_2022_DRAFT
from ..common import yes
from .common import NS, person_in_hangzhou

SHIWU = ("（十五）加大职业培训补贴力度。职业资格证书（职业技能等级证书）的补贴标准为五级 1000 元、四级 1500 元、三级 2000 元、"
         "二级 2500 元、一级 3000 元，专项职业能力证书的补贴标准为 800 元。符合条件的各类人员在定点机构参加培训并取得职业资格"
         "证书的，可按规定享受全额培训补贴，同时可享受职业技能等级认定（鉴定）费补贴（专项职业能力证书除外）。")
CAPS = ("第十三、十四、十五条所述各类职业培训补贴原则上每人每年可享受不超过 3 次，但同一职业（项目）同一等级不可重复享受，"
        "同一证书单位已享受补贴的，个人不得重复享受补贴。")

CERTIFICATE_ID = NS + "shiwu.certificate_subsidy"
# (十三)(十四)(十五) subsidies that share the caps (declared in shisan_apprenticeship, shisi_projects,
# shiwu_competition): per-person or employer-claimed per trainee; grants to organisations are not counted.
TRAINING_SUBSIDIES = (
    CERTIFICATE_ID,
    NS + "shisan.employer_certificate_subsidy",
    NS + "shisan.apprentice_employee_subsidy",
    NS + "shisan.apprentice_trainee_subsidy",
    NS + "shisi.special_operation_subsidy",
    NS + "shisi.training_certificate_subsidy",
    NS + "shiwu.startup_training_subsidy",
)

# 专项职业能力证书 have no level: they are recorded with level 0.
CLAIM_LEVEL = If(P.certificate_kind.eq("special_ability"), Const(0), P.certificate_level,
                 label="证书等级（专项能力为0）/ level (0 = special ability)")

THIS_YEAR = feature("training_subsidies_this_year", "本年度已享受培训补贴次数", "training subsidies this year",
                    TRAINING_SUBSIDIES, agg="count_same_year")
SAME_CERT = feature("same_certificate_before", "同一职业同一等级已享受次数", "same occupation and level before",
                    TRAINING_SUBSIDIES, match=(("occupation", P.certificate_occupation), ("level", CLAIM_LEVEL)))
EMPLOYER_CLAIMED = feature("employer_claimed_certificate", "单位已就该证书享受补贴", "employer already claimed it",
                           TRAINING_SUBSIDIES, match=(("certificate_no", P.certificate_no),), claimant="employer")

CERTIFICATE_SUBSIDY = Provision(
    id=CERTIFICATE_ID, document=HZ_2022_DRAFT, article="四（十五）",
    title_zh="职业资格（技能等级）证书培训补贴", title_en="Certificate training subsidy by level",
    clause=SHIWU + "｜" + CAPS, subject=Subject.PERSON, jurisdiction=person_in_hangzhou(SHIWU),
    conditions=(
        Condition(id="designated", label=("在定点机构参加培训", "trained at a designated institution"),
                  test=yes(P.trained_at_designated), cites="符合条件的各类人员在定点机构参加培训并取得职业资格证书的"),
        Condition(id="certificate", label=("取得证书", "certificate obtained"),
                  test=P.certificate_kind.is_in(("vocational", "special_ability")),
                  cites="职业资格证书（职业技能等级证书）……专项职业能力证书"),
        Condition(id="max_3_a_year", label=("本年度不超过3次", "at most 3 a year"),
                  test=THIS_YEAR < Param(NS + "shiwu.max_per_year"), cites="原则上每人每年可享受不超过 3 次"),
        Condition(id="not_same_certificate",
                  label=("同一职业同一等级未享受过", "never for the same occupation and level"), test=SAME_CERT.eq(0),
                  cites="同一职业（项目）同一等级不可重复享受"),
        Condition(id="employer_not_claimed",
                  label=("单位未就该证书享受补贴", "the employer has not claimed this certificate"),
                  test=EMPLOYER_CLAIMED.eq(0), cites="同一证书单位已享受补贴的，个人不得重复享受补贴"),
    ),
    amount=If(P.certificate_kind.eq("special_ability"), Param(NS + "shiwu.special_ability"),
              Lookup(NS + "shiwu.level_subsidy", P.certificate_level, label="按等级 / by level"),
              label="证书补贴标准 / subsidy by certificate"),
    period=Period.ONE_TIME, tags=frozenset({"training_subsidy"}),
    readings=(Reading(id="hz-training-year", question="每人每年 3 次: which year?",
                      chosen="The calendar year of the as-of (application) date.",
                      alternative="A rolling 12 months."),),
    notes=("The certificate fee (鉴定费) subsidy is a separate local standard (not encoded here).",),
)

PROVISIONS = (CERTIFICATE_SUBSIDY,)
