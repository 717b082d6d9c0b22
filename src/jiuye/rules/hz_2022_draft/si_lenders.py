"""Hangzhou draft （四）, the rest: handling-fee subsidy to the handling banks and guarantee-fee
subsidy to the entrusted guarantors. No amounts are printed: local standards, not set.
(对经办银行和受托担保机构加大奖补力度 is a commitment with nothing to compute.)"""

from __future__ import annotations

from ...engine.dsl import Condition, O, Period, Provision, Subject
from ...rules.documents import HZ_2022_DRAFT
from .common import NS
from .shared import local, org_in_hangzhou

SI_FEES = "对经办银行和受托担保机构分别给予手续费补贴和担保费补助。"

HANDLING_FEE = Provision(
    id=NS + "si.handling_fee_subsidy", document=HZ_2022_DRAFT, article="二（四）",
    title_zh="经办银行手续费补贴", title_en="Handling-fee subsidy to a bank handling guaranteed loans",
    clause=SI_FEES, subject=Subject.ORGANISATION, jurisdiction=org_in_hangzhou(SI_FEES),
    conditions=(Condition(id="handling_bank", label=("创业担保贷款经办银行", "bank handling startup guaranteed loans"),
                          test=O.startup_loan_role.eq("handling_bank"), cites="对经办银行……给予手续费补贴"),),
    amount=local("si.handling_fee_subsidy"), period=Period.YEARLY,
    notes=("Amount, basis and period: local standard (not printed), set by the implementing rules.",),
)

GUARANTEE_FEE = Provision(
    id=NS + "si.guarantee_fee_subsidy", document=HZ_2022_DRAFT, article="二（四）",
    title_zh="受托担保机构担保费补助", title_en="Guarantee-fee subsidy to an entrusted guarantor",
    clause=SI_FEES, subject=Subject.ORGANISATION, jurisdiction=org_in_hangzhou(SI_FEES),
    conditions=(Condition(id="guarantor",
                          label=("创业担保贷款受托担保机构", "entrusted guarantor of startup guaranteed loans"),
                          test=O.startup_loan_role.eq("guarantor"), cites="对……受托担保机构分别给予……担保费补助"),),
    amount=local("si.guarantee_fee_subsidy"), period=Period.YEARLY,
    notes=("Amount, basis and period: local standard (not printed), set by the implementing rules.",),
)

PROVISIONS = (HANDLING_FEE, GUARANTEE_FEE)
