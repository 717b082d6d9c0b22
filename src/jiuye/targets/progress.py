"""Completion against the target and against the share of the period elapsed (序时进度).

A running total (``measure == "cumulative"``) is on time when its completion rate keeps pace
with the months elapsed: 75% of the year's target by the end of September. A level (a rate
such as 帮扶率 100%, or a stock) is compared with the target alone.

Reading (docs/targets.md): within ``TOLERANCE`` (5 percentage points) of the time elapsed
counts as on track; further ahead is ahead, further behind is behind. ``TOLERANCE = 0`` gives the
strict reading (anything below the time elapsed is behind).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction

from ..dates import month_index
from .plans import Indicator

TOLERANCE = Fraction(5, 100)

STATUSES = ("achieved", "ahead", "on_track", "behind", "unknown")
STATUS_LABELS = {
    "achieved": ("已完成", "achieved"), "ahead": ("超序时进度", "ahead"), "on_track": ("序时推进", "on track"),
    "behind": ("落后序时进度", "behind"), "unknown": ("未报送", "not reported"),
}
LEVEL_LABELS = {"achieved": ("已达标", "target met"), "behind": ("未达标", "below target")}


def month_end(d: date) -> date:
    return date(d.year, d.month, calendar.monthrange(d.year, d.month)[1])


def parse_month(text: str | None, *, field: str = "month") -> date:
    """``2023-07`` (or a date in that month) → 2023-07-31."""
    from ..errors import InputError

    raw = (text or "").strip()
    try:
        y, m = raw[:7].split("-")
        return month_end(date(int(y), int(m), 1))
    except (ValueError, TypeError):
        raise InputError(field, f"月份格式应为 2023-07：{raw or '（空）'}", f"a month looks like 2023-07: {raw!r}") from None


def months_in(start: date, end: date) -> list[date]:
    """Month ends from ``start``'s month to ``end``'s month."""
    a, b = month_index(start), month_index(end)
    return [month_end(date(i // 12, i % 12 + 1, 1)) for i in range(a, b + 1)]


def elapsed_share(ind: Indicator, as_of: date) -> Fraction:
    """Whole months of the target period completed by the end of ``as_of``'s month, as a share."""
    total = month_index(ind.period_end) - month_index(ind.period_start) + 1
    done = month_index(min(max(as_of, ind.period_start), ind.period_end)) - month_index(ind.period_start) + 1
    if as_of < ind.period_start:
        done = 0
    return Fraction(done, total)


def _met(ind: Indicator, actual: Decimal, target: Decimal) -> bool:
    if ind.comparator == "at_most":
        return actual <= target
    if ind.comparator == "more_than":
        return actual > target
    return actual >= target


@dataclass(frozen=True)
class Progress:
    completion: Fraction | None  # actual / target (None: nothing reported, or no target)
    elapsed: Fraction | None  # share of the period elapsed (None for a level)
    status: str

    @property
    def gap_points(self) -> Decimal | None:
        """Completion minus time elapsed, in percentage points (negative = behind)."""
        if self.completion is None or self.elapsed is None:
            return None
        return _pct(self.completion - self.elapsed)


def _pct(f: Fraction) -> Decimal:
    return (Decimal(f.numerator) * 100 / Decimal(f.denominator)).quantize(Decimal("0.1"))


def percent(f: Fraction | None) -> Decimal | None:
    return None if f is None else _pct(f)


def assess(ind: Indicator, target: Decimal | None, actual: Decimal | None, as_of: date | None) -> Progress:
    if actual is None or target is None or as_of is None:
        return Progress(None, None if ind.measure == "level" or as_of is None else elapsed_share(ind, as_of),
                        "unknown")
    completion = Fraction(actual) / Fraction(target) if target else None
    if ind.measure == "level" or ind.comparator == "at_most":
        return Progress(completion, None, "achieved" if _met(ind, actual, target) else "behind")
    elapsed = elapsed_share(ind, as_of)
    if _met(ind, actual, target):
        status = "achieved"
    elif completion is None or completion < elapsed - TOLERANCE:
        status = "behind"
    elif completion > elapsed + TOLERANCE:
        status = "ahead"
    else:
        status = "on_track"
    return Progress(completion, elapsed, status)


def status_label(ind: Indicator, status: str, lang: str = "zh") -> str:
    table = LEVEL_LABELS if ind.measure == "level" and status in LEVEL_LABELS else STATUS_LABELS
    zh, en = table[status]
    return en if lang == "en" else zh
