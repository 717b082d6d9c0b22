"""衢政发〔2023〕12号 (Quzhou). Encoded here: （七） startup-driven employment subsidy, with
从优、从高、不重复 against 浙人社发〔2022〕46号 第24条 through the shared stacking group."""

from __future__ import annotations

from ..engine.expr import Min, Param
from ..engine.provision import Period, Provision, Reading, Subject
from ..facts.vars import E, P
from .common import cond, in_city, yes
from .documents import QUZHOU_2023_12

NS = "quzhou_2023_12."
QI = ("（七）实施就业创业降本行动。……初次创业吸纳就业并缴纳社会保险1年以上的，可按吸纳就业人数给予单位每人每年5000元"
      "最高5万元的创业带动就业补贴，补贴期限不超过3年。")
OVERLAP = "与我市现行政策有重复、交叉的，按照“从优、从高、不重复”原则执行。"

QI_STARTUP_EMPLOYMENT = Provision(
    id=NS + "qi.startup_employment", document=QUZHOU_2023_12, article="二（七）",
    title_zh="衢州创业带动就业补贴（每人每年5000元，最高5万元）",
    title_en="Quzhou startup-driven employment subsidy (¥5,000 per hire per year, up to ¥50,000)",
    clause=QI, subject=Subject.ENTERPRISE,
    jurisdiction=in_city(E.adcode, "330800", "衢州市", QI, "创业所在地", "startup"),
    conditions=(
        cond("first_startup", "初次创业", "first startup", yes(P.first_startup), "初次创业吸纳就业"),
        cond("hires", "吸纳就业并缴纳社保1年以上", "hires insured for 1 year or more",
             E.insured_hires_12m >= 1, "吸纳就业并缴纳社会保险1年以上的"),
    ),
    amount=Min(E.insured_hires_12m * Param(NS + "qi.per_hire_annual"), Param(NS + "qi.annual_cap"),
               label="人数×5000元，最高5万元 / hires × ¥5,000, at most ¥50,000"),
    period=Period.YEARLY, max_duration_months=Param(NS + "qi.max_months"),
    stacking_group="startup_employment_subsidy", payee="enterprise",
    readings=(Reading(
        "quzhou-overlap", "从优、从高、不重复: against what, and how compared?",
        "Within a stacking group (same kind of benefit for the same subject and period) only the highest "
        "yearly amount is payable; the others are reported as superseded. Applied against provincial "
        "provisions too (浙人社发〔2022〕46号 第24条).",
        "Apply only between Quzhou's own policies: remove the stacking group from the provincial provision.",
        None),),
    notes=(OVERLAP,),
)

PROVISIONS = (QI_STARTUP_EMPLOYMENT,)
