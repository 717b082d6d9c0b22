"""Key-group assistance at province scale (a script, not a test): the 动态清零 watch list and the
county summaries on PostgreSQL with a generated register of a million people.

    .venv/bin/python benchmarks/bench_assistance.py [--url postgresql+psycopg://postgres@127.0.0.1:5432/test]
        [--people 1000000] [--repeat 5] [--keep]

A fresh schema is created, migrated, filled with ``jiuye.assistance.synth`` (COPY), and the daily
job run; then each query is timed ``--repeat`` times (warm) as the pages run it — a county
caseworker, a city manager and the province administrator: the watch list's first page with its
total, and the county summaries (people, on the list, overdue, per group); then 帮扶率 for a year
(``county_figures``). Prints the median and the worst of each; the target is under one second.
"""

from __future__ import annotations

import argparse
import os
import secrets
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.stdout.reconfigure(line_buffering=True)

from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from jiuye.accounts import service as accounts  # noqa: E402
from jiuye.assistance import service, watch  # noqa: E402
from jiuye.assistance.synth import generate  # noqa: E402
from jiuye.db.core import make_engine  # noqa: E402
from jiuye.db.migrate import upgrade  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", default=os.environ.get("JIUYE_TEST_POSTGRES_URL",
                                                    "postgresql+psycopg://postgres@127.0.0.1:5432/test"))
    ap.add_argument("--people", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--keep", action="store_true", help="keep the schema (prints its name)")
    args = ap.parse_args()
    today = date(2026, 12, 6)
    schema = f"bench_assist_{secrets.token_hex(4)}"
    admin = create_engine(args.url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine = make_engine(args.url, connect_args={"options": f"-csearch_path={schema}"})
    try:
        upgrade(engine)
        c = generate(engine, args.people, today=today)
        print(f"register: {c.people:,} people, {c.group_spells:,} group spells, {c.services:,} services, "
              f"{c.employment:,} jobs; on the watch list {c.on_watch:,}")
        print(f"load (generate + COPY + ANALYZE): {c.seconds_load:.1f} s; daily job (jiuye assistance watch): "
              f"{c.seconds_watch_job:.1f} s")
        with Session(engine) as s:
            users = {
                "county caseworker (上城区)": accounts.create(db_session=s, username="b_sc", role="county_caseworker",
                                                          display_name="b", password_hash="x", county_code="330102"),
                "city manager (杭州市)": accounts.create(db_session=s, username="b_hz", role="city_manager",
                                                      display_name="b", password_hash="x", city_code="330100"),
                "province administrator": accounts.create(db_session=s, username="b_pa", role="province_admin",
                                                          display_name="b", password_hash="x"),
            }
            s.commit()
            worst = 0.0
            for who, user in users.items():
                for label, fn in (
                    ("watch list, first page + total", lambda u=user: watch.watch_list(s, u, today=today, limit=50)),
                    ("county summaries", lambda u=user: watch.county_summaries(s, u, today=today)),
                    ("watch list + summaries (the landing page)",
                     lambda u=user: (watch.watch_list(s, u, today=today, limit=50),
                                     watch.county_summaries(s, u, today=today))),
                ):
                    times = []
                    for _ in range(args.repeat):
                        t = time.perf_counter()
                        out = fn()
                        times.append(time.perf_counter() - t)
                    if label.startswith("watch list +"):
                        worst = max(worst, max(times))
                    total = out[1] if label.startswith("watch list,") else ""
                    print(f"{who:28} {label:44} median {statistics.median(times) * 1000:7.1f} ms  "
                          f"max {max(times) * 1000:7.1f} ms {total}")
            for area, name in (("330102", "上城区"), ("330100", "杭州市"), ("330000", "浙江省")):
                times = []
                for _ in range(args.repeat):
                    t = time.perf_counter()
                    service.county_figures(s, area, date(2026, 1, 1), today)
                    times.append(time.perf_counter() - t)
                print(f"county_figures {name} 2026-01-01..{today}: median {statistics.median(times) * 1000:.1f} ms, "
                      f"max {max(times) * 1000:.1f} ms")
            print(f"landing page worst case: {worst * 1000:.0f} ms ({'under' if worst < 1 else 'OVER'} 1 s)")
    finally:
        engine.dispose()
        if args.keep:
            print(f"schema kept: {schema}")
        else:
            with admin.connect() as conn:
                conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


if __name__ == "__main__":
    main()
