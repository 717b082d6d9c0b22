"""The table result kept per place block (``evaluate_blocks``) gives the same answers as the full-width
frame and as the single-case path.

The reference is the table path with no block apart (every provision on every row, one plan, no
part left out); the block result is read back through each of its views (``wide``, ``column``,
``long``, ``eligible``, ``count``) with the default split, every jurisdiction group apart and no
group apart, with text facts as String or Categorical, with subsets of the outputs, on an empty
table and in chunks joined by ``concat``. Stacking groups whose members sit in different blocks
are exercised (every group apart) and must give the same superseded outcomes.
"""

from __future__ import annotations

from datetime import date
from functools import cache

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jiuye.catalogue.registry import CATALOGUE, evaluate_case
from jiuye.engine import batch, blocks
from jiuye.engine.results import ELIGIBLE, NOT_ELIGIBLE, SUPERSEDED, UNKNOWN
from jiuye.engine.stacking import stacking_key
from jiuye.engine.table_result import OUTPUTS, TableResult, concat
from jiuye.facts.models import Case
from jiuye.params import PARAMETERS

from .gen import add_timelines, random_cases

AS_OF = date(2024, 10, 1)
KEY = "person.person_id"
PROVISIONS = list(CATALOGUE)


@cache
def inputs():
    snap = PARAMETERS.snapshot(AS_OF)
    cases, frame, history = random_cases(900, seed=23, focus=(AS_OF, snap, 4))
    spells, history = add_timelines(cases, history, seed=5)
    return cases, snap, frame, history, spells


def blocks_of(frame, share: float | None = None, **kw) -> TableResult:
    _, snap, _, history, spells = inputs()
    old = blocks.FILTER_BELOW
    if share is not None:
        blocks.FILTER_BELOW = share
    try:
        return batch.evaluate_blocks(frame, AS_OF, provisions=PROVISIONS, history=history, snapshot=snap, key=KEY,
                                     spells=spells, **kw)
    finally:
        blocks.FILTER_BELOW = old


@cache
def reference() -> pl.DataFrame:
    """No group apart: one plan over every row, nothing scattered."""
    res = blocks_of(inputs()[2], share=0.0)
    assert [p.rows for p in res.parts] == [None]
    return res.wide()


@cache
def result(share: float) -> TableResult:
    return blocks_of(inputs()[2], share=share)


SHARES = [0.0, blocks.FILTER_BELOW, 1.01]


@pytest.mark.parametrize("share", SHARES)
def test_wide_is_the_reference(share):
    res = result(share)
    wide = res.wide()
    assert wide.columns == res.columns() == [KEY, *[f"{p.id}:{o}" for p in PROVISIONS for o in OUTPUTS]]
    assert wide.schema == reference().schema
    assert wide.equals(reference())


def test_every_group_apart_splits_and_stacks_across_parts():
    res = result(1.01)
    assert len(res.parts) > 10 and all(p.rows is not None for p in res.parts)
    assert sum(p.height < res.height / 2 for p in res.parts) >= 5  # compact parts, not full width
    part_of = {pid: i for i, p in enumerate(res.parts) for pid in p.provisions}
    snap = inputs()[1]
    groups: dict[str, set[int]] = {}
    for p in PROVISIONS:
        if (k := stacking_key(p, snap)) and p.id in part_of:
            groups.setdefault(k, set()).add(part_of[p.id])
    across = {k for k, s in groups.items() if len(s) > 1}
    superseded = [p.id for p in PROVISIONS if stacking_key(p, snap) in across
                  and (reference().get_column(f"{p.id}:outcome") == SUPERSEDED).any()]
    assert superseded, "no stacking group across parts reaches 'superseded' on the fixture"


@pytest.mark.parametrize("share", SHARES)
def test_column_count_long_and_eligible_agree_with_wide(share):
    res, ref = result(share), reference()
    for p in PROVISIONS:
        for o in OUTPUTS:
            assert res.column(p.id, o).equals(ref.get_column(f"{p.id}:{o}"), check_names=True), (p.id, o)
    for outcome in (ELIGIBLE, NOT_ELIGIBLE, UNKNOWN, SUPERSEDED):
        assert res.count(outcome) == {p.id: int((ref.get_column(f"{p.id}:outcome") == outcome).sum())
                                      for p in PROVISIONS}
    full = pl.concat([ref.select(pl.col(KEY).alias("subject_id"), pl.lit(p.id).alias("provision_id"),
                                 *[pl.col(f"{p.id}:{o}").alias(o) for o in OUTPUTS]) for p in PROVISIONS])
    long = res.long().with_columns(pl.col("provision_id").cast(pl.String))
    assert long.columns == ["subject_id", "provision_id", *OUTPUTS]
    on = ["subject_id", "provision_id"]
    assert long.select(on).is_duplicated().sum() == 0
    inside = full.join(long.select(on), on=on, how="semi")
    assert long.sort(on).equals(inside.sort(on))  # the pairs evaluated: the same values
    outside = full.join(long.select(on), on=on, how="anti")  # the rest: not eligible, no amount
    assert outside.height == full.height - long.height
    assert (outside.get_column("outcome") == NOT_ELIGIBLE).all()
    assert outside.select(OUTPUTS[1:]).null_count().sum_horizontal().item() == 3 * outside.height
    assert outside.height > 0 or share == 0.0
    eligible = res.eligible().with_columns(pl.col("provision_id").cast(pl.String))
    assert eligible.sort(on).equals(full.filter(pl.col("outcome") == ELIGIBLE).sort(on))
    assert eligible.height == sum(res.count(ELIGIBLE).values()) > 0


def test_the_single_path_agrees():
    cases, snap, *_ = inputs()
    res = result(blocks.FILTER_BELOW)
    sample = range(0, len(cases), 6)
    mismatches = []
    for i in sample:
        got = evaluate_case(Case.model_validate(cases[i]), AS_OF, snapshot=snap, explain=False)
        for r in got.results:
            paid = r.outcome in (ELIGIBLE, SUPERSEDED)
            want = (r.outcome, r.amount_fen if r.outcome != UNKNOWN else None, r.max_duration_months if paid else None)
            pid = r.provision.id
            table = (res.column(pid, "outcome")[i], res.column(pid, "amount_fen")[i] if r.outcome != UNKNOWN else None,
                     res.column(pid, "max_duration_months")[i] if paid else None)
            if table != want:
                mismatches.append((i, pid, want, table))
    assert not mismatches, f"{len(mismatches)} mismatches, first: {mismatches[:5]}"


@pytest.mark.parametrize("share", [blocks.FILTER_BELOW, 1.01])
def test_text_facts_as_categorical(share):
    frame = inputs()[2]
    text = [c for c, t in frame.schema.items() if t == pl.String and c != KEY]
    assert any(c.endswith("adcode") for c in text)
    got = blocks_of(frame.with_columns([pl.col(c).cast(pl.Categorical) for c in text]), share=share)
    assert got.wide().equals(reference())


@pytest.mark.parametrize("outputs", [("outcome",), ("amount_fen",), ("max_duration_months", "outcome"),
                                     ("total_payable_fen",)])
def test_subsets_of_outputs(outputs):
    res = blocks_of(inputs()[2], share=1.01, outputs=outputs)
    wide = res.wide()
    assert wide.columns == [KEY, *[f"{p.id}:{o}" for p in PROVISIONS for o in OUTPUTS if o in outputs]]
    assert wide.equals(reference().select(wide.columns))
    assert all(set(p.names()) == {f"{pid}:{o}" for pid in p.provisions for o in res.outputs} for p in res.parts)
    # a block evaluated in two steps holds its money only where something is eligible: nothing but the outcomes full height
    assert all(set(p.frame.columns) <= {f"{pid}:outcome" for pid in p.provisions} for p in res.parts if p.sparse is not None)


def test_empty_frame():
    res = blocks_of(inputs()[2].head(0))
    assert res.height == 0
    wide = res.wide()
    assert wide.height == 0 and wide.schema == reference().schema
    assert res.long().height == 0 and res.eligible().height == 0
    assert set(res.count().values()) == {0}


def test_chunks_joined():
    frame = inputs()[2]
    # small chunks: a jurisdiction group may be apart in one chunk and in the shared block in the next
    pieces = [blocks_of(frame.slice(s, 150), share=0.2) for s in range(0, frame.height, 150)]
    joined = concat(pieces)
    assert joined.height == frame.height
    assert joined.wide().equals(reference())
    assert joined.count() == result(blocks.FILTER_BELOW).count()


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(st.integers(0, 899), min_size=1, max_size=120, unique=True),
       share=st.sampled_from([0.0, 0.3, 0.5, 1.01]))
def test_any_rows_any_split(rows, share):
    """Any rows in any order, any split: each row's answers are the reference's."""
    frame = inputs()[2]
    got = blocks_of(frame[rows], share=share).wide()
    assert got.equals(reference()[rows])


@pytest.mark.parametrize("share", [0.0, blocks.FILTER_BELOW, 1.01])
def test_a_lazy_frame_without_ledger_reads_its_source_per_block(share):
    """No ledger, no spells: each block's plan filters the lazy source itself (no full-width copy);
    the answers are those of the same table given eagerly."""
    _, snap, frame, _, _ = inputs()
    mapped = frame.lazy().with_columns(pl.col("person.gender").cast(pl.Categorical))  # a mapping to push through
    old = blocks.FILTER_BELOW
    blocks.FILTER_BELOW = share
    try:
        got = batch.evaluate_blocks(mapped, AS_OF, provisions=PROVISIONS, snapshot=snap, key=KEY)
        want = batch.evaluate_frame(mapped.collect(), AS_OF, provisions=PROVISIONS, snapshot=snap, key=KEY)
    finally:
        blocks.FILTER_BELOW = old
    assert got.wide().equals(want)
    assert (want.get_column(f"{PROVISIONS[0].id}:outcome") != NOT_ELIGIBLE).any()
