"""Gates: a block's rows narrowed to those where one of its provisions can still be eligible.

A provision is eligible only where all its conditions hold; its cheap conditions (comparisons,
memberships and known-checks of facts the table holds) AND-ed, OR-ed over a block's provisions, give
the block's gate (``jiuye.engine.gates``). A row failing it is not eligible for any of the block's
provisions, with no amount, as a row outside the block is, so its part keeps only the rows passing
it. A block of few provisions, each with a gate, is split into one part per provision (or per
stacking group applied within it), each on its own gate's rows. Checked against the same evaluation
with no gate and the reference with no block apart.
"""

from __future__ import annotations

from collections import Counter

import polars as pl

from jiuye.catalogue.registry import CATALOGUE
from jiuye.engine import batch, gates
from jiuye.engine.expr import PolarsEnv
from jiuye.engine.history import HistoryFact

from .test_place_blocks import evaluate, one_county, reference
from .test_table_result import AS_OF, inputs


def test_a_gated_block_keeps_fewer_rows_and_the_same_answers(monkeypatch):
    lf = one_county(nulls=True)
    res, made = evaluate(lf, 1.01, monkeypatch, join_below=0)
    ref = reference(lf, monkeypatch)
    assert res.wide().equals(ref)
    block_of = {p.id: b for b in made for p in b.provisions}
    narrowed = []
    for part in res.parts:
        block = block_of[part.provisions[0]]
        assert all(block_of[pid] is block for pid in part.provisions)  # a part within one block
        rows = pl.int_range(0, res.height, eager=True, dtype=pl.UInt32) if block.rows is None else block.rows
        held = rows if part.rows is None else part.rows
        assert held.is_in(rows.implode()).all() and held.is_sorted()  # within the block, in order
        if held.len() < rows.len():
            narrowed.append(part)
            left = rows.filter(~rows.is_in(held.implode()))
            for pid in part.provisions:  # a row the gate leaves out: not eligible, no amount
                assert (ref.get_column(f"{pid}:outcome").gather(left) == "not_eligible").all(), pid
                assert ref.get_column(f"{pid}:amount_fen").gather(left).is_null().all(), pid
    assert narrowed, "no block narrowed by its gate on the fixture"
    # a block of few provisions, each with a gate, is split: one part per provision or stacking group
    parts_per_block = Counter(id(block_of[part.provisions[0]]) for part in res.parts)
    assert max(parts_per_block.values()) > 1, "no block split into parts on the fixture"
    # the same evaluation without gates gives the same answers over more rows
    monkeypatch.setattr(batch, "gate", lambda provisions, env: None)
    batch._CACHE.clear()
    plain, _ = evaluate(lf, 1.01, monkeypatch, join_below=0)
    assert plain.wide().equals(ref)
    assert sum(p.height for p in plain.parts) > sum(p.height for p in res.parts)


def test_cheap_conditions():
    """Cheap: comparisons, memberships and known-checks of the table's own columns; not a history
    feature, a constant, a fact the table lacks (not known: it would pass every row), nor a date
    computation; a provision with none gives its block no gate."""
    p = CATALOGUE.provisions["zj_2022_46.art21"]
    snap = inputs()[1]
    cols = frozenset(f.name for c in p.all_conditions() for f in c.test.facts())
    env = PolarsEnv(snap, AS_OF, cols)
    flags = [gates.cheap(c.test, env) for c in p.conditions]
    assert flags == [False, True]  # (graduate within 2 years or difficulty) reads dates; flexibly employed: cheap
    assert not gates.cheap(p.conditions[1].test, PolarsEnv(snap, AS_OF, frozenset()))  # the fact not held
    assert gates.gate([p], PolarsEnv(snap, AS_OF, frozenset())) is None
    assert gates.gate([p], env) is not None
    q = CATALOGUE.provisions["quzhou_2023_12.san.graduate_si_subsidy"]
    qenv = PolarsEnv(snap, AS_OF, frozenset(f.name for c in q.all_conditions() for f in c.test.facts()))
    hist = [c.test for c in q.conditions if any(isinstance(f, HistoryFact) for f in c.test.facts())]
    assert hist and not any(gates.cheap(t, qenv) for t in hist)


def test_a_gate_for_the_eligible_rows_only_and_place_free_parameters(monkeypatch):
    """For a caller that keeps only the eligible rows (``jiuye match``) a row passes only where all of a
    provision's cheap conditions are certainly true (not known: at best undecided, never eligible); and
    a comparison with a parameter of one value whatever the place is cheap when asked for. Hangzhou's
    municipal competition grant: 获得市级职业技能竞赛前三名 (rank from 1 to the parameter's 3)."""
    snap = inputs()[1]
    p = CATALOGUE.provisions["hz_2022_draft.shiliu.municipal_competition_grant"]
    env = PolarsEnv(snap, AS_OF, frozenset({"person.municipal_competition_rank", "person.hukou_adcode"}))
    assert not gates.cheap(p.conditions[0].test, env)  # a parameter: not cheap by default (the engine's gates)
    assert gates.gate([p], env) is None
    assert gates.cheap(p.conditions[0].test, env, params=True)
    frame = pl.DataFrame({"person.municipal_competition_rank": [1, 3, 4, None, 0]},
                         schema={"person.municipal_competition_rank": pl.Int64})
    loose = gates.gate([p], env, params=True)
    strict = gates.gate([p], env, params=True, eligible_only=True)
    assert loose is not None and strict is not None
    assert frame.select(loose).to_series().to_list() == [True, True, False, True, False]
    assert frame.select(strict).to_series().to_list() == [True, True, False, False, False]
    # a parameter whose value depends on the place (a city's or county's own value) is never cheap
    top = next(n.name for n in p.conditions[0].test.walk() if type(n).__name__ == "Param")
    real = type(snap).local_map
    monkeypatch.setattr(type(snap), "local_map",
                        lambda self, name: {"330100": object()} if name == top else real(self, name))
    assert not gates.cheap(p.conditions[0].test, env, params=True)
    assert gates.gate([p], env, params=True) is None
