"""Gig market services: post (minimum wage checked), register as a seeker, apply, accept, hire
(an employment spell), messages through the platform, and the placements count for targets.

Every write is one transaction (:func:`jiuye.audit.service.audited_write`): it commits with its
audit event, or a refused write leaves only a ``….refused`` event. Who may do what:

- an enterprise user posts for its enterprise; an applicant (个人) posts a one-off gig as a person;
- an applicant registers as a seeker for themself; a county caseworker registers people of their
  county (求职登记 at the counter);
- a seeker applies; the posting's employer accepts or declines, and hires an accepted applicant;
- open postings are public (no contact details are ever shown; contact is through messages on an
  application); applications are seen by the seeker, the employer and the staff of the county.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import false, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..accounts.models import Role, User
from ..accounts.service import scope
from ..applications.models import EnterpriseRecord, PersonRecord
from ..applications.service import upsert_person
from ..assistance import service as assistance
from ..audit import service as audit
from ..errors import Conflict, Forbidden, InputError, InvalidTransition, NotFound
from ..ids import validate_id_number
from ..refdata.divisions import PROVINCE_CODE, get_division
from . import inputs
from . import search as fts
from .models import (
    ApplicationStatus,
    Hire,
    JobApplication,
    JobMessage,
    JobPosting,
    JobSeeker,
    PostingStatus,
)
from .wage import check_pay


def _today() -> date:
    return date.today()


# --- postings -----------------------------------------------------------------------------------

def employer_of(db_session: Session, user: User) -> tuple[str, int, str]:
    """(kind, id, name) of the employer ``user`` posts for."""
    if user.role_enum == Role.ENTERPRISE and user.enterprise_id:
        ent = db_session.get(EnterpriseRecord, user.enterprise_id)
        return "enterprise", user.enterprise_id, ent.name if ent else user.display_name
    if user.role_enum == Role.APPLICANT and user.person_id:
        return "person", user.person_id, user.display_name
    raise Forbidden("只有企业或个人用户可以发布岗位", "only enterprise or individual users can post jobs", field="role")


def create_posting(*, db_session: Session, user: User, payload: dict[str, Any]) -> JobPosting:
    """Validate, check the pay against the minimum wage on the posting's dates, store. A pay below
    it is refused (InputError on ``pay_yuan`` with the standard, its date and the floor)."""
    with audit.audited_write(db_session, actor=user, action="job_posting.create", object_type="job_posting",
                             county_code=str(payload.get("county_code") or "") or None):
        kind, employer_id, employer_name = employer_of(db_session, user)
        data = inputs.posting(payload)
        pay = data["piece_hourly_fen"] if data["pay_kind"] == "piece" else data["pay_min_fen"]
        check = check_pay(county_code=data["county_code"], pay_kind=data["pay_kind"], pay_fen=pay,
                          start=data["start_date"], end=data["end_date"], hours_per_day=data["hours_per_day"])
        if not check.ok:
            field = "piece_hourly_yuan" if data["pay_kind"] == "piece" else "pay_yuan"
            raise InputError(field, check.message_zh, check.message_en)
        posting = JobPosting(employer_kind=kind, enterprise_id=employer_id if kind == "enterprise" else None,
                             person_id=employer_id if kind == "person" else None, employer_name=employer_name,
                             posted_by_user_id=user.id, wage_check="ok" if check.verified else "unverified",
                             wage_floor_fen=check.floor.fen_ceil if check.floor else None, wage_basis=check.basis(),
                             hired_count=0, status=PostingStatus.OPEN.value, **data)
        posting.search_text = fts.search_text(posting)
        db_session.add(posting)
        db_session.flush()
        audit.record(db_session, actor=user, action="job_posting.created", object_type="job_posting",
                     object_id=posting.id, county_code=posting.county_code,
                     details={"title": posting.title, "pay_kind": posting.pay_kind, "pay_min_fen": posting.pay_min_fen,
                              "wage_check": posting.wage_check})
    return posting


def is_employer(user: User | None, posting: JobPosting) -> bool:
    if user is None:
        return False
    if posting.employer_kind == "enterprise":
        return user.role_enum == Role.ENTERPRISE and user.enterprise_id == posting.enterprise_id
    return user.role_enum == Role.APPLICANT and user.person_id == posting.person_id


def staff_scope(user: User | None, county_col: Any, city_col: Any) -> Any:
    """The staff's jurisdiction (``accounts.scope``); nothing for anyone else."""
    if user is None or not user.is_staff:
        return false()
    return scope(user, county_col=county_col, city_col=city_col)


def employer_clause(user: User | None) -> Any:
    """Postings of the employer ``user`` acts for."""
    if user is not None and user.role_enum == Role.ENTERPRISE and user.enterprise_id:
        return JobPosting.enterprise_id == user.enterprise_id
    if user is not None and user.role_enum == Role.APPLICANT and user.person_id:
        return JobPosting.person_id == user.person_id
    return false()


def staff_sees(db_session: Session, user: User | None, posting: JobPosting) -> bool:
    return db_session.scalar(select(JobPosting.id).where(
        JobPosting.id == posting.id, staff_scope(user, JobPosting.county_code, JobPosting.city_code))) is not None


def get_posting(*, db_session: Session, user: User | None, posting_id: int, for_update: bool = False) -> JobPosting:
    """An open posting is public; a filled or closed one is seen by its employer and county staff."""
    stmt = select(JobPosting).where(JobPosting.id == posting_id, or_(
        JobPosting.status == PostingStatus.OPEN.value, employer_clause(user),
        staff_scope(user, JobPosting.county_code, JobPosting.city_code)))
    if for_update:
        stmt = stmt.with_for_update().execution_options(populate_existing=True)
    p = db_session.scalar(stmt)
    if p is None:
        raise NotFound("岗位", "posting", posting_id)
    return p


def my_postings(*, db_session: Session, user: User) -> list[JobPosting]:
    kind, employer_id, _ = employer_of(db_session, user)
    col = JobPosting.enterprise_id if kind == "enterprise" else JobPosting.person_id
    return list(db_session.scalars(select(JobPosting).where(col == employer_id).order_by(JobPosting.id.desc())))


def close_posting(*, db_session: Session, user: User, posting_id: int) -> JobPosting:
    with audit.audited_write(db_session, actor=user, action="job_posting.close", object_type="job_posting",
                             object_id=posting_id):
        p = get_posting(db_session=db_session, user=user, posting_id=posting_id, for_update=True)
        if not is_employer(user, p):
            raise NotFound("岗位", "posting", posting_id)
        if p.status == PostingStatus.CLOSED.value:
            raise InvalidTransition("该岗位已关闭", "the posting is already closed", field="status")
        p.status = PostingStatus.CLOSED.value
        audit.record(db_session, actor=user, action="job_posting.closed", object_type="job_posting", object_id=p.id,
                     county_code=p.county_code)
    return p


# --- seekers ------------------------------------------------------------------------------------

def seeker_of(db_session: Session, user: User | None) -> JobSeeker | None:
    if user is None or user.role_enum != Role.APPLICANT or not user.person_id:
        return None
    return db_session.scalar(select(JobSeeker).where(JobSeeker.person_id == user.person_id))


def register_seeker(*, db_session: Session, user: User, payload: dict[str, Any]) -> JobSeeker:
    """求职登记: an applicant for themself, or a county caseworker for a person of the county
    (``id_number`` and ``name`` in the payload). Registering again updates the record."""
    with audit.audited_write(db_session, actor=user, action="job_seeker.register", object_type="job_seeker",
                             county_code=str(payload.get("county_code") or "") or None):
        data = inputs.seeker(payload)
        if user.role_enum == Role.APPLICANT and user.person_id:
            person_id, name = user.person_id, user.display_name
        elif user.role_enum == Role.CASEWORKER:
            if data["county_code"] != user.county_code:
                raise InputError("county_code", "经办人只能为本县（市、区）的人员登记",
                                 "a caseworker registers people of their own county")
            id_number = validate_id_number(str(payload.get("id_number") or ""), field="id_number").number
            name = inputs.text(payload, "name", required=True, max_len=64) or ""
            person_id = upsert_person(db_session, id_number, name, data["county_code"])
        else:
            raise Forbidden("只有个人或经办人可以办理求职登记", "only a person or a caseworker registers seekers", field="role")
        seeker = db_session.scalar(select(JobSeeker).where(JobSeeker.person_id == person_id))
        if seeker is None:
            seeker = JobSeeker(person_id=person_id, display_name=name)
            db_session.add(seeker)
        for k, v in data.items():
            setattr(seeker, k, v)
        seeker.consent_at = datetime.now(UTC) if data["key_group_consent"] else None
        seeker.active = True
        db_session.flush()
        audit.record(db_session, actor=user, action="job_seeker.registered", object_type="job_seeker",
                     object_id=seeker.id, county_code=seeker.county_code,
                     details={"name": name, "key_group": seeker.key_group, "consent": seeker.key_group_consent})
    return seeker


REGISTER_GROUPS = {"graduate_unemployed": "graduate", "registered_unemployed": "unemployed", "difficulty": "difficulty"}


def register_key_group(db_session: Session, person_id: int, on: date | None = None) -> str | None:
    """The key group (this domain's code) the person belongs to on the key-group register today, if any
    (离校未就业高校毕业生 → graduate, 登记失业人员 → unemployed, 就业困难人员 → difficulty)."""
    from ..assistance.models import GroupSpell, RegisterPerson

    on = on or _today()
    number = db_session.scalar(select(PersonRecord.id_number).where(PersonRecord.id == person_id))
    codes = db_session.scalars(select(GroupSpell.group_code).join(
        RegisterPerson, RegisterPerson.id == GroupSpell.register_id).where(
        RegisterPerson.id_number == number, GroupSpell.start_date <= on,
        or_(GroupSpell.end_date.is_(None), GroupSpell.end_date >= on))).all()
    return next((REGISTER_GROUPS[c] for c in ("difficulty", "graduate_unemployed", "registered_unemployed")
                 if c in codes), None)


def get_seeker(*, db_session: Session, user: User, seeker_id: int) -> JobSeeker:
    own = JobSeeker.person_id == user.person_id if user.role_enum == Role.APPLICANT and user.person_id else false()
    s = db_session.scalar(select(JobSeeker).where(JobSeeker.id == seeker_id, or_(
        own, staff_scope(user, JobSeeker.county_code, JobSeeker.city_code))))
    if s is None:
        raise NotFound("求职登记", "job seeker", seeker_id)
    return s


# --- applications ---------------------------------------------------------------------------------

def apply(*, db_session: Session, user: User, posting_id: int, note: str | None = None) -> JobApplication:
    from .recommend import match_pair

    with audit.audited_write(db_session, actor=user, action="job_application.apply", object_type="job_posting",
                             object_id=posting_id):
        seeker = seeker_of(db_session, user)
        if seeker is None:
            raise Conflict("请先完成求职登记", "register as a job seeker first", field="seeker")
        posting = get_posting(db_session=db_session, user=user, posting_id=posting_id)
        if posting.status != PostingStatus.OPEN.value:
            raise InvalidTransition("该岗位已停止招聘", "the posting is no longer open", field="posting")
        if posting.person_id is not None and posting.person_id == seeker.person_id:
            raise Conflict("不能应聘自己发布的岗位", "you cannot apply to your own posting", field="posting")
        existing = db_session.scalar(select(JobApplication).where(JobApplication.posting_id == posting.id,
                                                                  JobApplication.seeker_id == seeker.id))
        if existing is not None:
            raise Conflict("您已应聘该岗位", "you have already applied to this posting", field="posting",
                           application_id=existing.id)
        match = match_pair(seeker, posting)
        app = JobApplication(posting_id=posting.id, seeker_id=seeker.id, status=ApplicationStatus.APPLIED.value,
                             note=(note or "").strip()[:500] or None, match_score=match.score,
                             match_reasons=match.reasons_zh)
        db_session.add(app)
        try:
            with db_session.begin_nested():
                db_session.flush()
        except IntegrityError:
            raise Conflict("您已应聘该岗位", "you have already applied to this posting", field="posting") from None
        audit.record(db_session, actor=user, action="job_application.applied", object_type="job_application",
                     object_id=app.id, county_code=posting.county_code, details={"posting_id": posting.id})
    return app


def get_application(*, db_session: Session, user: User, application_id: int,
                    for_update: bool = False) -> tuple[JobApplication, JobPosting, JobSeeker]:
    """The application if ``user`` is its seeker, its employer or staff of the posting's county."""
    own = JobSeeker.person_id == user.person_id if user.role_enum == Role.APPLICANT and user.person_id else false()
    stmt = (select(JobApplication).join(JobPosting, JobPosting.id == JobApplication.posting_id)
            .join(JobSeeker, JobSeeker.id == JobApplication.seeker_id)
            .where(JobApplication.id == application_id, or_(
                own, employer_clause(user), staff_scope(user, JobPosting.county_code, JobPosting.city_code))))
    if for_update:
        stmt = stmt.with_for_update(of=JobApplication).execution_options(populate_existing=True)
    app = db_session.scalar(stmt)
    if app is None:
        raise NotFound("应聘记录", "job application", application_id)
    return app, db_session.get(JobPosting, app.posting_id), db_session.get(JobSeeker, app.seeker_id)


_TRANSITIONS = {"accept": ({ApplicationStatus.APPLIED}, ApplicationStatus.ACCEPTED),
                "reject": ({ApplicationStatus.APPLIED, ApplicationStatus.ACCEPTED}, ApplicationStatus.REJECTED),
                "withdraw": ({ApplicationStatus.APPLIED, ApplicationStatus.ACCEPTED}, ApplicationStatus.WITHDRAWN)}


def decide(*, db_session: Session, user: User, application_id: int, action: str) -> JobApplication:
    """``accept`` / ``reject`` (the employer) or ``withdraw`` (the seeker)."""
    if action not in _TRANSITIONS:
        raise InputError("action", "未知操作", "unknown action")
    with audit.audited_write(db_session, actor=user, action=f"job_application.{action}",
                             object_type="job_application", object_id=application_id):
        app, posting, seeker = get_application(db_session=db_session, user=user, application_id=application_id,
                                               for_update=True)
        allowed = (user.role_enum == Role.APPLICANT and user.person_id == seeker.person_id) if action == "withdraw" \
            else is_employer(user, posting)
        if not allowed:
            raise Forbidden("无权进行此操作", "you may not do this", field="action")
        sources, target = _TRANSITIONS[action]
        if app.status not in {s.value for s in sources}:
            raise InvalidTransition(f"当前状态不能{ {'accept': '录用', 'reject': '婉拒', 'withdraw': '撤回'}[action]}",
                                    f"cannot {action} an application that is {app.status}", field="status")
        app.status, app.decided_at = target.value, datetime.now(UTC)
        audit.record(db_session, actor=user, action=f"job_application.{target.value}", object_type="job_application",
                     object_id=app.id, county_code=posting.county_code)
    return app


def hire(*, db_session: Session, user: User, application_id: int, start: date | None = None) -> Hire:
    """The employer hires an accepted applicant: the application becomes ``hired``, the posting
    counts the hire (and is filled at its headcount), an employment spell is recorded and — when
    the assistance register is there — the placement is recorded on it (动态清零)."""
    with audit.audited_write(db_session, actor=user, action="job_application.hire", object_type="job_application",
                             object_id=application_id):
        app, posting, seeker = get_application(db_session=db_session, user=user, application_id=application_id,
                                               for_update=True)
        if not is_employer(user, posting):
            raise Forbidden("只有发布岗位的用人方可以确认入职", "only the employer confirms a hire", field="action")
        if app.status != ApplicationStatus.ACCEPTED.value:
            raise InvalidTransition("须先录用，再确认入职", "accept the application before hiring", field="status")
        start = start or max(_today(), posting.start_date)
        if start < posting.start_date:
            raise InputError("start", "入职日期不能早于岗位开始日期", "the start is before the posting's start date")
        # one statement: the headcount holds under concurrent hires on both databases
        done = db_session.execute(update(JobPosting).where(JobPosting.id == posting.id,
                                                           JobPosting.hired_count < JobPosting.headcount)
                                  .values(hired_count=JobPosting.hired_count + 1))
        if done.rowcount != 1:
            raise Conflict("岗位已招满", "the posting is already filled", field="headcount")
        db_session.refresh(posting)
        if posting.hired_count >= posting.headcount:
            posting.status = PostingStatus.FILLED.value
        app.status, app.decided_at = ApplicationStatus.HIRED.value, datetime.now(UTC)
        spell = Hire(application_id=app.id, posting_id=posting.id, person_id=seeker.person_id,
                                enterprise_id=posting.enterprise_id, employer_name=posting.employer_name,
                                county_code=posting.county_code, city_code=posting.city_code, start_date=start,
                                end_date=posting.end_date, source="gig_market", created_by_user_id=user.id,
                                placement_status="recorded_here")
        db_session.add(spell)
        db_session.flush()
        if _record_on_register(db_session, user, seeker, spell):
            spell.placement_status = "recorded_on_register"
        audit.record(db_session, actor=user, action="job_application.hired", object_type="employment_spell",
                     object_id=spell.id, county_code=posting.county_code,
                     details={"application_id": app.id, "posting_id": posting.id, "start": start.isoformat(),
                              "placement": spell.placement_status})
    return spell


def _record_on_register(db_session: Session, user: User, seeker: JobSeeker, spell: Hire) -> bool:
    """Hand the hire to the key-group register (records its employment spell there, cancels an open
    就业困难人员 certification, takes the person off the 动态清零 watch list). False when the
    person is not on the register (the hire stays in this domain's table only)."""
    person = db_session.get(PersonRecord, seeker.person_id)
    recorded = assistance.record_placement(db_session, id_number=person.id_number, employer_name=spell.employer_name,
                                           county=spell.county_code, start=spell.start_date, source="gig_market",
                                           actor=user)
    return recorded is not None


def applications_for_posting(*, db_session: Session, user: User, posting: JobPosting) -> list[JobApplication]:
    if not (is_employer(user, posting) or staff_sees(db_session, user, posting)):
        return []
    return list(db_session.scalars(select(JobApplication).where(JobApplication.posting_id == posting.id)
                                   .order_by(JobApplication.match_score.desc(), JobApplication.id)))


def applications_of_seeker(*, db_session: Session, seeker: JobSeeker) -> list[JobApplication]:
    return list(db_session.scalars(select(JobApplication).where(JobApplication.seeker_id == seeker.id)
                                   .order_by(JobApplication.id.desc())))


def spell_of(db_session: Session, application_id: int) -> Hire | None:
    return db_session.scalar(select(Hire).where(Hire.application_id == application_id))


# --- messages (contact through the platform) -----------------------------------------------------------

def send_message(*, db_session: Session, user: User, application_id: int, body: str) -> JobMessage:
    body = (body or "").strip()
    if not body:
        raise InputError("body", "请填写留言内容", "write a message")
    if len(body) > 1000:
        raise InputError("body", "留言最多1000字", "at most 1000 characters")
    with audit.audited_write(db_session, actor=user, action="job_message.send", object_type="job_application",
                             object_id=application_id):
        app, posting, seeker = get_application(db_session=db_session, user=user, application_id=application_id)
        if not (is_employer(user, posting) or (user.role_enum == Role.APPLICANT and user.person_id == seeker.person_id)):
            raise Forbidden("只有应聘双方可以留言", "only the two parties exchange messages", field="body")
        msg = JobMessage(application_id=app.id, sender_user_id=user.id, body=body)
        db_session.add(msg)
        db_session.flush()
    return msg


def messages_of(db_session: Session, application_id: int) -> list[JobMessage]:
    return list(db_session.scalars(select(JobMessage).where(JobMessage.application_id == application_id)
                                   .order_by(JobMessage.id)))


# --- targets ----------------------------------------------------------------------------------------

def placements_count(db_session: Session, county_or_city: str, period_start: date, period_end: date) -> int:
    """Hires through the gig market (employment spells) starting within [period_start, period_end]
    in a county, a city (its counties) or the province (``330000``)."""
    d = get_division(county_or_city)
    if d is None:
        raise InputError("county_or_city", "未知的区划代码", f"unknown division code {county_or_city!r}")
    where = [Hire.start_date >= period_start, Hire.start_date <= period_end]
    if d.code != PROVINCE_CODE:
        where.append(or_(Hire.county_code == d.code, Hire.city_code == d.code))
    return db_session.scalar(select(func.count()).select_from(Hire).where(*where)) or 0
