"""Calculator benchmark (a script, not a test): one case against the whole catalogue.

1. In-process: ``evaluate_case`` for one person (a graduate founder in Hangzhou with a business)
   against every provision: outcomes only; the answer with every provision's explanation trees
   built and encoded (``explain="all"``); the answer ``POST /api/v1/evaluate`` sends by default
   (trees for the provisions of the case's place and date), the compact answer ``POST
   /api/v2/evaluate`` sends by default (the same explanations as node values beside each static
   tree's hash: ``jiuye.engine.compact``) and without trees — each the bytes the API sends
   (``jiuye.web.api.evaluation_json``). p50 / p99 of wall time and of CPU time
   (``time.process_time``; the steadier figure on a shared machine).
2. Over HTTP: ``POST /api/v1/evaluate`` (explain true, false) and ``POST /api/v2/evaluate`` (compact) against uvicorn on 127.0.0.1 (a free port), requests per
   second from a load generator on the same machine: ``wrk`` when installed (apt-get install
   wrk), else a small Python one (httpx, threads). Bounded in time; it stops by itself. The load
   generator shares the cores, so each row also gives the server's CPU per request (its processes'
   user + system time from /proc) and the rate that CPU would allow on the machine's cores.
   ``--http-generated N`` (default 300) adds a v2 compact row posting N generated cases in turn
   (varied persons, places and facts: no answer is the same as the one before).

3. ``--generated N``: the same in-process rows over N generated cases (``tests.engine.gen.random_cases``,
   seed 1: a person, an enterprise and an organisation each, so all 148 provisions apply), CPU per
   case as the p50 over cases of the least of three runs of each case (other processes on the
   machine only ever add time), beside the plain p50.

    .venv/bin/python benchmarks/bench_calculator.py                 # both parts
    .venv/bin/python benchmarks/bench_calculator.py --no-http       # in-process only
    POLARS_MAX_THREADS=1 .venv/bin/python benchmarks/bench_calculator.py --no-http --generated 300
    .venv/bin/python benchmarks/bench_calculator.py --workers 2 --seconds 10 --profile
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
AS_OF = date(2025, 6, 1)
CASE = {
    "person": {"university_graduate": True, "graduation_date": "2022-06-30", "enrolled_student": False,
               "hukou_adcode": "330106", "residence_adcode": "330106", "work_adcode": "330106",
               "first_startup": True, "si_months": 14, "registered_unemployed": False, "difficulty_certified": False,
               "gender": "F", "birth_date": "2000-03-01"},
    "enterprise": {"adcode": "330106", "kind": "individual", "registered_on": "2023-03-01",
                   "operating_normally": True},
}


def _pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def in_process(n: int, profile: bool) -> dict[str, dict[str, float]]:
    from jiuye.catalogue.registry import CATALOGUE, evaluate_case
    from jiuye.facts.models import Case

    case = Case.parse(CASE)
    out: dict[str, dict[str, float]] = {}
    from jiuye.web.api import evaluate_json, evaluation_json

    variants = {
        "outcomes": lambda: evaluate_case(case, AS_OF, explain=False),
        # every provision's explanation trees built and encoded, as the API sends them with explain="all"
        "explain_all": lambda: evaluation_json(evaluate_case(case, AS_OF, explain=True), "all"),
        # what POST /api/v1/evaluate does besides HTTP: evaluate, build the answer, encode it
        "api_explain": lambda: evaluation_json(evaluate_case(case, AS_OF, explain=True), True),
        # POST /api/v2/evaluate's default: the same explanations as values beside each static tree's hash,
        # written straight from the values (jiuye.engine.program)
        "v2_compact": lambda: evaluate_json(case, AS_OF, explain="compact"),
        "api_no_explain": lambda: evaluation_json(evaluate_case(case, AS_OF, explain=False), False),
    }
    for name, fn in variants.items():
        for _ in range(max(20, n // 10)):  # warm-up: snapshots, caches
            fn()
        wall, cpu = [], []
        for _ in range(n):
            t0, c0 = time.perf_counter_ns(), time.process_time_ns()
            fn()
            cpu.append((time.process_time_ns() - c0) / 1e6)
            wall.append((time.perf_counter_ns() - t0) / 1e6)
        out[name] = {"p50_ms": _pct(wall, .5), "p99_ms": _pct(wall, .99), "cpu_p50_ms": _pct(cpu, .5),
                     "cpu_p99_ms": _pct(cpu, .99), "mean_ms": statistics.fmean(wall)}
    print(f"in-process: one case, {len(CATALOGUE)} provisions, as of {AS_OF}, n={n}")
    for name, s in out.items():
        print(f"  {name:15s} wall p50 {s['p50_ms']:7.3f} ms  p99 {s['p99_ms']:7.3f} ms   "
              f"cpu p50 {s['cpu_p50_ms']:7.3f} ms  p99 {s['cpu_p99_ms']:7.3f} ms")
    if profile:
        try:
            from pyinstrument import Profiler
        except ImportError:
            print("  (pip install pyinstrument for --profile)")
        else:
            prof = Profiler(interval=0.0002)
            prof.start()
            for _ in range(300):
                evaluation_json(evaluate_case(case, AS_OF, explain=True), True)
            prof.stop()
            print(prof.output_text(unicode=True, color=False, show_all=False))
    return out


def generated(n: int) -> None:
    """CPU per case over generated cases: outcomes; every explanation built and encoded; the API's default."""
    sys.path.insert(0, str(ROOT))
    from tests.engine.gen import random_cases

    from jiuye.catalogue.registry import CATALOGUE, evaluate_case
    from jiuye.facts.models import Case
    from jiuye.params.store import PARAMETERS
    from jiuye.web.api import evaluate_json, evaluation_json

    cases = [Case.model_validate(c) for c in random_cases(n, seed=1)[0]]
    snap = PARAMETERS.snapshot(AS_OF)
    variants = {
        "outcomes": lambda c: evaluate_case(c, AS_OF, snapshot=snap, explain=False),
        "explain_all": lambda c: evaluation_json(evaluate_case(c, AS_OF, snapshot=snap), "all"),
        "api_explain": lambda c: evaluation_json(evaluate_case(c, AS_OF, snapshot=snap), True),
        "v2_compact": lambda c: evaluate_json(c, AS_OF, snapshot=snap, explain="compact"),
    }
    for c in cases[:20]:
        for fn in variants.values():
            fn(c)
    best: dict[str, list[float]] = {k: [] for k in variants}
    first: dict[str, list[float]] = {k: [] for k in variants}
    for c in cases:
        for name, fn in variants.items():
            runs = []
            for _ in range(3):
                c0 = time.process_time_ns()
                fn(c)
                runs.append((time.process_time_ns() - c0) / 1e6)
            best[name].append(min(runs))
            first[name].append(runs[0])
    size = statistics.median(len(variants["explain_all"](c)) for c in cases[:50]) / 1024
    sizes = {k: statistics.median(len(variants[k](c)) for c in cases[:50]) / 1024 for k in ("api_explain", "v2_compact")}
    print(f"generated cases: {n} (seed 1), {len(CATALOGUE)} provisions, as of {AS_OF}; CPU per case "
          f"(p50 of the least of 3 runs / plain p50 / p99); answers ~{size:.0f} KiB (explain_all), "
          f"~{sizes['api_explain']:.0f} KiB (api_explain), ~{sizes['v2_compact']:.0f} KiB (v2_compact)")
    for name in variants:
        print(f"  {name:15s} cpu p50 {statistics.median(best[name]):7.3f} ms  (plain p50 "
              f"{statistics.median(first[name]):7.3f} ms, p99 {_pct(first[name], .99):7.3f} ms)")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _python_load(url: str, bodies: list[bytes], seconds: float, threads: int) -> tuple[int, int, list[float]]:
    """Each thread posts the bodies in turn (from its own offset) until the time is up."""
    import httpx

    stop = time.monotonic() + seconds
    lock = threading.Lock()
    counts = {"ok": 0, "bad": 0}
    lat: list[float] = []

    def worker(k: int) -> None:
        i = k * len(bodies) // threads
        with httpx.Client(headers={"content-type": "application/json"}, timeout=30) as c:
            while time.monotonic() < stop:
                body = bodies[i % len(bodies)]
                i += 1
                t0 = time.perf_counter()
                r = c.post(url, content=body)
                dt = (time.perf_counter() - t0) * 1e3
                with lock:
                    counts["ok" if r.status_code == 200 else "bad"] += 1
                    lat.append(dt)

    ts = [threading.Thread(target=worker, args=(k,)) for k in range(threads)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    return counts["ok"], counts["bad"], lat


def _wrk(url: str, bodies: list[bytes], seconds: float, connections: int) -> dict[str, float] | None:
    """wrk posting the bodies in turn (a Lua ``request`` function over them)."""
    wrk = shutil.which("wrk")
    if wrk is None:
        return None
    with tempfile.TemporaryDirectory() as d:
        lua = Path(d) / "post.lua"
        texts = []
        for body in bodies:
            text = body.decode()
            level = "=" * next(k for k in range(1, 10) if f"]{'=' * k}]" not in text)
            texts.append(f"[{level}[{text}]{level}]")
        lua.write_text('wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\n'
                       f"bodies = {{{', '.join(texts)}}}\ni = 0\n"
                       "request = function()\n  i = i % #bodies + 1\n"
                       "  return wrk.format(nil, nil, nil, bodies[i])\nend\n", encoding="utf-8")
        res = subprocess.run([wrk, "-t1", f"-c{connections}", f"-d{int(seconds)}s", "--latency", "-s", str(lua), url],
                             capture_output=True, text=True, timeout=seconds + 60)
    out: dict[str, float] = {}
    for line in res.stdout.splitlines():
        parts = line.split()
        if line.startswith("Requests/sec:"):
            out["rps"] = float(parts[1])
        elif parts[:1] == ["50%"]:
            out["p50"] = _ms(parts[1])
        elif parts[:1] == ["99%"]:
            out["p99"] = _ms(parts[1])
        elif "Non-2xx" in line:
            out["non2xx"] = float(parts[-1])
    return out or None


def _generated_bodies(n: int) -> list[bytes]:
    """Request bodies of ``n`` generated cases (``random_cases``, seed 1: a person, an enterprise and an
    organisation each, varied places, dates and facts), as of AS_OF."""
    sys.path.insert(0, str(ROOT))
    from tests.engine.gen import random_cases

    from jiuye.facts.models import Case

    out = []
    for raw in random_cases(n, seed=1)[0]:
        fields = Case.model_validate(raw).model_dump(mode="json", exclude_none=True)
        out.append(json.dumps({"as_of": AS_OF.isoformat(), **fields}, ensure_ascii=False).encode())
    return out


def _proc_cpu(pid: int) -> float:
    """CPU seconds (user + system) of ``pid`` and its child processes (uvicorn's workers), from /proc."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(entry.name) == pid or int(fields[1]) == pid:  # fields[1] is the parent pid
            total += (int(fields[11]) + int(fields[12])) / tick
    return total


def _capacity(cpu_ms: float) -> float:
    """Requests per second the server's CPU per request allows on this machine's cores (no load generator)."""
    return (os.cpu_count() or 1) * 1000 / cpu_ms if cpu_ms > 0 else 0.0


def _ms(text: str) -> float:
    for unit, f in (("us", 1e-3), ("ms", 1.0), ("s", 1e3)):
        if text.endswith(unit):
            return float(text[: -len(unit)]) * f
    return float(text)


def over_http(seconds: float, workers: int, threads: int, connections: int, generated: int) -> None:
    port = _free_port()
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "JIUYE_SEED_DEMO": "0"}
    proc = subprocess.Popen([sys.executable, "-m", "uvicorn", "jiuye.web.asgi:app", "--host", "127.0.0.1", "--port",
                             str(port), "--workers", str(workers), "--log-level", "warning", "--no-access-log"],
                            cwd=ROOT, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        import httpx

        deadline = time.monotonic() + 180  # two workers importing the catalogue on a loaded machine
        while True:
            try:
                if httpx.get(base + "/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline or proc.poll() is not None:
                raise SystemExit("uvicorn did not start")
            time.sleep(0.2)
        print(f"HTTP: POST /api/v1/evaluate (explain true, false) and /api/v2/evaluate (compact), uvicorn --workers {workers} on 127.0.0.1, {seconds:.0f} s per run")
        demo = [json.dumps({"as_of": AS_OF.isoformat(), **CASE}, ensure_ascii=False).encode()]
        varied = _generated_bodies(generated) if generated else []
        rows = [("v1", True, "demo", demo), ("v2", "compact", "demo", demo), ("v1", False, "demo", demo)]
        if varied:  # varied persons, places and dates: no answer repeats from one request to the next
            rows.insert(2, ("v2", "compact", f"{len(varied)} generated", varied))
        for version, explain, label, bodies in rows:
            if version == "v1":
                bodies = [json.dumps({**json.loads(b), "explain": explain}, ensure_ascii=False).encode() for b in bodies]
            url = f"{base}/api/{version}/evaluate"
            if version == "v2":  # the route exists (an older checkout has no v2)
                if httpx.post(url, content=bodies[0], headers={"content-type": "application/json"}).status_code == 404:
                    continue
            sizes = []
            for body in bodies:
                r = httpx.post(url, content=body, headers={"content-type": "application/json"}, timeout=30)
                assert r.status_code == 200, r.text[:300]
                sizes.append(len(r.content))
            for k in range(30):
                httpx.post(url, content=bodies[k % len(bodies)], headers={"content-type": "application/json"},
                           timeout=30)
            size = statistics.median(sizes)
            name = f"{version} explain={explain!s:7s} {label:13s}"
            cpu0 = _proc_cpu(proc.pid)
            w = _wrk(url, bodies, seconds, connections)
            if w is not None:
                cpu_ms = (_proc_cpu(proc.pid) - cpu0) * 1e3 / max(1.0, w.get("rps", 0) * seconds)
                print(f"  {name} wrk -c{connections}: {w.get('rps', 0):8.1f} req/s  "
                      f"p50 {w.get('p50', 0):6.1f} ms  p99 {w.get('p99', 0):6.1f} ms  "
                      f"server CPU {cpu_ms:5.2f} ms/request (≤ {_capacity(cpu_ms):5.0f} req/s)  "
                      f"(response {size / 1024:.0f} KiB{', non-2xx ' + str(int(w['non2xx'])) if 'non2xx' in w else ''})")
            cpu0 = _proc_cpu(proc.pid)
            ok, bad, lat = _python_load(url, bodies, seconds, threads)
            cpu_ms = (_proc_cpu(proc.pid) - cpu0) * 1e3 / max(1, ok + bad)
            print(f"  {name} httpx x{threads} threads: {ok / seconds:8.1f} req/s  "
                  f"p50 {_pct(lat, .5):6.1f} ms  p99 {_pct(lat, .99):6.1f} ms  server CPU {cpu_ms:5.2f} ms/request "
                  f"(≤ {_capacity(cpu_ms):5.0f} req/s)  "
                  f"(response {size / 1024:.0f} KiB, errors {bad})")
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()


def _load() -> str:
    try:
        return Path("/proc/loadavg").read_text().split()[0]
    except OSError:
        return "?"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-n", type=int, default=2000, help="in-process evaluations per variant")
    ap.add_argument("--seconds", type=float, default=10, help="length of each HTTP run")
    ap.add_argument("--workers", type=int, default=2, help="uvicorn worker processes")
    ap.add_argument("--threads", type=int, default=8, help="threads of the Python load generator")
    ap.add_argument("--connections", type=int, default=16, help="wrk connections")
    ap.add_argument("--no-http", action="store_true")
    ap.add_argument("--http-only", action="store_true", help="skip the in-process part (e.g. to time an older server)")
    ap.add_argument("--generated", type=int, default=0, help="also time N generated cases (CPU per case)")
    ap.add_argument("--http-generated", type=int, default=300,
                    help="HTTP: also post v2 compact over N generated cases in turn (0: the demo case only)")
    ap.add_argument("--profile", action="store_true", help="pyinstrument profile of the in-process path")
    args = ap.parse_args()
    print(f"{os.cpu_count()} CPUs, load average {_load()} at start (other work on the machine skews wall times)")
    import gc

    from jiuye.catalogue.registry import CATALOGUE

    try:
        from jiuye.engine.single import compile_provisions
    except ImportError:  # an older checkout (--http-only)
        pass
    else:
        compile_provisions(CATALOGUE)
    gc.collect()
    gc.freeze()  # as the server does (jiuye.web.asgi)
    gc.set_threshold(20_000, 20, 20)
    if not args.http_only:
        in_process(args.n, args.profile)
    if args.generated:
        generated(args.generated)
    if not args.no_http:
        over_http(args.seconds, args.workers, args.threads, args.connections, args.http_generated)
    print(f"load average {_load()} at the end")


if __name__ == "__main__":
    main()
