"""Matching on the database: a seeker's best postings, a posting's best seekers, with reasons.

Candidates are blocked as in the batch path (the seeker's county, its neighbours and the counties
the seeker can reach), loaded into frames and scored by :func:`jiuye.jobs.matching.score`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import polars as pl
from sqlalchemy import String, cast, select
from sqlalchemy.orm import Session

from ..refdata import geo
from . import matching
from .matching import hourly_equivalent
from .models import JobPosting, JobSeeker, PostingStatus
from .reasons import Match, explain


def posting_row(p: JobPosting) -> dict[str, Any]:
    return {"posting_id": p.id, "county_code": p.county_code, "town_code": p.town_code, "lon": p.lon, "lat": p.lat,
            "skills": list(p.skills or []), "cert_names": [c["name"] for c in p.certificates or []],
            "cert_levels": [c.get("level") or 0 for c in p.certificates or []],
            "occupation_code": p.occupation_code,
            "hourly_fen": hourly_equivalent(p.pay_kind, p.pay_min_fen, p.hours_per_day, p.piece_hourly_fen),
            "start_date": p.start_date, "end_date": p.end_date, "pay_kind": p.pay_kind}


def seeker_row(s: JobSeeker) -> dict[str, Any]:
    return {"seeker_id": s.id, "county_code": s.county_code, "town_code": s.town_code, "lon": s.lon, "lat": s.lat,
            "max_distance_km": float(s.max_distance_km) if s.max_distance_km else None,
            "skills": list(s.skills or []), "cert_names": [c["name"] for c in s.certificates or []],
            "cert_levels": [c.get("level") or 9 for c in s.certificates or []],
            "occupations": list(s.occupations or []), "reachable_counties": list(s.reachable_counties or []),
            "expected_hourly_fen": hourly_equivalent(s.expected_pay_kind, s.expected_pay_fen),
            "available_from": s.available_from, "available_to": s.available_to,
            "expected_pay_kind": s.expected_pay_kind}


def _frame(rows: list[dict[str, Any]], schema: dict[str, Any]) -> pl.DataFrame:
    return pl.DataFrame([{k: r[k] for k in schema} for r in rows], schema=schema)


@dataclass(frozen=True)
class Ranked:
    obj: Any
    match: Match


def _rank(seekers: list[JobSeeker], postings: list[JobPosting], *, by_seeker: bool, limit: int) -> list[Ranked]:
    if not seekers or not postings:
        return []
    s_rows, p_rows = [seeker_row(s) for s in seekers], [posting_row(p) for p in postings]
    sc = matching.score(matching.Seekers.build(_frame(s_rows, matching.SEEKER_COLUMNS)),
                        matching.Postings.build(_frame(p_rows, matching.POSTING_COLUMNS)))
    line = sc.total[0] if by_seeker else sc.total[:, 0]
    order = [int(i) for i in np.argsort(-line, kind="stable")[:limit] if np.isfinite(line[i]) and line[i] > 0]
    if by_seeker:
        return [Ranked(postings[j], explain(sc, 0, j, s_rows[0], p_rows[j])) for j in order]
    return [Ranked(seekers[i], explain(sc, i, 0, s_rows[i], p_rows[0])) for i in order]


def candidate_counties(county_code: str, reachable: list[str] | None = None) -> list[str]:
    return sorted({county_code, *geo.neighbours(county_code), *(reachable or [])})


def postings_for_seeker(db_session: Session, seeker: JobSeeker, limit: int = 10,
                        exclude: set[int] | None = None) -> list[Ranked]:
    counties = candidate_counties(seeker.county_code, seeker.reachable_counties)
    postings = [p for p in db_session.scalars(select(JobPosting).where(
        JobPosting.status == PostingStatus.OPEN.value, JobPosting.county_code.in_(counties)))
        if not exclude or p.id not in exclude]
    return _rank([seeker], postings, by_seeker=True, limit=limit)


def seekers_for_posting(db_session: Session, posting: JobPosting, limit: int = 20) -> list[Ranked]:
    near = candidate_counties(posting.county_code)
    reach = cast(JobSeeker.reachable_counties, String).contains(posting.county_code, autoescape=True)
    seekers = list(db_session.scalars(select(JobSeeker).where(JobSeeker.active.is_(True)).where(
        JobSeeker.county_code.in_(near) | reach)))
    seekers = [s for s in seekers if s.county_code in near or posting.county_code in (s.reachable_counties or [])]
    return _rank(seekers, [posting], by_seeker=False, limit=limit)


def match_pair(seeker: JobSeeker, posting: JobPosting) -> Match:
    s_row, p_row = seeker_row(seeker), posting_row(posting)
    sc = matching.score(matching.Seekers.build(_frame([s_row], matching.SEEKER_COLUMNS)),
                        matching.Postings.build(_frame([p_row], matching.POSTING_COLUMNS)))
    return explain(sc, 0, 0, s_row, p_row)
