"""Table path: each provision evaluated only on the rows its jurisdiction can hold (place blocks).

A provision whose jurisdiction is false for a row is ``not_eligible`` there whatever its other
conditions, with no amount: nothing else needs computing for that row. The provisions are grouped
by their jurisdiction test (one compiled expression per group, e.g. "residence in Hangzhou"); a group
whose test leaves fewer than half the rows (true or not known) is evaluated on those rows only — a
filtered frame, its own plan — and its outputs stay that block's (a part of
:class:`~jiuye.engine.table_result.TableResult`: its rows and its compact outputs; the other rows
hold the outcome ``not_eligible`` and no amount). The other groups share one plan over every row.
Stacking (从优从高) within a block is applied in its plan; a stacking group whose members sit in
different blocks is applied once afterwards, on the rows two of its members' blocks hold. The answers are the same: the rows
left out are exactly those a false jurisdiction decides.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import polars as pl

from .expr import Expr, PolarsEnv
from .place import with_place
from .provision import Provision

FILTER_BELOW = 0.5  # a group's rows as a share of the table under which it is evaluated apart


@dataclass
class Block:
    provisions: list[Provision]
    mask: pl.Series | None  # the rows evaluated (None: every row)
    test: pl.Expr | None = None  # the jurisdiction test that gives ``mask`` (a filter a lazy plan pushes down)


def place_blocks(frame: pl.DataFrame | pl.LazyFrame, provisions: Sequence[Provision], env: PolarsEnv,
                 consts: Sequence[pl.Expr] = (), key: str | None = None) -> tuple[list[Block], pl.Series | None]:
    """The blocks of ``provisions`` (in force) over ``frame`` (with the constant columns ``consts``):
    first the block of every row (possibly empty), then one per jurisdiction group evaluated apart;
    and the ``key`` column, read in the same pass (a lazy ``frame`` is computed once, for the tests'
    columns and the key only)."""
    groups: dict[tuple, tuple[pl.Expr, list[Provision]]] = {}
    for p in provisions:
        penv = with_place(p, env)
        gkey = (structure(p.jurisdiction.test), penv.place_key)
        if gkey not in groups:
            groups[gkey] = (p.jurisdiction.test.to_polars(penv).cast(pl.Boolean).fill_null(True), [])
        groups[gkey][1].append(p)
    tests = [t.alias(f"__m{i}") for i, (t, _) in enumerate(groups.values())]
    cols = ([pl.col(key)] if key is not None else []) + tests
    if isinstance(frame, pl.LazyFrame) or consts:
        masks = frame.lazy().with_columns(consts).select(cols).collect(engine="in-memory")
    else:
        masks = frame.select(cols)
    keys = masks.get_column(key) if key is not None else None
    n = masks.height
    whole = Block([], None)
    if n == 0:
        return [Block(list(provisions), None)], keys
    blocks = [whole]
    for i, (test, ps) in enumerate(groups.values()):
        m = masks.get_column(f"__m{i}")
        if m.sum() >= FILTER_BELOW * n:
            whole.provisions.extend(ps)
            continue
        same = next((b for b in blocks[1:] if b.mask is not None and b.mask.equals(m)), None)
        if same is not None:  # another test that holds on the same rows (e.g. the same county read twice)
            same.provisions.extend(ps)
        else:
            blocks.append(Block(ps, m, test))
    return blocks, keys


def structure(node: Expr) -> tuple:
    """A key equal for two expression trees exactly when they are built the same (type, own
    attributes, children): two provisions declaring the same jurisdiction share one mask."""
    own = tuple(sorted((k, repr(v)) for k, v in vars(node).items() if k not in ("label", "children")))
    return (type(node).__name__, own, tuple(structure(c) for c in node.children))
