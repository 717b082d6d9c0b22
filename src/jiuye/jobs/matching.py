"""Matching seekers and postings (人岗匹配): one vectorized kernel for a page (one seeker against a
county's postings) and for the whole province (every seeker's top 10), with reasons.

Score (0–100), each part explained in words:

| part | points | reason |
|---|---|---|
| skills | 40 × wanted skills the seeker has ÷ wanted (20 when none wanted) | 技能匹配 3/4 |
| certificates | 10 when every wanted certificate is held at the level or higher; −30 when one is missing | 缺少证书：电工（四级/中级工） |
| place | same town/street 25, same county 18, a reachable county 10, neighbouring county 8; with both coordinates 25 × (1 − distance ÷ reach), reach = the seeker's maximum distance or 30 km | 同一街道 / 距离约 2.3 公里 |
| pay | 15 × (pay ÷ expected − 0.8) ÷ 0.4, within 0–15 (7 when either is unknown); different units compared per hour (21.75 days × 8 hours a month) | 报酬高于期望 12% |
| occupation | same 细类 10, same 小类 5, none wished 3 | 意向职业相符 |

A pair is not a match when the posting is outside the seeker's county, its neighbours and the
counties the seeker says they can reach (blocking), beyond the seeker's maximum distance when both
have coordinates, or when the posting's dates do not overlap the seeker's availability.
"""

from __future__ import annotations

import functools
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import numpy as np
import polars as pl

from ..refdata import geo
from ..refdata.divisions import counties
from . import vocab

NO_DATE_LO, NO_DATE_HI = -(2**30), 2**30
HOURS_PER_MONTH = 21.75 * 8  # 劳社部发〔2008〕3号 (external.wage_conversion.*), for ranking only
DEFAULT_REACH_KM = 30.0
MAX_CERTS = 2
MAX_OCCS = 3

POSTING_COLUMNS = {"posting_id": pl.Int64, "county_code": pl.Utf8, "town_code": pl.Utf8, "lon": pl.Float64,
                   "lat": pl.Float64, "skills": pl.List(pl.Utf8), "cert_names": pl.List(pl.Utf8),
                   "cert_levels": pl.List(pl.Int8), "occupation_code": pl.Utf8, "hourly_fen": pl.Float64,
                   "start_date": pl.Date, "end_date": pl.Date}
SEEKER_COLUMNS = {"seeker_id": pl.Int64, "county_code": pl.Utf8, "town_code": pl.Utf8, "lon": pl.Float64,
                  "lat": pl.Float64, "max_distance_km": pl.Float64, "skills": pl.List(pl.Utf8),
                  "cert_names": pl.List(pl.Utf8), "cert_levels": pl.List(pl.Int8), "occupations": pl.List(pl.Utf8),
                  "reachable_counties": pl.List(pl.Utf8), "expected_hourly_fen": pl.Float64,
                  "available_from": pl.Date, "available_to": pl.Date}


@functools.cache
def county_index() -> tuple[dict[str, int], np.ndarray]:
    """Index of every county code, and the neighbour matrix (bool, county × county)."""
    codes = [d.code for d in counties()]
    idx = {c: i for i, c in enumerate(codes)}
    nb = np.zeros((len(codes), len(codes)), dtype=bool)
    for a, b in geo.adjacency_pairs():
        if a in idx and b in idx:
            nb[idx[a], idx[b]] = True
    return idx, nb


def hourly_equivalent(kind: str | None, fen: int | None, hours_per_day: int | None = None,
                      piece_hourly_fen: int | None = None) -> float | None:
    """Pay per hour (fen, float: for ranking only) of a pay offer or expectation."""
    if kind is None or fen is None:
        return None
    if kind == "hourly":
        return float(fen)
    if kind == "daily":
        return fen / float(hours_per_day or 8)
    if kind == "monthly":
        return fen / HOURS_PER_MONTH
    if kind == "piece":
        return float(piece_hourly_fen) if piece_hourly_fen is not None else None
    return None


# --- arrays -------------------------------------------------------------------------------------

def _skill_masks(df: pl.DataFrame) -> np.ndarray:
    exploded = (df.select(pl.int_range(pl.len()).alias("row"), pl.col("skills")).explode("skills")
                .with_columns(pl.col("skills").replace_strict(vocab.SKILL_BIT, default=None, return_dtype=pl.Int64)
                              .alias("bit")).drop_nulls("bit"))
    out = np.zeros(df.height, dtype=np.uint64)
    if exploded.height:
        np.bitwise_or.at(out, exploded["row"].to_numpy(),
                         np.left_shift(np.uint64(1), exploded["bit"].to_numpy().astype(np.uint64)))
    return out


def _code_ints(series: pl.Series) -> np.ndarray:
    return series.cast(pl.Int64, strict=False).fill_null(-1).to_numpy()


def _date_ints(series: pl.Series, fill: int) -> np.ndarray:
    return series.cast(pl.Int32).fill_null(fill).to_numpy().astype(np.int32)


def _occ_ids(series: pl.Series) -> tuple[np.ndarray, np.ndarray]:
    """细类 code → int (4-01-02-01 → 4010201) and its 小类 (→ 40102); -1 when missing."""
    digits = series.str.replace_all("-", "")
    fine = digits.cast(pl.Int32, strict=False).fill_null(-1).to_numpy().astype(np.int32)
    group = digits.str.slice(0, 5).cast(pl.Int32, strict=False).fill_null(-1).to_numpy().astype(np.int32)
    return fine, group


def _list_matrix(df: pl.DataFrame, col: str, width: int, mapping: dict[str, int] | None, dtype: Any,
                 fill: int) -> np.ndarray:
    expr = pl.col(col)
    if mapping is not None:
        expr = expr.list.eval(pl.element().replace_strict(mapping, default=None, return_dtype=pl.Int64))
    cols = df.select([expr.list.get(i, null_on_oob=True).alias(f"c{i}") for i in range(width)])
    return cols.fill_null(fill).to_numpy().astype(dtype).reshape(df.height, width)


@dataclass
class Postings:
    frame: pl.DataFrame
    ids: np.ndarray
    county: np.ndarray
    town: np.ndarray
    lon: np.ndarray
    lat: np.ndarray
    skills: np.ndarray
    n_skills: np.ndarray
    cert_idx: np.ndarray  # (P, 2) certificate index, -1 none
    cert_lvl: np.ndarray  # (P, 2) level wanted, 0 = any
    occ: np.ndarray
    occ_group: np.ndarray
    hourly: np.ndarray
    start: np.ndarray
    end: np.ndarray

    @classmethod
    def build(cls, df: pl.DataFrame) -> Postings:
        idx, _ = county_index()
        skills = _skill_masks(df)
        occ, occ_group = _occ_ids(df["occupation_code"])
        return cls(df, df["posting_id"].to_numpy(), df["county_code"].replace_strict(idx, default=-1).to_numpy(),
                   _code_ints(df["town_code"]), df["lon"].fill_null(np.nan).to_numpy(),
                   df["lat"].fill_null(np.nan).to_numpy(), skills, np.bitwise_count(skills).astype(np.int16),
                   _list_matrix(df, "cert_names", MAX_CERTS, vocab.CERT_INDEX, np.int16, -1),
                   _list_matrix(df, "cert_levels", MAX_CERTS, None, np.int16, 0),
                   occ, occ_group, df["hourly_fen"].fill_null(np.nan).to_numpy(),
                   _date_ints(df["start_date"], NO_DATE_LO), _date_ints(df["end_date"], NO_DATE_HI))

    def take(self, rows: np.ndarray) -> Postings:
        return Postings(self.frame, *(getattr(self, f)[rows] for f in (
            "ids", "county", "town", "lon", "lat", "skills", "n_skills", "cert_idx", "cert_lvl", "occ", "occ_group",
            "hourly", "start", "end")))


@dataclass
class Seekers:
    frame: pl.DataFrame
    ids: np.ndarray
    county: np.ndarray
    town: np.ndarray
    lon: np.ndarray
    lat: np.ndarray
    reach_km: np.ndarray
    skills: np.ndarray
    certs: np.ndarray  # (S, n certificates) level held: 0 none, 1..5, 9 held (no level)
    occ: np.ndarray  # (S, 3)
    occ_group: np.ndarray
    reachable: np.ndarray  # (S, n counties) bool
    expected: np.ndarray
    avail_from: np.ndarray
    avail_to: np.ndarray

    @classmethod
    def build(cls, df: pl.DataFrame) -> Seekers:
        idx, _ = county_index()
        n = df.height
        certs = np.zeros((n, len(vocab.CERTIFICATES)), dtype=np.int16)
        ex = (df.select(pl.int_range(pl.len()).alias("row"), "cert_names", "cert_levels")
              .explode(["cert_names", "cert_levels"]).drop_nulls("cert_names")
              .with_columns(pl.col("cert_names").replace_strict(vocab.CERT_INDEX, default=None,
                                                                return_dtype=pl.Int64).alias("ci"))
              .drop_nulls("ci"))
        if ex.height:
            certs[ex["row"].to_numpy(), ex["ci"].to_numpy()] = ex["cert_levels"].fill_null(9).to_numpy()
        occ_strings = _list_matrix(df, "occupations", MAX_OCCS, None, object, "")
        occ_df = pl.DataFrame({f"o{i}": occ_strings[:, i].astype(str) for i in range(MAX_OCCS)}) if n else None
        occ = np.full((n, MAX_OCCS), -1, dtype=np.int32)
        occ_group = np.full((n, MAX_OCCS), -1, dtype=np.int32)
        if occ_df is not None:
            for i in range(MAX_OCCS):  # three columns, not rows
                occ[:, i], occ_group[:, i] = _occ_ids(occ_df[f"o{i}"])
        reachable = np.zeros((n, len(idx)), dtype=bool)
        rx = (df.select(pl.int_range(pl.len()).alias("row"), "reachable_counties").explode("reachable_counties")
              .with_columns(pl.col("reachable_counties").replace_strict(idx, default=None, return_dtype=pl.Int64)
                            .alias("ci")).drop_nulls("ci"))
        if rx.height:
            reachable[rx["row"].to_numpy(), rx["ci"].to_numpy()] = True
        return cls(df, df["seeker_id"].to_numpy(), df["county_code"].replace_strict(idx, default=-1).to_numpy(),
                   _code_ints(df["town_code"]), df["lon"].fill_null(np.nan).to_numpy(),
                   df["lat"].fill_null(np.nan).to_numpy(),
                   df["max_distance_km"].fill_null(DEFAULT_REACH_KM).to_numpy(), _skill_masks(df), certs, occ,
                   occ_group, reachable, df["expected_hourly_fen"].fill_null(np.nan).to_numpy(),
                   _date_ints(df["available_from"], NO_DATE_LO), _date_ints(df["available_to"], NO_DATE_HI))

    def take(self, rows: np.ndarray) -> Seekers:
        return Seekers(self.frame, *(getattr(self, f)[rows] for f in (
            "ids", "county", "town", "lon", "lat", "reach_km", "skills", "certs", "occ", "occ_group", "reachable",
            "expected", "avail_from", "avail_to")))


# --- the kernel -----------------------------------------------------------------------------------

@dataclass
class Scores:
    """The score of a block of seekers (rows) × postings (columns) and, with ``parts``, each part."""

    total: np.ndarray  # float32, -inf where not a match
    skill_hits: np.ndarray | None = None
    cert_ok: np.ndarray | None = None
    place: np.ndarray | None = None  # 0 distance, 1 same town, 2 same county, 3 reachable, 4 neighbour, 9 out
    distance: np.ndarray | None = None
    pay_ratio: np.ndarray | None = None
    occ: np.ndarray | None = None  # 2 same 细类, 1 same 小类, 0 no, -1 none wished


PLACE_POINTS = np.array([0, 25, 18, 10, 8, 0, 0, 0, 0, 0], dtype=np.float32)  # by place code


def _distance_km(lon1: np.ndarray, lat1: np.ndarray, lon2: np.ndarray, lat2: np.ndarray) -> np.ndarray:
    """Great-circle distance by the equirectangular approximation (float32): within 0.2 % of the
    haversine below 120 km in Zhejiang (at the seeker's latitude); one cosine per row, no trigonometry per pair."""
    f32 = np.float32
    k = f32(np.pi / 180 * 6371.0088)
    x = (lon2.astype(f32) - lon1.astype(f32)) * np.cos(np.radians(lat1)).astype(f32)  # at the seeker's latitude
    y = lat2.astype(f32) - lat1.astype(f32)
    return np.sqrt(x * x + y * y) * k


def _place(s: Seekers, p: Postings) -> tuple[np.ndarray, np.ndarray]:
    """Place code (1 same town, 2 same county, 3 reachable, 4 neighbour, 9 out of reach) and town
    equality. Shapes broadcast: (1, P) for the county part when every seeker of the block lives in
    one county and names no other reachable county (the batch path), (S, P) otherwise; the town
    matrix covers only the columns in a seeker's county."""
    _, nb = county_index()
    pc = np.maximum(p.county, 0)
    if len(s.ids) and np.all(s.county == s.county[0]) and not s.reachable.any():
        c = max(int(s.county[0]), 0)
        same = (p.county == s.county[0])[None, :]
        code = np.where(same, 2, np.where(nb[c][pc][None, :] & (p.county >= 0)[None, :], 4, 9)).astype(np.int8)
    else:
        same = s.county[:, None] == p.county[None, :]
        neighbour = nb[np.maximum(s.county, 0)][:, pc]
        code = np.where(same, 2, np.where(s.reachable[:, pc], 3, np.where(neighbour, 4, 9))).astype(np.int8)
    return code, same


def _matching_pairs(rows_codes: np.ndarray, col_codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct (row, column) pairs where one of a row's codes (``rows_codes``: rows × up to 3,
    -1 = none) equals the column's code: sort the columns, look each row code up (searchsorted), and
    expand the ranges — work in proportion to the rows and the matches, not rows × columns."""
    order = np.argsort(col_codes, kind="stable")
    ordered = col_codes[order]
    r, j = np.nonzero(rows_codes >= 0)
    keys = rows_codes[r, j]
    lo, hi = np.searchsorted(ordered, keys, "left"), np.searchsorted(ordered, keys, "right")
    counts = hi - lo
    if not counts.sum():
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    rr = np.repeat(r, counts)
    pos = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts) + np.repeat(lo, counts)
    pairs = np.unique(rr.astype(np.int64) * len(col_codes) + order[pos])
    return pairs // len(col_codes), pairs % len(col_codes)


def _certificate_pairs(s: Seekers, p: Postings, n_req: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(row, column) pairs where the seeker holds every certificate the posting wants, at its level
    or higher: each held certificate is looked up among the postings' wanted ones (sorted), the
    satisfied wants are counted per pair and compared with the number wanted."""
    pc, slot = np.nonzero(p.cert_idx >= 0)
    if not pc.size:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    kinds, levels = p.cert_idx[pc, slot], p.cert_lvl[pc, slot]
    order = np.argsort(kinds, kind="stable")
    kinds, levels, pc = kinds[order], levels[order], pc[order]
    r, k = np.nonzero(s.certs > 0)
    held = s.certs[r, k]
    lo, hi = np.searchsorted(kinds, k, "left"), np.searchsorted(kinds, k, "right")
    counts = hi - lo
    if not counts.sum():
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    pos = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts) + np.repeat(lo, counts)
    rows, have = np.repeat(r, counts), np.repeat(held, counts)
    ok = (levels[pos] == 0) | (have <= levels[pos])
    pairs, n_ok = np.unique(rows[ok].astype(np.int64) * len(p.ids) + pc[pos][ok], return_counts=True)
    cols = pairs % len(p.ids)
    full = n_ok == n_req[cols]
    return pairs[full] // len(p.ids), cols[full]


def _slice_if_contiguous(idx: np.ndarray) -> np.ndarray | slice:
    """Consecutive column indices as a slice (a view, no gather and scatter)."""
    if idx.size and idx[-1] - idx[0] + 1 == idx.size:
        return slice(int(idx[0]), int(idx[-1]) + 1)
    return idx


def _size(idx: np.ndarray | slice) -> int:
    return idx.stop - idx.start if isinstance(idx, slice) else idx.size


def score(s: Seekers, p: Postings, *, parts: bool = True) -> Scores:
    """Score every pair of the block (float32). Work is spent only where it can matter: per column
    what depends on the posting only, towns within the county, distances for rows and columns with
    coordinates, certificates for postings that want one, occupations for seekers who wished one."""
    f32 = np.float32
    n_s, n_p = len(s.ids), len(p.ids)
    out = Scores(np.empty((n_s, n_p), dtype=f32))
    total = out.total

    # skills: 40 × held ÷ wanted (per column weight); 20 when none wanted; certificates +10 (−30 below)
    hits = np.bitwise_count(s.skills[:, None] & p.skills[None, :])
    wanted = p.n_skills > 0
    np.multiply(hits, np.where(wanted, 40.0 / np.maximum(p.n_skills, 1), 0.0).astype(f32)[None, :], out=total)
    col_const = np.where(wanted, 0.0, 20.0).astype(f32) + 10.0
    if parts:
        out.skill_hits = hits

    # certificates: a posting that wants some costs 40 (−30 instead of +10) unless the seeker holds every
    # one at its level or higher; holders are few, found as sparse pairs
    n_req = (p.cert_idx >= 0).sum(axis=1)
    col_const -= np.where(n_req > 0, 40.0, 0.0).astype(f32)
    sr, sc_ = _certificate_pairs(s, p, n_req)
    total[sr, sc_] += f32(40.0)
    if parts:
        out.cert_ok = np.broadcast_to(n_req == 0, (n_s, n_p)).copy()
        out.cert_ok[sr, sc_] = True

    # place: county part per column (or per pair), same town within the county columns
    code, same = _place(s, p)
    total += PLACE_POINTS[code]
    sc = _slice_if_contiguous(np.flatnonzero(same.any(axis=0)))
    town = np.zeros((n_s, 0), dtype=bool)
    if _size(sc):
        town = (s.town[:, None] == p.town[sc][None, :]) & (s.town >= 0)[:, None] & same[:, sc]
        total[:, sc] += np.where(town, PLACE_POINTS[1] - PLACE_POINTS[2], 0.0).astype(f32)
    out_of_reach = code == 9  # (1, P) in the batch path, where the blocks leave none
    if parts:
        full = np.broadcast_to(code, (n_s, n_p)).copy()
        full[:, sc] = np.where(town, 1, full[:, sc])
        out.place, out.distance = full, np.full((n_s, n_p), np.nan, dtype=f32)
    rows, cols = np.flatnonzero(~np.isnan(s.lon)), np.flatnonzero(~np.isnan(p.lon))
    if rows.size and cols.size:  # where both have coordinates the distance replaces the place points
        ix = np.ix_(rows, cols)
        d = _distance_km(s.lon[rows][:, None], s.lat[rows][:, None], p.lon[cols][None, :], p.lat[cols][None, :])
        reach = s.reach_km[rows][:, None].astype(f32)
        sub_code = np.broadcast_to(code, (n_s, n_p))[ix]
        sub_town = (s.town[rows][:, None] == p.town[cols][None, :]) & (s.town[rows] >= 0)[:, None] & (sub_code == 2)
        old = PLACE_POINTS[sub_code] + np.where(sub_town, PLACE_POINTS[1] - PLACE_POINTS[2], 0.0)
        total[ix] = np.where(d > reach, -np.inf, total[ix] + (25.0 * np.clip(1 - d / reach, 0, 1) - old)).astype(f32)
        if parts:
            out.place[ix] = np.where(sub_code < 9, 0, 9)
            out.distance[ix] = d

    # pay: 15 × (pay ÷ expected − 0.8) ÷ 0.4 within 0–15 = clip(37.5 × pay × (1 ÷ expected) − 30, 0, 15);
    # 7 when either is unknown (an unknown side counts 0 in the product and 7 as a row or column constant)
    known_s, known_p = ~np.isnan(s.expected), ~np.isnan(p.hourly)
    inv = np.where(known_s, 1.0 / np.where(known_s, s.expected, 1.0), 0.0).astype(f32)
    pay = np.multiply(inv[:, None], np.where(known_p, p.hourly * 37.5, 0.0).astype(f32)[None, :])
    pay -= f32(30.0)
    np.clip(pay, 0, 15, out=pay)
    total += pay
    col_const += np.where(known_p, 0.0, 7.0).astype(f32)
    unknown_rows, unknown_cols = np.flatnonzero(~known_s), np.flatnonzero(~known_p)
    if unknown_rows.size and unknown_cols.size:
        total[np.ix_(unknown_rows, unknown_cols)] -= f32(7.0)  # both unknown: 7, not 14
    if parts:
        ratio = np.multiply(inv[:, None], np.where(known_p, p.hourly, 0.0).astype(f32)[None, :])
        ratio[~known_s] = np.nan
        ratio[:, ~known_p] = np.nan
        out.pay_ratio = ratio

    # occupation: same 细类 10, same 小类 5 (a same 细类 is a same 小类: 5 + 5), none wished 3.
    # Matches are few: found as (row, column) pairs by sorting the postings' codes, not as matrices.
    wished = s.occ[:, 0] >= 0
    row_const = np.where(wished, 0.0, 3.0).astype(f32) + np.where(known_s, 0.0, 7.0).astype(f32)
    gr, gc = _matching_pairs(s.occ_group, p.occ_group)
    fr, fc = _matching_pairs(s.occ, p.occ)
    total[gr, gc] += f32(5.0)
    total[fr, fc] += f32(5.0)
    if parts:
        out.occ = np.where(wished, 0, -1).astype(np.int8)[:, None].repeat(n_p, axis=1)
        out.occ[gr, gc] = 1
        out.occ[fr, fc] = 2
    total += col_const[None, :]
    total += row_const[:, None]

    # dates: the posting's dates must overlap the seeker's availability (unbounded ends never fail)
    if (s.avail_to < NO_DATE_HI).any():
        np.putmask(total, p.start[None, :] > s.avail_to[:, None], -np.inf)
    if (p.end < NO_DATE_HI).any() and (s.avail_from > NO_DATE_LO).any():
        np.putmask(total, p.end[None, :] < s.avail_from[:, None], -np.inf)
    if out_of_reach.any():
        np.putmask(total, np.broadcast_to(out_of_reach, (n_s, n_p)), -np.inf)
    return out


def top_k(scores: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Column indices and values of each row's best ``k`` (best first; -inf = no match)."""
    n = scores.shape[1]
    if n == 0:
        return np.zeros((scores.shape[0], 0), dtype=np.int64), np.zeros((scores.shape[0], 0), dtype=np.float32)
    k = min(k, n)
    part = np.argpartition(scores, n - k, axis=1)[:, n - k:] if k < n else np.tile(np.arange(n), (scores.shape[0], 1))
    vals = np.take_along_axis(scores, part, axis=1)
    order = np.argsort(-vals, axis=1, kind="stable")
    return np.take_along_axis(part, order, axis=1), np.take_along_axis(vals, order, axis=1)


def province_top_k(seekers: Seekers, postings: Postings, k: int = 10, *, workers: int | None = None,
                   chunk_rows: int = 1500) -> pl.DataFrame:
    """Every seeker's best ``k`` postings, blocked by county: the seekers of one county meet the
    postings of that county and its neighbours (and the counties they can reach). Blocks (at most
    ``chunk_rows`` seekers) are scored on ``workers`` threads (NumPy releases the GIL), results in
    county order whatever the threads do."""
    idx, nb = county_index()
    order_p = np.argsort(postings.county, kind="stable")
    bounds = np.searchsorted(postings.county[order_p], np.arange(len(idx) + 1))
    s_order = np.argsort(seekers.county, kind="stable")
    s_bounds = np.searchsorted(seekers.county[s_order], np.arange(len(idx) + 1))
    jobs = []
    for c in range(len(idx)):  # one block per county (90), split into chunks of rows, not per row
        rows = s_order[s_bounds[c]:s_bounds[c + 1]]
        for start in range(0, rows.size, chunk_rows):
            jobs.append((c, rows[start:start + chunk_rows]))

    def run(job: tuple[int, np.ndarray]) -> tuple[np.ndarray, ...] | None:
        c, rows = job
        block = seekers.take(rows)
        cand = np.union1d(np.flatnonzero(nb[c] | block.reachable.any(axis=0)), [c])
        cols = np.concatenate([order_p[bounds[x]:bounds[x + 1]] for x in cand])
        if cols.size == 0:
            return None
        best, vals = top_k(score(block, postings.take(cols), parts=False).total, k)
        keep = np.isfinite(vals)
        rank = np.broadcast_to(np.arange(1, best.shape[1] + 1), best.shape)
        return (np.broadcast_to(block.ids[:, None], best.shape)[keep], rank[keep], postings.ids[cols][best][keep],
                vals[keep])

    workers = workers or min(4, os.cpu_count() or 1)
    if workers > 1:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            parts = [r for r in pool.map(run, jobs) if r is not None]
    else:
        parts = [r for r in map(run, jobs) if r is not None]
    if not parts:
        return pl.DataFrame(schema={"seeker_id": pl.Int64, "rank": pl.Int64, "posting_id": pl.Int64,
                                    "score": pl.Float32})
    sid, rank, pid, val = (np.concatenate(x) for x in zip(*parts, strict=True))
    return pl.DataFrame({"seeker_id": sid, "rank": rank.astype(np.int64), "posting_id": pid, "score": val})
