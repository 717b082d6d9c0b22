"""Demo figures: Shaoxing's six districts report their 2023 actuals, January to September.

The figures are made up (deterministic, from a hash of district and indicator) so that the
dashboard is alive: most rows keep pace with the year, a few run ahead, a few fall behind,
帮扶率 sits just under or at 100%, and one figure of 越城区 is corrected once. Demo rows are
marked in their comment.
"""

from __future__ import annotations

import hashlib
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..accounts.models import User
from .models import ActualEntry
from .plans import plan
from .progress import month_end

PLAN = "sx_2023_28"
MONTHS = 9  # January to September 2023
NOTE = "演示数据"


def _pace(district: str, indicator: str) -> Decimal:
    """A district's pace on an indicator: mostly 0.90 … 1.30 of the year's pro-rata share; one in
    eight runs at 0.60 … 0.80 (the laggards the alerts are for)."""
    h = int(hashlib.sha256(f"{district}:{indicator}".encode()).hexdigest()[:8], 16)
    if h % 8 == 0:
        return Decimal(60 + h % 21) / 100
    return Decimal(90 + h % 41) / 100


def figures() -> dict[tuple[str, str, date], Decimal]:
    """(indicator, district, month end) → cumulative figure in the indicator's unit."""
    p = plan(PLAN)
    out = {}
    for ind in p.indicators:
        for d in p.districts:
            target = p.target(ind.key, d)
            pace = _pace(d, ind.key)
            for m in range(1, MONTHS + 1):
                end = month_end(date(2023, m, 1))
                if ind.unit == "%":
                    value = min(Decimal(100), Decimal(90) + pace * 8 + Decimal(m) / 2).quantize(Decimal("0.1"))
                else:
                    raw = min(target * pace * m / 12, target * Decimal("1.3"))
                    if target <= 3:  # a handful of markets, brands or bases: opened one at a time
                        raw = (target * min(pace * m / 9, Decimal(1))).to_integral_value(rounding=ROUND_HALF_UP)
                    places = Decimal("0.000001") if ind.is_money else Decimal(1)
                    value = raw.quantize(places, rounding=ROUND_HALF_UP)
                out[(ind.key, d, end)] = value
    return out


def seed(db_session: Session, *, county_user: User, city_user: User) -> int:
    """Insert the demo figures once (returns how many rows; 0 when the plan already has figures).

    越城区's rows are entered by ``county_user`` (越城区), the other districts' by ``city_user`` on
    their behalf, as the monthly reports were collected."""
    if db_session.scalar(select(func.count()).select_from(ActualEntry).where(ActualEntry.plan == PLAN)):
        return 0
    p = plan(PLAN)
    rows = []
    for (key, d, end), value in figures().items():
        ind = p.indicator(key)
        user = county_user if d == county_user.county_code else city_user
        rows.append(ActualEntry(plan=PLAN, indicator=key, jurisdiction_code=d, county_code=d, city_code=p.jurisdiction,
                                as_of=end, value=ind.to_stored(value), source="entry",
                                comment=f"{NOTE}：{end.month}月累计", entered_by_user_id=user.id))
    db_session.add_all(rows)
    db_session.flush()
    # one correction, as a new entry naming the one it replaces
    aug = next(r for r in rows if (r.indicator, r.jurisdiction_code, r.as_of.month) == ("interns", "330602", 8))
    db_session.add(ActualEntry(plan=PLAN, indicator="interns", jurisdiction_code="330602", county_code="330602",
                               city_code=p.jurisdiction, as_of=aug.as_of, value=aug.value + 6, source="entry",
                               comment=f"{NOTE}：补报柯岩见习基地6人", corrects_id=aug.id,
                               entered_by_user_id=county_user.id))
    db_session.commit()
    return len(rows) + 1
