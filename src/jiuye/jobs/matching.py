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
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import polars as pl

from ..refdata import geo
from ..refdata.divisions import counties, name_of
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
    return series.cast(pl.Int32).fill_null(fill).to_numpy().astype(np.int64)


def _occ_ids(series: pl.Series) -> tuple[np.ndarray, np.ndarray]:
    """细类 code → int (4-01-02-01 → 4010201) and its 小类 (→ 40102); -1 when missing."""
    digits = series.str.replace_all("-", "")
    fine = digits.cast(pl.Int64, strict=False).fill_null(-1).to_numpy()
    group = digits.str.slice(0, 5).cast(pl.Int64, strict=False).fill_null(-1).to_numpy()
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
        occ = np.full((n, MAX_OCCS), -1, dtype=np.int64)
        occ_group = np.full((n, MAX_OCCS), -1, dtype=np.int64)
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
    """Every part of the score for a block of seekers (rows) × postings (columns)."""

    total: np.ndarray  # float32, -inf where not a match
    skill_hits: np.ndarray
    cert_ok: np.ndarray
    place: np.ndarray  # 0 distance, 1 same town, 2 same county, 3 reachable, 4 neighbour, 9 out of reach
    distance: np.ndarray
    pay_ratio: np.ndarray
    occ: np.ndarray  # 2 same 细类, 1 same 小类, 0 no, -1 none wished


def _haversine(lon1: np.ndarray, lat1: np.ndarray, lon2: np.ndarray, lat2: np.ndarray) -> np.ndarray:
    p1, p2 = np.radians(lat1), np.radians(lat2)
    a = (np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(np.radians(lon2 - lon1) / 2) ** 2)
    return 2 * 6371.0088 * np.arcsin(np.sqrt(a))


def score(s: Seekers, p: Postings) -> Scores:
    _, nb = county_index()
    hits = np.bitwise_count(s.skills[:, None] & p.skills[None, :]).astype(np.float32)
    need = p.n_skills[None, :].astype(np.float32)
    skill_pts = np.where(need > 0, 40.0 * hits / np.maximum(need, 1), 20.0)

    cert_ok = np.ones((len(s.ids), len(p.ids)), dtype=bool)
    for j in range(MAX_CERTS):  # two certificate slots, not rows
        ci, lvl = p.cert_idx[:, j], p.cert_lvl[:, j]
        have = s.certs[:, np.maximum(ci, 0)]
        ok = (have > 0) & ((lvl[None, :] == 0) | (have <= lvl[None, :]))
        cert_ok &= (ci[None, :] < 0) | ok
    cert_pts = np.where(cert_ok, 10.0, -30.0)

    sc, pc = s.county[:, None], p.county[None, :]
    same_county = sc == pc
    same_town = same_county & (s.town[:, None] == p.town[None, :]) & (s.town[:, None] >= 0)
    neighbour = nb[np.maximum(sc, 0), np.maximum(pc, 0)] & (sc >= 0) & (pc >= 0)
    reachable = s.reachable[:, np.maximum(p.county, 0)]
    place = np.full(hits.shape, 9, dtype=np.int8)
    place[neighbour] = 4
    place[reachable] = 3
    place[same_county] = 2
    place[same_town] = 1
    place_pts = np.select([place == 1, place == 2, place == 3, place == 4], [25.0, 18.0, 10.0, 8.0], 0.0)
    both = ~np.isnan(s.lon)[:, None] & ~np.isnan(p.lon)[None, :]
    distance = np.full(hits.shape, np.nan, dtype=np.float32)
    in_reach = place < 9
    if both.any():
        d = _haversine(s.lon[:, None], s.lat[:, None], p.lon[None, :], p.lat[None, :]).astype(np.float32)
        distance = np.where(both, d, np.nan)
        reach = s.reach_km[:, None]
        place = np.where(both, 0, place).astype(np.int8)
        place_pts = np.where(both, 25.0 * np.clip(1 - d / reach, 0, 1), place_pts)
        in_reach = np.where(both, d <= reach, in_reach)

    ratio = p.hourly[None, :] / s.expected[:, None]
    pay_pts = np.where(np.isnan(ratio), 7.0, 15.0 * np.clip((ratio - 0.8) / 0.4, 0, 1))

    fine = (s.occ[:, :, None] == p.occ[None, None, :]) & (s.occ[:, :, None] >= 0)
    group = (s.occ_group[:, :, None] == p.occ_group[None, None, :]) & (s.occ_group[:, :, None] >= 0)
    none_wished = (s.occ < 0).all(axis=1)[:, None]
    occ = np.where(fine.any(axis=1), 2, np.where(group.any(axis=1), 1, np.where(none_wished, -1, 0))).astype(np.int8)
    occ_pts = np.select([occ == 2, occ == 1, occ == -1], [10.0, 5.0, 3.0], 0.0)

    overlap = (p.start[None, :] <= s.avail_to[:, None]) & (p.end[None, :] >= s.avail_from[:, None])
    total = (skill_pts + cert_pts + place_pts + pay_pts + occ_pts).astype(np.float32)
    total = np.where(in_reach & overlap, total, -np.inf).astype(np.float32)
    return Scores(total, hits.astype(np.int16), cert_ok, place, distance, ratio, occ)


def top_k(scores: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Column indices and values of each row's best ``k`` (best first; -inf = no match)."""
    n = scores.shape[1]
    if n == 0:
        return np.zeros((scores.shape[0], 0), dtype=np.int64), np.zeros((scores.shape[0], 0), dtype=np.float32)
    k = min(k, n)
    part = np.argpartition(-scores, k - 1, axis=1)[:, :k] if k < n else np.tile(np.arange(n), (scores.shape[0], 1))
    vals = np.take_along_axis(scores, part, axis=1)
    order = np.argsort(-vals, axis=1, kind="stable")
    return np.take_along_axis(part, order, axis=1), np.take_along_axis(vals, order, axis=1)


def province_top_k(seekers: Seekers, postings: Postings, k: int = 10) -> pl.DataFrame:
    """Every seeker's best ``k`` postings, blocked by county: the seekers of one county meet the
    postings of that county and its neighbours (and the counties they can reach)."""
    idx, nb = county_index()
    order_p = np.argsort(postings.county, kind="stable")
    p_sorted_county = postings.county[order_p]
    bounds = np.searchsorted(p_sorted_county, np.arange(len(idx) + 1))
    out_s, out_p, out_v, out_r = [], [], [], []
    s_order = np.argsort(seekers.county, kind="stable")
    s_bounds = np.searchsorted(seekers.county[s_order], np.arange(len(idx) + 1))
    for c in range(len(idx)):  # one block per county (90), not per row
        rows = s_order[s_bounds[c]:s_bounds[c + 1]]
        if rows.size == 0:
            continue
        block = seekers.take(rows)
        cand_counties = np.flatnonzero(nb[c] | block.reachable.any(axis=0))
        cand_counties = np.union1d(cand_counties, [c])
        cols = np.concatenate([order_p[bounds[x]:bounds[x + 1]] for x in cand_counties])
        if cols.size == 0:
            continue
        sc = score(block, postings.take(cols)).total
        best, vals = top_k(sc, k)
        keep = np.isfinite(vals)
        rank = np.broadcast_to(np.arange(1, best.shape[1] + 1), best.shape)
        out_s.append(np.broadcast_to(block.ids[:, None], best.shape)[keep])
        out_p.append(postings.ids[cols][best][keep])
        out_v.append(vals[keep])
        out_r.append(rank[keep])
    if not out_s:
        return pl.DataFrame(schema={"seeker_id": pl.Int64, "rank": pl.Int64, "posting_id": pl.Int64,
                                    "score": pl.Float32})
    return pl.DataFrame({"seeker_id": np.concatenate(out_s), "rank": np.concatenate(out_r).astype(np.int64),
                         "posting_id": np.concatenate(out_p), "score": np.concatenate(out_v)})


# --- reasons ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Match:
    score: int
    reasons_zh: list[str]
    reasons_en: list[str]


def explain(sc: Scores, i: int, j: int, seeker: dict[str, Any], posting: dict[str, Any]) -> Match:
    """Words for the pair (row ``i``, column ``j``) of ``sc``: ``seeker``/``posting`` are their rows."""
    zh, en = [], []
    need = len(posting.get("skills") or [])
    hits = int(sc.skill_hits[i, j])
    if need:
        zh.append(f"技能匹配 {hits}/{need}")
        en.append(f"skills {hits}/{need}")
    else:
        zh.append("岗位不限技能")
        en.append("no particular skills wanted")
    wanted = [{"name": n, "level": (lv or None)} for n, lv in zip(posting.get("cert_names") or [],
                                                                  posting.get("cert_levels") or [], strict=False)]
    have = [{"name": n, "level": (lv if lv and lv < 9 else None)}
            for n, lv in zip(seeker.get("cert_names") or [], seeker.get("cert_levels") or [], strict=False)]
    missing = [w for w in wanted if not vocab.cert_satisfied(have, w)]
    if missing:
        zh.append("缺少证书：" + "、".join(vocab.cert_label(m) for m in missing))
        en.append("missing certificate: " + ", ".join(vocab.cert_label(m) for m in missing))
    elif wanted:
        zh.append("证书符合要求")
        en.append("certificates as wanted")
    place = int(sc.place[i, j])
    if place == 0:
        d = float(sc.distance[i, j])
        zh.append(f"距离约 {d:.1f} 公里")
        en.append(f"about {d:.1f} km away")
    elif place == 1:
        t = geo.town(posting.get("town_code"))
        kind = "街道" if t is None or t.is_street else "乡镇"
        zh.append(f"同一{kind}（{t.name}）" if t else f"同一{kind}")
        en.append(f"same {'street' if kind == '街道' else 'town'}")
    elif place == 2:
        zh.append(f"同在{name_of(posting['county_code'])}")
        en.append("same county")
    elif place == 3:
        zh.append(f"在可到达范围（{name_of(posting['county_code'])}）")
        en.append("in a county the seeker can reach")
    elif place == 4:
        zh.append(f"相邻县区（{name_of(posting['county_code'])}）")
        en.append("neighbouring county")
    ratio = float(sc.pay_ratio[i, j])
    if not np.isnan(ratio):
        pct = round((ratio - 1) * 100)
        note = "" if seeker.get("expected_pay_kind") in (None, posting.get("pay_kind")) else "（按小时折算）"
        if pct > 0:
            zh.append(f"报酬高于期望 {pct}%{note}")
            en.append(f"pay {pct}% above expectation")
        elif pct < 0:
            zh.append(f"报酬低于期望 {-pct}%{note}")
            en.append(f"pay {-pct}% below expectation")
        else:
            zh.append("报酬与期望相当")
            en.append("pay as expected")
    occ = int(sc.occ[i, j])
    if occ == 2:
        zh.append("意向职业相符")
        en.append("the occupation wished")
    elif occ == 1:
        zh.append("意向职业相近")
        en.append("close to the occupation wished")
    total = float(sc.total[i, j])
    return Match(max(0, round(total)) if np.isfinite(total) else 0, zh, en)


def day_number(d: date | None) -> int | None:
    return None if d is None else (d - date(1970, 1, 1)).days
