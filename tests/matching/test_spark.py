"""``jiuye match --engine spark`` (Spark local mode) gives exactly the local engine's rows.

The session is the package's one Spark session (``conftest.py``). Skipped unless PySpark (with
pandas, which ``mapInArrow`` requires: ``pyspark[sql]``) and Java are installed.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import polars as pl
import pytest

pytest.importorskip("pyspark")
pytest.importorskip("pandas")
if shutil.which("java") is None:
    pytest.skip("Spark needs Java", allow_module_level=True)

from jiuye.matching.run import run_local  # noqa: E402
from jiuye.matching.spark import run_spark  # noqa: E402
from jiuye.population.synth import SynthConfig, write_population  # noqa: E402

AS_OF = date(2025, 6, 30)


def test_spark_matches_local(spark, tmp_path: Path) -> None:
    pop = tmp_path / "pop"
    write_population(SynthConfig(persons=2_000, enterprises=300, seed=21, ref=AS_OF, block_rows=1_000), pop)
    args = {"persons": pop / "persons.parquet", "enterprises": pop / "enterprises.parquet",
            "history": pop / "history.parquet", "as_of": AS_OF}
    local = run_local(out=tmp_path / "local", chunk_rows=1_000, **args)
    remote = run_spark(out=tmp_path / "spark", spark=spark, **args)
    a = pl.read_parquet(tmp_path / "local" / "unpaid.parquet").sort(pl.all())
    b = pl.read_parquet(str(tmp_path / "spark" / "unpaid.parquet" / "*.parquet")).sort(pl.all())
    assert a.height > 0
    assert a.equals(b.select(a.columns))
    assert local.summary.equals(remote.summary.select(local.summary.columns))
    assert remote.subjects == {"person": 2_000, "enterprise": 300}


def test_spark_uses_the_maintained_local_values(spark, tmp_path: Path) -> None:
    """City and county standards set by administrators reach the executors (浙人社发〔2022〕46号 第19条
    “按规定给予就业岗位补贴”: here ¥1,000 a month set by each city, ¥1,200 by 苍南县 itself)."""
    from jiuye.params.store import PARAMETERS, ValueEntry

    name = "zj_2022_46.art19.post_subsidy"
    pop = tmp_path / "pop"
    write_population(SynthConfig(persons=3_000, enterprises=10, seed=5, ref=AS_OF, block_rows=1_500), pop)
    args = {"persons": pop / "persons.parquet", "history": pop / "history.parquet", "as_of": AS_OF,
            "enterprises": None}
    cities = ("330100", "330300", "330700", "330800", "331000", "331100")  # every city with a mountain county
    PARAMETERS.set_local_values([(name, ValueEntry(date(2024, 1, 1), 100_000, "示例", jurisdiction=c)) for c in cities]
                                + [(name, ValueEntry(date(2024, 1, 1), 120_000, "示例", jurisdiction="330327"))])
    try:
        run_local(out=tmp_path / "local", chunk_rows=1_500, **args)
        run_spark(out=tmp_path / "spark", spark=spark, **args)
    finally:
        PARAMETERS.set_local_values([])
    a = pl.read_parquet(tmp_path / "local" / "unpaid.parquet").sort(pl.all())
    b = pl.read_parquet(str(tmp_path / "spark" / "unpaid.parquet" / "*.parquet")).sort(pl.all())
    assert a.equals(b.select(a.columns))
    art19 = a.filter(pl.col("provision_id") == "zj_2022_46.art19")
    amounts = dict(zip(art19.get_column("county_code"), art19.get_column("amount_fen"), strict=True))
    assert art19.height > 0 and all(v == (120_000 if c == "330327" else 100_000) for c, v in amounts.items())
    assert "330327" in amounts  # the county's own value beats its city's
