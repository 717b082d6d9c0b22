"""浙人社发〔2021〕22号: the 山区县 definition, （一） provincial postdoc subsidy in 衢州/丽水, （二） “飞地”
talent equal treatment, （四） exhibition-fee waiver, （七） county options for startup support (graduate
window, loan threshold, loan amount, rate discount). The document has no end date."""

from __future__ import annotations

from ..engine.dsl import (
    AS_OF,
    Condition,
    E,
    If,
    InSet,
    Kind,
    Lookup,
    P,
    Param,
    Period,
    Provision,
    Reading,
    Subject,
    any_of,
    city_of,
    feature,
)
from .common import MOUNTAIN_DEFINITION, in_mountain_county, yes
from .documents import ZJ_2021_22

NS = "zj_2021_22."
YI_CLAUSE = ("（一）支持引进高端人才。鼓励山区县设立省级博士后工作站，博士后出站后到衢州、丽水山区县民营企业工作的，省财政视情"
             "给予补助。")
ER_CLAUSE = ("（二）加大“飞地”人才扶持力度。允许山区县“飞地”人才参照飞入地相应人才标准，在落户、购房资格、子女教育、医疗服务等"
             "方面享受同等待遇。“飞地”人才的认定由飞入地负责。支持符合条件的“飞地”人才申报省级有关人才计划。")
SI_CLAUSE = ("(四) 加强智力帮扶和服务。支持山区县在全省性招聘大会和浙江人才网开设招聘专区，山区县企业参加省人才市场组织的引才"
             "活动，免收参展费。")
QI_CLAUSE = ("（七）加强创业扶持。有条件的山区县，在风险可控的前提下，可适当降低创业担保贷款申请门槛，适当提高创业担保贷款额度，"
             "给予利率优惠；高校毕业生享受重点人群创业扶持政策的毕业年限，可从毕业5年以内放宽至毕业10年以内。"
             "认定省级创业孵化示范基地时，给予山区县倾斜支持。")
OPTED_IN = "zj_2021_22.qi.opted_in_counties"


def graduate_window_months(place, default_months):
    """The graduate window for key-group startup support in ``place``: 10 years where the
    mountain county has opted in under (七), otherwise ``default_months`` (5 years)."""
    return If(InSet(place, OPTED_IN, label="该县已放宽至10年 / county opted in"),
              Param("zj_2021_22.qi.graduate_window_months"), default_months,
              label="毕业年限窗口 / graduate window")


MOUNTAIN_COUNTY = Provision(
    id="zj_2021_22.mountain_county", document=ZJ_2021_22, article="末段（山区县定义）",
    title_zh="山区县的范围", title_en="Which counties are mountain counties",
    clause=MOUNTAIN_DEFINITION, subject=Subject.ENTERPRISE, kind=Kind.DEFINITION,
    jurisdiction=in_mountain_county(E.adcode, MOUNTAIN_DEFINITION, "经营主体", "business"),
    conditions=(), period=Period.NONE, benefit_type="status",
    notes=("The set is the dated parameter zj_2021_22.mountain_counties (26 codes from 2021-06-01).",),
)

# --- （一） ----------------------------------------------------------------------------------
POSTDOC_ID = NS + "yi.postdoc_subsidy"
POSTDOC_PROVINCIAL_GRANTS = feature(
    "postdoc_provincial_subsidies", "已获省级财政博士后补助次数（22号（一）与46号第8条合计）",
    "provincial postdoc subsidies received (22号 (一) and 46号 art. 8 together)",
    (POSTDOC_ID, "zj_2022_46.art8.provincial_topup"))
POSTDOC = Provision(
    id=POSTDOC_ID, document=ZJ_2021_22, article="三（一）",
    title_zh="博士后出站到衢州、丽水山区县民营企业工作的省财政补助（视情）",
    title_en="Provincial subsidy for a postdoc who joins a private firm in a Quzhou or Lishui county (discretionary)",
    clause=YI_CLAUSE, subject=Subject.PERSON,
    jurisdiction=Condition(id="jurisdiction",
                           label=("工作单位在衢州、丽水的山区县", "employer in a Quzhou or Lishui mountain county"),
                           test=(any_of(city_of(P.work_adcode).eq("330800"), city_of(P.work_adcode).eq("331100"))
                                 & InSet(P.work_adcode, "zj_2021_22.mountain_counties"))
                                .named("衢州、丽水山区县 / Quzhou or Lishui mountain county"),
                           cites="到衢州、丽水山区县民营企业工作的 ｜ " + MOUNTAIN_DEFINITION),
    conditions=(
        Condition(id="left_station", label=("博士后已出站", "has left the postdoctoral station"),
                  test=(P.postdoc_left_station_on <= AS_OF).named("出站日期不晚于评估日 / left by the as-of date"),
                  cites="博士后出站后"),
        Condition(id="private_employer", label=("在民营企业工作", "works for a private enterprise"),
                  test=P.employer_ownership.eq("private"), cites="到衢州、丽水山区县民营企业工作的"),
        Condition(id="not_received_before", label=("此前未获省级财政博士后补助", "no provincial postdoc subsidy before"),
                  test=POSTDOC_PROVINCIAL_GRANTS < 1, cites="省财政视情给予补助"),
    ),
    amount=Param(NS + "yi.postdoc_subsidy", "省财政补助（视情）/ provincial subsidy (discretionary)"),
    period=Period.ONE_TIME, stacking_group="postdoc_provincial_subsidy",
    notes=("视情: discretionary; eligible, amount not set (local_standard parameter).",
           "From 2022-06-24 浙人社发〔2022〕46号 第8条 repeats the provincial top-up for all mountain counties: same "
           "stacking group, counted once across both.",),
)

# --- （二） ----------------------------------------------------------------------------------
ENCLAVE = Provision(
    id=NS + "er.enclave_equal_treatment", document=ZJ_2021_22, article="三（二）",
    title_zh="“飞地”人才在落户、购房资格、子女教育、医疗服务等方面享受飞入地同等待遇",
    title_en="Enclave talent get the host place's treatment in hukou, home purchase, schooling and health care",
    clause=ER_CLAUSE, subject=Subject.PERSON, kind=Kind.RELAXATION, benefit_type="right",
    jurisdiction=in_mountain_county(P.enclave_home_adcode, ER_CLAUSE, "“飞地”所属山区县", "enclave's home county"),
    conditions=(
        Condition(id="enclave_talent", label=("山区县“飞地”人才", "talent of a mountain county's enclave"),
                  test=yes(P.enclave_talent), cites="允许山区县“飞地”人才参照飞入地相应人才标准"),
        Condition(id="recognised", label=("经飞入地认定", "recognised by the host place"),
                  test=yes(P.enclave_recognised), cites="“飞地”人才的认定由飞入地负责。"),
    ),
    notes=("Equal treatment follows the host place's own talent standards (参照飞入地相应人才标准) in 落户、购房资格、"
           "子女教育、医疗服务: those standards are not in these documents.",),
)

# --- （四） ----------------------------------------------------------------------------------
EXHIBITION_FEE = Provision(
    id=NS + "si.exhibition_fee", document=ZJ_2021_22, article="三（四）",
    title_zh="山区县企业参加省人才市场引才活动免收参展费", title_en="No exhibition fee at the provincial talent market's events",
    clause=SI_CLAUSE, subject=Subject.ENTERPRISE, benefit_type="fee_waiver",
    jurisdiction=in_mountain_county(E.adcode, SI_CLAUSE, "企业", "enterprise"),
    conditions=(Condition(id="attends",
                          label=("参加省人才市场组织的引才活动", "takes part in a provincial talent-market event"),
                          test=yes(E.attends_provincial_talent_event), cites="山区县企业参加省人才市场组织的引才活动，免收参展费。"),),
    period=Period.NONE, notes=("A fee waiver: the fee is not stated, so no amount.",),
)

# --- （七） ----------------------------------------------------------------------------------
QI_GRADUATE_WINDOW = Provision(
    id=NS + "qi.graduate_window", document=ZJ_2021_22, article="三（七）",
    title_zh="山区县高校毕业生创业扶持毕业年限放宽至10年",
    title_en="Mountain county widens the graduate window for startup support to 10 years",
    clause=QI_CLAUSE, subject=Subject.ENTERPRISE, kind=Kind.RELAXATION,
    jurisdiction=in_mountain_county(E.adcode, QI_CLAUSE, "创业所在地", "startup"),
    conditions=(
        Condition(id="county_opted_in", label=("所在山区县已决定放宽", "the county has opted in"),
                  test=InSet(E.adcode, OPTED_IN, label="已放宽的县 / opted-in counties"),
                  cites="有条件的山区县……高校毕业生享受重点人群创业扶持政策的毕业年限，可从毕业5年以内放宽至毕业10年以内。"),
    ),
    period=Period.NONE, benefit_type="right",
    extras=(("graduate_window_months", graduate_window_months(E.adcode, 60)),),
    readings=(Reading(id="zj_2021_22-qi-opt-in", question="Which mountain counties have widened the window?",
                      chosen="None until an administrator records a county's decision (parameter zj_2021_22.qi.opted_in_counties).",
                      alternative="Treat every mountain county as opted in: set the parameter to all 26 codes.",
                      switch=OPTED_IN),),
)


def _county_option(key: str, title_zh: str, title_en: str, quote: str, label_zh: str, label_en: str,
                   **kw) -> Provision:
    counties = f"{NS}qi.{key}_counties"
    return Provision(
        id=f"{NS}qi.{key}", document=ZJ_2021_22, article="三（七）", title_zh=title_zh, title_en=title_en,
        clause=QI_CLAUSE, subject=Subject.ENTERPRISE, kind=Kind.RELAXATION,
        jurisdiction=in_mountain_county(E.adcode, QI_CLAUSE, "创业所在地", "startup"),
        conditions=(Condition(id="county_opted_in", label=(label_zh, label_en),
                              test=InSet(E.adcode, counties, label=f"已采取此项的县 / counties with this option ({counties})"),
                              cites="有条件的山区县，在风险可控的前提下，……" + quote),),
        readings=(Reading(id=f"zj_2021_22-qi-{key}",
                          question=f"Which mountain counties have adopted: {quote}?",
                          chosen=f"None until an administrator records a county's decision ({counties}).",
                          alternative="Record the county (and its standard) in the parameters.",
                          switch=counties),),
        **kw)


LOAN_THRESHOLD = _county_option(
    "loan_threshold", "山区县适当降低创业担保贷款申请门槛（县级选择）",
    "County option: a lower threshold for startup guaranteed loans", "可适当降低创业担保贷款申请门槛",
    "所在山区县已降低贷款申请门槛", "the county has lowered the loan threshold",
    benefit_type="right", period=Period.NONE,
    extras=(("county_rule", Lookup(NS + "qi.loan_threshold_rule", E.adcode, dtype="str",
                                   label="该县降低后的申请条件 / the county's lowered conditions")),),
    notes=("The lowered conditions are the county's own text (zj_2021_22.qi.loan_threshold_rule), reported as is.",))

LOAN_AMOUNT = _county_option(
    "loan_amount", "山区县适当提高创业担保贷款额度（县级选择）",
    "County option: a higher startup guaranteed loan amount", "适当提高创业担保贷款额度",
    "所在山区县已提高贷款额度", "the county has raised the loan amount",
    benefit_type="loan", period=Period.ONE_TIME, amount_kind="up_to",
    amount=Lookup(NS + "qi.loan_amount_cap", E.adcode, label="该县提高后的贷款额度上限 / the county's raised cap"),
    notes=("The raised maximum is the county's standard (zj_2021_22.qi.loan_amount_cap by county), not set until recorded.",))

RATE_DISCOUNT = _county_option(
    "rate_discount", "山区县创业担保贷款利率优惠（县级选择）",
    "County option: an interest-rate discount on startup guaranteed loans", "给予利率优惠",
    "所在山区县已给予利率优惠", "the county gives a rate discount",
    benefit_type="right", period=Period.NONE,
    extras=(("rate_discount_bp", Lookup(NS + "qi.rate_discount_bp", E.adcode,
                                        label="利率优惠（基点）/ discount (basis points)")),),
    notes=("The discount is the county's standard in basis points (zj_2021_22.qi.rate_discount_bp), not set until "
           "recorded.",))

PROVISIONS = (MOUNTAIN_COUNTY, POSTDOC, ENCLAVE, EXHIBITION_FEE, QI_GRADUATE_WINDOW, LOAN_THRESHOLD, LOAN_AMOUNT,
              RATE_DISCOUNT)
