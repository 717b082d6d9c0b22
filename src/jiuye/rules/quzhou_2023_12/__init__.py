"""衢政发〔2023〕12号 (Quzhou): one module per measure group of 二、工作举措.

Encoded: （一） mentor subsidy, growth parks; （二） HR agencies' dispatch subsidy, schools and villages
treated as agencies, children's transport subsidy; （三） graduates' first-year social insurance subsidy,
Quzhou graduates and partner universities; （四） rural labour, community reward; （五） key groups;
（七） guarantee, fee subsidy, sales reward, startup-driven employment subsidy; （八） labour-security
officers (check); （九） youth-friendly units, talent apartments (check); （十） housing (a 3-year trial).
Policies apply from 2023-01-01; overlaps follow 从优、从高、不重复 through shared stacking groups.
"""

from . import (
    ba_jiu_services,
    qi_costs,
    san_si_graduates_rural,
    shi_graduates_rent,
    shi_housing,
    wu_key_groups,
    yi_er_startup_recruitment,
)
from .common import NS, OVERLAP
from .qi_costs import QI, QI_STARTUP_EMPLOYMENT

PROVISIONS = (
    *yi_er_startup_recruitment.PROVISIONS, *san_si_graduates_rural.PROVISIONS, *wu_key_groups.PROVISIONS,
    *qi_costs.PROVISIONS, *ba_jiu_services.PROVISIONS, *shi_housing.PROVISIONS, *shi_graduates_rent.PROVISIONS,
)

__all__ = ["NS", "OVERLAP", "PROVISIONS", "QI", "QI_STARTUP_EMPLOYMENT"]
