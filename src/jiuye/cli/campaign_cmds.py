"""``jiuye campaign run``: a 免申即享 campaign from the terminal, over the subjects the database
knows in a county or an imported roster (Parquet/Excel), with a progress bar for large runs."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

console = Console()
campaign_app = typer.Typer(help="免申即享 / benefits without an application", no_args_is_help=True)
STAGES = {"evaluate": "比对名单 / evaluating", "save": "写入拟发放名单 / saving proposals"}


@campaign_app.command("run")
def run_cmd(
    user: Annotated[str, typer.Option("--user", "-u", help="以该经办人身份发起 / act as this caseworker (username)")],
    roster: Annotated[Path | None, typer.Option(help="名单文件 / roster (.parquet or .xlsx)")] = None,
    county: Annotated[str | None, typer.Option(help="县（市、区）代码，默认经办人所在县 / county code")] = None,
    as_of: Annotated[str | None, typer.Option(help="评估日期 / as of YYYY-MM-DD")] = None,
    provision: Annotated[list[str] | None, typer.Option(help="条款，可多次 / provision id (repeatable)")] = None,
    seed: Annotated[int | None, typer.Option(help="抽查随机种子 / sample seed")] = None,
) -> None:
    """发起免申即享批次 / run a campaign: proposals for review, nothing pushed yet."""
    from ..accounts import service as accounts
    from ..campaigns import service
    from ..campaigns.roster import read_roster
    from ..db.core import session_factory
    from ..errors import JiuyeError
    from ..localstd import service as localstd

    session = session_factory()()
    try:
        u = accounts.get_by_username(db_session=session, username=user)
        if u is None:
            console.print(f"没有用户 {user} / no user {user}", style="red", markup=False)
            raise typer.Exit(2)
        localstd.refresh_overlay(session)
        when = date.fromisoformat(as_of) if as_of else None
        with Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                      console=console) as bar:
            tasks: dict[str, int] = {}

            def progress(stage: str, done: int, total: int) -> None:
                if stage not in tasks:
                    tasks[stage] = bar.add_task(STAGES.get(stage, stage), total=total)
                bar.update(tasks[stage], completed=done, total=total)

            loaded = None
            if roster is not None:
                read = bar.add_task("读取名单 / reading the roster", total=1)
                loaded = read_roster(roster, roster.name, county or u.county_code or "")
                bar.update(read, completed=1)
            c = service.create(db_session=session, user=u, county_code=county, as_of=when, provisions=provision or None,
                               seed=seed, roster=loaded, progress=progress)
            session.commit()
        n = service.numbers(db_session=session, user=u, campaign_id=c.id)
    except (JiuyeError, ValueError) as exc:
        session.rollback()
        msg = getattr(exc, "message_zh", None) or str(exc)
        field = getattr(exc, "field", None)
        console.print(f"未能办理 / not done: {field + '：' if field else ''}{msg}", style="red", markup=False)
        raise typer.Exit(2) from None
    finally:
        session.close()
    count = sum(r["proposed_count"] for r in n)
    total = sum(r["proposed_fen"] for r in n)
    console.print(f"批次 {c.id}：比对 {c.subjects_evaluated:,} 个对象，拟发放 {count:,} 项，合计 {total / 100:,.2f} 元"
                  f"（此前已提出 {c.already_proposed:,} 项，不重复）/ campaign {c.id}: {count:,} proposals", markup=False)
    if c.roster_rejected:
        console.print(f"名单 {c.roster_rows:,} 行，{c.roster_rejected:,} 行未导入（校验不通过、重复或无法识别）",
                      markup=False)


def register(app: typer.Typer) -> None:
    app.add_typer(campaign_app, name="campaign")
