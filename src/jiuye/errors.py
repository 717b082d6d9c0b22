"""One exception tree for the whole system.

    JiuyeError
    ├── InputError                 bad facts from a user or a file: names the field (zh + en)
    │   └── InvalidIdentifier      身份证号 / 统一社会信用代码 failed its check (jiuye.ids)
    ├── ParameterError             a parameter file or lookup is wrong
    │   └── ParameterNotKnown      a value is not known as of the date (never read as zero)
    ├── DeclarationError           a provision is declared inconsistently (found at import)
    │   └── ParameterNotFound      a provision reads a parameter no file declares
    └── ServiceError               an operation refused; ``status`` is its HTTP status
        ├── NotAuthenticated       401: no valid session
        ├── Forbidden              403: the role may not do this at all
        │   └── ApproverCannotPay  审批与支付分离: the approver of an application may not pay it
        ├── NotFound               404: no such object (or not in the user's jurisdiction)
        │   └── UnknownProvision   no provision with that id
        ├── TooManyRequests        429: wait ``retry_after`` seconds (login throttling, busy hashing)
        └── Conflict               409: the state or a limit does not allow it
            ├── InvalidTransition  the object is not in a state allowing the action
            ├── LimitExceeded      a cap of the documents (three a year, once per certificate...)
            └── IdempotencyMismatch an idempotency key reused for a different request

Every error says what failed, for whom (when known) and as of which date (when relevant).
Each class carries the HTTP ``status`` and the machine ``code`` the web app answers with (one
handler in :mod:`jiuye.web.errors`), and ``to_dict()`` gives the field to blame and the message
in Chinese and English. An object outside the user's county or city is reported as NotFound,
never Forbidden, so its existence does not leak.
"""

from __future__ import annotations

from datetime import date
from typing import Any


class JiuyeError(Exception):
    """Base of every error this package raises on purpose."""

    status = 422
    code = "invalid_input"

    def to_dict(self) -> dict[str, Any]:
        """The field to blame and the message (zh + en); the base has no field of its own."""
        return {"field": "body", "message_zh": str(self), "message_en": str(self)}


class InputError(JiuyeError, ValueError):
    """A fact supplied by a user is invalid. ``field`` is the dotted path of the field."""

    def __init__(self, field: str, message_zh: str, message_en: str, *, subject: str | None = None):
        self.field = field
        self.message_zh = message_zh
        self.message_en = message_en
        self.subject = subject
        who = f" [{subject}]" if subject else ""
        super().__init__(f"{field}{who}: {message_zh} / {message_en}")

    def to_dict(self) -> dict[str, Any]:
        return {"field": self.field, "message_zh": self.message_zh, "message_en": self.message_en}


class ParameterError(JiuyeError):
    """A parameter file is malformed or a parameter does not exist."""

    code = "parameter_error"

    def to_dict(self) -> dict[str, Any]:
        return {"field": "parameters", "message_zh": str(self), "message_en": str(self)}


class ParameterNotKnown(ParameterError):
    """The parameter has no known value as of the date (or for the key)."""

    def __init__(self, name: str, as_of: date, key: str | None = None):
        self.name, self.as_of, self.key = name, as_of, key
        k = f"[{key}]" if key is not None else ""
        super().__init__(f"parameter {name}{k} is not known as of {as_of.isoformat()} / 截至该日期参数值未知")


class DeclarationError(JiuyeError):
    """A provision or document declaration is inconsistent."""


class ParameterNotFound(DeclarationError):
    """A provision reads a parameter that no parameter file declares (found when the catalogue is built)."""

    def __init__(self, provision_id: str, name: str, where: str):
        self.provision_id, self.name, self.where = provision_id, name, where
        super().__init__(f"provision {provision_id}: {where} reads parameter {name!r}, which no file under "
                         f"src/jiuye/parameters declares / 条款引用了未声明的参数")


class ServiceError(JiuyeError):
    """An operation refused; ``status`` is its HTTP status, ``code`` the machine-readable reason."""

    status = 400
    code = "error"

    def __init__(self, message_zh: str, message_en: str, *, field: str | None = None, **extra: Any):
        self.message_zh, self.message_en, self.field, self.extra = message_zh, message_en, field, extra
        super().__init__(f"{message_zh} / {message_en}")

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"field": self.field or self.code, "message_zh": self.message_zh,
                               "message_en": self.message_en}
        out.update(self.extra)
        return out


class NotAuthenticated(ServiceError):
    status, code = 401, "not_authenticated"

    def __init__(self) -> None:
        super().__init__("请先登录", "please log in")


class Forbidden(ServiceError):
    status, code = 403, "forbidden"


class ApproverCannotPay(Forbidden):
    """The caseworker who approved an application may not pay its instalments (setting
    ``JIUYE_SEPARATE_APPROVER_PAYER``, on by default): another caseworker of the county pays."""

    code = "approver_cannot_pay"

    def __init__(self) -> None:
        super().__init__("审批与支付分离：您批准了该申请，须由本县（市、区）另一名经办人办理支付",
                         "separation of duties: you approved this application, so another caseworker of the county "
                         "must pay it", field="payer")


class NotFound(ServiceError):
    """No such object. ``kind`` names what was looked for (``document``, ``parameter`` …): the
    code is then ``unknown_<kind>`` and the field ``kind``, else ``not_found``."""

    status, code = 404, "not_found"

    def __init__(self, what_zh: str, what_en: str, ident: object, *, kind: str | None = None,
                 field: str | None = None):
        self.kind, self.key = kind, ident
        if kind is not None:
            self.code = f"unknown_{kind}"
        super().__init__(f"未找到{what_zh}：{ident}", f"no {what_en} with id {ident!r}",
                         field=field or kind)


class UnknownProvision(NotFound, KeyError):
    def __init__(self, provision_id: str):
        self.provision_id = provision_id
        super().__init__("该政策条款", "provision", provision_id, kind="provision", field="provision_id")

    def __str__(self) -> str:  # KeyError would add quotes
        return self.args[0]


class TooManyRequests(ServiceError):
    status, code = 429, "too_many_requests"


class Conflict(ServiceError):
    status, code = 409, "conflict"


class InvalidTransition(Conflict):
    code = "invalid_transition"


class LimitExceeded(Conflict):
    code = "limit_exceeded"


class IdempotencyMismatch(Conflict):
    code = "idempotency_mismatch"

    def __init__(self) -> None:
        super().__init__("幂等键已用于另一请求", "this idempotency key was used for a different request",
                         field="idempotency_key")
