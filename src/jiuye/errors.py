"""One exception tree for the whole system.

    JiuyeError
    ├── InputError                 bad facts from a user or a file: names the field (zh + en)
    │   └── InvalidIdentifier      身份证号 / 统一社会信用代码 failed its check (jiuye.ids)
    ├── ParameterError             a parameter file or lookup is wrong
    │   └── ParameterNotKnown      a value is not known as of the date (never read as zero)
    ├── DeclarationError           a provision is declared inconsistently (found at import)
    └── UnknownProvision           no provision with that id

Every error says what failed, for whom (when known) and as of which date (when relevant).
"""

from __future__ import annotations

from datetime import date


class JiuyeError(Exception):
    """Base of every error this package raises on purpose."""


class InputError(JiuyeError, ValueError):
    """A fact supplied by a user is invalid. ``field`` is the dotted path of the field."""

    def __init__(self, field: str, message_zh: str, message_en: str, *, subject: str | None = None):
        self.field = field
        self.message_zh = message_zh
        self.message_en = message_en
        self.subject = subject
        who = f" [{subject}]" if subject else ""
        super().__init__(f"{field}{who}: {message_zh} / {message_en}")

    def to_dict(self) -> dict[str, str]:
        return {"field": self.field, "message_zh": self.message_zh, "message_en": self.message_en}


class ParameterError(JiuyeError):
    """A parameter file is malformed or a parameter does not exist."""


class ParameterNotKnown(ParameterError):
    """The parameter has no known value as of the date (or for the key)."""

    def __init__(self, name: str, as_of: date, key: str | None = None):
        self.name, self.as_of, self.key = name, as_of, key
        k = f"[{key}]" if key is not None else ""
        super().__init__(f"parameter {name}{k} is not known as of {as_of.isoformat()} / 截至该日期参数值未知")


class DeclarationError(JiuyeError):
    """A provision or document declaration is inconsistent."""


class UnknownProvision(JiuyeError, KeyError):
    def __init__(self, provision_id: str):
        self.provision_id = provision_id
        super().__init__(f"no provision with id {provision_id!r} / 未找到该政策条款")

    def __str__(self) -> str:  # KeyError would add quotes
        return self.args[0]
