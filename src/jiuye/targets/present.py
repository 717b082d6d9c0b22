"""What the pages show: numbers in the indicator's unit, cells, chart data."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..accounts.models import User
from .models import SOURCE_LABELS, ActualEntry
from .plans import Indicator, Plan
from .progress import STATUS_LABELS, elapsed_share, months_in, percent, status_label
from .service import Board, Cell, monthly

SYMBOLS = {"achieved": "✓", "ahead": "▲", "on_track": "●", "behind": "▼", "unknown": "—"}


def fmt(ind: Indicator, value: Decimal | None) -> str:
    if value is None:
        return "—"
    if ind.unit == "%":
        return f"{value.normalize():f}%"
    if ind.is_money:
        return f"{value.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):,}"
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return f"{value.normalize():f}"


def pct(value: Decimal | None) -> str:
    return "—" if value is None else f"{value}%"


def cell_view(cell: Cell, lang: str) -> dict[str, Any]:
    ind, pr = cell.indicator, cell.progress
    zh_en = SOURCE_LABELS.get(cell.source or "", ("", ""))
    if cell.source == "sum":
        zh_en = (f"{cell.reported}个区县之和", f"sum of {cell.reported} districts")
    label = status_label(ind, pr.status, lang)
    if cell.actual is None and cell.expected:
        label = (f"{cell.reported}/{cell.expected} 已报" if lang != "en" else f"{cell.reported}/{cell.expected} reported")
    if ind.measure == "level" and cell.met and cell.actual is None:
        label = f"{cell.met}个区县达标" if lang != "en" else f"{cell.met} districts met"
    return {
        "indicator": ind.key, "jurisdiction": cell.jurisdiction, "status": pr.status, "symbol": SYMBOLS[pr.status],
        "status_label": label, "target": fmt(ind, cell.target), "actual": fmt(ind, cell.actual),
        "completion": pct(percent(pr.completion)), "elapsed": pct(percent(pr.elapsed)),
        "gap": None if pr.gap_points is None else f"{pr.gap_points:+}",
        "as_of": f"{cell.as_of:%Y-%m}" if cell.as_of else None,
        "source": zh_en[1] if lang == "en" else zh_en[0], "source_key": cell.source,
        "derived": None if cell.derived is None else {
            "value": fmt(ind, ind.from_stored(cell.derived.value)) if cell.derived.value is not None else None,
            "query": cell.derived.query_en if lang == "en" else cell.derived.query_zh},
    }


def legend(lang: str) -> list[tuple[str, str, str]]:
    return [(s, SYMBOLS[s], STATUS_LABELS[s][1 if lang == "en" else 0]) for s in SYMBOLS]


def _ratio(value: int | None, ind: Indicator, target: Decimal | None) -> float | None:
    if value is None or not target:
        return None
    return float((ind.from_stored(value) / target * 100).quantize(Decimal("0.1")))


def charts(db_session: Session, board: Board, ind: Indicator, lang: str) -> dict[str, Any]:
    """A bar chart of completion by jurisdiction and a monthly trend of completion, with the time elapsed."""
    p = board.plan
    names = {j: p.name(j) for j in board.jurisdictions}
    rows = [j for j in board.jurisdictions if (ind.key, j) in board.cells]
    bar_cells = [board.cells[(ind.key, j)] for j in rows]
    elapsed_now = percent(bar_cells[0].progress.elapsed) if bar_cells and ind.measure == "cumulative" else None
    elapsed_name = "时间进度" if lang != "en" else "time elapsed"
    bar = {"kind": "bar", "unit": "%", "categories": [names[j] for j in rows],
           "series": [{"name": "完成率" if lang != "en" else "completion",
                       "data": [float(percent(c.progress.completion)) if c.progress.completion is not None else None
                                for c in bar_cells]}],
           "mark": float(elapsed_now) if elapsed_now is not None else (100.0 if ind.measure == "level" else None),
           "mark_name": elapsed_name if ind.measure == "cumulative" else ("目标" if lang != "en" else "target")}
    months = [m for m in months_in(ind.period_start, board.month) if m <= board.month][-24:]
    series_data = monthly(db_session, p, tuple(j for j in rows if not (p.districts and p.is_total(j))),
                          board.month, ind.key)
    series = []
    for j in rows:
        target = p.target(ind.key, j)
        if p.districts and p.is_total(j):
            values = []
            for m in months:
                parts = [series_data.get((ind.key, d, m)) for d in p.districts]
                values.append(None if ind.aggregate != "sum" or any(v is None for v in parts) else sum(parts))
        else:
            values = [series_data.get((ind.key, j, m)) for m in months]
        series.append({"name": names[j], "data": [_ratio(v, ind, target) for v in values]})
    if ind.measure == "cumulative":
        series.append({"name": elapsed_name, "dashed": True,
                       "data": [float(percent(elapsed_share(ind, m))) for m in months]})
    trend = {"kind": "line", "unit": "%", "categories": [f"{m:%Y-%m}" for m in months], "series": series}
    return {"bar": bar, "trend": trend}


def history_view(db_session: Session, p: Plan, entries: list[ActualEntry], lang: str) -> list[dict[str, Any]]:
    ids = {e.entered_by_user_id for e in entries}
    names = dict(db_session.execute(select(User.id, User.display_name).where(User.id.in_(ids))).all()) if ids else {}
    out = []
    for e in entries:
        ind = p.indicator(e.indicator)
        zh, en = SOURCE_LABELS[e.source]
        out.append({"id": e.id, "month": f"{e.as_of:%Y-%m}", "indicator": ind.label_en if lang == "en" else ind.label_zh,
                    "value": fmt(ind, ind.from_stored(e.value)), "unit": ind.unit, "source": en if lang == "en" else zh,
                    "who": names.get(e.entered_by_user_id, "?"), "when": e.entered_at, "comment": e.comment or "",
                    "corrects": e.corrects_id})
    return out


def month_choices(p: Plan, upto: date) -> list[str]:
    return [f"{m:%Y-%m}" for m in months_in(p.period_start, min(p.period_end, upto))][::-1]
