"""第15条 (one-time subsidy for a new technical school of 2,000+ students) and 第16条 (relaxed
application conditions for social training-evaluation organisations, as a check)."""

from __future__ import annotations

from ...engine.dsl import Condition, Kind, O, Period, Provision, Subject, feature
from ..common import in_mountain_county, not_yet_received, yes
from ..documents import ZJ_2022_46
from .common import NS, param

ART15 = ("15.搭建多层次技能人才培养平台。支持一流技师学院建设培育单位到山区县设立机构，开展职业培训、校企合作等工作。加大"
         "职业技能提升行动专账资金省级统筹管理力度，对山区县新建在校生 2000人以上规模的技工院校给予一次性补助，用于购置教学"
         "培训仪器设备等。支持山区县建设实训基地、技能大师工作室、技能评价专家培养基地，承办省级职业技能大赛。鼓励有条件的"
         "企业自主开展技能等级认定，为企业搭建校企合作平台。")
ART16 = ("16.大力支持开展技能等级认定。鼓励山区县加快培育社会培训评价组织，放宽技能等级社会培训评价组织申报条件。从事教"
         "育培训的企事业单位，申报条件放宽到：有连续 3年以上相关职业培训评价经历，累计培训评价规模 5000 人次以上且每个职业"
         "（工种）不少于 1000人次。鼓励省属社会评价组织到山区县设立考点，提供技能人才评价服务。")

SCHOOL_ID = NS + "art15"
SCHOOL_GRANTS = feature("zj46_school_subsidies", "已获新建技工院校一次性补助次数",
                        "new technical school subsidies received", (SCHOOL_ID,))

TECHNICAL_SCHOOL = Provision(
    id=SCHOOL_ID, document=ZJ_2022_46, article="第15条",
    title_zh="山区县新建2000人以上技工院校一次性补助", title_en="One-time subsidy for a new technical school of 2,000+ students",
    clause=ART15, subject=Subject.ORGANISATION,
    jurisdiction=in_mountain_county(O.adcode, ART15, "院校", "school"),
    conditions=(
        Condition(id="technical_school", label=("技工院校", "a technical school"), test=yes(O.technical_school),
                  cites="的技工院校"),
        Condition(id="new", label=("新建", "newly established"), test=yes(O.newly_established), cites="对山区县新建"),
        Condition(id="students", label=("在校生2000人以上", "2,000 students or more"),
                  test=O.students_enrolled >= param("art15.min_students", "在校生人数下限 / minimum students"),
                  cites="在校生 2000人以上规模的技工院校"),
        not_yet_received(SCHOOL_GRANTS, 1, "给予一次性补助"),
    ),
    amount=param("art15.school_subsidy", "一次性补助（标准未定）/ one-time subsidy (not stated)"), period=Period.ONE_TIME,
    notes=("Paid from the provincial skills-upgrading special account; the amount is not in the document.",
           "用于购置教学培训仪器设备等: the money is earmarked for teaching and training equipment.",),
)

TRAINING_EVALUATION_CHECK = Provision(
    id=NS + "art16", document=ZJ_2022_46, article="第16条",
    title_zh="山区县社会培训评价组织放宽后的申报条件", title_en="Relaxed conditions for social training-evaluation organisations",
    clause=ART16, subject=Subject.ORGANISATION, kind=Kind.CHECK, benefit_type="status",
    jurisdiction=in_mountain_county(O.adcode, ART16, "申报单位", "applicant"),
    conditions=(
        Condition(id="education_training",
                  label=("从事教育培训的企事业单位", "an enterprise or institution in education and training"),
                  test=yes(O.education_training_unit), cites="从事教育培训的企事业单位"),
        Condition(id="years", label=("连续3年以上相关职业培训评价经历", "3+ consecutive years of training and evaluation"),
                  test=O.training_evaluation_years >= param("art16.min_years", "最少年限 / minimum years"),
                  cites="有连续 3年以上相关职业培训评价经历"),
        Condition(id="volume", label=("累计培训评价规模5000人次以上", "5,000+ person-times in all"),
                  test=O.training_evaluation_person_times >= param("art16.min_person_times", "累计人次下限 / minimum in all"),
                  cites="累计培训评价规模 5000 人次以上"),
        Condition(id="per_occupation", label=("每个职业（工种）不少于1000人次", "1,000+ person-times in every occupation"),
                  test=O.min_occupation_person_times >= param("art16.min_per_occupation", "每职业下限 / minimum per occupation"),
                  cites="每个职业（工种）不少于 1000人次"),
    ),
    notes=("A check: eligible = the organisation meets the relaxed conditions and may apply to become a social "
           "training-evaluation organisation for skill levels.",),
)

PROVISIONS = (TECHNICAL_SCHOOL, TRAINING_EVALUATION_CHECK)
