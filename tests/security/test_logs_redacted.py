"""No ID number, credit code or name in any log record: not in SQLAlchemy's parameter logging, not
in a logged database error (which quotes the offending row), not in the app's own messages."""

from __future__ import annotations

import logging
import re

import pytest
from sqlalchemy import insert
from sqlalchemy.orm import Session

from jiuye.applications import service as apps
from jiuye.applications.models import PersonRecord
from tests.dbfixtures import flexible, make_world, startup_employment

ANY_ID_NUMBER = re.compile(r"[0-9]{17}[0-9Xx]")


def _assert_clean(caplog, world):
    text = caplog.text + "".join(str(r.__dict__) for r in caplog.records)
    assert not ANY_ID_NUMBER.search(text), ANY_ID_NUMBER.search(text).group(0)
    for secret in (world.ids["li"], world.ids["firm"], "李四", "衢州测试电商有限公司"):
        assert secret not in text, secret


def test_sql_parameter_logging_is_redacted(db_engine, password_hash, caplog):
    caplog.set_level(logging.DEBUG, logger="sqlalchemy.engine")  # before the connection: SQLAlchemy asks then
    conn = db_engine.connect()
    outer = conn.begin()
    session = Session(bind=conn, join_transaction_mode="create_savepoint", expire_on_commit=False)
    try:
        world = make_world(session, password_hash)
        with caplog.at_level(logging.INFO):
            apps.submit(db_session=session, user=world["kecheng"], payload=flexible(world.ids["li"]))
            apps.submit(db_session=session, user=world["kecheng"], payload=startup_employment(world.ids["firm"]))
    finally:
        session.close()
        outer.rollback()
        conn.close()
    assert any(r.name.startswith("sqlalchemy.engine") for r in caplog.records)  # the logging was on
    _assert_clean(caplog, world)


def test_a_logged_database_error_is_redacted(world, caplog):
    world.session.commit()
    log = logging.getLogger("jiuye.test")
    with caplog.at_level(logging.INFO):
        try:
            with world.session.begin_nested():
                world.session.execute(insert(PersonRecord).values(id_number=world.ids["li"], name="李四"))
        except Exception:  # noqa: BLE001  (the duplicate: its message quotes the row on PostgreSQL)
            log.exception("insert failed for %s (%s)", world.ids["li"], "name='李四'")
        else:
            pytest.fail("the duplicate insert went through")
    assert caplog.records and caplog.records[-1].exc_text
    _assert_clean(caplog, world)


def test_any_record_is_redacted(world, caplog):
    with caplog.at_level(logging.INFO):
        logging.getLogger("uvicorn.error").warning("applicant %s, enterprise %s, name='李四'", world.ids["li"],
                                                   world.ids["firm"])
        logging.getLogger("somewhere").info({"employee_name": "李四", "id_number": world.ids["li"]})
    _assert_clean(caplog, world)
    assert world.ids["li"][:6] + "********" + world.ids["li"][-4:] in caplog.text


def test_uvicorn_access_log_still_formats_and_is_masked():
    """uvicorn's access formatter unpacks ``record.args``: masking keeps it a 5-tuple."""
    from uvicorn.logging import AccessFormatter

    from jiuye.ids import make_id_number
    from jiuye.logsafe import redact_record

    idn = make_id_number("330102", __import__("datetime").date(1990, 3, 7), 123, "M")
    record = logging.LogRecord("uvicorn.access", logging.INFO, __file__, 1, '%s - "%s %s HTTP/%s" %d',
                               ("127.0.0.1:5000", "GET", f"/people/{idn}", "1.1", 200), None)
    text = AccessFormatter('%(client_addr)s - "%(request_line)s" %(status_code)s').format(redact_record(record))
    assert "GET /people/" in text and "200" in text and idn not in text
