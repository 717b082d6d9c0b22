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

The masks are computed once per distinct row set, in one pass over the columns the tests read:

- columns holding the same values (a mapping that gives the residence, hukou, work and business
  county from one county column) are read as one;
- a test reading one Categorical/Enum column (after that) is first evaluated on the column's
  categories (a few dozen values, and the null): two tests with the same value on every category
  hold on the same rows, so the three Hangzhou tests (``InCity`` on the business, work and any of
  the hukou/residence/work county) give one mask, computed once; a test whose true categories are
  within another's holds on a subset of its rows (Quzhou's counties within the 26 mountain
  counties): its block is *nested* in the other's (``Block.parent``), and its plan filters the outer
  block's rows instead of the whole table;
- other tests (text held as String, several columns) get their own mask, merged with an equal one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import polars as pl

from .expr import Expr, PolarsEnv
from .place import with_place
from .provision import Provision
from .stacking import stacking_key
from .table_result import ROWS

FILTER_BELOW = 0.5  # a group's rows as a share of the table under which it is evaluated apart
JOIN_BELOW_ROWS = 1 << 16  # a nested block joins its parent's block when the parent has fewer rows than this
MAX_CATEGORIES = 1 << 16  # a Categorical column's codes up to which a test is first evaluated on its categories


@dataclass
class Block:
    provisions: list[Provision]
    mask: pl.Series | None  # the rows evaluated (None: every row)
    test: pl.Expr | None = None  # the jurisdiction test that gives ``mask`` (a filter a lazy plan pushes down)
    rows: pl.Series | None = None  # the positions where ``mask`` holds (sorted, ``ROWS``)
    parent: int | None = None  # the block (index) whose rows hold all of this one's (nested), if any


def place_blocks(frame: pl.DataFrame | pl.LazyFrame, provisions: Sequence[Provision], env: PolarsEnv,
                 consts: Sequence[pl.Expr] = (), key: str | None = None) -> tuple[list[Block], pl.Series | None]:
    """The blocks of ``provisions`` (in force) over ``frame`` (with the constant columns ``consts``):
    first the block of every row (possibly empty), then one per distinct row set of the jurisdiction
    groups evaluated apart (a nested block after the one holding it); and the ``key`` column, read
    in the same pass (a lazy ``frame`` is computed once, for the tests' columns and the key only)."""
    groups = _groups(provisions, env)
    tests = [t for t, _ in groups.values()]
    roots = sorted({c for t in tests for c in t.meta.root_names()} - ({key} if key else set()))
    cols = ([pl.col(key)] if key is not None else []) + [pl.col(c) for c in roots]
    if isinstance(frame, pl.LazyFrame) or consts:
        read = frame.lazy().with_columns(consts).select(cols).collect(engine="in-memory")
    else:
        read = frame.select(cols)
    keys = read.get_column(key) if key is not None else None
    n = read.height
    if n == 0:
        return [Block(list(provisions), None)], keys
    same = _same_columns(read, roots)
    on_categories = _on_categories(tests, read, same)
    classes: dict[tuple, int] = {}  # a row set's identity -> its index in ``reps``
    reps: list[pl.Expr] = []  # one test per row set
    luts: list[tuple[str, tuple] | None] = []
    member: list[int] = []
    for i, t in enumerate(tests):
        lut = on_categories.get(i)
        ident = ("lut", *lut) if lut is not None else ("test", i)
        if ident not in classes:
            classes[ident] = len(reps)
            reps.append(t if lut is None else code_test(*lut))
            luts.append(lut)
        member.append(classes[ident])
    names = [f"__m{j}" for j in range(len(reps))]  # (with the columns read: a test reading none is one value per row)
    masks = read.with_columns([t.alias(m) for m, t in zip(names, reps, strict=True)]).select(names)
    counts = [masks.get_column(m).sum() for m in names]
    apart = [j for j in range(len(reps)) if counts[j] < FILTER_BELOW * n]
    # a mask equal to another's (tests not compared on categories, or true on categories no row holds): one row set
    alias: dict[int, int] = {}
    for k, j in enumerate(apart):
        alias[j] = next((i for i in apart[:k] if alias.get(i, i) == i and counts[i] == counts[j]
                         and masks.get_column(f"__m{i}").equals(masks.get_column(f"__m{j}"))), j)
    apart = [j for j in apart if alias.get(j, j) == j]
    # outer row sets first: a nested one's parent is the smallest placed row set holding it. A nested
    # one joins its parent's block (its provisions evaluated on the parent's rows) when the parent is
    # small (a plan of its own would cost more than the rows it saves) or when they share a stacking
    # group (从优从高 then applied within one plan, not across blocks afterwards)
    stacks: dict[int, set[str]] = {}
    for (_, ps), j in zip(groups.values(), member, strict=True):
        stacks.setdefault(alias.get(j, j), set()).update(k for p in ps if (k := stacking_key(p, env.snapshot)))
    parent: dict[int, int | None] = {}
    for j in sorted(apart, key=lambda j: -counts[j]):
        outer = [i for i in parent if _within(luts[j], luts[i]) and counts[i] > counts[j]]
        up = min(outer, key=lambda i: counts[i]) if outer else None
        if up is not None and (counts[up] < JOIN_BELOW_ROWS or stacks.get(j, set()) & stacks.get(up, set())):
            alias[j] = up
            stacks.setdefault(up, set()).update(stacks.get(j, set()))
            continue
        parent[j] = up
    placed = list(parent)
    got = masks.select([pl.int_range(0, pl.len(), dtype=ROWS).filter(pl.col(f"__m{j}")).implode().alias(f"__m{j}")
                        for j in placed])
    whole = Block([], None)
    blocks = [whole]
    index: dict[int, int] = {}
    for j in placed:
        up = parent[j]
        index[j] = len(blocks)
        blocks.append(Block([], masks.get_column(f"__m{j}"), reps[j], got.get_column(f"__m{j}")[0],
                            None if up is None else index[up]))
    for (_, ps), j in zip(groups.values(), member, strict=True):
        while alias.get(j, j) != j:
            j = alias[j]
        (blocks[index[j]] if j in index else whole).provisions.extend(ps)
    return blocks, keys


_GROUPS: dict[tuple, tuple[Any, dict[tuple, tuple[pl.Expr, list[Provision]]]]] = {}


def _groups(provisions: Sequence[Provision], env: PolarsEnv) -> dict[tuple, tuple[pl.Expr, list[Provision]]]:
    """The provisions grouped by jurisdiction test (same tree structure, same place), each group's
    test compiled once per provisions, snapshot, date and table columns (the entry keeps the
    snapshot and the provisions alive, so their ids are not reused while it lives)."""
    places = tuple(sorted((k, tuple(v)) for k, v in (env.places or {}).items()))
    key = (tuple(map(id, provisions)), env.as_of, id(env.snapshot), env.columns, env.native, env.categorical,
           places, tuple(sorted(env.constants or ())))
    hit = _GROUPS.get(key)
    if hit is not None:
        return hit[1]
    groups: dict[tuple, tuple[pl.Expr, list[Provision]]] = {}
    for p in provisions:
        penv = with_place(p, env)
        gkey = (structure(p.jurisdiction.test), penv.place_key)
        if gkey not in groups:
            groups[gkey] = (p.jurisdiction.test.to_polars(penv).cast(pl.Boolean).fill_null(True), [])
        groups[gkey][1].append(p)
    if len(_GROUPS) >= 64:
        _GROUPS.clear()
    _GROUPS[key] = ((env.snapshot, tuple(provisions)), groups)
    return groups


def _same_columns(read: pl.DataFrame, names: Sequence[str]) -> dict[str, str]:
    """Each column's name, or the first earlier column holding the same values (same type)."""
    out: dict[str, str] = {}
    for k, c in enumerate(names):
        col = read.get_column(c)
        out[c] = next((d for d in names[:k] if out[d] == d and read.schema[d] == col.dtype
                       and read.get_column(d).equals(col)), c)
    return out


def _on_categories(tests: Sequence[pl.Expr], read: pl.DataFrame, same: dict[str, str]) -> dict[int, tuple[str, tuple]]:
    """For each test (by index) that reads one Categorical/Enum column (every column it reads holds the
    same values): the column and the test's value on each of its categories, then on null (one small
    frame per column, every such test evaluated on it at once)."""
    by_column: dict[str, list[int]] = {}
    for i, t in enumerate(tests):
        names = t.meta.root_names()
        canon = {same.get(c) for c in names}
        if names and None not in canon and len(canon) == 1 and isinstance(read.schema[names[0]], pl.Categorical | pl.Enum):
            by_column.setdefault(canon.pop(), []).append(i)  # type: ignore[arg-type]
    out: dict[int, tuple[str, tuple]] = {}
    for name, idx in by_column.items():
        col = read.get_column(name)
        if isinstance(col.dtype, pl.Enum):  # its categories fixed by its type: the tests' values on them once
            key = (tuple(id(tests[i]) for i in idx), name, col.dtype)
            hit = _LUTS.get(key)
            if hit is None:
                if len(_LUTS) >= 256:
                    _LUTS.clear()
                hit = _LUTS[key] = (tuple(tests[i] for i in idx), _luts([tests[i] for i in idx], col))
            luts = hit[1]
        else:
            luts = _luts([tests[i] for i in idx], col)
        if luts is not None:
            out.update((i, (name, lut)) for i, lut in zip(idx, luts, strict=True))
    return out


_LUTS: dict[tuple, tuple[tuple, list[tuple] | None]] = {}  # (an entry keeps its tests alive: ids not reused)


def _luts(tests: Sequence[pl.Expr], col: pl.Series) -> list[tuple] | None:
    """Each test's values (it reads columns holding ``col``'s values) on ``col``'s categories, then on
    null; None when the column has more than ``MAX_CATEGORIES`` codes."""
    physical = col.cat.physical()
    size = len(col.dtype.categories) if isinstance(col.dtype, pl.Enum) else (physical.max() or 0) + 1  # type: ignore[operator, union-attr]
    if size > MAX_CATEGORIES:
        return None
    codes = pl.Series([*range(size), None], dtype=physical.dtype)
    values = pl.select(pl.lit(codes).cat.to(col.dtype, strict=False)).to_series()
    names = sorted({c for t in tests for c in t.meta.root_names()})
    got = pl.DataFrame([values.alias(c) for c in names]).select([t.alias(f"__t{k}") for k, t in enumerate(tests)])
    return [tuple(got.get_column(f"__t{k}").to_list()) for k in range(len(tests))]


def code_test(name: str, lut: tuple) -> pl.Expr:
    """The test whose value on each category of Categorical/Enum column ``name`` (by code) and on null is
    ``lut``, on the column's codes: a few ranges of codes compared (a city's counties are adjacent
    codes of a sorted Enum of division codes), or a membership test. The same rows as the test it
    stands for, without reading the categories' text."""
    runs: list[list[int]] = []
    for k, hit in enumerate(lut[:-1]):
        if hit:
            if runs and runs[-1][1] == k - 1:
                runs[-1][1] = k
            else:
                runs.append([k, k])
    code = pl.col(name).to_physical()
    if not runs:
        test = pl.lit(False)
    elif len(runs) <= 3:
        test = pl.any_horizontal([code == a if a == b else code.is_between(a, b) for a, b in runs])
    else:
        test = code.is_in(pl.Series([k for a, b in runs for k in range(a, b + 1)]).implode())
    return test.fill_null(bool(lut[-1]))


def _within(inner: tuple[str, tuple] | None, outer: tuple[str, tuple] | None) -> bool:
    """Are the rows of the test with categories table ``inner`` within those of ``outer`` (same column)?"""
    if inner is None or outer is None or inner[0] != outer[0] or len(inner[1]) > len(outer[1]):
        return False
    return all(o for i, o in zip(inner[1], outer[1], strict=False) if i)


def structure(node: Expr) -> tuple:
    """A key equal for two expression trees exactly when they are built the same (type, own
    attributes, children): two provisions declaring the same jurisdiction share one mask."""
    own = tuple(sorted((k, repr(v)) for k, v in vars(node).items() if k not in ("label", "children")))
    return (type(node).__name__, own, tuple(structure(c) for c in node.children))
