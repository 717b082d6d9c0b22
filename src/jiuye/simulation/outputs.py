"""What a simulation reports: totals, county × provision × year, winners and losers, files.

All money is integer fen; averages are rounded half-up to the fen. "Recipients" of a provision
are the pairs counted for it; "beneficiaries" are distinct subjects counted for a money benefit.
A pair whose amount is not known is a recipient with an unknown amount (``*_unknown``), and its
amount is in no total.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import polars as pl

from ..refdata.divisions import divisions_frame
from .excel import write_excel
from .runner import SimulationResult

SCENARIOS = ("baseline", "reform")
KEYS = ["year", "subject_type", "county_code", "provision_id"]


def names() -> pl.DataFrame:
    d = divisions_frame().filter(pl.col("current"))
    cities = d.filter(pl.col("level") == "city").select(pl.col("code").alias("city_code"),
                                                         pl.col("name").alias("city_name"))
    return (d.filter(pl.col("level") == "county")
            .select(pl.col("code").alias("county_code"), pl.col("name").alias("county_name"), "city_code")
            .join(cities, on="city_code", how="left"))


def _avg(cost: str, n: str) -> pl.Expr:
    return pl.when(pl.col(n) > 0).then((pl.col(cost) * 2 + pl.col(n)) // (pl.col(n) * 2)).otherwise(None)


def _per_scenario(counted: pl.DataFrame, by: list[str]) -> pl.DataFrame:
    known = pl.col("money") & pl.col("cost_fen").is_not_null()
    return counted.group_by(["scenario", *by]).agg(
        pl.len().cast(pl.Int64).alias("recipients"),
        pl.col("cost_fen").filter(known).sum().cast(pl.Int64).alias("cost_fen"),
        known.sum().cast(pl.Int64).alias("priced"),
        (pl.col("money") & pl.col("cost_fen").is_null()).sum().cast(pl.Int64).alias("unknown"))


def _side_by_side(per: pl.DataFrame, by: list[str]) -> pl.DataFrame:
    cols = ["recipients", "cost_fen", "priced", "unknown"]
    sides = [per.filter(pl.col("scenario") == s).drop("scenario").rename({c: f"{s}_{c}" for c in cols})
             for s in SCENARIOS]
    out = sides[0].join(sides[1], on=by, how="full", coalesce=True, nulls_equal=True)
    out = out.with_columns([pl.col(f"{s}_{c}").fill_null(0) for s in SCENARIOS for c in cols])
    return out.with_columns(
        (pl.col("reform_cost_fen") - pl.col("baseline_cost_fen")).alias("difference_fen"),
        (pl.col("reform_recipients") - pl.col("baseline_recipients")).alias("difference_recipients"),
        _avg("baseline_cost_fen", "baseline_priced").alias("baseline_average_fen"),
        _avg("reform_cost_fen", "reform_priced").alias("reform_average_fen"),
    ).sort(by, nulls_last=True)


def by_county_provision(result: SimulationResult) -> pl.DataFrame:
    """County × provision × year, baseline and reform side by side, with names and clauses."""
    out = _side_by_side(_per_scenario(result.counted, KEYS), KEYS)
    return (out.join(names(), on="county_code", how="left")
            .join(result.meta.select("provision_id", "title_zh", "citation", "period", "benefit_type"),
                  on="provision_id", how="left")
            .sort(KEYS, nulls_last=True))


def by_county(result: SimulationResult) -> pl.DataFrame:
    """County × year (money benefits): cost, beneficiaries (distinct subjects)."""
    money = result.counted.filter(pl.col("money"))
    per = _per_scenario(money, ["year", "county_code"])
    ben = (money.group_by("scenario", "year", "county_code")
           .agg(pl.struct("subject_type", "subject_id").n_unique().cast(pl.Int64).alias("beneficiaries")))
    per = per.join(ben, on=["scenario", "year", "county_code"], how="left", nulls_equal=True)
    sides = [per.filter(pl.col("scenario") == s).drop("scenario", "recipients", "priced")
             .rename({c: f"{s}_{c}" for c in ("cost_fen", "unknown", "beneficiaries")}) for s in SCENARIOS]
    out = sides[0].join(sides[1], on=["year", "county_code"], how="full", coalesce=True, nulls_equal=True)
    out = out.with_columns([pl.col(f"{s}_{c}").fill_null(0) for s in SCENARIOS
                            for c in ("cost_fen", "unknown", "beneficiaries")])
    out = out.with_columns((pl.col("reform_cost_fen") - pl.col("baseline_cost_fen")).alias("difference_fen"),
                           (pl.col("reform_beneficiaries") - pl.col("baseline_beneficiaries"))
                           .alias("difference_beneficiaries"))
    return out.join(names(), on="county_code", how="left").sort("year", "county_code", nulls_last=True)


def subject_totals(result: SimulationResult) -> pl.DataFrame:
    """Per subject: money counted over all years, baseline and reform, and the difference."""
    money = result.counted.filter(pl.col("money"))
    per = (money.sort("cost_fen", descending=True, nulls_last=True)
           .group_by("scenario", "subject_type", "subject_id")
           .agg(pl.col("cost_fen").sum().cast(pl.Int64).alias("fen"), pl.col("county_code").first()))
    sides = [per.filter(pl.col("scenario") == s).drop("scenario").rename({"fen": f"{s}_fen", "county_code": f"{s}_county"})
             for s in SCENARIOS]
    out = sides[0].join(sides[1], on=["subject_type", "subject_id"], how="full", coalesce=True)
    return out.select("subject_type", "subject_id",
                      pl.coalesce("reform_county", "baseline_county").alias("county_code"),
                      pl.col("baseline_fen").fill_null(0), pl.col("reform_fen").fill_null(0),
                      (pl.col("reform_fen").fill_null(0) - pl.col("baseline_fen").fill_null(0)).alias("difference_fen"))


def winners_losers(result: SimulationResult) -> pl.DataFrame:
    """Subjects whose total changes, largest change first."""
    t = subject_totals(result)
    return t.filter(pl.col("difference_fen") != 0).sort(pl.col("difference_fen").abs(), "subject_id",
                                                           descending=[True, False])


BANDS_FEN = (0, 100_000, 1_000_000, 5_000_000, 10_000_000)  # ¥0, ¥1,000, ¥10,000, ¥50,000, ¥100,000


def change_bands(result: SimulationResult) -> pl.DataFrame:
    """Winners and losers by the size of the change over all years (bands in fen, lower bound
    inclusive): ``direction`` (gain/loss), ``from_fen``, ``to_fen`` (null = no upper bound), ``subjects``,
    ``total_fen`` (signed)."""
    wl = winners_losers(result)
    edges = list(BANDS_FEN)
    size = pl.col("difference_fen").abs()
    band = pl.lit(None, dtype=pl.Int64)
    for e in edges:
        band = pl.when(size >= e).then(pl.lit(e, dtype=pl.Int64)).otherwise(band)
    out = (wl.with_columns(band.alias("from_fen"),
                           pl.when(pl.col("difference_fen") > 0).then(pl.lit("gain")).otherwise(pl.lit("loss"))
                           .alias("direction"))
           .group_by("direction", "from_fen")
           .agg(pl.len().cast(pl.Int64).alias("subjects"), pl.col("difference_fen").sum().cast(pl.Int64).alias("total_fen")))
    upper = dict(zip(edges, [*edges[1:], None], strict=True))
    return (out.with_columns(pl.col("from_fen").replace_strict(upper, default=None, return_dtype=pl.Int64).alias("to_fen"))
            .select("direction", "from_fen", "to_fen", "subjects", "total_fen").sort("direction", "from_fen"))


def totals(result: SimulationResult) -> dict[str, Any]:
    """The figures ``--json`` prints: fen (integers) and beneficiaries, overall and per year."""
    money = result.counted.filter(pl.col("money"))

    def figures(frame: pl.DataFrame) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for s in SCENARIOS:
            f = frame.filter(pl.col("scenario") == s)
            out[f"{s}_fen"] = int(f["cost_fen"].drop_nulls().sum() or 0)
            out[f"{s}_beneficiaries"] = f.select(pl.struct("subject_type", "subject_id").n_unique()).item() if f.height else 0
            out[f"{s}_amount_unknown"] = int(f["cost_fen"].is_null().sum())
        out["difference_fen"] = out["reform_fen"] - out["baseline_fen"]
        out["difference_beneficiaries"] = out["reform_beneficiaries"] - out["baseline_beneficiaries"]
        return out

    wl = winners_losers(result)
    return {
        "reform": result.reform.name, "years": result.years,
        "evaluation_day": f"{result.day[0]:02d}-{result.day[1]:02d}", "engine": result.engine,
        **figures(money),
        "winners": int((wl["difference_fen"] > 0).sum()), "losers": int((wl["difference_fen"] < 0).sum()),
        "by_year": [{"year": y, **figures(money.filter(pl.col("year") == y))} for y in result.years],
        "subjects": result.subjects,
    }


def write_outputs(result: SimulationResult, out: Path) -> dict[str, Path]:
    """``summary.csv`` / ``summary.parquet`` (county × provision × year), ``by_county.csv``,
    ``winners_losers.parquet``, ``totals.json`` and ``simulation.xlsx``."""
    out.mkdir(parents=True, exist_ok=True)
    detail, county = by_county_provision(result), by_county(result)
    paths = {"summary.csv": out / "summary.csv", "summary.parquet": out / "summary.parquet",
             "by_county.csv": out / "by_county.csv", "winners_losers.parquet": out / "winners_losers.parquet",
             "totals.json": out / "totals.json", "simulation.xlsx": out / "simulation.xlsx"}
    detail.write_csv(paths["summary.csv"])
    detail.write_parquet(paths["summary.parquet"])
    county.write_csv(paths["by_county.csv"])
    wl, summary = winners_losers(result), totals(result)
    wl.write_parquet(paths["winners_losers.parquet"])
    paths["totals.json"].write_text(json.dumps(summary, ensure_ascii=False, indent=2), encoding="utf-8")
    write_excel(result, paths["simulation.xlsx"], detail=detail, county=county, totals=summary, winners_losers=wl)
    return paths
