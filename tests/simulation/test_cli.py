"""``jiuye simulate``: JSON totals in fen, files written, clear errors for a bad reform or option."""

from __future__ import annotations

import json

import polars as pl
from openpyxl import load_workbook
from typer.testing import CliRunner

from jiuye.cli import app

from .conftest import REFORMS

runner = CliRunner()


def test_simulate_json_and_outputs(population_dir, tmp_path):
    out = tmp_path / "out"
    res = runner.invoke(app, ["simulate", str(REFORMS / "art24_cap_30000.yaml"), "--population", str(population_dir),
                              "--years", "2024-2025", "--out", str(out), "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout.strip().splitlines()[-1])
    assert data["years"] == [2024, 2025]
    assert data["difference_fen"] == data["reform_fen"] - data["baseline_fen"] > 0
    assert isinstance(data["baseline_fen"], int) and data["baseline_beneficiaries"] > 0
    assert sum(y["difference_fen"] for y in data["by_year"]) == data["difference_fen"]
    summary = pl.read_parquet(out / "summary.parquet")
    assert int(summary["difference_fen"].sum()) == data["difference_fen"]
    assert pl.read_csv(out / "summary.csv").height == summary.height
    wb = load_workbook(out / "simulation.xlsx")
    assert wb.sheetnames == ["总览", "改革内容", "按县", "按县和政策", "受益变化", "说明"]
    change = [c.value for c in wb["改革内容"][2]]
    assert change[:4] == ["创业带动就业补贴每年最高", "参数", "20,000元", "30,000元"]
    assert "第24条" in change[6]
    assert json.loads((out / "totals.json").read_text(encoding="utf-8")) == data


def test_simulate_prints_tables(population_dir, tmp_path):
    res = runner.invoke(app, ["simulate", str(REFORMS / "no_change.yaml"), "--population", str(population_dir),
                              "--years", "2025", "--out", str(tmp_path / "o")])
    assert res.exit_code == 0, res.output
    assert "按年度" in res.output and "各县差额均为零" in res.output


def test_bad_reform_names_the_field(population_dir, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\nparameters:\n  zj_2022_46.art24.anual_cap: 30000\n", encoding="utf-8")
    res = runner.invoke(app, ["simulate", str(bad), "--population", str(population_dir), "--out", str(tmp_path / "o")])
    assert res.exit_code == 2
    assert "parameters.zj_2022_46.art24.anual_cap" in res.output and "zj_2022_46.art24.annual_cap" in res.output
    assert not (tmp_path / "o").exists()


def test_bad_years_and_population(population_dir, tmp_path):
    res = runner.invoke(app, ["simulate", str(REFORMS / "no_change.yaml"), "--population", str(population_dir),
                              "--years", "2026-2024"])
    assert res.exit_code == 2 and "--years" in res.output
    res = runner.invoke(app, ["simulate", str(REFORMS / "no_change.yaml"), "--population", str(tmp_path / "none")])
    assert res.exit_code == 2 and "--population" in res.output
    res = runner.invoke(app, ["simulate", str(REFORMS / "no_change.yaml")])  # no folder given: said, not "None"
    assert res.exit_code == 2 and "--population" in res.output and "None" not in res.output
