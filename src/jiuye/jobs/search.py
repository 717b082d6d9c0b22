"""Chinese full-text search over postings with the database's own indexes.

- SQLite: the FTS5 table ``job_postings_fts`` (``tokenize='trigram'``, external content on
  ``job_postings.search_text``, kept in step by triggers). A trigram index answers terms of three
  or more characters; a two-character term (电商, 保洁) has no trigram, so it is matched with
  ``LIKE`` on ``search_text`` (a scan of the postings that passed the other filters).
- PostgreSQL: ``pg_trgm`` GIN index ``ix_job_postings_search_trgm`` on ``search_text``
  (``gin_trgm_ops``); every term is an ``ILIKE '%term%'``, which the index answers for terms of
  three or more characters and PostgreSQL rechecks. Under a C.UTF-8 collation pg_trgm takes CJK
  characters as word characters, so Chinese text has trigrams.

A query is split on spaces (and Chinese/ASCII commas); every term must occur.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import and_, case, func, select, text
from sqlalchemy.orm import Session

from ..refdata import geo
from ..refdata.divisions import name_of
from ..refdata.occupations import get as get_occupation
from . import vocab
from .models import JobPosting

FTS_TABLE = "job_postings_fts"
TRGM_INDEX = "ix_job_postings_search_trgm"
_SPLIT = re.compile(r"[\s,，、;；]+")


def search_text(p: JobPosting) -> str:
    """What a posting is found by: title, description, occupation, skills, certificates, employer, place."""
    occ = get_occupation(p.occupation_code)
    town = geo.town(p.town_code)
    parts = [p.title, p.description or "", occ.name if occ else "", " ".join(p.skills or []),
             " ".join(vocab.cert_label(c) for c in p.certificates or []), p.employer_name,
             name_of(p.county_code) or "", town.name if town else "", p.address or ""]
    return " ".join(x for x in parts if x)


def terms_of(q: str | None) -> list[str]:
    return [t for t in _SPLIT.split((q or "").strip()) if t][:8]


def _fts_phrase(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def term_filter(db_session: Session, terms: list[str]) -> Any:
    """The WHERE clause for ``terms`` on this database."""
    dialect = db_session.get_bind().dialect.name
    clauses = []
    if dialect == "sqlite":
        long_terms = [t for t in terms if len(t) >= 3]
        if long_terms:
            clauses.append(JobPosting.id.in_(
                select(text("rowid")).select_from(text(FTS_TABLE))
                .where(text(f"{FTS_TABLE} MATCH :fts_q")).params(fts_q=" ".join(map(_fts_phrase, long_terms)))))
        clauses += [JobPosting.search_text.contains(t, autoescape=True) for t in terms if len(t) < 3]
    else:
        clauses += [JobPosting.search_text.icontains(t, autoescape=True) for t in terms]
    return and_(*clauses) if clauses else None


def search(db_session: Session, *, q: str | None = None, county: str | None = None, city: str | None = None,
           occupation: str | None = None, pay_kind: str | None = None, statuses: tuple[str, ...] = ("open",),
           limit: int = 20, offset: int = 0) -> tuple[list[JobPosting], int]:
    """Postings matching the query and filters, the title matches first, newest first; and the total."""
    terms = terms_of(q)
    where = [JobPosting.status.in_(statuses)]
    flt = term_filter(db_session, terms)
    if flt is not None:
        where.append(flt)
    if county:
        where.append(JobPosting.county_code == county)
    if city:
        where.append(JobPosting.city_code == city)
    if occupation:
        where.append(JobPosting.occupation_code.startswith(occupation, autoescape=True))
    if pay_kind:
        where.append(JobPosting.pay_kind == pay_kind)
    total = db_session.scalar(select(func.count()).select_from(JobPosting).where(*where)) or 0
    order = []
    if terms:
        order.append(case((JobPosting.title.contains(terms[0], autoescape=True), 0), else_=1))
    order += [JobPosting.created_at.desc(), JobPosting.id.desc()]
    rows = db_session.scalars(select(JobPosting).where(*where).order_by(*order).limit(limit).offset(offset)).all()
    return list(rows), total
