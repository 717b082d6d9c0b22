"""``jiuye eval``, ``jiuye explain`` and ``jiuye demo``: evaluate case files from the terminal."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table
from rich.tree import Tree

from ..dates import parse_date
from ..errors import JiuyeError
from ..money import fen_to_yuan, format_yuan

console = Console(width=None if Console().is_terminal else 140)
err = Console(stderr=True)

OUTCOME_STYLE = {"eligible": "green", "not_eligible": "red", "unknown": "yellow", "superseded": "magenta"}


def load_case_file(path: Path) -> dict[str, Any]:
    from ..errors import InputError

    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError("file", f"找不到文件 {path}", f"file not found: {path}") from None
    except json.JSONDecodeError as exc:
        raise InputError("file", f"JSON格式错误：第{exc.lineno}行", f"invalid JSON at line {exc.lineno}: {exc.msg}") from None
    if not isinstance(data, dict):
        raise InputError("file", "文件内容应为对象", "the file must hold a JSON object")
    return data


def _split(data: dict[str, Any]) -> tuple[dict[str, Any], date | None, str | None]:
    data = dict(data)
    as_of = data.pop("as_of", None)
    title = data.pop("title", None)
    data.pop("description", None)
    return data, (parse_date(as_of, field="as_of") if as_of else None), title


def _amount(r: Any) -> str:
    if r.outcome in ("not_eligible", "unknown") and r.amount_fen is None:
        return "—"
    if r.amount_fen is None:
        return "—" if r.provision.amount is None else "金额未知"
    prefix = "最高 " if r.provision.amount_kind == "up_to" else ""
    return f"{prefix}{format_yuan(r.amount_fen)}"


def _relevant(r: Any) -> bool:
    """For the short listing: the subject is inside the provision's jurisdiction."""
    return bool(r.conditions) and r.conditions[0].id == "jurisdiction" and r.conditions[0].value is True or (
        r.outcome in ("eligible", "superseded"))


def print_results(result: Any, *, title: str | None = None, show_all: bool = True) -> None:
    from ..engine.results import OUTCOME_LABELS

    shown = [r for r in result.results if show_all or _relevant(r)]
    table = Table(title=title or f"评估日期 / as of {result.as_of}", show_lines=True)
    table.add_column("政策 / provision", ratio=3)
    table.add_column("结果 / outcome", ratio=2)
    table.add_column("金额 / amount", ratio=2, justify="right")
    table.add_column("期限 / duration", ratio=1)
    for r in shown:
        zh, en = OUTCOME_LABELS[r.outcome]
        style = OUTCOME_STYLE[r.outcome]
        status = "" if r.status.value == "in_force" else f"\n[dim]{r.status.value}[/dim]"
        months = f"剩余{r.max_duration_months}个月" if r.max_duration_months else "—"
        if r.total_payable_fen is not None and r.outcome == "eligible" and r.provision.period.value != "one_time":
            months += f"\n[dim]尚可领取¥{fen_to_yuan(r.total_payable_fen)}[/dim]"
        table.add_row(f"{r.provision.title_zh}\n[dim]{r.provision.citation} · {r.provision.id}[/dim]",
                      f"[{style}]{zh}\n{en}[/{style}]{status}",
                      f"{_amount(r)}\n[dim]{r.provision.period.label_zh}[/dim]", months)
    console.print(table)
    printed_notes: set[str] = set()
    for r in shown:
        if r.outcome == "not_eligible":
            for c in r.failed:
                console.print(f"  ✗ {r.provision.id}: {c.label_zh} / {c.label_en} — 「{c.clause[:60]}」",
                              style="red", markup=False)
                if c.hint:
                    console.print(f"    → {c.hint['message_zh']} / {c.hint['message_en']}", style="cyan", markup=False)
        elif r.outcome == "unknown" and r.questions:
            qs = "；".join(q["question_zh"] for q in r.questions[:4]) + ("……" if len(r.questions) > 4 else "")
            console.print(f"  ? {r.provision.id}: {qs}", style="yellow", markup=False)
        elif r.outcome == "superseded":
            console.print(f"  ↷ {r.provision.id}: 从优从高不重复，由 {r.superseded_by} 替代 / superseded",
                          style="magenta", markup=False)
        for note in r.notes:
            if note not in printed_notes:
                printed_notes.add(note)
                console.print(f"  ! {note}", style="dim", markup=False)
        if r.amount_note:
            console.print(f"  ! {r.provision.id}: {r.amount_note}", style="dim", markup=False)
    if not show_all and len(shown) < len(result.results):
        console.print(f"  ({len(result.results) - len(shown)} 条政策不适用于本地区或信息不足，未列出 / "
                      "provisions outside this place or needing the place are not listed; use `jiuye eval`)",
                      style="dim", markup=False)
    for w in result.warnings:
        console.print(f"警告 / warning: {w}", style="yellow", markup=False)


def _remaining_line(r: Any) -> str:
    months = "—" if r.remaining_months is None else f"{r.remaining_months}个月"
    total = "未知 / not known" if r.total_payable_fen is None else f"¥{fen_to_yuan(r.total_payable_fen)}"
    return (f"[bold]剩余期限 / months remaining: {months}；尚可领取合计 / total still payable: {total}[/bold]"
            " [dim](至文件有效期截止 / up to the document's end date)[/dim]")


def _trace_tree(node: dict[str, Any], tree: Tree) -> None:
    for child in node.get("children", []):
        label = f"{child['name']} = {child['value']!r}"
        for p in child.get("parameters", []):
            label += f"  [dim]({p['name']}={p.get('value')!r}; {str(p.get('source', ''))[:50]})[/dim]"
        _trace_tree(child, tree.add(label))


def fail(exc: JiuyeError) -> None:
    err.print(f"错误 / error: {exc}", style="bold red", markup=False)
    raise typer.Exit(2)


def register(app: typer.Typer) -> None:
    @app.command("eval")
    def eval_cmd(
        file: Annotated[Path, typer.Argument(help="案例 JSON 文件 / case file (person, enterprise, history)")],
        as_of: Annotated[str | None, typer.Option("--as-of", help="评估日期 YYYY-MM-DD / evaluation date")] = None,
        as_json: Annotated[bool, typer.Option("--json", help="输出 JSON / print JSON")] = False,
    ) -> None:
        """按评估日期计算每条政策的结果 / evaluate every provision for a case as of a date."""
        from ..catalogue.registry import evaluate_case

        try:
            data, file_as_of, title = _split(load_case_file(file))
            when = parse_date(as_of, field="as_of") if as_of else file_as_of
            if when is None:
                from ..errors import InputError

                raise InputError("as_of", "缺少评估日期（--as-of）", "an as-of date is required (--as-of)")
            result = evaluate_case(data, when, explain=as_json)
        except JiuyeError as exc:
            fail(exc)
            return
        if as_json:
            console.print_json(json.dumps(result.to_dict(), ensure_ascii=False))
        else:
            print_results(result, title=title)

    @app.command("explain")
    def explain_cmd(
        file: Annotated[Path, typer.Argument(help="案例 JSON 文件 / case file")],
        provision_id: Annotated[str, typer.Argument(help="政策编号 / provision id, e.g. zj_2022_46.art24")],
        as_of: Annotated[str | None, typer.Option("--as-of", help="评估日期 YYYY-MM-DD")] = None,
    ) -> None:
        """打印一条政策的解释树 / print the explanation tree of one provision."""
        from ..catalogue.registry import evaluate_case, get_provision

        try:
            data, file_as_of, _ = _split(load_case_file(file))
            when = parse_date(as_of, field="as_of") if as_of else file_as_of
            if when is None:
                from ..errors import InputError

                raise InputError("as_of", "缺少评估日期（--as-of）", "an as-of date is required (--as-of)")
            p = get_provision(provision_id)
            result = evaluate_case(data, when, provisions=[p])
            r = result[provision_id]
        except JiuyeError as exc:
            fail(exc)
            return
        from ..engine.results import OUTCOME_LABELS

        zh, en = OUTCOME_LABELS[r.outcome]
        root = Tree(f"[bold]{p.title_zh}[/bold] / {p.title_en}\n{p.citation} — {zh} / {en}, {_amount(r)}"
                    f" (as of {when}, {r.status.value})")
        for c in r.conditions:
            mark = {True: "✓", False: "✗", None: "?"}[c.value]
            branch = root.add(f"{mark} {c.label_zh} / {c.label_en}  [dim]「{c.clause[:80]}」[/dim]")
            if c.trace is not None:
                _trace_tree({"children": [c.trace.to_dict()]}, branch)
            if c.hint:
                branch.add(f"[cyan]→ {c.hint['message_zh']}[/cyan]")
        if r.amount_trace is not None:
            _trace_tree({"children": [r.amount_trace.to_dict()]}, root.add("金额 / amount"))
        if r.remaining_months is not None or r.total_payable_fen is not None:
            left = root.add(_remaining_line(r))
            for period in r.schedule[:12]:
                left.add(f"{period['from']} – {period['to']}：¥{fen_to_yuan(period['amount_fen'])}")
            if len(r.schedule) > 12:
                left.add(f"……（共{len(r.schedule)}期 / {len(r.schedule)} periods）")
        for q in r.questions:
            root.add(f"[yellow]? {q['question_zh']} / {q['question_en']}[/yellow]")
        console.print(root)

    @app.command("demo")
    def demo_cmd(
        examples: Annotated[Path, typer.Option(help="示例目录 / folder of example cases")] = Path("examples"),
    ) -> None:
        """评估自带示例并打印结果 / evaluate the bundled example cases."""
        from ..catalogue.registry import evaluate_case

        files = sorted(examples.glob("*.json"))
        if not files:
            err.print(f"no example cases in {examples}")
            raise typer.Exit(1)
        for f in files:
            data, when, title = _split(load_case_file(f))
            result = evaluate_case(data, when or date.today())
            console.rule(f"[bold]{title or f.stem}[/bold]  ({f.name})")
            print_results(result, title=f"评估日期 / as of {result.as_of}", show_all=False)
