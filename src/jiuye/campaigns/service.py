"""Campaigns: run, review (exclude, sample), push, confirm / correct (意愿确认), numbers.

Every write is one audited transaction (:func:`jiuye.audit.service.audited_write`). Confirmation
goes through the ordinary path: :func:`jiuye.applications.service.submit` by the subject as of the
confirmation date (the engine's pre-check, the caps' reservations), then
:func:`~jiuye.applications.service.approve` by the caseworker who pushed the campaign (the engine's
re-check, caps, stacking, entitlement and payment schedule, audit).
"""

from __future__ import annotations

import math
import random
import secrets
from datetime import date, timedelta
from typing import Any

import polars as pl
from sqlalchemy import and_, case, func, insert, literal, select
from sqlalchemy.orm import Session

from ..accounts.models import Role, User
from ..accounts.service import scope
from ..applications import service as applications
from ..applications.models import Application, Payment
from ..audit import service as audit
from ..catalogue.registry import CATALOGUE, get_provision
from ..db.core import utcnow
from ..errors import Conflict, Forbidden, InputError, InvalidTransition, JiuyeError, NotFound
from ..refdata.divisions import city_of, require_division
from . import bulk, evaluate
from . import corrections as corrections_mod
from .basis import basis_of
from .models import Campaign, Case, Notice, Proposal
from .roster import Roster

DEADLINE_DAYS = 30
SAMPLE_SHARE, SAMPLE_MIN = 0.05, 10


def _staff_scope(user: User, county_col: Any, city_col: Any):
    if user.role_enum not in (Role.CASEWORKER, Role.CITY_MANAGER, Role.PROVINCE_ADMIN):
        raise Forbidden("只有经办人和管理员可以查看免申即享批次", "only caseworkers and managers see campaigns")
    return scope(user, county_col=county_col, city_col=city_col)


def _proposal_scope(user: User):
    return scope(user, county_col=Proposal.county_code, city_col=Proposal.city_code, person_col=Proposal.person_id,
                 enterprise_col=Proposal.enterprise_id, kind_col=Proposal.subject_kind)


def sample_size(n: int) -> int:
    """5% of the proposals, at least 10 (all of them when fewer)."""
    return min(n, max(SAMPLE_MIN, math.ceil(n * SAMPLE_SHARE)))


def _county(user: User, county_code: Any) -> str:
    code = county_code or user.county_code
    if not isinstance(code, str) or not code:
        raise InputError("county_code", "请选择县（市、区）", "choose a county")
    d = require_division(code, field="county_code")
    if d.level != "county":
        raise InputError("county_code", f"{d.name}不是县级区划", f"{d.name} is not a county")
    allowed = (user.role_enum == Role.CASEWORKER and user.county_code == d.code) or (
        user.role_enum == Role.CITY_MANAGER and city_of(d.code) == user.city_code)
    if not allowed:
        raise Forbidden("只能为本县（市、区）或本市所辖县发起", "only for your own county, or a county of your city",
                        field="county_code")
    return d.code


def check_start(*, user: User, county_code: str | None) -> str:
    """Refuse at once (before a background run) what :func:`create` would refuse for the county."""
    return _county(user, county_code)


def _provisions(ids: Any, as_of: date) -> list[str]:
    if not ids:
        ids = evaluate.default_provisions(as_of)
        if not ids:
            raise InputError("provisions", "所选日期没有在施行的可发放待遇", "no payable benefit is in force on that date")
        return ids
    out = []
    for pid in ids:
        p = CATALOGUE.provisions.get(pid) if isinstance(pid, str) else None
        if p is None or not evaluate.proposable(p):
            raise InputError("provisions", "所选政策中有不能免申发放的条款", "a chosen provision cannot be paid without an application")
        out.append(p.id)
    return sorted(set(out))


def create(*, db_session: Session, user: User, county_code: str | None = None, as_of: date | None = None,
           provisions: list[str] | None = None, deadline: date | None = None, seed: int | None = None,
           today: date | None = None, roster: Roster | None = None, progress: bulk.Progress | None = None
           ) -> Campaign:
    """Run a campaign: propose what the engine finds owed and unpaid; draw the review sample.

    Over the subjects the database knows in the county, or over an imported ``roster``
    (:func:`jiuye.campaigns.roster.read_roster`; large rosters at scale, :mod:`jiuye.campaigns.bulk`)."""
    today = today or date.today()
    with audit.audited_write(db_session, actor=user, action="campaign.create", object_type="campaign",
                             county_code=user.county_code):
        county = _county(user, county_code)
        as_of = as_of or today
        if as_of > today:
            raise InputError("as_of", "评估日期不能晚于今天", "the as-of date cannot be in the future")
        deadline = deadline or today + timedelta(days=DEADLINE_DAYS)
        if deadline < today:
            raise InputError("deadline", "确认截止日期不能早于今天", "the deadline cannot be before today")
        chosen = _provisions(provisions, as_of)
        seed = seed if seed is not None else secrets.randbelow(2**31)
        campaign = Campaign(county_code=county, city_code=city_of(county) or "", as_of=as_of, deadline=deadline,
                            provisions=chosen, status="review", sample_seed=seed, subjects_evaluated=0,
                            amount_unknown=0, created_by=user.id)
        db_session.add(campaign)
        db_session.flush()
        if roster is None:
            frame, ids, n, unknown = evaluate.proposals_frame(db_session, county, as_of, chosen)
            campaign.subjects_evaluated, campaign.amount_unknown = n, unknown
            fresh = bulk.new_only(db_session, frame.with_columns(pl.col("subject_id").alias("subject_key")))
            campaign.already_proposed = frame.height - fresh.height
            _insert(db_session, campaign, fresh, ids)
            proposed = fresh.height
        else:
            proposed, campaign.already_proposed = bulk.run(db_session, campaign, roster, chosen,
                                                           lambda n: _picks(seed, n), progress)
        total = db_session.scalar(select(func.coalesce(func.sum(Proposal.amount_fen), 0))
                                  .where(Proposal.campaign_id == campaign.id))
        audit.record(db_session, actor=user, action="campaign.created", object_type="campaign", object_id=campaign.id,
                     county_code=county, details={"as_of": as_of.isoformat(), "provisions": chosen,
                                                  "subjects": campaign.subjects_evaluated, "proposals": proposed,
                                                  "already_proposed": campaign.already_proposed,
                                                  "roster": campaign.roster_name, "total_fen": int(total or 0),
                                                  "seed": seed})
    return campaign


def _picks(seed: int, n: int) -> set[int]:
    """The review sample: row numbers of the proposals (sorted by subject and provision)."""
    return set(random.Random(seed).sample(range(n), sample_size(n)))


def _insert(db_session: Session, campaign: Campaign, frame: pl.DataFrame, ids: dict[str, Any]) -> None:
    if frame.height == 0:
        return
    snaps = dict(db_session.execute(select(Application.id, Application.input_snapshot).where(
        Application.id.in_({ids[k][2] for k in frame["subject_id"].unique().to_list()}))).all())
    picked = _picks(campaign.sample_seed, frame.height)
    rows = []
    for i, r in enumerate(frame.sort("subject_id", "provision_id").iter_rows(named=True)):
        pid, eid, app_id = ids[r["subject_id"]]
        rows.append({"campaign_id": campaign.id, "county_code": campaign.county_code, "city_code": campaign.city_code,
                     "subject_kind": r["subject_type"], "subject_key": r["subject_id"], "person_id": pid,
                     "enterprise_id": eid if r["subject_type"] == "enterprise" else None,
                     "source_application_id": app_id, "provision_id": r["provision_id"], "period": r["period"],
                     "period_key": r["period_key"], "amount_fen": r["amount_fen"], "citation": r["citation"],
                     "basis": basis_of(get_provision(r["provision_id"]), snaps[app_id]), "status": "proposed",
                     "sampled": i in picked})
        if r["subject_type"] == "enterprise":
            rows[-1]["person_id"] = None
    db_session.execute(insert(Proposal), rows)


# --- reading -----------------------------------------------------------------------------------

def get(*, db_session: Session, user: User, campaign_id: int) -> Campaign:
    c = db_session.scalar(select(Campaign).where(Campaign.id == campaign_id,
                                                 _staff_scope(user, Campaign.county_code, Campaign.city_code)))
    if c is None:
        raise NotFound("免申即享批次", "campaign", campaign_id)
    return c


def list_campaigns(*, db_session: Session, user: User) -> list[Campaign]:
    return list(db_session.scalars(select(Campaign).where(_staff_scope(user, Campaign.county_code, Campaign.city_code))
                                   .order_by(Campaign.id.desc()).limit(100)))


def proposals(*, db_session: Session, user: User, campaign_id: int, offset: int = 0,
              limit: int | None = None) -> list[Proposal]:
    """The campaign's proposals, the review sample first; a page of them with ``limit``."""
    c = get(db_session=db_session, user=user, campaign_id=campaign_id)
    q = (select(Proposal).where(Proposal.campaign_id == c.id).order_by(Proposal.sampled.desc(), Proposal.id)
         .offset(offset))
    return list(db_session.scalars(q.limit(limit) if limit is not None else q))


def sample_counts(*, db_session: Session, campaign_id: int) -> tuple[int, int]:
    """(sampled, sampled and not yet looked at)."""
    sampled = Proposal.sampled.is_(True)
    n = db_session.scalar(select(func.count()).where(Proposal.campaign_id == campaign_id, sampled)) or 0
    left = db_session.scalar(select(func.count()).where(Proposal.campaign_id == campaign_id, sampled,
                                                        Proposal.reviewed_by.is_(None))) or 0
    return n, left


def shown_status(p: Proposal, campaign: Campaign, today: date) -> str:
    """proposed / excluded / confirmed / corrected, or expired (proposed, deadline passed)."""
    if p.status == "proposed" and campaign.status == "pushed" and today > campaign.deadline:
        return "expired"
    return p.status


def numbers(*, db_session: Session, user: User, campaign_id: int, today: date | None = None) -> list[dict[str, Any]]:
    """Per provision: count and amount proposed, excluded, confirmed, corrected, expired, paid
    (aggregated in the database: a county-wide campaign holds hundreds of thousands of proposals)."""
    today = today or date.today()
    c = get(db_session=db_session, user=user, campaign_id=campaign_id)
    expired = c.status == "pushed" and today > c.deadline
    shown = (case((Proposal.status == "proposed", literal("expired")), else_=Proposal.status)
             if expired else Proposal.status)
    out: dict[str, dict[str, Any]] = {}
    rows = db_session.execute(select(Proposal.provision_id, Proposal.citation, shown.label("s"), func.count(),
                                     func.coalesce(func.sum(Proposal.amount_fen), 0))
                              .where(Proposal.campaign_id == c.id)
                              .group_by(Proposal.provision_id, Proposal.citation, shown))
    for pid, citation, s, count, fen in rows:
        row = out.setdefault(pid, {"provision_id": pid, "citation": citation, **{
            f"{k}_{m}": 0 for k in ("proposed", "excluded", "confirmed", "corrected", "expired", "paid")
            for m in ("count", "fen")}})
        row["proposed_count"] += int(count)
        row["proposed_fen"] += int(fen)
        if s != "proposed":
            row[f"{s}_count"] += int(count)
            row[f"{s}_fen"] += int(fen)
    paid = db_session.execute(
        select(Proposal.provision_id, func.count(func.distinct(Proposal.id)), func.coalesce(func.sum(Payment.amount_fen), 0))
        .join(Payment, and_(Payment.application_id == Proposal.application_id, Payment.status == "paid"))
        .where(Proposal.campaign_id == c.id).group_by(Proposal.provision_id))
    for pid, count, fen in paid:
        if pid in out:
            out[pid]["paid_count"], out[pid]["paid_fen"] = int(count), int(fen)
    return [out[k] for k in sorted(out)]


def mine(*, db_session: Session, user: User) -> list[tuple[Proposal, Campaign]]:
    """The pushed proposals of the applicant or enterprise logged in."""
    if user.role_enum not in (Role.APPLICANT, Role.ENTERPRISE):
        raise Forbidden("只有个人和企业有免申即享待确认事项", "only people and enterprises receive proposals")
    rows = db_session.execute(select(Proposal, Campaign).join(Campaign, Campaign.id == Proposal.campaign_id)
                              .where(_proposal_scope(user), Campaign.status == "pushed",
                                     Proposal.status != "excluded").order_by(Proposal.id.desc()))
    return [(p, c) for p, c in rows]


def notices(*, db_session: Session, user: User) -> list[Notice]:
    if user.role_enum == Role.APPLICANT:
        cond = Notice.person_id == user.person_id
    elif user.role_enum == Role.ENTERPRISE:
        cond = Notice.enterprise_id == user.enterprise_id
    else:
        return []
    return list(db_session.scalars(select(Notice).where(cond).order_by(Notice.id.desc()).limit(50)))


# --- review ------------------------------------------------------------------------------------

def _caseworker_of(user: User, c: Campaign) -> None:
    if user.role_enum != Role.CASEWORKER or user.county_code != c.county_code:
        raise Forbidden("只有本县（市、区）经办人可以审核和推送", "only a caseworker of the county reviews and pushes")


def _reviewable(db_session: Session, user: User, proposal_id: int) -> tuple[Proposal, Campaign]:
    row = db_session.execute(select(Proposal, Campaign).join(Campaign, Campaign.id == Proposal.campaign_id)
                             .where(Proposal.id == proposal_id,
                                    _staff_scope(user, Campaign.county_code, Campaign.city_code))
                             .with_for_update(of=Proposal)).first()
    if row is None:
        raise NotFound("拟发放名单记录", "proposal", proposal_id)
    p, c = row
    _caseworker_of(user, c)
    if c.status != "review":
        raise InvalidTransition("批次已推送，不能再修改", "the campaign was pushed; it can no longer be changed",
                                field="status")
    return p, c


def exclude(*, db_session: Session, user: User, proposal_id: int, reason: str | None) -> Proposal:
    with audit.audited_write(db_session, actor=user, action="campaign.exclude", object_type="campaign_proposal",
                             object_id=proposal_id, county_code=user.county_code):
        why = (reason or "").strip()
        if not why:
            raise InputError("reason", "请填写排除理由", "a reason for excluding is required")
        if len(why) > 2000:
            raise InputError("reason", "理由不超过2000字", "the reason is at most 2000 characters")
        p, c = _reviewable(db_session, user, proposal_id)
        if p.status != "proposed":
            raise InvalidTransition("该记录已排除", "already excluded", field="status")
        p.status, p.excluded_reason, p.reviewed_by, p.decided_at = "excluded", why, user.id, utcnow()
        audit.record(db_session, actor=user, action="campaign.proposal_excluded", object_type="campaign_proposal",
                     object_id=p.id, county_code=c.county_code, details={"campaign": c.id, "reason": why})
    return p


def mark_reviewed(*, db_session: Session, user: User, proposal_id: int) -> Proposal:
    with audit.audited_write(db_session, actor=user, action="campaign.review", object_type="campaign_proposal",
                             object_id=proposal_id, county_code=user.county_code):
        p, c = _reviewable(db_session, user, proposal_id)
        p.reviewed_by = user.id
        audit.record(db_session, actor=user, action="campaign.proposal_reviewed", object_type="campaign_proposal",
                     object_id=p.id, county_code=c.county_code, details={"campaign": c.id, "sampled": p.sampled})
    return p


def push(*, db_session: Session, user: User, campaign_id: int) -> Campaign:
    """Approve the campaign for notification: every sampled proposal must have been looked at."""
    with audit.audited_write(db_session, actor=user, action="campaign.push", object_type="campaign",
                             object_id=campaign_id, county_code=user.county_code):
        c = db_session.scalar(select(Campaign).where(Campaign.id == campaign_id, _staff_scope(
            user, Campaign.county_code, Campaign.city_code)).with_for_update())
        if c is None:
            raise NotFound("免申即享批次", "campaign", campaign_id)
        _caseworker_of(user, c)
        if c.status != "review":
            raise InvalidTransition("该批次已推送", "the campaign was already pushed", field="status")
        left = db_session.scalar(select(func.count()).where(Proposal.campaign_id == c.id, Proposal.sampled.is_(True),
                                                            Proposal.reviewed_by.is_(None))) or 0
        if left:
            raise Conflict(f"还有 {left} 条抽查记录未核对，请先逐条核对", f"{left} sampled proposals are not yet reviewed",
                           field="sample")
        c.status, c.pushed_by, c.pushed_at = "pushed", user.id, utcnow()
        todo = list(db_session.scalars(select(Proposal).where(Proposal.campaign_id == c.id,
                                                              Proposal.status == "proposed")))
        if todo:
            db_session.execute(insert(Notice), [_notice(p, c) for p in todo])
        audit.record(db_session, actor=user, action="campaign.pushed", object_type="campaign", object_id=c.id,
                     county_code=c.county_code, details={"notified": len(todo)})
    return c


def _notice(p: Proposal, c: Campaign) -> dict[str, Any]:
    prov = get_provision(p.provision_id)
    yuan = f"{p.amount_fen / 100:,.2f}"
    return {"proposal_id": p.id, "channel": "in_app", "person_id": p.person_id, "enterprise_id": p.enterprise_id,
            "created_at": utcnow(),
            "text_zh": f"您可免申请享受「{prov.title_zh}」{yuan}元，请于{c.deadline:%Y年%m月%d日}前确认。",
            "text_en": f"You can receive “{prov.title_en}” ({yuan} yuan) without applying; confirm by {c.deadline}."}


# --- 意愿确认 -----------------------------------------------------------------------------------

def _own(db_session: Session, user: User, proposal_id: int, today: date) -> tuple[Proposal, Campaign]:
    if user.role_enum not in (Role.APPLICANT, Role.ENTERPRISE):
        raise Forbidden("只有本人或本企业可以确认", "only the person or enterprise concerned can confirm")
    row = db_session.execute(select(Proposal, Campaign).join(Campaign, Campaign.id == Proposal.campaign_id)
                             .where(Proposal.id == proposal_id, _proposal_scope(user), Campaign.status == "pushed")
                             .with_for_update(of=Proposal)).first()
    if row is None:
        raise NotFound("待确认事项", "proposal", proposal_id)
    p, c = row
    if p.status != "proposed":
        raise InvalidTransition("该事项已办理", "this proposal was already answered", field="status")
    if today > c.deadline:
        raise InvalidTransition("已超过确认截止日期", "the deadline to confirm has passed", field="deadline")
    return p, c


def _payload(db_session: Session, p: Proposal, today: date, note: str | None,
             case: dict[str, Any] | None = None) -> dict[str, Any]:
    case = {k: v for k, v in (case or subject_case(db_session, p)).items() if k in ("person", "enterprise")}
    out = {"provision_id": p.provision_id, "county_code": p.county_code,
           "case": case, "note": note or f"免申即享批次 {p.campaign_id}"}
    if p.period in ("monthly", "yearly"):  # the period proposed: this month, this year
        out["months"] = 1 if p.period == "monthly" else 12
    return out


def subject_case(db_session: Session, p: Proposal) -> dict[str, Any]:
    """The case a proposal was based on: the source application's, or the roster's."""
    if p.source_application_id is not None:
        return db_session.get(Application, p.source_application_id).input_snapshot["case"]
    return db_session.get(Case, p.case_id).case


def basis(db_session: Session, p: Proposal) -> list[dict[str, str]]:
    """What the proposal was based on, in plain words (computed from the roster's case when not stored)."""
    if p.basis:
        return p.basis
    return basis_of(get_provision(p.provision_id), {"case": subject_case(db_session, p)})


def confirm(*, db_session: Session, user: User, proposal_id: int, today: date | None = None) -> Proposal:
    """The subject confirms: an application as of today, approved through the normal path by the
    caseworker who pushed the campaign. A refused re-check leaves it pending review (never lost)."""
    today = today or date.today()
    with audit.audited_write(db_session, actor=user, action="campaign.confirm", object_type="campaign_proposal",
                             object_id=proposal_id, county_code=None):
        p, c = _own(db_session, user, proposal_id, today)
        payload = _payload(db_session, p, today, None)
    app, _ = applications.submit(db_session=db_session, user=user, payload=payload,
                                 idempotency_key=f"campaign-proposal-{proposal_id}", today=today)
    with audit.audited_write(db_session, actor=user, action="campaign.confirm", object_type="campaign_proposal",
                             object_id=proposal_id, county_code=c.county_code):
        p, c = _own(db_session, user, proposal_id, today)
        p.status, p.application_id, p.decided_at = "confirmed", app.id, utcnow()
        db_session.execute(Notice.__table__.update().where(Notice.proposal_id == p.id).values(read_at=utcnow()))
        audit.record(db_session, actor=user, action="campaign.proposal_confirmed", object_type="campaign_proposal",
                     object_id=p.id, county_code=c.county_code, details={"application_id": app.id})
    if app.status == "pending_review":
        approver = db_session.get(User, c.pushed_by)
        try:
            applications.approve(db_session=db_session, user=approver, application_id=app.id,
                                 reason="免申即享：本人确认", today=today)
        except JiuyeError:  # the re-check or a cap refused: it waits for a caseworker, as any application
            pass
    return p


def correct(*, db_session: Session, user: User, proposal_id: int, note: str | None,
            corrections: dict[str, str] | None = None, today: date | None = None) -> Proposal:
    """信息有误: an ordinary application for human review, with the facts the subject corrected
    (``corrections``: fact name → the value as typed in the form) and what they say is wrong."""
    today = today or date.today()
    what = (note or "").strip()
    if len(what) > 1000:
        raise InputError("note", "说明不超过1000字", "at most 1000 characters")
    with audit.audited_write(db_session, actor=user, action="campaign.correct", object_type="campaign_proposal",
                             object_id=proposal_id, county_code=None):
        p, c = _own(db_session, user, proposal_id, today)
        case, changes = corrections_mod.read(get_provision(p.provision_id), subject_case(db_session, p),
                                             corrections or {}, today)
        if not changes and not what:
            raise InputError("note", "请改正有误的信息，或写明哪项信息有误、正确的是什么",
                             "correct the wrong information, or say what is wrong and what is right")
        said = "；".join(f"{label[0]}：{before} → {after}" for label, before, after in changes)
        text = "；".join(t for t in (said, what) if t)
        payload = _payload(db_session, p, today, f"信息有误（免申即享批次 {p.campaign_id}）：{text}", case=case)
    app, _ = applications.submit(db_session=db_session, user=user, payload=payload,
                                 idempotency_key=f"campaign-correction-{proposal_id}", today=today)
    with audit.audited_write(db_session, actor=user, action="campaign.correct", object_type="campaign_proposal",
                             object_id=proposal_id, county_code=c.county_code):
        p, c = _own(db_session, user, proposal_id, today)
        p.status, p.application_id, p.correction_note, p.decided_at = "corrected", app.id, text[:2000], utcnow()
        audit.record(db_session, actor=user, action="campaign.proposal_corrected", object_type="campaign_proposal",
                     object_id=p.id, county_code=c.county_code,
                     details={"application_id": app.id, "corrected": [label[0] for label, _, _ in changes]})
    return p


__all__ = ["create", "exclude", "mark_reviewed", "push", "confirm", "correct", "numbers", "mine"]
