"""Keyed parameters in the table path (``Lookup``): a county's minimum-wage tier and its monthly
minimum wage, over N persons spread over the 90 counties, CPU time on one thread.

    POLARS_MAX_THREADS=1 .venv/bin/python benchmarks/bench_lookup.py [--persons 1000000]

Two measures, each with the county column held as text, Categorical and Enum, with and without an
approved tier (with one, the place column is prepared as an Enum, ``jiuye.engine.place``):
the two Lookup nodes alone (``tier``, ``monthly``: county → tier → fen), and 浙人社发〔2022〕46号
第20条's pay floor end to end (``evaluate_frame``). Best of ``--repeat`` runs, ``time.process_time``.

2026-12-06, 1M persons, one thread, 2 shared cores under load ~8 (CPU s, before → after the lookup
by category code): lookups alone with 柯城区 approved 0.025/0.039/0.041 → 0.002 (text/Categorical/
Enum); with no approved tier, Categorical/Enum 0.042 → 0.021, text unchanged (0.027). Pay floor end
to end with 柯城区 approved 0.046/0.059/0.060 → 0.037/0.047/0.045.
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Callable
from datetime import date

os.environ.setdefault("POLARS_MAX_THREADS", "1")

import polars as pl  # noqa: E402

from jiuye.catalogue.registry import CATALOGUE  # noqa: E402
from jiuye.engine.batch import evaluate_frame  # noqa: E402
from jiuye.engine.expr import PolarsEnv  # noqa: E402
from jiuye.engine.place import prepare_places  # noqa: E402
from jiuye.params.store import PARAMETERS, ValueEntry  # noqa: E402
from jiuye.refdata.divisions import counties  # noqa: E402
from jiuye.rules.zj_2022_46.art19_20_groups import MIN_MONTHLY  # noqa: E402

FLOOR = "zj_2022_46.art20.pay_floor"
TIER = "external.minimum_wage.county_tier"
AS_OF = date(2024, 6, 1)
KEY = "person.work_adcode"


def cpu(fn: Callable[[], pl.DataFrame], repeat: int) -> tuple[float, pl.DataFrame]:
    best, out = float("inf"), None
    for _ in range(repeat):
        t = time.process_time()
        out = fn()
        best = min(best, time.process_time() - t)
    return best, out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--persons", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    n = args.persons
    codes = [d.code for d in counties()]
    text = pl.Series(KEY, [codes[i % len(codes)] for i in range(n)])
    base = pl.DataFrame({"person.person_id": pl.int_range(n, eager=True).cast(pl.Utf8)}).with_columns(
        pl.lit("full_time").alias("person.public_welfare_post"),
        pl.Series("person.pwp_monthly_pay_fen", [200_000 + (i % 7) * 10_000 for i in range(n)]))
    kinds = {"text": text, "Categorical": text.cast(pl.Categorical), "Enum": text.cast(pl.Enum(sorted(set(codes))))}
    provisions = [CATALOGUE.provisions[FLOOR]]
    print(f"polars {pl.__version__}, POLARS_MAX_THREADS={os.environ['POLARS_MAX_THREADS']}, {n:,} persons, "
          f"best of {args.repeat} (CPU s)")
    for tiers in ("no approved tier", "柯城区 approved"):
        PARAMETERS.set_local_values([] if tiers.startswith("no") else [
            (TIER, ValueEntry(date(2024, 1, 1), "3", "benchmark", jurisdiction="330802"))])
        snap = PARAMETERS.snapshot(AS_OF)
        for kind, col in kinds.items():
            frame = base.with_columns(col)
            prepared, places = prepare_places(frame, provisions, snap, [TIER])
            env = PolarsEnv(snap, AS_OF, frozenset(prepared.columns), places=places,
                            native=frozenset({KEY}),
                            categorical=frozenset({KEY}) if kind != "text" else frozenset())
            nodes, out = cpu(lambda f=prepared, e=env: f.select(MIN_MONTHLY.to_polars(e).alias("m")), args.repeat)
            whole, res = cpu(lambda f=frame: evaluate_frame(f, AS_OF, provisions=provisions), args.repeat)
            known = out.get_column("m").is_not_null().sum()
            print(f"{tiers:>16} {kind:>11}: lookups {nodes:.3f} s (known {known:,}); "
                  f"pay floor {whole:.3f} s ({res.get_column(f'{FLOOR}:outcome').value_counts().height} outcomes)")
    PARAMETERS.set_local_values([])


if __name__ == "__main__":
    main()
