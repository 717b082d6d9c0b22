"""二（三） graduates: first-year social insurance subsidy, who counts as a Quzhou university graduate,
partner-university graduates treated alike; 二（四） rural labour moving to work: equal policies,
public employment services beyond working age, the high-quality employment community reward."""

from __future__ import annotations

from datetime import date

from ...engine.dsl import (
    AS_OF,
    TRUE,
    Condition,
    Const,
    If,
    InCity,
    IsKnown,
    Kind,
    O,
    P,
    Period,
    Provision,
    Reading,
    Subject,
    WithinMonths,
    any_of,
    feature,
)
from ..common import not_yet_received, yes
from ..documents import QUZHOU_2023_12
from ..groups import past_retirement_month
from .common import NON_PUBLIC, NS, QUZHOU, anywhere, in_quzhou, param

SAN = ("（三）实施十万大学生引育工程。……对在衢非公企业就业并依法缴纳社会保险费的高校毕业生，给予第一年2400元的社会保险补贴。"
       "鼓励衢州高校（衢州学院、衢州职业技术学院、衢州市技师学院，下同）、在衢高校（浙大衢州“两院”、电子科大长三角研究院，"
       "下同）毕业生留衢就业创业……全力保障到衢就业创业的与我市建立合作关系的市外高校毕业生，享受与衢州高校毕业生留衢就业创业"
       "同等待遇。")
SI = ("（四）实施十万农村劳动力转移工程。……落实农村劳动力常住地就业帮扶责任，在安置农村转移人口时同步制定就业帮扶方案，将劳动"
      "年龄段外人员纳入公共就业服务范围。符合条件的农村转移人口同等享受灵活就业政策及创业补贴、创业担保贷款等政策。……全域推进"
      "高质量就业社区（村）建设，打造标志性就业示范带，对成效显著的社区（村）给予一次性不低于5万元奖励。")

# --- （三） ----------------------------------------------------------------------------------
SI_SUBSIDY_ID = NS + "san.graduate_si_subsidy"
SI_SUBSIDY_GRANTS = feature("qz_graduate_si_subsidies", "已获高校毕业生社会保险补贴次数",
                            "graduate social insurance subsidies received", (SI_SUBSIDY_ID,))
POLICY_START = Const(date(2023, 1, 1), "2023-01-01（涉及政策执行日）/ policies apply from")
FIRST_YEAR_IN_POLICY = If(
    param("readings.san_first_year").eq("starts_in_policy"),
    (P.hired_on >= POLICY_START).named("2023年1月1日以后入职 / hired on or after 2023-01-01"),
    WithinMonths(P.hired_on, POLICY_START, 12, label="第一年在2023年1月1日以后结束 / first year ends after 2023-01-01"),
    label="第一年在政策执行期内 / the first year falls under the policy",
)

WINDOW_MONTHS = param("san.graduate_si_window_months", "毕业年限（月，文件未规定）/ graduation window (months, not printed)")
GRADUATION_WINDOW = If(IsKnown(WINDOW_MONTHS), WithinMonths(P.graduation_date, P.hired_on, WINDOW_MONTHS),
                       TRUE, label="入职时在毕业年限以内（未设定则不限）/ within the window when hired (none unless set)")

GRADUATE_SI_SUBSIDY = Provision(
    id=SI_SUBSIDY_ID, document=QUZHOU_2023_12, article="二（三）",
    title_zh="在衢非公企业就业高校毕业生第一年社会保险补贴2400元",
    title_en="¥2,400 social insurance subsidy for a graduate's first year at a non-public firm in Quzhou",
    clause=SAN, subject=Subject.PERSON,
    jurisdiction=in_quzhou(P.work_adcode, SAN, "就业单位", "employer"),
    conditions=(
        Condition(id="graduate", label=("高校毕业生", "a university graduate"), test=yes(P.university_graduate),
                  cites="的高校毕业生"),
        Condition(id="non_public", label=("在非公企业就业", "employed by a non-public enterprise"), test=NON_PUBLIC,
                  cites="在衢非公企业就业"),
        Condition(id="insured", label=("依法缴纳社会保险费", "insured by the employer"), test=yes(P.currently_insured),
                  cites="并依法缴纳社会保险费"),
        Condition(id="first_job", label=("毕业后首次就业（第一年）", "first job after graduation (the first year)"),
                  test=yes(P.first_employment), cites="给予第一年2400元的社会保险补贴"),
        Condition(id="graduation_window",
                  label=("入职时在毕业年限以内（如已设定）", "hired within the graduation window (when one is set)"),
                  test=GRADUATION_WINDOW, cites="的高校毕业生，给予第一年2400元的社会保险补贴"),
        Condition(id="first_year", label=("第一年在政策执行期内", "the first year falls under the policy"),
                  test=FIRST_YEAR_IN_POLICY, cites="给予第一年2400元的社会保险补贴 ｜ 衢政发〔2023〕12号：涉及政策自2023年1月1日起执行"),
        not_yet_received(SI_SUBSIDY_GRANTS, 1, "给予第一年2400元的社会保险补贴"),
    ),
    amount=param("san.graduate_si_subsidy", "第一年2400元 / ¥2,400 for the first year"), period=Period.ONE_TIME,
    readings=(Reading(id="quzhou-san-first-job",
                      question="给予第一年2400元: the first year of what?",
                      chosen="Of the graduate's first job after graduation: the current job must be the first since "
                             "graduating (a graduate changing jobs has had a first year already).",
                      alternative="The first year at the current employer, whatever came before (not offered as a "
                                  "switch: remove the first_job condition)."),
              Reading(id="quzhou-san-graduation-window",
                      question="高校毕业生 with no 毕业N年以内: is there a graduation window?",
                      chosen="None beyond the first-job test: the clause prints no window, while the same document "
                             "prints 毕业2年以内 where it means one (二（五）).",
                      alternative="The hire within N months of graduation (e.g. 24, the national 离校2年内 convention).",
                      switch=NS + "san.graduate_si_window_months"),
              Reading(id="quzhou-san-first-year",
                      question="第一年: which first years does a policy from 2023-01-01 cover?",
                      chosen="A first year of employment that ends on or after 2023-01-01 (hired after 2022-01-01).",
                      alternative="Only employment that starts on or after 2023-01-01.",
                      switch=NS + "readings.san_first_year"),),
    notes=("No graduation window is printed (reading quzhou-san-graduation-window); 第一年 is the first year of the "
           "graduate's first job (reading quzhou-san-first-job); paid once.",
           "Not stacked with 浙人社发〔2022〕46号 第19条 (a post subsidy, not a social insurance subsidy): both can be "
           "paid.",),
)

OWN_UNIVERSITY = If(param("readings.san_in_quzhou_universities").eq("included"),
                    P.university_kind.is_in(("quzhou", "in_quzhou")), P.university_kind.eq("quzhou"),
                    label="衢州高校毕业生 / graduate of a Quzhou university")
PARTNER = (P.university_kind.eq("partner") & InCity(P.work_adcode, QUZHOU)).named(
    "到衢就业创业的合作高校毕业生 / partner-university graduate working in Quzhou")
QUZHOU_GRADUATE = any_of(OWN_UNIVERSITY, PARTNER, label="衢州高校毕业生（含同等待遇）/ Quzhou graduate (incl. partners)")
QUZHOU_GRADUATE_CLAUSE = "衢州高校（衢州学院、衢州职业技术学院、衢州市技师学院，下同）"
PARTNER_CLAUSE = "全力保障到衢就业创业的与我市建立合作关系的市外高校毕业生，享受与衢州高校毕业生留衢就业创业同等待遇。"
IS_GRADUATE = Condition(id="graduate", label=("高校毕业生", "a university graduate"),
                        test=yes(P.university_graduate), cites="高校毕业生")

QUZHOU_GRADUATE_DEFINITION = Provision(
    id=NS + "san.quzhou_graduate", document=QUZHOU_2023_12, article="二（三）",
    title_zh="衢州高校毕业生（衢州学院、衢州职业技术学院、衢州市技师学院；合作高校同等待遇）",
    title_en="Who is a Quzhou university graduate (three named schools; partner universities treated alike)",
    clause=SAN, subject=Subject.PERSON, kind=Kind.DEFINITION, benefit_type="status",
    jurisdiction=anywhere(("衢州市政策", "a Quzhou policy"), QUZHOU_GRADUATE_CLAUSE),
    conditions=(IS_GRADUATE, Condition(id="university",
                                       label=("毕业于衢州高校或到衢就业创业的合作高校", "Quzhou or partner university"),
                                       test=QUZHOU_GRADUATE,
                                       cites=QUZHOU_GRADUATE_CLAUSE + " ｜ " + PARTNER_CLAUSE)),
    readings=(Reading(id="quzhou-san-in-quzhou",
                      question="Are graduates of 在衢高校 (浙大衢州“两院”、电子科大长三角研究院) 衢州高校毕业生?",
                      chosen="No: the document defines 衢州高校 and 在衢高校 separately (…，下同).",
                      alternative="Yes: count 在衢高校 graduates as 衢州高校毕业生.",
                      switch=NS + "readings.san_in_quzhou_universities"),),
    notes=("Used by 二（十） (graduates' housing-fund loan and rent-balance withdrawal).",),
)

PARTNER_GRADUATES = Provision(
    id=NS + "san.partner_graduates", document=QUZHOU_2023_12, article="二（三）",
    title_zh="合作高校毕业生到衢就业创业享受衢州高校毕业生同等待遇",
    title_en="Graduates of partner universities outside Quzhou get the treatment of Quzhou graduates",
    clause=SAN, subject=Subject.PERSON, kind=Kind.RELAXATION, benefit_type="right",
    jurisdiction=in_quzhou(P.work_adcode, PARTNER_CLAUSE, "就业创业", "work or business"),
    conditions=(IS_GRADUATE, Condition(id="partner",
                                       label=("与衢州建立合作关系的市外高校毕业生", "graduate of a partner university"),
                                       test=P.university_kind.eq("partner"), cites="与我市建立合作关系的市外高校毕业生")),
)

# --- （四） ----------------------------------------------------------------------------------
RURAL = Condition(id="rural_transfer", label=("农村转移人口", "rural labour moving to work"),
                  test=yes(P.rural_transfer_worker), cites="符合条件的农村转移人口")
RESIDENCE = in_quzhou(P.residence_adcode, "落实农村劳动力常住地就业帮扶责任", "常住地", "residence")

RURAL_EQUAL_POLICIES = Provision(
    id=NS + "si.rural_transfer", document=QUZHOU_2023_12, article="二（四）",
    title_zh="农村转移人口同等享受灵活就业政策及创业补贴、创业担保贷款等政策",
    title_en="Rural labour moving to work gets the flexible-employment and startup policies on equal terms",
    clause=SI, subject=Subject.PERSON, kind=Kind.RELAXATION, benefit_type="right", jurisdiction=RESIDENCE,
    conditions=(RURAL,),
    notes=("符合条件的: each policy keeps its own conditions; this removes any restriction by rural status.",),
)

BEYOND_WORKING_AGE = Provision(
    id=NS + "si.services_beyond_working_age", document=QUZHOU_2023_12, article="二（四）",
    title_zh="劳动年龄段外的农村转移人口纳入公共就业服务范围",
    title_en="Rural people past working age are covered by public employment services",
    clause=SI, subject=Subject.PERSON, kind=Kind.RELAXATION, benefit_type="right", jurisdiction=RESIDENCE,
    conditions=(
    RURAL,
        Condition(id="beyond_working_age", label=("已过法定退休年龄（劳动年龄段外）", "past the statutory retirement age"),
                  test=past_retirement_month(AS_OF, "评估月晚于法定退休月 / past the retirement month"),
                  cites="将劳动年龄段外人员纳入公共就业服务范围"),
    ),
    notes=("劳动年龄段外 is read as past the statutory retirement month (2025 gradual-retirement rules); people under "
           "16 are not a labour-force group.",),
)

COMMUNITY_ID = NS + "si.community_reward"
COMMUNITY_GRANTS = feature("qz_community_rewards", "已获高质量就业社区奖励次数", "community rewards received",
                           (COMMUNITY_ID,))
COMMUNITY_REWARD = Provision(
    id=COMMUNITY_ID, document=QUZHOU_2023_12, article="二（四）",
    title_zh="高质量就业社区（村）一次性奖励（不低于5万元）",
    title_en="One-time reward for a high-quality employment community (at least ¥50,000)",
    clause=SI, subject=Subject.ORGANISATION,
    jurisdiction=in_quzhou(O.adcode, SI, "社区（村）", "community"),
    conditions=(
        Condition(id="community", label=("社区（村）", "a community (village)"), test=O.kind.eq("community"),
                  cites="高质量就业社区（村）建设"),
        Condition(id="marked_results", label=("高质量就业社区（村）建设成效显著", "marked results"),
                  test=yes(O.high_quality_employment_community), cites="对成效显著的社区（村）"),
        not_yet_received(COMMUNITY_GRANTS, 1, "给予一次性不低于5万元奖励"),
    ),
    amount=param("si.community_reward", "奖励金额（当地标准）/ reward (local standard)"), amount_kind="at_least",
    period=Period.ONE_TIME, extras=(("minimum_fen", param("si.community_reward_floor")),),
    notes=("不低于5万元 gives only a floor: the amount is a local standard (not set), reported 'at least'; the floor "
           "¥50,000 is in extras.",),
)

PROVISIONS = (QUZHOU_GRADUATE_DEFINITION, PARTNER_GRADUATES, GRADUATE_SI_SUBSIDY, RURAL_EQUAL_POLICIES,
              BEYOND_WORKING_AGE, COMMUNITY_REWARD)
