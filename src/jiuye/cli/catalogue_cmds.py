"""``jiuye catalogue``: the policy catalogue — coverage, literate HTML pages, ambiguity register, gaps."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def _coverage_table(rows) -> None:
    from rich.console import Console
    from rich.table import Table

    from ..rules.documents import DOCUMENTS

    table = Table(title="政策库覆盖 / catalogue coverage")
    for col, just in (("文件 / document", "left"), ("entries", "right"), ("computable", "right"),
                      ("encoded", "right"), ("tested", "right"), ("rules", "right"), ("rules tested", "right"),
                      ("targets", "right")):
        table.add_column(col, justify=just)
    totals = [0] * 7
    for r in rows:
        nums = (r.entries, r.computable, r.encoded, r.tested, r.provisions, r.provisions_tested, r.targets)
        totals = [a + b for a, b in zip(totals, nums, strict=True)]
        doc = DOCUMENTS.get(r.document)
        table.add_row(f"{doc.number if doc else r.document}\n[dim]{r.document}[/dim]", *map(str, nums))
    table.add_row("[b]合计 / total[/b]", *(f"[b]{n}[/b]" for n in totals))
    Console(width=None if Console().is_terminal else 140).print(table)


def register(app: typer.Typer) -> None:
    @app.command("catalogue")
    def catalogue_cmd(
        html: Annotated[Path | None, typer.Option("--html", help="写出逐条对照网页 / write the literate pages to DIR")] = None,
        show_coverage: Annotated[bool, typer.Option("--coverage", help="按文件统计覆盖 / coverage per document")] = False,
        ambiguities: Annotated[bool, typer.Option("--ambiguities", help="输出歧义登记 (markdown) / print the ambiguity register")] = False,
        gaps: Annotated[bool, typer.Option("--gaps", help="输出当前缺口 / print the current gaps (docs/coverage_gaps.txt format)")] = False,
        as_of: Annotated[str | None, typer.Option("--as-of", help="网页的评估日期 / as-of date for the pages (default today)")] = None,
    ) -> None:
        """政策库：条款目录、覆盖、逐条对照网页与歧义登记 / the policy catalogue."""
        from ..dates import parse_date

        if not (html or show_coverage or ambiguities or gaps):
            show_coverage = True
        if ambiguities:
            from ..catalogue.readings import render_markdown

            typer.echo(render_markdown(), nl=False)
        if gaps:
            from ..catalogue.coverage import current_gaps, format_gaps

            typer.echo(format_gaps(current_gaps()), nl=False)
        if show_coverage:
            from ..catalogue.coverage import coverage

            _coverage_table(coverage())
        if html:
            from ..ui.literate import render_site

            when = parse_date(as_of, field="as_of") if as_of else None
            paths = render_site(html, as_of=when)
            typer.echo(f"wrote {len(paths)} files to {html} (open {html / 'index.html'})", err=True)
