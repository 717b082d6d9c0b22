"""Submission benchmark (a script, not a test): applications per second on PostgreSQL with every
limit enforced — validation, the subject's lock row, the engine's pre-check with the database
history, the caps' reservations (training slots and certificates, loan slots and the 36-month
ledger, employee claims), the decision row and the hash-chained audit event, one transaction each.

    .venv/bin/python benchmarks/bench_submissions.py [--url postgresql+psycopg://postgres@127.0.0.1:5432/test]
        [--submissions 4000] [--processes 2] [--threads 4] [--people 1000]

A fresh schema is created in the database and dropped afterwards. The mix: 40 % training
subsidies and 20 % guaranteed loans in Hangzhou's 13 districts and counties, 20 % flexible-employment
subsidies (第21条) and 20 % enterprise subsidies claiming two employees each in Quzhou's 6, each taken
by a caseworker of the county (so 19 audit chains). Prints submissions per second, latency percentiles, the outcome
counts, and checks afterwards that no cap was exceeded and the audit chain is intact.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import secrets
import statistics
import sys
import threading
import time
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import create_engine, func, select, text  # noqa: E402

from jiuye.accounts import service as accounts  # noqa: E402
from jiuye.applications import service as apps  # noqa: E402
from jiuye.applications.models import SubjectLedger, TrainingSlot  # noqa: E402
from jiuye.audit.service import verify  # noqa: E402
from jiuye.db.core import make_engine, session_factory  # noqa: E402
from jiuye.db.migrate import upgrade  # noqa: E402
from jiuye.ids import make_id_number, make_uscc  # noqa: E402

OCCUPATIONS = ("电工", "焊工", "育婴员", "厨师", "保育员", "钳工", "车工", "茶艺师")


def person(county: str, i: int) -> str:
    return make_id_number(county, date(1970 + i % 30, 1 + i % 12, 1 + i % 28), i % 1000, "M" if i % 2 else "F")


def firm(i: int) -> str:
    return make_uscc(f"91330802MA2{i:06d}")


HANGZHOU = ("330102", "330105", "330106", "330108", "330109", "330110", "330111", "330112", "330113", "330114",
            "330122", "330127", "330182")
QUZHOU = ("330802", "330803", "330822", "330824", "330825", "330881")
COUNTIES = HANGZHOU + QUZHOU


def payload(i: int, people: int) -> tuple[str, dict]:
    """(county of the caseworker taking it, body) of submission ``i``; people live in one county each."""
    kind = i % 10
    k = i % people
    if kind < 4:  # 杭州（十五）: caps 3 a year, certificate once
        county = HANGZHOU[k % len(HANGZHOU)]
        return county, {"provision_id": "hz_2022_draft.shiwu.certificate_subsidy", "application_date": "2026-11-02",
                        "case": {"person": {"id_number": person(county, k), "name": "张三", "residence_adcode": county,
                                            "trained_at_designated": True, "certificate_kind": "vocational",
                                            "certificate_level": 1 + i % 5,
                                            "certificate_occupation": OCCUPATIONS[i % len(OCCUPATIONS)],
                                            "certificate_no": f"B-{i}"}}}
    if kind < 6:  # 杭州（四）: 3 loans, 36 months
        county = HANGZHOU[k % len(HANGZHOU)]
        return county, {"provision_id": "hz_2022_draft.si.personal_loan", "months": 12, "case": {
            "person": {"id_number": person(county, k + people), "name": "王五", "loan_amount_fen": 10_000_000,
                       "loan_term_months": 12}, "enterprise": {"adcode": county}}}
    county = QUZHOU[k % len(QUZHOU)]
    if kind < 8:  # 浙人社发〔2022〕46号 第21条
        return county, {"provision_id": "zj_2022_46.art21", "application_date": "2025-05-06", "months": 6, "case": {
            "person": {"id_number": person(county, k), "name": "李四", "university_graduate": True,
                       "graduation_date": "2024-06-30", "work_adcode": county, "flexible_employed": True,
                       "si_base_monthly_fen": 600_000, "si_paid_monthly_fen": 120_000}}}
    return county, {"provision_id": "quzhou_2023_12.qi.startup_employment", "application_date": "2025-06-03",
                    "employees": [{"id_number": person("330881", 2 * i), "name": "员工"},
                                  {"id_number": person("330881", 2 * i + 1), "name": "员工"}],
                    "case": {"person": {"first_startup": True},
                             "enterprise": {"uscc": firm(k), "name": "企业", "adcode": county,
                                            "registered_on": "2023-03-01", "insured_hires_12m": 2}}}


def run_slice(url: str, schema: str, users: dict[str, int], indices: list[int], people: int, threads: int,
              conn: Any) -> None:
    """One worker process: ``threads`` threads submitting the applications ``indices``."""
    from jiuye.accounts.models import User

    engine = make_engine(url, connect_args={"options": f"-csearch_path={schema}"}, pool_size=threads + 1,
                         max_overflow=0)
    factory = session_factory(engine)
    work = iter(indices)
    lock = threading.Lock()
    latencies: list[float] = []
    outcomes: Counter[str] = Counter()
    with factory() as s:  # warm up: imports, parameter snapshots (not timed, not committed)
        me = {k: s.get(User, v) for k, v in users.items()}
        for i in range(4):
            from jiuye.applications import precheck, schemas

            sub = schemas.parse_submission(payload(i, people)[1], user=me[payload(i, people)[0]], today=date.today())
            precheck.run(case=sub.case, supplied_history=[], db_history=[], provision=sub.provision,
                         as_of=sub.application_date)
    conn.send("ready")
    conn.recv()

    def worker() -> None:
        with factory() as s:
            me = {k: s.get(User, v) for k, v in users.items()}
            while True:
                with lock:
                    i = next(work, None)
                if i is None:
                    return
                who, body = payload(i, people)
                t = time.perf_counter()
                try:
                    app, _ = apps.submit(db_session=s, user=me[who], payload=body, idempotency_key=f"bench-{i:08d}")
                    result = app.status
                except Exception as exc:  # noqa: BLE001  (a cap refused: 409)
                    result = type(exc).__name__
                dt = time.perf_counter() - t
                with lock:
                    latencies.append(dt)
                    outcomes[result] += 1

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    engine.dispose()
    conn.send((latencies, dict(outcomes)))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--url", default="postgresql+psycopg://postgres@127.0.0.1:5432/test")
    ap.add_argument("--submissions", type=int, default=4000)
    ap.add_argument("--processes", type=int, default=2, help="worker processes (like web server workers)")
    ap.add_argument("--threads", type=int, default=4, help="threads per process")
    ap.add_argument("--people", type=int, default=1000)
    args = ap.parse_args()

    schema = f"jiuye_bench_{secrets.token_hex(4)}"
    admin = create_engine(args.url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine = make_engine(args.url, connect_args={"options": f"-csearch_path={schema}"})
    try:
        upgrade(engine)
        factory = session_factory(engine)
        pw = accounts.hash_password("benchmark-password")
        with factory() as s:
            users = {county: accounts.create(db_session=s, username=f"caseworker_{county}", role="county_caseworker",
                                             display_name=county, password_hash=pw, county_code=county).id
                     for county in COUNTIES}
            s.commit()
        engine.dispose()
        ctx = mp.get_context("spawn")
        pipes, procs = [], []
        for k in range(args.processes):
            parent, child = ctx.Pipe()
            indices = list(range(k, args.submissions, args.processes))
            p = ctx.Process(target=run_slice, args=(args.url, schema, users, indices, args.people, args.threads, child))
            p.start()
            pipes.append(parent)
            procs.append(p)
        for parent in pipes:
            assert parent.recv() == "ready"
        start = time.perf_counter()
        for parent in pipes:
            parent.send("go")
        latencies: list[float] = []
        outcomes: Counter[str] = Counter()
        for parent in pipes:
            lat, out = parent.recv()
            latencies += lat
            outcomes.update(out)
        elapsed = time.perf_counter() - start
        for p in procs:
            p.join()
        lat = sorted(latencies)
        print(f"PostgreSQL {'.'.join(map(str, engine.dialect.server_version_info or ()))}, {args.processes} processes × "
              f"{args.threads} threads, {args.submissions} submissions, {len(lat)} done")
        print(f"throughput: {len(lat) / elapsed:.0f} submissions/s ({elapsed:.2f} s)")
        print(f"latency: p50 {statistics.median(lat) * 1000:.1f} ms, p95 {lat[int(0.95 * len(lat))] * 1000:.1f} ms, "
              f"p99 {lat[int(0.99 * len(lat))] * 1000:.1f} ms")
        print("outcomes:", dict(outcomes))
        with factory() as s:
            worst_year = s.scalar(select(func.max(TrainingSlot.slot)))
            worst_loans = s.execute(select(func.max(SubjectLedger.loan_count), func.max(SubjectLedger.loan_months))).one()
            chain = verify(s)
        print(f"caps held: training slots ≤ {worst_year}, loans ≤ {worst_loans[0]}, loan months ≤ {worst_loans[1]}; "
              f"{chain.message()}")
    finally:
        engine.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


if __name__ == "__main__":
    main()
