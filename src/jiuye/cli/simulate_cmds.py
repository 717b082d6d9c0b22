"""``jiuye simulate`` (政策仿真: what a reform costs, per county and year, against today's rules)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

console = Console()
err = Console(stderr=True)


def parse_years(text: str) -> list[int]:
    """``2024-2026``, ``2025`` or ``2024,2026``."""
    text = text.strip()
    m = re.fullmatch(r"(\d{4})\s*[-–~]\s*(\d{4})", text)
    if m:
        a, b = int(m[1]), int(m[2])
        if b < a or b - a > 20:
            raise ValueError(text)
        return list(range(a, b + 1))
    parts = [p.strip() for p in text.split(",") if p.strip()]
    if not parts or not all(re.fullmatch(r"\d{4}", p) for p in parts):
        raise ValueError(text)
    return sorted({int(p) for p in parts})


def parse_day(text: str) -> tuple[int, int]:
    from datetime import date

    m = re.fullmatch(r"(\d{1,2})-(\d{1,2})", text.strip())
    if not m:
        raise ValueError(text)
    month, day = int(m[1]), int(m[2])
    date(2023, month, day)  # a day every year has (not 29 February)
    return month, day


def _fail(zh: str, en: str) -> typer.Exit:
    err.print(f"错误 / error: {zh} / {en}", style="bold red", markup=False)
    return typer.Exit(2)


def print_tables(result, out_console: Console) -> None:
    from ..money import format_yuan
    from ..simulation.outputs import by_county, totals

    t = totals(result)
    table = Table(title=f"{result.reform.name} — 按年度 / by year (评估日 {t['evaluation_day']})")
    for head in ("年度 / year", "现行 / baseline", "改革后 / reform", "差额 / difference", "受益对象 现行→改革后 / beneficiaries"):
        table.add_column(head, justify="right")
    for y in [*t["by_year"], {**t, "year": "合计 / total"}]:
        table.add_row(str(y["year"]), format_yuan(y["baseline_fen"]), format_yuan(y["reform_fen"]),
                      _signed(y["difference_fen"]),
                      f"{y['baseline_beneficiaries']:,} → {y['reform_beneficiaries']:,}")
    out_console.print(table)
    county = by_county(result)
    changed = county.filter(pl_ne(county))
    if changed.height == 0:
        out_console.print("各县差额均为零 / no difference in any county")
    else:
        ct = Table(title="差额不为零的县 / counties where the cost changes")
        for head in ("年度", "县（市、区）/ county", "现行 / baseline", "改革后 / reform", "差额 / difference",
                     "受益对象 / beneficiaries"):
            ct.add_column(head, justify="left" if head.startswith("县") else "right")
        for r in changed.iter_rows(named=True):
            name = f"{r['city_name'] or ''}{r['county_name'] or '（地区未知 / unknown）'}"
            ct.add_row(str(r["year"]), name, format_yuan(r["baseline_cost_fen"]), format_yuan(r["reform_cost_fen"]),
                       _signed(r["difference_fen"]), f"{r['baseline_beneficiaries']:,} → {r['reform_beneficiaries']:,}")
        out_console.print(ct)
    out_console.print(f"受益增加 / winners {t['winners']:,}; 受益减少 / losers {t['losers']:,}; "
                      f"金额未知人次 / amounts not known: {t['baseline_amount_unknown']:,} → {t['reform_amount_unknown']:,}")


def pl_ne(county):
    import polars as pl

    return (pl.col("difference_fen") != 0) | (pl.col("difference_beneficiaries") != 0)


def _signed(fen: int) -> str:
    from ..money import format_yuan

    return ("+" if fen > 0 else "-" if fen < 0 else "±") + format_yuan(abs(fen))


def register(app: typer.Typer) -> None:
    @app.command("simulate")
    def simulate_cmd(
        reform: Annotated[Path, typer.Argument(help="改革方案 REFORM.yaml / .json")],
        population: Annotated[Path | None, typer.Option("--population", help="人口目录（jiuye synth 的输出）/ "
                                                        "folder with persons/enterprises/history.parquet")] = None,
        years: Annotated[str, typer.Option("--years", help="年度，如 2024-2026 / years")] = "2025",
        out: Annotated[Path, typer.Option("--out", help="输出目录 / output folder")] = Path("simulation"),
        as_json: Annotated[bool, typer.Option("--json", help="只输出合计（JSON，分）/ print the totals as JSON")] = False,
        engine: Annotated[str, typer.Option("--engine", help="local | spark")] = "local",
        day: Annotated[str, typer.Option("--day", help="每年的评估日 MM-DD / evaluation day each year")] = "06-30",
        chunk_rows: Annotated[int, typer.Option("--chunk-rows", min=1000, help="每块行数 / rows per chunk")] = 250_000,
        full: Annotated[bool, typer.Option("--full", help="改革方案全部重新计算（不复用现行结果）/ evaluate the "
                                           "reform in full")] = False,
        spark_master: Annotated[str | None, typer.Option("--spark-master", help="Spark master URL")] = None,
        spells: Annotated[Path | None, typer.Option("--spells", help="状态时段表（Parquet 或 CSV：subject_id、kind、"
                                                    "from、to），按条款规定的日期判断登记失业等状态及其时长；默认为人口目录中的 "
                                                    "spells.parquet / status spells (Parquet or CSV: subject_id = "
                                                    "the person's or enterprise's id, kind, from, to): statuses and "
                                                    "their durations judged on the clause's date; default: "
                                                    "spells.parquet in --population")] = None,
    ) -> None:
        """政策仿真：改革方案与现行规则的成本、受益对象对比 / cost of a reform against today's rules.

        --spells 给出状态时段（如登记失业起止日期）时，“登记失业半年以上”等按时段判断；未给出时按人口表中的简写字段。
        With --spells, conditions such as "registered unemployed for 6 months or more" are judged from
        the timelines; without, from the population's shorthand facts."""
        from ..errors import InputError
        from ..simulation.outputs import totals, write_outputs
        from ..simulation.reform import ReformInvalid, load_reform
        from ..simulation.runner import LocalEngine, Population, expected_rows, simulate

        try:
            spec = load_reform(reform)
        except ReformInvalid as exc:
            err.print(f"改革方案有误 / the reform has errors ({reform}):", style="bold red", markup=False)
            for p in exc.problems:
                err.print(f"  {p.field}: {p.message_zh} / {p.message_en}", markup=False)
            raise typer.Exit(2) from None
        try:
            year_list = parse_years(years)
        except ValueError:
            raise _fail(f"年度格式无效：{years}（如 2024-2026）", f"--years: invalid {years!r} (e.g. 2024-2026)") from None
        try:
            eval_day = parse_day(day)
        except ValueError:
            raise _fail(f"评估日格式无效：{day}（如 06-30）", f"--day: invalid {day!r} (e.g. 06-30)") from None
        if population is None:
            raise _fail("请用 --population 指定人口目录（jiuye synth 的输出）",
                        "--population is required: the folder written by jiuye synth")
        if not population.is_dir():
            raise _fail(f"找不到人口目录：{population}", f"--population: folder not found: {population}")
        pop = Population.from_dir(population, spells)
        if not pop.inputs():
            raise _fail("人口目录中没有 persons.parquet 或 enterprises.parquet",
                        "no persons.parquet or enterprises.parquet in --population")
        try:
            pop.spells_table()  # checked before any work: the file and the column named
        except InputError as exc:
            raise _fail(exc.message_zh, exc.message_en) from None
        if engine == "spark":
            from ..simulation.spark import SparkEngine

            runner = SparkEngine(pop, master=spark_master)
        elif engine == "local":
            runner = LocalEngine(pop, chunk_rows=chunk_rows)
        else:
            raise _fail(f"--engine 应为 local 或 spark：{engine}", f"unknown engine {engine!r}")
        total = expected_rows(spec, pop, year_list, reuse_baseline=not full)
        with Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
                      TimeElapsedColumn(), TimeRemainingColumn(), console=err, transient=as_json) as bar:
            task = bar.add_task("仿真 / simulate", total=total)

            def advance(label: str, n: int) -> None:
                bar.update(task, advance=n, description=label)
                if bar.tasks[0].completed > bar.tasks[0].total:
                    bar.update(task, total=bar.tasks[0].completed)

            result = simulate(spec, pop, year_list, engine=runner, day=eval_day, reuse_baseline=not full,
                              on_rows=advance)
        paths = write_outputs(result, out)
        if as_json:
            print(json.dumps(totals(result), ensure_ascii=False))
            return
        print_tables(result, console)
        console.print(f"{result.seconds:.1f}s → " + ", ".join(str(p) for p in paths.values()))
