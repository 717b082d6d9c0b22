"""待维护: every parameter a provision needs that has no value today, per jurisdiction.

- A local standard: the counties of the user's jurisdiction, where a provision in force applies,
  without a value (their own, their city's or the province's).
- An external standard (minimum wage, LPR, 低保…): the province, when it has no value today.
- A county's own key (its minimum-wage tier): the counties, where a provision in force applies,
  whose tier is not known today.
- A draft's blank effective date (征求意见稿: 本意见自 2022 年*月*日起施行): the document's own
  area, while no date is recorded — its provisions are not in force *because* of it, so it is
  listed whatever their status.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from ..accounts.models import Role, User
from ..params.store import PARAMETERS, ValueEntry
from ..refdata import divisions
from . import service, tiers


@dataclass(frozen=True)
class Missing:
    parameter: str
    label_zh: str
    label_en: str
    unit: str
    provisions: tuple[Any, ...]
    jurisdictions: tuple[str, ...]  # county codes without a value today (the document's area for a date)


def _counties_for(user: User) -> list[str]:
    role = user.role_enum
    if role == Role.CASEWORKER:
        return [user.county_code] if user.county_code else []
    city = user.city_code if role == Role.CITY_MANAGER else None
    return [d.code for d in divisions.counties(city)]


def _applies_in(prov: Any, county: str, snap: Any) -> bool | None:
    from ..engine.expr import Env  # evaluation of the jurisdiction condition for one place

    facts = {f.name for f in prov.jurisdiction.test.facts() if f.dtype == "str"}
    env = Env(values={name: county for name in facts}, snapshot=snap, as_of=snap.as_of)
    return prov.jurisdiction.test.ev(env)


def current(snap: Any, name: str, code: str) -> tuple[Any, ValueEntry | None]:
    """The value of ``name`` for ``code`` on the snapshot's date, with the entry it comes from."""
    if tiers.is_keyed(name):
        return PARAMETERS[name].keyed_at(snap.as_of, code)
    value, entry, _ = snap.resolve(name, code)
    return value, entry


def _draft_date(m: Any, user: User, snap: Any) -> Missing | None:
    from ..engine.provision import recorded_date

    doc = service.effective_date_of(m.name)
    if not service.can_act_on(user, doc.jurisdiction) or recorded_date(snap, m.name, doc.jurisdiction) is not None:
        return None
    provs = tuple(p for p in m.provisions if p.document.id == doc.id)
    return Missing(m.name, m.label_zh, m.label_en, m.unit, provs, (doc.jurisdiction,))


def todo(*, user: User, as_of: date | None = None) -> list[Missing]:
    """Every parameter a provision in force needs that has no value on ``as_of``, with the counties
    (in the user's jurisdiction, where the provision applies) still missing one; and every draft
    whose effective date is still blank."""
    service._staff(user)
    from ..engine.provision import Status

    as_of = as_of or date.today()
    snap = PARAMETERS.snapshot(as_of)
    counties = _counties_for(user)
    out: list[Missing] = []
    for m in service.maintainable():
        if service.effective_date_of(m.name) is not None:
            missing_date = _draft_date(m, user, snap)
            if missing_date is not None:
                out.append(missing_date)
            continue
        live = [p for p in m.provisions if p.status(as_of, snap) == Status.IN_FORCE]
        if not live:
            continue
        if service.is_provincial(m.name):  # set once for the whole province, by the province administrator
            if snap.get(m.name) is None:
                out.append(Missing(m.name, m.label_zh, m.label_en, m.unit, tuple(live), (service.PROVINCE,)))
            continue
        keyed = tiers.is_keyed(m.name)
        if not keyed and snap.get(m.name) is not None:
            continue
        missing = []
        for c in counties:
            if current(snap, m.name, c)[0] is not None:
                continue
            if any(_applies_in(p, c, snap) for p in live):
                missing.append(c)
        if missing:
            out.append(Missing(m.name, m.label_zh, m.label_en, m.unit, tuple(live), tuple(missing)))
    return out


def todo_counts(items: Iterable[Missing]) -> dict[str, int]:
    """Per county: how many parameters still need a value."""
    counts: dict[str, int] = {}
    for m in items:
        for c in m.jurisdictions:
            counts[c] = counts.get(c, 0) + 1
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
