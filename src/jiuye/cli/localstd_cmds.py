"""``jiuye params``: local standards (参数维护) from the terminal — the 待维护 list, the values,
propose / approve / reject as a named user, and Excel out and in."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

console = Console()
params_app = typer.Typer(help="参数维护 / local standards maintained by administrators", no_args_is_help=True)

UserOpt = Annotated[str, typer.Option("--user", "-u", help="以该用户身份办理 / act as this user (username)")]


def _session_and_user(username: str):
    from ..accounts import service as accounts
    from ..db.core import session_factory
    from ..localstd import service

    session = session_factory()()
    user = accounts.get_by_username(db_session=session, username=username)
    if user is None:
        session.close()
        console.print(f"没有用户 {username} / no user {username}", style="red", markup=False)
        raise typer.Exit(2)
    service.refresh_overlay(session)
    return session, user


def _fail(exc: Exception) -> None:
    msg = getattr(exc, "message_zh", None) or str(exc)
    field = getattr(exc, "field", None)
    console.print(f"未能办理 / not done: {field + '：' if field else ''}{msg}", style="red", markup=False)
    raise typer.Exit(2)


def _provisions(provs) -> str:
    """The provisions that need a value, one document's many provisions (a draft's date) in one phrase."""
    by_doc: dict[str, list] = {}
    for p in provs:
        by_doc.setdefault(p.document.id, []).append(p)
    return "；".join("；".join(sorted({p.citation for p in ps})) if len(ps) <= 3
                    else f"{ps[0].document.number}（{len(ps)}条）" for ps in by_doc.values())


@params_app.command("todo")
def todo_cmd(user: UserOpt, as_of: Annotated[str | None, typer.Option(help="日期 / as of YYYY-MM-DD")] = None) -> None:
    """待维护：在施行条款所需、尚无取值的参数及地区 / what provisions in force still need."""
    from ..errors import JiuyeError
    from ..localstd import todo
    from ..refdata.divisions import name_of

    session, u = _session_and_user(user)
    try:
        items = todo.todo(user=u, as_of=date.fromisoformat(as_of) if as_of else date.today())
    except (JiuyeError, ValueError) as exc:
        _fail(exc)
    finally:
        session.close()
    table = Table("参数 / parameter", "条款 / provision", "缺少取值的地区 / areas without a value")
    for m in items:
        places = "、".join(name_of(c) or c for c in m.jurisdictions[:6]) + ("等" if len(m.jurisdictions) > 6 else "")
        table.add_row(m.label_zh, _provisions(m.provisions),
                      f"{len(m.jurisdictions)}：{places}")
    console.print(table)
    console.print(f"共 {len(items)} 项 / {len(items)} parameters", markup=False)


@params_app.command("list")
def list_cmd(user: UserOpt, status: Annotated[str | None, typer.Option(help="proposed|approved|rejected")] = None) -> None:
    """本辖区的地方取值 / local values in the user's jurisdiction."""
    from ..errors import JiuyeError
    from ..localstd import service
    from ..localstd.models import STATUS_LABELS
    from ..params.store import PARAMETERS
    from ..refdata.divisions import name_of

    session, u = _session_and_user(user)
    try:
        rows = service.list_values(db_session=session, user=u, status=status)
    except JiuyeError as exc:
        _fail(exc)
    finally:
        session.close()
    table = Table("编号 / id", "参数 / parameter", "地区 / area", "取值 / value", "生效 / from", "依据 / source", "状态 / status")
    for lv in rows:
        label = PARAMETERS[lv.parameter].label_zh if lv.parameter in PARAMETERS else lv.parameter
        table.add_row(str(lv.id), label, name_of(lv.jurisdiction) or lv.jurisdiction, lv.value,
                      lv.valid_from.isoformat(), lv.source_text, STATUS_LABELS[lv.status][0])
    console.print(table)


@params_app.command("propose")
def propose_cmd(user: UserOpt, parameter: Annotated[str, typer.Option(help="参数 / parameter name")],
                jurisdiction: Annotated[str, typer.Option(help="市或县区划代码 / city or county code")],
                value: Annotated[str, typer.Option(help="取值，如 1500元，日期如 2027-01-01 / value, e.g. 1500, or a date")],
                valid_from: Annotated[str, typer.Option("--from", help="生效日期 / effective date")],
                document: Annotated[str, typer.Option(help="文件文号 / document number")],
                issuer: Annotated[str, typer.Option(help="发文单位 / issuer")],
                issued_on: Annotated[str, typer.Option(help="发文日期 / date issued")],
                reason: Annotated[str, typer.Option(help="设定理由 / reason")],
                url: Annotated[str | None, typer.Option(help="文件网址 / URL")] = None) -> None:
    """提出一项地方取值 / propose a local value (a second administrator approves it)."""
    from ..errors import JiuyeError
    from ..localstd import service

    session, u = _session_and_user(user)
    try:
        lv = service.propose(db_session=session, user=u, parameter=parameter, jurisdiction=jurisdiction, value=value,
                             valid_from=valid_from, source_document=document, source_issuer=issuer,
                             source_date=issued_on, source_url=url, reason=reason)
    except JiuyeError as exc:
        _fail(exc)
    finally:
        session.close()
    console.print(f"已提交，编号 {lv.id}，待另一位管理员审核 / proposed as {lv.id}", markup=False)


def _decide(user: str, value_id: int, reason: str | None, approve: bool) -> None:
    from ..errors import JiuyeError
    from ..localstd import service

    session, u = _session_and_user(user)
    try:
        fn = service.approve if approve else service.reject
        lv = fn(db_session=session, user=u, value_id=value_id, reason=reason)
    except JiuyeError as exc:
        _fail(exc)
    finally:
        session.close()
    console.print(f"{'已通过' if approve else '已退回'} {lv.id} / {lv.status}", markup=False)


@params_app.command("approve")
def approve_cmd(user: UserOpt, value_id: Annotated[int, typer.Argument(help="编号 / id")]) -> None:
    """审核通过（提出人不能审核自己的取值）/ approve (never the proposer)."""
    _decide(user, value_id, None, True)


@params_app.command("reject")
def reject_cmd(user: UserOpt, value_id: Annotated[int, typer.Argument(help="编号 / id")],
               reason: Annotated[str, typer.Option(help="退回理由 / reason")]) -> None:
    """退回 / reject with a reason."""
    _decide(user, value_id, reason, False)


@params_app.command("export")
def export_cmd(user: UserOpt, parameter: Annotated[str, typer.Option(help="参数 / parameter name")],
               out: Annotated[Path, typer.Option(help="输出文件 / output .xlsx")],
               as_of: Annotated[str | None, typer.Option(help="日期 / as of")] = None) -> None:
    """导出参数表（本辖区各地区）/ export a parameter table for the user's areas."""
    from ..errors import JiuyeError
    from ..localstd import excel

    session, u = _session_and_user(user)
    try:
        data = excel.export_table(user=u, parameter=parameter, as_of=date.fromisoformat(as_of) if as_of else date.today())
    except (JiuyeError, ValueError) as exc:
        _fail(exc)
    finally:
        session.close()
    out.write_bytes(data)
    console.print(f"已写入 / written: {out}", markup=False)


@params_app.command("import")
def import_cmd(user: UserOpt, parameter: Annotated[str, typer.Option(help="参数 / parameter name")],
               file: Annotated[Path, typer.Argument(help="Excel 文件 / .xlsx file", exists=True, dir_okay=False)]) -> None:
    """导入参数表：每行新取值生成一项待审核取值；有误则全部不导入 / import: all rows or none."""
    from ..errors import JiuyeError
    from ..localstd import excel

    session, u = _session_and_user(user)
    try:
        ids = excel.import_table(db_session=session, user=u, parameter=parameter, data=file.read_bytes(),
                                 today=date.today())
    except excel.ImportRejected as exc:
        for e in exc.errors:
            console.print(e.text(), style="red", markup=False)
        console.print("文件中的内容均未导入 / nothing imported", style="red", markup=False)
        raise typer.Exit(2) from None
    except JiuyeError as exc:
        _fail(exc)
    finally:
        session.close()
    console.print(f"已导入 {len(ids)} 项待审核取值 / {len(ids)} proposals", markup=False)


def register(app: typer.Typer) -> None:
    app.add_typer(params_app, name="params")
