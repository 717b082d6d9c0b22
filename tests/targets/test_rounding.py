"""舍位平衡 by the largest-remainder method: the rounded parts add up to the rounded total."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from hypothesis import given
from hypothesis import strategies as st

from jiuye.targets.rounding import balanced, fen_to_wan

CENT = Decimal("0.01")


def test_three_thirds_add_up():
    parts, total = balanced([Decimal("0.333333")] * 3)
    assert total == Decimal("1.00")
    assert parts == [Decimal("0.34"), Decimal("0.33"), Decimal("0.33")]  # the tie goes to the first


def test_plain_rounding_would_not_add_up():
    values = [fen_to_wan(f) for f in (12_345_678, 23_456_789, 34_567_891)]  # 12.345678 万元 …
    naive = [v.quantize(CENT, rounding=ROUND_HALF_UP) for v in values]
    parts, total = balanced(values)
    # 12.345678 + 23.456789 + 34.567891 = 70.370358 → 70.37, but 12.35 + 23.46 + 34.57 = 70.38
    assert total == Decimal("70.37") and sum(naive) == Decimal("70.38")
    # floors 12.34 + 23.45 + 34.56 = 70.35; the two missing cents go to the largest remainders
    assert parts == [Decimal("12.34"), Decimal("23.46"), Decimal("34.57")]
    assert sum(parts) == total


fen = st.integers(min_value=0, max_value=10**13)


@given(st.lists(fen, min_size=1, max_size=40))
def test_parts_add_up_to_the_rounded_total(amounts):
    values = [fen_to_wan(a) for a in amounts]
    parts, total = balanced(values)
    assert sum(parts) == total
    assert total == sum(values).quantize(CENT, rounding=ROUND_HALF_UP)
    for part, exact in zip(parts, values, strict=True):
        assert abs(part - exact) < CENT  # each part moved by less than one unit
        assert part == part.quantize(CENT)


@given(st.lists(st.decimals(min_value=-10**6, max_value=10**6, places=5, allow_nan=False), min_size=1,
                max_size=20), st.integers(min_value=0, max_value=3))
def test_any_places_and_signs(values, places):
    parts, total = balanced(values, places)
    unit = Decimal(1).scaleb(-places)
    assert sum(parts) == total
    assert all(abs(p - v) < unit for p, v in zip(parts, values, strict=True))
