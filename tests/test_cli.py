"""The command line: eval, explain, demo, and clear errors for bad input."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from jiuye.cli import app

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()


def test_eval_json_gives_exact_amounts_and_clauses():
    res = runner.invoke(app, ["eval", str(ROOT / "examples/01_flexible_worker_kecheng.json"), "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    art21 = next(r for r in data["results"] if r["provision_id"] == "zj_2022_46.art21")
    # 浙人社发〔2022〕46号 第21条: 2/3 × ¥1,000 = ¥666.67 a month
    assert art21["outcome"] == "eligible" and art21["amount_yuan"] == "666.67"
    assert "三分之二" in art21["clause"]
    assert art21["conditions"][0]["explanation"]


def test_as_of_option_overrides_the_file_and_expired_says_so():
    res = runner.invoke(app, ["eval", str(ROOT / "examples/01_flexible_worker_kecheng.json"), "--as-of", "2026-01-05",
                              "--json"])
    art21 = next(r for r in json.loads(res.output)["results"] if r["provision_id"] == "zj_2022_46.art21")
    assert art21["status"] == "expired" and art21["outcome"] == "not_eligible"


def test_explain_prints_the_tree_with_parameters():
    res = runner.invoke(app, ["explain", str(ROOT / "examples/02_quzhou_founder_longyou.json"),
                              "quzhou_2023_12.qi.startup_employment"])
    assert res.exit_code == 0, res.output
    assert "25,000.00" in res.output and "衢政发〔2023〕12号" in res.output


def test_explain_unknown_provision_fails_cleanly():
    res = runner.invoke(app, ["explain", str(ROOT / "examples/02_quzhou_founder_longyou.json"), "no.such"])
    assert res.exit_code == 2
    assert "no.such" in res.output


def test_bad_input_exits_non_zero_naming_the_field(tmp_path: Path):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"person": {"graduation_date": "2023-02-30"}}), encoding="utf-8")
    res = runner.invoke(app, ["eval", str(bad), "--as-of", "2024-01-01"])
    assert res.exit_code == 2
    assert "person.graduation_date" in res.output


def test_missing_as_of_is_an_error(tmp_path: Path):
    f = tmp_path / "c.json"
    f.write_text(json.dumps({"person": {}}), encoding="utf-8")
    res = runner.invoke(app, ["eval", str(f)])
    assert res.exit_code == 2 and "as_of" in res.output


def test_demo_runs_every_example():
    res = runner.invoke(app, ["demo", "--examples", str(ROOT / "examples")])
    assert res.exit_code == 0, res.output
    assert "¥25,000.00" in res.output and "¥666.67" in res.output


def test_explain_shows_remaining_months_and_total_still_payable():
    # 46号 第24条 每年最高 2万元，期限最长 3年: a founder whose unemployment registration ended the day the business
    # was registered is in the key group; 36 months remain, but 46号 ends 2025-12-31: 2025-03…2025-12 = 10 months,
    # 20,000 × 10 / 12 = 16,666.67 still payable
    res = runner.invoke(app, ["explain", str(ROOT / "examples/06_founder_ended_unemployment_spell.json"), "zj_2022_46.art24"])
    assert res.exit_code == 0, res.output
    assert "months remaining: 36个月" in res.output and "¥16666.67" in res.output
    # three years of 第24条 grants: 期限最长 3年 used up
    res = runner.invoke(app, ["explain", str(ROOT / "examples/07_firm_three_years_of_art24.json"), "zj_2022_46.art24"])
    assert res.exit_code == 0, res.output
    assert "暂不符合" in res.output and "享受期限未满" in res.output


def test_explain_follows_a_stepped_amount_in_the_total_and_the_schedule(tmp_path: Path):
    # 杭州（五）: 补贴标准第 1年 1元/平方米·天，第 2、3 年 0.5 元/平方米·天，期限不超过 3 年 — 100 m² × 365 days:
    # ¥36,500 a year to 2025-02, then ¥18,250. From 2024-10: (5 × 36,500 + 7 × 18,250) / 12 = 25,854.17, then
    # 18,250.00, then 5 × 18,250 / 12 = 7,604.17: ¥51,708.34 over the 29 months left
    case = {"as_of": "2024-10-01",
            "person": {"registered_unemployed": True, "in_accompaniment_space": False, "rented_area_m2": 120,
                       "rent_daily_per_m2_fen": 200, "lease_start": "2024-03-01"},
            "enterprise": {"adcode": "330102", "registered_on": "2024-03-01"}}
    f = tmp_path / "rent.json"
    f.write_text(json.dumps(case), encoding="utf-8")
    res = runner.invoke(app, ["explain", str(f), "hz_2022_draft.wu.rent_outside_space"])
    assert res.exit_code == 0, res.output
    assert "months remaining: 29个月" in res.output and "¥51708.34" in res.output
    assert "2024-10 – 2025-09：¥25854.17" in res.output and "2026-10 – 2027-02：¥7604.17" in res.output
