"""Monthly and quarterly reports (月报、季报): completion per district and indicator, in Excel.

绍市人社发〔2023〕28号 四（三）: 实行先进培育和省政府督查激励推荐相结合和完成情况月报制度。每季末市局将予以情况通报。

For each indicator, one block: the districts and the total, with the year's target, the figure
of the period itself (本期), the cumulative figure (累计), the completion rate, the share of
the period elapsed and the status. Amounts are in 万元 to two decimals with 舍位平衡: the
districts' rounded amounts add up to the rounded total (largest-remainder method).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from sqlalchemy.orm import Session

from ..errors import InputError
from . import service
from .plans import Indicator, Plan
from .progress import month_end, percent, status_label
from .rounding import balanced

CLAUSE = "实行先进培育和省政府督查激励推荐相结合和完成情况月报制度。每季末市局将予以情况通报。"
_PERIOD = re.compile(r"^(\d{4})-(?:Q([1-4])|(\d{2}))$")


@dataclass(frozen=True)
class Period:
    key: str  # 2023-Q3 | 2023-07
    start: date
    end: date

    @property
    def quarterly(self) -> bool:
        return "Q" in self.key

    @property
    def label_zh(self) -> str:
        if self.quarterly:
            return f"{self.start.year}年第{'一二三四'[int(self.key[-1]) - 1]}季度"
        return f"{self.start.year}年{self.start.month}月"


def parse_period(text: str | None) -> Period:
    m = _PERIOD.match((text or "").strip())
    if not m:
        raise InputError("period", "报告期格式应为 2023-Q3（季报）或 2023-07（月报）",
                         "a period looks like 2023-Q3 (quarter) or 2023-07 (month)")
    year = int(m.group(1))
    if m.group(2):
        q = int(m.group(2))
        start = date(year, 3 * q - 2, 1)
        return Period(f"{year}-Q{q}", start, month_end(date(year, 3 * q, 1)))
    month = int(m.group(3))
    if not 1 <= month <= 12:
        raise InputError("period", "月份应为 01 至 12", "the month is 01 to 12")
    return Period(f"{year}-{month:02d}", date(year, month, 1), month_end(date(year, month, 1)))


@dataclass
class Line:
    jurisdiction: str
    name: str
    target: Decimal | None
    period_value: Decimal | None  # the period's own figure (cumulative at the end minus at the start)
    cumulative: Decimal | None
    completion: Decimal | None  # %
    elapsed: Decimal | None  # %
    status: str


@dataclass
class Block:
    indicator: Indicator
    lines: list[Line]  # districts, then the total (when the reader sees it)


@dataclass
class Report:
    plan: Plan
    period: Period
    blocks: list[Block]

    @property
    def title(self) -> str:
        return f"{self.plan.title_zh}完成情况（{self.period.label_zh}）"


def _before(period: Period, ind: Indicator) -> date | None:
    """The month end before the period (None when the period starts the target period)."""
    prev = period.start.replace(day=1)
    if prev <= ind.period_start:
        return None
    from ..dates import add_months

    return month_end(add_months(prev, -1))


def build(db_session: Session, p: Plan, seen: tuple[str, ...], period: Period, lang: str = "zh") -> Report:
    if period.end < p.period_start or period.start > p.period_end:
        raise InputError("period", f"报告期不在目标期内（{p.period_start:%Y-%m} 至 {p.period_end:%Y-%m}）",
                         f"the period is outside the plan ({p.period_start:%Y-%m} to {p.period_end:%Y-%m})")
    end = service.board_for(db_session, p, seen, period.end)
    monthly = service.monthly(db_session, p, seen, period.end)
    blocks = []
    for ind in p.indicators:
        before = _before(period, ind)
        lines = []
        for j in seen:
            c = end.cells.get((ind.key, j))
            if c is None:
                continue
            value = c.actual if c.as_of == period.end else None  # a figure of an earlier month is stale
            start = Decimal(0) if before is None else None
            if before is not None and not p.is_total(j):
                s = monthly.get((ind.key, j, before))
                start = ind.from_stored(s) if s is not None else None
            lines.append(Line(j, p.name(j), c.target, None, value, percent(c.progress.completion),
                              percent(c.progress.elapsed), status_label(ind, c.progress.status, lang)))
            if ind.measure == "cumulative" and value is not None and start is not None:
                lines[-1].period_value = value - start
        districts = [ln for ln in lines if not p.is_total(ln.jurisdiction)]
        total = next((ln for ln in lines if p.is_total(ln.jurisdiction)), None)
        if total is not None and p.districts and ind.measure == "cumulative":
            vals = [ln.period_value for ln in districts]
            total.period_value = sum(vals, Decimal(0)) if all(v is not None for v in vals) else None
        blocks.append(Block(ind, lines))
    return Report(p, period, blocks)


def money_columns(block: Block, has_total: bool) -> tuple[list[Decimal | None], list[Decimal | None]]:
    """(本期, 累计) in 万元 to two decimals; with a total row last and every district known, the
    districts are balanced so that they add up to the rounded total (舍位平衡)."""
    out = []
    for attr in ("period_value", "cumulative"):
        values = [getattr(ln, attr) for ln in block.lines]
        if has_total and values and all(v is not None for v in values):
            parts, total = balanced(values[:-1])  # type: ignore[arg-type]
            out.append([*parts, total])
        else:
            out.append([None if v is None else balanced([v])[1] for v in values])
    return out[0], out[1]


HEADERS = ("辖区", "全年目标", "本期完成", "累计完成", "完成率（%）", "时间进度（%）", "状态")


def workbook(report: Report) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "季报" if report.period.quarterly else "月报"
    ws.append([report.title])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([f"依据：{report.plan.number} 四（三）{CLAUSE}"])
    ws.append([f"数据截至 {report.period.end:%Y-%m-%d}；金额单位：万元（舍位平衡：各区县相加等于合计）；"
               "累计完成为自目标期起的累计数；空白表示未报送。"])
    for block in report.blocks:
        ind = block.indicator
        ws.append([])
        ws.append([f"{ind.label_zh}（{ind.unit}，{ind.kind_zh} {block.lines[0].target if block.lines else ''}）"
                   f" — {ind.citation}"])
        ws.cell(row=ws.max_row, column=1).font = Font(bold=True)
        ws.append(list(HEADERS))
        for cell in ws[ws.max_row]:
            cell.font = Font(bold=True)
        if ind.is_money:
            has_total = bool(report.plan.districts) and len(block.lines) == len(report.plan.jurisdictions)
            period_col, cum_col = money_columns(block, has_total)
        else:
            period_col = [ln.period_value for ln in block.lines]
            cum_col = [ln.cumulative for ln in block.lines]
        for ln, pv, cv in zip(block.lines, period_col, cum_col, strict=True):
            name = f"{ln.name}（合计）" if report.plan.is_total(ln.jurisdiction) and report.plan.districts else ln.name
            ws.append([name, _cell(ln.target), _cell(pv), _cell(cv), _cell(ln.completion), _cell(ln.elapsed),
                       ln.status])
            for col in (2, 3, 4):
                if ind.is_money:
                    ws.cell(row=ws.max_row, column=col).number_format = "#,##0.00"
    for col, width in enumerate((22, 12, 12, 12, 12, 12, 14), 1):
        ws.column_dimensions[get_column_letter(col)].width = width
    for row in ws.iter_rows(min_row=1, max_row=3):
        row[0].alignment = Alignment(wrap_text=False)
    buf = BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _cell(v: Decimal | None) -> float | int | None:
    if v is None:
        return None
    return int(v) if v == v.to_integral_value() else float(v)


def filename(report: Report) -> str:
    return f"targets-{report.plan.jurisdiction}-{report.period.key}.xlsx"
