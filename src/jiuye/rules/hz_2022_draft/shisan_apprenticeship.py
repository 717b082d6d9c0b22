"""Hangzhou draft （十三）: employer-run training paid in full by certificate, the new apprenticeship
(employee apprentice 60% of the fee ≤ ¥6,000 a year; trainee apprentice ≤ ¥3,000 a year), public
training sub-bases (¥100 per person-day of training, ¥200 of competition), and the vocational
colleges' 1.2 : 1 social-training check. Subsidies to trainees count toward the caps of （十五）."""

from __future__ import annotations

from ...engine.dsl import (
    Condition,
    E,
    If,
    Kind,
    Min,
    O,
    P,
    Param,
    Period,
    Provision,
    Reading,
    Scale,
    Subject,
    YearlyCap,
)
from ...rules.documents import HZ_2022_DRAFT
from ..common import yes
from .common import NS, business_in_hangzhou
from .shared import local, org_in_hangzhou
from .shiwu_training import CERTIFICATE_SUBSIDY, SAME_CERT, THIS_YEAR

EMPLOYER_TEXT = ("用人（用工）单位组织开展岗前技能培训、岗位技能提升培训或企业技能人才自主评价的，根据取得职业资格证书（职业技能等级"
                 "证书、专项职业能力证书，下同）人数及等级，可享受全额补贴")
APPRENTICE_TEXT = ("开展新型学徒制培训的，职工学徒可按企业支付给培训机构培训费用的 60%给予补贴，每人每年最高不超过 6000 元，实习学徒"
                   "可按每人每年不高于 3000 元给予补贴。")
RATIO_TEXT = "职业院校须承担社会培训职责，培训人次与学制教育人数比要达到 1.2∶1 以上。"
BASE_TEXT = ("加强公共实训体系建设，新认定一批实训基地分基地，对实训基地分基地承担公共实训职能的，按技能实训 100 元/人/天、技能竞赛 "
             "200 元/人/天的标准予以资助。")

EMPLOYER_CERT_ID = NS + "shisan.employer_certificate_subsidy"
APPRENTICE_EMPLOYEE_ID = NS + "shisan.apprentice_employee_subsidy"
APPRENTICE_TRAINEE_ID = NS + "shisan.apprentice_trainee_subsidy"

CAP_3 = Condition(id="max_3_a_year",
                  label=("该人员本年度培训补贴不超过3次", "at most 3 training subsidies a year for the person"),
                  test=THIS_YEAR < Param(NS + "shiwu.max_per_year"), cites="原则上每人每年可享受不超过 3 次")
NOT_SAME = Condition(id="not_same_certificate",
                     label=("同一职业同一等级未享受过", "never for the same occupation and level"), test=SAME_CERT.eq(0),
                     cites="同一职业（项目）同一等级不可重复享受")

EMPLOYER_CERTIFICATE = Provision(
    id=EMPLOYER_CERT_ID, document=HZ_2022_DRAFT, article="四（十三）",
    title_zh="用人单位组织培训（自主评价）按证书全额补贴", title_en="Employer-run training: full subsidy per certificate",
    clause=EMPLOYER_TEXT, subject=Subject.ENTERPRISE, payee="employer", jurisdiction=business_in_hangzhou(EMPLOYER_TEXT),
    conditions=(
        Condition(id="organises",
                  label=("组织开展岗前、岗位提升培训或自主评价", "runs pre-job or upskilling training or self-assessment"),
                  test=yes(E.organises_skill_training), cites="组织开展岗前技能培训、岗位技能提升培训或企业技能人才自主评价的"),
        Condition(id="certificate", label=("职工取得证书", "the employee obtained a certificate"),
                  test=P.certificate_kind.is_in(("vocational", "special_ability")),
                  cites="职业资格证书（职业技能等级证书、专项职业能力证书，下同）"),
        CAP_3, NOT_SAME,
    ),
    amount=CERTIFICATE_SUBSIDY.amount, period=Period.ONE_TIME, tags=frozenset({"training_subsidy"}),
    readings=(Reading(id="hz-employer-full-subsidy", question="全额补贴 by number and level: at what rate?",
                      chosen="The certificate standards of （十五） (level 5 ¥1,000 … level 1 ¥3,000; special ability ¥800) for "
                             "each certified employee.",
                      alternative="The training cost actually paid (local rules)."),),
    notes=("Evaluated per certified employee (the case's person); recorded as claimant 'employer' so that the "
           "employee cannot claim the same certificate again.",),
)

APPRENTICE_EMPLOYEE = Provision(
    id=APPRENTICE_EMPLOYEE_ID, document=HZ_2022_DRAFT, article="四（十三）",
    title_zh="新型学徒制职工学徒培训补贴（60%，每年最高6000元）", title_en="Employee apprentice subsidy (60%, ≤ ¥6,000 a year)",
    clause=APPRENTICE_TEXT, subject=Subject.ENTERPRISE, payee="employer", jurisdiction=business_in_hangzhou(APPRENTICE_TEXT),
    conditions=(
        Condition(id="apprenticeship", label=("开展新型学徒制培训", "runs the new apprenticeship"),
                  test=yes(E.new_apprenticeship), cites="开展新型学徒制培训的"),
        Condition(id="employee_apprentice", label=("职工学徒", "an employee apprentice"),
                  test=P.apprentice_kind.eq("employee"), cites="职工学徒"),
        Condition(id="fee_paid", label=("企业支付了培训费用", "the firm paid a training fee"),
                  test=P.apprentice_fee_paid_fen > 0, cites="企业支付给培训机构培训费用"),
        CAP_3,
    ),
    amount=Min(Scale(P.apprentice_fee_paid_fen, NS + "shisan.apprentice_share", label="培训费×60% / fee × 60%"),
               Param(NS + "shisan.apprentice_employee_cap"), label="min(培训费×60%, 6000元) / min(fee × 60%, ¥6,000)"),
    period=Period.YEARLY, tags=frozenset({"training_subsidy"}),
    # 每人每年最高不超过 6000 元: a cap on the year's total for the apprentice, net of what was paid this year
    limits=(YearlyCap(Param(NS + "shisan.apprentice_employee_cap"), "每人每年最高不超过 6000 元"),),
)

APPRENTICE_TRAINEE = Provision(
    id=APPRENTICE_TRAINEE_ID, document=HZ_2022_DRAFT, article="四（十三）",
    title_zh="新型学徒制实习学徒培训补贴（每年不高于3000元）", title_en="Trainee apprentice subsidy (≤ ¥3,000 a year)",
    clause=APPRENTICE_TEXT, subject=Subject.ENTERPRISE, payee="employer", jurisdiction=business_in_hangzhou(APPRENTICE_TEXT),
    conditions=(
        Condition(id="apprenticeship", label=("开展新型学徒制培训", "runs the new apprenticeship"),
                  test=yes(E.new_apprenticeship), cites="开展新型学徒制培训的"),
        Condition(id="trainee_apprentice", label=("实习学徒", "a trainee apprentice"),
                  test=P.apprentice_kind.eq("trainee"), cites="实习学徒"),
        CAP_3,
    ),
    amount=If(Param(NS + "readings.trainee_apprentice_amount").eq("local_standard"),
              Min(local("shisan.apprentice_trainee_standard"), Param(NS + "shisan.apprentice_trainee_cap")),
              Param(NS + "shisan.apprentice_trainee_cap"), label="每人每年不高于3000元 / up to ¥3,000 a year"),
    amount_kind="up_to", period=Period.YEARLY, tags=frozenset({"training_subsidy"}),
    # 每人每年不高于 3000 元: the year's total for the apprentice, net of what was paid this year
    limits=(YearlyCap(Param(NS + "shisan.apprentice_trainee_cap"), "实习学徒可按每人每年不高于 3000 元给予补贴"),),
    readings=(Reading(id="hz-trainee-apprentice", question="不高于 3000 元 gives only a maximum: what amount?",
                      chosen="Report the ¥3,000 yearly maximum as an 'up to' amount.",
                      alternative="A local standard, capped at ¥3,000 (unknown until set).",
                      switch=NS + "readings.trainee_apprentice_amount"),),
)

PUBLIC_BASE = Provision(
    id=NS + "shisan.public_training_base_grant", document=HZ_2022_DRAFT, article="四（十三）",
    title_zh="实训基地分基地公共实训资助（实训100元、竞赛200元/人/天）", title_en="Public training sub-base grant (¥100 / ¥200 per person-day)",
    clause=BASE_TEXT, subject=Subject.ORGANISATION, jurisdiction=org_in_hangzhou(BASE_TEXT),
    conditions=(
        Condition(id="sub_base",
                  label=("新认定的实训基地分基地承担公共实训职能", "recognised sub-base performing public training"),
                  test=yes(O.public_training_sub_base), cites="对实训基地分基地承担公共实训职能的"),
        Condition(id="person_days", label=("承担了技能实训或技能竞赛", "delivered training or competitions"),
                  test=(O.training_person_days + O.competition_person_days) >= 1,
                  cites="按技能实训 100 元/人/天、技能竞赛 200 元/人/天"),
    ),
    amount=(O.training_person_days * Param(NS + "shisan.training_per_person_day")
            + O.competition_person_days * Param(NS + "shisan.competition_per_person_day")).named(
        "实训人天×100＋竞赛人天×200 / training days × ¥100 + competition days × ¥200"),
    period=Period.ONE_TIME,
    notes=("Paid per claim on the person-days delivered; not a personal training subsidy (outside the 3-a-year cap).",),
)

RATIO_CHECK = Provision(
    id=NS + "shisan.vocational_college_training_ratio", document=HZ_2022_DRAFT, article="四（十三）",
    title_zh="职业院校社会培训人次与学制教育人数比≥1.2∶1", title_en="Vocational colleges: social training ≥ 1.2 × students",
    clause=RATIO_TEXT, subject=Subject.ORGANISATION, kind=Kind.CHECK, benefit_type="status",
    jurisdiction=org_in_hangzhou(RATIO_TEXT),
    conditions=(
        Condition(id="vocational_college", label=("职业院校", "a vocational college"),
                  test=yes(O.vocational_college), cites="职业院校须承担社会培训职责"),
        Condition(id="ratio", label=("培训人次与学制教育人数比达到1.2∶1以上", "training person-times ≥ 1.2 × students"),
                  test=O.social_training_person_times * 10 >= O.students_enrolled * Param(NS + "shisan.training_ratio_tenths"),
                  cites="培训人次与学制教育人数比要达到 1.2∶1 以上"),
    ),
)

PROVISIONS = (EMPLOYER_CERTIFICATE, APPRENTICE_EMPLOYEE, APPRENTICE_TRAINEE, PUBLIC_BASE, RATIO_CHECK)
