"""Hangzhou draft （十五）, the rest: the skill-level assessment fee subsidy (local standard), the
pre-competition training subsidy to competition organisers (¥500 junior/intermediate, ¥800 senior
and above, once), and the startup training subsidy (¥200–2,000 by project: a local standard per
project, used only inside the printed range). Startup training counts toward the caps."""

from __future__ import annotations

from ...engine.dsl import (
    Bounded,
    Condition,
    Lookup,
    O,
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
from .shared import org_in_hangzhou
from .shiwu_training import THIS_YEAR

FEE_TEXT = ("符合条件的各类人员在定点机构参加培训并取得职业资格证书的，可按规定享受全额培训补贴，同时可享受职业技能等级认定（鉴定）"
            "费补贴（专项职业能力证书除外）。")
COMPETITION_TEXT = ("职业技能竞赛组织单位可根据取得职业资格证书（职业技能等级证书）的人数及等级享受一次赛前训练补贴，其中初级、中级每人 "
                    "500 元，高级及以上每人 800 元。")
STARTUP_TEXT = "符合条件的各类人员在定点机构参加创业培训并取得合格证书的，可按培训项目享受每人 200-2000 元的创业培训补贴。"

FEE_ID = NS + "shiwu.assessment_fee_subsidy"
STARTUP_ID = NS + "shiwu.startup_training_subsidy"

SAME_FEE = feature("hz_same_assessment_fee_before", "同一职业同一等级已享受鉴定费补贴次数", "assessment fee subsidised before",
                   (FEE_ID,), match=(("occupation", P.certificate_occupation), ("level", P.certificate_level)))
SAME_STARTUP_PROJECT = feature("hz_same_startup_training_before", "同一创业培训项目已享受次数",
                               "same startup training project before", (STARTUP_ID,),
                               match=(("occupation", P.startup_training_project),))

ASSESSMENT_FEE = Provision(
    id=FEE_ID, document=HZ_2022_DRAFT, article="四（十五）",
    title_zh="职业技能等级认定（鉴定）费补贴", title_en="Skill-level assessment fee subsidy",
    clause=FEE_TEXT, subject=Subject.PERSON, jurisdiction=person_in_hangzhou(FEE_TEXT),
    conditions=(
        Condition(id="designated", label=("在定点机构参加培训", "trained at a designated institution"),
                  test=yes(P.trained_at_designated), cites="符合条件的各类人员在定点机构参加培训并取得职业资格证书的"),
        Condition(id="vocational",
                  label=("取得职业资格（技能等级）证书（专项职业能力证书除外）", "vocational certificate (not special ability)"),
                  test=P.certificate_kind.eq("vocational"), cites="同时可享受职业技能等级认定（鉴定）费补贴（专项职业能力证书除外）"),
        Condition(id="not_same", label=("同一职业同一等级未享受过", "never for the same occupation and level"),
                  test=SAME_FEE.eq(0), cites="同一职业（项目）同一等级不可重复享受"),
    ),
    amount=Lookup(NS + "shiwu.assessment_fee_by_level", P.certificate_level, label="按等级的鉴定费补贴标准 / by level"),
    period=Period.ONE_TIME,
    readings=(
        Reading(id="hz-assessment-fee", question="鉴定费补贴 has no amount: what is paid?",
                chosen="A local standard by level (not set).",
                alternative="The fee actually paid (would need the fee as a fact; not a switch, see the report)."),
        Reading(id="hz-assessment-fee-cap", question="Does the fee subsidy count toward the 3-a-year cap?",
                chosen="No: it comes with the certificate subsidy (同时可享受) and is not a separate training subsidy.",
                alternative="Yes: count it among the training subsidies."),
    ),
)

PRE_COMPETITION = Provision(
    id=NS + "shiwu.pre_competition_subsidy", document=HZ_2022_DRAFT, article="四（十五）",
    title_zh="职业技能竞赛赛前训练补贴（500元/800元）", title_en="Pre-competition training subsidy (¥500 / ¥800 per person)",
    clause=COMPETITION_TEXT, subject=Subject.ORGANISATION, jurisdiction=org_in_hangzhou(COMPETITION_TEXT),
    conditions=(
        Condition(id="organiser", label=("职业技能竞赛组织单位", "skills competition organiser"),
                  test=yes(O.competition_organiser), cites="职业技能竞赛组织单位"),
        Condition(id="certified", label=("有选手取得证书", "competitors obtained certificates"),
                  test=(O.competition_certified_junior + O.competition_certified_senior) >= 1,
                  cites="根据取得职业资格证书（职业技能等级证书）的人数及等级"),
    ),
    amount=(O.competition_certified_junior * Param(NS + "shiwu.pre_competition_junior")
            + O.competition_certified_senior * Param(NS + "shiwu.pre_competition_senior")).named(
        "初级中级人数×500＋高级及以上人数×800 / juniors × ¥500 + seniors × ¥800"),
    period=Period.ONE_TIME,
    notes=("享受一次: once per competition. 初级、中级 = levels 5 and 4; 高级及以上 = levels 3, 2 and 1.",
           "Paid to the organiser, outside the personal 3-a-year cap.",),
)

STANDARD = Lookup(NS + "shiwu.startup_training_by_project", P.startup_training_project,
                  label="按培训项目的补贴标准（地方标准）/ local standard by project")

STARTUP_TRAINING = Provision(
    id=STARTUP_ID, document=HZ_2022_DRAFT, article="四（十五）",
    title_zh="创业培训补贴（按项目每人200-2000元）", title_en="Startup training subsidy (¥200–2,000 by project)",
    clause=STARTUP_TEXT, subject=Subject.PERSON, jurisdiction=person_in_hangzhou(STARTUP_TEXT),
    conditions=(
        Condition(id="designated", label=("在定点机构参加创业培训", "startup training at a designated institution"),
                  test=yes(P.trained_at_designated), cites="在定点机构参加创业培训"),
        Condition(id="certified", label=("取得创业培训合格证书", "obtained the certificate"),
                  test=yes(P.startup_training_certified), cites="参加创业培训并取得合格证书的"),
        Condition(id="max_3_a_year", label=("本年度不超过3次", "at most 3 a year"),
                  test=THIS_YEAR < Param(NS + "shiwu.max_per_year"), cites="原则上每人每年可享受不超过 3 次"),
        Condition(id="not_same_project", label=("同一项目未享受过", "never for the same project"),
                  test=SAME_STARTUP_PROJECT.eq(0), cites="同一职业（项目）同一等级不可重复享受"),
    ),
    amount=Bounded(STANDARD, Param(NS + "shiwu.startup_training_min"), Param(NS + "shiwu.startup_training_max"),
                   label="项目标准（须在200-2000元之间）/ project standard within ¥200–2,000"),
    period=Period.ONE_TIME, tags=frozenset({"training_subsidy"}),
    notes=("The draft prints only the range: the amount per project is a local standard (not set); a standard set "
           "outside ¥200–2,000 is not used and the amount is reported as not known.",),
)

PROVISIONS = (ASSESSMENT_FEE, PRE_COMPETITION, STARTUP_TRAINING)
