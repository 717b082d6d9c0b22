"""JSON of answers: the one encoder of the API (``POST /api/v1/evaluate``) and of the parts the
engine encodes ahead (``JSON_PARTS``).

Chinese stays readable (UTF-8, not ``\\u`` escapes); dates are ISO strings, fractions and decimals
strings, sets sorted lists, enums their value. With orjson installed, parts of an answer that are
the same for every case (a provision's titles and clause, a condition's labels) are encoded once
and spliced in as ``orjson.Fragment``; an explanation is encoded straight from its recorded values
(``jiuye.engine.compiled``). The bytes are those of encoding the plain dicts
(``tests/engine/test_encode.py``).
"""

from __future__ import annotations

import functools
import json
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any

try:  # optional: 10-50x faster on the large answers of /evaluate (see docs/web.md, Benchmark)
    import orjson
except ImportError:  # pragma: no cover - depends on the environment
    orjson = None  # type: ignore[assignment]

JSON_PARTS = orjson is not None and hasattr(orjson, "Fragment")


def json_default(o: Any) -> Any:
    if isinstance(o, date):
        return o.isoformat()
    if isinstance(o, Decimal | Fraction):
        return str(o)
    if isinstance(o, frozenset | set):
        return sorted(o)
    if hasattr(o, "value"):  # enums
        return o.value
    raise TypeError(f"not JSON serialisable: {type(o).__name__}")


if orjson is not None:
    # dumps(content) -> bytes: the JSON of ``content`` (compact, UTF-8); a partial: no Python frame per call
    dumps = functools.partial(orjson.dumps, default=json_default, option=orjson.OPT_NON_STR_KEYS)
else:  # pragma: no cover - depends on the environment
    def dumps(content: Any) -> bytes:
        """The JSON of ``content`` (compact, UTF-8)."""
        return json.dumps(content, ensure_ascii=False, allow_nan=False, separators=(",", ":"),
                          default=json_default).encode("utf-8")


def fragment(encoded: bytes) -> Any:
    """Already-encoded JSON, spliced as is by ``dumps`` (only when ``JSON_PARTS``)."""
    return orjson.Fragment(encoded)


__all__ = ["JSON_PARTS", "dumps", "fragment", "json_default"]
