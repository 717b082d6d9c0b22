"""Run the baseline (today's rules) and a reform over a population, year by year.

Each year is one evaluation per scenario with the matching engine's batch path
(:class:`~jiuye.matching.groups.GroupMatcher` with ``keep_paid``: every eligible pair, after
stacking and history caps), then :mod:`.counting` turns the pairs into the year's cost.

The reform re-evaluates only the provisions it can change (:func:`affected`): those reading a
changed parameter (or whose document's effective date is changed), those switched off, the
members of their stacking groups, and those whose history caps count an affected provision;
every other pair is the baseline's, so an unchanged provision costs the same to the fen. With
``reuse_baseline=False`` the reform is evaluated in full (the test of that equality).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl

from ..catalogue.registry import CATALOGUE
from ..engine.history import HISTORY_SCHEMA, HistoryFact
from ..engine.provision import Provision, Status, Subject
from ..matching.groups import GroupMatcher
from ..matching.match import Context, Plan, load_history, make_plan, parquet_rows, read_chunks
from ..matching.run import history_by_chunk, prefetch
from ..params.store import PARAMETERS
from .counting import COUNTED_SCHEMA, ELIGIBLE_COLUMNS, count_year, grant_rows, ledger
from .reform import Compiled, Reform, Scope, compile_reform

DEFAULT_DAY = (6, 30)
DEFAULT_CHUNK_ROWS = 250_000
Progress = Callable[[str, int], Any]


def _exprs(p: Provision) -> list[Any]:
    out: list[Any] = [c.test for c in p.all_conditions()] + [p.amount, p.max_duration_months]
    return out + [e for _, e in p.extras]


def parameters_read(p: Provision) -> set[str]:
    names: set[str] = set()
    for e in _exprs(p):
        if e is not None and not isinstance(e, int):
            names.update(e.params())
    if p.document.effective_param:
        names.add(p.document.effective_param)
    return names


def history_read(p: Provision) -> set[str]:
    return {pid for e in _exprs(p) if e is not None and not isinstance(e, int)
            for n in e.walk() if isinstance(n, HistoryFact) for pid in n.provisions}


def affected(compiled: Compiled, provisions: Iterable[Provision] | None = None) -> set[str]:
    """Ids of the provisions whose results the reform can change (module doc)."""
    provs = list(provisions if provisions is not None else CATALOGUE)
    changed = compiled.changed_parameters
    out = {p.id for p in provs if parameters_read(p) & changed} | (compiled.provisions_off & {p.id for p in provs})
    while True:
        groups = {p.stacking_group for p in provs if p.id in out and p.stacking_group}
        more = {p.id for p in provs if (p.stacking_group in groups) or (history_read(p) & out)}
        if more <= out:
            return out
        out |= more


@dataclass
class Population:
    """The subject tables, the grants already paid (``history``) and the status spells (``spells``:
    ``jiuye.facts.spells.SPELL_SCHEMA``, ``subject_id`` = the subject table's key; a file, checked
    by :func:`jiuye.facts.spells_file.read_spells_file`, or a table). Without spells, statuses are the tables'
    shorthand facts (a boolean and a start date as of the evaluation day); with them, a status is
    judged on the clause's date from its timeline (登记失业半年以上 on the day the business was registered)."""

    persons: Path | None = None
    enterprises: Path | None = None
    history: Path | None = None
    spells: Path | pl.DataFrame | None = None
    _spells: pl.DataFrame | None = field(default=None, init=False, repr=False, compare=False)

    @classmethod
    def from_dir(cls, folder: Path, spells: Path | None = None) -> Population:
        """``persons.parquet``, ``enterprises.parquet``, ``history.parquet`` (as ``jiuye synth`` writes)
        and ``spells.parquet`` when present (``spells`` given: that file instead)."""
        found = {n: folder / f"{n}.parquet" for n in ("persons", "enterprises", "history", "spells")}
        pop = cls(**{n: (p if p.exists() else None) for n, p in found.items()})
        if spells is not None:
            pop.spells = spells
        return pop

    def spells_table(self) -> pl.DataFrame | None:
        """The spells as ``SPELL_SCHEMA`` (read and checked once), or None."""
        if self._spells is None and self.spells is not None:
            from ..facts.spells_file import check_spells, read_spells_file

            self._spells = (check_spells(self.spells) if isinstance(self.spells, pl.DataFrame)
                            else read_spells_file(self.spells))
        return self._spells

    def inputs(self) -> list[tuple[Subject, Path]]:
        return [(s, p) for s, p in ((Subject.PERSON, self.persons), (Subject.ENTERPRISE, self.enterprises))
                if p is not None]

    def rows(self) -> int:
        return sum(parquet_rows(p) for _, p in self.inputs())


def evaluation_day(year: int, day: tuple[int, int] = DEFAULT_DAY) -> date:
    return date(year, *day)


@dataclass
class SimulationResult:
    reform: Reform
    years: list[int]
    counted: pl.DataFrame  # COUNTED_SCHEMA + scenario
    meta: pl.DataFrame
    affected: set[str]
    subjects: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    evaluations: dict[str, float] = field(default_factory=dict)
    day: tuple[int, int] = DEFAULT_DAY
    engine: str = "local"


def provision_meta(provisions: Iterable[Provision] | None = None) -> pl.DataFrame:
    ps = [p for p in (provisions if provisions is not None else CATALOGUE)]
    return pl.DataFrame({"provision_id": [p.id for p in ps], "period": [p.period.value for p in ps],
                         "benefit_type": [p.benefit_type for p in ps], "stacking_group": [p.stacking_group for p in ps],
                         "amount_kind": [p.amount_kind for p in ps], "order": list(range(len(ps))),
                         "citation": [p.citation for p in ps], "title_zh": [p.title_zh for p in ps]},
                        schema={"provision_id": pl.Utf8, "period": pl.Utf8, "benefit_type": pl.Utf8,
                                "stacking_group": pl.Utf8, "amount_kind": pl.Utf8, "order": pl.Int64,
                                "citation": pl.Utf8, "title_zh": pl.Utf8})


class LocalEngine:
    """Eligible pairs of one scenario-year on this machine, chunk by chunk (as ``jiuye match``)."""

    name = "local"

    def __init__(self, population: Population, chunk_rows: int = DEFAULT_CHUNK_ROWS):
        self.population, self.chunk_rows = population, chunk_rows

    def eligible(self, provisions: list[Provision], scopes: list[Scope], as_of: date, history: pl.DataFrame,
                 on_rows: Progress | None = None, label: str = "") -> pl.DataFrame:
        parts: list[pl.DataFrame] = []
        for subject, path in self.population.inputs():
            provs = [p for p in provisions if p.subject == subject]
            plan = make_plan(subject, provisions=provs)
            if not plan.reported:
                if on_rows is not None:
                    on_rows(label, parquet_rows(path))
                continue
            flush = max(self.chunk_rows, 100_000)
            matchers = [(s, GroupMatcher(plan, Context(as_of, PARAMETERS.snapshot(as_of, s.overrides)), history,
                                         flush_rows=flush, max_buffered_rows=3 * flush, keep_paid=True))
                        for s in scopes]
            split = history_by_chunk(path, plan.eval_key, self.chunk_rows, history)
            split_spells = history_by_chunk(path, plan.key, self.chunk_rows, self.population.spells_table())
            empty = pl.DataFrame(schema=HISTORY_SCHEMA)
            found: list[tuple[Scope, pl.DataFrame]] = []
            for i, chunk in enumerate(prefetch(read_chunks(path, plan.columns, self.chunk_rows))):
                h, sp = split.pop(i, empty), split_spells.pop(i, None)
                for s, m in matchers:
                    found += [(s, f) for f in m.add(chunk, h, sp)]
                if on_rows is not None:
                    on_rows(label, chunk.height)
            for s, m in matchers:
                found += [(s, f) for f in m.finish()]
            parts += [tag(f, subject) for f in in_scope(found, scopes)]
        return combine(parts)


def tag(frame: pl.DataFrame, subject: Subject) -> pl.DataFrame:
    return frame.with_columns(pl.lit(subject.value).alias("subject_type"))


def in_scope(found: list[tuple[Scope, pl.DataFrame]], scopes: list[Scope]) -> list[pl.DataFrame]:
    """Each scope's pairs in its counties; the general scope's pairs outside every other scope."""
    named = frozenset().union(*[s.counties for s in scopes if s.counties is not None])
    out = []
    for s, f in found:
        if s.counties is not None:
            f = f.filter(pl.col("county_code").is_in(sorted(s.counties)))
        elif named:
            f = f.filter(~pl.col("county_code").is_in(sorted(named)) | pl.col("county_code").is_null())
        out.append(f)
    return out


def combine(parts: list[pl.DataFrame]) -> pl.DataFrame:
    parts = [p.select([pl.col(c).cast(t) for c, t in ELIGIBLE_COLUMNS.items()]) for p in parts if p.height]
    return pl.concat(parts) if parts else pl.DataFrame(schema=ELIGIBLE_COLUMNS)


def prior_history(population: Population, first_year: int, provisions: list[Provision]) -> pl.DataFrame:
    """The supplied history before the first simulated year (later rows are payments within the
    simulated years, which the simulation counts itself)."""
    plans: list[Plan] = [make_plan(s, provisions=[p for p in provisions if p.subject == s]) for s in (Subject.PERSON, Subject.ENTERPRISE)]
    hist = load_history(population.history, plans)
    if hist is None:
        return pl.DataFrame(schema=HISTORY_SCHEMA)
    return hist.filter(pl.col("granted_on") < date(first_year, 1, 1))


def expected_rows(reform: Reform, population: Population, years: list[int], *, reuse_baseline: bool = True,
                  baseline_only: bool = False) -> int:
    """Rows a run reads in all (for a progress bar): the population once per year and scenario,
    the reform's only when it has provisions to re-evaluate."""
    rows = population.rows()
    if baseline_only:
        return rows * len(years)
    again = affected(compile_reform(reform)) if reuse_baseline else {"all"}
    return rows * len(years) * (2 if again else 1)


def in_force_or_dated(provisions: list[Provision], as_of: date, overrides: dict[str, Any]) -> list[Provision]:
    """Without the provisions of a draft whose effective date is not set: a draft is not law, so
    it costs nothing until a reform (or an administrator) sets its effective date."""
    snap = PARAMETERS.snapshot(as_of, overrides)
    return [p for p in provisions if p.status(as_of, snap) != Status.DRAFT_NO_DATE]


def simulate(reform: Reform, population: Population, years: list[int], *, engine: Any = None,
             day: tuple[int, int] = DEFAULT_DAY, reuse_baseline: bool = True,
             on_rows: Progress | None = None, baseline_only: bool = False) -> SimulationResult:
    """Baseline and reform over ``population`` for ``years`` (module doc). ``on_rows(label, n)``
    after every chunk read; ``baseline_only`` for the budget view."""
    start = time.perf_counter()
    engine = engine or LocalEngine(population)
    compiled = compile_reform(reform)
    provs = [p for p in CATALOGUE]
    reform_provs = [p for p in provs if p.id not in compiled.provisions_off]
    touched = affected(compiled, provs)
    meta = provision_meta(provs)
    prior = prior_history(population, min(years), provs)
    hist = {"baseline": prior, "reform": prior}
    counted: list[pl.DataFrame] = []
    timings: dict[str, float] = {}
    for year in sorted(years):
        as_of = evaluation_day(year, day)
        t0 = time.perf_counter()
        scopes = compiled.scopes(as_of)
        base_provs = in_force_or_dated(provs, as_of, {})
        year_reform = in_force_or_dated(reform_provs, as_of, scopes[0].overrides)
        base = engine.eligible(base_provs, [Scope(None, {})], as_of, hist["baseline"], on_rows, f"{year} 现行 / baseline")
        timings[f"{year} baseline"] = time.perf_counter() - t0
        scenarios = {"baseline": base}
        if not baseline_only:
            t0 = time.perf_counter()
            if reuse_baseline:
                again = [p for p in year_reform if p.id in touched]
                changed = (engine.eligible(again, scopes, as_of, hist["reform"], on_rows,
                                           f"{year} 改革 / reform") if again else combine([]))
                scenarios["reform"] = pl.concat([base.filter(~pl.col("provision_id").is_in(sorted(touched))), changed])
            else:
                scenarios["reform"] = engine.eligible(year_reform, scopes, as_of, hist["reform"],
                                                      on_rows, f"{year} 改革 / reform")
            timings[f"{year} reform"] = time.perf_counter() - t0
        for name, elig in scenarios.items():
            c = count_year(elig, meta, ledger(hist[name]), year)
            hist[name] = pl.concat([hist[name], grant_rows(c, year, as_of)])
            counted.append(c.with_columns(pl.lit(name).alias("scenario")))
    schema = {**COUNTED_SCHEMA, "scenario": pl.Utf8}
    all_counted = pl.concat(counted) if counted else pl.DataFrame(schema=schema)
    subjects = {s.value: parquet_rows(p) for s, p in population.inputs()}
    return SimulationResult(reform, sorted(years), all_counted, meta, touched, subjects,
                            time.perf_counter() - start, timings, day, getattr(engine, "name", "local"))
