"""Benefit history from the applications database (``jiuye match --database``).

The database's ledger (:func:`jiuye.applications.limits.ledger_frame`): every application that
holds its reservation (pending review, under objection, approved: the same set the approval
re-check counts as received), one record per instalment of a granted entitlement (with its period
and amount) or one per application not yet granted — the same records a case's ``history`` holds,
so the limits over time (maximum duration, one-time, yearly caps) net what the database already
granted. The database knows subjects by 身份证号 / 统一社会信用代码, so the match joins it on
``person.id_number`` and ``enterprise.uscc`` instead of the table keys.
"""

from __future__ import annotations

from datetime import timedelta

import polars as pl

from ..engine.history import HISTORY_SCHEMA
from ..engine.provision import Subject

HISTORY_KEYS = {Subject.PERSON: "person.id_number", Subject.ENTERPRISE: "enterprise.uscc"}


def history_from_database(url: str | None = None) -> pl.DataFrame:
    """HISTORY_SCHEMA rows (``subject_id`` = 身份证号 / 统一社会信用代码) of the database at ``url``
    (default: settings)."""
    from sqlalchemy import create_engine

    from ..applications.limits import ledger_frame

    if url is None:
        from ..db.settings import Settings

        url = Settings.from_env().database_url
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            frame = ledger_frame(conn)
    finally:
        engine.dispose()
    return frame.rename({"identity": "subject_id"}).select(list(HISTORY_SCHEMA))


def history_from_rows(rows: list[dict]) -> pl.DataFrame:
    """HISTORY_SCHEMA rows from application rows (``subject_id, provision_id, granted_on, amount_fen,
    period_start, months_requested`` and the claim fields; dates as ISO text or dates)."""
    raw = pl.DataFrame([{k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in r.items()} for r in rows],
                       schema={
        "subject_id": pl.Utf8, "provision_id": pl.Utf8, "granted_on": pl.Utf8, "amount_fen": pl.Int64,
        "period_start": pl.Utf8, "months_requested": pl.Int64, "occupation": pl.Utf8, "level": pl.Int64,
        "certificate_no": pl.Utf8, "loan_term_months": pl.Int64})
    raw = raw.with_columns(pl.col("granted_on", "period_start").str.to_date("%Y-%m-%d"))  # dates travel as text
    end = pl.col("period_start").dt.offset_by(pl.format("{}mo", pl.col("months_requested"))) - timedelta(days=1)
    return raw.with_columns(
        pl.when(pl.col("months_requested") > 0).then(end).otherwise(pl.lit(None, dtype=pl.Date)).alias("period_end"),
        pl.when(pl.col("months_requested") > 0).then(pl.col("period_start")).alias("period_start"),
        pl.lit("self").alias("claimant"),
    ).select([pl.col(c).cast(t) for c, t in HISTORY_SCHEMA.items()])
