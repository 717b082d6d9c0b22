"""舍位平衡: rounding the parts of a total so that the rounded parts add up to the rounded total.

Reports show amounts in 万元 to two decimals. Rounding each district on its own can leave the
column one or two hundredths off its total. The largest-remainder method (最大余数法) rounds the
total half-up, floors every part, and gives the missing units one each to the parts with the
largest remainders (ties: the earlier part). Each part then differs from its exact value by less
than one unit, and the parts add up to the rounded total exactly.
"""

from __future__ import annotations

from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal


def balanced(values: list[Decimal], places: int = 2) -> tuple[list[Decimal], Decimal]:
    """(rounded parts, rounded total) with ``sum(parts) == total``."""
    unit = Decimal(1).scaleb(-places)
    exact_total = sum(values, Decimal(0))
    total = exact_total.quantize(unit, rounding=ROUND_HALF_UP)
    floors = [v.quantize(unit, rounding=ROUND_FLOOR) for v in values]
    missing = int((total - sum(floors, Decimal(0))) / unit)
    order = sorted(range(len(values)), key=lambda i: (-(values[i] - floors[i]), i))
    parts = list(floors)
    for i in order[:missing]:
        parts[i] += unit
    return parts, total


def fen_to_wan(fen: int) -> Decimal:
    """Fen as exact 万元 (1 万元 = 1,000,000 fen)."""
    return Decimal(fen) / Decimal(1_000_000)
