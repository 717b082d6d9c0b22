"""``jiuye db upgrade``, ``jiuye db seed-demo``, ``jiuye db replay``, ``jiuye audit verify`` and ``jiuye audit baseline``."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console

console = Console()
db_app = typer.Typer(help="数据库 / the database (DATABASE_URL)", no_args_is_help=True)
audit_app = typer.Typer(help="审计日志 / the audit log", no_args_is_help=True)


@db_app.command("upgrade")
def upgrade_cmd(revision: Annotated[str, typer.Argument(help="目标版本 / target revision")] = "head") -> None:
    """迁移数据库到最新结构 / migrate the database (alembic upgrade head)."""
    from ..db.core import get_engine
    from ..db.migrate import current_revision, upgrade

    engine = get_engine()
    upgrade(engine, revision)
    console.print(f"数据库已迁移 / database at revision {current_revision(engine)} ({engine.url.render_as_string()})",
                  markup=False)


@db_app.command("seed-demo")
def seed_demo_cmd() -> None:
    """写入演示用户与申请（仅空库）/ seed demo users and applications into an empty database."""
    from ..db.core import get_engine, session_factory
    from ..db.migrate import upgrade
    from ..demo import DEMO_PASSWORD, USERS, seed_demo

    upgrade(get_engine())
    with session_factory()() as session:
        if not seed_demo(session):
            console.print("已有用户，未写入 / users exist; nothing seeded", markup=False)
            raise typer.Exit(0)
    for username, role, name, *_ in USERS:
        console.print(f"  {username:12} {role:18} {name}", markup=False)
    console.print(f"密码 / password: {DEMO_PASSWORD}", markup=False)


@db_app.command("replay")
def replay_cmd(application_id: Annotated[int, typer.Argument(help="申请编号 / application id")]) -> None:
    """按存档输入重算一件申请的预审 / re-evaluate an application's stored input and compare."""
    import json

    from ..applications.models import Application
    from ..applications.precheck import replay
    from ..db.core import session_factory

    with session_factory()() as session:
        app = session.get(Application, application_id)
        if app is None:
            console.print(f"未找到申请 {application_id} / no application {application_id}", style="red", markup=False)
            raise typer.Exit(2)
        result = replay(app)
    console.print_json(json.dumps(result, ensure_ascii=False))
    raise typer.Exit(0 if result["reproduced"] else 1)


def _require_newest_schema() -> None:
    from alembic.script import ScriptDirectory

    from ..db.core import get_engine
    from ..db.migrate import alembic_config, current_revision

    now, newest = current_revision(get_engine()), ScriptDirectory.from_config(alembic_config()).get_current_head()
    if now != newest:
        console.print(f"数据库结构不是最新，请先运行 jiuye db upgrade / the database is at revision {now}, not {newest}: "
                      "run `jiuye db upgrade` first", style="bold red", markup=False)
        raise typer.Exit(2)


@audit_app.command("verify")
def verify_cmd(anchor: Annotated[bool, typer.Option(
        "--anchor/--no-anchor", help="核对并写入签名链头文件 / check and write the signed head file "
        "(JIUYE_AUDIT_HEADS, key JIUYE_AUDIT_KEY)")] = True,
        reanchor: Annotated[bool, typer.Option(
            "--reanchor", help="查明原因后，以当前数据库为新的签名基准（记入审计链）/ after investigating a problem "
            "with the signed heads, set those checks aside once and sign the database as it is now "
            "(recorded on the chain as audit.reanchored)")] = False,
        every: Annotated[float, typer.Option(
            "--every", min=0, help="每隔多少秒重复校验（0 = 只校验一次）/ repeat every N seconds (0 = once; for a "
            "container without cron); the exit code is then that of the last run")] = 0,
        as_json: Annotated[bool, typer.Option("--json", help="以JSON输出结果 / print the result as JSON")] = False) -> None:
    """校验审计哈希链并与业务数据核对 / verify the audit chains, reconcile payments, entitlements and
    decisions with them, check the earlier runs' signed heads and sign the current ones. Exit code 0
    when intact, 1 when a problem was found (for cron: ``*/15 * * * * jiuye audit verify``)."""
    import json
    import time

    from ..audit.anchor import Anchor
    from ..db.core import session_factory
    from ..oversight.verify import verify

    _require_newest_schema()
    while True:
        with session_factory()() as session:
            result = verify(session, anchor=Anchor.from_settings() if anchor else None, trigger="cli",
                            reanchor=reanchor)
        if as_json:
            print(json.dumps({"ok": result.ok, "events": result.checked, "chains": result.chains,
                              "broken_chain": result.chain, "broken_seq": result.broken_seq,
                              "problems": list(result.problems), "message": result.message()}, ensure_ascii=False))
        else:
            console.print(result.message(), style="green" if result.ok else "bold red", markup=False)
        if not every:
            break
        reanchor = False
        time.sleep(every)
    raise typer.Exit(0 if result.ok else 1)


@audit_app.command("baseline")
def baseline_cmd() -> None:
    """为变更前的核准记录基准（一次）/ record, once, the entitlement and schedule of approvals made
    before the approval event recorded them (application.baseline events), when the database
    reconciles; from then on verify checks their instalments, amounts and due dates."""
    from ..db.core import session_factory
    from ..errors import Conflict
    from ..oversight.reconcile import baseline

    _require_newest_schema()
    with session_factory()() as session:
        try:
            n = baseline(session)
        except Conflict as exc:
            console.print(f"{exc.message_zh} / {exc.message_en}", style="bold red", markup=False)
            raise typer.Exit(1) from None
        session.commit()
    console.print(f"已记录 {n} 项变更前核准的基准 / baseline recorded for {n} approval(s) made before the change",
                  markup=False)


def register(app: typer.Typer) -> None:
    app.add_typer(db_app, name="db")
    app.add_typer(audit_app, name="audit")
