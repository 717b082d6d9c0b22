"""二（八） a labour-security officer in every township (street), as a check; 二（九） youth-friendly units
(up to ¥100,000 once) and cultural and sports facilities in talent apartments of 200+ (check)."""

from __future__ import annotations

from ...engine.dsl import Condition, Kind, Min, O, Period, Provision, Subject, feature
from ..common import not_yet_received, yes
from ..documents import QUZHOU_2023_12
from .common import NS, in_quzhou, param

BA = ("（八）实施就业创业优服行动。……加强基层人力资源社会保障治理能力建设，每个乡镇（街道）至少配备1名劳动保障专员。")
JIU = ("（九）实施民生服务提升行动。……实施万人集聚共富安置区和工业邻里中心公共服务提升工程，嵌入式建设文化广角、运动场所等，"
       "实现200人以上人才公寓文体设施全覆盖。实施“十类百个”青年发展型城市友好单元创建，达标的每个给予最高一次性补助10万元。")

OFFICER_CHECK = Provision(
    id=NS + "ba.labour_security_officer", document=QUZHOU_2023_12, article="二（八）",
    title_zh="每个乡镇（街道）至少配备1名劳动保障专员", title_en="Every township (street) has at least one labour-security officer",
    clause=BA, subject=Subject.ORGANISATION, kind=Kind.CHECK, benefit_type="status",
    jurisdiction=in_quzhou(O.adcode, BA, "乡镇（街道）", "township"),
    conditions=(
        Condition(id="township", label=("乡镇（街道）", "a township or street office"),
                  test=yes(O.township_or_street), cites="每个乡镇（街道）"),
        Condition(id="officer", label=("至少配备1名劳动保障专员", "at least one labour-security officer"),
                  test=O.labour_security_officers >= param("ba.min_officers", "最少专员 / minimum officers"),
                  cites="至少配备1名劳动保障专员"),
    ),
    notes=("A check: eligible = passes.",),
)

YOUTH_ID = NS + "jiu.youth_friendly_unit"
YOUTH_GRANTS = feature("qz_youth_unit_grants", "已获青年发展型城市友好单元补助次数", "youth-friendly unit grants received",
                       (YOUTH_ID,))
YOUTH_CAP = param("jiu.youth_unit_cap", "每个最高10万元 / at most ¥100,000 each")
YOUTH_UNIT = Provision(
    id=YOUTH_ID, document=QUZHOU_2023_12, article="二（九）",
    title_zh="青年发展型城市友好单元达标一次性补助（最高10万元）",
    title_en="One-time grant for a youth-friendly unit meeting the standard (up to ¥100,000)",
    clause=JIU, subject=Subject.ORGANISATION,
    jurisdiction=in_quzhou(O.adcode, JIU, "友好单元", "unit"),
    conditions=(
        Condition(id="meets_standard",
                  label=("创建青年发展型城市友好单元并达标", "a youth-friendly unit meeting the standard"),
                  test=yes(O.youth_friendly_unit), cites="实施“十类百个”青年发展型城市友好单元创建，达标的"),
        not_yet_received(YOUTH_GRANTS, 1, "达标的每个给予最高一次性补助10万元"),
    ),
    amount=Min(param("jiu.youth_unit_subsidy", "补助标准（当地）/ local standard"), YOUTH_CAP,
               label="当地标准，最高10万元 / local standard, at most ¥100,000"),
    amount_kind="up_to", period=Period.ONE_TIME, extras=(("cap_fen", YOUTH_CAP),),
    notes=("最高一次性补助10万元 gives only a maximum: the amount is a local standard, not set; the cap is in extras.",),
)

APARTMENT_CHECK = Provision(
    id=NS + "jiu.talent_apartment_facilities", document=QUZHOU_2023_12, article="二（九）",
    title_zh="200人以上人才公寓配建文体设施", title_en="Talent apartments of 200 or more residents have cultural and sports facilities",
    clause=JIU, subject=Subject.ORGANISATION, kind=Kind.CHECK, benefit_type="status",
    jurisdiction=in_quzhou(O.adcode, JIU, "人才公寓", "talent apartment"),
    conditions=(Condition(id="facilities", label=("200人以上人才公寓文体设施全覆盖", "200+ residents: facilities in place"),
                          test=((O.talent_apartment_residents < param("jiu.apartment_min_residents", "入住人数门槛 / threshold"))
                                | yes(O.culture_sports_facilities))
                               .named("不足200人，或已配建文体设施 / under 200, or equipped"),
                          cites="实现200人以上人才公寓文体设施全覆盖"),),
    notes=("A check: eligible = passes. An apartment under 200 residents passes trivially.",),
)

PROVISIONS = (OFFICER_CHECK, YOUTH_UNIT, APARTMENT_CHECK)
