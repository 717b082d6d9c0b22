"""Who qualifies but has not been paid: the whole catalogue over a population, chunk by chunk.

For one subject type (persons or enterprises) a :class:`Plan` lists the provisions to evaluate,
the input columns they read (only those are loaded) and, per provision, where the subject is
counted (its county). :func:`~.groups.match_chunk` evaluates one chunk with the engine's batch path
(:func:`~jiuye.engine.batch.evaluate_frame`: stacking groups and history caps apply inside) and
keeps the (subject, provision) pairs that are eligible and not yet paid (:mod:`.groups` evaluates
each provision only on the rows inside its jurisdiction).

"Not yet paid" (:func:`paid_pairs`), as of the date D:

- a history row whose period (``period_start``–``period_end``) contains D is a payment for now,
  whatever the provision's period (a monthly payment for D's month, a loan over its term);
- otherwise, by the provision's period: monthly: a row granted in D's calendar month; yearly: a
  row granted in the twelve months up to D; one-time: any row at all; except for provisions
  whose own conditions count their earlier grants (a cap such as "three a year", "the same
  certificate once", "three loans"): there the engine already decided from the history whether
  a further grant is due, so only a row covering D counts as paid.

Loops run over provisions and chunks, never over rows.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl

from ..catalogue.registry import CATALOGUE, evaluate_frame
from ..engine.expr import Fact, PolarsEnv
from ..engine.history import FEATURES, HISTORY_SCHEMA, HistoryFact
from ..engine.provision import Kind, Period, Provision, Subject
from ..params.store import PARAMETERS, Snapshot
from ..population.history import usable_history
from .tables import ROW, SubjectTable

KEYS = {Subject.PERSON: "person.person_id", Subject.ENTERPRISE: "enterprise.enterprise_id"}
KEYS_PLACE = {Subject.PERSON: "person.residence_adcode", Subject.ENTERPRISE: "enterprise.adcode",
              Subject.ORGANISATION: "organisation.adcode"}
PLACE_PREFERENCE = ("enterprise.adcode", "person.work_adcode", "person.residence_adcode", "person.hukou_adcode")
LONG_SCHEMA = {
    "subject_type": pl.Utf8, "subject_id": pl.Utf8, "provision_id": pl.Utf8, "county_code": pl.Utf8,
    "amount_fen": pl.Int64, "period": pl.Utf8, "max_duration_months": pl.Int64, "benefit_type": pl.Utf8,
    "amount_kind": pl.Utf8, "citation": pl.Utf8, "paid_in_group": pl.Utf8, "total_payable_fen": pl.Int64,
}

def self_capped(p: Provision) -> bool:
    """The provision's conditions count its own earlier grants (a history cap)."""
    return any(isinstance(n, HistoryFact) and p.id in n.provisions
               for c in p.all_conditions() for n in c.test.walk())


def facts_of(exprs: Iterable[Any]) -> set[str]:
    out: set[str] = set()
    for e in exprs:
        if e is None or isinstance(e, int):
            continue
        out.update(n.name for n in e.walk() if isinstance(n, Fact) and not n.name.startswith("hist."))
    return out


@dataclass
class Plan:
    """What one subject type needs: provisions evaluated, those reported, columns read."""

    subject: Subject
    key: str
    provisions: list[Provision]
    reported: list[Provision]
    columns: list[str]
    history_key: str | None = None  # column matching history.subject_id (default: key)
    meta: pl.DataFrame = field(default_factory=pl.DataFrame)

    @property
    def eval_key(self) -> str:
        return self.history_key or self.key


def make_plan(subject: Subject, *, all_kinds: bool = False, history_key: str | None = None,
              provisions: Iterable[Provision] | None = None) -> Plan:
    chosen = [p for p in (provisions if provisions is not None else CATALOGUE) if p.subject == subject]
    reported = [p for p in chosen if all_kinds or p.kind == Kind.BENEFIT]
    exprs: list[Any] = []
    for p in chosen:
        exprs += [c.test for c in p.all_conditions()] + [p.amount, p.max_duration_months]
    exprs += [f for feat in FEATURES.values() for _, f in feat.match]
    key = KEYS[subject]
    columns = sorted(facts_of(exprs) | {key, KEYS_PLACE[subject]} | ({history_key} if history_key else set()))
    meta = pl.DataFrame({
        "provision_id": [p.id for p in reported], "period": [p.period.value for p in reported],
        "benefit_type": [p.benefit_type for p in reported], "amount_kind": [p.amount_kind for p in reported],
        "citation": [p.citation for p in reported], "stacking_group": [p.stacking_group for p in reported],
        "self_capped": [self_capped(p) for p in reported],
    }, schema={"provision_id": pl.Utf8, "period": pl.Utf8, "benefit_type": pl.Utf8, "amount_kind": pl.Utf8,
               "citation": pl.Utf8, "stacking_group": pl.Utf8, "self_capped": pl.Boolean})
    return Plan(subject, key, chosen, reported, columns, history_key, meta)


def county_expr(p: Provision, env: PolarsEnv) -> pl.Expr:
    """The county a pair is counted in: the place fact that by itself puts the subject in the
    provision's jurisdiction, preferring the business, then work, residence, household
    registration; when none does alone (or none is known), the first known of them."""
    named = {n.name for n in p.jurisdiction.test.walk() if isinstance(n, Fact) and n.name.endswith("adcode")}
    cands = [c for c in PLACE_PREFERENCE if c in named] + sorted(named - set(PLACE_PREFERENCE))
    if not cands:
        cands = [KEYS_PLACE[p.subject]]
    present = [c for c in cands if c in env.columns]
    if not present:
        return pl.lit(None, dtype=pl.Utf8)
    out: Any = pl
    for c in present:
        alone = dataclasses.replace(env, columns=env.columns - (set(cands) - {c}))
        out = out.when(p.jurisdiction.test.to_polars(alone).fill_null(False)).then(pl.col(c).cast(pl.Utf8))
    return out.otherwise(pl.coalesce([pl.col(c).cast(pl.Utf8) for c in present]))


def paid_pairs(history: pl.DataFrame, meta: pl.DataFrame, as_of: date) -> pl.DataFrame:
    """(subject_id, provision_id) already paid for the period containing ``as_of`` (module doc)."""
    d = pl.lit(as_of, dtype=pl.Date)
    year_ago = pl.lit(as_of.replace(year=as_of.year - 1) if not (as_of.month == 2 and as_of.day == 29)
                      else as_of.replace(year=as_of.year - 1, day=28), dtype=pl.Date)
    g = pl.col("granted_on")
    covers = pl.col("period_start").is_not_null() & pl.col("period_end").is_not_null() \
        & (pl.col("period_start") <= d) & (pl.col("period_end") >= d)
    no_period = pl.col("period_start").is_null()
    by_period = (pl.when(pl.col("period") == Period.MONTHLY.value)
                 .then(no_period & (g.dt.year() == as_of.year) & (g.dt.month() == as_of.month))
                 .when(pl.col("period") == Period.YEARLY.value).then(no_period & (g > year_ago) & (g <= d))
                 .otherwise(~pl.col("self_capped")))
    return (history.lazy().join(meta.lazy().select("provision_id", "period", "self_capped"), on="provision_id")
            .filter(covers | by_period).select("subject_id", "provision_id").unique().collect())


@dataclass
class Context:
    as_of: date
    snapshot: Snapshot

    @classmethod
    def make(cls, as_of: date, overrides: Mapping[str, Any] | None = None) -> Context:
        return cls(as_of, PARAMETERS.snapshot(as_of, overrides))


def chunk_history(frame: pl.DataFrame, plan: Plan, history: pl.DataFrame | None) -> pl.DataFrame | None:
    """The history rows of the chunk's subjects."""
    if history is None or history.height == 0:
        return None
    ids = frame.select(pl.col(plan.eval_key).cast(pl.Utf8).alias("subject_id")).unique()
    return history.join(ids, on="subject_id", how="semi")


def chunk_spells(frame: pl.DataFrame, plan: Plan, spells: pl.DataFrame | None) -> pl.DataFrame | None:
    """The spells of the chunk's subjects, keyed like the history (``plan.eval_key``): the spells
    table is keyed by the subject table's own key (``person.person_id`` / ``enterprise.enterprise_id``)."""
    if spells is None or spells.height == 0:
        return None
    ids = frame.select(pl.col(plan.key).cast(pl.Utf8).alias("subject_id"),
                       pl.col(plan.eval_key).cast(pl.Utf8).alias("__eval")).unique("subject_id")
    out = spells.join(ids, on="subject_id", how="inner")
    return out.with_columns(pl.col("__eval").alias("subject_id")).drop("__eval")


def evaluate_chunk(frame: pl.DataFrame, plan: Plan, ctx: Context, history: pl.DataFrame | None,
                   spells: pl.DataFrame | None = None) -> pl.DataFrame:
    """The engine's wide result for a chunk (``history``: the chunk's rows, see chunk_history;
    ``spells``: its status spells keyed by the table key)."""
    return evaluate_frame(frame, ctx.as_of, subjects=[plan.subject], history=usable_history(history),
                          provisions=plan.provisions, snapshot=ctx.snapshot, key=plan.eval_key,
                          spells=chunk_spells(frame, plan, spells))


def unpaid_rows(long: pl.DataFrame, plan: Plan, history: pl.DataFrame | None, as_of: date) -> pl.DataFrame:
    """``LONG_SCHEMA`` rows: eligible pairs (``long``) not paid according to ``history``."""
    paid = (paid_pairs(history, plan.meta, as_of) if history is not None and history.height
            else pl.DataFrame(schema={"subject_id": pl.Utf8, "provision_id": pl.Utf8}))
    paid = paid.rename({"subject_id": "__hid"})
    in_group = (paid.join(plan.meta.select("provision_id", "stacking_group"), on="provision_id")
                .filter(pl.col("stacking_group").is_not_null())
                .group_by("__hid", "stacking_group").agg(pl.col("provision_id").min().alias("paid_in_group")))
    out = (long.lazy().join(paid.lazy(), on=["__hid", "provision_id"], how="anti")
           .join(plan.meta.lazy(), on="provision_id", how="left")
           .join(in_group.lazy(), on=["__hid", "stacking_group"], how="left")
           .with_columns(pl.lit(plan.subject.value).alias("subject_type")))
    row = [pl.col(ROW)] if ROW in long.columns else []  # the subject's row in its table (see read_slices)
    return out.select([pl.col(c).cast(t) for c, t in LONG_SCHEMA.items()] + row).collect()


def chunk_bounds(path: Path, chunk_rows: int) -> list[tuple[int, int]]:
    """(offset, rows) of each chunk of a subject table (Parquet or Arrow IPC, :mod:`.tables`): whole
    row groups (record batches), as many as fit in ``chunk_rows`` (at least one), so no row group is
    decoded twice for two chunks."""
    return SubjectTable(path).chunk_bounds(chunk_rows)


def read_chunks(path: Path, columns: Iterable[str], chunk_rows: int) -> Iterator[pl.DataFrame]:
    """The chunks of :func:`chunk_bounds` of a subject table, only the ``columns`` it has."""
    table = SubjectTable(path)
    yield from table.read(columns, table.chunk_bounds(chunk_rows))


def read_slices(path: Path, columns: Iterable[str], bounds: Iterable[tuple[int, int]], *,
                row_index: bool = False) -> Iterator[pl.DataFrame]:
    """The rows (offset, count) of each of ``bounds`` of a subject table, only the ``columns`` it has
    (``row_index``: and :data:`ROW`, each row's position in the file, carried to the matched pairs)."""
    yield from SubjectTable(path).read(columns, bounds, row_index=row_index)


def parquet_rows(path: Path) -> int:
    """The rows of a subject table (Parquet or Arrow IPC)."""
    return SubjectTable(path).rows


def load_history(path: Path | None, plans: Iterable[Plan]) -> pl.DataFrame | None:
    """The history rows the plans can use (their provisions and the history features')."""
    if path is None:
        return None
    wanted = {p.id for plan in plans for p in plan.provisions}
    wanted |= {pid for f in FEATURES.values() for pid in f.provisions}
    h = pl.scan_parquet(path).filter(pl.col("provision_id").is_in(sorted(wanted)))
    names = h.collect_schema().names()
    return h.select([pl.col(c).cast(t) if c in names else pl.lit(None, dtype=t).alias(c)
                     for c, t in HISTORY_SCHEMA.items()]).collect()


def load_spells(path: Path | str | pl.DataFrame | None) -> pl.DataFrame | None:
    """The status spells table (``SPELL_SCHEMA``: subject_id, kind, from, to, attributes), checked;
    ``subject_id`` is the subject table's key."""
    from ..facts.spells_file import check_spells, read_spells_file

    if path is None:
        return None
    return check_spells(path) if isinstance(path, pl.DataFrame) else read_spells_file(path)
