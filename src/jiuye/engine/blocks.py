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


def place_blocks(frame: pl.DataFrame, provisions: Sequence[Provision], env: PolarsEnv) -> list[Block]:
    """The blocks of ``provisions`` (in force) over ``frame``: first the block of every row (possibly
    empty), then one per jurisdiction group evaluated apart."""
    groups: dict[tuple, tuple[pl.Expr, list[Provision]]] = {}
    for p in provisions:
        penv = with_place(p, env)
        key = (structure(p.jurisdiction.test), penv.place_key)
        if key not in groups:
            groups[key] = (p.jurisdiction.test.to_polars(penv).cast(pl.Boolean).fill_null(True), [])
        groups[key][1].append(p)
    n = frame.height
    whole = Block([], None)
    if n == 0:
        return [Block(list(provisions), None)]
    masks = frame.with_columns([t.alias(f"__m{i}") for i, (t, _) in enumerate(groups.values())])
    blocks = [whole]
    for i, (_, ps) in enumerate(groups.values()):
        m = masks.get_column(f"__m{i}")
        if m.sum() >= FILTER_BELOW * n:
            whole.provisions.extend(ps)
            continue
        same = next((b for b in blocks[1:] if b.mask is not None and b.mask.equals(m)), None)
        if same is not None:  # another test that holds on the same rows (e.g. the same county read twice)
            same.provisions.extend(ps)
        else:
            blocks.append(Block(ps, m))
    return blocks


def structure(node: Expr) -> tuple:
    """A key equal for two expression trees exactly when they are built the same (type, own
    attributes, children): two provisions declaring the same jurisdiction share one mask."""
    own = tuple(sorted((k, repr(v)) for k, v in vars(node).items() if k not in ("label", "children")))
    return (type(node).__name__, own, tuple(structure(c) for c in node.children))
