"""``jiuye simulate --spells``: status timelines change what the simulation counts.

46号 第24条: "重点人群在山区县初次创业，带动 1人以上就业并依法缴纳社会保险费 1年以上的，按规定给予创业带动就业补贴，
每年最高 2万元，期限最长 3年。" (2,000,000 fen a year each); 第23条: "重点人群（在校大学生和毕业 5年以内的高校毕业生、
登记失业半年以上人员、……）". The founders here are in the key group only as 登记失业半年以上: a duration read from the founder's registered-unemployed spell on the
day the business was registered. Without spells the enterprise table does not say (the outcome
is not known and nothing is counted); with them, the three founders registered for over a year
are counted and the one registered for two months is not.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from jiuye.cli import app
from jiuye.errors import InputError
from jiuye.facts.spells import spells_frame
from jiuye.facts.spells_file import read_spells_file
from jiuye.simulation.reform import parse_reform
from jiuye.simulation.runner import Population, simulate

ART24 = "zj_2022_46.art24"
WUYI = "330723"  # 武义县
FIRMS = {"E-1": date(2020, 1, 2), "E-2": date(2020, 1, 2), "E-3": date(2019, 6, 1), "E-LATE": date(2021, 1, 1)}
REGISTERED = date(2021, 3, 1)
runner = CliRunner()


def enterprises() -> pl.DataFrame:
    ids = list(FIRMS)
    return pl.DataFrame({
        "enterprise.enterprise_id": ids, "enterprise.adcode": [WUYI] * len(ids),
        "enterprise.registered_on": [REGISTERED] * len(ids), "enterprise.insured_hires_12m": [3] * len(ids),
        "enterprise.ecommerce": [False] * len(ids), "enterprise.leading_industry": [False] * len(ids),
        "person.first_startup": [True] * len(ids), "person.university_graduate": [False] * len(ids),
        "person.self_chosen_military_cadre": [False] * len(ids), "person.self_employed_veteran": [False] * len(ids)})


def spells(**starts: date) -> pl.DataFrame:
    """Each founder registered unemployed from its date until the business was registered."""
    return spells_frame([{"subject_id": f, "kind": "registered_unemployed", "from": d, "to": REGISTERED}
                         for f, d in {**FIRMS, **starts}.items()])


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("sim-spells")
    enterprises().write_parquet(root / "enterprises.parquet")
    return root


def art24(pop: Population) -> dict[str, int]:
    result = simulate(parse_reform({"name": "现行规则"}), pop, [2025], baseline_only=True)
    rows = result.counted.filter((pl.col("provision_id") == ART24) & (pl.col("scenario") == "baseline"))
    return {"count": rows.height, "cost_fen": int(rows.get_column("cost_fen").sum() or 0),
            "subjects": sorted(rows.get_column("subject_id").to_list())}


def test_spells_change_the_count_and_the_amount(folder):
    without = art24(Population.from_dir(folder))
    assert without == {"count": 0, "cost_fen": 0, "subjects": []}  # 登记失业半年以上 not known
    with_spells = art24(Population(enterprises=folder / "enterprises.parquet", spells=spells()))
    assert with_spells == {"count": 3, "cost_fen": 3 * 2_000_000, "subjects": ["E-1", "E-2", "E-3"]}
    # the duration decides: E-LATE registered unemployed since 2020-08-01 (7 months by 2021-03-01) is counted too
    longer = art24(Population(enterprises=folder / "enterprises.parquet", spells=spells(**{"E-LATE": date(2020, 8, 1)})))
    assert longer["count"] == 4 and longer["cost_fen"] == 4 * 2_000_000


def test_the_cli_reads_spells_from_csv_or_the_folder(folder, tmp_path):
    csv = tmp_path / "spells.csv"
    spells().write_csv(csv)
    reform = tmp_path / "same.yaml"
    reform.write_text("name: 现行规则\n", encoding="utf-8")

    def run(*extra: str) -> dict:
        res = runner.invoke(app, ["simulate", str(reform), "--population", str(folder), "--years", "2025",
                                  "--out", str(tmp_path / "out"), "--json", *extra])
        assert res.exit_code == 0, res.output
        return json.loads(res.stdout.strip().splitlines()[-1])

    assert run("--spells", str(csv))["baseline_fen"] - run()["baseline_fen"] == 3 * 2_000_000
    spells().write_parquet(folder / "spells.parquet")  # in the population folder: read without --spells
    try:
        assert run()["baseline_fen"] == run("--spells", str(csv))["baseline_fen"]
    finally:
        (folder / "spells.parquet").unlink()
    assert "--spells" in runner.invoke(app, ["simulate", "--help"]).output


@pytest.mark.parametrize(("content", "column", "words"), [
    ("subject_id,from,to\nE-1,2020-01-02,2021-03-01\n", "kind", "缺少该列"),
    ("subject_id,kind,from,to\nE-1,unemployed,2020-01-02,2021-03-01\n", "kind", "不认识的状态类别"),
    ("subject_id,kind,from,to\nE-1,registered_unemployed,2020/13/45,2021-03-01\n", "from", "日期应形如"),
    ("subject_id,kind,from,to\nE-1,registered_unemployed,2021-01-02,2020-03-01\n", "to", "结束日期早于开始日期"),
    ("subject_id,kind,from,to\n,registered_unemployed,2021-01-02,\n", "subject_id", "有空值"),
])
def test_a_bad_spells_file_names_the_file_and_the_column(folder, tmp_path, content, column, words):
    bad = tmp_path / "bad_spells.csv"
    bad.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_spells_file(bad)
    assert info.value.field == f"spells.{column}" and words in info.value.message_zh
    assert "bad_spells.csv" in info.value.message_zh and column in info.value.message_en
    reform = tmp_path / "r.yaml"
    reform.write_text("name: 现行规则\n", encoding="utf-8")
    res = runner.invoke(app, ["simulate", str(reform), "--population", str(folder), "--spells", str(bad),
                              "--out", str(tmp_path / "out")])
    assert res.exit_code == 2, res.output
    assert res.exception is None or isinstance(res.exception, SystemExit), res.exception  # no traceback
    assert "bad_spells.csv" in res.output and words in res.output and "Traceback" not in res.output


@pytest.mark.parametrize("name", ["missing.parquet", "spells.txt"])
def test_a_missing_or_unknown_file_is_said_in_words(tmp_path, name):
    path = tmp_path / name
    if name.endswith(".txt"):
        path.write_text("x", encoding="utf-8")
    with pytest.raises(InputError, match="找不到该文件|应为 .parquet 或 .csv"):
        read_spells_file(path)
    broken = tmp_path / "broken.parquet"
    broken.write_bytes(b"not parquet")
    with pytest.raises(InputError, match="无法读取"):
        read_spells_file(broken)
