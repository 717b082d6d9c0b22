"""``jiuye match --engine spark`` (Spark local mode) gives exactly the local engine's rows.

Skipped unless PySpark (with pandas, which ``mapInArrow`` requires: ``pyspark[sql]``) and Java
are installed.
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
from jiuye.matching.spark import run_spark, session  # noqa: E402
from jiuye.population.synth import SynthConfig, write_population  # noqa: E402

AS_OF = date(2025, 6, 30)


@pytest.fixture(scope="module")
def spark():
    s = session("local[2]", app_name="jiuye-test")
    yield s
    s.stop()


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
