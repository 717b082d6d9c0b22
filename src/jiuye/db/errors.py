"""Errors of the database-backed domains (applications, payments, accounts, audit).

    JiuyeError                        (jiuye.errors)
    ├── InputError                    422: bad input, names the field (zh + en)
    └── ServiceError                  an operation refused; ``status`` is its HTTP status
        ├── NotAuthenticated          401: no valid session
        ├── Forbidden                 403: the role may not do this at all
        ├── NotFound                  404: no such object, or not in the user's jurisdiction
        └── Conflict                  409: the state or a limit does not allow it
            ├── InvalidTransition     the object is not in a state allowing the action
            ├── LimitExceeded         a cap of the documents (three a year, once per certificate...)
            └── IdempotencyMismatch   an idempotency key reused for a different request

An object outside the user's county or city is reported as NotFound, never Forbidden, so
its existence does not leak.
"""

from __future__ import annotations

from typing import Any

from ..errors import JiuyeError


class ServiceError(JiuyeError):
    status = 400
    code = "error"

    def __init__(self, message_zh: str, message_en: str, *, field: str | None = None, **extra: Any):
        self.message_zh, self.message_en, self.field, self.extra = message_zh, message_en, field, extra
        super().__init__(f"{message_zh} / {message_en}")

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"code": self.code, "message_zh": self.message_zh, "message_en": self.message_en}
        if self.field:
            out["field"] = self.field
        out.update(self.extra)
        return out


class NotAuthenticated(ServiceError):
    status, code = 401, "not_authenticated"

    def __init__(self) -> None:
        super().__init__("请先登录", "please log in")


class Forbidden(ServiceError):
    status, code = 403, "forbidden"


class NotFound(ServiceError):
    status, code = 404, "not_found"

    def __init__(self, what_zh: str, what_en: str, ident: object):
        super().__init__(f"未找到{what_zh} {ident}", f"{what_en} {ident} not found")


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
