"""The table path gives the same answers however its input is held and however it is split.

- text facts as String, Categorical or Enum (read without a cast per row);
- a lazy frame (only the columns the provisions read are computed);
- place blocks: every provision on every row (no block apart), the default (a jurisdiction group
  under half the rows apart), and every group apart;
- ``outputs``: a subset of the columns is the same subset of the full result.
"""

from __future__ import annotations

from datetime import date
from functools import cache

import polars as pl
import pytest

from jiuye.catalogue.registry import CATALOGUE, evaluate_frame
from jiuye.engine import batch, blocks
from jiuye.params import PARAMETERS

from .gen import add_timelines, random_cases

AS_OF = date(2024, 10, 1)


@cache
def inputs():
    snap = PARAMETERS.snapshot(AS_OF)
    cases, frame, history = random_cases(1200, seed=7, focus=(AS_OF, snap, 6))
    spells, history = add_timelines(cases, history, seed=11)
    return snap, frame, history, spells


def run(frame, **kw):
    snap, _, history, spells = inputs()
    return evaluate_frame(frame, AS_OF, history=history, snapshot=snap, key="person.person_id", spells=spells, **kw)


@cache
def reference() -> pl.DataFrame:
    return run(inputs()[1])


def test_reference_reaches_every_outcome():
    ref = reference()
    outcomes = set()
    for p in CATALOGUE:
        outcomes.update(ref.get_column(f"{p.id}:outcome").unique().to_list())
    assert outcomes == {"eligible", "not_eligible", "unknown", "superseded"}


def test_text_facts_as_categorical_or_enum_give_the_same_answers():
    frame = inputs()[1]
    text = [c for c, t in frame.schema.items() if t == pl.String and c != "person.person_id"]
    assert any(c.endswith("adcode") for c in text) and "person.gender" in text
    as_cat = frame.with_columns([pl.col(c).cast(pl.Categorical) for c in text])
    as_enum = frame.with_columns([pl.col(c).cast(pl.Enum(sorted(frame.get_column(c).drop_nulls().unique().to_list())))
                                  for c in text])
    assert run(as_cat).equals(reference())
    assert run(as_enum).equals(reference())


def test_a_lazy_frame_gives_the_same_answers():
    snap, frame, history, spells = inputs()
    got = batch.evaluate_frame(frame.lazy(), AS_OF, provisions=list(CATALOGUE), history=history, snapshot=snap,
                               key="person.person_id", spells=spells)
    assert got.equals(reference())


@pytest.mark.parametrize("share", [0.0, 1.01])
def test_place_blocks_do_not_change_answers(share, monkeypatch):
    monkeypatch.setattr(blocks, "FILTER_BELOW", share)
    assert run(inputs()[1]).equals(reference())


def test_outputs_subset():
    got = run(inputs()[1], outputs=("outcome",))
    ref = reference()
    assert got.columns == ["person.person_id", *[f"{p.id}:outcome" for p in CATALOGUE]]
    assert got.equals(ref.select(got.columns))
