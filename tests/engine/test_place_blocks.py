"""Place blocks decided on the county categories, nested blocks and money kept where something is eligible.

The table path groups the provisions by their jurisdiction test and evaluates a group on its rows
only (``jiuye.engine.blocks``). Tests reading one Categorical county column are first evaluated on
its categories: tests true on the same categories (the same county read through different facts
holding the same values) give one block; a test true on a subset of another's categories gives a
block nested in the other's (its plan filters the outer block's rows). A block of few provisions
keeps its money outputs only at the rows where one of them is eligible (``Part.sparse``).

Each structure is checked against the reference with no block apart (one plan over every row) and
the single-case path's answers already proven equal to it (``test_table_result``).
"""

from __future__ import annotations

import polars as pl
import pytest

from jiuye.engine import batch, blocks
from jiuye.engine.results import ELIGIBLE, SUPERSEDED
from jiuye.engine.stacking import stacking_key

from .test_table_result import AS_OF, KEY, PROVISIONS, inputs

COUNTIES = ("person.hukou_adcode", "person.residence_adcode", "person.work_adcode", "enterprise.adcode",
            "organisation.adcode")


def one_county(nulls: bool = False) -> pl.LazyFrame:
    """The fixture as a lazy mapping whose county facts are all one Categorical column (as a source
    with a single county per person), some rows without a county when ``nulls``."""
    frame = inputs()[2]
    county = pl.col("person.residence_adcode")
    if nulls:
        county = pl.when(pl.int_range(0, pl.len()) % 7 == 3).then(None).otherwise(county)
    return frame.lazy().with_columns(county.cast(pl.Categorical).alias("__county")).with_columns(
        [pl.col("__county").alias(c) for c in COUNTIES]).drop("__county")


def evaluate(lf: pl.LazyFrame, share: float, monkeypatch, join_below: int | None = None
             ) -> tuple[batch.TableResult, list[blocks.Block]]:
    seen: list[list[blocks.Block]] = []
    if join_below is not None:
        monkeypatch.setattr(blocks, "JOIN_BELOW_ROWS", join_below)
    real = batch.place_blocks

    def spy(*args, **kwargs):
        got = real(*args, **kwargs)
        seen.append(got[0])
        return got

    monkeypatch.setattr(blocks, "FILTER_BELOW", share)
    monkeypatch.setattr(batch, "place_blocks", spy)
    res = batch.evaluate_blocks(lf, AS_OF, provisions=PROVISIONS, snapshot=inputs()[1], key=KEY)
    return res, seen[0]


def reference(lf: pl.LazyFrame, monkeypatch) -> pl.DataFrame:
    """No group apart: every provision on every row, one plan."""
    with monkeypatch.context() as m:
        m.setattr(blocks, "FILTER_BELOW", 0.0)
        return batch.evaluate_frame(lf.collect(), AS_OF, provisions=PROVISIONS, snapshot=inputs()[1], key=KEY)


@pytest.mark.parametrize("nulls", [False, True])
@pytest.mark.parametrize("share", [blocks.FILTER_BELOW, 1.01])
def test_nested_blocks_give_the_reference(share, nulls, monkeypatch):
    """A nested block (no parent too small to be apart: the fixture is small) filters its parent's rows."""
    lf = one_county(nulls)
    res, made = evaluate(lf, share, monkeypatch, join_below=0)
    assert res.wide().equals(reference(lf, monkeypatch))
    nested = [b for b in made if b.parent is not None]
    assert nested or share < 1, "no block nested in another on the fixture"
    snap = inputs()[1]
    for b in nested:
        outer = made[b.parent]  # type: ignore[index]
        assert outer.rows is not None and b.rows is not None and b.rows.len() < outer.rows.len()
        assert b.rows.is_in(outer.rows.implode()).all()  # a nested block's rows are within its parent's
        keys = {stacking_key(p, snap) for p in outer.provisions} - {None}
        assert not keys & {stacking_key(p, snap) for p in b.provisions}  # sharing a stacking group: joined
    assert all(b.parent < i for i, b in enumerate(made) if b.parent is not None)  # a parent is planned first


def test_a_nested_block_joins_a_small_parent(monkeypatch):
    """Under ``JOIN_BELOW_ROWS`` rows a nested block's provisions are evaluated in its parent's block."""
    lf = one_county()
    res, made = evaluate(lf, 1.01, monkeypatch)
    assert res.wide().equals(reference(lf, monkeypatch))
    assert not [b for b in made if b.parent is not None]
    _, apart = evaluate(lf, 1.01, monkeypatch, join_below=0)
    assert len(made) < len(apart)
    quzhou = next(b for b in made if any(p.id == "quzhou_2023_12.san.graduate_si_subsidy" for p in b.provisions))
    assert any(p.id == "zj_2022_46.art21" for p in quzhou.provisions)  # Quzhou's counties within the mountain ones


def test_tests_on_the_same_county_values_share_one_block(monkeypatch):
    """Hangzhou's provisions test the business, the work or any of the hukou/residence/work county:
    with one county column they hold on the same rows, so they share one block (one mask)."""
    _, made = evaluate(one_county(), 1.01, monkeypatch)
    hz = next(b for b in made if any(p.id == "hz_2022_draft.san.startup_subsidy" for p in b.provisions))
    read = {tuple(sorted(f.name for f in p.jurisdiction.test.facts())) for p in hz.provisions}
    assert len(read) > 1, read  # tests of different county facts, one block
    masks = [b for b in made if b.mask is not None]
    assert len({tuple(b.rows.to_list()) for b in masks}) == len(masks)  # one block per distinct row set


def test_money_only_where_eligible_and_stacking_across(monkeypatch):
    lf = one_county()
    res, _ = evaluate(lf, 1.01, monkeypatch)
    ref = reference(lf, monkeypatch)
    sparse = [p for p in res.parts if p.sparse is not None]
    assert sparse
    for part in sparse:
        hit = pl.any_horizontal([part.frame.get_column(f"{pid}:outcome").is_in([ELIGIBLE, SUPERSEDED])
                                 for pid in part.provisions])
        # the money rows: exactly those where one of the block's provisions is eligible (before stacking)
        assert part.at.equals(pl.select(pl.int_range(0, part.height, dtype=pl.UInt32).filter(hit)).to_series(),
                              check_names=False)
        assert part.sparse.height == part.at.len() < part.height
        for pid in part.provisions:  # the money held equals the reference's at the part's rows
            rows = pl.int_range(0, res.height, eager=True) if part.rows is None else part.rows
            assert part.output(f"{pid}:amount_fen").equals(ref.get_column(f"{pid}:amount_fen").gather(rows),
                                                            check_names=False)
    snap = inputs()[1]
    owner = {pid: i for i, p in enumerate(res.parts) for pid in p.provisions}
    groups: dict[str, set[int]] = {}
    for p in PROVISIONS:
        if (k := stacking_key(p, snap)) and p.id in owner:
            groups.setdefault(k, set()).add(owner[p.id])
    across = [p.id for p in PROVISIONS if len(groups.get(stacking_key(p, snap) or "", ())) > 1]
    assert any((ref.get_column(f"{pid}:outcome") == SUPERSEDED).any() for pid in across)
