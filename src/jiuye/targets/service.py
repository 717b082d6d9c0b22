"""Targets service: who sees which rows, recording actuals, the figures in force, the board.

Scoping follows ``jiuye.accounts``: the province administrator sees every plan; a city
manager sees the plan of its city (every district and the city total); a county caseworker
sees its own county's row only. Figures are entered by the jurisdiction's own staff: a county's
by its caseworkers, a city-wide plan's by the city's managers, the province's by the
administrator. A city total that is the sum of its districts is never entered: it is computed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..accounts.models import Role, User
from ..accounts.service import scope
from ..audit import service as audit
from ..errors import Forbidden, InputError, NotFound
from ..refdata.divisions import city_of, get_division
from . import derived
from .models import ActualEntry
from .plans import Indicator, Plan, plan, plans
from .progress import Progress, assess, month_end, percent

MAX_COMMENT = 500


# --- scope ------------------------------------------------------------------------------------
def visible(user: User, p: Plan) -> tuple[str, ...]:
    """The jurisdictions of ``p`` that ``user`` may see, districts first."""
    role = user.role_enum
    if role == Role.PROVINCE_ADMIN:
        return p.jurisdictions
    if role == Role.CITY_MANAGER and user.city_code == p.jurisdiction:
        return p.jurisdictions
    if role == Role.CASEWORKER and user.county_code in p.districts:
        return (user.county_code,)
    return ()


def visible_plans(user: User) -> list[Plan]:
    if not user.is_staff:
        raise Forbidden("只有工作人员可以查看目标进度", "only staff can see the targets")
    return [p for p in plans().values() if visible(user, p)]


def plan_for(user: User, key: str) -> Plan:
    p = plan(key)
    if not visible(user, p):
        raise NotFound("目标计划", "target plan", key)
    return p


def computed_total(p: Plan, ind: Indicator, jurisdiction: str) -> bool:
    """Is this cell the sum of the districts (never entered)?"""
    return bool(p.districts) and p.is_total(jurisdiction)


def may_enter(user: User, p: Plan, jurisdiction: str) -> bool:
    if p.is_total(jurisdiction) and p.districts:
        return False
    role = user.role_enum
    if role == Role.CASEWORKER:
        return jurisdiction == user.county_code and jurisdiction in p.districts
    if role == Role.CITY_MANAGER:
        return not p.districts and p.jurisdiction == user.city_code == jurisdiction
    if role == Role.PROVINCE_ADMIN:
        return not p.districts and p.jurisdiction == jurisdiction == "330000"
    return False


# --- values -----------------------------------------------------------------------------------
def parse_value(ind: Indicator, raw: Any, *, field: str = "value") -> int:
    """A figure as typed (``12,345``, ``98.5%``, ``1234.5``) in the indicator's unit → stored integer."""
    text = str(raw if raw is not None else "").strip().replace(",", "").replace("，", "")
    if ind.unit == "%":
        text = text.rstrip("%％").strip()
    if not text:
        raise InputError(field, f"请填写「{ind.label_zh}」（{ind.unit}）", f"enter {ind.label_en} ({ind.unit})")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise InputError(field, f"「{ind.label_zh}」应为数字（{ind.unit}）：{text}",
                         f"{ind.label_en} must be a number ({ind.unit}): {text}") from None
    if not value.is_finite():
        raise InputError(field, f"「{ind.label_zh}」应为数字", f"{ind.label_en} must be a number")
    if ind.unit == "%" and value > 100:
        raise InputError(field, f"「{ind.label_zh}」是比率，不超过100%", f"{ind.label_en} is a rate of at most 100%")
    return ind.to_stored(value, field=field)


def _check_month(ind: Indicator, as_of: date, today: date) -> None:
    if not ind.period_start <= as_of <= month_end(ind.period_end):
        raise InputError("month", f"月份不在目标期内（{ind.period_start:%Y-%m} 至 {ind.period_end:%Y-%m}）",
                         f"the month is outside the target period ({ind.period_start:%Y-%m} to {ind.period_end:%Y-%m})")
    if as_of > month_end(today):
        raise InputError("month", "不能填报未来月份", "a future month cannot be reported")


def current_entry(db_session: Session, *, plan_key: str, indicator: str, jurisdiction: str,
                  as_of: date) -> ActualEntry | None:
    return db_session.scalar(
        select(ActualEntry).where(ActualEntry.plan == plan_key, ActualEntry.indicator == indicator,
                                  ActualEntry.jurisdiction_code == jurisdiction, ActualEntry.as_of == as_of)
        .order_by(ActualEntry.id.desc()).limit(1))


def _scope_codes(jurisdiction: str) -> tuple[str | None, str | None]:
    d = get_division(jurisdiction)
    if d is not None and d.level == "county":
        return d.code, city_of(d.code)
    if d is not None and d.level == "city":
        return None, d.code
    return None, None


def record(db_session: Session, *, user: User, plan_key: str, jurisdiction: str, indicator: str, as_of: date,
           value: Any, comment: str | None = None, source: str = "entry", import_ref: str | None = None,
           today: date | None = None, commit: bool = True) -> ActualEntry | None:
    """Append one figure (cumulative from the period start to the end of ``as_of``'s month).

    A figure for a month that already has one is a correction: a new row naming the one it
    replaces, with a comment saying why. The same value again changes nothing (returns None)."""
    p = plan_for(user, plan_key)
    ind = p.indicator(indicator)
    if jurisdiction not in visible(user, p):
        raise NotFound("辖区", "jurisdiction", jurisdiction)
    if not may_enter(user, p, jurisdiction):
        raise Forbidden("只有本辖区的工作人员可以填报（市合计由各区县相加得出）",
                        "only the jurisdiction's own staff report figures (a city total is the sum of its districts)")
    as_of = month_end(as_of)
    _check_month(ind, as_of, today or date.today())
    stored = value if isinstance(value, int) and not isinstance(value, bool) else parse_value(ind, value)
    note = (comment or "").strip() or None
    if note and len(note) > MAX_COMMENT:
        raise InputError("comment", f"说明不超过{MAX_COMMENT}字", f"the comment is at most {MAX_COMMENT} characters")
    before = current_entry(db_session, plan_key=p.key, indicator=ind.key, jurisdiction=jurisdiction, as_of=as_of)
    if before is not None and before.value == stored:
        return None
    if before is not None and note is None:
        raise InputError("comment", f"更正「{ind.label_zh}」{as_of:%Y-%m} 的数字须说明原因",
                         f"a correction of {ind.label_en} for {as_of:%Y-%m} needs a comment saying why")
    county, city = _scope_codes(jurisdiction)
    entry = ActualEntry(plan=p.key, indicator=ind.key, jurisdiction_code=jurisdiction, county_code=county,
                        city_code=city, as_of=as_of, value=stored, source=source, comment=note,
                        corrects_id=before.id if before else None, import_ref=import_ref,
                        entered_by_user_id=user.id)
    db_session.add(entry)
    db_session.flush()
    audit.record(db_session, actor=user, action="target.corrected" if before else "target.reported",
                 object_type="target_actual", object_id=entry.id, county_code=county,
                 details={"plan": p.key, "indicator": ind.key, "jurisdiction": jurisdiction,
                          "month": f"{as_of:%Y-%m}", "value": stored, "before": before.value if before else None,
                          "source": source, "comment": note})
    if commit:
        db_session.commit()
    return entry


# --- figures in force -------------------------------------------------------------------------
def _ranked(p: Plan, jurisdictions: tuple[str, ...], upto: date, partition: tuple[Any, ...]):
    rank = func.row_number().over(partition_by=partition,
                                  order_by=(ActualEntry.as_of.desc(), ActualEntry.id.desc())).label("rank")
    return (select(ActualEntry.id, rank)
            .where(ActualEntry.plan == p.key, ActualEntry.jurisdiction_code.in_(jurisdictions),
                   ActualEntry.as_of >= p.period_start, ActualEntry.as_of <= upto).subquery())


def latest(db_session: Session, p: Plan, jurisdictions: tuple[str, ...], upto: date) -> dict[tuple[str, str], ActualEntry]:
    """(indicator, jurisdiction) → the newest figure of the latest month up to ``upto``."""
    ranked = _ranked(p, jurisdictions, upto, (ActualEntry.indicator, ActualEntry.jurisdiction_code))
    rows = db_session.scalars(select(ActualEntry).join(ranked, ranked.c.id == ActualEntry.id).where(ranked.c.rank == 1))
    return {(e.indicator, e.jurisdiction_code): e for e in rows}


def monthly(db_session: Session, p: Plan, jurisdictions: tuple[str, ...], upto: date,
            indicator: str | None = None) -> dict[tuple[str, str, date], int]:
    """(indicator, jurisdiction, month) → the figure in force for that month (corrections applied)."""
    ranked = _ranked(p, jurisdictions, upto, (ActualEntry.indicator, ActualEntry.jurisdiction_code, ActualEntry.as_of))
    stmt = (select(ActualEntry.indicator, ActualEntry.jurisdiction_code, ActualEntry.as_of, ActualEntry.value)
            .join(ranked, ranked.c.id == ActualEntry.id).where(ranked.c.rank == 1))
    if indicator is not None:
        stmt = stmt.where(ActualEntry.indicator == indicator)
    return {(i, j, m): v for i, j, m, v in db_session.execute(stmt)}


def history(db_session: Session, *, user: User, plan_key: str, jurisdiction: str,
            indicator: str | None = None) -> list[ActualEntry]:
    p = plan_for(user, plan_key)
    if jurisdiction not in visible(user, p):
        raise NotFound("辖区", "jurisdiction", jurisdiction)
    stmt = (select(ActualEntry).where(ActualEntry.plan == p.key, ActualEntry.jurisdiction_code == jurisdiction,
                                      scope(user, county_col=ActualEntry.county_code, city_col=ActualEntry.city_code))
            .order_by(ActualEntry.as_of.desc(), ActualEntry.id.desc()))
    if indicator:
        stmt = stmt.where(ActualEntry.indicator == indicator)
    return list(db_session.scalars(stmt))


def latest_month(db_session: Session, p: Plan, jurisdictions: tuple[str, ...]) -> date | None:
    """The latest month every one of ``jurisdictions`` that reports has reported (else the latest of any)."""
    reporting = tuple(j for j in jurisdictions if not (p.districts and p.is_total(j)))
    rows = db_session.execute(select(ActualEntry.jurisdiction_code, func.max(ActualEntry.as_of)).where(
        ActualEntry.plan == p.key, ActualEntry.jurisdiction_code.in_(reporting),
        ActualEntry.as_of >= p.period_start, ActualEntry.as_of <= month_end(p.period_end))
        .group_by(ActualEntry.jurisdiction_code)).all()
    if not rows:
        return None
    months = [m for _, m in rows]
    return min(months) if len(rows) == len(reporting) else max(months)


def default_month(db_session: Session, p: Plan, jurisdictions: tuple[str, ...], today: date | None = None) -> date:
    found = latest_month(db_session, p, jurisdictions)
    if found is not None:
        return found
    return month_end(min(max(today or date.today(), p.period_start), p.period_end))


# --- the board --------------------------------------------------------------------------------
@dataclass
class Cell:
    indicator: Indicator
    jurisdiction: str
    target: Decimal | None
    actual: Decimal | None
    as_of: date | None  # the month the figure is for (may be earlier than the board's month)
    source: str | None  # entry | import | derived | sum
    progress: Progress
    entry_id: int | None = None
    derived: derived.DerivedFigure | None = None
    reported: int = 0  # districts reported (for a computed total)
    met: int = 0  # districts meeting a rate target (for a computed total)
    expected: int = 0  # districts (for a computed total)


@dataclass
class Board:
    plan: Plan
    month: date
    jurisdictions: tuple[str, ...]
    cells: dict[tuple[str, str], Cell] = field(default_factory=dict)

    def cell(self, indicator: str, jurisdiction: str) -> Cell:
        return self.cells[(indicator, jurisdiction)]

    def alerts(self) -> list[Cell]:
        """What is behind, worst first: a running total by its gap to the time elapsed, a rate or
        stock by its gap to the target (both in percentage points)."""
        behind = [c for c in self.cells.values() if c.progress.status == "behind"]

        def gap(c: Cell) -> Decimal:
            if c.progress.gap_points is not None:
                return c.progress.gap_points
            return percent(c.progress.completion) - 100 if c.progress.completion is not None else Decimal(-100)

        return sorted(behind, key=lambda c: (gap(c), c.indicator.key, c.jurisdiction))


def _cell(db_session: Session, p: Plan, ind: Indicator, j: str, entry: ActualEntry | None, month: date,
          with_derived: bool) -> Cell:
    fig = derived.figure(db_session, p.key, ind.key, j, ind.period_start, month) if with_derived else None
    target = p.target(ind.key, j)
    if entry is not None:
        actual, as_of, source = ind.from_stored(entry.value), entry.as_of, entry.source
    elif fig is not None and fig.value is not None:
        actual, as_of, source = ind.from_stored(fig.value), month, "derived"
    else:
        actual, as_of, source = None, None, None
    return Cell(ind, j, target, actual, as_of, source, assess(ind, target, actual, as_of),
                entry.id if entry else None, fig)


def _total(p: Plan, ind: Indicator, parts: list[Cell], month: date) -> Cell:
    """The city's cell: the sum of its districts' figures for ``month`` itself (a district whose latest
    figure is older has not reported the month, and the total is then not known)."""
    target = p.target(ind.key, p.jurisdiction)
    known = [c for c in parts if c.actual is not None and c.as_of == month]
    met = sum(1 for c in known if c.progress.status == "achieved")
    actual = None
    if ind.aggregate == "sum" and known and len(known) == len(parts):
        actual = sum((c.actual for c in known), Decimal(0))
    as_of = min((c.as_of for c in known), default=None) if actual is not None else None
    progress = assess(ind, target, actual, as_of) if actual is not None else assess(ind, target, None, month)
    return Cell(ind, p.jurisdiction, target, actual, as_of, "sum" if ind.aggregate == "sum" else None, progress,
                reported=len(known), met=met, expected=len(parts))


def board(db_session: Session, *, user: User, plan_key: str, month: date | None = None,
          with_derived: bool = True) -> Board:
    """Every cell of the plan ``user`` may see as of the end of ``month`` (default: the latest reported)."""
    p = plan_for(user, plan_key)
    return board_for(db_session, p, visible(user, p), month, with_derived=with_derived)


def board_for(db_session: Session, p: Plan, seen: tuple[str, ...], month: date | None = None, *,
              with_derived: bool = True) -> Board:
    month = month_end(month) if month else default_month(db_session, p, seen)
    entries = latest(db_session, p, seen, month)
    out = Board(p, month, seen)
    for ind in p.indicators:
        parts = []
        for j in seen:
            if computed_total(p, ind, j):
                continue
            c = _cell(db_session, p, ind, j, entries.get((ind.key, j)), month, with_derived)
            out.cells[(ind.key, j)] = c
            if j in p.districts:
                parts.append(c)
        if p.districts and p.jurisdiction in seen:
            out.cells[(ind.key, p.jurisdiction)] = _total(p, ind, parts, month)
    return out
