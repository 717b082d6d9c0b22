"""二（七） lowering the cost of starting up: government financing guarantee of ¥100,000–300,000 with
its fee subsidised, sales-based reward for start-up entities, and the startup-driven employment
subsidy (¥5,000 per hire a year, at most ¥50,000), with 从优、从高、不重复 against 浙人社发〔2022〕46号
第24条 through the shared stacking group."""

from __future__ import annotations

from ...engine.dsl import (
      Condition,
      E,
      MaxDuration,
      Min,
      P,
      Param,
      Period,
      Provision,
      Reading,
      Subject,
      YearlyCap,
)
from ..common import in_city, yes
from ..documents import QUZHOU_2023_12
from ..zj_2022_46.art23_24_startup import DURATION_START_READING
from .common import NS, OVERLAP, in_quzhou, param

QI = ("（七）实施就业创业降本行动。……初次创业吸纳就业并缴纳社会保险1年以上的，可按吸纳就业人数给予单位每人每年5000元"
      "最高5万元的创业带动就业补贴，补贴期限不超过3年。")
QI_GUARANTEE = ("（七）实施就业创业降本行动。在落实创业担保贷款及贴息政策的基础上，政府性融资担保安排10亿元规模专项用于支持创业，"
                "为符合条件的创业主体给予10—30万元担保，担保费由财政给予补贴。……落实小微企业税费优惠政策，对符合条件的初创实体"
                "根据其销售额给予奖励。")

QI_STARTUP_EMPLOYMENT = Provision(
    id=NS + "qi.startup_employment", document=QUZHOU_2023_12, article="二（七）",
    title_zh="衢州创业带动就业补贴（每人每年5000元，最高5万元）",
    title_en="Quzhou startup-driven employment subsidy (¥5,000 per hire per year, up to ¥50,000)",
    clause=QI, subject=Subject.ENTERPRISE,
    jurisdiction=in_city(E.adcode, "330800", "衢州市", QI, "创业所在地", "startup"),
    conditions=(
        Condition(id="first_startup", label=("初次创业", "first startup"), test=yes(P.first_startup),
                  cites="初次创业吸纳就业"),
        Condition(id="hires", label=("吸纳就业并缴纳社保1年以上", "hires insured for 1 year or more"),
                  test=E.insured_hires_12m >= 1, cites="吸纳就业并缴纳社会保险1年以上的"),
    ),
    amount=Min(E.insured_hires_12m * Param(NS + "qi.per_hire_annual"), Param(NS + "qi.annual_cap"),
               label="人数×5000元，最高5万元 / hires × ¥5,000, at most ¥50,000"),
    period=Period.YEARLY, max_duration_months=Param(NS + "qi.max_months"),
    stacking_group="startup_employment_subsidy", payee="enterprise",
    # 补贴期限不超过3年 from the first grant, net of the group's months (reading startup-employment-duration-start);
    # 每人每年5000元最高5万元 net of this year's payments
    limits=(MaxDuration(Param(NS + "qi.max_months"), "补贴期限不超过3年", start="first_grant",
                        group=("zj_2022_46.art24", "zj_2022_46.art23.startup_employment", NS + "qi.startup_employment")),
            YearlyCap(Param(NS + "qi.annual_cap"), "每人每年5000元最高5万元",
                      group=("zj_2022_46.art24", "zj_2022_46.art23.startup_employment", NS + "qi.startup_employment"))),
    readings=(DURATION_START_READING, Reading(id="quzhou-overlap", question="从优、从高、不重复: against what, and how compared?",
                      chosen="Within a stacking group (same kind of benefit for the same subject and period) only the highest "
                             "yearly amount is payable; the others are reported as superseded. Applied against provincial "
                             "provisions too (浙人社发〔2022〕46号 第24条).",
                      alternative="Apply only between Quzhou's own policies: remove the stacking group from the provincial provision."),),
    notes=(OVERLAP,),
)

GUARANTEED = Condition(id="amount_in_range",
                       label=("担保金额在10万元以上（最高30万元）", "guarantee of ¥100,000 or more (up to ¥300,000)"),
                       test=E.guarantee_requested_fen >= param("qi.guarantee_min", "最低10万元 / at least ¥100,000"),
                       cites="为符合条件的创业主体给予10—30万元担保")
IN_QUZHOU = in_quzhou(E.adcode, QI_GUARANTEE, "创业主体", "business")

GUARANTEE = Provision(
    id=NS + "qi.guarantee", document=QUZHOU_2023_12, article="二（七）",
    title_zh="政府性融资担保（10—30万元）", title_en="Government financing guarantee (¥100,000–300,000)",
    clause=QI_GUARANTEE, subject=Subject.ENTERPRISE, benefit_type="guarantee", jurisdiction=IN_QUZHOU,
    conditions=(GUARANTEED,),
    amount=Min(E.guarantee_requested_fen, param("qi.guarantee_max", "最高30万元 / at most ¥300,000"),
               label="申请金额，最高30万元 / amount requested, at most ¥300,000"),
    amount_kind="up_to", period=Period.ONE_TIME,
    notes=("符合条件的创业主体: the guarantor's further conditions are its own. A request above ¥300,000 is "
           "guaranteed up to ¥300,000; below ¥100,000 it falls outside this programme.",),
)

GUARANTEE_FEE = Provision(
    id=NS + "qi.guarantee_fee_subsidy", document=QUZHOU_2023_12, article="二（七）",
    title_zh="政府性融资担保费财政补贴（当地标准）", title_en="Guarantee fee paid by the treasury (local standard)",
    clause=QI_GUARANTEE, subject=Subject.ENTERPRISE, jurisdiction=IN_QUZHOU,
    conditions=(GUARANTEED,),
    amount=param("qi.guarantee_fee_subsidy", "担保费补贴（当地标准）/ fee subsidy (local)"), period=Period.ONE_TIME,
    notes=("担保费由财政给予补贴: neither the fee rate nor the share subsidised is stated; not set.",),
)

SALES_REWARD = Provision(
    id=NS + "qi.sales_reward", document=QUZHOU_2023_12, article="二（七）",
    title_zh="初创实体按销售额奖励（当地标准）", title_en="Sales-based reward for a start-up entity (local standard)",
    clause=QI_GUARANTEE, subject=Subject.ENTERPRISE, jurisdiction=IN_QUZHOU,
    conditions=(Condition(id="startup_entity", label=("符合条件的初创实体", "a qualifying start-up entity"),
                          test=yes(E.startup_entity_recognised), cites="对符合条件的初创实体根据其销售额给予奖励"),),
    amount=param("qi.sales_reward", "按销售额奖励（当地标准）/ reward by sales (local)"), period=Period.YEARLY,
    notes=("根据其销售额: the scale by sales is a local standard, not set; counted yearly (sales are yearly).",),
)

PROVISIONS = (GUARANTEE, GUARANTEE_FEE, SALES_REWARD, QI_STARTUP_EMPLOYMENT)
