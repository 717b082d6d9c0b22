"""``jiuye targets report``: the monthly or quarterly targets report as Excel (as on the web)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

console = Console()
targets_app = typer.Typer(help="指标分解与完成情况 / targets and their completion", no_args_is_help=True)


@targets_app.command("report")
def report_cmd(
    period: Annotated[str, typer.Option(help="报告期：2023-Q3（季报）或 2023-07（月报）/ quarter or month")],
    city: Annotated[str, typer.Option(help="设区市代码 / the city, e.g. 330600")] = "330600",
    out: Annotated[Path | None, typer.Option(help="输出文件 / output file (default: targets-<city>-<period>.xlsx)")] = None,
) -> None:
    """写出目标完成情况报表（万元，舍位平衡）/ write the targets report (万元, balanced rounding)."""
    from ..db.core import get_engine, session_factory
    from ..db.migrate import upgrade
    from ..errors import InputError
    from ..targets import report
    from ..targets.plans import plans

    found = [p for p in plans().values() if p.jurisdiction == city]
    if not found:
        console.print(f"没有 {city} 的目标计划 / no target plan for {city}", style="red", markup=False)
        raise typer.Exit(2)
    try:
        when = report.parse_period(period)
        upgrade(get_engine())
        with session_factory()() as session:
            rep = report.build(session, found[0], found[0].jurisdictions, when)
    except InputError as exc:
        console.print(f"{exc.message_zh} / {exc.message_en}", style="red", markup=False)
        raise typer.Exit(2) from None
    path = out or Path(report.filename(rep))
    path.write_bytes(report.workbook(rep))
    console.print(f"{rep.title} → {path}", markup=False)


def register(app: typer.Typer) -> None:
    app.add_typer(targets_app, name="targets")
