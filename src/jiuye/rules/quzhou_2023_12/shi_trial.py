"""The housing-security trial of 二（十）: 试行3年 from 2023-01-01, so in force until 2025-12-31.

Every housing provision is a :class:`TrialProvision`. Ongoing subsidies (yearly or monthly, paid for
up to 10 or 2 years) stop at the end of the trial under the chosen reading; under the alternative
(``quzhou_2023_12.readings.shi_after_trial`` = ``continue``) an entitlement that began during the trial
keeps being paid after it, until its own limit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from ...engine.dsl import AS_OF, Condition, Expr, Provision, Reading
from .common import NS, in_quzhou, param

SHI = ("（十）实施就业创业安居保障行动。鼓励在衢就业创业人员在衢购房，在本市缴足6个月住房公积金的，可按规定申请住房公积金贷款。"
       "符合条件的在衢无房的非公企业员工购房，可享受一次性2万元购房补贴，从购房当年起给予每人每年8000元的补贴；对住房公积金企业缴存"
       "部分每月超过200元的，财政给予每人每月100元补贴，两项补贴最长享受10年。非公企业提前支付租房补贴超过2万元并用于在衢无房员工"
       "购房的，财政给予员工每人5000元补贴。上述补贴均纳入个人公积金账户管理。鼓励金融机构对在衢就业高校毕业生推行安居类按揭贷款"
       "还款方式。对衢州高校毕业生购房的，符合条件的可申请当期公积金最高限额贷款，其中毕业后留衢就业3年内购房的可一次性提取最高"
       "4万元租房补贴余额。首次到衢非公企业就业的低保、低保边缘户家庭成员可享受每年4500元最长2年的租房补贴。")
TRIAL_CLAUSE = "本意见自2023年5月4日起施行，涉及政策自2023年1月1日起执行，其中就业创业安居保障政策试行3年。"
TRIAL_START, TRIAL_END = date(2023, 1, 1), date(2025, 12, 31)
AFTER_TRIAL = NS + "readings.shi_after_trial"
HOUSING_ACCOUNT = "上述补贴均纳入个人公积金账户管理: paid into the person's housing-fund account."

AFTER_TRIAL_READING = Reading(id="quzhou-shi-after-trial",
                              question="试行3年: what happens to a 10-year (or 2-year) subsidy when the trial ends?",
                              chosen="It stops: the whole housing policy is a 3-year trial (2023-01-01 to 2025-12-31); continuing it needs a "
                                     "new decision.",
                              alternative="Entitlements that began during the trial keep being paid after it, until their own limit.",
                              switch=AFTER_TRIAL)


@dataclass(frozen=True)
class TrialProvision(Provision):
    """A housing provision: in force during the trial; ``ongoing`` ones may outlive it (reading)."""

    ongoing: bool = False

    def window(self, snapshot: Any) -> tuple[date | None, date | None]:
        start, end = super().window(snapshot)
        if self.ongoing and snapshot.get(AFTER_TRIAL) == "continue":
            return start, None
        return start, end


def housing(**kw: Any) -> TrialProvision:
    readings = kw.pop("readings", ())
    if kw.get("ongoing"):
        readings = (*readings, AFTER_TRIAL_READING)
    notes = (*kw.pop("notes", ()), "就业创业安居保障政策试行3年: 2023-01-01 – 2025-12-31.")
    return TrialProvision(document=kw.pop("document"), article="二（十）", clause=kw.pop("clause", SHI),
                          in_force_from=TRIAL_START, in_force_to=TRIAL_END, in_force_clause=TRIAL_CLAUSE,
                          readings=readings, notes=notes, **kw)


def during_trial(event: Expr, label_zh: str, label_en: str, clause: str, id: str = "during_trial"):
    """The entitling event (a purchase, a first job) happened within the trial and by the as-of date."""
    test = ((event >= param("shi.trial_start")) & (event <= param("shi.trial_end")) & (event <= AS_OF)).named(
        f"{label_zh}在试行期内 / {label_en} during the trial")
    return Condition(id=id, label=(f"{label_zh}在试行期内（2023-01-01至2025-12-31）", f"{label_en} during the trial"),
                     test=test, cites=clause + " ｜ " + TRIAL_CLAUSE)


WORK_IN_QUZHOU = in_quzhou  # re-exported for the housing modules
