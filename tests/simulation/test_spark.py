"""``jiuye simulate --engine spark`` (Spark local mode) counts exactly what the local engine counts.

Skipped unless PySpark (with pandas, which ``mapInArrow`` requires: ``pyspark[sql]``) and Java are
installed, like tests/matching/test_spark.py.
"""

from __future__ import annotations

import shutil

import polars as pl
import pytest

pytest.importorskip("pyspark")
pytest.importorskip("pandas")
if shutil.which("java") is None:
    pytest.skip("Spark needs Java", allow_module_level=True)

from jiuye.matching.spark import session  # noqa: E402
from jiuye.simulation.outputs import totals  # noqa: E402
from jiuye.simulation.reform import load_reform, parse_reform  # noqa: E402
from jiuye.simulation.runner import Population, simulate  # noqa: E402
from jiuye.simulation.spark import SparkEngine  # noqa: E402

from .conftest import REFORMS  # noqa: E402


@pytest.fixture(scope="module")
def spark():
    s = session("local[2]", app_name="jiuye-simulate-test")
    yield s
    s.stop()


def test_spark_counts_what_the_local_engine_counts(spark, population_dir):
    pop = Population.from_dir(population_dir)
    reform = load_reform(REFORMS / "art24_cap_30000.yaml")
    local = simulate(reform, pop, [2024, 2025])
    remote = simulate(reform, pop, [2024, 2025], engine=SparkEngine(pop, spark=spark))
    assert remote.engine == "spark"
    a, b = local.counted.sort(pl.all()), remote.counted.sort(pl.all())
    assert a.height > 0 and a.equals(b)
    assert totals(local)["difference_fen"] == totals(remote)["difference_fen"] > 0


def test_spark_applies_county_scopes_like_the_local_engine(spark, population_dir):
    pop = Population.from_dir(population_dir)
    reform = parse_reform({"name": "柯城区", "parameters": {
        "zj_2022_46.art24.annual_cap": [{"value": 30000, "counties": ["330802"]}]}})
    local = simulate(reform, pop, [2025], reuse_baseline=False)
    remote = simulate(reform, pop, [2025], reuse_baseline=False, engine=SparkEngine(pop, spark=spark))
    assert local.counted.sort(pl.all()).equals(remote.counted.sort(pl.all()))


def test_cli_engine_spark_prints_the_local_totals(spark, population_dir, tmp_path):
    import json

    from typer.testing import CliRunner

    from jiuye.cli import app

    args = ["simulate", str(REFORMS / "art24_cap_30000.yaml"), "--population", str(population_dir), "--years", "2025",
            "--json"]
    runner = CliRunner()
    local = runner.invoke(app, [*args, "--out", str(tmp_path / "local")])
    remote = runner.invoke(app, [*args, "--out", str(tmp_path / "spark"), "--engine", "spark"])
    assert local.exit_code == 0 and remote.exit_code == 0, remote.output
    a, b = (json.loads(r.stdout.strip().splitlines()[-1]) for r in (local, remote))
    assert b["engine"] == "spark" and a["engine"] == "local"
    assert {k: v for k, v in a.items() if k != "engine"} == {k: v for k, v in b.items() if k != "engine"}


def test_spark_reads_spells_like_the_local_engine(spark, tmp_path):
    from .test_spells import ART24, enterprises, spells

    enterprises().write_parquet(tmp_path / "enterprises.parquet")
    pop = Population(enterprises=tmp_path / "enterprises.parquet", spells=spells())
    reform = parse_reform({"name": "现行规则"})
    local = simulate(reform, pop, [2025], baseline_only=True)
    remote = simulate(reform, pop, [2025], baseline_only=True, engine=SparkEngine(pop, spark=spark))
    pick = [pl.col("provision_id") == ART24]
    got = remote.counted.filter(*pick).sort("subject_id").select("subject_id", "cost_fen")
    assert got.equals(local.counted.filter(*pick).sort("subject_id").select("subject_id", "cost_fen"))
    assert got.get_column("subject_id").to_list() == ["E-1", "E-2", "E-3"]
