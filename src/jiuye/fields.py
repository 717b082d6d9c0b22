"""Limits of input, from one place: text lengths come from the database columns (so a value never
meets the database longer than its column), ids and offsets fit a 64-bit integer, names hold no
control or bidirectional-formatting characters, and no text holds NUL or a lone surrogate.

Every check raises :class:`~jiuye.errors.InputError` naming the field (422), never a 500.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Annotated, Any

from fastapi import Path, Query
from pydantic import BaseModel, ConfigDict

from .errors import InputError

MAX_ID = 2**63 - 1  # BIGINT
MAX_OFFSET = 10_000_000
MAX_REASON = 2000  # characters of a reason or note (Text columns)

DbId = Annotated[int, Path(ge=1, le=MAX_ID, description="记录编号 / record id")]
OptionalId = Annotated[int | None, Query(ge=1, le=MAX_ID)]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET)]

_BAD = re.compile(r"[\x00\ud800-\udfff]")


def column_length(column: Any) -> int:
    """The declared length of a String column (``Model.column``)."""
    length = getattr(getattr(column, "type", None), "length", None)
    if length is None:
        raise TypeError(f"{column} has no declared length")
    return int(length)


def _is_format_or_control(ch: str) -> bool:
    return unicodedata.category(ch) in ("Cc", "Cf", "Co", "Cs", "Zl", "Zp")


def check_text(value: Any, field: str, *, max_length: int | Any, name: bool = False,
               required: bool = False) -> str | None:
    """``value`` as text of at most ``max_length`` characters (an int, or a String column).
    ``name=True``: also no control or bidi/format characters (U+202E and the like)."""
    limit = max_length if isinstance(max_length, int) else column_length(max_length)
    if value is None or value == "":
        if required:
            raise InputError(field, "必填", "required")
        return None
    if not isinstance(value, str):
        raise InputError(field, "应为文本", "must be text")
    if _BAD.search(value):
        raise InputError(field, "含有不允许的字符", "contains a character that is not allowed (NUL or a lone surrogate)")
    if len(value) > limit:
        raise InputError(field, f"不能超过{limit}个字符", f"at most {limit} characters")
    if name and any(_is_format_or_control(ch) for ch in value):
        raise InputError(field, "姓名或名称中含有控制字符或格式字符", "a name cannot contain control or formatting characters")
    return value


def has_bad_characters(text: str) -> bool:
    return bool(_BAD.search(text))


# --- the documented error answers (OpenAPI) ---------------------------------------------------

class ErrorItem(BaseModel):
    field: str | None = None
    message_zh: str
    message_en: str


class ErrorBody(BaseModel):
    """Every refusal: ``{"error": code, "field", "message_zh", "message_en", "errors": [...]}``."""

    model_config = ConfigDict(extra="allow")
    error: str
    field: str | None = None
    message_zh: str
    message_en: str
    errors: list[ErrorItem]


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody, "description": text} for status, text in (
        (401, "未登录 / not logged in"), (403, "无权操作（角色不允许）或请求来源无效 / not allowed for this role, or CSRF"),
        (404, "不存在或不在辖区内 / not found, or outside the user's jurisdiction"),
        (409, "状态或限额不允许 / the state or a limit does not allow it"),
        (422, "输入无效，指明字段 / bad input, naming the field"),
        (429, "请稍后再试 / too many attempts: wait retry_after seconds"))}


# --- the documented success answers (OpenAPI response models) ----------------------------------

class Answer(BaseModel):
    """Base of the response models: the fields a client may rely on are declared and typed (the
    OpenAPI schema shows them and the schemathesis run checks every answer against them); a model
    may carry more, which are passed through (``extra="allow"``), never dropped."""

    model_config = ConfigDict(extra="allow")
