"""City/county parameter values in the table path: one provision (浙人社发〔2022〕46号 第19条) over N
persons spread over the 90 counties, with no local value and with a value for every county.

    .venv/bin/python benchmarks/bench_local_values.py [--persons 1000000]

The place column is cast once per table to an Enum over the division codes and each local value is
resolved once per code and gathered for every row (jiuye.engine.place.prepare_places). 2026-12-06,
2 shared cores under load 15: the cost of 90 county values over none fell from +0.11–0.19 s
(string replace per parameter node, d9a3f35) to +0.01–0.02 s per 1M persons.
"""

from __future__ import annotations

import argparse
import time
from datetime import date

import polars as pl

from jiuye.catalogue.registry import CATALOGUE
from jiuye.engine.batch import evaluate_frame
from jiuye.params.store import PARAMETERS, ValueEntry
from jiuye.refdata.divisions import counties

PROVISION = "zj_2022_46.art19"
PARAM = "zj_2022_46.art19.post_subsidy"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--persons", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    n = args.persons
    codes = [d.code for d in counties()]
    frame = pl.DataFrame({
        "person.person_id": pl.int_range(n, eager=True).cast(pl.Utf8),
        "person.work_adcode": pl.Series([codes[i % len(codes)] for i in range(n)]),
    }).with_columns(pl.lit(True).alias("person.university_graduate"),
                    pl.lit(date(2023, 6, 30)).alias("person.graduation_date"),
                    pl.lit(date(2023, 9, 1)).alias("person.hired_on"), pl.lit("small").alias("person.employer_size"),
                    pl.lit(14).alias("person.employee_si_months"), pl.lit(True).alias("person.currently_insured"))
    provisions = [CATALOGUE.provisions[PROVISION]]

    def run(label: str) -> None:
        best = float("inf")
        for _ in range(args.repeat):
            t = time.perf_counter()
            out = evaluate_frame(frame, date(2024, 11, 30), provisions=provisions)
            best = min(best, time.perf_counter() - t)
        paid = out.filter(pl.col(f"{PROVISION}:amount_fen").is_not_null()).height
        print(f"{label:>22}: {best:.3f} s for {n:,} persons ({n / best / 1e6:.2f} M/s); amounts known: {paid:,}")

    PARAMETERS.set_local_values([])
    run("no local value")
    PARAMETERS.set_local_values([(PARAM, ValueEntry(date(2024, 1, 1), 100_000 + i, "benchmark", jurisdiction=c))
                                 for i, c in enumerate(codes)])
    run(f"{len(codes)} county values")
    PARAMETERS.set_local_values([])


if __name__ == "__main__":
    main()
