"""Benefit history from the applications database (``jiuye match --database``).

Every application that holds its reservation (pending review, under objection, approved: the
same set the approval re-check counts as received) becomes one history row. The database knows
subjects by 身份证号 / 统一社会信用代码, so the match joins it on ``person.id_number`` and
``enterprise.uscc`` instead of the table keys.
"""

from __future__ import annotations

from datetime import timedelta

import polars as pl

from ..engine.history import HISTORY_SCHEMA
from ..engine.provision import Subject

HISTORY_KEYS = {Subject.PERSON: "person.id_number", Subject.ENTERPRISE: "enterprise.uscc"}

QUERY = """
SELECT COALESCE(p.id_number, e.uscc) AS subject_id, a.provision_id AS provision_id,
       CAST(a.application_date AS VARCHAR(10)) AS granted_on,
       COALESCE(a.approved_amount_fen, a.engine_amount_fen) AS amount_fen,
       CAST(a.period_start AS VARCHAR(10)) AS period_start, a.months_requested AS months_requested,
       a.cert_occupation AS occupation, a.cert_level AS level, a.certificate_no AS certificate_no,
       a.loan_months AS loan_term_months
FROM applications a
LEFT JOIN people p ON p.id = a.person_id
LEFT JOIN enterprises e ON e.id = a.enterprise_id
WHERE a.status IN ({statuses})
"""


def history_from_database(url: str | None = None) -> pl.DataFrame:
    """HISTORY_SCHEMA rows from the applications of the database at ``url`` (default: settings)."""
    from sqlalchemy import create_engine, text

    from ..applications.models import LIVE

    if url is None:
        from ..db.settings import Settings

        url = Settings.from_env().database_url
    statuses = ", ".join(f"'{s.value}'" for s in sorted(LIVE))
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(text(QUERY.format(statuses=statuses))).mappings().all()
    finally:
        engine.dispose()
    return history_from_rows([dict(r) for r in rows])


def history_from_rows(rows: list[dict]) -> pl.DataFrame:
    """HISTORY_SCHEMA rows from rows shaped like :data:`QUERY`'s (dates as ISO text or dates)."""
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
