"""The simulation workbook: overview, the reform in words, by county, by county and provision,
winners and losers, and how to read it. Money in 元 (exact: from integer fen)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl

from ..money import fen_to_yuan
from .counting import READING_ZH
from .describe import changes, why_changed
from .reform import compile_reform
from .runner import SimulationResult, evaluation_day

SUBJECT_ZH = {"person": "个人", "enterprise": "企业"}
PERIOD_ZH = {"one_time": "一次性", "monthly": "按月", "yearly": "按年", "none": "—"}
MONEY_FMT = "#,##0.00"


def _yuan(v: Any) -> Any:
    return None if v is None else fen_to_yuan(int(v))


def _sheet(wb: Any, title: str, head: list[str], rows: list[list[Any]], money_cols: set[int], first: bool = False):
    from openpyxl.styles import Font

    ws = wb.active if first else wb.create_sheet()
    ws.title = title
    ws.append(head)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for r in rows:
        ws.append(r)
    for i in money_cols:
        for row in ws.iter_rows(min_row=2, min_col=i + 1, max_col=i + 1):
            for cell in row:
                cell.number_format = MONEY_FMT
    ws.freeze_panes = "A2"
    for col in ws.columns:
        width = max(len(str(c.value or "")) for c in col[:200])
        ws.column_dimensions[col[0].column_letter].width = min(max(10, width + 2), 60)
    return ws


def write_excel(result: SimulationResult, path: Path, *, detail: pl.DataFrame, county: pl.DataFrame,
                totals: dict[str, Any], winners_losers: pl.DataFrame) -> None:
    """The workbook of a run; ``detail``, ``county``, ``totals`` and ``winners_losers`` are the
    figures :mod:`.outputs` computed (written beside it as CSV, Parquet and JSON)."""
    from openpyxl import Workbook

    compiled = compile_reform(result.reform)
    t = totals
    wb = Workbook()
    head = ["年度", "现行规则成本（元）", "改革后成本（元）", "差额（元）", "现行受益对象", "改革后受益对象", "受益对象变化"]
    rows = [[y["year"], _yuan(y["baseline_fen"]), _yuan(y["reform_fen"]), _yuan(y["difference_fen"]),
             y["baseline_beneficiaries"], y["reform_beneficiaries"], y["difference_beneficiaries"]] for y in t["by_year"]]
    rows.append(["合计", _yuan(t["baseline_fen"]), _yuan(t["reform_fen"]), _yuan(t["difference_fen"]),
                 t["baseline_beneficiaries"], t["reform_beneficiaries"], t["difference_beneficiaries"]])
    ws = _sheet(wb, "总览", head, rows, {1, 2, 3}, first=True)
    ws.append([])
    ws.append(["方案", result.reform.name])
    ws.append(["说明", result.reform.description])
    ws.append(["受益增加 / 减少的对象", f"{t['winners']:,} / {t['losers']:,}"])
    ws.append(["金额未知的享受人次（未计入金额）", f"现行 {t['baseline_amount_unknown']:,}，改革后 {t['reform_amount_unknown']:,}"])

    first_day = evaluation_day(result.years[0], result.day)
    _sheet(wb, "改革内容", ["调整事项", "类别", "现行取值", "调整后", "适用地区", "时间", "现行依据", "涉及条款"],
           [[c.label_zh, c.what, c.today, c.new, c.where, c.since, c.clause, "；".join(c.provisions)]
            for c in changes(compiled, first_day)], set())

    rows = [[r["year"], r["city_name"], r["county_name"] or "（地区未知）", _yuan(r["baseline_cost_fen"]),
             _yuan(r["reform_cost_fen"]), _yuan(r["difference_fen"]), r["baseline_beneficiaries"],
             r["reform_beneficiaries"], r["difference_beneficiaries"]] for r in county.iter_rows(named=True)]
    _sheet(wb, "按县", ["年度", "市", "县（市、区）", "现行成本（元）", "改革后成本（元）", "差额（元）", "现行受益对象",
                       "改革后受益对象", "受益对象变化"], rows, {3, 4, 5})

    touched = result.affected
    rows = [[r["year"], r["city_name"], r["county_name"] or "（地区未知）", SUBJECT_ZH.get(r["subject_type"], ""),
             r["title_zh"], r["citation"], PERIOD_ZH.get(r["period"], ""), r["baseline_recipients"],
             _yuan(r["baseline_cost_fen"]), _yuan(r["baseline_average_fen"]), r["reform_recipients"],
             _yuan(r["reform_cost_fen"]), _yuan(r["reform_average_fen"]), _yuan(r["difference_fen"]),
             r["baseline_unknown"] + r["reform_unknown"],
             why_changed(compiled, r["provision_id"]) if r["provision_id"] in touched else ""]
            for r in detail.iter_rows(named=True)]
    _sheet(wb, "按县和政策", ["年度", "市", "县（市、区）", "对象", "政策", "条款", "周期", "现行人次", "现行金额（元）",
                             "现行人均（元）", "改革后人次", "改革后金额（元）", "改革后人均（元）", "差额（元）",
                             "金额未知人次", "变化依据"], rows, {8, 9, 11, 12, 13})

    wl = winners_losers.head(10_000).join(
        detail.select("county_code", "county_name").unique(), on="county_code", how="left")
    _sheet(wb, "受益变化", ["对象", "编号", "县（市、区）", "现行合计（元）", "改革后合计（元）", "变化（元）"],
           [[SUBJECT_ZH.get(r["subject_type"], ""), r["subject_id"], r["county_name"], _yuan(r["baseline_fen"]),
             _yuan(r["reform_fen"]), _yuan(r["difference_fen"])] for r in wl.iter_rows(named=True)], {3, 4, 5})

    about = wb.create_sheet("说明")
    for k, v in [("评估日", f"每年{result.day[0]}月{result.day[1]}日（当日的资格代表全年）"),
                 ("年度", "、".join(map(str, result.years))), ("计算口径", READING_ZH),
                 ("金额", "以分为单位精确计算，表中折算为元；贷款、担保、免费项目不计金额"),
                 ("对象数", ", ".join(f"{SUBJECT_ZH.get(k, k)} {v:,}" for k, v in result.subjects.items()))]:
        about.append([k, v])
    about.column_dimensions["A"].width, about.column_dimensions["B"].width = 16, 120
    wb.save(path)
