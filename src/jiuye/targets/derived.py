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
- 就业困难人员实现就业 and 五类重点群体帮扶率 (Shaoxing), 帮扶重点群体 (Quzhou): the key-group
  register of ``jiuye.assistance`` (``county_figures``), held where the register has people.
- 零工市场促成就业: hires through the gig market (``jiuye.jobs``), and 免申即享确认兑现: campaign
  proposals confirmed (``jiuye.campaigns``). No document sets a target for them, so they are shown
  for information beside the plan's indicators (:data:`INFO`); a confirmed proposal is approved
  through the ordinary path, so the benefit indicators (e.g. 创业扶持人数) count it too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import distinct, exists, func, select
from sqlalchemy.orm import Session

from ..applications.models import Application, Entitlement, Status
from ..assistance import service as assistance
from ..campaigns.models import Proposal
from ..catalogue.registry import CATALOGUE
from ..jobs.models import Hire, JobPosting
from ..money import div_round_half_up
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


def _register(db_session: Session, jurisdiction: str, start: date, end: date) -> tuple[int, int, int, bool]:
    """(people on the register in the period, of them served, certified people who started a job, held)."""
    rows = assistance.county_figures(db_session, jurisdiction, start, end)
    people = sum(r.people for r in rows)
    return people, sum(r.served for r in rows), sum(r.difficulty_employed for r in rows), people > 0


_NO_REGISTER_ZH = "。该地的重点群体帮扶台账在系统中没有人员，以报送数为准。"
_NO_REGISTER_EN = ". The key-group register holds nobody there: the reported figure stands."


def difficulty_employed(db_session: Session, jurisdiction: str, start: date, end: date) -> DerivedFigure:
    place = name_of(jurisdiction) or jurisdiction
    zh = f"{place}重点群体帮扶台账中，经认定的就业困难人员在 {start} 至 {end} 之间开始就业的人数（每人只计一次）"
    en = (f"People certified as having difficulty finding work on {place}'s key-group register whose job began "
          f"between {start} and {end}, each counted once")
    people, _, employed, held = _register(db_session, jurisdiction, start, end)
    if not held:
        return DerivedFigure(None, zh + _NO_REGISTER_ZH, en + _NO_REGISTER_EN)
    return DerivedFigure(employed, zh + f"：{employed} 人。", en + f": {employed}.", employed)


def assist_rate(db_session: Session, jurisdiction: str, start: date, end: date) -> DerivedFigure:
    place = name_of(jurisdiction) or jurisdiction
    zh = (f"{place}重点群体帮扶台账中，{start} 至 {end} 期间在册的人员里期间内至少接受过一次服务的人数 ÷ 期间在册人数"
          "（百分数四舍五入到0.01）")
    en = (f"Of the people on {place}'s key-group register between {start} and {end}, the share who received at "
          "least one service in the period (percent, rounded half-up to 0.01)")
    people, served, _, held = _register(db_session, jurisdiction, start, end)
    if not held:
        return DerivedFigure(None, zh + _NO_REGISTER_ZH, en + _NO_REGISTER_EN)
    stored = div_round_half_up(served * 10_000, people)  # hundredths of a percent
    return DerivedFigure(stored, zh + f"：{served} ÷ {people}。", en + f": {served} / {people}.", people)


def key_groups_assisted(db_session: Session, jurisdiction: str, start: date, end: date) -> DerivedFigure:
    place = name_of(jurisdiction) or jurisdiction
    zh = f"{place}重点群体帮扶台账中，{start} 至 {end} 期间在册且期间内至少接受过一次服务的人数（各区县相加）"
    en = (f"People on {place}'s key-group register between {start} and {end} who received at least one service "
          "in the period (the counties added up)")
    _, served, _, held = _register(db_session, jurisdiction, start, end)
    if not held:
        return DerivedFigure(None, zh + _NO_REGISTER_ZH, en + _NO_REGISTER_EN)
    return DerivedFigure(served, zh + f"：{served} 人。", en + f": {served}.", served)


def _market_where(model, jurisdiction: str):
    d = get_division(jurisdiction)
    if d is not None and d.level == "city":
        return model.city_code == jurisdiction
    if d is not None and d.level == "county":
        return model.county_code == jurisdiction
    return model.county_code.is_not(None)


def gig_placements(db_session: Session, jurisdiction: str, start: date, end: date) -> DerivedFigure:
    place = name_of(jurisdiction) or jurisdiction
    zh = f"{place}零工市场（本系统）在 {start} 至 {end} 之间促成的录用人次（按开始工作日期）"
    en = f"Hires made through the gig market in {place} that started between {start} and {end}"
    if not db_session.scalar(select(exists().where(_market_where(JobPosting, jurisdiction)))):
        return DerivedFigure(None, zh + "。该地在系统中没有零工市场岗位。", en + ". The market has no postings there.")
    n = int(db_session.scalar(select(func.count(Hire.id)).where(
        _market_where(Hire, jurisdiction), Hire.start_date >= start, Hire.start_date <= end)) or 0)
    return DerivedFigure(n, zh + f"：{n} 人次。", en + f": {n}.", n)


def campaign_confirmed(db_session: Session, jurisdiction: str, start: date, end: date) -> DerivedFigure:
    """免申即享: proposals the person or enterprise confirmed in the period (each then approved
    through the ordinary path, so the benefit indicators above count them as well)."""
    place = name_of(jurisdiction) or jurisdiction
    zh = f"{place}免申即享批次中，{start} 至 {end} 期间本人（企业）确认兑现的项数"
    en = f"No-application proposals confirmed by the person or enterprise in {place} between {start} and {end}"
    d = get_division(jurisdiction)
    where = (Proposal.city_code == jurisdiction if d is not None and d.level == "city"
             else Proposal.county_code == jurisdiction if d is not None and d.level == "county"
             else Proposal.county_code.is_not(None))
    if not db_session.scalar(select(exists().where(where))):
        return DerivedFigure(None, zh + "。该地在系统中没有免申即享批次。", en + ". There is no campaign there.")
    lo, hi = _bounds(start, end)
    n = int(db_session.scalar(select(func.count(Proposal.id)).where(
        where, Proposal.status == "confirmed", Proposal.decided_at >= lo, Proposal.decided_at < hi)) or 0)
    paid = int(db_session.scalar(select(func.coalesce(func.sum(Proposal.amount_fen), 0)).where(
        where, Proposal.status == "confirmed", Proposal.decided_at >= lo, Proposal.decided_at < hi)) or 0)
    return DerivedFigure(n, zh + f"：{n} 项，拟发放金额合计 {paid / 100:,.2f} 元。",
                         en + f": {n}, proposed amounts {paid / 100:,.2f} yuan in all.", n)


Source = Callable[[Session, str, date, date], DerivedFigure]
#: (plan, indicator) → the source deriving it. Sources of domains not on main are not listed.
SOURCES: dict[tuple[str, str], Source] = {
    ("sx_2023_28", "startup_loans"): loans_granted,
    ("sx_2023_28", "startup_supported"): startup_supported,
    ("sx_2023_28", "difficulty_reemployed"): difficulty_employed,
    ("sx_2023_28", "key_group_assist_rate"): assist_rate,
    ("quzhou_2023_12", "wu.key_groups_assisted"): key_groups_assisted,
}


@dataclass(frozen=True)
class InfoFigure:
    key: str
    label_zh: str
    label_en: str
    unit: str
    source: Source


#: Figures the system holds for which no document sets a target: shown beside a plan, for information.
INFO: tuple[InfoFigure, ...] = (
    InfoFigure("gig_placements", "零工市场促成就业", "hires through the gig market", "人次", gig_placements),
    InfoFigure("campaign_confirmed", "免申即享确认兑现", "no-application benefits confirmed", "项", campaign_confirmed),
)


def offered(plan: str, indicator: str) -> bool:
    return (plan, indicator) in SOURCES


def figure(db_session: Session, plan: str, indicator: str, jurisdiction: str, start: date,
           end: date) -> DerivedFigure | None:
    source = SOURCES.get((plan, indicator))
    return None if source is None else source(db_session, jurisdiction, start, end)
