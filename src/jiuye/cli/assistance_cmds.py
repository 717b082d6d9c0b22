"""``jiuye assistance watch`` (the daily 动态清零 job) and ``jiuye assistance synth`` (a generated register)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

console = Console()
assistance_app = typer.Typer(help="重点群体就业帮扶 / key-group assistance", no_args_is_help=True)


def _today(value: str | None) -> date:
    from ..dates import parse_date

    return parse_date(value, field="today") if value else date.today()


@assistance_app.command("watch")
def watch_cmd(today: Annotated[str | None, typer.Option(help="按此日期计算 / as of (YYYY-MM-DD)")] = None) -> None:
    """重算动态清零名单（每日）/ recompute the 动态清零 watch list (daily job) and print the counts."""
    from ..assistance import watch
    from ..audit import service as audit
    from ..db.core import get_engine, session_factory
    from ..db.migrate import upgrade

    as_of = _today(today)
    upgrade(get_engine())
    with session_factory()() as session:
        n = watch.refresh_all(session, as_of)
        audit.record(session, actor=audit.SystemActor("assistance-watch"), action="assistance.watch_refreshed",
                     object_type="watch_list", details={"as_of": as_of, "on_watch": n})
        session.commit()
        rows = watch.county_summaries(session, None, today=as_of)
    table = Table(title=f"动态清零名单 {as_of.isoformat()} / watch list")
    for col in ("县（市、区）", "台账人数", "在名单", "已超3个月"):
        table.add_column(col)
    for r in rows:
        if r.on_watch or r.people:
            table.add_row(r.county_name, str(r.people), str(r.on_watch), str(r.overdue))
    console.print(table)
    console.print(f"在名单共 {n} 人 / {n} people on the watch list", markup=False)


@assistance_app.command("synth")
def synth_cmd(people: Annotated[int, typer.Option(help="生成人数 / people to generate")] = 10_000,
              today: Annotated[str | None, typer.Option(help="按此日期生成 / as of (YYYY-MM-DD)")] = None,
              seed: Annotated[int, typer.Option(help="随机种子 / seed")] = 14) -> None:
    """生成合成的重点群体台账（测试与压测用）/ append a generated register (for scale tests) to DATABASE_URL."""
    from ..assistance.synth import generate
    from ..db.core import get_engine
    from ..db.migrate import upgrade

    if people < 1 or people > 5_000_000:
        console.print("人数应在 1 至 5,000,000 之间 / people: 1 to 5,000,000", style="red", markup=False)
        raise typer.Exit(2)
    engine = get_engine()
    upgrade(engine)
    c = generate(engine, people, today=_today(today), seed=seed)
    console.print(f"已生成 {c.people} 人、{c.group_spells} 段群体记录、{c.services} 次服务、{c.employment} 段就业；"
                  f"在名单 {c.on_watch} 人（写入 {c.seconds_load:.1f}s，名单重算 {c.seconds_watch_job:.1f}s） / "
                  f"generated {c.people} people", markup=False)


def register(app: typer.Typer) -> None:
    app.add_typer(assistance_app, name="assistance")
