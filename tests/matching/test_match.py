"""Matching: the "not yet paid" reading, counties, chunking, outputs and the CLI."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from jiuye.catalogue.registry import CATALOGUE
from jiuye.cli import app
from jiuye.engine.history import HISTORY_SCHEMA
from jiuye.engine.provision import Subject
from jiuye.matching.groups import match_chunk
from jiuye.matching.match import Context, county_expr, make_plan, paid_pairs, self_capped
from jiuye.matching.report import by_county, detailed
from jiuye.matching.run import run_local
from jiuye.population.synth import SynthConfig, write_population

AS_OF = date(2025, 6, 30)


def _history(rows: list[dict]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=HISTORY_SCHEMA)


def _meta(pid: str, period: str, capped: bool = False) -> pl.DataFrame:
    return pl.DataFrame({"provision_id": [pid], "period": [period], "self_capped": [capped]})


@pytest.mark.parametrize(("period", "row", "paid"), [
    # monthly: a payment for the as-of month, by its period or (without one) by the grant date
    ("monthly", {"granted_on": date(2025, 6, 3), "period_start": date(2025, 6, 1), "period_end": date(2025, 6, 30)}, True),
    ("monthly", {"granted_on": date(2025, 5, 3), "period_start": date(2025, 5, 1), "period_end": date(2025, 5, 31)}, False),
    ("monthly", {"granted_on": date(2025, 6, 15)}, True),
    ("monthly", {"granted_on": date(2025, 5, 15)}, False),
    # yearly: the twelve months up to the as-of date
    ("yearly", {"granted_on": date(2024, 7, 1)}, True),
    ("yearly", {"granted_on": date(2024, 6, 30)}, False),
    ("yearly", {"granted_on": date(2024, 3, 1), "period_start": date(2024, 3, 1), "period_end": date(2025, 2, 28)}, False),
    # one-time: any record
    ("one_time", {"granted_on": date(2019, 1, 1)}, True),
])
def test_paid_reading(period: str, row: dict, paid: bool) -> None:
    h = _history([{"subject_id": "S", "provision_id": "x", **row}])
    got = paid_pairs(h, _meta("x", period), AS_OF)
    assert (got.height == 1) is paid


def test_self_capped_one_time_is_paid_only_while_a_grant_covers_the_date() -> None:
    """A loan counted by its own cap ("at most three loans"): an old loan is not a payment for
    now (the engine's cap decides whether another is due); a loan still running is."""
    old = {"subject_id": "S", "provision_id": "x", "granted_on": date(2021, 1, 1),
           "period_start": date(2021, 1, 1), "period_end": date(2022, 12, 31)}
    running = {**old, "granted_on": date(2025, 1, 1), "period_start": date(2025, 1, 1), "period_end": date(2026, 12, 31)}
    assert paid_pairs(_history([old]), _meta("x", "one_time", capped=True), AS_OF).height == 0
    assert paid_pairs(_history([running]), _meta("x", "one_time", capped=True), AS_OF).height == 1


def test_self_capped_is_read_from_the_declarations() -> None:
    capped = [p.id for p in CATALOGUE if self_capped(p)]
    assert "hz_2022_draft.si.personal_loan" in capped
    assert "hz_2022_draft.shiwu.certificate_subsidy" in capped


def test_county_is_the_place_that_puts_the_subject_in_the_jurisdiction() -> None:
    from jiuye.engine.expr import PolarsEnv

    p = CATALOGUE.provisions["hz_2022_draft.shiwu.certificate_subsidy"]  # hukou, residence or work in Hangzhou
    frame = pl.DataFrame({"person.hukou_adcode": ["330205", "330106", None],
                          "person.residence_adcode": ["330106", "330205", "330205"],
                          "person.work_adcode": ["330205", "330205", "330205"]})
    ctx = Context.make(AS_OF)
    env = PolarsEnv(ctx.snapshot, AS_OF, frozenset(frame.columns))
    got = frame.select(county_expr(p, env).alias("c"))["c"].to_list()
    # work (Ningbo) does not put them in Hangzhou; residence, then hukou, does; else the work place
    assert got == ["330106", "330106", "330205"]


@pytest.fixture(scope="module")
def pop(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("pop")
    write_population(SynthConfig(persons=6_000, enterprises=800, seed=4, ref=AS_OF, block_rows=2_500), out)
    return out


def test_chunk_size_does_not_change_the_result(pop: Path, tmp_path: Path) -> None:
    runs = []
    for chunk in (1_000, 7_000):
        r = run_local(persons=pop / "persons.parquet", enterprises=pop / "enterprises.parquet",
                      history=pop / "history.parquet", as_of=AS_OF, out=tmp_path / str(chunk), chunk_rows=chunk)
        runs.append(pl.read_parquet(tmp_path / str(chunk) / "unpaid.parquet").sort(pl.all()))
        assert r.summary["count"].sum() == runs[-1].height
    assert runs[0].equals(runs[1])
    assert runs[0].height > 0


def test_two_processes_write_the_same_file_as_one(pop: Path, tmp_path: Path) -> None:
    """The chunks shared among two worker processes (alternate row groups, each its own part of the
    ledger): the same unpaid.parquet row for row, the same summary and counts as one process."""
    args = {"persons": pop / "persons.parquet", "enterprises": pop / "enterprises.parquet",
            "history": pop / "history.parquet", "as_of": AS_OF, "chunk_rows": 1_000}
    one = run_local(out=tmp_path / "one", workers=1, **args)
    seen: list[tuple[str, int]] = []
    two = run_local(out=tmp_path / "two", workers=2, on_chunk=lambda s, n: seen.append((s, n)), **args)
    a, b = (pl.read_parquet(tmp_path / d / "unpaid.parquet") for d in ("one", "two"))
    assert a.height > 0 and a.equals(b)
    persons = pl.read_parquet(pop / "persons.parquet", columns=["person.person_id"]).with_row_index("row")
    order = (a.filter(pl.col("subject_type") == "person")
             .join(persons, left_on="subject_id", right_on="person.person_id").get_column("row"))
    assert order.is_sorted()  # persons first, in the order of their table
    assert one.summary.equals(two.summary)
    assert one.subjects == two.subjects == {"person": 6_000, "enterprise": 800}
    assert sum(n for _, n in seen) == 6_800  # the other process's chunks reach the progress callback
    assert len(two.timings["processes"]) == 2 and all(p["person"]["rows"] > 0 for p in two.timings["processes"])
    assert not (tmp_path / "two" / ".parts").exists()


def test_match_chunk_matches_the_runner(pop: Path, tmp_path: Path) -> None:
    r = run_local(persons=pop / "persons.parquet", enterprises=None, history=pop / "history.parquet",
                  as_of=AS_OF, out=tmp_path)
    plan = make_plan(Subject.PERSON)
    frame = pl.read_parquet(pop / "persons.parquet")
    one = match_chunk(frame, plan, Context.make(AS_OF), pl.read_parquet(pop / "history.parquet"))
    assert one.sort(pl.all()).equals(pl.read_parquet(tmp_path / "unpaid.parquet").sort(pl.all()))
    assert r.subjects == {"person": 6_000}


def test_no_history_means_nothing_paid(pop: Path, tmp_path: Path) -> None:
    with_h = run_local(persons=pop / "persons.parquet", enterprises=None, history=pop / "history.parquet",
                       as_of=AS_OF, out=tmp_path / "h")
    without = run_local(persons=pop / "persons.parquet", enterprises=None, history=None, as_of=AS_OF, out=tmp_path / "n")
    assert without.rows > with_h.rows


def test_outputs_columns_and_summary(pop: Path, tmp_path: Path) -> None:
    r = run_local(persons=pop / "persons.parquet", enterprises=pop / "enterprises.parquet",
                  history=pop / "history.parquet", as_of=AS_OF, out=tmp_path)
    unpaid = pl.read_parquet(tmp_path / "unpaid.parquet")
    assert unpaid.filter(pl.col("subject_type") == "enterprise").height > 0
    assert unpaid["citation"].null_count() == 0 and unpaid["period"].null_count() == 0
    assert unpaid.select(pl.struct("subject_id", "provision_id").n_unique()).item() == unpaid.height
    d = detailed(r.summary)
    assert d["count"].sum() == unpaid.height
    assert d.filter(pl.col("county_code").is_not_null())["county_name"].null_count() == 0
    assert by_county(r.summary)["pairs"].sum() == unpaid.height


def test_cli_synth_then_match(tmp_path: Path) -> None:
    runner = CliRunner()
    res = runner.invoke(app, ["synth", "--persons", "3000", "--enterprises", "300", "--seed", "9",
                              "--out", str(tmp_path / "pop"), "--block-rows", "1000"])
    assert res.exit_code == 0, res.output
    res = runner.invoke(app, ["match", "--persons", str(tmp_path / "pop" / "persons.parquet"),
                              "--enterprises", str(tmp_path / "pop" / "enterprises.parquet"),
                              "--history", str(tmp_path / "pop" / "history.parquet"),
                              "--as-of", "2025-06-30", "--out", str(tmp_path / "m"), "--chunk-rows", "1000"])
    assert res.exit_code == 0, res.output
    assert "unpaid by county" in res.output
    for name in ("unpaid.parquet", "summary.csv", "summary.xlsx"):
        assert (tmp_path / "m" / name).exists()
    from openpyxl import load_workbook

    wb = load_workbook(tmp_path / "m" / "summary.xlsx", read_only=True)
    assert wb.sheetnames == ["按县和政策", "按县", "按政策", "说明"]


def test_cli_match_refuses_bad_input(tmp_path: Path) -> None:
    runner = CliRunner()
    res = runner.invoke(app, ["match", "--as-of", "2025-06-30", "--out", str(tmp_path)])
    assert res.exit_code == 2
    res = runner.invoke(app, ["match", "--persons", str(tmp_path / "missing.parquet"), "--as-of", "2025-06-30"])
    assert res.exit_code == 2 and "not found" in res.output
    res = runner.invoke(app, ["match", "--persons", str(tmp_path), "--as-of", "2025-13-40"])
    assert res.exit_code == 2


def test_groups_are_gated_before_buffering(pop: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A group's rows are narrowed by its gate (a row failing it is eligible for none of the group's
    provisions) before they are buffered; a stacking cluster with an ungated provision is its own group.
    The eligible pairs are the same as without gates, on fewer buffered rows."""
    from jiuye.matching import groups

    plan, ctx = make_plan(Subject.PERSON), Context.make(AS_OF)
    frame = pl.read_parquet(pop / "persons.parquet")
    hist = pl.read_parquet(pop / "history.parquet")

    def run() -> tuple[pl.DataFrame, groups.GroupMatcher, int]:
        m = groups.GroupMatcher(plan, ctx, hist, keep_paid=True, flush_rows=10**9)
        m.setup(frame.columns, frame.schema)
        assert m.groups is not None
        buffered = 0
        parts = m.add(frame)
        buffered = sum(g.rows for g in m.groups)
        parts += m.finish()
        return pl.concat(parts).sort(pl.all()), m, buffered

    gated, m, rows_gated = run()
    assert m.groups is not None
    assert any(g.gate is not None for g in m.groups) and any(g.gate is None for g in m.groups)
    for g in m.groups:  # a stacking group's members stay together, in one group
        for p in g.provisions:
            if p.stacking_group:
                assert all(q in g.provisions for q in plan.provisions if q.stacking_group == p.stacking_group)
    assert sorted(p.id for g in m.groups for p in g.provisions) == sorted(
        p.id for provs, _ in groups.eval_groups(plan, m.env) for p in provs)  # split, none lost or repeated
    monkeypatch.setattr(groups, "gate", lambda provisions, env, **options: None)
    ungated, m2, rows_all = run()
    assert m2.groups is not None and all(g.gate is None for g in m2.groups)
    assert gated.height > 0 and gated.equals(ungated)
    assert rows_gated < rows_all / 2, (rows_gated, rows_all)
