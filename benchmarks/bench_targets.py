"""Targets benchmark (a script, not a test): the dashboard's board, a district page's history and
the quarterly report over a year of Shaoxing figures with corrections.

A fresh SQLite database (or ``--url`` for PostgreSQL) gets the demo's January–September figures
plus ``--corrections`` corrections of every figure (each a new row), then times:
``service.board`` for the city manager (7 jurisdictions × 17 indicators, with the derived
sources), ``report.build`` + ``report.workbook`` for 2023-Q3, and the Excel round trip
(template + import of an unchanged sheet). p50 / p95 of wall time over ``--repeat`` runs.

    .venv/bin/python benchmarks/bench_targets.py
    .venv/bin/python benchmarks/bench_targets.py --corrections 5 --repeat 30
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

from sqlalchemy import insert

from jiuye.accounts import service as accounts
from jiuye.db.core import make_engine, session_factory
from jiuye.db.migrate import upgrade
from jiuye.targets import demo, excel, report, service
from jiuye.targets.models import ActualEntry
from jiuye.targets.plans import plan


def timed(fn, repeat: int) -> tuple[float, float]:
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        runs.append((time.perf_counter() - t) * 1000)
    runs.sort()
    return statistics.median(runs), runs[min(len(runs) - 1, int(len(runs) * 0.95))]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", default=None, help="database URL (default: a temporary SQLite file)")
    ap.add_argument("--corrections", type=int, default=3, help="corrections of every figure")
    ap.add_argument("--repeat", type=int, default=20)
    args = ap.parse_args()
    url = args.url or f"sqlite:///{Path(tempfile.mkdtemp()) / 'bench.sqlite'}"
    engine = make_engine(url)
    upgrade(engine)
    with session_factory(engine)() as s:
        pw = accounts.hash_password("bench-password")
        city = accounts.create(db_session=s, username="bench_sx", role="city_manager", display_name="绍兴",
                               password_hash=pw, city_code="330600")
        county = accounts.create(db_session=s, username="bench_yc", role="county_caseworker", display_name="越城",
                                 password_hash=pw, county_code="330602")
        s.commit()
        demo.seed(s, county_user=county, city_user=city)
        p = plan("sx_2023_28")
        rows = [{"plan": p.key, "indicator": k, "jurisdiction_code": d, "county_code": d, "city_code": "330600",
                 "as_of": m, "value": p.indicator(k).to_stored(v) + (n if p.indicator(k).unit != "%" else -n), "source": "entry", "comment": f"更正{n}",
                 "entered_by_user_id": city.id}
                for n in range(1, args.corrections + 1) for (k, d, m), v in demo.figures().items()]
        if rows:
            s.execute(insert(ActualEntry), rows)
            s.commit()
        total = s.query(ActualEntry).count()
        print(f"{engine.url.get_backend_name()}: {total} figures "
              f"({len(demo.figures())} × {args.corrections + 1} versions)")
        q3 = report.parse_period("2023-Q3")
        for name, fn in (
            ("board (city manager, 7 × 17, derived sources)",
             lambda: service.board(s, user=city, plan_key=p.key)),
            ("district history (越城区, every indicator)",
             lambda: service.history(s, user=county, plan_key=p.key, jurisdiction="330602")),
            ("quarterly report 2023-Q3 → Excel",
             lambda: report.workbook(report.build(s, p, p.jurisdictions, q3))),
            ("Excel sheet: template + import unchanged",
             lambda: excel.import_workbook(s, user=county, today=date(2024, 1, 5), data=excel.template(
                 s, user=county, plan_key=p.key, jurisdiction="330602", month=date(2023, 9, 30)))),
        ):
            p50, p95 = timed(fn, args.repeat)
            print(f"  {name:52} p50 {p50:8.1f} ms   p95 {p95:8.1f} ms")


if __name__ == "__main__":
    main()
