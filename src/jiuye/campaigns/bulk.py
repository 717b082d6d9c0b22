"""A campaign over an imported roster, at county scale (a million people in well under a minute on
PostgreSQL: ``benchmarks/bench_campaign.py``).

The roster is evaluated in chunks on the engine's table path (:func:`jiuye.matching.groups.match_chunk`)
with the database's ledger of the same people subtracted; only the proposed subjects then touch the
database: their ``people`` / ``enterprises`` records are found or created (a set-based insert that
skips existing ones), their facts are kept as a :class:`~jiuye.campaigns.models.Case`, and proposals
are inserted in batches. Nothing here loops over the roster's rows in Python; the per-row Python is
limited to the proposed rows handed to the database driver.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import polars as pl
from sqlalchemy import insert, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from ..applications.limits import ledger_frame
from ..applications.models import EnterpriseRecord, PersonRecord
from ..applications.precheck import peers
from ..catalogue.registry import CATALOGUE
from ..engine.history import HISTORY_SCHEMA
from ..engine.provision import Subject
from ..matching.groups import match_chunk
from ..matching.match import Context, make_plan
from . import evaluate
from .models import Case, Proposal
from .roster import KEY_COLUMN, NAME_COLUMN, Roster

CHUNK_ROWS = 250_000
BATCH = 5_000
IN_BATCH = 5_000
#: progress(stage, done, total): stages "evaluate" (roster rows) and "save" (proposals)
Progress = Callable[[str, int, int], None]


def _record(subject: Subject) -> Any:
    return PersonRecord if subject == Subject.PERSON else EnterpriseRecord


def _ident(subject: Subject) -> Any:
    return PersonRecord.id_number if subject == Subject.PERSON else EnterpriseRecord.uscc


def roster_ledger(db_session: Session, roster: Roster, provision_ids: list[str]) -> pl.DataFrame | None:
    """The database's ledger (:func:`jiuye.applications.limits.ledger_frame`) of the roster's subjects
    known to it, keyed by 身份证号 / 统一社会信用代码 (the roster's ``subject_id``)."""
    ledger = ledger_frame(db_session, provision_ids=provision_ids).rename({"identity": "subject_id"})
    ledger = ledger.select(list(HISTORY_SCHEMA)).join(roster.frame.select("subject_id"), on="subject_id", how="semi")
    return ledger if ledger.height else None


def roster_proposals(db_session: Session, roster: Roster, as_of: date, provision_ids: list[str],
                     progress: Progress | None = None) -> tuple[pl.DataFrame, int]:
    """(proposals keyed by the roster's subject_id, eligible pairs without a known amount)."""
    mine = [CATALOGUE.provisions[i] for i in provision_ids if CATALOGUE.provisions[i].subject == roster.subject]
    empty = pl.DataFrame(schema={"subject_type": pl.Utf8, "subject_id": pl.Utf8, "provision_id": pl.Utf8,
                                 "amount_fen": pl.Int64, "period": pl.Utf8, "period_key": pl.Utf8,
                                 "citation": pl.Utf8})
    if not mine or roster.frame.height == 0:
        return empty, 0
    evaluated = {q.id: q for p in mine for q in peers(p)}
    plan = make_plan(roster.subject, provisions=list(evaluated.values()))
    ctx = Context.make(as_of)
    history = roster_ledger(db_session, roster, list(evaluated))
    frame = roster.frame.with_columns(pl.col("subject_id").alias(evaluate.KEY[roster.subject]))
    parts, unknown, total = [], 0, frame.height
    for start in range(0, total, CHUNK_ROWS):
        long = match_chunk(frame.slice(start, CHUNK_ROWS), plan, ctx, history)
        long = long.filter(pl.col("provision_id").is_in([p.id for p in mine]) & pl.col("paid_in_group").is_null())
        unknown += long.filter(pl.col("amount_fen").is_null()).height
        parts.append(long.filter(pl.col("amount_fen") > 0))
        if progress:
            progress("evaluate", min(start + CHUNK_ROWS, total), total)
    out = pl.concat(parts).with_columns(pl.col("period").replace_strict(
        {k: evaluate.period_key(k, as_of) for k in evaluate.PAYING}, default=None).alias("period_key"))
    return out.select(empty.columns), unknown


def _on_conflict_nothing(db_session: Session, table: Any) -> Any:
    dialect = db_session.get_bind().dialect.name
    stmt = (postgresql.insert(table) if dialect == "postgresql" else sqlite.insert(table))
    return stmt.on_conflict_do_nothing()


def record_ids(db_session: Session, roster: Roster, wanted: pl.DataFrame, county: str) -> pl.DataFrame:
    """``subject_id`` → ``record_id`` for the proposed subjects, creating the records not yet known."""
    rec, ident = _record(roster.subject), _ident(roster.subject)
    key_col, name_col = KEY_COLUMN[roster.subject], NAME_COLUMN[roster.subject]
    ids = wanted["subject_id"].unique().sort().to_list()
    ident_attr = "id_number" if roster.subject == Subject.PERSON else "uscc"

    def lookup() -> pl.DataFrame:
        found: list[tuple[str, int]] = []
        for i in range(0, len(ids), IN_BATCH):
            found += db_session.execute(select(ident, rec.id).where(ident.in_(ids[i:i + IN_BATCH]))).all()
        return pl.DataFrame(found, schema={"subject_id": pl.Utf8, "record_id": pl.Int64}, orient="row")

    known = lookup()
    missing = (roster.frame.select("subject_id", key_col, name_col).join(wanted.select("subject_id").unique(),
                                                                          on="subject_id", how="semi")
               .join(known, on="subject_id", how="anti"))
    if missing.height:
        rows = missing.select(pl.col(key_col).alias(ident_attr), pl.col(name_col).fill_null("").str.slice(0, 64)
                              .alias("name"), pl.lit(county).alias("county_code"))
        stmt = _on_conflict_nothing(db_session, rec.__table__)
        for chunk in rows.iter_slices(BATCH):
            db_session.execute(stmt, chunk.to_dicts())
        known = lookup()
    return known


def _cases(roster: Roster, subjects: pl.DataFrame) -> list[dict[str, Any]]:
    part = roster.subject.value
    facts = [c for c in roster.frame.columns if c.startswith(part + ".")]
    rows = (roster.frame.join(subjects, on="subject_id", how="inner")
            .select("subject_key", *[pl.col(c).cast(pl.Utf8) if roster.frame.schema[c] == pl.Date else pl.col(c)
                                     for c in facts]))
    out = []
    for r in rows.iter_rows(named=True):
        key = r.pop("subject_key")
        out.append({"subject_key": key, "case": {part: {k.split(".", 1)[1]: v for k, v in r.items() if v is not None}}})
    return out


def save(db_session: Session, campaign: Any, roster: Roster, frame: pl.DataFrame, seed_pick: set[int],
         progress: Progress | None = None) -> int:
    """Insert the cases and proposals of ``frame`` (already without earlier proposals); returns the count."""
    if frame.height == 0:
        return 0
    subjects = frame.select("subject_id", "subject_key").unique()
    cases = _cases(roster, subjects)
    for i in range(0, len(cases), BATCH):
        db_session.execute(insert(Case), [{"campaign_id": campaign.id, **c} for c in cases[i:i + BATCH]])
    case_ids = pl.DataFrame(db_session.execute(select(Case.subject_key, Case.id).where(
        Case.campaign_id == campaign.id)).all(), schema={"subject_key": pl.Utf8, "case_id": pl.Int64}, orient="row")
    person = roster.subject == Subject.PERSON
    rows = (frame.sort("subject_id", "provision_id").with_row_index("__i")
            .join(case_ids, on="subject_key", how="left")
            .select(pl.lit(campaign.id).alias("campaign_id"), pl.lit(campaign.county_code).alias("county_code"),
                    pl.lit(campaign.city_code).alias("city_code"), pl.col("subject_type").alias("subject_kind"),
                    "subject_key",
                    (pl.col("record_id") if person else pl.lit(None, dtype=pl.Int64)).alias("person_id"),
                    (pl.lit(None, dtype=pl.Int64) if person else pl.col("record_id")).alias("enterprise_id"),
                    "case_id", "provision_id", "period", "period_key", "amount_fen", "citation",
                    pl.lit([], dtype=pl.List(pl.Utf8)).alias("basis"), pl.lit("proposed").alias("status"),
                    pl.col("__i").is_in(list(seed_pick)).alias("sampled")))
    done = 0
    for chunk in rows.iter_slices(BATCH):
        batch = chunk.to_dicts()
        for b in batch:
            b["basis"] = []
        db_session.execute(insert(Proposal), batch)
        done += chunk.height
        if progress:
            progress("save", done, rows.height)
    return rows.height


def new_only(db_session: Session, frame: pl.DataFrame) -> pl.DataFrame:
    """The rows no campaign proposed before (``subject_key``, provision, period key)."""
    if frame.height == 0:
        return frame
    keys = frame["subject_key"].unique().sort().to_list()
    provisions = frame["provision_id"].unique().to_list()
    seen: list[Any] = []
    for i in range(0, len(keys), IN_BATCH):
        seen += db_session.execute(select(Proposal.subject_key, Proposal.provision_id, Proposal.period_key).where(
            Proposal.subject_key.in_(keys[i:i + IN_BATCH]), Proposal.provision_id.in_(provisions))).all()
    if not seen:
        return frame
    old = pl.DataFrame(seen, schema={"subject_key": pl.Utf8, "provision_id": pl.Utf8, "period_key": pl.Utf8},
                       orient="row")
    return frame.join(old, on=["subject_key", "provision_id", "period_key"], how="anti")


def run(db_session: Session, campaign: Any, roster: Roster, provision_ids: list[str],
        pick: Callable[[int], set[int]], progress: Progress | None = None) -> tuple[int, int]:
    """Propose from ``roster``: (proposals inserted, already proposed before); sets the campaign's
    counts (subjects evaluated, amounts not known, roster rows)."""
    found, unknown = roster_proposals(db_session, roster, campaign.as_of, provision_ids, progress)
    campaign.subjects_evaluated, campaign.amount_unknown = roster.frame.height, unknown
    campaign.roster_name, campaign.roster_rows, campaign.roster_rejected = roster.name, roster.rows, roster.rejected
    if found.height == 0:
        return 0, 0
    ids = record_ids(db_session, roster, found, campaign.county_code)
    prefix = "P:" if roster.subject == Subject.PERSON else "E:"
    found = found.join(ids, on="subject_id", how="inner").with_columns(
        (pl.lit(prefix) + pl.col("record_id").cast(pl.Utf8)).alias("subject_key"))
    fresh = new_only(db_session, found)
    saved = save(db_session, campaign, roster, fresh, pick(fresh.height), progress)
    return saved, found.height - fresh.height
