"""Synthetic job seekers and postings for the gig market (``jiuye synth --job-seekers N --job-postings M``).

Two Parquet tables in the columns of :mod:`jiuye.jobs.matching` (``SEEKER_COLUMNS`` /
``POSTING_COLUMNS``) plus the pay kinds, drawn with NumPy (no row loops):

- county by population weight (:func:`jiuye.population.weights.county_weights`), a town/street of
  that county, and for a third of the rows a point near the county's reference point;
- skills from one of a few trades (consecutive runs of :data:`jiuye.jobs.vocab.SKILLS`), 1–4 of them,
  so that seekers and postings of a trade overlap as in life; a certificate for some;
- pay by the hour, day, month or piece at levels above the minimum wage; an expected pay for 70 % of
  seekers; posting dates from the reference date, availability around it.

The shapes are assumptions for load and matching tests, not statistics.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import polars as pl

from ..population.weights import county_weights
from ..refdata import geo
from ..refdata.occupations import all_occupations
from . import vocab
from .matching import POSTING_COLUMNS, SEEKER_COLUMNS

TRADE_SIZE = 8
PAY_KINDS = np.array(["hourly", "daily", "monthly", "piece"])
PAY_SHARES = np.array([0.40, 0.30, 0.25, 0.05])


def _pick(names: list[str] | np.ndarray, idx: np.ndarray, mask: np.ndarray | None = None) -> pl.Series:
    """``names[idx]`` as a string Series, null where ``mask`` is False."""
    picked = pl.Series(list(names), dtype=pl.Utf8).gather(idx)
    if mask is None:
        return picked
    return pl.select(pl.when(pl.Series(mask)).then(picked)).to_series()


def _places(rng: np.random.Generator, n: int) -> pl.DataFrame:
    w = county_weights()
    codes = w["code"].to_numpy()
    county = _pick(codes, rng.choice(len(codes), size=n, p=w["weight"].to_numpy() / w["weight"].sum())).to_numpy()
    towns = pl.DataFrame({"county_code": [t.county_code for c in codes for t in geo.towns_of(c)],
                          "town_code": [t.code for c in codes for t in geo.towns_of(c)]}).sort("county_code")
    counts = towns.group_by("county_code").len().sort("county_code")
    start = dict(zip(counts["county_code"].to_list(), np.concatenate([[0], np.cumsum(counts["len"].to_numpy())[:-1]]),
                     strict=True))
    size = dict(zip(counts["county_code"].to_list(), counts["len"].to_list(), strict=True))
    c_start = pl.Series(county).replace_strict(start, default=0, return_dtype=pl.Int64).to_numpy()
    c_size = pl.Series(county).replace_strict(size, default=0, return_dtype=pl.Int64).to_numpy()
    pick = c_start + np.floor(rng.random(n) * np.maximum(c_size, 1)).astype(np.int64)
    town = _pick(towns["town_code"].to_numpy(), np.minimum(pick, towns.height - 1), c_size > 0)
    cx = {c: geo.centroid(c) for c in codes}
    lon0 = pl.Series(county).replace_strict({c: p[0] for c, p in cx.items() if p}, default=None,
                                            return_dtype=pl.Float64).to_numpy()
    lat0 = pl.Series(county).replace_strict({c: p[1] for c, p in cx.items() if p}, default=None,
                                            return_dtype=pl.Float64).to_numpy()
    has = (rng.random(n) < 1 / 3) & ~np.isnan(lon0)
    lon = np.where(has, lon0 + rng.normal(0, 0.05, n), np.nan)
    lat = np.where(has, lat0 + rng.normal(0, 0.04, n), np.nan)
    return pl.DataFrame({"county_code": pl.Series(county, dtype=pl.Utf8), "town_code": town, "lon": lon, "lat": lat}
                        ).with_columns(pl.col("lon").fill_nan(None), pl.col("lat").fill_nan(None))


def _skills(rng: np.random.Generator, n: int, max_k: int = 4) -> pl.Series:
    names = vocab.SKILLS
    trades = int(np.ceil(len(names) / TRADE_SIZE))
    trade = rng.integers(0, trades, n)
    k = rng.integers(1, max_k + 1, n)
    picks = trade[:, None] * TRADE_SIZE + rng.permuted(np.tile(np.arange(TRADE_SIZE), (n, 1)), axis=1)[:, :max_k]
    keep = (np.arange(max_k)[None, :] < k[:, None]) & (picks < len(names))
    cols = {f"s{j}": _pick(names, np.minimum(picks[:, j], len(names) - 1), keep[:, j]) for j in range(max_k)}
    return pl.DataFrame(cols).select(
        pl.concat_list(pl.all()).list.drop_nulls().alias("skills"))["skills"]


def _certs(rng: np.random.Generator, n: int, share: float, lo: int, hi: int) -> tuple[pl.Series, pl.Series]:
    names = [c for c, _ in vocab.CERTIFICATES]
    leveled = np.array([lv for _, lv in vocab.CERTIFICATES])
    has = rng.random(n) < share
    idx = rng.integers(0, len(names), n)
    level = np.where(leveled[idx], rng.integers(lo, hi + 1, n), 0)
    frame = pl.DataFrame({"name": _pick(names, idx, has),
                          "level": pl.select(pl.when(pl.Series(has)).then(pl.Series(level, dtype=pl.Int8))).to_series()})
    out = frame.select(pl.concat_list("name").list.drop_nulls().alias("names"),
                       pl.concat_list("level").list.drop_nulls().alias("levels"))
    return out["names"], out["levels"]


def _pay(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    """(kind, hourly-equivalent fen): levels above the 2026 minimum wage everywhere (≥ ¥20 an hour)."""
    kind = rng.choice(PAY_KINDS, size=n, p=PAY_SHARES)
    hourly = np.round(rng.uniform(20, 45, n), 0) * 100
    return kind, hourly.astype(np.float64)


def synth_jobs(seekers: int, postings: int, *, seed: int = 1, ref: date = date(2026, 12, 1)
               ) -> tuple[pl.DataFrame, pl.DataFrame]:
    rng = np.random.default_rng(seed)
    ref_day = (ref - date(1970, 1, 1)).days
    fine = [o.code for o in all_occupations("细类")]

    places = _places(rng, postings)
    names, levels = _certs(rng, postings, 0.2, 3, 5)
    kind, hourly = _pay(rng, postings)
    start = ref_day + rng.integers(0, 60, postings)
    end = np.where(rng.random(postings) < 0.5, start + rng.integers(1, 90, postings), -1)
    post = pl.DataFrame({
        "posting_id": np.arange(1, postings + 1, dtype=np.int64), **places.to_dict(),
        "skills": _skills(rng, postings), "cert_names": names, "cert_levels": levels,
        "occupation_code": _pick(fine, rng.integers(0, len(fine), postings)), "hourly_fen": hourly,
        "start_date": start, "end_date": end, "pay_kind": kind,
    }).with_columns(pl.col("start_date").cast(pl.Date),
                    pl.when(pl.col("end_date") >= 0).then(pl.col("end_date")).cast(pl.Date).alias("end_date"))

    places = _places(rng, seekers)
    names, levels = _certs(rng, seekers, 0.25, 2, 5)
    e_kind, e_hourly = _pay(rng, seekers)
    known = rng.random(seekers) < 0.7
    wish = rng.random(seekers) < 0.5
    frm = ref_day + rng.integers(-30, 30, seekers)
    to = np.where(rng.random(seekers) < 0.3, frm + rng.integers(30, 180, seekers), -1)
    seek = pl.DataFrame({
        "seeker_id": np.arange(1, seekers + 1, dtype=np.int64), **places.to_dict(),
        "max_distance_km": np.where(rng.random(seekers) < 0.5, rng.integers(5, 40, seekers), -1).astype(np.float64),
        "skills": _skills(rng, seekers), "cert_names": names, "cert_levels": levels,
        "occupations": _pick(fine, rng.integers(0, len(fine), seekers), wish).to_frame("o").select(
            pl.concat_list("o").list.drop_nulls())["o"],
        "reachable_counties": pl.repeat([], seekers, dtype=pl.List(pl.Utf8), eager=True),
        "expected_hourly_fen": np.where(known, np.round(e_hourly * rng.uniform(0.8, 1.1, seekers)), np.nan),
        "available_from": frm, "available_to": to,
        "expected_pay_kind": _pick(e_kind, np.arange(seekers), known),
    }).with_columns(
        pl.when(pl.col("max_distance_km") > 0).then(pl.col("max_distance_km")).alias("max_distance_km"),
        pl.col("expected_hourly_fen").fill_nan(None), pl.col("available_from").cast(pl.Date),
        pl.when(pl.col("available_to") >= 0).then(pl.col("available_to")).cast(pl.Date).alias("available_to"))
    post = post.cast({k: v for k, v in POSTING_COLUMNS.items()})
    seek = seek.cast({k: v for k, v in SEEKER_COLUMNS.items()})
    return seek, post


def write_jobs(out: Path, seekers: int, postings: int, *, seed: int = 1, ref: date = date(2026, 12, 1)
               ) -> dict[str, int]:
    out.mkdir(parents=True, exist_ok=True)
    seek, post = synth_jobs(seekers, postings, seed=seed, ref=ref)
    seek.write_parquet(out / "job_seekers.parquet")
    post.write_parquet(out / "job_postings.parquet")
    return {"job_seekers": seek.height, "job_postings": post.height}
