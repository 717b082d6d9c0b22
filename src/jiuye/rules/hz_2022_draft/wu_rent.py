"""Hangzhou draft （五）: rent subsidies inside and outside a startup accompaniment space.

Yearly amount in fen = min(area, cap) m² × daily rate (fen per m² per day) × days per year.
"""

from __future__ import annotations

from ...engine.dsl import (
    AS_OF,
    Condition,
    If,
    MaxDuration,
    Min,
    MonthsBetween,
    P,
    Param,
    Period,
    Provision,
    Reading,
    Subject,
    any_of,
    status_on,
)
from ...rules.documents import HZ_2022_DRAFT
from ..common import no, yes
from .common import (
    KEY_GROUP_STATUS_READING,
    NS,
    SAN_KEY_GROUP_TEXT,
    STARTUP_STATUS_DATE,
    business_in_hangzhou,
    hz_key_group_at_start,
)

WU = ("（五）支持创业平台建设。对符合条件的创业陪跑空间，给予每年 5 或 10 万元主办方补贴。重点人群创办经营实体入驻创业陪"
      "跑空间，可申领 50 平方米以内场地租金补贴，补贴标准最高 3 元/平方米·天，期限不超过 3 年；登记失业人员、就业困难人员、"
      "自主择业军转干部和自主就业退役士兵在创业陪跑空间外租赁房屋创办经营实体，可享受 100 平方米以内场地租金补贴，补贴标准"
      "第 1年 1元/平方米·天，第 2、3 年 0.5 元/平方米·天，期限不超过 3 年。")

LEASE_MONTHS = MonthsBetween(P.lease_start, AS_OF, label="租赁已满整月数 / whole months since the lease began")
CAPPED = Param(NS + "readings.rent_capped_at_actual")
DAYS = Param(NS + "wu.days_per_year")


def _rate(standard):
    return If(CAPPED.eq(True), Min(P.rent_daily_per_m2_fen, standard), standard,
              label="补贴标准（分/平方米·天）/ rate (fen per m² per day)")


# 期限不超过 3 年: from the lease start, net of the months of rent subsidy already granted (either kind)
RENT_LIMIT = MaxDuration(Param(NS + "wu.max_months"), "期限不超过 3 年", start=P.lease_start,
                         start_label="自租赁起始日起已过月数 / months since the lease began")
IN_SPACE = Provision(
    id=NS + "wu.rent_in_space", document=HZ_2022_DRAFT, article="二（五）",
    title_zh="创业陪跑空间内场地租金补贴", title_en="Rent subsidy inside a startup accompaniment space",
    clause=WU, subject=Subject.PERSON, jurisdiction=business_in_hangzhou(WU),
    conditions=(
        Condition(id="key_group", label=("创办时属于重点人群", "founder in the key group when starting up"),
                  test=hz_key_group_at_start(), cites=SAN_KEY_GROUP_TEXT),
        Condition(id="in_space", label=("经营实体入驻创业陪跑空间", "business inside an accompaniment space"),
                  test=yes(P.in_accompaniment_space), cites="重点人群创办经营实体入驻创业陪跑空间"),
    ),
    amount=Min(P.rented_area_m2, Param(NS + "wu.in_space_area_cap")) * _rate(Param(NS + "wu.in_space_daily_rate_cap"))
    * DAYS,
    period=Period.YEARLY, max_duration_months=Param(NS + "wu.max_months"), stacking_group="startup_rent_subsidy",
    limits=(RENT_LIMIT,),
    readings=(
        KEY_GROUP_STATUS_READING,
        Reading(id="hz-rent-actual", question="补贴标准最高3元: paid at 3 yuan or at the actual rent?",
                chosen="The actual rent per m² per day, at most 3 yuan.",
                alternative="Always the standard rate.", switch=NS + "readings.rent_capped_at_actual"),
        Reading(id="hz-rent-days", question="How many days in a subsidy year?", chosen="365.",
                alternative="Calendar days of the lease year.", switch=NS + "wu.days_per_year"),
    ),
)

OUT_GROUP = any_of(
    status_on("registered_unemployed", STARTUP_STATUS_DATE).named("登记失业人员 / registered unemployed"),
    status_on("difficulty_certified", STARTUP_STATUS_DATE).named("就业困难人员 / person with employment difficulty"),
    yes(P.self_chosen_military_cadre).named("自主择业军转干部 / self-chosen military cadre"),
    yes(P.self_employed_veteran).named("自主就业退役士兵 / self-employed veteran"),
    label="登记失业、就业困难、军转干部或退役士兵 / listed groups",
)
YEAR_RATE = If(LEASE_MONTHS < 12, Param(NS + "wu.out_space_year1_rate"), Param(NS + "wu.out_space_later_rate"),
               label="第1年1元，第2、3年0.5元 / ¥1 in year 1, ¥0.5 in years 2–3")

OUT_SPACE = Provision(
    id=NS + "wu.rent_outside_space", document=HZ_2022_DRAFT, article="二（五）",
    title_zh="创业陪跑空间外场地租金补贴", title_en="Rent subsidy outside an accompaniment space",
    clause=WU, subject=Subject.PERSON, jurisdiction=business_in_hangzhou(WU),
    conditions=(
        Condition(id="group", label=("登记失业人员、就业困难人员、自主择业军转干部或自主就业退役士兵", "one of the listed groups"),
                  test=OUT_GROUP, cites="登记失业人员、就业困难人员、自主择业军转干部和自主就业退役士兵"),
        Condition(id="outside_space", label=("在创业陪跑空间外租赁房屋", "renting outside an accompaniment space"),
                  test=no(P.in_accompaniment_space), cites="在创业陪跑空间外租赁房屋创办经营实体"),
    ),
    # 补贴标准第1年1元，第2、3年0.5元: a fixed standard (no 最高), so never cut to the actual rent
    amount=(Min(P.rented_area_m2, Param(NS + "wu.out_space_area_cap")) * YEAR_RATE * DAYS).named(
        "面积（≤100㎡）×标准×天数 / area × standard × days"),
    period=Period.YEARLY, max_duration_months=Param(NS + "wu.max_months"), stacking_group="startup_rent_subsidy",
    limits=(RENT_LIMIT,),
    readings=(Reading(id="hz-rent-group-date", question="租赁房屋创办经营实体: group membership (登记失业、就业困难) judged when?",
                      chosen="When the business was registered (创办经营实体时), from the person's spells, as for the key "
                             "group; a registration that ended that day counts.",
                      alternative="On the evaluation date.", switch=NS + "readings.key_group_status_at"),),
)

PROVISIONS = (IN_SPACE, OUT_SPACE)
