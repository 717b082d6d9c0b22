"""Response models of the gig-market API (``/api/v1/jobs``): the OpenAPI schema documents every
answer and the conformance run checks it (:class:`jiuye.fields.Answer`)."""

from __future__ import annotations

from typing import Any

from ..fields import Answer


class PostingOut(Answer):
    id: int
    title: str
    employer_name: str
    occupation_code: str | None = None
    occupation_name: str | None = None
    county_code: str
    county_name: str | None = None
    place: str | None = None
    pay_kind: str
    pay_min_yuan: str | None = None
    pay_max_yuan: str | None = None
    pay_min_fen: int | None = None
    pay_max_fen: int | None = None
    pay_text_zh: str | None = None
    pay_text_en: str | None = None
    start_date: str
    end_date: str | None = None
    headcount: int
    hired_count: int
    status: str
    status_zh: str
    status_en: str
    skills: list[str]
    certificates: list[str]


class PostingPage(Answer):
    total: int
    q: str | None = None
    items: list[PostingOut]


class SeekerOut(Answer):
    id: int
    name: str | None = None
    skills: list[str]
    certificates: list[str]
    county_code: str | None = None


class SeekerMatch(Answer):
    seeker: SeekerOut
    score: int | float
    reasons_zh: list[str]
    reasons_en: list[str]


class PostingMatch(Answer):
    posting: PostingOut
    score: int | float
    reasons_zh: list[str]
    reasons_en: list[str]


class PushOut(Answer):
    push_id: str
    matched: int
    new: int


class PushReportRow(Answer):
    seeker: SeekerOut | None = None
    channel: str
    sent_at: str
    opened_at: str | None = None


class JobApplicationOut(Answer):
    id: int
    status: str
    status_zh: str
    status_en: str
    note: str | None = None
    posting: PostingOut
    seeker: SeekerOut
    messages: list[dict[str, Any]]


class NotificationOut(Answer):
    id: int
    title: str
    body: str | None = None
    link: str | None = None
    sent_at: str
    opened_at: str | None = None


class OpenedOut(Answer):
    id: int
    link: str | None = None
    opened_at: str


class Occupation(Answer):
    code: str
    name: str


class OccupationsOut(Answer):
    edition: str
    sources: dict[str, str]
    items: list[Occupation]


class VocabularyOut(Answer):
    skills: list[str]
    certificates: list[dict[str, Any]]
    key_groups: dict[str, str]
