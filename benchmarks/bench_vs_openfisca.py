"""jiuye against OpenFisca on the same ten provisions and the same population (a script, not a test).

    .venv/bin/python benchmarks/bench_vs_openfisca.py [--n 1000000] [--repeat 3] [--peer-dir DIR]
        [--outputs outcome,amount_fen] [--chunk 1000000] [--result blocks|wide|both] [--skip-peer]

The reference is ``../shared/peer-openfisca`` (OpenFisca 46, ten of our provisions; its README maps
its rules to ours). On first use it is copied to ``--peer-dir`` (default: a folder under the
system's temporary directory; ``shared/`` is read-only) and its virtual environment is created
there from its ``requirements.lock``. Both sides then run in their own processes, one after the
other, on the same Parquet file (the peer's seeded generator), so each peak memory is its own:

- OpenFisca: its own ``bench.py`` (read, then ``--repeat`` timed runs of build + compute).
- jiuye: read the same file (column by column, as the peer reads it, each column in the narrowest
  type that holds its values exactly: ``read_population``); then, per chunk of ``--chunk`` rows
  (a zero-copy slice of what was read), *build* maps the peer's columns to our facts (below) as a lazy plan and *compute* is the
  table path (``jiuye.engine.batch.evaluate_blocks``, see ``--result``) over the eight person
  provisions and, on the founders' businesses, the two enterprise provisions (the two evaluations
  side by side in two threads), computing only the mapped columns the provisions read (so build
  and compute are timed together); ``--repeat`` timed runs, median
  reported, with the process CPU beside the wall time. Per provision we output ``--outputs``
  (default the outcome — eligible / not eligible / not known / superseded — and the amount in fen;
  the peer outputs one amount per rule); every chunk's results are kept until the run ends.
- Our result (``--result``): ``blocks`` (default) is ``evaluate_blocks``' ``TableResult``: every
  provision is evaluated for every person, and each place block keeps its rows and its compact
  outputs; a person outside a provision's jurisdiction is, by construction, not eligible with no
  amount (``TableResult.wide()`` gives the full-width frame on demand, ``.count()`` the counts).
  ``wide`` is ``evaluate_frame``'s full-width frame (one column per provision and output, every
  row); ``both`` runs each in its own process and prints both rows.
- Our allocator (``--jemalloc``): by default as the product sets it when ``jiuye`` is imported
  before Polars (``jiuye.MALLOC_CONF``: one jemalloc arena for every thread; measured: lower peak,
  the same CPU); ``--jemalloc polars`` gives Polars' own default, another value is used as
  ``_RJEM_MALLOC_CONF``. The peer's allocator (NumPy's, glibc) is left as it is.
- Memory: each side's peak resident memory (``ru_maxrss``) of its whole process — interpreter,
  imports, the read and every run — and its resident memory after the read, printed side by side.

Mapping (each an assumption, as the README asks; the peer's population has fewer columns than
our schema; its dictionary-encoded text is held as an Enum of its values, as OpenFisca keeps enum
indices): the residence county is also the hukou, work and business county; a graduate is a
person with a graduation date; ``flexible`` status = 灵活就业, ``employed`` = currently insured,
hired 90 days after graduation in a first job (R8; the peer has no hire date); ``non_public``
ownership = private; a registration date = registered unemployed since then; 低保 = its
low-income flag; a business = an enterprise registered on the business start date, kind
``enterprise``, operating normally, with the peer's insured hires; the space area = in an
accompaniment space, area rented, the rent not known (so R10's amount is not known: it is
evaluated, not paid); a certificate level = a vocational certificate of that level, occupation
and number not known; SI paid per year / 12 = paid per month, base = base per month (yuan → fen).
Facts the peer lacks stay not known. Outcomes are not compared (the peer is simpler than the
clauses, see its README); only the work is.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PEER = ROOT.parent / "shared" / "peer-openfisca"
AS_OF = date(2024, 6, 30)  # the peer's evaluation date
PERSON_PROVISIONS = (
    "hz_2022_draft.san.startup_subsidy", "hz_2022_draft.san.startup_si_subsidy", "hz_2022_draft.ba.flexible_si_subsidy",
    "hz_2022_draft.jiu.flexible_si_subsidy", "hz_2022_draft.shiwu.certificate_subsidy", "zj_2022_46.art21",
    "quzhou_2023_12.san.graduate_si_subsidy", "hz_2022_draft.wu.rent_in_space",
)
ENTERPRISE_PROVISIONS = ("zj_2022_46.art24", "quzhou_2023_12.qi.startup_employment")


def peer_dir(path: Path) -> Path:
    """The peer copied to ``path`` with its virtual environment (created on first use)."""
    if not (path / ".venv" / "bin" / "python").exists():
        if path.exists():
            shutil.rmtree(path)
        shutil.copytree(PEER, path, ignore=shutil.ignore_patterns(".venv", "data", "out", "results"))
        print(f"creating the peer's virtual environment in {path} (first use)", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(path / ".venv")], check=True)
        pip = [str(path / ".venv" / "bin" / "pip"), "install", "--quiet"]
        subprocess.run([*pip, "-r", str(path / "requirements.lock")], check=True)
        subprocess.run([*pip, "--no-deps", "-e", str(path)], check=True)
    return path


def population(peer: Path, n: int) -> Path:
    data = peer / "data" / f"population_n{n}_s20240630.parquet"
    if not data.exists():
        data.parent.mkdir(exist_ok=True)
        subprocess.run([str(peer / ".venv" / "bin" / "python"), "population.py", "--n", str(n), "--out", str(data)],
                       cwd=peer, check=True)
    return data


def run_peer(peer: Path, n: int, repeat: int) -> dict:
    out = subprocess.run([str(peer / ".venv" / "bin" / "python"), "bench.py", "--n", str(n), "--repeat", str(repeat)],
                         cwd=peer, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


# --- our side (runs in its own process: --ours) ---------------------------------------------------

def build_frames(raw):  # noqa: ANN001, ANN201 - polars frames
    """The peer's columns mapped to our facts, as lazy frames (the engine computes the columns its
    provisions read). Text read dictionary-encoded stays Categorical (as OpenFisca keeps enum indices),
    and so are the kinds we derive (certificate, enterprise); the person id stays an integer."""
    import polars as pl

    ownership_kind = pl.Enum(["public", "private"])
    lazy = raw.lazy()
    county = pl.col("residence_county")
    grad = pl.col("graduation_date")
    status = pl.col("employment_status")
    employed = status == "employed"
    business = pl.col("business_start_date").is_not_null()
    ownership = pl.col("employer_ownership")
    area = pl.col("startup_space_area_m2").cast(pl.Float64)  # (held narrower when exact: see read_population)
    person = lazy.select(
        pl.col("person_id").alias("person.person_id"),
        pl.col("gender").alias("person.gender"),
        pl.col("birth_date").alias("person.birth_date"),
        county.alias("person.residence_adcode"), county.alias("person.hukou_adcode"),
        county.alias("person.work_adcode"),
        pl.col("is_student").alias("person.enrolled_student"),
        grad.is_not_null().alias("person.university_graduate"), grad.alias("person.graduation_date"),
        (status == "flexible").alias("person.flexible_employed"),
        employed.alias("person.currently_insured"),
        pl.when(employed & grad.is_not_null()).then(grad + pl.duration(days=90)).alias("person.hired_on"),
        pl.when(employed & grad.is_not_null()).then(True).alias("person.first_employment"),
        pl.when(ownership == "public").then(pl.lit("public", dtype=ownership_kind))
        .when(ownership == "non_public").then(pl.lit("private", dtype=ownership_kind)).alias("person.employer_ownership"),
        pl.col("registered_unemployed_since").is_not_null().alias("person.registered_unemployed"),
        pl.col("registered_unemployed_since").alias("person.unemployed_registered_on"),
        pl.col("difficulty_certified").alias("person.difficulty_certified"),
        pl.col("disability_certified").alias("person.disabled_certified"),
        pl.col("low_income_family").alias("person.dibao_family"),
        pl.col("zero_employment_household").alias("person.zero_employment_household"),
        pl.col("veteran_self_employed").alias("person.self_employed_veteran"),
        pl.col("first_startup").alias("person.first_startup"),
        pl.col("business_si_months").cast(pl.Int64).alias("person.si_months"),
        (area > 0).alias("person.in_accompaniment_space"),
        pl.when(area > 0).then(area).alias("person.rented_area_m2"),
        pl.when(area > 0).then(pl.col("business_start_date")).alias("person.lease_start"),
        pl.when(pl.col("cert_level") > 0).then(pl.lit("vocational", dtype=pl.Categorical))
        .alias("person.certificate_kind"),
        pl.when(pl.col("cert_level") > 0).then(pl.col("cert_level").cast(pl.Int64)).alias("person.certificate_level"),
        (pl.col("own_si_paid_year").cast(pl.Float64) * 100 / 12).round(0).cast(pl.Int64)
        .alias("person.si_paid_monthly_fen"),
        (pl.col("own_si_base").cast(pl.Float64) * 100).round(0).cast(pl.Int64).alias("person.si_base_monthly_fen"),
        county.alias("enterprise.adcode"), pl.col("business_start_date").alias("enterprise.registered_on"),
        pl.when(business).then(pl.lit("enterprise", dtype=pl.Categorical)).alias("enterprise.kind"),
        pl.when(business).then(True).alias("enterprise.operating_normally"),
        pl.when(business).then(pl.col("employees_insured_1y").cast(pl.Int64)).alias("enterprise.insured_hires_12m"),
    )
    businesses = person.filter(pl.col("enterprise.registered_on").is_not_null()).with_columns(
        pl.col("person.person_id").alias("enterprise.enterprise_id"))
    return person, businesses


def read_population(data: Path):  # noqa: ANN201 - a polars frame
    """The peer's file read as the peer reads it (its ``read_inputs``: column by column, each column
    converted to the type it is stored in), each column held in the narrowest type that holds every
    one of its values exactly: dictionary-encoded text as an ``Enum`` of its values (one byte a row
    for up to 255 values; OpenFisca keeps int16 enum indices), an integer column in the smallest
    signed integer type of its range, a ``Float64`` column as ``Float32`` when every value converts
    back to the same ``Float64``; dates and booleans as read. No value changes: ``build_frames``
    computes in the types it computed in before (Int64, Float64)."""
    import polars as pl

    columns = []
    for name in pl.read_parquet_schema(data):
        columns.append(narrowest(pl.read_parquet(data, columns=[name]).to_series()))
    return pl.DataFrame(columns)


def narrowest(s):  # noqa: ANN001, ANN201 - a polars series
    """``s`` in the narrowest type holding each of its values exactly (see :func:`read_population`)."""
    import polars as pl

    if isinstance(s.dtype, pl.Categorical):
        values = s.drop_nulls().unique().cast(pl.Utf8).sort()
        return s.cast(pl.Enum(values)) if values.len() < 256 else s
    if s.dtype in (pl.Int64, pl.Int32, pl.Int16) and s.null_count() < s.len():
        lo, hi = s.min(), s.max()
        fits = next(t for bits, t in ((8, pl.Int8), (16, pl.Int16), (32, pl.Int32), (64, pl.Int64))
                    if -(2 ** (bits - 1)) <= lo and hi < 2 ** (bits - 1))  # type: ignore[operator]
        return s.cast(fits)
    if s.dtype == pl.Float64 and s.cast(pl.Float32).cast(pl.Float64).eq_missing(s).all():
        return s.cast(pl.Float32)
    return s


def rss_mib() -> int:
    """The process's resident memory now (MiB)."""
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) // 1024 for line in f if line.startswith("VmRSS:"))


def ours(data: Path, repeat: int, outputs: tuple[str, ...], chunk: int, shape: str) -> dict:
    import gc

    sys.path.insert(0, str(ROOT / "src"))
    import jiuye  # noqa: F401 - before Polars: its allocator as the product sets it (jiuye.MALLOC_CONF)
    from jiuye.catalogue.registry import CATALOGUE
    from jiuye.engine.batch import evaluate_blocks, evaluate_frame
    from jiuye.params import PARAMETERS

    persons_p = [CATALOGUE.provisions[i] for i in PERSON_PROVISIONS]
    firms_p = [CATALOGUE.provisions[i] for i in ENTERPRISE_PROVISIONS]
    snap = PARAMETERS.snapshot(AS_OF)
    rss_imports = rss_mib()
    t = time.perf_counter()
    raw = read_population(data)
    read_s = time.perf_counter() - t
    rss_read = rss_mib()
    evaluate = evaluate_blocks if shape == "blocks" else evaluate_frame
    pool = ThreadPoolExecutor(2)
    runs, cpus, eligible = [], [], 0
    for _ in range(repeat):
        gc.collect()
        t, c = time.perf_counter(), time.process_time()
        results = []
        for start in range(0, raw.height, chunk):  # zero-copy row slices; each chunk's results kept
            person, firms = build_frames(raw.slice(start, chunk))
            # persons and businesses side by side (Polars works outside the GIL: one's planning in
            # Python overlaps the other's computing)
            jobs = [pool.submit(evaluate, person, AS_OF, provisions=persons_p, snapshot=snap,
                                key="person.person_id", outputs=outputs),
                    pool.submit(evaluate, firms, AS_OF, provisions=firms_p, snapshot=snap,
                                key="enterprise.enterprise_id", outputs=outputs)]
            results.extend(j.result() for j in jobs)
        runs.append(time.perf_counter() - t)
        cpus.append(time.process_time() - c)
        if shape == "blocks":
            eligible = sum(sum(r.count("eligible").values()) for r in results)
        else:
            eligible = sum(int(r[c].eq("eligible").sum()) for r in results for c in r.columns if c.endswith(":outcome"))
        del results
    n = raw.height
    run_s = statistics.median(runs)
    return {"n": n, "read_s": round(read_s, 4), "build_s": 0.0, "compute_s": round(run_s, 4),
            "cpu_s": round(statistics.median(cpus), 4), "outputs": list(outputs), "chunk_rows": chunk, "result": shape,
            "persons_per_s_build_compute": round(n / run_s),
            "rss_after_imports_mib": rss_imports, "rss_after_read_mib": rss_read,
            "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            "eligible_outcomes": eligible, "malloc_conf": os.environ.get("_RJEM_MALLOC_CONF", ""),
            "numpy_loaded": "numpy" in sys.modules, "held_mib": round(raw.estimated_size() / 2**20, 1)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--peer-dir", type=Path, default=Path(tempfile.gettempdir()) / "jiuye-peer-openfisca")
    ap.add_argument("--outputs", default="outcome,amount_fen",
                    help="our columns per provision (outcome, amount_fen, max_duration_months, total_payable_fen)")
    ap.add_argument("--chunk", type=int, default=1_000_000, help="rows per chunk on our side")
    ap.add_argument("--result", choices=("blocks", "wide", "both"), default="blocks",
                    help="our result: per place block (TableResult, default), full width (evaluate_frame), or both")
    ap.add_argument("--jemalloc", default="jiuye",
                    help="_RJEM_MALLOC_CONF of our process ('jiuye': as the product sets it, jiuye.MALLOC_CONF; "
                         "'polars': Polars' own default; else the value given)")
    ap.add_argument("--skip-peer", action="store_true", help="our side only (the peer's figures are not printed)")
    ap.add_argument("--ours", type=Path, help=argparse.SUPPRESS)  # internal: our side on this file
    args = ap.parse_args()
    outputs = tuple(x.strip() for x in args.outputs.split(",") if x.strip())
    if args.ours:
        print(json.dumps(ours(args.ours, args.repeat, outputs, args.chunk, args.result)))
        return
    peer = peer_dir(args.peer_dir)
    data = population(peer, args.n)
    of = (run_peer(peer, args.n, args.repeat) if not args.skip_peer else
          {k: 0 for k in ("read_s", "build_s", "compute_s", "persons_per_s_build_compute", "rss_after_read_mib",
                          "peak_rss_mib")})
    env = dict(os.environ, POLARS_MAX_THREADS=os.environ.get("POLARS_MAX_THREADS", str(os.cpu_count() or 1)))
    env.pop("_RJEM_MALLOC_CONF", None)
    if args.jemalloc != "jiuye":  # (an empty value is jemalloc's default, and jiuye leaves a set value alone)
        env["_RJEM_MALLOC_CONF"] = "" if args.jemalloc == "polars" else args.jemalloc
    shapes = ("blocks", "wide") if args.result == "both" else (args.result,)
    mine = {shape: json.loads(subprocess.run(
        [sys.executable, __file__, "--ours", str(data), "--repeat", str(args.repeat), "--outputs", ",".join(outputs),
         "--chunk", str(args.chunk), "--result", shape],
        check=True, capture_output=True, text=True, env=env).stdout.strip().splitlines()[-1]) for shape in shapes}
    print(f"same population: {args.n:,} persons (seed 20240630), ten provisions, median of {args.repeat} runs; "
          f"{os.cpu_count()} cores")
    print(f"{'':14} {'read s':>8} {'build s':>8} {'compute s':>10} {'persons/s (build+compute)':>26} "
          f"{'MiB after read':>15} {'peak MiB':>9}")
    rows = [("OpenFisca", of), *[(f"jiuye {shape}", m) for shape, m in mine.items()]]
    for name, r in rows:
        print(f"{name:14} {r['read_s']:>8.3f} {r['build_s']:>8.3f} {r['compute_s']:>10.3f} "
              f"{r['persons_per_s_build_compute']:>26,} {r['rss_after_read_mib']:>15,} {r['peak_rss_mib']:>9,}")
    conf = next(iter(mine.values()))["malloc_conf"]
    print(f"memory: each side's peak resident memory of its whole process (imports, read, runs; ru_maxrss); "
          f"each side reads the file column by column into the types it holds (ours: the narrowest exact type, "
          f"see read_population); ours held {next(iter(mine.values()))['held_mib']} MiB of input")
    print(f"jiuye: build is a lazy mapping, computed inside the evaluation (compute = both); outputs per provision: "
          f"{', '.join(outputs)}; chunks of {args.chunk:,} rows; "
          f"_RJEM_MALLOC_CONF={conf or '(jemalloc default)'} "
          f"({'as jiuye sets it' if args.jemalloc == 'jiuye' else '--jemalloc'}); "
          f"POLARS_MAX_THREADS={env['POLARS_MAX_THREADS']}")
    ratios = {}
    for shape, m in mine.items():
        ratios[shape] = m["persons_per_s_build_compute"] / max(of["persons_per_s_build_compute"], 1)
        versus = ("" if args.skip_peer else
                  f"ratio to OpenFisca (build+compute) {ratios[shape]:.2f}×; memory "
                  f"{m['peak_rss_mib'] / max(of['peak_rss_mib'], 1):.2f}×; ")
        print(f"jiuye {shape}: {versus}process CPU {m['cpu_s']:.3f} s; {m['eligible_outcomes']:,} eligible outcomes")
    print(json.dumps({"openfisca": of, "jiuye": mine, "ratio": {k: round(v, 3) for k, v in ratios.items()}}))


if __name__ == "__main__":
    main()
