"""Evaluate each provision only where it can apply, in batches large enough to be cheap.

A pair can be eligible only where the provision's jurisdiction condition is true (all of a
provision's conditions must be true). So the provisions to report are split into *groups*: a
stacking group's members always stay together (stacking compares them on the same rows), and
groups that need the same jurisdictions are merged. Each chunk's rows inside a group's
jurisdictions are buffered (only the columns the group reads), and a group is evaluated by the
engine's batch path (:func:`~jiuye.engine.batch.evaluate_frame`, stacking and history caps
included) once it has ``flush_rows`` rows, so a group that concerns 1% of the subjects is
evaluated a few times in a run rather than once per chunk. Rows left out are outside every
jurisdiction of the group: none of its provisions is eligible there.

A group's rows are narrowed further by its *gate* (:mod:`jiuye.engine.gates`: for each provision the
AND of its cheap conditions, OR-ed over the group; only the eligible pairs are reported, so a row
passes only where all of some provision's cheap conditions are certainly true) before they are
buffered: a row failing it is not eligible for any of the group's provisions, so it is neither
buffered, nor joined to its history, nor evaluated. A group with a provision that has no gate (every row in its place could be eligible)
is split first: the stacking clusters with such a provision apart, the others gated.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from ..catalogue.registry import evaluate_table
from ..engine.expr import PolarsEnv
from ..engine.expr.base import PL_TYPES
from ..engine.gates import gate, gated
from ..engine.history import FEATURES, HistoryFact
from ..engine.provision import Provision
from ..engine.results import ELIGIBLE
from ..population.history import usable_history
from .match import (
    KEYS_PLACE,
    LONG_SCHEMA,
    ROW,
    Context,
    Plan,
    chunk_history,
    chunk_spells,
    county_expr,
    facts_of,
    unpaid_rows,
)

OUTPUTS = ("amount_fen", "max_duration_months", "total_payable_fen")  # of an eligible pair, from the engine
ELIGIBLE_SCHEMA = {"subject_id": pl.Utf8, "__hid": pl.Utf8, "provision_id": pl.Utf8, "county_code": pl.Utf8,
                   "amount_fen": pl.Int64, "max_duration_months": pl.Int64, "total_payable_fen": pl.Int64}


def table_env(ctx: Context, plan: Plan, columns: Iterable[str], schema: Mapping[str, Any] | None) -> PolarsEnv:
    """The env of the masks and counties over a table with ``columns``: those already of their fact's
    type in ``schema`` (text as String, Categorical or Enum) are read as they are."""
    cols = frozenset(columns)
    if not schema:
        return PolarsEnv(ctx.snapshot, ctx.as_of, cols)
    exprs: list[Any] = [p.jurisdiction.test for p in plan.provisions]
    exprs += [c.test for p in plan.provisions for c in p.all_conditions()]
    facts = {f.name: f for e in exprs for f in e.facts()}
    native = set()
    for name in cols:
        f, dtype = facts.get(name), schema.get(name)
        if f is not None and dtype is not None and (dtype == PL_TYPES.get(f.dtype) or (
                f.dtype == "str" and isinstance(dtype, pl.Categorical | pl.Enum))):
            native.add(name)
    categorical = frozenset(c for c in native if isinstance(schema[c], pl.Categorical | pl.Enum))
    return PolarsEnv(ctx.snapshot, ctx.as_of, cols, native=frozenset(native), categorical=categorical)


def jurisdictions(plan: Plan, env: PolarsEnv) -> dict[str, pl.Expr]:
    """Each distinct jurisdiction test (by its compiled form): true where certainly inside, false or
    null (not known) elsewhere; a row is kept where one of a group's tests is true (a filter drops nulls)."""
    return {str(e): e for e in (p.jurisdiction.test.to_polars(env) for p in plan.provisions)}


def eval_groups(plan: Plan, env: PolarsEnv) -> list[tuple[list[Provision], list[str]]]:
    """(provisions in catalogue order, jurisdiction keys) of every group with a reported provision."""
    keys = [str(p.jurisdiction.test.to_polars(env)) for p in plan.provisions]
    root = list(range(len(plan.provisions)))

    def find(i: int) -> int:
        while root[i] != i:
            root[i] = root[root[i]]
            i = root[i]
        return i

    first: dict[str, int] = {}
    for i, p in enumerate(plan.provisions):
        if p.stacking_group:
            root[find(i)] = find(first.setdefault(p.stacking_group, i))
    clusters: dict[int, list[int]] = {}
    for i in range(len(plan.provisions)):
        clusters.setdefault(find(i), []).append(i)
    reported = {p.id for p in plan.reported}
    by_sig: dict[frozenset[str], list[int]] = {}
    for members in clusters.values():
        if any(plan.provisions[i].id in reported for i in members):
            by_sig.setdefault(frozenset(keys[i] for i in members), []).extend(members)
    return [([plan.provisions[i] for i in sorted(idx)], sorted(sig)) for sig, idx in by_sig.items()]


def gated_parts(provisions: list[Provision], env: PolarsEnv) -> list[tuple[list[Provision], pl.Expr | None]]:
    """A group's provisions with the gate of their rows (None: every row inside the group's places):
    the stacking clusters (a stacking group's members stay together) with a provision that has no gate
    apart from the others, which are gated together (in catalogue order each)."""
    clusters: dict[str, list[Provision]] = {}
    for p in provisions:
        clusters.setdefault(p.stacking_group or f"\0{p.id}", []).append(p)
    open_: list[Provision] = []
    closed: list[Provision] = []
    for members in clusters.values():
        (closed if all(gated(p, env, params=True) for p in members) else open_).extend(members)
    order = {p.id: i for i, p in enumerate(provisions)}
    parts: list[tuple[list[Provision], pl.Expr | None]] = []
    if open_:
        parts.append((sorted(open_, key=lambda p: order[p.id]), None))
    if closed:
        closed.sort(key=lambda p: order[p.id])
        parts.append((closed, gate(closed, env, eligible_only=True, params=True)))  # (only eligible pairs are reported)
    return parts


def history_provisions(provisions: list[Provision]) -> list[str]:
    """Provisions whose history rows matter to these: themselves (paid or not) and those counted
    by the history features they read (caps)."""
    ids = {p.id for p in provisions}
    for p in provisions:
        exprs = [c.test for c in p.all_conditions()] + [p.amount, p.max_duration_months]
        for e in exprs:
            if e is not None and not isinstance(e, int):
                ids.update(pid for n in e.walk() if isinstance(n, HistoryFact) for pid in n.provisions)
    return sorted(ids)


@dataclass
class _Group:
    provisions: list[Provision]
    sig: list[str]
    columns: list[str]
    history_ids: list[str]
    gate: pl.Expr | None = None
    buffer: list[pl.DataFrame] = field(default_factory=list)
    history: list[pl.DataFrame] = field(default_factory=list)
    spells: list[pl.DataFrame] = field(default_factory=list)
    rows: int = 0


class GroupMatcher:
    """Feed chunks with :meth:`add`, collect the unpaid rows it returns, then :meth:`finish`
    (``keep_paid``: return every eligible pair, ``ELIGIBLE_SCHEMA``, paid or not). ``spells``: the status
    spells (``SPELL_SCHEMA``, keyed by the subject table's key), or per chunk in :meth:`add`."""

    def __init__(self, plan: Plan, ctx: Context, history: pl.DataFrame | None, *, flush_rows: int = 400_000,
                 max_buffered_rows: int = 1_200_000, keep_paid: bool = False, spells: pl.DataFrame | None = None):
        self.plan, self.ctx, self.history, self.keep_paid = plan, ctx, history, keep_paid
        self.spells = spells
        self.flush_rows, self.max_buffered = flush_rows, max_buffered_rows
        self.groups: list[_Group] | None = None
        self.masks: list[pl.Expr] = []
        self.rows: list[pl.Expr] = []
        self.env: PolarsEnv | None = None
        self._envs: dict[tuple[Any, ...], PolarsEnv] = {}  # the env of a group's frames, by their schema
        self.evaluations = 0

    def setup(self, columns: list[str], schema: Mapping[str, Any] | None = None) -> list[str]:
        """Prepare for chunks of a table with these ``columns`` (of these types, when ``schema`` is
        given: a column already of its fact's type is read as it is, no cast per chunk; done by the
        first :meth:`add` otherwise); returns those the groups and their jurisdiction masks read (the
        others need not be loaded: every chunk may hold just these)."""
        self.env = table_env(self.ctx, self.plan, columns, schema)
        common = {self.plan.key, self.plan.eval_key, KEYS_PLACE[self.plan.subject], ROW}
        common |= facts_of(f for feat in FEATURES.values() for _, f in feat.match)
        self.groups = []
        tests = jurisdictions(self.plan, self.env)
        self.masks = [e.alias(k) for k, e in tests.items()]
        for group, sig in eval_groups(self.plan, self.env):
            for provs, narrow in gated_parts(group, self.env):
                exprs: list[Any] = [p.amount for p in provs] + [p.max_duration_months for p in provs]
                exprs += [c.test for p in provs for c in p.all_conditions()]
                needed = facts_of(exprs) | common
                cols = [c for c in columns if c in needed]
                self.groups.append(_Group(provs, sig, cols, history_provisions(provs), narrow))
        # each group's rows in one lazy select (a test shared by several groups computed once)
        self.rows = []
        for i, g in enumerate(self.groups):
            inside = pl.any_horizontal([tests[k] for k in g.sig])
            self.rows.append((inside if g.gate is None else inside & g.gate).alias(f"__g{i}"))
        read = {c for g in self.groups for c in g.columns} | {c for m in self.masks for c in m.meta.root_names()}
        return [c for c in columns if c in read]

    def add(self, frame: pl.DataFrame, history: pl.DataFrame | None = None,
            spells: pl.DataFrame | None = None) -> list[pl.DataFrame]:
        """Buffer a chunk. ``history`` / ``spells``: rows that include the chunk's subjects' (other
        subjects' rows are harmless); by default the matcher's whole tables, filtered here."""
        if self.groups is None:
            self.setup(frame.columns, frame.schema)
        assert self.groups is not None and self.env is not None
        masks = frame.lazy().select(self.rows).collect() if self.rows else pl.DataFrame()
        hist = chunk_history(frame, self.plan, self.history) if history is None else history
        sp = chunk_spells(frame, self.plan, self.spells if spells is None else spells)
        records = _ByProvision(hist)
        out = []
        for i, g in enumerate(self.groups):
            rows = masks.get_column(f"__g{i}")
            if rows.len() != frame.height:  # every test a literal (one value): the same for each row
                rows = pl.repeat(rows[0], frame.height, dtype=pl.Boolean, eager=True)
            sub = frame.select(g.columns).filter(rows)
            if sub.height:
                g.buffer.append(sub)
                g.rows += sub.height
                if hist is not None and hist.height:
                    g.history.append(records.of(g.history_ids))
                if sp is not None and sp.height:
                    g.spells.append(sp)
            if g.rows >= self.flush_rows:
                out.append(self._flush(g))
        while sum(g.rows for g in self.groups) > self.max_buffered:
            out.append(self._flush(max(self.groups, key=lambda g: g.rows)))
        return out

    def finish(self) -> list[pl.DataFrame]:
        return [self._flush(g) for g in (self.groups or []) if g.rows]

    def _flush(self, g: _Group) -> pl.DataFrame:
        # rechunk: Polars 2.1.0 can panic (binview "i < self.len()") on filtered string views
        sub = pl.concat(g.buffer, rechunk=True) if len(g.buffer) > 1 else g.buffer[0].rechunk()
        # the buffered chunks' records (of the group's provisions): rows of subjects outside the
        # group's jurisdictions are harmless (the engine and paid_pairs join on the subject), so
        # they are not filtered out again here
        parts = [h for h in g.history if h.height]
        hist = pl.concat(parts) if parts else None
        spells = _own(sub, self.plan.eval_key, g.spells)
        g.buffer, g.history, g.spells, g.rows = [], [], [], 0
        self.evaluations += 1
        eligible = self._eligible(sub, g.provisions, hist, spells)
        return eligible if self.keep_paid else unpaid_rows(eligible, self.plan, hist, self.ctx.as_of)

    def _eligible(self, sub: pl.DataFrame, provisions: list[Provision], hist: pl.DataFrame | None,
                  spells: pl.DataFrame | None = None) -> pl.DataFrame:
        plan, hkey = self.plan, self.plan.eval_key
        result = evaluate_table(sub, self.ctx.as_of, subjects=[plan.subject], history=usable_history(hist),
                                provisions=provisions, snapshot=self.ctx.snapshot, key=hkey, spells=spells)
        key = tuple(sub.schema.items())  # a group's buffered frames: the same columns and types each flush
        env = self._envs.get(key)
        if env is None:
            env = self._envs[key] = table_env(self.ctx, plan, sub.columns, sub.schema)
        reported = {p.id for p in plan.reported}
        wanted = [p for p in provisions if p.id in reported]
        place_of: dict[str, str] = {}
        place_exprs: dict[str, pl.Expr] = {}
        for p in wanted:
            e = county_expr(p, env)
            name = place_of.setdefault(str(e), f"__county{len(place_exprs)}")
            place_exprs.setdefault(name, e)
            place_of[p.id] = name
        row = [ROW] if ROW in sub.columns else []
        extra = sub.select(pl.col(plan.key).cast(pl.Utf8).alias("subject_id"), pl.col(hkey).cast(pl.Utf8).alias("__hid"),
                           *[e.alias(n) for n, e in place_exprs.items()], *row)
        part_of = {pid: part for part in result.parts for pid in part.provisions}
        parts = []
        for p in wanted:  # the eligible rows of each block (a provision in no block is eligible nowhere)
            part = part_of.get(p.id)
            if part is None:
                continue
            ok = part.frame.get_column(f"{p.id}:outcome") == ELIGIBLE
            at = ok.arg_true() if part.rows is None else part.rows.filter(ok)
            parts.append(pl.concat([
                extra[at].select("subject_id", "__hid", pl.lit(p.id).alias("provision_id"),
                                 pl.col(place_of[p.id]).alias("county_code"), *row),
                pl.DataFrame([part.output(f"{p.id}:{o}").filter(ok).alias(o) for o in OUTPUTS])], how="horizontal"))
        if not parts:
            return pl.DataFrame(schema=ELIGIBLE_SCHEMA)
        return pl.concat(parts).select([pl.col(c).cast(t) for c, t in ELIGIBLE_SCHEMA.items()] + row)


class _ByProvision:
    """A chunk's history rows of some provisions: the chunk's rows split by provision once, each
    group's rows the parts of its provisions put together (no filter per group; the features and
    the paid reading aggregate per subject, so the rows' order does not matter)."""

    def __init__(self, hist: pl.DataFrame | None):
        self.hist = hist
        if hist is not None and hist.height:
            self.parts = {k[0]: part for k, part in hist.partition_by("provision_id", as_dict=True).items()}

    def of(self, provision_ids: list[str]) -> pl.DataFrame:
        assert self.hist is not None
        got = [self.parts[pid] for pid in provision_ids if pid in self.parts]  # (ids distinct: sorted set)
        if len(got) == len(self.parts):  # every provision of the chunk's rows (none without one)
            return self.hist
        return pl.concat(got, rechunk=False) if got else self.hist.clear()


def _own(sub: pl.DataFrame, key: str, parts: list[pl.DataFrame]) -> pl.DataFrame | None:
    """The buffered spells (already keyed by ``key``) of the rows in ``sub``."""
    parts = [p for p in parts if p.height]
    if not parts:
        return None
    ids = sub.select(pl.col(key).cast(pl.Utf8).alias("subject_id")).unique()
    return pl.concat(parts).join(ids, on="subject_id", how="semi")


def match_chunk(frame: pl.DataFrame, plan: Plan, ctx: Context, history: pl.DataFrame | None,
                spells: pl.DataFrame | None = None) -> pl.DataFrame:
    """The eligible and unpaid pairs of one chunk (``LONG_SCHEMA``); ``history`` and ``spells`` may
    hold other subjects' rows too. (The local runner uses :class:`GroupMatcher` across chunks.)"""
    m = GroupMatcher(plan, ctx, history, spells=spells)
    parts = m.add(frame) + m.finish()
    return pl.concat(parts) if parts else pl.DataFrame(schema=LONG_SCHEMA)
