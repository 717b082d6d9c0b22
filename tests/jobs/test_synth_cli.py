"""``jiuye synth --job-seekers N --job-postings M``: the gig market's synthetic tables."""

from __future__ import annotations

import polars as pl
from typer.testing import CliRunner

from jiuye.cli import app
from jiuye.jobs import matching


def test_synth_writes_seekers_and_postings_the_matcher_reads(tmp_path):
    r = CliRunner().invoke(app, ["synth", "--persons", "0", "--enterprises", "0", "--job-seekers", "300",
                                 "--job-postings", "80", "--as-of", "2026-12-01", "--out", str(tmp_path)])
    assert r.exit_code == 0, r.output
    seek = pl.read_parquet(tmp_path / "job_seekers.parquet")
    post = pl.read_parquet(tmp_path / "job_postings.parquet")
    assert seek.height == 300 and post.height == 80
    assert dict(seek.select(list(matching.SEEKER_COLUMNS)).schema) == matching.SEEKER_COLUMNS
    assert dict(post.select(list(matching.POSTING_COLUMNS)).schema) == matching.POSTING_COLUMNS
    assert seek["county_code"].str.starts_with("33").all() and post["hourly_fen"].min() >= 2000
    top = matching.province_top_k(matching.Seekers.build(seek), matching.Postings.build(post), k=10)
    assert top.height > 0 and top["rank"].max() <= 10
    again = CliRunner().invoke(app, ["synth", "--persons", "0", "--enterprises", "0", "--job-seekers", "300",
                                     "--job-postings", "80", "--as-of", "2026-12-01", "--out", str(tmp_path / "b")])
    assert again.exit_code == 0
    assert pl.read_parquet(tmp_path / "b" / "job_seekers.parquet").equals(seek)  # same seed, same table
