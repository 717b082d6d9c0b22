"""The matching kernel: parts of the score, reasons, blocking, and the province top-k against brute force."""

from __future__ import annotations

from datetime import date

import numpy as np
import polars as pl

from jiuye.jobs import matching as m
from jiuye.jobs import reasons


def _postings(rows):
    base = {"town_code": None, "lon": None, "lat": None, "skills": [], "cert_names": [], "cert_levels": [],
            "occupation_code": None, "hourly_fen": None, "start_date": date(2026, 12, 10), "end_date": None}
    return pl.DataFrame([{**base, **r} for r in rows], schema=m.POSTING_COLUMNS)


def _seekers(rows):
    base = {"town_code": None, "lon": None, "lat": None, "max_distance_km": None, "skills": [], "cert_names": [],
            "cert_levels": [], "occupations": [], "reachable_counties": [], "expected_hourly_fen": None,
            "available_from": None, "available_to": None}
    return pl.DataFrame([{**base, **r} for r in rows], schema=m.SEEKER_COLUMNS)


def test_reasons_name_each_part():
    P = _postings([{"posting_id": 1, "county_code": "330802", "town_code": "330802005",
                    "skills": ["电商运营", "直播带货", "打包发货", "网店客服"], "occupation_code": "4-02-06-02",
                    "hourly_fen": 2500.0, "cert_names": ["电工"], "cert_levels": [4]}])
    S = _seekers([{"seeker_id": 7, "county_code": "330802", "town_code": "330802005",
                   "skills": ["电商运营", "直播带货", "打包发货"], "occupations": ["4-02-06-01"],
                   "expected_hourly_fen": 2232.0, "cert_names": ["电工"], "cert_levels": [3]}])
    sc = m.score(m.Seekers.build(S), m.Postings.build(P))
    match = reasons.explain(sc, 0, 0, S.row(0, named=True), P.row(0, named=True))
    assert match.reasons_zh == ["技能匹配 3/4", "证书符合要求", "同一街道（新新街道）", "报酬高于期望 12%", "意向职业相近"]
    # 30 (skills) + 10 (certificate) + 25 (street) + 15 × (1.12 − 0.8) ÷ 0.4 = 12.0 (pay) + 5 (小类)
    assert match.score == 82


def test_a_missing_certificate_costs_and_is_said():
    P = _postings([{"posting_id": 1, "county_code": "330802", "cert_names": ["电工"], "cert_levels": [3]}])
    S = _seekers([{"seeker_id": 1, "county_code": "330802", "cert_names": ["电工"], "cert_levels": [4]}])
    sc = m.score(m.Seekers.build(S), m.Postings.build(P))
    assert not sc.cert_ok[0, 0]
    assert "缺少证书：电工（三级/高级工）" in reasons.explain(sc, 0, 0, S.row(0, named=True), P.row(0, named=True)).reasons_zh


def test_place_blocks_far_counties_and_uses_distance_when_both_have_coordinates():
    P = _postings([{"posting_id": 1, "county_code": "330803"},  # 衢江区, neighbour of 柯城区
                   {"posting_id": 2, "county_code": "330102"},  # 上城区, far
                   {"posting_id": 3, "county_code": "330802", "lon": 118.87, "lat": 28.94},
                   {"posting_id": 4, "county_code": "330802", "lon": 119.60, "lat": 29.10}])
    S = _seekers([{"seeker_id": 1, "county_code": "330802", "lon": 118.86, "lat": 28.94, "max_distance_km": 10.0},
                  {"seeker_id": 2, "county_code": "330802", "reachable_counties": ["330102"]}])
    sc = m.score(m.Seekers.build(S), m.Postings.build(P))
    assert sc.place[0, 0] == 4 and sc.place[0, 1] == 9 and not np.isfinite(sc.total[0, 1])
    assert sc.place[0, 2] == 0 and 0.5 < sc.distance[0, 2] < 1.5
    assert not np.isfinite(sc.total[0, 3])  # ~ 70 km, beyond the seeker's 10 km
    assert sc.place[1, 1] == 3 and np.isfinite(sc.total[1, 1])  # 上城区 declared reachable
    words = reasons.explain(sc, 0, 2, S.row(0, named=True), P.row(2, named=True)).reasons_zh
    assert any(w.startswith("距离约 ") and w.endswith(" 公里") for w in words)


def test_dates_must_overlap_the_availability():
    P = _postings([{"posting_id": 1, "county_code": "330802", "start_date": date(2026, 12, 10),
                    "end_date": date(2026, 12, 12)}])
    S = _seekers([{"seeker_id": 1, "county_code": "330802", "available_from": date(2027, 1, 1)},
                  {"seeker_id": 2, "county_code": "330802", "available_to": date(2026, 12, 11)}])
    total = m.score(m.Seekers.build(S), m.Postings.build(P)).total
    assert not np.isfinite(total[0, 0]) and np.isfinite(total[1, 0])


def test_province_top_k_equals_brute_force():
    rng = np.random.default_rng(5)
    codes = ["330802", "330803", "330822", "330102", "330105", "330106"]
    skills = ["电商运营", "保洁", "收银", "打包发货", "叉车操作", "烹饪"]
    P = _postings([{"posting_id": i, "county_code": codes[rng.integers(6)],
                    "skills": list(rng.choice(skills, rng.integers(0, 4), replace=False)),
                    "hourly_fen": float(rng.integers(1500, 4000))} for i in range(120)])
    S = _seekers([{"seeker_id": 1000 + i, "county_code": codes[rng.integers(6)],
                   "skills": list(rng.choice(skills, rng.integers(0, 4), replace=False)),
                   "expected_hourly_fen": float(rng.integers(1500, 4000))} for i in range(60)])
    seekers, postings = m.Seekers.build(S), m.Postings.build(P)
    got = m.province_top_k(seekers, postings, k=5)
    full = m.score(seekers, postings).total
    for i, sid in enumerate(seekers.ids):
        row = full[i]
        best = np.sort(row[np.isfinite(row)])[::-1][:5]
        mine = got.filter(pl.col("seeker_id") == sid).sort("rank")["score"].to_numpy()
        assert np.allclose(mine, best), sid


def test_province_top_k_equals_brute_force_on_synthetic_tables():
    """Towns, coordinates, certificates, unknown pay, bounded availability: the batch path (county
    blocks, per-column shortcuts) gives every seeker the same best scores as scoring all postings."""
    from jiuye.jobs.synth import synth_jobs

    seek, post = synth_jobs(1500, 600, seed=3, ref=date(2026, 12, 1))
    assert seek["lon"].null_count() < seek.height and seek["available_to"].null_count() < seek.height
    seekers, postings = m.Seekers.build(seek), m.Postings.build(post)
    got = m.province_top_k(seekers, postings, k=10)
    full = m.score(seekers, postings).total
    best = -np.sort(-np.where(np.isfinite(full), full, -1e9), axis=1)[:, :10]
    ranked = got.sort(["seeker_id", "rank"]).group_by("seeker_id", maintain_order=True).agg("score")
    mine = dict(zip(ranked["seeker_id"].to_list(), ranked["score"].to_list(), strict=True))
    for i, sid in enumerate(seekers.ids):
        want = best[i][best[i] > -1e9]
        assert np.allclose(mine.get(int(sid), []), want, atol=1e-4), sid


def test_unknown_pay_counts_seven_points_whichever_side_is_unknown():
    P = _postings([{"posting_id": 1, "county_code": "330802"},
                   {"posting_id": 2, "county_code": "330802", "hourly_fen": 2400.0}])
    S = _seekers([{"seeker_id": 1, "county_code": "330802"},
                  {"seeker_id": 2, "county_code": "330802", "expected_hourly_fen": 2000.0}])
    total = m.score(m.Seekers.build(S), m.Postings.build(P)).total
    # no skills wanted 20 + certificates 10 + same county 18 + pay + no occupation wished 3
    assert total[0, 0] == 58 and total[0, 1] == 58 and total[1, 0] == 58
    assert total[1, 1] == 66  # 2400 ÷ 2000 = 1.2: the full 15 points
    assert np.array_equal(m.score(m.Seekers.build(S), m.Postings.build(P), parts=False).total, total)
