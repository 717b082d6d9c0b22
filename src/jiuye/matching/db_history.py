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

