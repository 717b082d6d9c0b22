"""Input models. Every field is optional: a missing fact is "not known", and the engine asks for
it only when it changes an outcome. Each field carries its labels and the question to ask, in
Chinese and English (``json_schema_extra``); :mod:`jiuye.engine.vars` turns them into rule facts.

The subject models live in :mod:`.person`, :mod:`.enterprise` and :mod:`.organisation`.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_validator

from ..errors import InputError
from .base import fact
from .enterprise import Enterprise
from .organisation import Organisation
from .person import Person
from .ranges import BOUND_ERRORS, check_fact, labels_of, out_of_range
from .spells import Spell

__all__ = ["BenefitRecord", "Case", "Enterprise", "Organisation", "Person", "Spell", "bound_message", "fact",
           "input_error_from"]


class BenefitRecord(BaseModel):
    """A benefit already received: one ledger record (see :mod:`jiuye.engine.limits`).

    ``period_start``/``period_end`` (inclusive) give the months it paid for; without them a
    record of a monthly benefit counts one month and of a yearly benefit twelve."""

    model_config = ConfigDict(extra="forbid")
    provision_id: str
    granted_on: date
    amount_fen: int | None = Field(default=None, ge=0)
    period_start: date | None = None
    period_end: date | None = None
    claimant: Literal["self", "employer"] = "self"
    occupation: str | None = None
    level: int | None = Field(default=None, ge=0, le=5, description="1–5; 0 = 专项职业能力 (no level)")
    certificate_no: str | None = None
    loan_term_months: int | None = Field(default=None, ge=0)

    @field_validator("granted_on", "amount_fen", "period_start", "period_end", "level", "loan_term_months")
    @classmethod
    def _plausible(cls, v: Any, info: ValidationInfo) -> Any:
        check_fact(cls, info.field_name or "", v, {})
        return v


class Case(BaseModel):
    """What the engine evaluates: the subject's facts and benefit history."""

    model_config = ConfigDict(extra="forbid")
    person: Person | None = None
    enterprise: Enterprise | None = None
    organisation: Organisation | None = None
    history: list[BenefitRecord] = Field(default_factory=list)
    spells: list[Spell] = Field(default_factory=list)  # dated statuses; see jiuye.facts.spells

    @classmethod
    def parse(cls, data: Any) -> Case:
        """Validate raw data; raise :class:`InputError` naming the first bad field (zh + en)."""
        try:
            return cls.model_validate(data)
        except ValidationError as exc:
            raise input_error_from(exc) from None


def input_error_from(exc: ValidationError) -> InputError:
    err = exc.errors()[0]
    field = ".".join(str(p) for p in err["loc"]) or "case"
    msg = str(err.get("msg", "invalid"))
    ctx_err = (err.get("ctx") or {}).get("error")
    if ctx_err is not None and hasattr(ctx_err, "message_zh"):
        return InputError(getattr(ctx_err, "field", None) or field, ctx_err.message_zh, ctx_err.message_en)
    bound = bound_message(err["loc"], err["type"])
    if bound is not None:
        return InputError(field, *bound)
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, "):]
    zh = _ZH.get(err["type"], "输入无效")
    return InputError(field, f"{zh}：{msg}" if " / " not in msg else msg, msg)


_ZH = {
    "missing": "缺少必填项", "extra_forbidden": "不认识的字段", "date_from_datetime_parsing": "日期格式无效",
    "date_parsing": "日期格式无效", "int_parsing": "应为整数", "bool_parsing": "应为是/否",
    "literal_error": "取值不在允许范围内", "greater_than_equal": "数值过小", "less_than_equal": "数值过大",
    "string_type": "应为文本", "int_type": "应为整数", "date_type": "应为日期",
}


def bound_message(loc: tuple[Any, ...] | list[Any], kind: str) -> tuple[str, str] | None:
    """The user's-words message for a bound a fact model declares itself (``ge=0``, ``le=5``), from the
    error's location (``person.si_months``, ``body.history.0.level``); None when not a fact's."""
    if kind not in BOUND_ERRORS:
        return None
    parts = [str(p) for p in loc if str(p) not in ("body", "query")]
    models = {"person": Person, "enterprise": Enterprise, "organisation": Organisation, "history": BenefitRecord}
    if len(parts) < 2 or parts[0] not in models:
        return None
    model, name = models[parts[0]], parts[-1]
    if name not in model.model_fields:
        return None
    return out_of_range(name, labels_of(model, name))
