"""第7条 (labour brands) and 第8条 (postdoctoral workstations and postdocs in mountain counties)."""

from __future__ import annotations

from ...engine.dsl import AS_OF, Condition, E, O, P, Period, Provision, Reading, Subject, feature
from ..common import in_mountain_county, not_yet_received, yes
from ..documents import ZJ_2022_46
from ..zj_2021_22 import POSTDOC_PROVINCIAL_GRANTS
from .common import NS, param

ART7 = ("7.做大做强劳务品牌。省市县分级认定一批劳务品牌，到 2025年，每个山区县培育县级劳务品牌 2个以上，被认定为省级劳务"
        "品牌的，省财政给予 30万元的一次性奖补，市县认定的劳务品牌，当地财政可给予一次性奖补。劳务品牌参加创业就业服务展等活动，"
        "参展所需经费可从就业补助资金中列支。")
ART8 = ("8.发挥博士后工作站引才作用。鼓励山区县设立博士后工作站，当地财政可给予建站补助。博士后出站并首次在山区县民营企业"
        "就业的非在职博士后研究人员，当地按规定给予一次性引才补贴 20万元，省级财政视情给予补助。省博士后科研项目择优资助遴选时，"
        "同等条件下给予山区县在站博士后倾斜。")

# --- 第7条 -----------------------------------------------------------------------------------
PROVINCIAL_BRAND_ID = NS + "art7.provincial_brand"
LOCAL_BRAND_ID = NS + "art7.local_brand"
PROVINCIAL_BRAND_GRANTS = feature("zj46_provincial_brand_rewards", "已获省级劳务品牌奖补次数",
                                  "provincial labour-brand rewards received", (PROVINCIAL_BRAND_ID,))
LOCAL_BRAND_GRANTS = feature("zj46_local_brand_rewards", "已获市县劳务品牌奖补次数",
                             "city or county labour-brand rewards received", (LOCAL_BRAND_ID,))
BRAND_PLACE = in_mountain_county(O.adcode, ART7, "劳务品牌所属", "labour brand")

PROVINCIAL_BRAND = Provision(
    id=PROVINCIAL_BRAND_ID, document=ZJ_2022_46, article="第7条",
    title_zh="省级劳务品牌一次性奖补30万元", title_en="Provincial labour brand: one-time reward of ¥300,000",
    clause=ART7, subject=Subject.ORGANISATION, jurisdiction=BRAND_PLACE,
    conditions=(
        Condition(id="provincial", label=("被认定为省级劳务品牌", "recognised as a provincial labour brand"),
                  test=O.labour_brand_level.eq("provincial"), cites="被认定为省级劳务品牌的"),
        not_yet_received(PROVINCIAL_BRAND_GRANTS, 1, "省财政给予 30万元的一次性奖补"),
    ),
    amount=param("art7.provincial_brand_reward", "省级劳务品牌奖补 / provincial brand reward"),
    period=Period.ONE_TIME,
    notes=("Paid by the provincial treasury (省财政); the recipient is the body that holds the brand.",),
)

LOCAL_BRAND = Provision(
    id=LOCAL_BRAND_ID, document=ZJ_2022_46, article="第7条",
    title_zh="市县认定劳务品牌一次性奖补（当地标准）",
    title_en="City or county labour brand: one-time reward (local standard)",
    clause=ART7, subject=Subject.ORGANISATION, jurisdiction=BRAND_PLACE,
    conditions=(
        Condition(id="local", label=("被市县认定为劳务品牌", "recognised as a labour brand by a city or county"),
                  test=O.labour_brand_level.is_in(("city", "county")), cites="市县认定的劳务品牌"),
        not_yet_received(LOCAL_BRAND_GRANTS, 1, "当地财政可给予一次性奖补"),
    ),
    amount=param("art7.local_brand_reward", "市县劳务品牌奖补（当地标准）/ local brand reward"),
    period=Period.ONE_TIME,
    notes=("当地财政可给予: the amount is a local standard, not set until an administrator records it.",),
)

# --- 第8条 -----------------------------------------------------------------------------------
TALENT_ID, TOPUP_ID, STATION_ID = NS + "art8.postdoc_subsidy", NS + "art8.provincial_topup", NS + "art8.workstation"
TALENT_GRANTS = feature("zj46_postdoc_subsidies", "已获博士后一次性引才补贴次数", "postdoc talent subsidies received",
                        (TALENT_ID,))
TOPUP_GRANTS = POSTDOC_PROVINCIAL_GRANTS  # shared with 浙人社发〔2021〕22号（一）
STATION_GRANTS = feature("zj46_workstation_subsidies", "已获建站补助次数", "workstation subsidies received",
                         (STATION_ID,))

POSTDOC_JOB = in_mountain_county(P.work_adcode, ART8, "就业单位", "employer")
POSTDOC_CONDITIONS = (
    Condition(id="left_station", label=("博士后已出站", "has left the postdoctoral station"),
              test=(P.postdoc_left_station_on <= AS_OF).named("出站日期不晚于评估日 / left by the as-of date"),
              cites="博士后出站"),
    Condition(id="non_serving", label=("非在职博士后研究人员", "non-serving postdoctoral researcher"),
              test=yes(P.postdoc_non_serving), cites="非在职博士后研究人员"),
    Condition(id="first_job_private",
              label=("出站后首次就业于民营企业", "first job after the station, at a private enterprise"),
              test=(yes(P.first_job_after_postdoc) & P.employer_ownership.eq("private"))
                   .named("首次就业且为民营企业 / first job, private employer"),
              cites="首次在山区县民营企业就业"),
)

POSTDOC_SUBSIDY = Provision(
    id=TALENT_ID, document=ZJ_2022_46, article="第8条",
    title_zh="博士后山区县民营企业就业一次性引才补贴20万元",
    title_en="Postdoc first employed by a private firm in a mountain county: one-time ¥200,000",
    clause=ART8, subject=Subject.PERSON, jurisdiction=POSTDOC_JOB,
    conditions=(*POSTDOC_CONDITIONS,
                not_yet_received(TALENT_GRANTS, 1, "当地按规定给予一次性引才补贴 20万元")),
    amount=param("art8.talent_subsidy", "一次性引才补贴20万元 / one-time ¥200,000"), period=Period.ONE_TIME,
    notes=("Paid by the county (当地); 按规定 governs the procedure, the amount is the document's ¥200,000.",),
)

PROVINCIAL_TOPUP = Provision(
    id=TOPUP_ID, document=ZJ_2022_46, article="第8条",
    title_zh="博士后引才省级财政补助（视情）", title_en="Provincial top-up for such a postdoc (discretionary)",
    clause=ART8, subject=Subject.PERSON, jurisdiction=POSTDOC_JOB,
    conditions=(*POSTDOC_CONDITIONS,
                not_yet_received(TOPUP_GRANTS, 1, "省级财政视情给予补助")),
    amount=param("art8.provincial_topup", "省级财政补助（视情）/ provincial top-up (discretionary)"),
    period=Period.ONE_TIME, stacking_group="postdoc_provincial_subsidy",
    readings=(Reading(id="postdoc-provincial-topup",
                      question="Is 46号 第8条's provincial top-up the same as 22号（一）'s?",
                      chosen="Yes: one provincial subsidy for the same postdoc (same stacking group, counted once across both).",
                      alternative="Two separate subsidies: give 22号（一） its own stacking group."),),
    notes=("视情: discretionary; eligible, amount not set until the province decides (local_standard parameter).",),
)

WORKSTATION = Provision(
    id=STATION_ID, document=ZJ_2022_46, article="第8条",
    title_zh="山区县博士后工作站建站补助（当地标准）", title_en="Set-up subsidy for a postdoctoral workstation (local)",
    clause=ART8, subject=Subject.ENTERPRISE,
    jurisdiction=in_mountain_county(E.adcode, ART8, "设站单位", "host"),
    conditions=(
        Condition(id="workstation", label=("设立博士后工作站", "has set up a postdoctoral workstation"),
                  test=yes(E.postdoc_workstation), cites="鼓励山区县设立博士后工作站"),
        not_yet_received(STATION_GRANTS, 1, "当地财政可给予建站补助"),
    ),
    amount=param("art8.workstation_subsidy", "建站补助（当地标准）/ set-up subsidy (local)"), period=Period.ONE_TIME,
)

PROVISIONS = (PROVINCIAL_BRAND, LOCAL_BRAND, WORKSTATION, POSTDOC_SUBSIDY, PROVINCIAL_TOPUP)
