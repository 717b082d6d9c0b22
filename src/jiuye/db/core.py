"""Engine, sessions and the declarative base.

SQLite connections get foreign keys, WAL, a busy timeout and ``BEGIN IMMEDIATE`` (a writer
takes the write lock at the start, so concurrent transactions queue instead of failing).
PostgreSQL runs at READ COMMITTED; limits are enforced by constraints and row locks.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import JSON, BigInteger, Integer, MetaData, create_engine, event
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

from .. import logsafe
from .settings import get_settings

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

#: 64-bit id that is still SQLite's rowid alias (autoincrement) there.
BigId = BigInteger().with_variant(Integer, "sqlite")
#: JSON, stored as JSONB on PostgreSQL.
Json = JSON().with_variant(JSONB, "postgresql")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def utcnow() -> datetime:
    return datetime.now(UTC)


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    dbapi_conn.isolation_level = None  # we issue BEGIN ourselves
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=60000")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def _sqlite_begin(conn: Any) -> None:
    conn.exec_driver_sql("BEGIN IMMEDIATE")


def make_engine(url: str, **kw: Any) -> Engine:
    """A new engine for ``url`` with this project's connection settings. SQL parameters are never
    shown in logs or error messages (``hide_parameters``), and every log record is redacted."""
    logsafe.install()
    kw.setdefault("hide_parameters", True)
    if url.startswith("sqlite"):
        path = url.split("///", 1)[1] if "///" in url else ""
        if path and path != ":memory:":
            folder = Path(path).parent
            folder.mkdir(parents=True, exist_ok=True)
            if folder.name == "var" and not (folder / ".gitignore").exists():  # the default ./var/jiuye.sqlite
                (folder / ".gitignore").write_text("# local database files (jiuye.db)\n*\n", encoding="utf-8")
        kw.setdefault("connect_args", {})["check_same_thread"] = False
        engine = create_engine(url, **kw)
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    kw.setdefault("pool_size", 10)
    kw.setdefault("max_overflow", 20)
    kw.setdefault("pool_pre_ping", True)
    return create_engine(url, **kw)


@functools.cache
def _engine_for(url: str, pid: int) -> Engine:
    return make_engine(url)


def get_engine(url: str | None = None) -> Engine:
    """The process-wide engine for ``url`` (default: the DATABASE_URL setting)."""
    return _engine_for(url or get_settings().database_url, os.getpid())


def session_factory(engine: Engine | None = None) -> sessionmaker[Session]:
    return sessionmaker(bind=engine or get_engine(), expire_on_commit=False)


def get_db_session() -> Iterator[Session]:
    """FastAPI dependency: one session per request, closed afterwards."""
    session = session_factory()()
    try:
        yield session
    finally:
        session.close()


def _insert(db_session: Session) -> Any:
    if db_session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert


# Statements of the hot path are built once per dialect with bind parameters, so SQLAlchemy's
# statement cache finds them without walking literal values on every call.
_STATEMENTS: dict[tuple[Any, ...], Any] = {}


def _cached(db_session: Session, key: tuple[Any, ...], build: Any) -> Any:
    full = (db_session.get_bind().dialect.name, *key)
    stmt = _STATEMENTS.get(full)
    if stmt is None:
        stmt = _STATEMENTS[full] = build(_insert(db_session))
    return stmt


def insert_ignore(db_session: Session, model: Any, values: dict[str, Any], conflict_cols: list[str]) -> None:
    """INSERT … ON CONFLICT DO NOTHING, on PostgreSQL and SQLite (waits for a concurrent insert of
    the same key on PostgreSQL, then does nothing)."""
    db_session.execute(_insert(db_session)(model).values(**values).on_conflict_do_nothing(index_elements=conflict_cols))


def get_or_insert_id(db_session: Session, model: Any, values: dict[str, Any], key: str) -> int:
    """The id of the row whose unique ``key`` column equals ``values[key]``, inserting it if
    missing (INSERT … ON CONFLICT DO NOTHING RETURNING id): one round trip for a known row, two
    for a new one. Takes no row lock."""
    from sqlalchemy import bindparam, select

    table = model.__table__
    conn = db_session.connection()
    sel = _cached(db_session, ("get_id", table.name, key),
                  lambda _: select(table.c.id).where(table.c[key] == bindparam("key_value")))
    found = conn.execute(sel, {"key_value": values[key]}).scalar()
    if found is not None:
        return found
    ins = _cached(db_session, ("get_or_insert", table.name, tuple(values), key), lambda insert: (
        insert(table).values({k: bindparam(k) for k in values}).on_conflict_do_nothing(index_elements=[key])
        .returning(table.c.id)))
    new_id = conn.execute(ins, values).scalar()
    if new_id is not None:
        return new_id
    return conn.execute(sel, {"key_value": values[key]}).scalar_one()  # inserted meanwhile by another


def lock_row(db_session: Session, table: Any, values: dict[str, Any], conflict_cols: list[str],
             touch: dict[str, Any], returning: tuple[Any, ...] = ()) -> Any:
    """Create the row if missing and lock it to the end of the transaction, in one round trip
    (INSERT … ON CONFLICT DO UPDATE SET ``touch``); returns the ``returning`` columns' row or None.
    ``touch`` values are SQL expressions or plain values."""
    from sqlalchemy import bindparam
    from sqlalchemy.sql.elements import ClauseElement

    literal = {k: v for k, v in touch.items() if not isinstance(v, ClauseElement)}
    exprs = {k: v for k, v in touch.items() if isinstance(v, ClauseElement)}
    key = ("lock_row", table.name, tuple(values), tuple(conflict_cols), tuple(literal),
           tuple((k, str(v)) for k, v in exprs.items()), tuple(c.name for c in returning))

    def build(insert: Any) -> Any:
        stmt = insert(table).values({k: bindparam(k) for k in values}).on_conflict_do_update(
            index_elements=conflict_cols, set_={**exprs, **{k: bindparam(f"touch_{k}") for k in literal}})
        return stmt.returning(*returning) if returning else stmt

    params = {**values, **{f"touch_{k}": v for k, v in literal.items()}}
    result = db_session.connection().execute(_cached(db_session, key, build), params)
    return result.one() if returning else None


def upsert_locked(db_session: Session, model: Any, values: dict[str, Any], conflict_cols: list[str],
                  touch: dict[str, Any]) -> Any:
    """Create the row if missing and lock it for the rest of the transaction, in one round trip
    (INSERT … ON CONFLICT DO UPDATE SET ``touch`` RETURNING the ORM object, fresh)."""
    stmt = (_insert(db_session)(model).values(**values)
            .on_conflict_do_update(index_elements=conflict_cols, set_=touch).returning(model))
    return db_session.scalars(stmt, execution_options={"populate_existing": True}).one()
