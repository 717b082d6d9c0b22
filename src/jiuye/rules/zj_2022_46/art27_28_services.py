"""第27条 (community staffing check; purchased-service subsidy) and 第28条 (free recruitment
services for mountain-county enterprises)."""

from __future__ import annotations

from ...engine.dsl import Condition, E, Kind, O, Period, Provision, Subject
from ..common import in_mountain_county, yes
from ..documents import ZJ_2022_46
from .common import NS, param

ART27 = ("27.加强基层就业服务经费保障。乡镇（街道）公共就业创业服务平台经费纳入同级财政预算，将社区（村）就业和社会保障"
         "工作人员纳入社区（村）工作者管理，1000人以上的社区（村），至少配备 1名专职工作人员。推行政府购买社区（村）就业创业"
         "服务制度，各地可结合实际，给予就业创业服务补贴。")
ART28 = ("28.开展山区县企业免费招聘服务。浙江省职介网、浙江人才网开设专区，免费为山区县企业发布招聘信息，山区县企业参加"
         "省级部门举办的现场招聘会，免收摊位费。")

COMMUNITY = Condition(id="community", label=("社区（村）", "a community (village)"), test=O.kind.eq("community"),
                      cites="将社区（村）就业和社会保障工作人员纳入社区（村）工作者管理")
COMMUNITY_PLACE = in_mountain_county(O.adcode, ART27, "社区（村）", "community")

STAFFING_CHECK = Provision(
    id=NS + "art27.staffing", document=ZJ_2022_46, article="第27条",
    title_zh="1000人以上的社区（村）至少配备1名专职工作人员",
    title_en="A community of 1,000 people or more has at least one full-time employment and social-security worker",
    clause=ART27, subject=Subject.ORGANISATION, kind=Kind.CHECK, benefit_type="status",
    jurisdiction=COMMUNITY_PLACE,
    conditions=(
        COMMUNITY,
        Condition(id="staffed",
                  label=("1000人以上的社区（村）至少配备1名专职工作人员", "1,000+ people: at least 1 full-time worker"),
                  test=((O.population < param("art27.min_population", "人口门槛 / population threshold"))
                        | (O.employment_staff_full_time >= param("art27.min_staff", "最少专职人员 / minimum staff")))
                       .named("人口不足1000，或已配备专职人员 / under 1,000 people, or staffed"),
                  cites="1000人以上的社区（村），至少配备 1名专职工作人员"),
    ),
    notes=("A check: eligible = passes. A community under 1,000 people passes trivially.",),
)

SERVICE_SUBSIDY = Provision(
    id=NS + "art27.service_subsidy", document=ZJ_2022_46, article="第27条",
    title_zh="政府购买社区（村）就业创业服务补贴（当地标准）",
    title_en="Subsidy for employment and startup services a community provides to the government (local)",
    clause=ART27, subject=Subject.ORGANISATION, jurisdiction=COMMUNITY_PLACE,
    conditions=(
        COMMUNITY,
        Condition(id="purchased_services", label=("承接政府购买的就业创业服务", "provides services the government buys"),
                  test=yes(O.provides_purchased_services), cites="推行政府购买社区（村）就业创业服务制度"),
    ),
    amount=param("art27.service_subsidy", "就业创业服务补贴（当地标准）/ service subsidy (local)"),
    period=Period.YEARLY,
    notes=("各地可结合实际: amount and period are local; counted as yearly (the usual settlement) only so that it "
           "can be listed; the amount is not set.",),
)

FREE_POSTING = Provision(
    id=NS + "art28.free_posting", document=ZJ_2022_46, article="第28条",
    title_zh="浙江省职介网、浙江人才网免费发布招聘信息", title_en="Free job postings on the provincial job websites",
    clause=ART28, subject=Subject.ENTERPRISE, benefit_type="fee_waiver",
    jurisdiction=in_mountain_county(E.adcode, ART28, "企业", "enterprise"),
    conditions=(), period=Period.NONE,
    notes=("A fee waiver: the fee is not stated, so no amount.",),
)

BOOTH_FEE = Provision(
    id=NS + "art28.booth_fee", document=ZJ_2022_46, article="第28条",
    title_zh="参加省级部门现场招聘会免收摊位费", title_en="No booth fee at provincial on-site job fairs",
    clause=ART28, subject=Subject.ENTERPRISE, benefit_type="fee_waiver",
    jurisdiction=in_mountain_county(E.adcode, ART28, "企业", "enterprise"),
    conditions=(Condition(id="attends",
                          label=("参加省级部门举办的现场招聘会", "takes part in a provincial department's job fair"),
                          test=yes(E.attends_provincial_job_fair), cites="山区县企业参加省级部门举办的现场招聘会，免收摊位费"),),
    period=Period.NONE,
    notes=("A fee waiver: the fee is not stated, so no amount. Overlaps 浙人社发〔2021〕22号（四） (参展费 at the provincial "
           "talent market's events) only when the same event is both.",),
)

PROVISIONS = (STAFFING_CHECK, SERVICE_SUBSIDY, FREE_POSTING, BOOTH_FEE)
