"""``jiuye synth``: a synthetic Zhejiang population as Parquet tables.

Three tables, written block by block (memory stays flat at any size):

- ``persons.parquet``: one row per person, columns named after the facts
  (``person.person_id``, ``person.id_number``, ``person.birth_date``...); a founder's business
  (``enterprise.*``) sits on the founder's row, null for everyone else;
- ``enterprises.parquet``: one row per business, keyed by ``enterprise.enterprise_id``, with the
  founder's ``person.*`` facts; first the businesses of founders in ``persons``, then businesses of
  founders outside the table (``person.person_id`` null) until the requested count;
- ``history.parquet``: benefits already received (``HISTORY_SCHEMA``), see :mod:`.history`.

Every fact of the input models gets a value: the important ones from the distributions in
:mod:`.persons` and :mod:`.enterprises`, any other (a fact added later) from its type and choices
(:func:`~.enterprises.generic_fact`). The same seed gives the same tables, whatever the block size.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl
import pyarrow.parquet as pq

from ..engine.expr import PL_TYPES
from ..engine.provision import Subject
from ..engine.vars import E, P
from ..params.store import PARAMETERS
from .enterprises import enterprise_columns, generic_fact
from .history import block_history
from .persons import (
    employment_columns,
    id_number_column,
    identity_columns,
    startup_columns,
    status_columns,
    work_columns,
)
from .rng import ROW, Draws

PERSON_KEY, ENTERPRISE_KEY = "person.person_id", "enterprise.enterprise_id"
EXTRA_ROW_OFFSET = 3_000_000_000  # row numbers of businesses whose founder is not in the persons table


@dataclass(frozen=True)
class SynthConfig:
    persons: int
    enterprises: int
    seed: int = 1
    ref: date = date(2025, 6, 30)  # the date the data describe ("today" of the population)
    block_rows: int = 200_000
    founder_share: float = 0.07  # of working people aged 20–64 (assumed)
    outside_hukou: float = 0.10  # household registration outside Zhejiang (assumed, occasional)
    id_numbers: bool = True
    history: bool = True


def _person_columns() -> list[tuple[str, pl.DataType]]:
    return ([(PERSON_KEY, pl.Utf8()), ("person.id_number", pl.Utf8())]
            + [(f.name, PL_TYPES[f.dtype]) for f in P.all()])


def _enterprise_columns() -> list[tuple[str, pl.DataType]]:
    return ([(ENTERPRISE_KEY, pl.Utf8()), ("enterprise.uscc", pl.Utf8())]
            + [(f.name, PL_TYPES[f.dtype]) for f in E.all()])


def _snapshot_ints(ref: date) -> tuple[int, int, int]:
    snap = PARAMETERS.snapshot(ref)

    def get(name: str, default: int) -> int:
        try:
            v = snap.get(name)
        except Exception:  # noqa: BLE001 - a missing parameter only changes the synthetic level
            v = None
        return int(v) if v is not None else default

    return (get("external.social_insurance_base.lower_monthly", 498_600),
            get("external.social_insurance_base.upper_monthly", 2_529_900), get("external.lpr.one_year", 310))


def people_block(start: int, n: int, cfg: SynthConfig, *, salt: str = "persons", force_founder: bool = False,
                 id_prefix: str = "EP") -> pl.DataFrame:
    """Rows ``start``..``start+n`` of the people (or, with ``force_founder``, of outside founders),
    with every person.* and enterprise.* column."""
    d = Draws(cfg.seed, salt)
    lower, upper, lpr = _snapshot_ints(cfg.ref)
    lf = pl.select(pl.int_range(start, start + n, dtype=pl.UInt64).alias(ROW)).lazy().with_columns(d.hash_column())
    stages = (identity_columns(d, cfg.ref, cfg.outside_hukou)
              + status_columns(d, cfg.ref, cfg.founder_share, force_founder)
              + enterprise_columns(d, cfg.ref, lpr, id_prefix)
              + work_columns(d, cfg.ref, lower, upper) + startup_columns(d, cfg.ref, lpr)
              + employment_columns(d, cfg.ref))
    for stage in stages:
        lf = lf.with_columns(stage)
    have = set(lf.collect_schema().names())
    active = pl.col("__lf") | pl.col("__student")
    generic = [generic_fact(f, d, cfg.ref, active) for f in P.all() if f.name not in have]
    generic += [generic_fact(f, d, cfg.ref, pl.col("__founder")) for f in E.all() if f.name not in have]
    if generic:
        lf = lf.with_columns(generic)
    if cfg.id_numbers:
        for stage in id_number_column(d):
            lf = lf.with_columns(stage)
    person_id = (pl.lit(None, dtype=pl.Utf8) if force_founder
                 else pl.concat_str([pl.lit("P"), pl.col(ROW).cast(pl.Utf8).str.zfill(10)]))
    lf = lf.with_columns(person_id.alias(PERSON_KEY))
    have = set(lf.collect_schema().names())
    cols = [(pl.col(c) if c in have else pl.lit(None)).cast(t).alias(c)
            for c, t in _person_columns() + _enterprise_columns()]
    return lf.select(pl.col(ROW), *cols).collect()


def as_persons(block: pl.DataFrame) -> pl.DataFrame:
    return block.select([c for c, _ in _person_columns() + _enterprise_columns()])


def as_enterprises(block: pl.DataFrame) -> pl.DataFrame:
    """The founders' rows keyed by business: enterprise columns first, founder facts after."""
    person = [c for c, _ in _person_columns() if c != "person.id_number"]
    return block.filter(pl.col(ENTERPRISE_KEY).is_not_null()).select([c for c, _ in _enterprise_columns()] + person)


def blocks(cfg: SynthConfig) -> Iterator[tuple[str, pl.DataFrame]]:
    """("persons" | "enterprises", frame) blocks in output order; enterprises carry ``__row``."""
    left = cfg.enterprises
    for start in range(0, cfg.persons, cfg.block_rows):
        block = people_block(start, min(cfg.block_rows, cfg.persons - start), cfg)
        yield "persons", block
        if left > 0:
            ents = block.filter(pl.col(ENTERPRISE_KEY).is_not_null()).head(left)
            left -= ents.height
            yield "enterprises", ents
    start = EXTRA_ROW_OFFSET
    while left > 0:
        n = min(cfg.block_rows, left)
        yield "enterprises", people_block(start, n, cfg, salt="outside_founders", force_founder=True, id_prefix="EX")
        start, left = start + n, left - n


class _Writer:
    def __init__(self, path: Path):
        self.path, self.writer, self.rows = path, None, 0

    def write(self, frame: pl.DataFrame) -> None:
        table = frame.to_arrow()
        if self.writer is None:
            self.writer = pq.ParquetWriter(self.path, table.schema, compression="zstd")
        self.writer.write_table(table)
        self.rows += frame.height

    def close(self, empty: pl.DataFrame) -> None:
        if self.writer is None:
            empty.write_parquet(self.path)
        else:
            self.writer.close()


def write_population(cfg: SynthConfig, out: Path, on_block: Callable[[str, int], Any] | None = None) -> dict[str, int]:
    """Write persons/enterprises/history Parquet files under ``out``; return the row counts."""
    from ..engine.history import HISTORY_SCHEMA

    out.mkdir(parents=True, exist_ok=True)
    snap = PARAMETERS.snapshot(cfg.ref)
    w = {name: _Writer(out / f"{name}.parquet") for name in ("persons", "enterprises", "history")}
    for kind, block in blocks(cfg):
        if kind == "persons":
            w["persons"].write(as_persons(block))
            subject, key = Subject.PERSON, PERSON_KEY
        else:
            # rechunk: Polars 2.1.0 panics (binview "i < self.len()") evaluating the rules over
            # some filtered-and-sliced string-view columns; a compact copy avoids it
            block = block.filter(pl.col(ENTERPRISE_KEY).is_not_null()).rechunk()
            w["enterprises"].write(as_enterprises(block))
            subject, key = Subject.ENTERPRISE, ENTERPRISE_KEY
        if cfg.history and block.height:
            w["history"].write(block_history(block, subject, key, cfg.seed, cfg.ref, snap))
        if on_block is not None:
            on_block(kind, block.height)
    empty_p = pl.DataFrame(schema=dict(_person_columns() + _enterprise_columns()))
    w["persons"].close(empty_p)
    w["enterprises"].close(as_enterprises(empty_p))
    w["history"].close(pl.DataFrame(schema=HISTORY_SCHEMA))
    return {name: wr.rows for name, wr in w.items()}
