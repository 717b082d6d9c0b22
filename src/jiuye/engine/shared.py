"""Table path: sub-expressions shared by several trees, computed once as temporary columns.

The declarations reuse nodes (one retirement month, one subsidy period, one "months registered"
serve a provision's conditions, its duration, its ledger limit and its total, and several
provisions). Compiled naively each use is recomputed row by row. Here every composite node met
more than once (same node object, same place) is computed once per table as a column
``__s:<n>``, in stages (a shared node inside another shared node is computed a stage earlier),
and each later use compiles to ``pl.col`` of that column (``PolarsEnv.memo``). The answers are
the same expressions' values, only not recomputed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import replace

import polars as pl

from .expr import AsOf, Expr, Fact, MonthsBetween, PolarsEnv, WithinMonths
from .expr.dates import MonthIndex, RetirementMonthIndex, YearOf, day_ordinal_expr
from .place import with_place
from .provision import Provision

Key = tuple[int, str | None]


def _roots(p: Provision) -> list[Expr]:
    out = [c.test for c in p.all_conditions()] + [p.amount, p.max_duration_months]
    return [e for e in out if isinstance(e, Expr)]


def _memoizable(node: Expr) -> bool:
    """A composite node compiled by the base ``Expr.to_polars`` (the only one that reads the memo)."""
    return bool(node.children) and type(node).to_polars is Expr.to_polars


def _computed(e: pl.Expr) -> bool:
    """Does ``e`` compute something from the table's columns (not a literal, not one column as it is)?"""
    return bool(e.meta.root_names()) and not e.meta.is_column()


def shared_stages(provisions: Iterable[Provision], env: PolarsEnv) -> tuple[list[list[pl.Expr]], PolarsEnv]:
    """The stages of shared columns for ``provisions`` (each a ``with_columns`` list, in order) and
    ``env`` with the memo that makes later compilations read them.

    Nodes are shared by their shape (:func:`_shape`: type, own attributes, children's shapes), not only
    by identity: two provisions that each build "registered unemployed for 6 months" or "works in
    Hangzhou" read one column. Candidates are compiled once each, inner ones first with the inner
    shared columns in the memo (no subtree compiled again per use); one that compiles to a literal or
    to a column as it is gets no column of its own."""
    counts: Counter[Key] = Counter()
    where: dict[Key, Expr] = {}
    ids: dict[Key, set[int]] = {}  # the nodes of each shape and place (read from the same column)
    places: dict[str | None, PolarsEnv] = {}  # one env per place: a provision's env depends on its place only
    dates: dict[str, Fact] = {}  # date facts whose months are counted: their day ordinal, once
    shapes: dict[int, int] = {}
    table: dict[tuple, int] = {}
    for p in provisions:
        penv = with_place(p, env)
        places.setdefault(penv.place_key, penv)
        for root in _roots(p):
            for node in root.walk():
                if _memoizable(node):
                    k = (_shape(node, shapes, table), penv.place_key)
                    counts[k] += 1
                    where.setdefault(k, node)
                    ids.setdefault(k, set()).add(id(node))
                if isinstance(node, MonthsBetween | WithinMonths | MonthIndex | YearOf | RetirementMonthIndex):
                    dates.update((c.name, c) for c in node.children[:2]
                                 if isinstance(c, Fact) and c.dtype == "date" and c.name in env.columns)
    ordinals = {name: f"__o:{name}" for name in dates}
    stages: list[list[pl.Expr]] = []
    if ordinals:
        stages.append([day_ordinal_expr(dates[i].to_polars(env)).alias(name) for i, name in ordinals.items()])
        env = replace(env, ordinals=ordinals)
        places = {k: replace(penv, ordinals=ordinals) for k, penv in places.items()}
    candidates = {k for k, n in counts.items() if n > 1}
    if not candidates:
        return stages, env
    shared_shapes = {k[0] for k in candidates}
    levels: dict[int, int] = {}

    def below(node: Expr) -> int:
        """1 + the highest level of the candidate nodes strictly inside ``node`` (0 if none)."""
        if id(node) in levels:
            return levels[id(node)]
        lv = 0
        for c in node.children:
            lv = max(lv, below(c) + (1 if shapes.get(id(c)) in shared_shapes else 0))
        levels[id(node)] = lv
        return lv

    by_level: dict[int, list[Key]] = {}
    for k in sorted(candidates, key=lambda k: (str(k[1]), k[0])):
        by_level.setdefault(below(where[k]), []).append(k)
    memo: dict[Key, str] = {}
    made = 0
    for lv in sorted(by_level):
        stage, names = [], {}
        for k in by_level[lv]:
            e = where[k].to_polars(_with_memo(places[k[1]], memo))
            # a node that reads no column (a constant, a reading's switch, a parameter) stays a literal:
            # Polars folds it, where a column would be allocated and read row by row; a node that compiles
            # to one column as it is (a switch settled at plan time choosing a fact) is read as that column
            if not _computed(e):
                continue
            name = f"__s:{made}"
            made += 1
            stage.append(e.alias(name))
            names.update(((i, k[1]), name) for i in ids[k])
        memo.update(names)
        if stage:
            stages.append(stage)
    return stages, _with_memo(env, memo)


def _shape(node: Expr, shapes: dict[int, int], table: dict[tuple, int]) -> int:
    """A number equal for two nodes exactly when they are built the same: the same type, equal own
    attributes (by ``repr``; an attribute without a value ``repr`` — a function, another node — shows
    its identity, so such nodes are equal only to themselves) and children of equal shapes."""
    got = shapes.get(id(node))
    if got is None:
        attrs = getattr(node, "__dict__", None)
        own: tuple = (tuple(sorted((k, repr(v)) for k, v in attrs.items() if k not in ("label", "children")))
                      if attrs is not None else ("id", id(node)))
        got = table.setdefault((type(node), own, tuple(_shape(c, shapes, table) for c in node.children)), len(table))
        shapes[id(node)] = got
    return got


def _with_memo(env: PolarsEnv, memo: dict[Key, str]) -> PolarsEnv:
    return replace(env, memo=dict(memo))


def at_other_dates(env: PolarsEnv, expr: Expr) -> PolarsEnv:
    """``env`` for compiling ``expr`` at dates other than the as-of date (a stepped amount's months):
    only the shared columns of nodes that do not read the as-of date stay in the memo."""
    if not env.memo:
        return env
    keep: dict[Key, str] = {}

    def reads_as_of(n: Expr) -> bool:
        reads = isinstance(n, AsOf)
        for c in n.children:
            reads = reads_as_of(c) or reads
        k = (id(n), env.place_key)
        if not reads and k in env.memo:  # type: ignore[operator]
            keep[k] = env.memo[k]  # type: ignore[index]
        return reads

    reads_as_of(expr)
    return replace(env, memo=keep)
