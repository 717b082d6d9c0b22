"""The 动态清零 watch list (绍市人社发〔2023〕28号 10.：确保有就业意愿和就业能力的在 3 个月内实现动态清零):
everyone on the register who is willing and able and not employed, the longest waiting first,
and the county summaries. The state it reads is kept on ``assist_people`` by every write
(:func:`refresh_person`) and by the daily job (:func:`refresh_all`, ``jiuye assistance watch``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import and_, case, exists, func, or_, select, true, update
from sqlalchemy.orm import Session

from ..accounts.models import User
from ..dates import add_months
from ..refdata.divisions import name_of
from .access import scoped
from .models import EmploymentSpell, GroupSpell, Observation, RegisterPerson

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
    p.on_watch = bool(groups) and bool(willing) and bool(able) and not p.employed
    if p.on_watch:
        starts = [p.entered_on, since] + ([last_end + timedelta(days=1)] if last_end else [])
        p.watch_since = max(d for d in starts if d is not None)
    else:
        p.watch_since = None


def refresh_all(session: Session, today: date, *, county_codes: Sequence[str] | None = None) -> int:
    """The daily job: recompute employment and the watch state of everyone (set-based, no row loop).
    Returns the number of people on the watch list afterwards."""
    rp, es, gs = RegisterPerson.__table__, EmploymentSpell.__table__, GroupSpell.__table__
    employed = exists().where(es.c.register_id == rp.c.id, es.c.start_date <= today,
                              or_(es.c.end_date.is_(None), es.c.end_date >= today))
    in_group = exists().where(gs.c.register_id == rp.c.id, gs.c.start_date <= today,
                              or_(gs.c.end_date.is_(None), gs.c.end_date >= today))
    last_end = (select(func.max(es.c.end_date)).where(es.c.register_id == rp.c.id, es.c.end_date < today)
                .scalar_subquery())
    where = rp.c.county_code.in_(list(county_codes)) if county_codes is not None else true()
    watch = and_(in_group, rp.c.willing.is_(True), rp.c.able.is_(True), ~employed)
    session.execute(update(rp).where(where).values(employed=employed, on_watch=watch))
    # watch_since = the latest of entry, willing-and-able since, the day after the last job ended
    session.execute(update(rp).where(where, rp.c.on_watch.is_(True)).values(watch_since=rp.c.entered_on))
    session.execute(update(rp).where(where, rp.c.on_watch.is_(True), rp.c.willing_able_since > rp.c.watch_since)
                    .values(watch_since=rp.c.willing_able_since))
    nxt = last_end + timedelta(days=1) if session.get_bind().dialect.name == "postgresql" else func.date(
        last_end, "+1 day")
    session.execute(update(rp).where(where, rp.c.on_watch.is_(True), last_end.is_not(None), last_end >= rp.c.watch_since)
                    .values(watch_since=nxt))
    session.execute(update(rp).where(where, rp.c.on_watch.is_(False), rp.c.watch_since.is_not(None))
                    .values(watch_since=None))
    return session.scalar(select(func.count()).select_from(rp).where(where, rp.c.on_watch.is_(True))) or 0


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
    where = [RegisterPerson.on_watch.is_(True), scoped(user)]
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
    """People on the register, on the watch list, overdue, certified and per group, per county
    (one grouped scan; ``on_watch`` and the groups as of the last refresh)."""
    today = today or date.today()
    rp, gs = RegisterPerson, GroupSpell
    cutoff = overdue_cutoff(today)
    watch_rows = session.execute(
        select(rp.county_code, func.count(), func.sum(case((rp.watch_since <= cutoff, 1), else_=0)))
        .where(scoped(user), rp.on_watch.is_(True)).group_by(rp.county_code)).all()
    open_spell = and_(gs.start_date <= today, or_(gs.end_date.is_(None), gs.end_date >= today))
    group_rows = session.execute(
        select(rp.county_code, gs.group_code, func.count(func.distinct(rp.id)))
        .join(gs, gs.register_id == rp.id).where(scoped(user), open_spell).group_by(rp.county_code, gs.group_code)).all()
    people_rows = session.execute(
        select(rp.county_code, func.count()).where(scoped(user), exists().where(gs.register_id == rp.id, open_spell))
        .group_by(rp.county_code)).all()
    out: dict[str, CountySummary] = {}

    def row(code: str) -> CountySummary:
        return out.setdefault(code, CountySummary(code, name_of(code) or code))

    for code, n in people_rows:
        row(code).people = n
    for code, n, late in watch_rows:
        row(code).on_watch, row(code).overdue = n, int(late or 0)
    for code, g, n in group_rows:
        row(code).by_group[g] = n
        if g == "difficulty":
            row(code).certified = n
    return sorted(out.values(), key=lambda s: s.county_code)


