"""Hangzhou draft （八）, internships: who may take part, the 3–6 month term and its one extension for
Hangzhou-origin interns, the base's subsidies (living allowance at 70%/80% of the local monthly minimum
wage, ¥400 management fee per intern-month, employer pension part for retained interns), the ¥50
insurance per intern per half year, the ¥50,000 demonstration base reward and the ¥150,000 guidance
station subsidy."""

from __future__ import annotations

from ...engine.dsl import (
    AS_OF,
    Condition,
    If,
    Kind,
    O,
    P,
    Param,
    Period,
    Provision,
    Reading,
    Scale,
    Subject,
    any_of,
    city_of,
)
from ...rules.documents import HZ_2022_DRAFT
from ..common import yes
from ..groups import age_months
from .common import HANGZHOU, NS, person_in_hangzhou
from .shared import min_wage, org_in_hangzhou, works_in_hangzhou

DEMO_TEXT = ("对吸纳见习人数多、促进就业成效好，被认定为市级就业见习示范基地的单位，市财政给予每家 5 万元的奖补，可重复享受。")
WHO_TEXT = "鼓励符合条件的在校大学生、高校毕业生、16-24 岁失业青年参加 3-6 个月见习训练，其中杭州市生源可延期 1 次。"
ALLOWANCE_TEXT = ("见习基地按规定发放见习学员生活补助的，可按当地最低月工资标准的 70%申领见习学员生活补贴，其中就业见习基地年度评估"
                  "合格且留用率达到 50%的，标准提高至 80%。")
FEE_TEXT = "见习基地可按见习学员数申领 400 元/人·月的指导管理费补贴。"
PENSION_TEXT = ("见习学员在见习期满后被见习训练基地正式录（聘）用的，见习训练基地为其补缴见习期间养老保险的，见习基地可申请其中由"
                "单位缴纳部分的养老保险费补贴。")
INSURANCE_TEXT = "人力社保部门为见习学员统一办理 50元/人·半年综合商业保险。"
STATION_TEXT = ("杭州市行政区域内全日制普通高校及长三角区域内双一流全日制普通高校新建大学生就业创业指导站的，给予 15 万元的一次性"
                "建站补贴。")

AGE = age_months(AS_OF)
YOUTH = ((AGE >= Param(NS + "ba.youth_min_age") * 12) & (AGE < (Param(NS + "ba.youth_max_age") + 1) * 12)
         & yes(P.registered_unemployed)).named("16-24岁失业青年 / unemployed youth aged 16–24")
WHO = any_of(yes(P.enrolled_student).named("在校大学生 / enrolled student"),
             yes(P.university_graduate).named("高校毕业生 / university graduate"), YOUTH,
             label="在校大学生、高校毕业生或16-24岁失业青年 / student, graduate or unemployed youth")

INTERN_ELIGIBILITY = Provision(
    id=NS + "ba.intern_eligibility", document=HZ_2022_DRAFT, article="三（八）",
    title_zh="见习训练参加对象", title_en="Who may take part in an internship",
    clause=WHO_TEXT, subject=Subject.PERSON, kind=Kind.DEFINITION, benefit_type="status",
    jurisdiction=person_in_hangzhou(WHO_TEXT),
    conditions=(Condition(id="group",
                          label=("在校大学生、高校毕业生或16-24岁失业青年", "student, graduate or unemployed youth 16–24"),
                          test=WHO, cites="鼓励符合条件的在校大学生、高校毕业生、16-24 岁失业青年参加 3-6 个月见习训练"),),
    max_duration_months=Param(NS + "ba.max_internship_months"),
    readings=(Reading(id="hz-intern-youth", question="失业青年: registered unemployed only?",
                      chosen="Registered unemployed (登记失业) youth aged 16 to 24 (until the day before the 25th birthday).",
                      alternative="Any unemployed youth, registered or not (would need an 'unemployed' fact; not a switch)."),),
    notes=("高校毕业生 has no graduation window in the draft; the implementing rules may add one.",
           "The term is 3–6 months; one extension for Hangzhou-origin interns (length not printed).",),
)

TERM_CHECK = Provision(
    id=NS + "ba.internship_term_check", document=HZ_2022_DRAFT, article="三（八）",
    title_zh="见习期限3-6个月，杭州市生源可延期1次", title_en="Internship term of 3–6 months, one extension for Hangzhou origin",
    clause=WHO_TEXT, subject=Subject.PERSON, kind=Kind.CHECK, benefit_type="status",
    jurisdiction=works_in_hangzhou(WHO_TEXT),
    conditions=(
        Condition(id="term", label=("见习期限3-6个月", "term of 3 to 6 months"),
                  test=(P.internship_term_months >= Param(NS + "ba.min_internship_months"))
                       & (P.internship_term_months <= Param(NS + "ba.max_internship_months")),
                  cites="参加 3-6 个月见习训练"),
        Condition(id="extensions", label=("仅杭州市生源可延期且仅1次", "only Hangzhou-origin interns extend, once"),
                  test=any_of(P.internship_extensions.eq(0),
                              yes(P.hangzhou_origin) & (P.internship_extensions <= Param(NS + "ba.max_extensions")),
                              label="未延期，或杭州市生源延期不超过1次 / none, or once for Hangzhou origin"),
                  cites="其中杭州市生源可延期 1 次"),
    ),
)

EXTENSION = Provision(
    id=NS + "ba.internship_extension", document=HZ_2022_DRAFT, article="三（八）",
    title_zh="杭州市生源见习可延期1次", title_en="One internship extension for Hangzhou-origin interns",
    clause=WHO_TEXT, subject=Subject.PERSON, kind=Kind.RELAXATION, benefit_type="right",
    jurisdiction=works_in_hangzhou(WHO_TEXT),
    conditions=(
        Condition(id="origin", label=("杭州市生源", "Hangzhou origin"), test=yes(P.hangzhou_origin),
                  cites="其中杭州市生源可延期 1 次"),
        Condition(id="interning", label=("正在见习", "in an internship"), test=yes(P.in_internship),
                  cites="参加 3-6 个月见习训练"),
        Condition(id="not_extended", label=("尚未延期", "not extended yet"),
                  test=P.internship_extensions < Param(NS + "ba.max_extensions"), cites="可延期 1 次"),
    ),
    notes=("The length of the extension is not printed (implementing rules).",),
)

BASE = Condition(id="base", label=("就业见习基地", "an internship base"), test=O.kind.eq("internship_base"),
                 cites="见习基地")
HAS_INTERNS = Condition(id="interns", label=("有在岗见习学员", "has interns"), test=O.interns_count >= 1,
                        cites="可按见习学员数申领")
HIGHER = (yes(O.internship_evaluation_passed) & (O.interns_completed >= 1)
          & (O.interns_retained * 100 >= O.interns_completed * Param(NS + "ba.retention_min_pct"))).named(
    "年度评估合格且留用率达到50% / evaluation passed, retention ≥ 50%")
WAGE = min_wage(O.adcode)
PER_INTERN = If(HIGHER, Scale(WAGE, NS + "ba.allowance_rate_high", label="× 80%"),
                Scale(WAGE, NS + "ba.allowance_rate", label="× 70%"), label="每人每月生活补贴 / per intern per month")

LIVING_ALLOWANCE = Provision(
    id=NS + "ba.living_allowance_subsidy", document=HZ_2022_DRAFT, article="三（八）",
    title_zh="见习学员生活补贴（最低月工资70%/80%）", title_en="Intern living allowance subsidy (70% / 80% of the minimum wage)",
    clause=ALLOWANCE_TEXT, subject=Subject.ORGANISATION, jurisdiction=org_in_hangzhou(ALLOWANCE_TEXT),
    conditions=(BASE, Condition(id="pays_allowance",
                                label=("按规定发放见习学员生活补助", "pays interns their living allowance"),
                                test=yes(O.pays_intern_allowance), cites="见习基地按规定发放见习学员生活补助的"), HAS_INTERNS),
    amount=(O.interns_count * PER_INTERN).named("人数×最低月工资×70%（或80%）/ interns × minimum wage × 70% (80%)"),
    period=Period.MONTHLY,
    readings=(Reading(id="hz-intern-retention", question="留用率 of what?",
                      chosen="Interns formally hired after completing ÷ interns who completed, in the evaluation year; with no "
                             "intern completed the higher rate does not apply.",
                      alternative="Retained ÷ all interns taken in."),),
    notes=("当地最低月工资标准: the monthly minimum wage of the base's county (external.minimum_wage.*).",
           "Per intern the subsidy runs for the internship (3–6 months, plus one extension for Hangzhou origin).",),
)

MANAGEMENT_FEE = Provision(
    id=NS + "ba.management_fee_subsidy", document=HZ_2022_DRAFT, article="三（八）",
    title_zh="见习指导管理费补贴（400元/人·月）", title_en="Internship management fee subsidy (¥400 per intern-month)",
    clause=FEE_TEXT, subject=Subject.ORGANISATION, jurisdiction=org_in_hangzhou(FEE_TEXT),
    conditions=(BASE, HAS_INTERNS),
    amount=(O.interns_count * Param(NS + "ba.management_fee")).named("人数×400元 / interns × ¥400"),
    period=Period.MONTHLY,
)

RETAINED_PENSION = Provision(
    id=NS + "ba.retained_intern_pension_subsidy", document=HZ_2022_DRAFT, article="三（八）",
    title_zh="留用见习学员见习期养老保险费补贴（单位部分）", title_en="Pension subsidy for retained interns (employer part)",
    clause=PENSION_TEXT, subject=Subject.ORGANISATION, jurisdiction=org_in_hangzhou(PENSION_TEXT),
    conditions=(
        BASE,
        Condition(id="retained", label=("见习期满后正式录（聘）用见习学员", "hired interns after the internship"),
                  test=O.interns_retained >= 1, cites="见习学员在见习期满后被见习训练基地正式录（聘）用的"),
        Condition(id="back_paid", label=("为其补缴见习期间养老保险", "back-paid their pension for the internship"),
                  test=O.retained_intern_pension_fen > 0, cites="见习训练基地为其补缴见习期间养老保险的"),
    ),
    amount=O.retained_intern_pension_fen,
    period=Period.ONE_TIME,
)

INSURANCE = Provision(
    id=NS + "ba.intern_insurance", document=HZ_2022_DRAFT, article="三（八）",
    title_zh="见习学员综合商业保险（50元/人·半年）", title_en="Intern commercial insurance (¥50 per half year)",
    clause=INSURANCE_TEXT, subject=Subject.PERSON, payee="insurer (bought by the HR department)",
    jurisdiction=works_in_hangzhou(INSURANCE_TEXT),
    conditions=(Condition(id="interning", label=("在见习基地见习", "in an internship"), test=yes(P.in_internship),
                          cites="为见习学员统一办理"),),
    amount=(Param(NS + "ba.insurance_per_half_year") * ((P.internship_term_months + 5) // 6)).named(
        "50元×半年数（向上取整）/ ¥50 × half-years (rounded up)"),
    period=Period.ONE_TIME,
    notes=("Bought by the HR department for the intern (统一办理), not paid to the intern.",),
)

DEMO_BASE = Provision(
    id=NS + "ba.internship_demo_base_reward", document=HZ_2022_DRAFT, article="三（八）",
    title_zh="市级就业见习示范基地奖补（每家5万元）", title_en="Municipal internship demonstration base reward (¥50,000)",
    clause=DEMO_TEXT, subject=Subject.ORGANISATION, jurisdiction=org_in_hangzhou(DEMO_TEXT),
    conditions=(Condition(id="recognised",
                          label=("被认定为市级就业见习示范基地", "recognised as a municipal demonstration base"),
                          test=yes(O.municipal_internship_demo_base), cites="被认定为市级就业见习示范基地的单位"),),
    amount=Param(NS + "ba.demo_base_reward"), period=Period.ONE_TIME,
    notes=("可重复享受: paid again on each new recognition (no history cap).",),
)

STATION_PLACE = any_of(city_of(O.adcode).eq(HANGZHOU).named("杭州市行政区域内 / in Hangzhou"),
                       yes(O.yrd_double_first_class).named("长三角双一流高校 / Yangtze River Delta double first-class"),
                       label="杭州市高校或长三角双一流高校 / Hangzhou university or YRD double first-class")

GUIDANCE_STATION = Provision(
    id=NS + "ba.guidance_station_subsidy", document=HZ_2022_DRAFT, article="三（八）",
    title_zh="大学生就业创业指导站建站补贴（15万元）", title_en="Student guidance station set-up subsidy (¥150,000)",
    clause=STATION_TEXT, subject=Subject.ORGANISATION,
    jurisdiction=Condition(id="jurisdiction",
                           label=("杭州市行政区域内或长三角双一流高校", "in Hangzhou or a YRD double first-class university"),
                           test=STATION_PLACE, cites="杭州市行政区域内全日制普通高校及长三角区域内双一流全日制普通高校"),
    conditions=(
        Condition(id="university", label=("全日制普通高校", "full-time regular university"),
                  test=yes(O.fulltime_university), cites="全日制普通高校"),
        Condition(id="new_station", label=("新建大学生就业创业指导站", "newly set up a guidance station"),
                  test=yes(O.new_guidance_station), cites="新建大学生就业创业指导站的"),
    ),
    amount=Param(NS + "ba.guidance_station_subsidy"), period=Period.ONE_TIME,
    readings=(Reading(id="hz-station-place", question="Where must the station of a YRD university be?",
                      chosen="In Hangzhou (it is Hangzhou's subsidy); asked with the new-station fact.",
                      alternative="Anywhere."),),
)

PROVISIONS = (INTERN_ELIGIBILITY, TERM_CHECK, EXTENSION, LIVING_ALLOWANCE, MANAGEMENT_FEE, RETAINED_PENSION, INSURANCE,
              DEMO_BASE, GUIDANCE_STATION)
