"""The 动态清零 watch list (绍市人社发〔2023〕28号 10.：确保有就业意愿和就业能力的在 3 个月内实现动态清零):
everyone on the register who is willing and able and not employed, the longest waiting first,
and the county summaries. The state it reads is kept on ``assist_people`` by every write
(:func:`refresh_person`) and by the daily job (:func:`refresh_all`, ``jiuye assistance watch``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import and_, case, func, or_, select, true, update
from sqlalchemy.orm import Session

from ..accounts.models import User
from ..dates import add_months
from ..refdata.divisions import name_of
from .access import scoped
from .models import GROUP_BITS, EmploymentSpell, GroupSpell, Observation, RegisterPerson

WATCH_CLAUSE = "确保有就业意愿和就业能力的在 3 个月内实现动态清零"
WATCH_MONTHS = 3


def watch_deadline(since: date) -> date:
    return add_months(since, WATCH_MONTHS)


def overdue_cutoff(today: date) -> date:
    """The latest ``watch_since`` whose three months ended before ``today`` (add_months is monotone)."""
    d = add_months(today, -WATCH_MONTHS)
    while watch_deadline(d) >= today:
        d -= timedelta(days=1)
    while watch_deadline(d + timedelta(days=1)) < today:
        d += timedelta(days=1)
    return d


def refresh_person(session: Session, p: RegisterPerson, today: date) -> None:
    """Recompute ``p``'s willingness, ability, employment and watch state as of ``today``."""
    session.flush()
    obs = session.execute(select(Observation.observed_on, Observation.willing, Observation.able)
                          .where(Observation.register_id == p.id)
                          .order_by(Observation.observed_on, Observation.id)).all()
    willing = able = None
    since: date | None = None
    for on, w, a in obs:
        willing, able = w, a
        if w and a:
            since = since or on
        else:
            since = None
    p.willing, p.able, p.willing_able_since = willing, able, since
    spells = session.execute(select(EmploymentSpell.start_date, EmploymentSpell.end_date)
                             .where(EmploymentSpell.register_id == p.id)).all()
    p.employed = any(s <= today and (e is None or e >= today) for s, e in spells)
    last_end = max((e for s, e in spells if e is not None and e < today), default=None)
    groups = session.execute(select(GroupSpell.group_code).where(
        GroupSpell.register_id == p.id, GroupSpell.start_date <= today,
        or_(GroupSpell.end_date.is_(None), GroupSpell.end_date >= today))).scalars().all()
    p.groups_mask = sum(GROUP_BITS[g] for g in set(groups))
    p.on_watch = bool(groups) and bool(willing) and bool(able) and not p.employed
    if p.on_watch:
        starts = [p.entered_on, since] + ([last_end + timedelta(days=1)] if last_end else [])
        p.watch_since = max(d for d in starts if d is not None)
    else:
        p.watch_since = None


def refresh_all(session: Session, today: date, *, county_codes: Sequence[str] | None = None) -> int:
    """The daily job: recompute employment, open groups and the watch state of everyone as of
    ``today`` in one set-based UPDATE (per-person aggregates joined in; only rows that change are
    written). Returns the number of people on the watch list afterwards."""
    rp, es, gs = RegisterPerson.__table__, EmploymentSpell.__table__, GroupSpell.__table__
    pg = session.get_bind().dialect.name == "postgresql"
    emp = (select(es.c.register_id,
                  func.max(case((and_(es.c.start_date <= today, or_(es.c.end_date.is_(None), es.c.end_date >= today)), 1),
                                else_=0)).label("working"),
                  func.max(case((es.c.end_date < today, es.c.end_date))).label("last_end"))
           .group_by(es.c.register_id).subquery("emp"))
    bit = case(*((gs.c.group_code == g, b) for g, b in GROUP_BITS.items()), else_=0)
    grp = (select(gs.c.register_id, func.sum(bit.distinct()).label("mask"))
           .where(gs.c.start_date <= today, or_(gs.c.end_date.is_(None), gs.c.end_date >= today))
           .group_by(gs.c.register_id).subquery("grp"))
    p2 = rp.alias("p2")
    employed = func.coalesce(emp.c.working, 0) == 1
    mask = func.coalesce(grp.c.mask, 0)
    watching = and_(mask != 0, p2.c.willing.is_(True), p2.c.able.is_(True), ~employed)
    after_job = (emp.c.last_end + 1) if pg else func.date(emp.c.last_end, "+1 day")
    latest = func.greatest if pg else func.max
    since = latest(p2.c.entered_on, func.coalesce(p2.c.willing_able_since, p2.c.entered_on),
                   func.coalesce(after_job, p2.c.entered_on))
    state = (select(p2.c.id, employed.label("employed"), mask.label("mask"), watching.label("watching"),
                    case((watching, since)).label("since"))
             .select_from(p2.outerjoin(emp, emp.c.register_id == p2.c.id).outerjoin(grp, grp.c.register_id == p2.c.id)))
    if county_codes is not None:
        state = state.where(p2.c.county_code.in_(list(county_codes)))
    n = state.subquery("n")
    session.execute(
        update(rp).where(rp.c.id == n.c.id, or_(rp.c.employed != n.c.employed, rp.c.groups_mask != n.c.mask,
                                                rp.c.on_watch != n.c.watching,
                                                rp.c.watch_since.is_distinct_from(n.c.since)))
        .values(employed=n.c.employed, groups_mask=n.c.mask, on_watch=n.c.watching, watch_since=n.c.since))
    where = rp.c.county_code.in_(list(county_codes)) if county_codes is not None else true()
    return session.scalar(select(func.count()).select_from(rp).where(where, rp.c.on_watch)) or 0


# --- the watch list ---------------------------------------------------------------------------

@dataclass(frozen=True)
class WatchRow:
    id: int
    id_number: str
    name: str
    county_code: str
    caseworker_user_id: int | None
    watch_since: date
    days_since: int
    days_left: int

    @property
    def overdue(self) -> bool:
        return self.days_left < 0


def watch_list(session: Session, user: User | None, *, today: date | None = None, county_code: str | None = None,
               caseworker_id: int | None = None, limit: int = 50, offset: int = 0) -> tuple[list[WatchRow], int]:
    """Willing and able, not employed: the longest waiting (overdue) first."""
    today = today or date.today()
    where = [RegisterPerson.on_watch, scoped(user)]  # (the partial indexes' predicate)
    if county_code:
        where.append(RegisterPerson.county_code == county_code)
    if caseworker_id:
        where.append(RegisterPerson.caseworker_user_id == caseworker_id)
    total = session.scalar(select(func.count()).select_from(RegisterPerson).where(*where)) or 0
    rows = session.execute(
        select(RegisterPerson.id, RegisterPerson.id_number, RegisterPerson.name, RegisterPerson.county_code,
               RegisterPerson.caseworker_user_id, RegisterPerson.watch_since)
        .where(*where).order_by(RegisterPerson.watch_since, RegisterPerson.id).limit(limit).offset(offset)).all()
    return [WatchRow(r.id, r.id_number, r.name, r.county_code, r.caseworker_user_id, r.watch_since,
                     (today - r.watch_since).days, (watch_deadline(r.watch_since) - today).days)
            for r in rows], total


@dataclass
class CountySummary:
    county_code: str
    county_name: str
    people: int = 0
    on_watch: int = 0
    overdue: int = 0
    certified: int = 0
    by_group: dict[str, int] = field(default_factory=dict)


def county_summaries(session: Session, user: User | None, *, today: date | None = None) -> list[CountySummary]:
    """People on the register (in a group now), on the watch list, overdue, certified and per
    group, per county. One grouped index-only scan of ``ix_assist_people_summary`` counting rows
    per (county, groups, on the list, overdue) — a few thousand groups at province scale, no
    per-row arithmetic — folded into counties here. The state is as of the last write or daily
    job; overdue as of ``today``."""
    today = today or date.today()
    rp = RegisterPerson
    cutoff = overdue_cutoff(today)
    where = [scoped(user)]
    if user is not None and user.city_code:  # lets a county's query use the index's leading column
        where.append(rp.city_code == user.city_code)
    late = and_(rp.on_watch, rp.watch_since <= cutoff)
    rows = session.execute(
        select(rp.county_code, rp.groups_mask, rp.on_watch, late, func.count())
        .where(*where).group_by(rp.city_code, rp.county_code, rp.groups_mask, rp.on_watch, late)).all()
    out: dict[str, CountySummary] = {}
    for code, mask, watching, overdue, n in rows:
        s = out.get(code)
        if s is None:
            s = out[code] = CountySummary(code, name_of(code) or code)
        if mask:
            s.people += n
            for g, b in GROUP_BITS.items():
                if mask & b:
                    s.by_group[g] = s.by_group.get(g, 0) + n
        if watching:
            s.on_watch += n
            s.overdue += n if overdue else 0
    for s in out.values():
        s.certified = s.by_group.get("difficulty", 0)
    return sorted(out.values(), key=lambda s: s.county_code)
