"""``jiuye targets report --period 2023-Q3 --city 330600`` writes the file the web page offers."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook
from typer.testing import CliRunner

from jiuye.accounts import service as accounts
from jiuye.cli import app as cli
from jiuye.db.core import session_factory
from jiuye.targets import demo, report
from jiuye.targets.plans import plan

DOC = Path(__file__).resolve().parents[2] / "docs" / "targets.md"


def test_the_report_command(fresh_engine, monkeypatch, password_hash, tmp_path):
    monkeypatch.setattr("jiuye.db.core.get_engine", lambda url=None: fresh_engine)
    with session_factory(fresh_engine)() as session:
        city = accounts.create(db_session=session, username="sx", role="city_manager", display_name="绍兴",
                               password_hash=password_hash, city_code="330600")
        county = accounts.create(db_session=session, username="yc", role="county_caseworker", display_name="越城",
                                 password_hash=password_hash, county_code="330602")
        demo.seed(session, county_user=county, city_user=city)
        p = plan("sx_2023_28")
        web = report.workbook(report.build(session, p, p.jurisdictions, report.parse_period("2023-Q3")))
    out = tmp_path / "q3.xlsx"
    res = CliRunner().invoke(cli, ["targets", "report", "--period", "2023-Q3", "--city", "330600", "--out", str(out)])
    assert res.exit_code == 0, res.output
    assert "2023年第三季度" in res.output
    cells = [[c.value for c in row] for row in load_workbook(out).active.iter_rows()]
    assert cells == [[c.value for c in row] for row in load_workbook(__import__("io").BytesIO(web)).active.iter_rows()]
    bad = CliRunner().invoke(cli, ["targets", "report", "--period", "2023Q3", "--city", "330600"])
    assert bad.exit_code == 2 and "2023-Q3" in bad.output
    assert CliRunner().invoke(cli, ["targets", "report", "--period", "2023-Q3", "--city", "330100"]).exit_code == 2


def test_the_command_is_documented():
    assert "jiuye targets report --period 2023-Q3 --city 330600" in DOC.read_text(encoding="utf-8")
