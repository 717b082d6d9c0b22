"""二（五） key groups: small firms hiring them, public-welfare re-placement, flexible-employment social
insurance subsidy, disabled over-quota reward, maternity-leave social insurance subsidy, work-injury
cover for people working past retirement age."""

from __future__ import annotations

from ...engine.dsl import (
    AS_OF,
    Condition,
    E,
    Kind,
    P,
    Period,
    Provision,
    Reading,
    Subject,
    WithinMonths,
    any_of,
    feature,
)
from ..common import yes
from ..documents import QUZHOU_2023_12
from ..factories import QZ_PWP_REPLACEMENT, pwp_replacement
from ..groups import past_retirement_month
from .common import NS, OVERLAP, in_quzhou, param

WU = ("（五）实施十万重点群体帮扶工程。……小微企业依法招用重点群体就业，符合条件的可按规定享受社会保险补贴、创业担保贷款及"
      "贴息等政策。就业困难人员公益性岗位政策享受期满后仍难以实现就业的，可通过公益性岗位再安置一次，岗位补贴和社会保险补贴期限"
      "重新计算。灵活就业的就业困难人员或毕业2年以内的高校毕业生，符合条件的可享受社会保险补贴。落实残疾人按比例就业制度和超比例"
      "补贴奖励。落实企业女职工产假期间社会保险补贴。引导超龄人员和企业退休返聘人员再就业并给予工伤保障。")

SMALL_FIRMS = Provision(
    id=NS + "wu.small_firm_hiring", document=QUZHOU_2023_12, article="二（五）",
    title_zh="小微企业招用重点群体按规定享受社会保险补贴、创业担保贷款及贴息",
    title_en="Small and micro firms hiring key groups get social insurance subsidies and guaranteed loans",
    clause=WU, subject=Subject.ENTERPRISE, kind=Kind.RELAXATION, benefit_type="right",
    jurisdiction=in_quzhou(E.adcode, WU, "企业", "enterprise"),
    conditions=(
        Condition(id="small_micro", label=("小微企业", "a small or micro enterprise"),
                  test=E.size.is_in(("micro", "small")), cites="小微企业"),
        Condition(id="hires", label=("依法招用重点群体就业", "employs people of the key groups"),
                  test=E.key_group_hires >= 1, cites="小微企业依法招用重点群体就业"),
    ),
    notes=("按规定: the subsidies and loans follow their own rules (not in this document).",),
)

REPLACEMENTS_QZ = feature("qz_pwp_replacements", "已按衢州政策再安置次数", "re-placements under the Quzhou document",
                          (QZ_PWP_REPLACEMENT,))
REPLACEMENT = pwp_replacement(
    id=QZ_PWP_REPLACEMENT, document=QUZHOU_2023_12, article="二（五）", clause=WU,
    jurisdiction=in_quzhou(P.work_adcode, WU, "公益性岗位", "public-welfare post"),
    certified_cites="就业困难人员", expired_label_zh="公益性岗位政策享受期满后仍难以实现就业",
    expired_cites="就业困难人员公益性岗位政策享受期满后仍难以实现就业的", this_document=REPLACEMENTS_QZ,
    count_switch=NS + "readings.pwp_replacement_count", max_replacements=param("wu.max_replacements"),
    subsidy_months=param("wu.pwp_subsidy_months"),
    reading=Reading(id="quzhou-wu-replacement-once", question="再安置一次: once under each document, or once in all?",
                    chosen="Once in all: a re-placement under 浙人社发〔2022〕46号 第20条 counts too (same person, same right).",
                    alternative="Once under each document.", switch=NS + "readings.pwp_replacement_count"),
    notes=("The restarted period (岗位补贴和社会保险补贴期限重新计算) is the full local period again; not set.",),
)

GRADUATE_WINDOW = param("wu.graduate_window_months")
FLEXIBLE_SI = Provision(
    id=NS + "wu.flexible_si_subsidy", document=QUZHOU_2023_12, article="二（五）",
    title_zh="灵活就业的就业困难人员、毕业2年以内高校毕业生社会保险补贴（当地标准）",
    title_en="Social insurance subsidy for flexible workers with employment difficulty or graduates within 2 years",
    clause=WU, subject=Subject.PERSON,
    jurisdiction=in_quzhou(P.work_adcode, WU, "灵活就业地", "flexible work"),
    conditions=(
        Condition(id="group",
                  label=("就业困难人员或毕业2年以内的高校毕业生", "person with employment difficulty or graduate within 2 years"),
                  test=any_of(yes(P.difficulty_certified).named("就业困难人员 / person with employment difficulty"),
                              (yes(P.university_graduate) & WithinMonths(P.graduation_date, AS_OF, GRADUATE_WINDOW))
                              .named("毕业2年以内的高校毕业生 / graduate within 2 years")),
                  cites="灵活就业的就业困难人员或毕业2年以内的高校毕业生"),
        Condition(id="flexible", label=("灵活就业", "in flexible employment"), test=yes(P.flexible_employed),
                  cites="灵活就业的"),
    ),
    amount=param("wu.flexible_si_subsidy", "社会保险补贴（每月，当地标准）/ monthly subsidy (local)"),
    period=Period.MONTHLY, stacking_group="flexible_si_subsidy",
    notes=("符合条件的可享受: amount by local rules, not set.", OVERLAP + " Same stacking group as 浙人社发〔2022〕46号 "
           "第21条 (2/3 of contributions): while Quzhou's amount is not set the two are reported undecided."),
)

DISABLED_REWARD = Provision(
    id=NS + "wu.disabled_over_quota", document=QUZHOU_2023_12, article="二（五）",
    title_zh="超比例安排残疾人就业补贴奖励（当地标准）", title_en="Reward for employing disabled people above the quota (local)",
    clause=WU, subject=Subject.ENTERPRISE,
    jurisdiction=in_quzhou(E.adcode, WU, "企业", "enterprise"),
    conditions=(Condition(id="over_quota", label=("超比例安排残疾人就业", "employs disabled people above the quota"),
                          test=E.disabled_over_quota >= 1, cites="落实残疾人按比例就业制度和超比例补贴奖励"),),
    amount=(E.disabled_over_quota * param("wu.disabled_reward_per_person", "每超1人每年奖励（当地标准）/ per person (local)"))
    .named("超比例人数×标准 / people above quota × standard"),
    period=Period.YEARLY,
    notes=("The quota ratio and the reward per person are set by provincial/local rules, not in this document.",),
)

MATERNITY = Provision(
    id=NS + "wu.maternity_si_subsidy", document=QUZHOU_2023_12, article="二（五）",
    title_zh="企业女职工产假期间社会保险补贴（当地标准）", title_en="Social insurance subsidy while employees are on maternity leave",
    clause=WU, subject=Subject.ENTERPRISE,
    jurisdiction=in_quzhou(E.adcode, WU, "企业", "enterprise"),
    conditions=(Condition(id="on_leave", label=("有女职工在产假期间", "an employee is on maternity leave"),
                          test=E.employees_on_maternity_leave >= 1, cites="落实企业女职工产假期间社会保险补贴"),),
    amount=(E.employees_on_maternity_leave * param("wu.maternity_per_person", "每人每月（当地标准）/ per person-month"))
    .named("产假人数×标准 / employees on leave × standard"),
    period=Period.MONTHLY,
)

OVERAGE = Provision(
    id=NS + "wu.overage_work_injury", document=QUZHOU_2023_12, article="二（五）",
    title_zh="超龄人员和企业退休返聘人员再就业给予工伤保障",
    title_en="Work-injury cover for people working past retirement age or re-hired after retirement",
    clause=WU, subject=Subject.PERSON, kind=Kind.RELAXATION, benefit_type="right",
    jurisdiction=in_quzhou(P.work_adcode, WU, "就业地", "work"),
    conditions=(
        Condition(id="employed", label=("再就业（在职）", "working"), test=yes(P.employed), cites="再就业"),
        Condition(id="overage", label=("超龄人员或企业退休返聘人员", "past retirement age or re-hired after retirement"),
                  test=any_of(yes(P.retired_rehired).named("企业退休返聘 / re-hired after retirement"),
                              past_retirement_month(AS_OF, "已过法定退休年龄 / past retirement age")),
                  cites="引导超龄人员和企业退休返聘人员再就业并给予工伤保障"),
    ),
)

PROVISIONS = (SMALL_FIRMS, REPLACEMENT, FLEXIBLE_SI, DISABLED_REWARD, MATERNITY, OVERAGE)
