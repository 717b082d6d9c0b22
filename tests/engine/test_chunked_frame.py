"""The whole catalogue over a table in row chunks is the table evaluated at once, and the history
features computed together (one pass over the ledger) are each feature computed alone."""

from __future__ import annotations

from datetime import date

import polars as pl
from polars.testing import assert_frame_equal

from jiuye.catalogue.registry import CATALOGUE, evaluate_frame, evaluate_table, iter_table
from jiuye.engine.batch import used_features
from jiuye.engine.expr import PolarsEnv
from jiuye.engine.history import compute_features
from jiuye.params import PARAMETERS

from .gen import random_cases

AS_OF = date(2025, 6, 30)


def test_chunks_give_the_same_table() -> None:
    _, frame, history = random_cases(400, seed=7)
    snap = PARAMETERS.snapshot(AS_OF)
    whole = evaluate_frame(frame, AS_OF, history=history, snapshot=snap, chunk_rows=10_000)
    chunked = evaluate_frame(frame, AS_OF, history=history, snapshot=snap, chunk_rows=97)
    assert whole.height == frame.height
    assert_frame_equal(chunked, whole)
    eligible = sum(whole.get_column(f"{p.id}:outcome").eq("eligible").sum() for p in CATALOGUE)
    assert eligible > 0


def test_chunks_in_threads_give_the_same_result() -> None:
    _, frame, history = random_cases(400, seed=7)
    snap = PARAMETERS.snapshot(AS_OF)
    one = evaluate_table(frame, AS_OF, history=history, snapshot=snap, chunk_rows=97, threads=1)
    two = evaluate_table(frame, AS_OF, history=history, snapshot=snap, chunk_rows=97, threads=2)
    assert_frame_equal(two.wide(), one.wide())
    parts = list(iter_table(frame, AS_OF, history=history, snapshot=snap, chunk_rows=97, threads=2))
    assert [t.height for t in parts] == [97, 97, 97, 97, 12]
    assert pl.concat([t.keys for t in parts]).to_list() == frame.get_column("person.person_id").to_list()  # in order


def test_chunks_read_the_features_computed_once(monkeypatch) -> None:
    import jiuye.engine.history as history_mod

    _, frame, history = random_cases(200, seed=10)
    calls = []
    real = history_mod.compute_features
    monkeypatch.setattr(history_mod, "compute_features", lambda *a, **k: calls.append(1) or real(*a, **k))
    evaluate_frame(frame, AS_OF, history=history, chunk_rows=50)
    assert calls == []  # every chunk took its slice of the whole table's features


def test_rows_without_a_key_are_numbered_over_the_whole_table() -> None:
    _, frame, _ = random_cases(50, seed=8)
    out = evaluate_frame(frame.drop("person.person_id"), AS_OF, chunk_rows=7)
    assert out.get_column("__row").to_list() == [str(i) for i in range(50)]


def test_features_together_equal_each_alone() -> None:
    _, frame, history = random_cases(300, seed=9)
    feats = used_features(list(CATALOGUE))
    env = PolarsEnv(PARAMETERS.snapshot(AS_OF), AS_OF, frozenset(frame.columns) | {f.name for f in feats})
    together = pl.DataFrame(compute_features(feats, frame, "person.person_id", history, env))
    alone = pl.DataFrame([compute_features([f], frame, "person.person_id", history, env)[0] for f in feats])
    assert_frame_equal(together, alone)
    assert together.select(pl.all().cast(pl.Int64).sum()).sum_horizontal().item() > 0  # records were counted


def test_spell_columns_judged_on_the_evaluation_date_only() -> None:
    """Every node judged on the as-of date (a literal): one value per row all the same."""
    from jiuye.engine.expr import AS_OF as AS_OF_NODE
    from jiuye.engine.spells import add_spell_columns, status_on, status_since

    frame = pl.DataFrame({"person.person_id": ["a", "b", "c"]})
    spells = pl.DataFrame({"subject_id": ["a", "a", "b"], "kind": ["registered_unemployed"] * 3,
                           "from": [date(2025, 1, 1), date(2024, 3, 1), date(2025, 7, 1)],
                           "to": [None, date(2024, 12, 31), None]})
    nodes = [status_on("registered_unemployed", AS_OF_NODE), status_since("registered_unemployed", AS_OF_NODE)]
    env = PolarsEnv(PARAMETERS.snapshot(AS_OF), AS_OF, frozenset(frame.columns))
    out = add_spell_columns(frame, "person.person_id", spells, env, nodes)
    assert out.get_column(nodes[0].column).to_list() == [True, False, False]
    assert out.get_column(nodes[1].column).to_list() == [date(2025, 1, 1), None, None]
    assert out.get_column("__spell:has:registered_unemployed").to_list() == [True, True, False]
