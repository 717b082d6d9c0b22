"""The catalogue of provisions: every declared provision of every document, in order.

Built from the explicit list of rule modules :data:`RULE_MODULES` (one per document, in document
order). This module sits above the rules and the engine: the engine evaluates whatever provisions
it is given; :func:`evaluate_case` and :func:`evaluate_frame` here evaluate the whole catalogue.
Adding a document means adding its module to :data:`RULE_MODULES`.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import date
from types import ModuleType
from typing import Any, TypeVar

import polars as pl

from ..engine import batch, single, table_result
from ..engine.expr import PolarsEnv
from ..engine.history import FEATURES, HistoryFact, batched, compute_features
from ..engine.limits import resolve_groups
from ..engine.provision import Catalogue, Provision, Subject
from ..engine.results import CaseResult
from ..engine.table_result import TableResult
from ..errors import DeclarationError, ParameterNotFound, UnknownProvision
from ..facts.models import Case
from ..params.store import PARAMETERS
from ..rules import hz_2022_draft, quzhou_2023_12, zj_2021_22, zj_2022_46

# Every document of the catalogue (entries in catalogue/data), in order; sx_2023_28 has targets only.
DOCUMENT_ORDER = ("zj_2022_46", "zj_2021_22", "quzhou_2023_12", "hz_2022_draft", "sx_2023_28")
T = TypeVar("T")
RULE_MODULES: tuple[ModuleType, ...] = (zj_2022_46, zj_2021_22, quzhou_2023_12, hz_2022_draft)


def check_parameters(provisions: Iterable[Provision], declared: Any = PARAMETERS) -> None:
    """Every parameter name a provision reads is declared; else :class:`ParameterNotFound` naming
    the provision and where it reads the name."""
    for p in provisions:
        for where, name in p.parameter_names():
            if name not in declared:
                raise ParameterNotFound(p.id, name, where)


def build(modules: Iterable[ModuleType] = RULE_MODULES, features: Mapping[str, HistoryFact] = FEATURES) -> Catalogue:
    """A catalogue of every module's ``PROVISIONS``, checked: no duplicate ids, every parameter
    name declared, every history feature counting declared provisions."""
    cat = Catalogue()
    for module in modules:
        cat.add(*module.PROVISIONS)
    check_parameters(cat)
    resolve_groups(cat)  # ledger limits count their stacking group's grants
    for f in features.values():
        missing = [pid for pid in f.provisions if pid not in cat.provisions]
        if missing:
            raise DeclarationError(f"history feature {f.name} counts unknown provisions {missing}")
    return cat


CATALOGUE = build()


def get_provision(provision_id: str) -> Provision:
    try:
        return CATALOGUE.provisions[provision_id]
    except KeyError:
        raise UnknownProvision(provision_id) from None


def evaluate_case(case: Case | Mapping[str, Any], as_of: date, *, provisions: Iterable[Provision] | None = None,
                  **options: Any) -> CaseResult:
    """:func:`jiuye.engine.single.evaluate_case` over ``provisions`` (default: the whole catalogue)."""
    return single.evaluate_case(case, as_of, provisions=CATALOGUE if provisions is None else provisions, **options)


CHUNK_ROWS = 100_000  # rows evaluated at once: bounds the intermediate columns' memory (~1 GB per 100k rows)
THREADS = 1  # chunks of an in-memory table evaluated side by side (``threads=2``: two at a time, in threads)


def evaluate_frame(frame: pl.DataFrame | pl.LazyFrame, as_of: date, *, provisions: Iterable[Provision] | None = None,
                   subjects: Iterable[Subject] | None = None, chunk_rows: int = CHUNK_ROWS,
                   **options: Any) -> pl.DataFrame:
    """:func:`jiuye.engine.batch.evaluate_frame` over ``provisions`` (default: the whole catalogue),
    in row chunks of ``chunk_rows`` concatenated (the same table as one call: every output is a
    function of its own row and its subject's records). The history features are computed once for
    the whole table (one group-by of the ledger, :func:`jiuye.engine.history.compute_features`)."""
    return pl.concat(list(iter_frame(frame, as_of, provisions=provisions, subjects=subjects,
                                     chunk_rows=chunk_rows, **options)), how="vertical")


def iter_frame(frame: pl.DataFrame | pl.LazyFrame, as_of: date, *, provisions: Iterable[Provision] | None = None,
               subjects: Iterable[Subject] | None = None, chunk_rows: int = CHUNK_ROWS,
               **options: Any) -> Iterator[pl.DataFrame]:
    """:func:`evaluate_frame` chunk by chunk (rows in order): a caller that writes or reduces each
    chunk never holds the whole result."""
    yield from _chunks(batch.evaluate_frame, frame, as_of, provisions, subjects, chunk_rows, options)


def evaluate_table(frame: pl.DataFrame | pl.LazyFrame, as_of: date, *, provisions: Iterable[Provision] | None = None,
                   subjects: Iterable[Subject] | None = None, chunk_rows: int = CHUNK_ROWS,
                   **options: Any) -> TableResult:
    """The answers of :func:`evaluate_frame` as a :class:`~jiuye.engine.table_result.TableResult`
    (per place block its rows and compact outputs; ``.wide()`` is :func:`evaluate_frame`'s table,
    ``.eligible()`` the eligible pairs, ``.count()`` per provision), chunk results joined."""
    return table_result.concat(list(iter_table(frame, as_of, provisions=provisions, subjects=subjects,
                                               chunk_rows=chunk_rows, **options)))


def iter_table(frame: pl.DataFrame | pl.LazyFrame, as_of: date, *, provisions: Iterable[Provision] | None = None,
               subjects: Iterable[Subject] | None = None, chunk_rows: int = CHUNK_ROWS,
               **options: Any) -> Iterator[TableResult]:
    """:func:`evaluate_table` chunk by chunk (rows in order)."""
    yield from _chunks(batch.evaluate_blocks, frame, as_of, provisions, subjects, chunk_rows, options)


def _chunks(evaluate: Callable[..., T], frame: pl.DataFrame | pl.LazyFrame, as_of: date,
            provisions: Iterable[Provision] | None, subjects: Iterable[Subject] | None, chunk_rows: int,
            options: dict[str, Any]) -> Iterator[T]:
    """``evaluate`` (the engine's table path, one result type or the other) over the catalogue (or
    ``provisions``) in row chunks; the history features computed once for the whole table."""
    chosen = list(CATALOGUE if provisions is None else provisions)
    wanted = set(subjects) if subjects is not None else set(Subject)
    feats = batch.used_features([p for p in chosen if p.subject in wanted])
    snap = options.pop("snapshot", None) or PARAMETERS.snapshot(as_of, options.get("overrides"))
    names = frame.collect_schema().names()
    key = options.pop("key", None) or next((batch.KEYS[s] for s in (Subject.PERSON, Subject.ENTERPRISE,
                                                                     Subject.ORGANISATION)
                                            if batch.KEYS[s] in names), None)
    if key is None and isinstance(frame, pl.DataFrame):  # the row number as the key, over the whole table
        frame = frame.with_row_index("__row").with_columns(pl.col("__row").cast(pl.Utf8))
        key = "__row"
    history, spells = options.pop("history", None), options.pop("spells", None)
    threads = options.pop("threads", THREADS)
    env = PolarsEnv(snap, as_of, frozenset(names) | {f.name for f in feats})
    if isinstance(frame, pl.LazyFrame):  # read by the engine for the columns it uses, at once
        with batched(feats):
            yield evaluate(frame, as_of, provisions=chosen, subjects=subjects, history=history,
                           snapshot=snap, key=key, spells=spells, **options)
        return
    if frame.height <= chunk_rows:
        with batched(feats):
            yield evaluate(frame, as_of, provisions=chosen, subjects=subjects, history=history,
                           snapshot=snap, key=key, spells=spells, **options)
        return

    def chunk(start: int, cols: list[pl.Series]) -> T:
        """The chunk at ``start``, with the features of its rows (``cols``), in its own
        :func:`batched` block (chunks may be evaluated side by side in threads)."""
        part = frame.slice(start, chunk_rows)
        sp = spells
        if spells is not None:
            sp = spells.filter(pl.col("subject_id").is_in(part.get_column(key).cast(pl.Utf8).implode()))
        with batched(feats) as memo:
            memo.preset(part, history, key, env, cols)
            return evaluate(part, as_of, provisions=chosen, subjects=subjects, history=history,
                            snapshot=snap, key=key, spells=sp, **options)

    cols = compute_features(feats, frame, key, history, env)  # the ledger read once for the whole table

    def at(start: int) -> list[pl.Series]:
        return [c.slice(start, chunk_rows) for c in cols]

    starts = list(range(0, frame.height, chunk_rows))
    if threads < 2:
        yield from (chunk(s, at(s)) for s in starts)
        return
    # the first chunk alone (its plans built and cached), then the others ``threads`` at a time in
    # threads: Polars releases the GIL while a plan runs, so one chunk's Python work (masks, plans'
    # assembly, money on eligible rows) can overlap another's plans. Results in row order, at most
    # ``threads`` chunks in flight. (On the shared 2-core machine at load 10 it did not pay: the
    # default stays one chunk after the other.)
    yield chunk(starts[0], at(starts[0]))
    with ThreadPoolExecutor(max_workers=threads) as pool:
        pending: deque[Future[T]] = deque()
        for s in starts[1:]:
            pending.append(pool.submit(chunk, s, at(s)))
            if len(pending) >= threads:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
