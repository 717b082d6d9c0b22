"""免申即享 at county scale (a script, not a test): one campaign over a roster of a million people in
柯城区 on PostgreSQL, then the same campaign again (nobody proposed twice).

    .venv/bin/python benchmarks/bench_campaign.py [--url postgresql+psycopg://postgres@127.0.0.1:5432/test]
        [--people 1000000] [--keep]

The roster is the synthetic population (``jiuye.population.synth``, seed 1, described as of
2025-06-30) with every place column set to 柯城区 (330802) and 身份证号 as the identity, written to
Parquet with the engine's fact names. The campaign is 衢政发〔2023〕12号's person benefits in force on
the as-of date (2025-06-30). Timed: reading and checking the roster, the campaign (evaluate in
chunks, ledger, people records found or created, cases and proposals inserted in batches, audit),
and the rerun, in wall-clock seconds and in this process's CPU seconds (PostgreSQL's own work is in
the wall time only). Goal (issue 19): under a minute for the first run.
"""

from __future__ import annotations

import argparse
import os
import resource
import secrets
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.stdout.reconfigure(line_buffering=True)

import polars as pl  # noqa: E402
from sqlalchemy import create_engine, func, select, text  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from jiuye.accounts import service as accounts  # noqa: E402
from jiuye.campaigns import service  # noqa: E402
from jiuye.campaigns.models import Proposal  # noqa: E402
from jiuye.campaigns.roster import read_roster  # noqa: E402
from jiuye.catalogue.registry import CATALOGUE  # noqa: E402
from jiuye.db.core import make_engine  # noqa: E402
from jiuye.db.migrate import upgrade  # noqa: E402
from jiuye.engine.provision import Subject  # noqa: E402
from jiuye.population.synth import SynthConfig, as_persons, people_block  # noqa: E402

AS_OF = date(2025, 6, 30)
COUNTY = "330802"


def roster_file(n: int, folder: Path) -> Path:
    cfg = SynthConfig(persons=n, enterprises=0, ref=AS_OF)
    parts = [as_persons(people_block(s, min(cfg.block_rows, n - s), cfg)) for s in range(0, n, cfg.block_rows)]
    frame = pl.concat(parts).drop("person.person_id").with_columns(
        pl.lit(COUNTY).alias(c) for c in ("person.hukou_adcode", "person.residence_adcode", "person.work_adcode"))
    frame = frame.select([c for c in frame.columns if c.startswith("person.")])
    path = folder / "柯城区名单.parquet"
    frame.write_parquet(path)
    return path


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", default=os.environ.get("JIUYE_TEST_POSTGRES_URL",
                                                    "postgresql+psycopg://postgres@127.0.0.1:5432/test"))
    ap.add_argument("--people", type=int, default=1_000_000)
    ap.add_argument("--keep", action="store_true")
    args = ap.parse_args()
    schema = f"bench_campaign_{secrets.token_hex(4)}"
    admin = create_engine(args.url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine = make_engine(args.url, connect_args={"options": f"-csearch_path={schema}"})
    try:
        upgrade(engine)
        with tempfile.TemporaryDirectory() as tmp:
            t = time.perf_counter()
            path = roster_file(args.people, Path(tmp))
            print(f"roster: {args.people:,} people written to Parquet in {time.perf_counter() - t:.1f} s "
                  f"({path.stat().st_size / 2**20:.0f} MiB)")
            with Session(engine) as s:
                user = accounts.create(db_session=s, username="bench_kecheng", display_name="柯城区经办人",
                                       password_hash="x", role="county_caseworker", county_code=COUNTY)
                s.commit()
                provisions = [p for p in service.evaluate.default_provisions(AS_OF)
                              if CATALOGUE.provisions[p].subject == Subject.PERSON]
                print("provisions:", ", ".join(provisions))
                for label in ("first run", "rerun"):
                    t0, c0 = time.perf_counter(), time.process_time()
                    roster = read_roster(path, path.name, COUNTY)
                    t1, c1 = time.perf_counter(), time.process_time()
                    c = service.create(db_session=s, user=user, as_of=AS_OF, today=date(2026, 12, 6),
                                       provisions=provisions, roster=roster, seed=1)
                    t2, c2 = time.perf_counter(), time.process_time()
                    n = s.scalar(select(func.count()).where(Proposal.campaign_id == c.id))
                    fen = s.scalar(select(func.coalesce(func.sum(Proposal.amount_fen), 0))
                                   .where(Proposal.campaign_id == c.id))
                    print(f"{label}: read+check {t1 - t0:.1f} s (CPU {c1 - c0:.1f} s; {roster.rejected:,} rows "
                          f"rejected); campaign {t2 - t1:.1f} s (CPU of this process {c2 - c1:.1f} s); in all "
                          f"{t2 - t0:.1f} s; {n:,} proposals, {int(fen) / 100:,.2f} 元; already proposed "
                          f"{c.already_proposed:,}")
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"peak memory (this process): {peak:,.0f} MiB")
    finally:
        engine.dispose()
        if not args.keep:
            with admin.connect() as conn:
                conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        else:
            print("kept schema", schema)


if __name__ == "__main__":
    main()
