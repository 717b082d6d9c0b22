"""Shared pieces of the input models. Every field is optional: a missing fact is "not known", and the engine asks for
it only when it changes an outcome. Each field carries its labels and the question to ask, in
Chinese and English (``json_schema_extra``); :mod:`jiuye.engine.vars` turns them into rule facts.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from .ranges import check_fact


def fact(label_zh: str, label_en: str, q_zh: str, q_en: str, **kw: Any) -> Any:
    return Field(default=None, description=f"{label_zh} / {label_en}",
                 json_schema_extra={"label_zh": label_zh, "label_en": label_en,
                                    "question_zh": q_zh, "question_en": q_en}, **kw)


def outside_zhejiang(code: str) -> bool:
    """A 6-digit code of another province (we hold only Zhejiang's division table)."""
    from ..refdata.divisions import PROVINCE_PREFIXES

    code = code.strip()
    return len(code) == 6 and code.isdigit() and code[:2] in PROVINCE_PREFIXES and code[:2] != "33"


def check_adcode(value: str | None, field: str) -> str | None:
    if value is None:
        return None
    from ..refdata.divisions import require_division

    value = value.strip()
    require_division(value, field=field)  # raises InputError naming the field
    return value


class Facts(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, validate_assignment=False)

    @field_validator("*", mode="before")
    @classmethod
    def _empty_is_unknown(cls, v: Any) -> Any:
        return None if v == "" else v

    @field_validator("*", mode="after")
    @classmethod
    def _plausible(cls, v: Any, info: ValidationInfo) -> Any:
        """Numbers and dates in their plausible ranges (:mod:`.ranges`), named in the user's words."""
        check_fact(cls, info.field_name or "", v, info.data)
        return v
