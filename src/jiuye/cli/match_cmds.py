"""``jiuye synth`` (synthetic population) and ``jiuye match`` (政策找人: who is owed what)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Any

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

console = Console()
err = Console(stderr=True)


def _progress() -> Progress:
    return Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
                    TextColumn("{task.fields[rate]}"), TimeElapsedColumn(), TimeRemainingColumn(),
                    console=err, transient=False)


def _date(value: str, field: str) -> date:
    from ..dates import parse_date
    from ..errors import JiuyeError

    try:
        return parse_date(value, field=field)
    except JiuyeError as exc:
        err.print(f"错误 / error: {exc}", style="bold red", markup=False)
        raise typer.Exit(2) from None


def _existing(path: str | None, what: str) -> Path | None:
    """A local input file (checked), or None. URIs (hdfs://, s3a://) are for --engine spark."""
    if path is None or "://" in path:
        return None
    if not Path(path).exists():
        err.print(f"错误 / error: 找不到{what}文件 / {what} file not found: {path}", style="bold red", markup=False)
        raise typer.Exit(2)
    return Path(path)


def _check_tables(local: dict[str, Path | None]) -> None:
    """The subject tables can be read (Parquet or Arrow IPC): else an error naming the file, exit 2."""
    from ..errors import JiuyeError
    from ..matching.tables import SubjectTable

    for name in ("persons", "enterprises"):
        if local.get(name) is not None:
            try:
                SubjectTable(local[name], name)  # type: ignore[arg-type]
            except JiuyeError as exc:
                err.print(f"错误 / error: {exc}", style="bold red", markup=False)
                raise typer.Exit(2) from None


population_app = typer.Typer(help="人口表 / population tables", no_args_is_help=True)


@population_app.command("convert")
def convert_cmd(
    sources: Annotated[list[Path], typer.Argument(help="Parquet 表（persons.parquet enterprises.parquet ...）/ "
                                                   "Parquet tables")],
    out_dir: Annotated[Path | None, typer.Option("--out-dir", help="输出目录（默认：与源文件同目录）/ output "
                                                  "folder (default: beside each source)")] = None,
    batch_rows: Annotated[int, typer.Option("--batch-rows", min=1000, help="每批行数 / rows per record "
                                            "batch")] = 200_000,
) -> None:
    """一次性转换为 Arrow IPC 文件（不压缩），jiuye match 以内存映射读取、无需解码 / convert once to an
    uncompressed Arrow IPC file (NAME.arrow), which jiuye match reads memory-mapped without decoding."""
    from ..errors import JiuyeError
    from ..matching.tables import convert_to_arrow

    for src in sources:
        out = (out_dir or src.parent) / (src.stem + ".arrow")
        if out.resolve() == src.resolve():
            err.print(f"错误 / error: {src} 已是 Arrow 文件 / is already an Arrow file", style="bold red", markup=False)
            raise typer.Exit(2)
        try:
            if out_dir is not None:
                out_dir.mkdir(parents=True, exist_ok=True)
            rows = convert_to_arrow(src, out, batch_rows=batch_rows)
        except JiuyeError as exc:
            err.print(f"错误 / error: {exc}", style="bold red", markup=False)
            raise typer.Exit(2) from None
        console.print(f"已写入 / written {out}: {rows:,} 行 / rows")


def register(app: typer.Typer) -> None:
    app.add_typer(population_app, name="population")

    @app.command("synth")
    def synth_cmd(
        persons: Annotated[int, typer.Option("--persons", min=0, help="人数 / number of persons")] = 10_000,
        enterprises: Annotated[int, typer.Option("--enterprises", min=0, help="企业数 / number of businesses")] = 1_500,
        seed: Annotated[int, typer.Option("--seed", help="随机种子（同一种子同一结果）/ seed (same seed, same tables)")] = 1,
        out: Annotated[Path, typer.Option("--out", help="输出目录 / output folder")] = Path("population"),
        as_of: Annotated[str, typer.Option("--as-of", help="数据所描述的日期 / date the data describe")] = "2025-06-30",
        block_rows: Annotated[int, typer.Option("--block-rows", min=1000, help="每块行数 / rows per block")] = 200_000,
        history: Annotated[bool, typer.Option("--history/--no-history", help="生成已享受记录 / write benefit history")] = True,
        job_seekers: Annotated[int, typer.Option(
            "--job-seekers", min=0, help="零工市场求职者数（job_seekers.parquet）/ gig-market seekers")] = 0,
        job_postings: Annotated[int, typer.Option(
            "--job-postings", min=0, help="零工市场岗位数（job_postings.parquet）/ gig-market postings")] = 0,
    ) -> None:
        """生成合成人口（Parquet）/ write a synthetic population: persons, enterprises, history; and, with
        --job-seekers/--job-postings, seekers and postings of the gig market."""
        from ..population.synth import SynthConfig, write_population

        ref = _date(as_of, "as_of")
        counts: dict[str, int] = {}
        if persons or enterprises:
            cfg = SynthConfig(persons=persons, enterprises=enterprises, seed=seed, ref=ref, block_rows=block_rows,
                              history=history)
            with _progress() as bar:
                task = bar.add_task("合成 / synth", total=persons + enterprises, rate="")
                counts = write_population(cfg, out, on_block=lambda kind, n: bar.update(task, advance=n, rate=kind))
        if job_seekers or job_postings:
            from ..jobs.synth import write_jobs

            counts.update(write_jobs(out, job_seekers, job_postings, seed=seed, ref=ref))
        console.print(f"已写入 / written to {out}: " + ", ".join(f"{k} {v:,}" for k, v in counts.items()))

    @app.command("match")
    def match_cmd(
        as_of: Annotated[str, typer.Option("--as-of", help="评估日期 YYYY-MM-DD / evaluation date")],
        persons: Annotated[str | None, typer.Option("--persons", help="人员表 persons.parquet 或 .arrow（Arrow IPC，"
                                                    "见 jiuye population convert）/ or .arrow")] = None,
        enterprises: Annotated[str | None, typer.Option("--enterprises", help="企业表 enterprises.parquet 或 .arrow "
                                                        "/ or .arrow")] = None,
        history: Annotated[str | None, typer.Option("--history", help="已享受记录（台账）history.parquet: subject_id, "
                                                    "provision_id, granted_on, period_start, period_end, amount_fen")] = None,
        spells: Annotated[str | None, typer.Option("--spells", help="状态时段表 spells.parquet: subject_id, kind, from, "
                                                   "to (+ route, employer, county, insured_from, insured_to, post)")] = None,
        database: Annotated[bool, typer.Option("--database", help="从申请数据库读取已享受记录 / history from the "
                                               "applications database (DATABASE_URL)")] = False,
        out: Annotated[Path, typer.Option("--out", help="输出目录 / output folder")] = Path("match"),
        engine: Annotated[str, typer.Option("--engine", help="local | spark")] = "local",
        chunk_rows: Annotated[int, typer.Option("--chunk-rows", min=1000, help="每块行数 / rows per chunk")] = 250_000,
        all_kinds: Annotated[bool, typer.Option("--all-kinds", help="也列出认定、放宽等非补贴条款 / also list "
                                                "definitions, relaxations and checks")] = False,
        workers: Annotated[int | None, typer.Option("--workers", min=1, help="本地进程数（默认：200万行起为2）/ local "
                                                    "worker processes (default: 2 from two million rows)")] = None,
        spark_master: Annotated[str | None, typer.Option("--spark-master", help="Spark master URL (default local[*] "
                                                         "or spark-submit's)")] = None,
    ) -> None:
        """政策找人：列出符合条件但尚未兑付的对象 / list who qualifies but has not been paid."""
        from ..matching.report import print_summary, write_csv, write_excel
        from ..matching.run import run_local, total_rows

        when = _date(as_of, "as_of")
        if persons is None and enterprises is None:
            err.print("错误 / error: 需要 --persons 或 --enterprises / give --persons and/or --enterprises", style="bold red")
            raise typer.Exit(2)
        if history is not None and database:
            err.print("错误 / error: --history 与 --database 只能选一个 / choose --history or --database", style="bold red")
            raise typer.Exit(2)
        local = {name: _existing(v, what) for name, v, what in (
            ("persons", persons, "人员 / persons"), ("enterprises", enterprises, "企业 / enterprises"),
            ("history", history, "记录 / history"), ("spells", spells, "状态时段 / spells"))}
        _check_tables(local)
        keys = None
        hist: Any = history
        status: Any = spells  # a URI (hdfs://, s3a://) goes to Spark as given; a local file is checked here
        if local["spells"] is not None:
            from ..errors import JiuyeError
            from ..matching.match import load_spells

            try:
                status = load_spells(local["spells"])
            except JiuyeError as exc:
                err.print(f"错误 / error: {exc}", style="bold red", markup=False)
                raise typer.Exit(2) from None
        if database:
            from ..matching.db_history import HISTORY_KEYS, history_from_database

            hist, keys = history_from_database(), HISTORY_KEYS  # type: ignore[assignment]
        if engine == "spark":
            from ..matching.spark import run_spark

            result = run_spark(persons=persons, enterprises=enterprises, history=hist, as_of=when, out=out,
                               all_kinds=all_kinds, master=spark_master, history_keys=keys, spells=status)
        elif engine == "local":
            if any(v is not None and local[k] is None for k, v in (("persons", persons), ("enterprises", enterprises))):
                err.print("错误 / error: 本地引擎只读本地文件 / the local engine reads local files only", style="bold red")
                raise typer.Exit(2)
            if not database:
                hist = local["history"]
            with _progress() as bar:
                task = bar.add_task("匹配 / match", total=total_rows(local["persons"], local["enterprises"]), rate="")

                def advance(subject: str, n: int) -> None:
                    done = bar.tasks[0].completed + n
                    secs = max(bar.tasks[0].elapsed or 1e-9, 1e-9)
                    bar.update(task, advance=n, rate=f"{subject} {done / secs:,.0f}/s")

                result = run_local(persons=local["persons"], enterprises=local["enterprises"], history=hist,
                                   as_of=when, out=out, chunk_rows=chunk_rows, all_kinds=all_kinds,
                                   history_keys=keys, spells=status, on_chunk=advance, workers=workers)
        else:
            err.print(f"错误 / error: --engine 应为 local 或 spark / unknown engine {engine!r}", style="bold red")
            raise typer.Exit(2)
        write_csv(result.summary, out / "summary.csv")
        write_excel(result.summary, out / "summary.xlsx", as_of=when,
                    extra={"engine": engine, "subjects": result.subjects, "rows": result.rows,
                           "seconds": round(result.seconds, 2)})
        print_summary(result.summary, console, title=f"未兑付汇总（按县）/ unpaid by county — as of {when}")
        subjects = ", ".join(f"{k} {v:,}" for k, v in result.subjects.items())
        console.print(f"{subjects}; {result.rows:,} 条未兑付 / unpaid rows; {result.seconds:.1f}s → "
                      f"{out / 'unpaid.parquet'}, {out / 'summary.csv'}, {out / 'summary.xlsx'}")
