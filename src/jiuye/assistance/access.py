"""Who may see and do what on the register: scoping by county (a county sees its people, a city
its counties) with :mod:`jiuye.accounts`; an entry outside it is NotFound, never Forbidden."""

from __future__ import annotations

from typing import Any

from sqlalchemy import literal, select, true
from sqlalchemy.orm import Session

from ..accounts.models import Role, User
from ..accounts.service import scope
from ..audit import service as audit
from ..errors import Forbidden, NotFound
from .models import RegisterPerson


def scoped(user: User | None) -> Any:
    """What ``user`` may see; ``None`` is the system (the daily job, the benchmark): everything."""
    if user is None:
        return true()
    return scope(user, county_col=RegisterPerson.county_code, city_col=RegisterPerson.city_code,
                 person_col=RegisterPerson.person_id, kind_col=literal("person"))


def get_person(session: Session, user: User, register_id: int, *, for_update: bool = False) -> RegisterPerson:
    """The register entry if ``user`` may see it; otherwise NotFound (another county's looks absent)."""
    stmt = select(RegisterPerson).where(RegisterPerson.id == register_id, scoped(user))
    if for_update:
        stmt = stmt.with_for_update()
    p = session.scalar(stmt)
    if p is None:
        raise NotFound("台账人员", "register entry", register_id)
    return p


def require_caseworker(user: User, county_code: str) -> None:
    if user.role_enum != Role.CASEWORKER or user.county_code != county_code:
        raise Forbidden("只有本县（市、区）经办人可以办理", "only a caseworker of the county can do this")


def as_actor(user: Any) -> Any:
    return user if user is not None else audit.SYSTEM


