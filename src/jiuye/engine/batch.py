"""Evaluate the same declarations over a whole table (the vectorized path).

Input: a Polars DataFrame whose columns are fact names (``person.graduation_date``...), one
row per subject, plus an optional history table (``HISTORY_SCHEMA``). Missing columns are
unknown facts. Output: the key column and, per provision, ``{id}:outcome`` and
``{id}:amount_fen`` (and ``{id}:max_duration_months``, ``{id}:total_payable_fen``), full width
(:func:`evaluate_frame`) or per place block (:func:`evaluate_blocks`, a
:class:`~jiuye.engine.table_result.TableResult`). No Python loop touches rows.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import replace
from datetime import date
from typing import Any

import polars as pl

from ..params.store import PARAMETERS, Snapshot
from .blocks import Block, place_blocks
from .expr import Expr, PolarsEnv
from .expr.base import PL_TYPES
from .gates import gate, gated
from .history import _BATCH, FEATURES, HistoryFact, frame_features
from .place import prepare_places, with_place
from .provision import Provision, Status, Subject
from .results import ELIGIBLE, NOT_ELIGIBLE, UNKNOWN
from .schedule import stepped, total_expr
from .shared import at_other_dates, shared_stages
from .spells import add_spell_columns, spell_nodes
from .stacking import stacking_exprs, stacking_key
from .table_result import OUTCOME_DTYPE, OUTPUTS, Part, TableResult, pick, stack_across

KEYS = {Subject.PERSON: "person.person_id", Subject.ENTERPRISE: "enterprise.enterprise_id",
        Subject.ORGANISATION: "organisation.organisation_id"}


def provision_parts(p: Provision, env: PolarsEnv) -> list[pl.Expr]:
    """The columns every output of an in-force provision reads, once: its conditions folded in one
    three-valued AND (``__k:``; Kleene logic: false if any condition is false, else not known if
    any is not known, else true), the amount and the duration (``__a:`` ``__d:``)."""
    if p.status(env.as_of, env.snapshot) in (Status.EXPIRED, Status.NOT_YET_IN_FORCE):
        return []
    env = with_place(p, env)
    tests = [c.test.to_polars(env).cast(pl.Boolean) for c in p.all_conditions()]
    amount = p.amount.to_polars(env).cast(pl.Int64) if p.amount is not None else pl.lit(None, dtype=pl.Int64)
    md = p.max_duration_months
    dur = (md.to_polars(env) if isinstance(md, Expr) else pl.lit(md, dtype=pl.Int64)).cast(pl.Int64)
    return [pl.all_horizontal(tests).alias(f"__k:{p.id}"), amount.alias(f"__a:{p.id}"), dur.alias(f"__d:{p.id}")]


def provision_outputs(p: Provision, env: PolarsEnv) -> list[pl.Expr]:
    """The four outputs from the columns of :func:`provision_parts`."""
    status = p.status(env.as_of, env.snapshot)
    oc, am, du = f"{p.id}:outcome", f"{p.id}:amount_fen", f"{p.id}:max_duration_months"
    tot = f"{p.id}:total_payable_fen"
    if status in (Status.EXPIRED, Status.NOT_YET_IN_FORCE):
        return [pl.lit(NOT_ELIGIBLE, dtype=OUTCOME_DTYPE).alias(oc), pl.lit(None, dtype=pl.Int64).alias(am),
                pl.lit(None, dtype=pl.Int64).alias(du), pl.lit(None, dtype=pl.Int64).alias(tot)]
    met, amount, dur = (pl.col(f"__{x}:{p.id}") for x in "kad")
    outcome = (pl.when(met.not_()).then(pl.lit(NOT_ELIGIBLE, dtype=OUTCOME_DTYPE))
               .when(met.is_null()).then(pl.lit(UNKNOWN, dtype=OUTCOME_DTYPE))
               .otherwise(pl.lit(ELIGIBLE, dtype=OUTCOME_DTYPE)))
    eligible = met.fill_null(False)
    # a stepped amount: each month's at its own date (only the shared columns that do not read the as-of date)
    penv = at_other_dates(with_place(p, env), p.amount) if p.amount is not None else env
    amount_at = ((lambda d: p.amount.to_polars(replace(penv, as_of=d)).cast(pl.Int64))  # type: ignore[union-attr]
                 if stepped(p) else None)
    total = total_expr(p, amount, dur, env.as_of, env.snapshot, amount_at)
    none = pl.lit(None, dtype=pl.Int64)
    return [outcome.alias(oc), pl.when(eligible).then(amount).otherwise(none).alias(am),
            pl.when(eligible).then(dur).otherwise(none).alias(du),
            pl.when(eligible).then(total).otherwise(none).cast(pl.Int64).alias(tot)]


def provision_exprs_of(provisions: Iterable[Provision]) -> list[Expr]:
    """Every expression of the provisions (conditions, amount, duration, extras)."""
    out: list[Expr] = []
    for p in provisions:
        for e in [c.test for c in p.all_conditions()] + [p.amount, p.max_duration_months] + [x for _, x in p.extras]:
            if isinstance(e, Expr):
                out.append(e)
    return out


def used_features(provisions: Iterable[Provision]) -> list[HistoryFact]:
    """The history features the provisions read (conditions, amount, duration)."""
    names: set[str] = set()
    for e in provision_exprs_of(provisions):
        names.update(n.name for n in e.walk() if isinstance(n, HistoryFact))
    return [f for f in FEATURES.values() if f.name in names]


def add_history_features(frame: pl.DataFrame, key: str, history: pl.DataFrame | None,
                         env: PolarsEnv, features: Iterable[HistoryFact] | None = None) -> pl.DataFrame:
    feats = list(FEATURES.values()) if features is None else list(features)
    cols = frame_features(feats, frame, key, history, env)  # the ledger read once for all of them
    return frame.with_columns(cols) if cols else frame


def evaluate_frame(frame: pl.DataFrame | pl.LazyFrame, as_of: date, *, provisions: Iterable[Provision],
                   subjects: Iterable[Subject] | None = None, history: pl.DataFrame | None = None,
                   overrides: Mapping[str, Any] | None = None, snapshot: Snapshot | None = None,
                   key: str | None = None, spells: pl.DataFrame | None = None,
                   outputs: Collection[str] = OUTPUTS) -> pl.DataFrame:
    """Evaluate ``provisions`` over every row of ``frame`` as of ``as_of``: the full-width frame.

    ``history`` is the ledger (``HISTORY_SCHEMA``); ``spells`` the long status table
    (``jiuye.facts.spells.SPELL_SCHEMA``), both keyed by ``subject_id`` = the frame's key.
    ``frame`` may be lazy (e.g. a Parquet scan with a mapping): only the columns the provisions read
    are computed. ``outputs`` chooses the columns per provision (default all four: outcome, amount,
    remaining months, total payable). Text facts may be held as Categorical or Enum.
    (The whole catalogue: :func:`jiuye.catalogue.registry.evaluate_frame`; the same answers not
    full width: :func:`evaluate_blocks`.)
    """
    return evaluate_blocks(frame, as_of, provisions=provisions, subjects=subjects, history=history,
                           overrides=overrides, snapshot=snapshot, key=key, spells=spells, outputs=outputs).wide()


def evaluate_blocks(frame: pl.DataFrame | pl.LazyFrame, as_of: date, *, provisions: Iterable[Provision],
                    subjects: Iterable[Subject] | None = None, history: pl.DataFrame | None = None,
                    overrides: Mapping[str, Any] | None = None, snapshot: Snapshot | None = None,
                    key: str | None = None, spells: pl.DataFrame | None = None,
                    outputs: Collection[str] = OUTPUTS) -> TableResult:
    """:func:`evaluate_frame`'s answers as a :class:`~jiuye.engine.table_result.TableResult`: per
    place block its rows and compact outputs, no full-length column built for a block's provisions."""
    snap = snapshot or PARAMETERS.snapshot(as_of, overrides)
    wanted = set(subjects) if subjects is not None else set(Subject)
    chosen = [p for p in provisions if p.subject in wanted]
    names = frame.collect_schema().names() if isinstance(frame, pl.LazyFrame) else frame.columns
    if key is None:
        key = next((KEYS[s] for s in (Subject.PERSON, Subject.ENTERPRISE, Subject.ORGANISATION)
                    if KEYS[s] in names), None)
    facts, feats, nodes, params = _declared(chosen)
    keep = [c for c in names if c in facts or c == key]
    consts = _constant_features(feats, history)  # no ledger: each feature one value, not a column
    lits = [c for c, _ in consts]
    # a lazy frame needing no whole-table column (ledger, spells, place Enums): each block's plan reads
    # it filtered by the block's jurisdiction test (pushed down to its source), so the facts are
    # computed on the block's rows only and no full-width copy of the table is made
    source: pl.LazyFrame | None = None
    if (isinstance(frame, pl.LazyFrame) and key is not None and (consts or not feats)
            and (spells is None or spells.height == 0 or not nodes) and not _local_values(params, snap)):
        source = frame.select(keep)
        schema = dict(source.collect_schema()) | {c.meta.output_name(): dtype for c, dtype in consts}
        places: dict[str, tuple[str, ...]] = {}
    else:
        frame = (frame.select(keep).collect(engine="in-memory") if isinstance(frame, pl.LazyFrame)
                 else frame.select(keep))
        if key is None:
            frame = frame.with_row_index("__row").with_columns(pl.col("__row").cast(pl.Utf8))
            key = "__row"
        env = PolarsEnv(snap, as_of, frozenset(frame.columns) | {f.name for f in feats})
        if not consts:
            frame = add_history_features(frame, key, history, env, feats)
        frame = add_spell_columns(frame, key, spells, env, nodes)
        frame, places = prepare_places(frame, chosen, snap, params)  # county columns as Enum, once
        schema = dict(frame.schema) | {c.meta.output_name(): dtype for c, dtype in consts}
    native = _native(schema, facts)
    categorical = frozenset(c for c in native if isinstance(schema[c], pl.Categorical | pl.Enum))
    constants = {c.meta.output_name(): c.meta.undo_aliases() for c in lits} or None
    env = PolarsEnv(snap, as_of, frozenset(schema), places=places, native=native, categorical=categorical,
                    constants=constants)
    in_force = [p for p in chosen if p.status(as_of, snap) not in (Status.EXPIRED, Status.NOT_YET_IN_FORCE)]
    blocks, keys = place_blocks(source if source is not None else frame, in_force, env, lits, key)
    assert keys is not None
    where = {p.id: i for i, b in enumerate(blocks) for p in b.provisions}
    spans: dict[str, set[int]] = {}
    for p in in_force:
        k = stacking_key(p, snap)
        if k:
            spans.setdefault(k, set()).add(where[p.id])
    across = {k for k, s in spans.items() if len(s) > 1}
    wanted_out = [o for o in OUTPUTS if o in outputs or o in ("outcome", "amount_fen")]  # stacking reads both
    live = [i for i, b in enumerate(blocks) if b.provisions and (b.mask is None or b.rows.len())]  # type: ignore[union-attr]
    plans: list[tuple[Block, list[Provision], list[pl.LazyFrame], Finish]] = []
    local = {i: [p for p in blocks[i].provisions if stacking_key(p, snap) not in across] for i in live}
    splits = {i: _split(blocks[i].provisions, local[i], env) for i in live}
    base: dict[int, pl.LazyFrame] = {}

    def filtered(i: int) -> pl.LazyFrame:
        """The lazy source filtered to block ``i``'s rows (a nested block: its parent's rows, filtered again)."""
        if i not in base:
            b = blocks[i]
            outer = (source.with_columns(lits) if lits else source) if b.parent is None else filtered(b.parent)  # type: ignore[union-attr]
            base[i] = outer if b.test is None else outer.filter(b.test)  # (Polars filters before it adds lits)
        return base[i]

    if source is not None:
        # a block whose rows several plans read (a parent of nested blocks, a block split into parts) is
        # computed first, once, from the source filtered by its test (pushed down to the source: the
        # mapping computed on its rows only; a cached lazy frame is not, Polars computes it on every
        # row), with the columns it and the blocks within it read
        shared = sorted({i for i in live if len(splits[i]) > 1} | {b.parent for b in blocks if b.parent is not None})
        if shared:
            names = set(schema)
            frames = pl.collect_all([filtered(i).select(_block_columns(blocks, i, names)) for i in shared],
                                    engine="in-memory")
            base.update({i: f.lazy() for i, f in zip(shared, frames, strict=True)})
    for i in live:
        b = blocks[i]
        if source is not None:
            lf = filtered(i)
        else:
            lf = frame.lazy() if b.mask is None else frame.lazy().filter(pl.lit(b.mask))
            lf = lf.with_columns(lits) if lits else lf  # (after the filter: a block's height)
            if len(splits[i]) > 1:  # each part's plan reads the block's rows, computed once
                lf = lf.cache()
        for ps in splits[i]:
            plans.append((b, ps, *_plan(lf, ps, env, [p for p in local[i] if p in ps], wanted_out)))
    # every block's plans side by side (a block's money: a second plan on its eligible rows, sharing the first's work)
    lazy = [lf for _, _, lfs, _ in plans for lf in lfs]
    got = iter(pl.collect_all(lazy, engine="in-memory") if lazy else [])
    parts = []
    for b, ps, lfs, finish in plans:
        sel, *cols = finish([next(got) for _ in lfs])
        rows = sel if b.rows is None else b.rows if sel is None else b.rows.gather(sel)
        parts.append(Part(tuple(p.id for p in ps), rows, *cols))
    cross = [p for p in in_force if stacking_key(p, snap) in across and p.id in where]
    if cross:
        parts = stack_across(parts, cross, snap)
    result = TableResult(keys, [p.id for p in chosen], wanted_out, parts)
    return result if set(wanted_out) <= set(outputs) else result.select_outputs(outputs)


# A block of more provisions than this is planned in one step: so many provisions leave few rows where
# none is eligible, and filtering then scattering the money would cost more than it saves (measured on
# the whole catalogue: 0.84 vs 0.56 CPU-s per 100k persons, peak 1.2 vs 0.7 GiB at 300k).
TWO_STEPS_UP_TO = 16


Finish = Callable[[list[pl.DataFrame]], tuple[pl.Series | None, pl.DataFrame, pl.Series | None, pl.DataFrame | None]]


def _plan(lf: pl.LazyFrame, provisions: list[Provision], env: PolarsEnv, stack: list[Provision],
          outputs: list[str]) -> tuple[list[pl.LazyFrame], Finish]:
    """One block's lazy plans and ``finish``, which makes the collected plans the block's columns
    (the positions in the block of the rows held, ``None``: every row; dense frame; positions of the
    sparse rows; sparse frame: see :class:`~jiuye.engine.table_result.Part`).
    A block of more than ``TWO_STEPS_UP_TO`` provisions: one plan (the shared columns, each provision's
    conditions, outcomes and money, the stacking within the block). A block with a gate
    (:mod:`~jiuye.engine.gates`: elsewhere none of its provisions is eligible): its rows narrowed to
    the gate's, then one plan as well. Else two plans over one shared first stage (the shared
    columns, each provision's conditions ``__k:`` and outcome, the columns its money reads:
    ``collect_all`` computes it once): the outcomes
    for every row held, and the money (amounts, durations, totals) only on the rows where some
    provision is eligible, with their positions (few rows are; elsewhere the money outputs are
    empty), where the stacking within the block is applied too."""
    stages, conds, pays, outcomes, money, order, stack_exprs, narrow = _block_exprs(provisions, env, stack, outputs)
    one_step = len(provisions) > TWO_STEPS_UP_TO
    if narrow is not None:
        lf = lf.with_row_index(_SEL).filter(narrow)
    for stage in stages:
        lf = lf.with_columns(stage)
    if one_step:  # most rows are eligible for one of them: one plan, money in it
        lf = lf.with_columns(*conds, *pays).select(*outcomes, *money).select(order)
        return [lf.with_columns(stack_exprs) if stack_exprs else lf], lambda dfs: (None, dfs[0], None, None)
    names = [e.meta.output_name() for e in outcomes]
    if narrow is not None:  # few rows pass a gate: the money on each (one plan, not two: each plan costs
        # Polars ~1-3 ms to prepare whatever its rows)
        lf = lf.with_columns(*conds, *pays).select(_SEL, *outcomes, *money)
        lf = lf.with_columns(stack_exprs) if stack_exprs else lf
        return [lf], lambda dfs: (dfs[0].get_column(_SEL), pick(dfs[0], order), None, None)
    if not money:
        return [lf.with_columns(conds).select(outcomes)], lambda dfs: (None, pick(dfs[0], names), None, None)
    made = {e.meta.output_name() for e in pays}
    kept = [e.meta.output_name() for e in conds]
    kept += sorted({c for e in pays + money for c in e.meta.root_names()} - made - set(kept))
    first = lf.with_columns(conds).select(*kept, *outcomes)
    hit = pl.any_horizontal([pl.col(c).fill_null(False) for c in kept[:len(conds)]])
    # the stacked outcomes (only where two members are eligible: rows of the money plan) are rewritten there
    stacked = [e.meta.output_name() for e in stack_exprs]
    money_lf = (first.with_row_index(_AT).filter(hit).with_columns(pays)
                .select(_AT, *money, *stacked))
    if stack_exprs:
        money_lf = money_lf.with_columns(stack_exprs)
    money_names = [e.meta.output_name() for e in money]

    def finish(dfs: list[pl.DataFrame]) -> tuple[pl.Series | None, pl.DataFrame, pl.Series | None, pl.DataFrame | None]:
        dense, sparse = dfs
        at = sparse.get_column(_AT)
        if stacked:
            dense = dense.with_columns([dense.get_column(c).clone().scatter(at, sparse.get_column(c).cast(OUTCOME_DTYPE))
                                        for c in stacked])
        return None, pick(dense, names), at, pick(sparse, money_names)

    return [first.select(names), money_lf], finish


def _block_columns(blocks: list[Block], i: int, names: set[str]) -> list[str]:
    """The columns of ``names`` block ``i``'s provisions and tests read, and those of the blocks within it."""
    within = [i]
    for k, b in enumerate(blocks):
        if b.parent in within:
            within.append(k)
    cols = {c for k in within for c in _declared(blocks[k].provisions)[0]}
    cols |= {c for k in within if blocks[k].test is not None for c in blocks[k].test.meta.root_names()}  # type: ignore[union-attr]
    return sorted(cols & names)


def _split(provisions: list[Provision], local: list[Provision], env: PolarsEnv) -> list[list[Provision]]:
    """A block's provisions as they are planned: a block of up to ``TWO_STEPS_UP_TO`` provisions each
    with a gate (:mod:`~jiuye.engine.gates`) is split, one part per provision, or per stacking group
    applied within the block (its members together), each part's rows narrowed to its own gate's (a
    provision whose cheap conditions hold on few rows is not computed on the rows another's hold on);
    any other block is one part."""
    def build() -> tuple[list[list[Provision]], ...]:
        if len(provisions) <= 1 or len(provisions) > TWO_STEPS_UP_TO or not all(gated(p, env) for p in provisions):
            return ([list(provisions)],)
        stacked = {p.id: k for p in local if (k := stacking_key(p, env.snapshot))}
        groups: dict[Any, list[Provision]] = {}
        for p in provisions:
            groups.setdefault(stacked.get(p.id, ("alone", p.id)), []).append(p)
        return (list(groups.values()),)
    key = ("split", tuple(map(id, provisions)), tuple(map(id, local)), *_env_key(env))
    return _cached(key, build, (env.snapshot, tuple(provisions), tuple(local)))[0]


def _env_key(env: PolarsEnv) -> tuple:
    """What of ``env`` a block's plan depends on: the date, the snapshot (by identity: the cache entry
    keeps it alive), the table's columns and their types, the places, the constants' names."""
    places = tuple(sorted((k, tuple(v)) for k, v in (env.places or {}).items()))
    return (env.as_of, id(env.snapshot), env.columns, env.native, env.categorical, places,
            tuple(sorted(env.constants or ())))  # (a feature's constant: the same for its name)


_AT = "__at"  # a block's row positions (the money plan's rows)
_SEL = "__sel"  # the positions in a block of the rows its gate keeps


# The expressions of a block depend on the provisions, the snapshot, the date and the table's columns
# and their types, not on its rows: built once and reused (a table evaluated in chunks, a batch job
# over many files, a server answering table requests). The snapshot is kept with its entry, so its
# identity cannot be reused by another while the entry lives.
_CACHE: OrderedDict[tuple, tuple[Any, ...]] = OrderedDict()
_CACHE_SIZE = 64


def _cached(key: tuple, build: Callable[[], tuple[Any, ...]], keep: Any) -> tuple[Any, ...]:
    """``build()`` once per ``key`` (ids of objects the entry keeps alive in ``keep``, so equal ids are
    the same objects)."""
    hit = _CACHE.get(key)
    if hit is not None:
        _CACHE.move_to_end(key)
        return hit[1]
    value = build()
    _CACHE[key] = (keep, value)
    if len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)
    return value


def _declared(chosen: list[Provision]) -> tuple[Any, ...]:
    """What the provisions read: facts by name, history features, spell nodes, parameter names."""
    def build() -> tuple[Any, ...]:
        exprs = provision_exprs_of(chosen)
        return ({f.name: f for e in exprs for f in e.facts()}, used_features(chosen), spell_nodes(exprs),
                {n for e in exprs for n in e.params()})
    return _cached(("declared", *map(id, chosen)), build, tuple(chosen))


def _block_exprs(provisions: list[Provision], env: PolarsEnv, stack: list[Provision],
                 outputs: list[str]) -> tuple[Any, ...]:
    def build() -> tuple[Any, ...]:
        stages, penv = shared_stages(provisions, env)  # sub-expressions used more than once, computed once
        parts = [e for p in provisions for e in provision_parts(p, penv)]
        outs = [e for p in provisions for e in provision_outputs(p, penv)
                if e.meta.output_name().rsplit(":", 1)[1] in outputs]
        conds = [e for e in parts if e.meta.output_name().startswith("__k:")]
        pays = [e for e in parts if not e.meta.output_name().startswith("__k:")]
        outcomes = [e for e in outs if e.meta.output_name().endswith(":outcome")]
        money = [e for e in outs if not e.meta.output_name().endswith(":outcome")]
        order = [e.meta.output_name() for e in outs]
        narrow = gate(provisions, env) if len(provisions) <= TWO_STEPS_UP_TO else None
        return stages, conds, pays, outcomes, money, order, stacking_exprs(stack, env.snapshot), narrow
    cache_key = ("block", tuple(map(id, provisions)), tuple(map(id, stack)), tuple(outputs), *_env_key(env))
    return _cached(cache_key, build, (env.snapshot, tuple(provisions), tuple(stack)))


def _local_values(params: Iterable[str], snapshot: Snapshot) -> bool:
    """Does a parameter the provisions read have a city or county value (place columns prepared)?"""
    return any(snapshot.local_map(n) for n in set(params) if n in snapshot.store)


def _constant_features(feats: list[HistoryFact], history: pl.DataFrame | None) -> list[tuple[pl.Expr, Any]]:
    """With no ledger (and no :func:`~jiuye.engine.history.batched` presets) each history feature has
    one value for every row (nothing received): a literal per feature, with its type."""
    if not feats or (history is not None and history.height > 0) or _BATCH.get() is not None:
        return []

    def build() -> list[tuple[pl.Expr, Any]]:
        out = []
        for f in feats:
            one = f.empty_frame(1)
            out.append((pl.lit(one[0], dtype=one.dtype).alias(f.name), one.dtype))
        return out
    return _cached(("constants", *map(id, feats)), build, tuple(feats))  # type: ignore[return-value]


def _native(schema: Mapping[str, Any], facts: Mapping[str, Any]) -> frozenset[str]:
    """The fact columns already of their fact's type (text held as Categorical/Enum counts)."""
    out = set()
    for name, dtype in schema.items():
        f = facts.get(name)
        if f is None:
            continue
        want = PL_TYPES.get(f.dtype)
        if dtype == want or (f.dtype == "str" and isinstance(dtype, pl.Categorical | pl.Enum)):
            out.add(name)
    return frozenset(out)

