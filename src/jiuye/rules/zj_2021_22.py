"""浙人社发〔2021〕22号: the 山区县 definition and (七) startup-support relaxations."""

from __future__ import annotations

from ..engine.expr import If, InSet, Param
from ..engine.provision import Kind, Period, Provision, Reading, Subject
from ..facts.vars import E
from .common import MOUNTAIN_DEFINITION, cond, in_mountain_county
from .documents import ZJ_2021_22

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

QI_GRADUATE_WINDOW = Provision(
    id="zj_2021_22.qi.graduate_window", document=ZJ_2021_22, article="三（七）",
    title_zh="山区县高校毕业生创业扶持毕业年限放宽至10年",
    title_en="Mountain county widens the graduate window for startup support to 10 years",
    clause=QI_CLAUSE, subject=Subject.ENTERPRISE, kind=Kind.RELAXATION,
    jurisdiction=in_mountain_county(E.adcode, QI_CLAUSE, "创业所在地", "startup"),
    conditions=(
        cond("county_opted_in", "所在山区县已决定放宽", "the county has opted in",
             InSet(E.adcode, OPTED_IN, label="已放宽的县 / opted-in counties"),
             "有条件的山区县……高校毕业生享受重点人群创业扶持政策的毕业年限，可从毕业5年以内放宽至毕业10年以内。"),
    ),
    period=Period.NONE, benefit_type="right",
    extras=(("graduate_window_months", graduate_window_months(E.adcode, 60)),),
    readings=(Reading(
        "zj_2021_22-qi-opt-in", "Which mountain counties have widened the window?",
        "None until an administrator records a county's decision (parameter zj_2021_22.qi.opted_in_counties).",
        "Treat every mountain county as opted in: set the parameter to all 26 codes.",
        OPTED_IN),),
)

PROVISIONS = (MOUNTAIN_COUNTY, QI_GRADUATE_WINDOW)
