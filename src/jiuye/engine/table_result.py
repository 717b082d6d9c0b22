"""The table path's result, not full width: per evaluated block its rows and its compact outputs.

A provision whose jurisdiction is false for a row is ``not_eligible`` there with no amount (see
:mod:`jiuye.engine.blocks`); most provisions hold in one city or county, so most of a wide result
is that default. :class:`TableResult` keeps, per block, the row positions it evaluated (``None``:
every row) and a frame of its provisions' output columns (``{id}:outcome``, ``{id}:amount_fen``...)
in the same row order. Everything outside a block is, by construction, ``not_eligible`` with no
amount (an expired or not-yet-in-force provision is in no block). The subjects' keys are held once.

A block evaluated in two steps (:func:`jiuye.engine.batch._plan`) holds its money outputs (amounts,
durations, totals) only at the rows where one of its provisions is eligible (``Part.at``, positions in
the block, and ``Part.sparse``); they are null at its other rows, as outside the block. Nothing is
scattered into full-length columns until a view asks for one.

What consumers read, vectorised: :meth:`TableResult.wide` (the full-width frame, equal to what
``evaluate_frame`` returns), :meth:`~TableResult.column`, :meth:`~TableResult.long` (one row per
(subject, provision) pair a block evaluated), :meth:`~TableResult.count` and
:meth:`~TableResult.eligible`. :func:`concat` joins the results of consecutive chunks.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import polars as pl

from .results import ELIGIBLE, NOT_ELIGIBLE, SUPERSEDED, UNKNOWN
from .stacking import stacking_exprs

# The outcome column: an Enum (one byte per row; compares with the outcome strings like a text column)
OUTCOME_DTYPE = pl.Enum([ELIGIBLE, NOT_ELIGIBLE, UNKNOWN, SUPERSEDED])
OUTPUTS = ("outcome", "amount_fen", "max_duration_months", "total_payable_fen")
DTYPES = {"outcome": OUTCOME_DTYPE, "amount_fen": pl.Int64, "max_duration_months": pl.Int64,
          "total_payable_fen": pl.Int64}
ROWS = pl.UInt32  # row positions (a table of more than 4 billion rows is evaluated in chunks)


def positions(mask: pl.Series) -> pl.Series:
    """The positions where ``mask`` is true (sorted, ``ROWS``): a filter of a row range, which Polars
    does many times faster than ``arg_true``."""
    return pl.select(pl.int_range(0, mask.len(), dtype=ROWS).filter(mask)).to_series()


def pick(frame: pl.DataFrame, names: Sequence[str]) -> pl.DataFrame:
    """The columns ``names`` of ``frame`` (no query: Polars prepares one at ~0.1 ms, whatever its rows)."""
    return pl.DataFrame([frame.get_column(n) for n in names]) if names else frame.select([])


def default(column: str, n: int) -> pl.Series:
    """A column's value where the provision was not evaluated (jurisdiction false, or expired)."""
    kind = column.rsplit(":", 1)[1]
    if kind == "outcome":
        return pl.repeat(NOT_ELIGIBLE, n, dtype=OUTCOME_DTYPE, eager=True).alias(column)
    return pl.repeat(None, n, dtype=DTYPES[kind], eager=True).alias(column)


@dataclass(frozen=True)
class Part:
    """One evaluated block: its provisions (ids), the rows (sorted positions; ``None``: every row)
    and one row of outputs per position (no key column: the result holds the keys once); outputs
    held only where something is eligible are in ``sparse``, one row per position in ``at``
    (positions in the block, sorted), null at the block's other rows."""
    provisions: tuple[str, ...]
    rows: pl.Series | None
    frame: pl.DataFrame
    at: pl.Series | None = None
    sparse: pl.DataFrame | None = None

    @property
    def height(self) -> int:
        return self.frame.height

    def names(self) -> list[str]:
        """Every output column the part holds (dense and sparse)."""
        return self.frame.columns + (self.sparse.columns if self.sparse is not None else [])

    @cached_property
    def sparse_rows(self) -> pl.Series | None:
        """The table positions of the sparse rows."""
        if self.at is None:
            return None
        return self.at if self.rows is None else self.rows.gather(self.at)

    def output(self, name: str) -> pl.Series:
        """One output column, one value per row of the block."""
        if self.sparse is not None and name in self.sparse.columns:
            return default(name, self.height).scatter(self.at, self.sparse.get_column(name))  # type: ignore[arg-type]
        return self.frame.get_column(name)

    def dense(self) -> Part:
        """The same part with every output one row per block row."""
        if self.sparse is None:
            return self
        return Part(self.provisions, self.rows, self.frame.with_columns([self.output(c) for c in self.sparse.columns]))

    def select(self, names: Sequence[str]) -> Part:
        """The part with only the columns ``names`` (nothing copied)."""
        dense = [c for c in names if c in self.frame.columns]
        sparse = [c for c in names if self.sparse is not None and c in self.sparse.columns]
        if not sparse:
            return Part(self.provisions, self.rows, pick(self.frame, dense))
        return Part(self.provisions, self.rows, pick(self.frame, dense), self.at,
                    pick(self.sparse, sparse))  # type: ignore[arg-type]


class TableResult:
    """The answers of one table evaluation (see the module docstring)."""

    def __init__(self, keys: pl.Series, provisions: Sequence[str], outputs: Sequence[str], parts: Iterable[Part]):
        self.keys = keys  # one per row of the evaluated table, in its order (named as its key column)
        self.provisions = tuple(provisions)  # every chosen provision, in order (those in no part: default)
        self.outputs = tuple(o for o in OUTPUTS if o in outputs)
        self.parts = [p for p in parts if p.provisions]
        self._part_of = {pid: p for p in self.parts for pid in p.provisions}

    @property
    def height(self) -> int:
        return self.keys.len()

    def __len__(self) -> int:
        return self.height

    @property
    def key(self) -> str:
        return self.keys.name

    def columns(self) -> list[str]:
        """The wide frame's columns: the key, then per provision its outputs."""
        return [self.key, *[f"{pid}:{o}" for pid in self.provisions for o in self.outputs]]

    def column(self, provision_id: str, output: str = "outcome") -> pl.Series:
        """One output of one provision, full length (the default outside its block)."""
        if provision_id not in self.provisions or output not in self.outputs:
            raise KeyError(f"{provision_id}:{output}")
        name, n = f"{provision_id}:{output}", self.height
        part = self._part_of.get(provision_id)
        if part is None:
            return default(name, n)
        if part.sparse is not None and name in part.sparse.columns:
            rows, got = part.sparse_rows, part.sparse.get_column(name)
        else:
            rows, got = part.rows, part.frame.get_column(name)
        return got if rows is None else default(name, n).scatter(rows, got)

    def wide(self) -> pl.DataFrame:
        """The full-width frame: the key, then ``{id}:{output}`` per provision (``evaluate_frame``'s)."""
        return pl.DataFrame([self.keys, *[self.column(pid, o) for pid in self.provisions for o in self.outputs]])

    def part_keys(self, part: Part) -> pl.Series:
        """The keys of a part's rows."""
        return self.keys if part.rows is None else self.keys.gather(part.rows)

    def long(self, outputs: Sequence[str] | None = None) -> pl.DataFrame:
        """One row per (subject, provision) pair a block evaluated: ``subject_id``, ``provision_id``
        (an Enum over the provisions' ids) and the outputs. Pairs in no block (jurisdiction false,
        expired) are left out: they are ``not_eligible`` with no amount."""
        return self._pairs(outputs, None)

    def eligible(self, outputs: Sequence[str] | None = None) -> pl.DataFrame:
        """The (subject, provision) pairs whose outcome is eligible, as :meth:`long`."""
        return self._pairs(outputs, ELIGIBLE)

    def _pairs(self, outputs: Sequence[str] | None, outcome: str | None) -> pl.DataFrame:
        outs = [o for o in self.outputs if outputs is None or o in outputs]
        ids = pl.Enum(list(self.provisions))
        schema = {"subject_id": self.keys.dtype, "provision_id": ids, **{o: DTYPES[o] for o in outs}}
        frames = []
        for part in self.parts:
            keys = self.part_keys(part).alias("subject_id")
            for pid in part.provisions:
                f = pl.DataFrame([part.output(f"{pid}:{o}").alias(o) for o in outs]).with_columns(keys)
                if outcome is not None:
                    f = f.filter(part.frame.get_column(f"{pid}:outcome") == outcome)
                frames.append(f.select("subject_id", pl.lit(pid, dtype=ids).alias("provision_id"), *outs))
        return pl.concat(frames) if frames else pl.DataFrame(schema=schema)

    def count(self, outcome: str = ELIGIBLE) -> dict[str, int]:
        """Per provision, the rows with ``outcome`` (those outside its block count as not eligible)."""
        out = {}
        for pid in self.provisions:
            part = self._part_of.get(pid)
            inside = 0 if part is None else int((part.frame.get_column(f"{pid}:outcome") == outcome).sum())
            outside = self.height - (0 if part is None else part.height)
            out[pid] = inside + (outside if outcome == NOT_ELIGIBLE else 0)
        return out

    def select_outputs(self, outputs: Sequence[str]) -> TableResult:
        """The same result with only ``outputs`` kept (columns dropped, nothing copied)."""
        keep = [o for o in self.outputs if o in outputs]
        parts = [p.select([f"{pid}:{o}" for pid in p.provisions for o in keep]) for p in self.parts]
        return TableResult(self.keys, self.provisions, keep, parts)


def concat(results: Sequence[TableResult]) -> TableResult:
    """The results of consecutive chunks of one table (same provisions and outputs) as one."""
    if not results:
        raise ValueError("concat: no results")
    first = results[0]
    groups: dict[tuple[str, ...], list[tuple[int, Part]]] = {}
    offset = 0
    for r in results:
        if (r.provisions, r.outputs) != (first.provisions, first.outputs):
            raise ValueError("concat: results of different provisions or outputs")
        for p in r.parts:
            groups.setdefault(p.provisions, []).append((offset, p))
        offset += r.height
    keys = pl.concat([r.keys for r in results])
    parts = []
    for pids, members in groups.items():
        rows = pl.concat([pl.int_range(0, p.height, dtype=ROWS, eager=True) + off if p.rows is None
                          else p.rows + off for off, p in members])
        kinds = {(tuple(p.frame.columns), tuple(p.sparse.columns) if p.sparse is not None else None)
                 for _, p in members}
        if len(kinds) > 1:  # the chunks' parts hold their outputs differently: all one row per block row
            members = [(off, p.dense()) for off, p in members]
        if members[0][1].sparse is None:
            parts.append(Part(pids, rows, pl.concat([p.frame for _, p in members])))
            continue
        at, base = [], 0
        for _, p in members:  # positions in the joined block
            at.append(p.at + base)  # type: ignore[operator]
            base += p.height
        parts.append(Part(pids, rows, pl.concat([p.frame for _, p in members]), pl.concat(at),
                          pl.concat([p.sparse for _, p in members])))  # type: ignore[misc]
    # a provision evaluated in different blocks in different chunks: re-grouped per provision
    seen: dict[str, int] = {}
    for p in parts:
        for pid in p.provisions:
            seen[pid] = seen.get(pid, 0) + 1
    if any(v > 1 for v in seen.values()):
        parts = _by_provision(parts, keys.len(), first.outputs)
    return TableResult(keys, first.provisions, first.outputs, parts)


def _by_provision(parts: list[Part], n: int, outputs: Sequence[str]) -> list[Part]:
    """One part per provision (its rows from every part that holds it, in row order)."""
    pieces: dict[str, list[tuple[pl.Series, pl.DataFrame]]] = {}
    for p in map(Part.dense, parts):
        for pid in p.provisions:
            cols = [f"{pid}:{o}" for o in outputs]
            pieces.setdefault(pid, []).append((p.rows, pick(p.frame, cols)))  # type: ignore[arg-type]
    out = []
    for pid, got in pieces.items():
        rows = pl.concat([r for r, _ in got])
        frame = pl.concat([f for _, f in got])
        order = rows.arg_sort()
        out.append(Part((pid,), rows.gather(order), frame[order]))
    return out


def stack_across(parts: list[Part], members: Sequence[Any], snapshot: Any) -> list[Part]:
    """Apply 从优从高 to stacking groups whose ``members`` (provisions, declared order) sit in
    different parts. Only a row where two members are eligible can change (a member is superseded
    only by another eligible one): the rule is applied on those rows (found from each member's
    eligible rows, a few), and the members' outcomes there are rewritten. Returns the parts."""
    owner = {pid: i for i, p in enumerate(parts) for pid in p.provisions}
    members = [p for p in members if p.id in owner]  # the others' blocks hold no row: not eligible anywhere
    if len(members) < 2:
        return parts
    found = []
    for p in members:
        part = parts[owner[p.id]]
        hit = part.frame.get_column(f"{p.id}:outcome") == ELIGIBLE
        found.append(positions(hit) if part.rows is None else part.rows.filter(hit))
    rows = (pl.DataFrame({"r": pl.concat(found)})  # two members (or more) eligible
            .select(pl.col("r").filter(pl.col("r").is_duplicated()).unique().sort()).to_series())
    if rows.len() == 0:
        return parts
    # each part's members' outcomes and amounts at those rows (one read per part and kind: dense, sparse)
    values: dict[str, pl.Series] = {}
    place: dict[int, tuple[pl.Series, pl.Series] | None] = {}  # part -> its positions at ``rows``, and where present
    for i in sorted({owner[p.id] for p in members}):
        part = parts[i]
        names = [n for p in members if owner[p.id] == i for n in (f"{p.id}:outcome", f"{p.id}:amount_fen")]
        held = set(part.sparse.columns) if part.sparse is not None else set()
        dense = _read_at(part.frame, part.rows, [n for n in names if n not in held], rows)
        place[i] = None if part.rows is None else (dense.get_column("__at"), dense.get_column("__in"))
        values.update((n, dense.get_column(n)) for n in names if n not in held)
        if held & set(names):
            sparse = _read_at(part.sparse, part.sparse_rows, [n for n in names if n in held], rows)  # type: ignore[arg-type]
            values.update((n, sparse.get_column(n)) for n in names if n in held)
    order = [n for p in members for n in (f"{p.id}:outcome", f"{p.id}:amount_fen")]
    stacked = pl.DataFrame([values[n] for n in order]).with_columns(_stacking(members, snapshot))
    new: dict[int, pl.DataFrame] = {}
    for p in members:
        i, name = owner[p.id], f"{p.id}:outcome"
        col = stacked.get_column(name).cast(OUTCOME_DTYPE)
        w = place[i]
        at, col = (rows, col) if w is None else (w[0].filter(w[1]), col.filter(w[1]))
        frame = new.setdefault(i, parts[i].frame.clone())
        frame.replace_column(frame.get_column_index(name), frame.get_column(name).clone().scatter(at, col))
    return [p if i not in new else Part(p.provisions, p.rows, new[i], p.at, p.sparse) for i, p in enumerate(parts)]


def _read_at(frame: pl.DataFrame, own: pl.Series | None, names: Sequence[str], rows: pl.Series) -> pl.DataFrame:
    """The columns ``names`` of ``frame`` (one row per position of ``own``, sorted table positions;
    ``None``: every row) at the table positions ``rows``, each column's default where ``own`` does not
    hold the row; with ``own``, also ``__at`` (the index in ``frame``, clipped) and ``__in`` (held), in one read."""
    at = pl.lit(rows)
    if own is None:
        return frame.select([pl.col(n).gather(at) for n in names])
    if own.len() == 0:
        return pl.DataFrame([pl.Series("__at", [0] * rows.len(), dtype=ROWS), pl.Series("__in", [False] * rows.len()),
                             *[default(n, rows.len()) for n in names]])
    pos = pl.lit(own).search_sorted(at)
    safe = pos.clip(0, own.len() - 1).cast(ROWS)
    present = (pos < own.len()) & (pl.lit(own).gather(safe) == at)

    def fill(n: str) -> pl.Expr:
        kind = n.rsplit(":", 1)[1]
        return pl.lit(NOT_ELIGIBLE, dtype=OUTCOME_DTYPE) if kind == "outcome" else pl.lit(None, dtype=DTYPES[kind])

    return frame.select(safe.alias("__at"), present.alias("__in"),
                        *[pl.when(present).then(pl.col(n).gather(safe)).otherwise(fill(n)).alias(n) for n in names])


_STACKING: dict[tuple, tuple[Any, tuple, list[pl.Expr]]] = {}


def _stacking(members: Sequence[Any], snapshot: Any) -> list[pl.Expr]:
    """The stacking expressions of ``members`` (built once per members and snapshot; the entry keeps
    both alive, so their ids are not reused while it lives)."""
    key = (tuple(id(p) for p in members), id(snapshot))
    got = _STACKING.get(key)
    if got is None:
        if len(_STACKING) >= 64:
            _STACKING.clear()
        got = _STACKING[key] = (snapshot, tuple(members), stacking_exprs(list(members), snapshot))
    return got[2]
