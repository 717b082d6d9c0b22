"""Postings, seekers and applications as people see them (pages and API): names of places and
occupations, pay in yuan with its unit, masked names; never contact details, codes or fen alone."""

from __future__ import annotations

from typing import Any

from ..ids import mask_name
from ..money import fen_to_yuan
from ..refdata import geo
from ..refdata.divisions import name_of
from ..refdata.occupations import get as get_occupation
from . import vocab
from .models import (
    APPLICATION_STATUS_LABELS,
    PAY_LABELS,
    POSTING_STATUS_LABELS,
    ApplicationStatus,
    JobApplication,
    JobPosting,
    JobSeeker,
    PayKind,
    PostingStatus,
)


def yuan(fen: int | None) -> str | None:
    return None if fen is None else str(fen_to_yuan(fen))


def pay_text(kind: str, low: int, high: int | None = None, piece_unit: str | None = None) -> tuple[str, str]:
    zh_unit = piece_unit if kind == PayKind.PIECE.value and piece_unit else PAY_LABELS[PayKind(kind)][2]
    en_unit = {"hourly": "hour", "daily": "day", "monthly": "month", "piece": piece_unit or "piece"}[kind]
    amount = f"¥{fen_to_yuan(low)}" + (f"–{fen_to_yuan(high)}" if high and high != low else "")
    return f"{amount}/{zh_unit}", f"{amount} per {en_unit}"


def place_text(county: str, town: str | None, address: str | None = None) -> str:
    t = geo.town(town)
    parts = [name_of(county) or county] + ([t.name] if t else []) + ([address] if address else [])
    return " · ".join(parts)


def occupation_text(code: str | None) -> str:
    occ = get_occupation(code or "")
    return occ.name if occ else "—"


def posting(p: JobPosting, *, full: bool = False) -> dict[str, Any]:
    pay_zh, pay_en = pay_text(p.pay_kind, p.pay_min_fen, p.pay_max_fen, p.piece_unit)
    out: dict[str, Any] = {
        "id": p.id, "title": p.title, "employer_name": p.employer_name,
        "employer_kind_zh": "企业" if p.employer_kind == "enterprise" else "个人（零工）",
        "occupation_code": p.occupation_code, "occupation_name": occupation_text(p.occupation_code),
        "county_code": p.county_code, "county_name": name_of(p.county_code), "place": place_text(p.county_code, p.town_code),
        "pay_kind": p.pay_kind, "pay_min_yuan": yuan(p.pay_min_fen), "pay_max_yuan": yuan(p.pay_max_fen),
        "pay_min_fen": p.pay_min_fen, "pay_max_fen": p.pay_max_fen, "pay_text_zh": pay_zh, "pay_text_en": pay_en,
        "start_date": p.start_date.isoformat(), "end_date": p.end_date.isoformat() if p.end_date else None,
        "headcount": p.headcount, "hired_count": p.hired_count, "status": p.status,
        "status_zh": POSTING_STATUS_LABELS[PostingStatus(p.status)][0],
        "status_en": POSTING_STATUS_LABELS[PostingStatus(p.status)][1],
        "skills": list(p.skills or []), "certificates": [vocab.cert_label(c) for c in p.certificates or []],
    }
    if full:
        out.update({
            "description": p.description, "address": p.address, "hours_per_day": p.hours_per_day,
            "hours_text": p.hours_text, "piece_unit": p.piece_unit,
            "piece_hourly_yuan": yuan(p.piece_hourly_fen), "coordinates": (
                {"lon": p.lon, "lat": p.lat} if p.lon is not None else None),
            "minimum_wage": {"verified": p.wage_check == "ok", "floor_yuan": yuan(p.wage_floor_fen),
                             "basis_zh": (p.wage_basis or {}).get("basis_zh"),
                             "basis_en": (p.wage_basis or {}).get("basis_en"),
                             "sources": (p.wage_basis or {}).get("sources", [])},
            "contact_zh": "请通过平台应聘并留言联系（不公开电话）",
            "contact_en": "apply and write through the platform (no phone numbers are published)",
        })
    return out


def seeker(s: JobSeeker, *, mask: bool = True) -> dict[str, Any]:
    pay = pay_text(s.expected_pay_kind, s.expected_pay_fen) if s.expected_pay_kind and s.expected_pay_fen else None
    group = vocab.KEY_GROUPS.get(s.key_group or "")
    return {
        "id": s.id, "name": mask_name(s.display_name) if mask else s.display_name,
        "skills": list(s.skills or []), "certificates": [vocab.cert_label(c) for c in s.certificates or []],
        "occupations": [occupation_text(o) for o in s.occupations or []],
        "place": place_text(s.county_code, s.town_code), "county_code": s.county_code,
        "reachable": [name_of(c) for c in s.reachable_counties or []],
        "expected_pay_zh": pay[0] if pay else None, "expected_pay_en": pay[1] if pay else None,
        "available_from": s.available_from.isoformat() if s.available_from else None,
        "available_to": s.available_to.isoformat() if s.available_to else None,
        "availability_note": s.availability_note,
        "key_group_zh": group[0] if group and s.key_group_consent else None,
        "key_group_en": group[1] if group and s.key_group_consent else None,
    }


def application(a: JobApplication, p: JobPosting, s: JobSeeker, *, mask: bool = True) -> dict[str, Any]:
    zh, en = APPLICATION_STATUS_LABELS[ApplicationStatus(a.status)]
    return {"id": a.id, "status": a.status, "status_zh": zh, "status_en": en, "note": a.note,
            "match_score": a.match_score, "match_reasons": a.match_reasons or [],
            "created_at": a.created_at.isoformat() if a.created_at else None,
            "posting": posting(p), "seeker": seeker(s, mask=mask)}
