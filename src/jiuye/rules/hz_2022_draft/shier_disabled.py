"""Hangzhou draft （十二）: the disabled-employment quota post subsidy and over-quota reward (local
standards, not set), and priority for certified disabled people in government public-welfare posts."""

from __future__ import annotations

from ...engine.dsl import Condition, E, Max, P, Period, Provision, Subject
from ...rules.documents import HZ_2022_DRAFT
from ..common import yes
from .common import NS, business_in_hangzhou, person_in_hangzhou
from .shared import local

QUOTA_TEXT = "落实残疾人按比例就业岗位补贴和超比例奖励办法。"
PRIORITY_TEXT = "政府开发的公益性岗位，同等条件下优先安排符合条件的残疾人。"

QUOTA_POST = Provision(
    id=NS + "shier.quota_post_subsidy", document=HZ_2022_DRAFT, article="三（十二）",
    title_zh="残疾人按比例就业岗位补贴", title_en="Post subsidy for employing disabled people at the quota",
    clause=QUOTA_TEXT, subject=Subject.ENTERPRISE, jurisdiction=business_in_hangzhou(QUOTA_TEXT),
    conditions=(
        Condition(id="employs_disabled", label=("安排残疾人就业", "employs disabled people"),
                  test=E.disabled_employees >= 1, cites="残疾人按比例就业岗位补贴"),
        Condition(id="quota_met", label=("达到规定比例", "meets the quota"),
                  test=E.disabled_employees >= E.disabled_quota_required, cites="残疾人按比例就业岗位补贴"),
    ),
    amount=local("shier.quota_post_subsidy"), period=Period.YEARLY,
    notes=("落实…办法: the quota and the subsidy are set by the disabled-employment rules (local standard, not set); "
           "the required number is asked as assessed by the authority.",),
)

OVER = Max(E.disabled_employees - E.disabled_quota_required, 0).named("超比例人数 / people above the quota")

OVER_QUOTA = Provision(
    id=NS + "shier.over_quota_reward", document=HZ_2022_DRAFT, article="三（十二）",
    title_zh="超比例安排残疾人就业奖励", title_en="Reward for employing disabled people above the quota",
    clause=QUOTA_TEXT, subject=Subject.ENTERPRISE, jurisdiction=business_in_hangzhou(QUOTA_TEXT),
    conditions=(Condition(id="over_quota", label=("超比例安排残疾人就业", "employs disabled people above the quota"),
                          test=E.disabled_employees > E.disabled_quota_required, cites="超比例奖励办法"),),
    amount=(OVER * local("shier.over_quota_reward_per_person")).named("超比例人数×每人奖励 / over-quota people × reward"),
    period=Period.YEARLY,
    notes=("Per person above the quota: local standard, not set.",),
)

PRIORITY = Provision(
    id=NS + "shier.public_welfare_priority", document=HZ_2022_DRAFT, article="三（十二）",
    title_zh="公益性岗位优先安排残疾人", title_en="Priority for disabled people in public-welfare posts",
    clause=PRIORITY_TEXT, subject=Subject.PERSON, benefit_type="right", jurisdiction=person_in_hangzhou(PRIORITY_TEXT),
    conditions=(
        Condition(id="disabled", label=("持证残疾人", "certified disabled"), test=yes(P.disabled_certified),
                  cites="优先安排符合条件的残疾人"),
        Condition(id="applicant", label=("申请政府开发的公益性岗位", "applying for a government public-welfare post"),
                  test=yes(P.public_welfare_post_applicant), cites="政府开发的公益性岗位"),
    ),
    notes=("同等条件下: priority among applicants with equal qualifications; the post's own conditions still apply.",),
)

PROVISIONS = (QUOTA_POST, OVER_QUOTA, PRIORITY)
