"""Push matching postings to the people on the job-seeker register (岗位推送), and see who opened them.

A caseworker pushes one posting of their county: every active seeker the matching finds with a
score of at least ``min_score`` (optionally only those with a consented key-group status) gets one
notification (one per person and posting, however often it is pushed). Delivery goes through a
:class:`Channel`: ``in_app`` stores the notification for the person's inbox (``/jobs/inbox``); an
SMS channel would implement the same interface (the stored row is the message and its record).
Opening a notification records ``opened_at`` once.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..accounts.models import Role, User
from ..audit import service as audit
from ..db.core import insert_ignore, utcnow
from ..errors import Forbidden, InputError, NotFound
from . import recommend, service
from .models import JobSeeker, Notification

KIND = "posting_push"


class Channel(Protocol):
    name: str

    def deliver(self, db_session: Session, notifications: list[Notification]) -> None:
        """Send the stored notifications (the rows are written before and kept whatever happens)."""


class InAppChannel:
    """The person reads the notification in the app: nothing to send."""

    name = "in_app"

    def deliver(self, db_session: Session, notifications: list[Notification]) -> None:
        return None


CHANNELS: dict[str, Channel] = {"in_app": InAppChannel()}


def register_channel(channel: Channel) -> None:
    CHANNELS[channel.name] = channel


@dataclass(frozen=True)
class PushResult:
    push_id: str
    matched: int
    new: int


def push_posting(*, db_session: Session, user: User, posting_id: int, min_score: int = 50,
                 key_groups_only: bool = False, channel: str = "in_app") -> PushResult:
    if user.role_enum != Role.CASEWORKER:
        raise Forbidden("只有县（市、区）经办人可以推送岗位", "only a county caseworker pushes postings", field="role")
    if channel not in CHANNELS:
        raise InputError("channel", "不支持的推送渠道", f"unknown channel {channel!r}")
    if not 0 <= min_score <= 100:
        raise InputError("min_score", "匹配分应在0至100之间", "the minimum score is 0–100")
    push_id = uuid.uuid4().hex
    with audit.audited_write(db_session, actor=user, action="job_posting.push", object_type="job_posting",
                             object_id=posting_id, county_code=user.county_code):
        posting = service.get_posting(db_session=db_session, user=user, posting_id=posting_id)
        if posting.county_code != user.county_code:
            raise NotFound("岗位", "posting", posting_id)
        ranked = [r for r in recommend.seekers_for_posting(db_session, posting, limit=100_000)
                  if r.match.score >= min_score and (not key_groups_only or r.obj.key_group)]
        now = utcnow()
        for r in ranked:
            seeker: JobSeeker = r.obj
            insert_ignore(db_session, Notification, {
                "person_id": seeker.person_id, "kind": KIND, "object_id": str(posting.id),
                "title": f"为您推荐岗位：{posting.title}",
                "body": f"{posting.employer_name}（{'；'.join(r.match.reasons_zh)}）",
                "link": f"/jobs/postings/{posting.id}", "channel": channel, "county_code": seeker.county_code,
                "city_code": seeker.city_code, "sent_by_user_id": user.id, "push_id": push_id, "created_at": now},
                ["person_id", "kind", "object_id"])
        new = list(db_session.scalars(select(Notification).where(Notification.push_id == push_id)))
        CHANNELS[channel].deliver(db_session, new)
        audit.record(db_session, actor=user, action="job_posting.pushed", object_type="job_posting",
                     object_id=posting.id, county_code=posting.county_code,
                     details={"matched": len(ranked), "new": len(new), "channel": channel, "min_score": min_score})
    return PushResult(push_id, len(ranked), len(new))


def inbox(db_session: Session, user: User) -> list[Notification]:
    if user.role_enum != Role.APPLICANT or not user.person_id:
        return []
    return list(db_session.scalars(select(Notification).where(Notification.person_id == user.person_id)
                                   .order_by(Notification.id.desc())))


def open_notification(*, db_session: Session, user: User, notification_id: int) -> Notification:
    """The person opens a notification: ``opened_at`` is set the first time."""
    n = db_session.get(Notification, notification_id)
    if n is None or user.role_enum != Role.APPLICANT or n.person_id != user.person_id:
        raise NotFound("通知", "notification", notification_id)
    if n.opened_at is None:
        n.opened_at = datetime.now(UTC)
        db_session.commit()
    return n


def push_report(db_session: Session, user: User, posting_id: int) -> list[tuple[Notification, JobSeeker | None]]:
    """Who was told about a posting and who opened it (staff of the posting's jurisdiction)."""
    posting = service.get_posting(db_session=db_session, user=user, posting_id=posting_id)
    if not service.staff_sees(db_session, user, posting):
        raise NotFound("岗位", "posting", posting_id)
    rows = db_session.execute(select(Notification, JobSeeker).outerjoin(
        JobSeeker, JobSeeker.person_id == Notification.person_id).where(
        Notification.kind == KIND, Notification.object_id == str(posting_id)).order_by(Notification.id)).all()
    return [(n, s) for n, s in rows]
