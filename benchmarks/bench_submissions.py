"""Submission benchmark (a script, not a test): applications per second on PostgreSQL with every
limit enforced — validation, the subject's lock row, the engine's pre-check with the database
history, the caps' reservations (training slots and certificates, loan slots and the 36-month
ledger, employee claims), the decision row and the hash-chained audit event, one transaction each.

    .venv/bin/python benchmarks/bench_submissions.py [--url postgresql+psycopg://postgres@127.0.0.1:5432/test]
        [--submissions 4000] [--processes 2] [--threads 4] [--people 1000] [--runs service,http]

Two runs, each on a fresh schema created in the database and dropped afterwards:

- ``service``: ``applications.service.submit`` called directly by ``--processes`` × ``--threads``;
- ``http``: the web app under uvicorn (``--processes`` workers) on a local port; each county's
  caseworker logs in as the web app does (``POST /api/v1/auth/login``: session cookie and CSRF
  token) and ``--clients`` client threads POST ``/api/v1/applications`` with the cookie, the
  ``X-CSRF-Token`` header and an ``Idempotency-Key``. The client shares the machine's CPUs with
  the server, so the server's CPU per request (user + system of the uvicorn processes, from
  ``/proc``) is printed beside requests/s.

The mix, filed on the server's date: 50 % training subsidies and 25 % guaranteed loans in
Hangzhou's 13 districts and counties (the draft's effective date recorded as the tests do), 25 %
enterprise subsidies claiming two employees each in Quzhou's 6, each taken by a caseworker of the
county (so 19 audit chains). Prints submissions per second, latency percentiles, the outcome
counts, and checks afterwards that no cap was exceeded and the audit chain is intact.
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing as mp
import os
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
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
from jiuye.db.core import make_engine, session_factory  # noqa: E402
from jiuye.db.migrate import upgrade  # noqa: E402
from jiuye.ids import make_id_number, make_uscc  # noqa: E402
from jiuye.localstd.models import LocalValue  # noqa: E402
from jiuye.oversight.verify import verify  # noqa: E402

PASSWORD = "benchmark-password"
HZ_EFFECTIVE = date(2022, 7, 1)  # bench value (as the tests'): the draft leaves 2022年*月*日 blank
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
    """(county of the caseworker taking it, body) of submission ``i``; people live in one county each.
    Filed on the server's date (a request cannot send one), for benefits that can be claimed then."""
    kind = i % 4
    k = i % people
    if kind < 2:  # 杭州（十五）: caps 3 a year, certificate once
        county = HANGZHOU[k % len(HANGZHOU)]
        return county, {"provision_id": "hz_2022_draft.shiwu.certificate_subsidy",
                        "case": {"person": {"id_number": person(county, k), "name": "张三", "residence_adcode": county,
                                            "trained_at_designated": True, "certificate_kind": "vocational",
                                            "certificate_level": 1 + i % 5,
                                            "certificate_occupation": OCCUPATIONS[i % len(OCCUPATIONS)],
                                            "certificate_no": f"B-{i}"}}}
    if kind < 3:  # 杭州（四）: 3 loans, 36 months
        county = HANGZHOU[k % len(HANGZHOU)]
        return county, {"provision_id": "hz_2022_draft.si.personal_loan", "months": 12, "case": {
            "person": {"id_number": person(county, k + people), "name": "王五", "loan_amount_fen": 10_000_000,
                       "loan_term_months": 12}, "enterprise": {"adcode": county}}}
    county = QUZHOU[k % len(QUZHOU)]
    return county, {"provision_id": "quzhou_2023_12.qi.startup_employment",
                    "employees": [{"id_number": person("330881", 2 * i), "name": "员工"},
                                  {"id_number": person("330881", 2 * i + 1), "name": "员工"}],
                    "case": {"person": {"first_startup": True},
                             "enterprise": {"uscc": firm(k), "name": "企业", "adcode": county,
                                            "registered_on": "2025-03-01", "insured_hires_12m": 2}}}


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

    cpu = time.process_time()
    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    cpu = time.process_time() - cpu
    engine.dispose()
    conn.send((latencies, dict(outcomes), cpu))


def make_schema(url: str) -> tuple[str, Any, Any, dict[str, int]]:
    """A fresh schema, migrated, with one caseworker per county: (schema, admin engine, engine, users)."""
    schema = f"jiuye_bench_{secrets.token_hex(4)}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine = make_engine(url, connect_args={"options": f"-csearch_path={schema}"})
    upgrade(engine)
    pw = accounts.hash_password(PASSWORD)
    with session_factory(engine)() as s:
        users = {county: accounts.create(db_session=s, username=f"caseworker_{county}", role="county_caseworker",
                                         display_name=county, password_hash=pw, county_code=county).id
                 for county in COUNTIES}
        # the Hangzhou draft leaves its 施行日期 blank: an administrator records one (a bench value), a
        # second approves it, as the tests' world does, so its benefits can be filed
        s.add(LocalValue(parameter="hz_2022_draft.effective_date", jurisdiction="330100", city_code="330100",
                         valid_from=HZ_EFFECTIVE, value=HZ_EFFECTIVE.isoformat(), source_document="施行公告（基准测试）",
                         source_issuer="杭州市人民政府", source_date=HZ_EFFECTIVE, reason="基准测试：登记施行日期",
                         status="approved", proposed_by=users[HANGZHOU[0]], decided_by=users[QUZHOU[0]]))
        s.commit()
    return schema, admin, engine, users


def drop_schema(schema: str, admin: Any, engine: Any) -> None:
    engine.dispose()
    with admin.connect() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


def report(title: str, latencies: list[float], outcomes: Counter[str], elapsed: float, engine: Any) -> None:
    lat = sorted(latencies)
    print(f"{title}: {len(lat)} done")
    print(f"  throughput: {len(lat) / elapsed:.0f} submissions/s ({elapsed:.2f} s)")
    print(f"  latency: p50 {statistics.median(lat) * 1000:.1f} ms, p95 {lat[int(0.95 * len(lat))] * 1000:.1f} ms, "
          f"p99 {lat[int(0.99 * len(lat))] * 1000:.1f} ms")
    print("  outcomes:", dict(outcomes))
    with session_factory(engine)() as s:
        worst_year = s.scalar(select(func.max(TrainingSlot.slot)))
        worst_loans = s.execute(select(func.max(SubjectLedger.loan_count), func.max(SubjectLedger.loan_months))).one()
        chain = verify(s, trigger="cli")
    print(f"  caps held: training slots ≤ {worst_year}, loans ≤ {worst_loans[0]}, loan months ≤ {worst_loans[1]}; "
          f"{chain.message()}")


def run_service(args: argparse.Namespace) -> None:
    schema, admin, engine, users = make_schema(args.url)
    try:
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
        cpu = 0.0
        for parent in pipes:
            lat, out, used = parent.recv()
            latencies += lat
            outcomes.update(out)
            cpu += used
        elapsed = time.perf_counter() - start
        for p in procs:
            p.join()
        print(f"PostgreSQL {'.'.join(map(str, engine.dialect.server_version_info or ()))}")
        report(f"service layer ({args.processes} processes × {args.threads} threads, {args.submissions} submissions)",
               latencies, outcomes, elapsed, engine)
        print(f"  worker CPU: {cpu:.2f} s = {cpu / max(len(latencies), 1) * 1000:.1f} ms per submission "
              "(PostgreSQL's own CPU not included)")
    finally:
        drop_schema(schema, admin, engine)


# --- over HTTP -------------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def tree_cpu(pid: int) -> float:
    """User + system CPU seconds of ``pid`` and its descendants (from /proc; Linux)."""
    tick = os.sysconf("SC_CLK_TCK")
    children: dict[int, list[int]] = {}
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                stat = (d / "stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(ppid, []).append(int(d.name))
    total, todo = 0.0, [pid]
    while todo:
        p = todo.pop()
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / tick  # utime, stime
        todo += children.get(p, [])
    return total


class Client:
    """One keep-alive connection logged in as a caseworker (cookie + CSRF token, as the web app)."""

    def __init__(self, port: int):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)

    def call(self, method: str, path: str, body: Any = None, headers: dict[str, str] | None = None
             ) -> tuple[int, Any, Any]:
        data = json.dumps(body).encode() if body is not None else None
        h = {"Content-Type": "application/json", **(headers or {})}
        self.conn.request(method, path, body=data, headers=h)
        r = self.conn.getresponse()
        raw = r.read()
        return r.status, json.loads(raw) if raw[:1] in (b"{", b"[") else raw, r.headers


def login(port: int, username: str) -> dict[str, str]:
    """The headers a browser session sends on an API write after logging in."""
    status, body, headers = Client(port).call("POST", "/api/v1/auth/login",
                                              {"username": username, "password": PASSWORD})
    if status != 200:
        raise SystemExit(f"login {username}: {status} {body}")
    cookie = headers.get("set-cookie", "").split(";", 1)[0]
    return {"Cookie": cookie, "X-CSRF-Token": body["csrf_token"]}


def run_http(args: argparse.Namespace, schema: str) -> tuple[list[float], Counter[str], float, float]:
    port = free_port()
    tmp = Path(tempfile.mkdtemp(prefix="jiuye-bench-http-"))
    url = f"{args.url}{'&' if '?' in args.url else '?'}options=-csearch_path%3D{schema}"
    env = {**os.environ, "DATABASE_URL": url, "JIUYE_SEED_DEMO": "0", "JIUYE_ENV": "development",
           "JIUYE_HASH_SLOTS": str(tmp / "slots"), "JIUYE_AUDIT_KEY": str(tmp / "audit.pem"),
           "JIUYE_AUDIT_HEADS": str(tmp / "heads.json"), "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src")}
    server = subprocess.Popen([sys.executable, "-m", "uvicorn", "jiuye.web.asgi:app", "--port", str(port),
                               "--workers", str(args.processes), "--log-level", "warning", "--no-access-log"],
                              env=env, cwd=tmp)
    try:
        deadline = time.monotonic() + 180
        while True:
            try:
                if Client(port).call("GET", "/healthz")[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                raise SystemExit("the server did not start")
            time.sleep(0.5)
        sessions = {county: login(port, f"caseworker_{county}") for county in COUNTIES}
        work = iter(range(args.submissions))
        lock = threading.Lock()
        latencies: list[float] = []
        outcomes: Counter[str] = Counter()
        errors: dict[str, Any] = {}

        def worker(warm: list[int]) -> None:
            c = Client(port)
            for i in warm:  # every worker process's first requests (imports, snapshots): not timed
                who, body = payload(args.submissions + i, args.people)
                c.call("POST", "/api/v1/applications", body, {**sessions[who], "Idempotency-Key": f"warm-{i}"})
            ready.wait()
            go.wait()
            while True:
                with lock:
                    i = next(work, None)
                if i is None:
                    return
                who, body = payload(i, args.people)
                t = time.perf_counter()
                status, answer, _ = c.call("POST", "/api/v1/applications", body,
                                           {**sessions[who], "Idempotency-Key": f"bench-{i:08d}"})
                dt = time.perf_counter() - t
                result = answer.get("status", status) if status in (200, 201) and isinstance(answer, dict) else status
                with lock:
                    latencies.append(dt)
                    outcomes[str(result)] += 1
                    if status not in (200, 201, 409) and str(result) not in errors:
                        errors[str(result)] = answer

        go, ready = threading.Event(), threading.Barrier(args.clients + 1)
        pool = [threading.Thread(target=worker, args=([k * 4 + j for j in range(4)],)) for k in range(args.clients)]
        for t in pool:
            t.start()
        ready.wait()  # the warm-up requests are answered
        cpu0, start = tree_cpu(server.pid), time.perf_counter()
        go.set()
        for t in pool:
            t.join()
        elapsed, cpu = time.perf_counter() - start, tree_cpu(server.pid) - cpu0
        for code, answer in errors.items():  # the first answer of each unexpected status
            print(f"  HTTP {code}: {str(answer)[:300]}")
        return latencies, outcomes, elapsed, cpu
    finally:
        server.terminate()
        server.wait(30)
        shutil.rmtree(tmp, ignore_errors=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--url", default="postgresql+psycopg://postgres@127.0.0.1:5432/test")
    ap.add_argument("--submissions", type=int, default=4000)
    ap.add_argument("--processes", type=int, default=2, help="worker processes (service run; uvicorn workers)")
    ap.add_argument("--threads", type=int, default=4, help="threads per process (service run)")
    ap.add_argument("--clients", type=int, default=8, help="client threads (HTTP run)")
    ap.add_argument("--people", type=int, default=1000)
    ap.add_argument("--runs", default="service,http")
    args = ap.parse_args()
    runs = args.runs.split(",")
    if "service" in runs:
        run_service(args)
    if "http" in runs:
        schema, admin, engine, _ = make_schema(args.url)
        try:
            latencies, outcomes, elapsed, cpu = run_http(args, schema)
            report(f"HTTP, authenticated ({args.processes} uvicorn workers, {args.clients} client threads, "
                   f"{args.submissions} submissions)", latencies, outcomes, elapsed, engine)
            done = len(latencies)
            print(f"  server CPU: {cpu:.2f} s = {cpu / max(done, 1) * 1000:.1f} ms per request "
                  f"(≤ {done / cpu if cpu else 0:.0f} req/s per core; PostgreSQL's own CPU not included)")
        finally:
            drop_schema(schema, admin, engine)


if __name__ == "__main__":
    main()
