"""Monthly and quarterly reports: 万元 with 舍位平衡, the period's own figure, the CLI writes the same file."""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import load_workbook

from jiuye.errors import InputError
from jiuye.targets import demo, report
from jiuye.targets.plans import plan

P = plan("sx_2023_28")


def blocks(data: bytes) -> dict[str, list[list]]:
    ws = load_workbook(BytesIO(data)).active
    out, current = {}, None
    for row in ws.iter_rows(min_row=4, values_only=True):
        if row[0] and row[1] is None and "（" in str(row[0]) and " — " in str(row[0]):
            current = str(row[0]).split("（")[0]
            out[current] = []
        elif current and row[0] and row[0] != "辖区":
            out[current].append(list(row))
    return out


def test_periods():
    q3 = report.parse_period("2023-Q3")
    assert (q3.start.isoformat(), q3.end.isoformat(), q3.label_zh) == ("2023-07-01", "2023-09-30", "2023年第三季度")
    assert report.parse_period("2023-07").label_zh == "2023年7月"
    for bad in ("2023Q3", "2023-Q5", "2023-13", ""):
        with pytest.raises(InputError):
            report.parse_period(bad)


def test_quarterly_report_amounts_in_wan_add_up(shaoxing):
    rep = report.build(shaoxing.session, P, P.jurisdictions, report.parse_period("2023-Q3"))
    data = report.workbook(rep)
    ws = load_workbook(BytesIO(data)).active
    assert ws.title == "季报" and "2023年第三季度" in ws["A1"].value
    assert "每季末市局将予以情况通报" in ws["A2"].value
    loans = blocks(data)["发放创业担保贷款金额"]
    assert [r[0] for r in loans] == ["越城区", "柯桥区", "上虞区", "诸暨市", "嵊州市", "新昌县", "绍兴市（合计）"]
    for col in (2, 3):  # 本期完成, 累计完成 (万元)
        parts = [Decimal(str(r[col])) for r in loans[:-1]]
        assert sum(parts) == Decimal(str(loans[-1][col])), col
        assert all(p == p.quantize(Decimal("0.01")) for p in parts)
    # the cumulative total is the exact sum of the districts' figures, rounded half-up to 0.01 万元
    exact = sum(v for (k, d, m), v in demo.figures().items() if k == "startup_loans" and m.month == 9)
    assert Decimal(str(loans[-1][3])) == exact.quantize(Decimal("0.01"))
    # the quarter's own figure is September's cumulative minus June's
    jobs = blocks(data)["城镇新增就业人数省标"]
    f = demo.figures()
    sep, jun = (f[("new_urban_jobs", "330602", d)] for d in sorted(
        m for (k, dd, m) in f if k == "new_urban_jobs" and dd == "330602" and m.month in (6, 9))[::-1])
    assert jobs[0][2] == sep - jun and jobs[0][3] == sep and jobs[0][1] == 22000


def test_monthly_report_of_january_counts_from_zero(shaoxing):
    rep = report.build(shaoxing.session, P, P.jurisdictions, report.parse_period("2023-01"))
    jobs = next(b for b in rep.blocks if b.indicator.key == "new_urban_jobs")
    assert jobs.lines[0].period_value == jobs.lines[0].cumulative
    with pytest.raises(InputError):
        report.build(shaoxing.session, P, P.jurisdictions, report.parse_period("2024-Q1"))


def test_a_county_report_has_its_own_row_only(shaoxing):
    rep = report.build(shaoxing.session, P, ("330602",), report.parse_period("2023-Q3"))
    assert all([ln.jurisdiction for ln in b.lines] == ["330602"] for b in rep.blocks)
