"""No personal data in logs: every log record is redacted when it is created.

:func:`install` wraps the logging record factory, so *every* record of every logger (the app's,
uvicorn's, SQLAlchemy's, a library's) is redacted before any handler or filter sees it:

- anything shaped like an 18-character ID number (身份证号) or unified social credit code
  (统一社会信用代码) keeps 6 + 4 characters (``330106********1234``);
- a value written after a name key (``name='张三'``, ``"employee_name": "李四"``) keeps its first
  character;
- in SQLAlchemy's records (statements and their parameters) every quoted Chinese text keeps its
  first character (parameters are positional there, so names cannot be told from other text);
- the traceback of a logged exception is formatted and redacted the same way (a database error
  quotes the offending row: ``Key (id_number)=(…) already exists``).

Engines are also created with ``hide_parameters=True`` (:func:`jiuye.db.core.make_engine`), so
SQL parameters are not put into exception messages or SQLAlchemy's INFO logs in the first place.
"""

from __future__ import annotations

import logging
import re
import threading
import traceback
from typing import Any

from .ids import mask_id_number, mask_name

_CODE = "0-9A-HJ-NP-RTUWXY"  # the characters of a credit code (no I, O, S, V, Z)
ID_PATTERN = re.compile(r"(?<![0-9A-Za-z])[0-9]{17}[0-9Xx](?![0-9A-Za-z])")
USCC_PATTERN = re.compile(rf"(?<![0-9A-Za-z])[{_CODE}]{{2}}[0-9]{{6}}[{_CODE}]{{10}}(?![0-9A-Za-z])")
_NAME_KEYS = r"(?:name|person_name|employee_name|applicant_name|display_name|payee_name)"
NAME_PATTERN = re.compile(rf"""(\b{_NAME_KEYS}\b['"]?\s*[:=]\s*\(?['"]?)([^'",)\s]{{1,64}})""")
_QUOTED_CJK = re.compile(r"""(['"])([\u3400-\u9fff·•][^'"]{0,63})\1""")


def redact(text: str, *, sql: bool = False) -> str:
    """``text`` with ID numbers, credit codes and names masked."""
    if not text:
        return text
    text = ID_PATTERN.sub(lambda m: mask_id_number(m.group(0)), text)
    text = USCC_PATTERN.sub(lambda m: mask_id_number(m.group(0)), text)
    text = NAME_PATTERN.sub(lambda m: m.group(1) + mask_name(m.group(2)), text)
    if sql:
        text = _QUOTED_CJK.sub(lambda m: m.group(1) + mask_name(m.group(2)) + m.group(1), text)
    return text


def _safe_arg(value: Any, sql: bool) -> Any:
    """A log argument with personal data masked; numbers stay numbers (``%d`` still formats)."""
    if value is None or isinstance(value, bool | int | float):
        return value
    return redact(value if isinstance(value, str) else repr(value), sql=sql)


def redact_record(record: logging.LogRecord) -> logging.LogRecord:
    """Mask ID numbers, credit codes and names in a record. The arguments stay a tuple (or a
    mapping) of masked values, so formatters that read ``record.args`` (uvicorn's access log)
    keep working; when that cannot format, the record is collapsed to its masked message."""
    sql = record.name.startswith("sqlalchemy")
    args = record.args
    safe: Any = None
    if isinstance(args, tuple):
        safe = tuple(_safe_arg(a, sql) for a in args)
    elif isinstance(args, dict):
        safe = {k: _safe_arg(v, sql) for k, v in args.items()}
    msg = redact(record.msg, sql=sql) if isinstance(record.msg, str) else record.msg
    try:
        if safe:
            _ = msg % safe  # the record must still format with the masked arguments
        record.msg, record.args = msg, safe if safe else None
        if not safe:
            record.msg = redact(record.getMessage(), sql=sql)
    except Exception:  # noqa: BLE001  (a malformed record or a format the masking broke: collapse it)
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001
            message = f"{record.msg!r} {record.args!r}"
        record.msg, record.args = redact(message, sql=sql), None
    if record.exc_info and record.exc_info[0] is not None:
        record.exc_text = redact("".join(traceback.format_exception(*record.exc_info)).rstrip("\n"), sql=sql)
        record.exc_info = None  # handlers print exc_text; the exception object itself is not passed on
    if record.stack_info:
        record.stack_info = redact(record.stack_info, sql=sql)
    return record


_lock = threading.Lock()
_installed = False


def install() -> None:
    """Redact every log record from now on (idempotent)."""
    global _installed
    with _lock:
        if _installed:
            return
        previous = logging.getLogRecordFactory()

        def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
            return redact_record(previous(*args, **kwargs))

        logging.setLogRecordFactory(factory)
        _installed = True
