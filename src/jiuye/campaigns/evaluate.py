"""What a campaign proposes: the engine's table path over the subjects the database knows in a
county, with the ledger subtracted (:mod:`jiuye.matching.match`).

Subjects are the people and enterprises of ``people`` / ``enterprises`` whose county is the
campaign's; their facts are those of their last stored application (its ``input_snapshot``: the
case as the applicant or caseworker last gave it). The ledger is every application of theirs that
holds its reservation (pending, under objection, approved), the same set the approval re-check
counts, as the database's ledger (:func:`jiuye.applications.limits.ledger_frame`: one record per
instalment not cancelled or clawed back, with its period).
A pair (subject, provision) is proposed when the engine finds it eligible with a known positive
amount, it is not paid for the period of the as-of date (:func:`~jiuye.matching.match.paid_pairs`)
and no stacking peer was paid for it (that would be a top-up: left to an ordinary application).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import polars as pl
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..applications.limits import ledger_frame
from ..applications.models import Application, EnterpriseRecord, PersonRecord
from ..applications.precheck import peers, supplied_case
from ..catalogue.registry import CATALOGUE
from ..engine.history import HISTORY_SCHEMA
from ..engine.provision import Provision, Status, Subject
from ..engine.vars import E, P
from ..matching.groups import match_chunk
from ..matching.match import Context, make_plan
from ..params.store import PARAMETERS

DEFAULT_DOCUMENT = "quzhou_2023_12"
PAYING = ("one_time", "monthly", "yearly")
FACTS = P.all() + E.all()
PL_TYPES = {"bool": pl.Boolean, "int": pl.Int64, "date": pl.Date, "str": pl.Utf8}
KEY = {Subject.PERSON: "person.person_id", Subject.ENTERPRISE: "enterprise.enterprise_id"}


def proposable(p: Provision) -> bool:
    """A benefit paying money to a person or an enterprise, once, monthly or yearly."""
    return (p.kind.value == "benefit" and p.subject in KEY and p.period.value in PAYING
            and p.benefit_type not in ("loan", "guarantee", "right", "status"))


def default_provisions(as_of: date) -> list[str]:
    """衢政发〔2023〕12号's proposable benefits in force on ``as_of``."""
    snap = PARAMETERS.snapshot(as_of)
    return [p.id for p in CATALOGUE if p.id.startswith(DEFAULT_DOCUMENT + ".") and proposable(p)
            and p.status(as_of, snap) == Status.IN_FORCE]


def period_key(period: str, as_of: date) -> str:
    return {"one_time": "once", "monthly": f"{as_of:%Y%m}", "yearly": f"{as_of:%Y}"}[period]


@dataclass
class Subjects:
    """The county's known subjects of one kind: frame (one row each) and their identities."""

    frame: pl.DataFrame
    ids: dict[str, tuple[int | None, int | None, int]]  # subject_key -> (person_id, enterprise_id, application)


def _latest(db_session: Session, kind: str, county: str) -> list[Any]:
    rec = PersonRecord if kind == "person" else EnterpriseRecord
    col = Application.person_id if kind == "person" else Application.enterprise_id
    last = (select(func.max(Application.id)).join(rec, rec.id == col)
            .where(Application.subject_kind == kind, rec.county_code == county)
            .group_by(Application.subject_key))
    return list(db_session.execute(select(Application.id, Application.subject_key, Application.person_id,
                                          Application.enterprise_id, Application.input_snapshot)
                                   .where(Application.id.in_(last))))


def subjects(db_session: Session, subject: Subject, county: str) -> Subjects:
    rows, ids = [], {}
    for app_id, key, pid, eid, snap in _latest(db_session, subject.value, county):
        case = supplied_case(snap)
        row: dict[str, Any] = {KEY[subject]: key}
        for f in FACTS:
            part, field = f.name.split(".", 1)
            obj = getattr(case, part)
            row[f.name] = getattr(obj, field, None) if obj is not None else None
        row[KEY[subject]] = key
        rows.append(row)
        ids[key] = (pid, eid, app_id)
    schema = {f.name: PL_TYPES[f.dtype] for f in FACTS} | {KEY[subject]: pl.Utf8}
    frame = pl.DataFrame(rows, schema=schema, orient="row") if rows else pl.DataFrame(schema=schema)
    return Subjects(frame, ids)


def ledger(db_session: Session, keys: list[str]) -> pl.DataFrame | None:
    """The subjects' database ledger (:func:`jiuye.applications.limits.ledger_frame`: instalments with
    their periods), keyed by subject key."""
    if not keys:
        return None
    frame = ledger_frame(db_session, subject_keys=keys)
    return frame.rename({"subject_key": "subject_id"}).select(list(HISTORY_SCHEMA))


def proposals_frame(db_session: Session, county: str, as_of: date, provision_ids: list[str]
                    ) -> tuple[pl.DataFrame, dict[str, tuple[int | None, int | None, int]], int, int]:
    """(proposals, identities, subjects evaluated, eligible pairs without a known amount).

    Columns: subject_type, subject_id (subject key), provision_id, amount_fen, period, period_key,
    citation."""
    chosen = [CATALOGUE.provisions[i] for i in provision_ids]
    ctx = Context.make(as_of)
    parts, ids, n, unknown = [], {}, 0, 0
    for subject in (Subject.PERSON, Subject.ENTERPRISE):
        mine = [p for p in chosen if p.subject == subject]
        if not mine:
            continue
        s = subjects(db_session, subject, county)
        n += s.frame.height
        ids.update(s.ids)
        if s.frame.height == 0:
            continue
        evaluated = {q.id: q for p in mine for q in peers(p)}
        plan = make_plan(subject, provisions=list(evaluated.values()))
        long = match_chunk(s.frame, plan, ctx, ledger(db_session, list(s.ids)))
        long = long.filter(pl.col("provision_id").is_in([p.id for p in mine]) & pl.col("paid_in_group").is_null())
        unknown += long.filter(pl.col("amount_fen").is_null()).height
        parts.append(long.filter(pl.col("amount_fen") > 0))
    if not parts:
        return pl.DataFrame(schema={"subject_type": pl.Utf8, "subject_id": pl.Utf8, "provision_id": pl.Utf8,
                                    "amount_fen": pl.Int64, "period": pl.Utf8, "period_key": pl.Utf8,
                                    "citation": pl.Utf8}), ids, n, unknown
    out = pl.concat(parts).with_columns(
        pl.col("period").replace_strict({k: period_key(k, as_of) for k in PAYING}, default=None).alias("period_key"))
    return out.select("subject_type", "subject_id", "provision_id", "amount_fen", "period", "period_key",
                      "citation"), ids, n, unknown
