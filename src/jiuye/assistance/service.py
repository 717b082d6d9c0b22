"""The register: people, group spells, willingness and ability, employment, services, the
动态清零 watch list and the county figures.

Public contract (used by other domains; see docs/assistance.md):

- :func:`record_placement` — an employment spell for a person on the register (``None`` when the
  person is not on it): cancels (注销) an open 就业困难人员 certification as the clause says and
  takes the person off the watch list. Flushes; the caller commits.
- :func:`county_figures` — 帮扶率 and 就业困难人员实现就业 per county of a county, city or the province.

Every write by a page or the API is one transaction with its audit events
(:func:`jiuye.audit.service.audited_write`); the helpers here flush and leave the commit to it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction
from typing import Any

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session

from ..accounts.models import Role, User
from ..audit import service as audit
from ..errors import InputError
from ..ids import validate_id_number
from ..refdata.divisions import counties, get_division, name_of
from .access import as_actor, get_person, require_caseworker
from .models import (
    GROUP_BITS,
    SERVICE_CODES,
    Certification,
    EmploymentSpell,
    GroupSpell,
    Observation,
    RegisterPerson,
    Service,
)
from .schemas import RegisterEntry
from .watch import refresh_person

# --- writing the register ---------------------------------------------------------------------

def _caseworker_id(session: Session, username: str | None, county_code: str) -> int | None:
    if not username:
        return None
    u = session.scalar(select(User).where(User.username == username))
    if u is None or u.role_enum != Role.CASEWORKER or u.county_code != county_code:
        raise InputError("caseworker", f"责任经办人：本县（市、区）没有经办人“{username}”",
                         f"caseworker: no caseworker {username!r} in this county")
    return u.id


def upsert_entry(session: Session, user: User, e: RegisterEntry, *, source: str, today: date) -> tuple[RegisterPerson, bool]:
    """Add a person to the register or merge into their entry (by ID number): new group spells,
    a new observation when willingness or ability is given, an employment spell. Returns
    (entry, created). Flushes; the caller commits and audits."""
    from ..applications.service import upsert_person

    require_caseworker(user, e.county_code)
    p = session.scalar(select(RegisterPerson).where(RegisterPerson.id_number == e.id_number).with_for_update())
    created = p is None
    if p is None:
        p = RegisterPerson(id_number=e.id_number, name=e.name, gender=e.gender, birth_date=e.birth_date,
                           county_code=e.county_code, city_code=e.city_code, entered_on=e.entered_on,
                           person_id=upsert_person(session, e.id_number, e.name, e.county_code))
        session.add(p)
    elif p.county_code != e.county_code:
        raise InputError("id_number", "身份证号：此人已在其他县（市、区）的台账中，请由其所在县办理转移",
                         "ID number: this person is on another county's register")
    else:
        p.name = e.name
        p.entered_on = min(p.entered_on, e.entered_on)
    for attr in ("phone", "contact_preference", "hukou_adcode", "residence_adcode", "female_category"):
        value = getattr(e, attr)
        if value is not None:
            setattr(p, attr, value)
    if e.caseworker:
        p.caseworker_user_id = _caseworker_id(session, e.caseworker, e.county_code)
    elif p.caseworker_user_id is None:
        p.caseworker_user_id = user.id
    session.flush()
    open_groups = set(session.scalars(select(GroupSpell.group_code).where(
        GroupSpell.register_id == p.id, GroupSpell.end_date.is_(None))))
    for g in e.groups:
        if g not in open_groups:
            session.add(GroupSpell(register_id=p.id, county_code=p.county_code, group_code=g, start_date=e.entered_on,
                                  source=source))
    if e.willing is not None or e.able is not None:
        session.add(Observation(register_id=p.id, observed_on=e.observed_on or e.entered_on, willing=e.willing,
                                able=e.able, recorded_by_user_id=user.id))
    if e.employed_on is not None and e.employer_name:
        _add_employment(session, p, employer_name=e.employer_name, start=e.employed_on, source=source,
                        work_county=e.county_code, user_id=user.id)
    refresh_person(session, p, today)
    return p, created


def add_person(session: Session, user: User, e: RegisterEntry, *, today: date | None = None) -> RegisterPerson:
    """One entry from the form: one transaction with its audit event."""
    today = today or date.today()
    with audit.audited_write(session, actor=user, action="assistance.register", object_type="register_person",
                             county_code=user.county_code):
        p, created = upsert_entry(session, user, e, source="form", today=today)
        audit.record(session, actor=user, action="assistance.registered" if created else "assistance.merged",
                     object_type="register_person", object_id=p.id, county_code=p.county_code,
                     details={"id_number": p.id_number, "groups": e.groups, "willing": e.willing, "able": e.able})
    return p


def observe(session: Session, user: User, register_id: int, *, observed_on: date, willing: bool | None,
            able: bool | None, note: str | None = None, today: date | None = None) -> RegisterPerson:
    """Record willingness and ability as checked on a date."""
    today = today or date.today()
    with audit.audited_write(session, actor=user, action="assistance.observe", object_type="register_person",
                             object_id=register_id, county_code=user.county_code):
        p = get_person(session, user, register_id, for_update=True)
        require_caseworker(user, p.county_code)
        if observed_on > today:
            raise InputError("observed_on", "核实日期不能晚于今天", "the date cannot be in the future")
        session.add(Observation(register_id=p.id, observed_on=observed_on, willing=willing, able=able,
                                recorded_by_user_id=user.id, note=(note or "")[:200] or None))
        refresh_person(session, p, today)
        audit.record(session, actor=user, action="assistance.observed", object_type="register_person",
                     object_id=p.id, county_code=p.county_code,
                     details={"observed_on": observed_on, "willing": willing, "able": able, "on_watch": p.on_watch})
    return p


def end_group(session: Session, user: User, register_id: int, *, group_code: str, end: date,
              today: date | None = None) -> RegisterPerson:
    today = today or date.today()
    with audit.audited_write(session, actor=user, action="assistance.group_end", object_type="register_person",
                             object_id=register_id, county_code=user.county_code):
        p = get_person(session, user, register_id, for_update=True)
        require_caseworker(user, p.county_code)
        if group_code == "difficulty":
            raise InputError("group_code", "就业困难人员身份通过认定的注销或退出结束", "ended by the certification's exit")
        spell = session.scalar(select(GroupSpell).where(GroupSpell.register_id == p.id, GroupSpell.group_code == group_code,
                                                        GroupSpell.end_date.is_(None)))
        if spell is None:
            raise InputError("group_code", "此人目前不在该类别中", "not currently in that group")
        if end < spell.start_date:
            raise InputError("end", "结束日期不能早于开始日期", "the end cannot be before the start")
        spell.end_date = end
        refresh_person(session, p, today)
        audit.record(session, actor=user, action="assistance.group_ended", object_type="register_person",
                     object_id=p.id, county_code=p.county_code, details={"group": group_code, "end": end})
    return p


def _add_employment(session: Session, p: RegisterPerson, *, employer_name: str, start: date, source: str,
                    work_county: str | None, user_id: int | None) -> EmploymentSpell:
    certified = session.scalar(select(func.count()).select_from(Certification).where(
        Certification.register_id == p.id, Certification.status == "certified")) or 0
    spell = EmploymentSpell(register_id=p.id, employer_name=employer_name[:200], county_code=p.county_code,
                            work_county_code=work_county, start_date=start, source=source[:32],
                            difficulty_certified=certified > 0, recorded_by_user_id=user_id)
    session.add(spell)
    session.flush()
    return spell


# --- the public contract ----------------------------------------------------------------------

def record_placement(session: Session, *, id_number: str, employer_name: str, county: str, start: date,
                     source: str, actor: Any = None) -> EmploymentSpell | None:
    """Record an employment spell for a person on the register; ``None`` (and nothing written)
    when the person is not on it. Cancels (注销) an open 就业困难人员 certification as of ``start``
    (杭州（九）：经认定的就业困难人员实现就业后……注销其就业困难人员身份) and takes the person off the
    watch list. Flushes and audits in the caller's transaction; the caller commits."""
    from .certification import close_on_employment

    number = validate_id_number(id_number, field="id_number").number
    if not employer_name or not employer_name.strip():
        raise InputError("employer_name", "就业单位：必填", "employer: required")
    d = get_division(county) if county else None
    if d is None:
        raise InputError("county", f"不认识的县（市、区）代码：{county}", f"unknown county code {county!r}")
    p = session.scalar(select(RegisterPerson).where(RegisterPerson.id_number == number).with_for_update())
    if p is None:
        return None
    today = date.today()
    if start > today + timedelta(days=366):
        raise InputError("start", "就业日期过远", "the start date is too far in the future")
    spell = _add_employment(session, p, employer_name=employer_name.strip(), start=start, source=source,
                            work_county=d.code, user_id=getattr(actor, "id", None))
    closed = close_on_employment(session, p, on=start, actor=actor, spell=spell)
    refresh_person(session, p, max(today, start))
    audit.record(session, actor=as_actor(actor), action="assistance.placement", object_type="register_person",
                 object_id=p.id, county_code=p.county_code,
                 details={"id_number": number, "employer": employer_name.strip()[:60], "start": start,
                          "source": source, "certification_cancelled": closed, "on_watch": p.on_watch})
    return spell


def placement(session: Session, user: User, register_id: int, *, employer_name: str, start: date,
              today: date | None = None) -> EmploymentSpell:
    """A caseworker records a placement from the person's page (one transaction)."""
    today = today or date.today()
    with audit.audited_write(session, actor=user, action="assistance.placement", object_type="register_person",
                             object_id=register_id, county_code=user.county_code):
        p = get_person(session, user, register_id)
        require_caseworker(user, p.county_code)
        if start > today:
            raise InputError("start", "就业日期：不能晚于今天", "employment date: cannot be in the future")
        spell = record_placement(session, id_number=p.id_number, employer_name=employer_name, county=p.county_code,
                                 start=start, source="register", actor=user)
        assert spell is not None
    return spell


def end_employment(session: Session, user: User, register_id: int, *, spell_id: int, end: date,
                   today: date | None = None) -> RegisterPerson:
    """A job ended (就业转失业): the person can come back on the watch list."""
    today = today or date.today()
    with audit.audited_write(session, actor=user, action="assistance.employment_end", object_type="register_person",
                             object_id=register_id, county_code=user.county_code):
        p = get_person(session, user, register_id, for_update=True)
        require_caseworker(user, p.county_code)
        spell = session.get(EmploymentSpell, spell_id)
        if spell is None or spell.register_id != p.id or spell.end_date is not None:
            raise InputError("spell_id", "没有这段在职记录", "no such open employment")
        if end < spell.start_date or end > today:
            raise InputError("end", "离职日期：应在入职之后、今天之前", "end date: after the start, not in the future")
        spell.end_date = end
        refresh_person(session, p, today)
        audit.record(session, actor=user, action="assistance.employment_ended", object_type="register_person",
                     object_id=p.id, county_code=p.county_code, details={"spell": spell.id, "end": end})
    return p


def record_service(session: Session, user: User, register_id: int, *, kind: str, service_date: date,
                   outcome: str | None = None, job_title: str | None = None, employer_name: str | None = None,
                   provisions: list[str] | None = None, today: date | None = None) -> Service:
    """One contact (帮扶服务) with its date, who and outcome."""
    from ..catalogue.registry import CATALOGUE

    today = today or date.today()
    with audit.audited_write(session, actor=user, action="assistance.service", object_type="register_person",
                             object_id=register_id, county_code=user.county_code):
        p = get_person(session, user, register_id)
        require_caseworker(user, p.county_code)
        if kind not in SERVICE_CODES:
            raise InputError("kind", "服务类型：请选择", "kind of service: choose one")
        if service_date > today:
            raise InputError("service_date", "服务日期：不能晚于今天", "date: cannot be in the future")
        if service_date < p.entered_on - timedelta(days=366):
            raise InputError("service_date", "服务日期：早于纳入台账一年以上", "date: long before the person was registered")
        job_title = (job_title or "").strip() or None
        if kind == "job_referral" and not job_title:
            raise InputError("job_title", "推荐岗位：岗位推荐须填写岗位", "job: a recommendation names the job")
        provs = [x for x in (provisions or []) if x]
        unknown = [x for x in provs if x not in CATALOGUE.provisions]
        if unknown:
            raise InputError("provisions", "讲解的政策：不认识所选政策", "policies explained: unknown policy")
        s = Service(register_id=p.id, county_code=p.county_code, kind=kind, service_date=service_date, user_id=user.id,
                    provider=user.display_name[:64], outcome=(outcome or "").strip()[:2000] or None,
                    job_title=job_title[:200] if job_title else None,
                    employer_name=(employer_name or "").strip()[:200] or None, provisions=provs or None)
        session.add(s)
        session.flush()
        audit.record(session, actor=user, action="assistance.served", object_type="register_person", object_id=p.id,
                     county_code=p.county_code, details={"kind": kind, "date": service_date, "service": s.id})
    return s


# --- figures for the targets ------------------------------------------------------------------

@dataclass
class GroupFigures:
    people: int
    served: int

    @property
    def rate(self) -> Fraction | None:
        """帮扶率: served ÷ people; None (not known) with nobody on the register."""
        return Fraction(self.served, self.people) if self.people else None


@dataclass
class CountyFigures:
    county_code: str
    county_name: str
    people: int
    served: int
    difficulty_employed: int  # 就业困难人员实现就业: certified people who started a job in the period
    by_group: dict[str, GroupFigures]

    @property
    def rate(self) -> Fraction | None:
        return Fraction(self.served, self.people) if self.people else None


def _county_codes(county_or_city: str) -> list[str]:
    d = get_division(county_or_city)
    if d is None:
        raise InputError("county_or_city", f"不认识的区划代码：{county_or_city}", f"unknown division {county_or_city!r}")
    if d.level == "county":
        return [d.code]
    if d.level == "city":
        return [c.code for c in counties(d.code)]
    return [c.code for c in counties()]


def county_figures(session: Session, county_or_city: str, period_start: date, period_end: date) -> list[CountyFigures]:
    """帮扶率 per county and group, as 绍市人社发〔2023〕28号 counts it: people of the register in the
    period (a group spell overlapping it) with at least one service in the period ÷ people of the
    register in the period; and 就业困难人员实现就业: certified people whose job began in the period.
    Every county of ``county_or_city`` is listed (zeros where nobody is registered)."""
    if period_end < period_start:
        raise InputError("period_end", "统计期末不能早于期初", "the period ends before it starts")
    codes = _county_codes(county_or_city)
    gs, sv, es = GroupSpell, Service, EmploymentSpell
    # one row per person on the register in the period (their groups as bits), joined with the
    # people served in the period, then one grouped pass: no per-row subqueries, no count(distinct)
    bit = case(*((gs.group_code == g, b) for g, b in GROUP_BITS.items()), else_=0)
    member = (select(gs.county_code, gs.register_id, func.sum(bit.distinct()).label("mask"))
              .where(gs.county_code.in_(codes), gs.start_date <= period_end,
                     or_(gs.end_date.is_(None), gs.end_date >= period_start))
              .group_by(gs.county_code, gs.register_id).subquery("member"))
    served = (select(sv.register_id).where(sv.county_code.in_(codes), sv.service_date >= period_start,
                                           sv.service_date <= period_end).distinct().subquery("served"))
    is_served = served.c.register_id.is_not(None)
    cols = [func.count(), func.sum(case((is_served, 1), else_=0))]
    for b in GROUP_BITS.values():
        in_group = member.c.mask.op("&")(b) != 0
        cols += [func.sum(case((in_group, 1), else_=0)), func.sum(case((and_(in_group, is_served), 1), else_=0))]
    rows = session.execute(select(member.c.county_code, *cols)
                           .select_from(member.outerjoin(served, served.c.register_id == member.c.register_id))
                           .group_by(member.c.county_code)).all()
    employed = session.execute(select(es.county_code, func.count(func.distinct(es.register_id)))
                               .where(es.county_code.in_(codes), es.difficulty_certified.is_(True),
                                      es.start_date >= period_start, es.start_date <= period_end)
                               .group_by(es.county_code)).all()
    out = {c: CountyFigures(c, name_of(c) or c, 0, 0, 0, {}) for c in codes}
    for code, people, n_served, *per_group in rows:
        f = out[code]
        f.people, f.served = people, int(n_served or 0)
        for k, g in enumerate(GROUP_BITS):
            n, m = int(per_group[2 * k] or 0), int(per_group[2 * k + 1] or 0)
            if n:
                f.by_group[g] = GroupFigures(n, m)
    for code, n in employed:
        out[code].difficulty_employed = n
    return list(out.values())


def served_period_default(today: date) -> tuple[date, date]:
    """The period the pages show 帮扶率 for: the calendar year to date (the document's year)."""
    return date(today.year, 1, 1), today
