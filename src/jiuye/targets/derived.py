"""Figures the system itself holds, derived for a jurisdiction and a period.

Each source answers one plan indicator with a query over another domain's tables and says, in
plain words, what it counted. A source is offered for a jurisdiction only where the system
holds that kind of business there (at least one application of its provisions, ever): where it
does not, the figure is not known — never zero — and the reported figure stands alone.

Reading (docs/targets.md): a figure entered or imported by the jurisdiction takes precedence;
the derived figure is shown beside it as a check, and used when nothing was reported.

- 发放创业担保贷款金额: guaranteed startup loans approved in the period (the bank lends the
  money, so there is no payment row: the amount is the approved loan of the entitlement).
- 创业扶持人数: distinct people and enterprises approved for a startup benefit in the period.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import distinct, exists, func, select
from sqlalchemy.orm import Session

from ..applications.models import Application, Entitlement, Status
from ..catalogue.registry import CATALOGUE
from ..refdata.divisions import get_division, name_of

CHINA = ZoneInfo("Asia/Shanghai")

#: 创业担保贷款: the guaranteed-loan provisions (housing-fund loans are not startup loans).
GUARANTEED_LOANS = tuple(sorted(
    pid for pid, p in CATALOGUE.provisions.items() if p.benefit_type == "loan" and "创业担保贷款" in p.title_zh))
#: 创业扶持: benefits granted to a person or enterprise for starting a business (not mentors,
#: trainers, incubator operators or training courses).
STARTUP_SUPPORT = tuple(sorted({
    *GUARANTEED_LOANS,
    "hz_2022_draft.san.startup_subsidy", "hz_2022_draft.san.startup_si_subsidy",
    "hz_2022_draft.san.three_types_startup_subsidy", "hz_2022_draft.san.startup_employment_subsidy",
    "hz_2022_draft.wu.rent_in_space", "hz_2022_draft.wu.rent_outside_space",
    "hz_2022_draft.jiu.pre_cutoff_startup_si_subsidy", "hz_2022_draft.shi.migrant_startup_subsidy",
    "zj_2022_46.art23.startup_employment", "zj_2022_46.art24", "quzhou_2023_12.qi.startup_employment",
}))


@dataclass(frozen=True)
class DerivedFigure:
    value: int | None  # in the indicator's stored unit; None = the system holds no such records there
    query_zh: str
    query_en: str
    records: int = 0


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """Midnight in China at both ends, in UTC (as the timestamps are stored)."""
    return (datetime.combine(start, time(0), tzinfo=CHINA).astimezone(UTC),
            datetime.combine(end + timedelta(days=1), time(0), tzinfo=CHINA).astimezone(UTC))


def _where(jurisdiction: str):
    d = get_division(jurisdiction)
    if d is not None and d.level == "city":
        return Application.city_code == jurisdiction
    if d is not None and d.level == "county":
        return Application.county_code == jurisdiction
    return Application.county_code.is_not(None)  # the province: everything


def _holds(db_session: Session, jurisdiction: str, provisions: tuple[str, ...]) -> bool:
    return bool(db_session.scalar(select(exists().where(Application.provision_id.in_(provisions),
                                                        _where(jurisdiction)))))


def _titles(provisions: tuple[str, ...]) -> str:
    return "、".join(CATALOGUE.provisions[p].title_zh for p in provisions if p in CATALOGUE.provisions)


def loans_granted(db_session: Session, jurisdiction: str, start: date, end: date) -> DerivedFigure:
    place = name_of(jurisdiction) or jurisdiction
    zh = (f"{place}在 {start} 至 {end} 之间批准的创业担保贷款申请（{_titles(GUARANTEED_LOANS)}），"
          "按批准的贷款金额合计（贷款由承办银行发放，系统中没有支付记录；已被替代的不计）")
    en = (f"Guaranteed startup loans approved in {place} between {start} and {end}: the approved loan amounts "
          "added up (the bank lends, so there are no payment rows; superseded grants are left out)")
    if not _holds(db_session, jurisdiction, GUARANTEED_LOANS):
        return DerivedFigure(None, zh + "。系统中没有该地的此类业务记录，以报送数为准。",
                             en + ". The system holds no such records there: the reported figure stands.")
    lo, hi = _bounds(start, end)
    total, n = db_session.execute(
        select(func.coalesce(func.sum(Entitlement.amount_fen), 0), func.count(Entitlement.id))
        .join(Application, Application.id == Entitlement.application_id)
        .where(Entitlement.provision_id.in_(GUARANTEED_LOANS), Entitlement.status != "superseded",
               Application.status == Status.APPROVED.value, Application.decided_at >= lo,
               Application.decided_at < hi, _where(jurisdiction))).one()
    return DerivedFigure(int(total), zh + f"：{n} 笔。", en + f": {n} loans.", int(n))


def startup_supported(db_session: Session, jurisdiction: str, start: date, end: date) -> DerivedFigure:
    place = name_of(jurisdiction) or jurisdiction
    zh = (f"{place}在 {start} 至 {end} 之间获批创业扶持（一次性创业补贴、创业社保补贴、创业带动就业补贴、"
          "场地租金补贴、创业担保贷款等）的不同申请人和企业数（同一对象获批多项只计一次）")
    en = (f"Distinct people and enterprises in {place} approved for a startup benefit (startup subsidies, "
          f"rent subsidies, guaranteed loans …) between {start} and {end}, each counted once")
    if not _holds(db_session, jurisdiction, STARTUP_SUPPORT):
        return DerivedFigure(None, zh + "。系统中没有该地的此类业务记录，以报送数为准。",
                             en + ". The system holds no such records there: the reported figure stands.")
    lo, hi = _bounds(start, end)
    n = db_session.scalar(
        select(func.count(distinct(Application.subject_key)))
        .where(Application.provision_id.in_(STARTUP_SUPPORT), Application.status == Status.APPROVED.value,
               Application.decided_at >= lo, Application.decided_at < hi, _where(jurisdiction)))
    return DerivedFigure(int(n or 0), zh + f"：{n} 个。", en + f": {n}.", int(n or 0))


Source = Callable[[Session, str, date, date], DerivedFigure]
#: (plan, indicator) → the source deriving it. Sources of domains not on main are not listed.
SOURCES: dict[tuple[str, str], Source] = {
    ("sx_2023_28", "startup_loans"): loans_granted,
    ("sx_2023_28", "startup_supported"): startup_supported,
}


def offered(plan: str, indicator: str) -> bool:
    return (plan, indicator) in SOURCES


def figure(db_session: Session, plan: str, indicator: str, jurisdiction: str, start: date,
           end: date) -> DerivedFigure | None:
    source = SOURCES.get((plan, indicator))
    return None if source is None else source(db_session, jurisdiction, start, end)
