"""The matching summary: per county and provision, printed (Rich) and written to CSV and Excel.

Amounts are summed per period and never mixed: one-time amounts, monthly amounts (what is owed
for one month) and yearly amounts are separate columns. Loans (benefit_type ``loan``) are
counted apart: their amount is the loan ceiling, not money paid out.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import polars as pl
from rich.console import Console
from rich.table import Table

from ..catalogue.registry import CATALOGUE
from ..money import format_yuan
from ..refdata.divisions import divisions_frame

PERIOD_ZH = {"one_time": "一次性", "monthly": "每月", "yearly": "每年", "none": "—"}
READING = ("未兑付：资格为“可享受”（已按从优从高不重复和历史上限判断），且没有覆盖评估日的已发放记录"
           "（按月：评估日所在月；按年：评估日前12个月；一次性：任一记录，自带历史上限的政策除外）。 / "
           "Unpaid: eligible (after stacking and history caps) with no payment covering the as-of date "
           "(monthly: its month; yearly: the 12 months up to it; one-time: any record, except provisions "
           "whose own caps count earlier grants).")


PAYABLE = ("仍可支付合计：剩余期限内（已扣除已享受月数和本年度已支付金额，至文件有效期止）还可支付的总额，只计有期限的待遇；"
           "payable_unknown 为无期限或金额未定的人次。 / Still payable: the total over the remaining months (net of the "
           "ledger: months granted, this year's payments; to the document's end date), where a duration is set; "
           "payable_unknown counts open-ended or unknown amounts.")


def _names() -> pl.DataFrame:
    d = divisions_frame().filter(pl.col("current"))
    cities = d.filter(pl.col("level") == "city").select(pl.col("code").alias("city_code"), pl.col("name").alias("city_name"))
    return (d.filter(pl.col("level") == "county").select(pl.col("code").alias("county_code"),
                                                          pl.col("name").alias("county_name"), "city_code")
            .join(cities, on="city_code", how="left"))


def _titles() -> pl.DataFrame:
    ps = list(CATALOGUE)
    return pl.DataFrame({"provision_id": [p.id for p in ps], "title_zh": [p.title_zh for p in ps],
                         "title_en": [p.title_en for p in ps], "citation": [p.citation for p in ps]})


def detailed(summary: pl.DataFrame) -> pl.DataFrame:
    """County × provision rows with names, titles and yuan."""
    return (summary.join(_names(), on="county_code", how="left").join(_titles(), on="provision_id", how="left")
            .with_columns((pl.col("total_fen") / 100).round(2).alias("total_yuan"),
                          (pl.col("payable_fen") / 100).round(2).alias("payable_yuan"))
            .select("county_code", "county_name", "city_name", "subject_type", "provision_id", "title_zh", "citation",
                    "period", "benefit_type", "count", "total_fen", "total_yuan", "amount_unknown", "payable_fen",
                    "payable_yuan", "payable_unknown")
            .sort("county_code", "provision_id", nulls_last=True))


def _pivot_periods(df: pl.DataFrame, by: list[str]) -> pl.DataFrame:
    money = pl.col("benefit_type") != "loan"
    return df.group_by(by).agg(
        pl.col("count").sum().alias("pairs"),
        *[pl.col("total_fen").filter(money & (pl.col("period") == p)).sum().alias(f"{p}_fen")
          for p in ("one_time", "monthly", "yearly")],
        pl.col("count").filter(~money).sum().alias("loans"),
        pl.col("payable_fen").filter(money).sum().alias("payable_fen"),
    ).sort(by, nulls_last=True)


def by_county(summary: pl.DataFrame) -> pl.DataFrame:
    return _pivot_periods(summary, ["county_code"]).join(_names(), on="county_code", how="left").select(
        "county_code", "county_name", "city_name", "pairs", "one_time_fen", "monthly_fen", "yearly_fen", "loans",
        "payable_fen")


def by_provision(summary: pl.DataFrame) -> pl.DataFrame:
    return (summary.group_by("provision_id", "period", "benefit_type")
            .agg(pl.col("count", "total_fen", "amount_unknown", "payable_fen", "payable_unknown").sum())
            .join(_titles(), on="provision_id", how="left").sort("provision_id"))


def write_csv(summary: pl.DataFrame, path: Path) -> None:
    detailed(summary).write_csv(path)


def write_excel(summary: pl.DataFrame, path: Path, *, as_of: date, extra: dict[str, Any] | None = None) -> None:
    """Four sheets: county × provision, per county, per provision, and how to read them. Written in
    openpyxl's write-only mode (rows streamed to the file: a whole-catalogue summary in a third of
    the time), each sheet's header bold and frozen, its columns as wide as their first 200 values."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    wb = Workbook(write_only=True)
    bold = Font(bold=True)
    for title, df in [("按县和政策", detailed(summary)), ("按县", by_county(summary)), ("按政策", by_provision(summary))]:
        ws = wb.create_sheet(title)
        ws.freeze_panes = "A2"
        head = df.head(199)  # (with the header, the first 200 cells of each column)
        for i, name in enumerate(df.columns, start=1):
            width = max([len(name), *(len(str(v)) for v in head.get_column(name).to_list() if v is not None)])
            ws.column_dimensions[get_column_letter(i)].width = min(max(10, width + 2), 60)
        header = []
        for name in df.columns:
            cell = WriteOnlyCell(ws, value=name)
            cell.font = bold
            header.append(cell)
        ws.append(header)
        for row in df.iter_rows():
            ws.append(list(row))
    about = wb.create_sheet("说明")
    about.column_dimensions["A"].width, about.column_dimensions["B"].width = 24, 120
    for k, v in [("评估日期 / as of", as_of.isoformat()), ("口径 / reading", READING),
                 ("金额 / amounts", "分（fen）；按周期分列，不相加 / fen, per period, never added across periods"),
                 ("仍可支付 / still payable", PAYABLE),
                 *[(k, str(v)) for k, v in (extra or {}).items()]]:
        about.append([k, v])
    wb.save(path)


def print_summary(summary: pl.DataFrame, console: Console, *, title: str = "") -> None:
    table = Table(title=title or "未兑付汇总（按县）/ unpaid by county", show_footer=True)
    per = by_county(summary)
    cols = [("县（市、区）/ county", "county_name"), ("人次 / pairs", "pairs"), ("一次性 / one-time", "one_time_fen"),
            ("每月 / per month", "monthly_fen"), ("每年 / per year", "yearly_fen"), ("贷款 / loans", "loans")]
    totals = per.select(pl.col("pairs", "one_time_fen", "monthly_fen", "yearly_fen", "loans", "payable_fen").sum()
                        ).row(0, named=True)
    for head, c in cols:
        foot = "合计 / total" if c == "county_name" else (format_yuan(totals[c]) if c.endswith("_fen") else f"{totals[c]:,}")
        table.add_column(head, footer=foot, justify="left" if c == "county_name" else "right")
    for r in per.iter_rows(named=True):
        name = f"{r['city_name'] or ''}{r['county_name'] or r['county_code'] or '（未知 / unknown）'}"
        table.add_row(name, f"{r['pairs']:,}", *[format_yuan(r[c]) for c in ("one_time_fen", "monthly_fen", "yearly_fen")],
                      f"{r['loans']:,}")
    console.print(table)
    pt = Table(title="按政策 / by provision")
    for head in ("政策 / provision", "周期", "人次 / pairs", "金额合计 / total"):
        pt.add_column(head, justify="left" if head.startswith("政策") else "right")
    for r in by_provision(summary).iter_rows(named=True):
        pt.add_row(f"{r['title_zh'] or ''}\n[dim]{r['provision_id']}[/dim]", PERIOD_ZH.get(r["period"], r["period"]),
                   f"{r['count']:,}", "（贷款额度）" if r["benefit_type"] == "loan"
                   else "—（无金额 / no amount）" if r["amount_unknown"] == r["count"] else format_yuan(r["total_fen"]))
    console.print(pt)
    console.print(f"仍可支付合计（剩余期限内，已扣除已享受）/ still payable over the remaining months: "
                  f"{format_yuan(totals['payable_fen'])}")
