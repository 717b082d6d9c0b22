"""Hangzhou draft （十六）: incentives for skills: training highly skilled workers (¥500–1,000 by level:
local standard inside the range), students certified at level 3+ before graduating (¥2,000), employers
hiring them (¥1,000), brand institutions (¥80,000) and projects (¥30,000), municipal competition top
three (¥2,000), provincial-or-higher awards matched 1:1, master studios (¥100,000), studio leaders'
service (¥1,000 a time), and studios may train like training institutions."""

from __future__ import annotations

from ...engine.dsl import (
    Bounded,
    Condition,
    InSet,
    Kind,
    Lookup,
    O,
    P,
    Param,
    Period,
    Provision,
    Reading,
    Scale,
    Subject,
    any_of,
    feature,
)
from ...rules.documents import HZ_2022_DRAFT
from ..common import yes
from .common import NS, business_in_hangzhou, person_in_hangzhou
from .shared import fresh_graduate, org_in_hangzhou

HIGH_SKILL_TEXT = ("用人单位、培训机构按规定直接培养或输送培养高技能人才的，可根据培养人数和技能等级，按每人 500-1000 元的标准享受"
                   "资助。")
STUDENT_TEXT = ("在杭高校、技工院校学生毕业前取得三级以上职业资格证书（职业技能等级证书），并在市区就业创业的，可享受每人 2000 元"
                "资助。")
HIRE_TEXT = "用人单位每吸纳 1 名取得三级以上职业资格证书（职业技能等级证书）的应届毕业生就业，可享受 1000 元的资助。"
BRAND_TEXT = "被评选为市职业技能品牌培训机构和品牌培训项目的，可分别享受 8 万元和 3 万元的资助。"
TOP3_TEXT = "对获得市级职业技能竞赛前三名的选手给予 2000 元的资助。"
MATCH_TEXT = "对获得省级以上职业技能竞赛奖项的选手，参照上级人力社保部门奖励标准，按1:1 的配比给予资助。"
STUDIO_TEXT = "对新认定的市级技能大师工作室和考核为优秀的市技能大师工作室给予 10 万元资助"
LEADER_TEXT = "工作室领衔人参加市人力社保部门组织的社会服务活动，给予 1000元/次的专项服务补贴"
STUDIO_TRAINING_TEXT = "技能大师工作室可参照职业技能培训机构向社会提供培训服务。"

STUDENT_ID = NS + "shiliu.student_certificate_grant"

LEVEL_3_PLUS = (P.certificate_kind.eq("vocational")
                & (P.certificate_level <= Param(NS + "shiliu.high_skill_max_level"))).named(
    "三级以上职业资格（技能等级）证书 / level 3 or higher certificate")
HIGH_SKILL_AMOUNT = Bounded(Lookup(NS + "shiliu.high_skill_by_level", P.certificate_level, label="按等级（地方标准）/ by level"),
                            Param(NS + "shiliu.high_skill_min"), Param(NS + "shiliu.high_skill_max"),
                            label="每人500-1000元（按等级）/ ¥500–1,000 per person by level")
HIGH_SKILL_CONDITIONS = (
    Condition(id="trained", label=("由申请单位按规定直接培养或输送培养", "trained directly or by referral by the claimant"),
              test=yes(P.trained_by_claimant), cites="按规定直接培养或输送培养高技能人才的"),
    Condition(id="high_skill", label=("高技能人才（三级以上证书）", "a highly skilled worker (level 3 or higher)"),
              test=LEVEL_3_PLUS, cites="高技能人才"),
)
HIGH_SKILL_READING = Reading(id="hz-high-skill",
                             question="高技能人才 and 500-1000 元 by level: which levels, which amounts?",
                             chosen="Levels 3 to 1 (高级工、技师、高级技师); the amount per level is a local standard inside "
                                    "¥500–1,000 (not set).",
                             alternative="Report ¥1,000 as an 'up to' amount.")

HIGH_SKILL_EMPLOYER = Provision(
    id=NS + "shiliu.high_skill_grant_employer", document=HZ_2022_DRAFT, article="四（十六）",
    title_zh="用人单位培养高技能人才资助（每人500-1000元）", title_en="Grant to employers training highly skilled workers",
    clause=HIGH_SKILL_TEXT, subject=Subject.ENTERPRISE, jurisdiction=business_in_hangzhou(HIGH_SKILL_TEXT),
    conditions=HIGH_SKILL_CONDITIONS, amount=HIGH_SKILL_AMOUNT, period=Period.ONE_TIME, readings=(HIGH_SKILL_READING,),
)

HIGH_SKILL_INSTITUTION = Provision(
    id=NS + "shiliu.high_skill_grant_institution", document=HZ_2022_DRAFT, article="四（十六）",
    title_zh="培训机构培养高技能人才资助（每人500-1000元）", title_en="Grant to training bodies training highly skilled workers",
    clause=HIGH_SKILL_TEXT, subject=Subject.ORGANISATION, jurisdiction=org_in_hangzhou(HIGH_SKILL_TEXT),
    conditions=(Condition(id="training_body", label=("培训机构", "a training institution"),
                          test=O.kind.eq("training_body"), cites="培训机构"),
                *HIGH_SKILL_CONDITIONS),
    amount=HIGH_SKILL_AMOUNT, period=Period.ONE_TIME, readings=(HIGH_SKILL_READING,),
)

STUDENT_RECEIVED = feature("hz_student_certificate_grant", "已领在校取证资助次数", "student certificate grant received",
                           (STUDENT_ID,))

STUDENT = Provision(
    id=STUDENT_ID, document=HZ_2022_DRAFT, article="四（十六）",
    title_zh="在杭院校学生毕业前取得三级以上证书资助（2000元）", title_en="Students certified at level 3+ before graduating (¥2,000)",
    clause=STUDENT_TEXT, subject=Subject.PERSON,
    jurisdiction=Condition(id="jurisdiction",
                           label=("在杭州市区就业创业", "working or in business in Hangzhou's urban districts"),
                           test=InSet(P.work_adcode, NS + "shiliu.urban_districts", label="杭州市区 / Hangzhou urban districts"),
                           cites="并在市区就业创业的"),
    conditions=(
        Condition(id="student", label=("在杭高校、技工院校学生", "student of a Hangzhou university or technical school"),
                  test=yes(P.hangzhou_school_student), cites="在杭高校、技工院校学生"),
        Condition(id="level_3_plus", label=("取得三级以上职业资格（技能等级）证书", "level 3 or higher certificate"),
                  test=LEVEL_3_PLUS, cites="取得三级以上职业资格证书（职业技能等级证书）"),
        Condition(id="before_graduation", label=("毕业前取得", "obtained before graduating"),
                  test=P.certificate_on <= P.graduation_date, cites="毕业前取得"),
        Condition(id="not_received", label=("未领过", "not received before"), test=STUDENT_RECEIVED.eq(0),
                  cites="可享受每人 2000 元资助"),
    ),
    amount=Param(NS + "shiliu.student_certificate_grant"), period=Period.ONE_TIME,
    readings=(Reading(id="hz-urban-districts", question="市区: which areas?",
                      chosen="Hangzhou's ten districts (not 桐庐, 淳安, 建德).", alternative="The whole city.",
                      switch=NS + "shiliu.urban_districts"),),
)

HIRE = Provision(
    id=NS + "shiliu.certified_graduate_hire_grant", document=HZ_2022_DRAFT, article="四（十六）",
    title_zh="用人单位吸纳取得三级以上证书应届毕业生资助（1000元）", title_en="Employer hiring a level-3+ fresh graduate (¥1,000)",
    clause=HIRE_TEXT, subject=Subject.ENTERPRISE, payee="employer", jurisdiction=business_in_hangzhou(HIRE_TEXT),
    conditions=(
        Condition(id="level_3_plus", label=("取得三级以上职业资格（技能等级）证书", "level 3 or higher certificate"),
                  test=LEVEL_3_PLUS, cites="取得三级以上职业资格证书（职业技能等级证书）"),
        Condition(id="fresh_graduate", label=("吸纳时为应届毕业生", "a fresh graduate when hired"),
                  test=fresh_graduate(P.hired_on), cites="的应届毕业生就业"),
    ),
    amount=Param(NS + "shiliu.certified_graduate_hire_grant"), period=Period.ONE_TIME,
    notes=("Per graduate hired (the case's person); 毕业生 includes technical-school graduates.",),
)

BRAND_INSTITUTION = Provision(
    id=NS + "shiliu.brand_institution_grant", document=HZ_2022_DRAFT, article="四（十六）",
    title_zh="市职业技能品牌培训机构资助（8万元）", title_en="Municipal brand training institution grant (¥80,000)",
    clause=BRAND_TEXT, subject=Subject.ORGANISATION, jurisdiction=org_in_hangzhou(BRAND_TEXT),
    conditions=(Condition(id="brand", label=("被评选为市职业技能品牌培训机构", "selected as a brand training institution"),
                          test=yes(O.brand_training_institution), cites="被评选为市职业技能品牌培训机构"),),
    amount=Param(NS + "shiliu.brand_institution_grant"), period=Period.ONE_TIME,
)

BRAND_PROJECT = Provision(
    id=NS + "shiliu.brand_project_grant", document=HZ_2022_DRAFT, article="四（十六）",
    title_zh="市品牌培训项目资助（每个3万元）", title_en="Municipal brand training project grant (¥30,000 each)",
    clause=BRAND_TEXT, subject=Subject.ORGANISATION, jurisdiction=org_in_hangzhou(BRAND_TEXT),
    conditions=(Condition(id="projects", label=("有项目被评选为品牌培训项目", "has brand training projects"),
                          test=O.brand_training_projects >= 1, cites="被评选为……品牌培训项目的"),),
    amount=(O.brand_training_projects * Param(NS + "shiliu.brand_project_grant")).named("项目数×3万元 / projects × ¥30,000"),
    period=Period.ONE_TIME,
)

TOP3 = Provision(
    id=NS + "shiliu.municipal_competition_grant", document=HZ_2022_DRAFT, article="四（十六）",
    title_zh="市级职业技能竞赛前三名资助（2000元）", title_en="Municipal skills competition top three (¥2,000)",
    clause=TOP3_TEXT, subject=Subject.PERSON, jurisdiction=person_in_hangzhou(TOP3_TEXT),
    conditions=(Condition(id="top3", label=("获得市级职业技能竞赛前三名", "top three in a municipal competition"),
                          test=(P.municipal_competition_rank >= 1) & (P.municipal_competition_rank <= Param(NS + "shiliu.top_ranks")),
                          cites="获得市级职业技能竞赛前三名的选手"),),
    amount=Param(NS + "shiliu.municipal_competition_grant"), period=Period.ONE_TIME,
)

MATCH = Provision(
    id=NS + "shiliu.provincial_award_match", document=HZ_2022_DRAFT, article="四（十六）",
    title_zh="省级以上职业技能竞赛获奖1:1配比资助", title_en="Provincial-or-higher competition award matched 1:1",
    clause=MATCH_TEXT, subject=Subject.PERSON, jurisdiction=person_in_hangzhou(MATCH_TEXT),
    conditions=(Condition(id="award", label=("获得省级以上职业技能竞赛奖项", "award in a provincial-or-higher competition"),
                          test=P.upper_award_fen > 0, cites="对获得省级以上职业技能竞赛奖项的选手"),),
    amount=Scale(P.upper_award_fen, NS + "shiliu.award_match_rate", label="上级奖励标准×1 / upper award × 1"),
    period=Period.ONE_TIME,
)

STUDIO = Provision(
    id=NS + "shiliu.master_studio_grant", document=HZ_2022_DRAFT, article="四（十六）",
    title_zh="市级技能大师工作室资助（10万元）", title_en="Municipal master craftsman studio grant (¥100,000)",
    clause=STUDIO_TEXT, subject=Subject.ORGANISATION, jurisdiction=org_in_hangzhou(STUDIO_TEXT),
    conditions=(Condition(id="studio", label=("新认定或考核为优秀的市技能大师工作室", "newly recognised or rated excellent"),
                          test=any_of(yes(O.master_studio_newly_recognised), yes(O.master_studio_rated_excellent),
                                      label="新认定或考核优秀 / new or excellent"),
                          cites=STUDIO_TEXT),),
    amount=Param(NS + "shiliu.master_studio_grant"), period=Period.ONE_TIME,
    notes=("One grant per recognition or per excellent rating.",),
)

LEADER = Provision(
    id=NS + "shiliu.studio_leader_service_subsidy", document=HZ_2022_DRAFT, article="四（十六）",
    title_zh="技能大师工作室领衔人专项服务补贴（1000元/次）", title_en="Studio leader service subsidy (¥1,000 a time)",
    clause=LEADER_TEXT, subject=Subject.PERSON, jurisdiction=person_in_hangzhou(LEADER_TEXT),
    conditions=(
        Condition(id="leader", label=("市技能大师工作室领衔人", "leads a municipal master studio"),
                  test=yes(P.master_studio_leader), cites="工作室领衔人"),
        Condition(id="activities",
                  label=("参加市人力社保部门组织的社会服务活动", "served in activities of the municipal HR bureau"),
                  test=P.studio_service_activities >= 1, cites="参加市人力社保部门组织的社会服务活动"),
    ),
    amount=(P.studio_service_activities * Param(NS + "shiliu.studio_leader_service")).named("次数×1000元 / times × ¥1,000"),
    period=Period.ONE_TIME,
)

STUDIO_TRAINING = Provision(
    id=NS + "shiliu.studio_as_training_body", document=HZ_2022_DRAFT, article="四（十六）",
    title_zh="技能大师工作室可参照培训机构提供培训服务", title_en="Master studios may train like training institutions",
    clause=STUDIO_TRAINING_TEXT, subject=Subject.ORGANISATION, kind=Kind.RELAXATION, benefit_type="right",
    jurisdiction=org_in_hangzhou(STUDIO_TRAINING_TEXT),
    conditions=(Condition(id="studio", label=("市级技能大师工作室", "a municipal master studio"),
                          test=yes(O.municipal_master_studio), cites="技能大师工作室"),),
)

PROVISIONS = (HIGH_SKILL_EMPLOYER, HIGH_SKILL_INSTITUTION, STUDENT, HIRE, BRAND_INSTITUTION, BRAND_PROJECT, TOP3, MATCH,
              STUDIO, LEADER, STUDIO_TRAINING)
