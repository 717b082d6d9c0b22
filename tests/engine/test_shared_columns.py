"""Table path: shared sub-expressions and date ordinals computed once as columns give the same
values as the single path (month ends, the as-of date, unknown dates)."""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl

from jiuye.engine.batch import evaluate_frame
from jiuye.engine.dsl import AS_OF, Condition, Kind, MonthsBetween, P, Provision, Subject
from jiuye.engine.expr import Env, PolarsEnv, WithinMonths
from jiuye.engine.shared import shared_stages
from jiuye.params import PARAMETERS
from jiuye.rules.documents import ZJ_2022_46

AS = date(2024, 2, 29)
SNAP = PARAMETERS.snapshot(AS)
SINCE = MonthsBetween(P.graduation_date, AS_OF)
HIRED_AFTER = MonthsBetween(P.graduation_date, P.hired_on)


def _provision() -> Provision:
    return Provision(
        id="test.shared", document=ZJ_2022_46, article="t", title_zh="测", title_en="test", clause="测试",
        subject=Subject.PERSON, kind=Kind.DEFINITION, benefit_type="status",
        jurisdiction=Condition(id="jurisdiction", label=("任何地方", "anywhere"), test=P.hukou_adcode.eq("330100") |
                               ~P.hukou_adcode.eq("330100"), cites="测试"),
        conditions=(Condition(id="a", label=("两年内", "within 2 years"), test=(SINCE < 24) | (HIRED_AFTER >= 3),
                              cites="测试"),
                    Condition(id="b", label=("二十四个月以内", "within 24 months"),
                              test=WithinMonths(P.graduation_date, AS_OF, 24) & (SINCE >= 0), cites="测试")),
        max_duration_months=(SINCE + HIRED_AFTER))


def test_dates_around_month_ends_agree_with_the_single_path():
    grads = [date(2021, 12, 28) + timedelta(days=i) for i in range(0, 800, 3)] + [None]
    hires = [date(2022, 2, 28), date(2022, 3, 31), None]
    rows = [(f"p{i}", g, h, "330100") for i, (g, h) in enumerate((g, h) for g in grads for h in hires)]
    frame = pl.DataFrame(rows, schema={"person.person_id": pl.Utf8, "person.graduation_date": pl.Date,
                                       "person.hired_on": pl.Date, "person.hukou_adcode": pl.Utf8}, orient="row")
    p = _provision()
    stages, env = shared_stages([p], PolarsEnv(SNAP, AS, frozenset(frame.columns)))
    assert env.ordinals == {"person.graduation_date": "__o:person.graduation_date",
                            "person.hired_on": "__o:person.hired_on"}
    assert env.memo and len(stages) == 2  # the ordinals, then SINCE and HIRED_AFTER (each used twice)
    out = evaluate_frame(frame, AS, provisions=[p], snapshot=SNAP)
    for (_, g, h, _), oc, du in zip(rows, out["test.shared:outcome"], out["test.shared:max_duration_months"], strict=True):
        e = Env({"person.graduation_date": g, "person.hired_on": h, "person.hukou_adcode": "330100"}, SNAP, AS)
        tests = [c.test.ev(e) for c in p.all_conditions()]
        want = "not_eligible" if False in tests else "unknown" if None in tests else "eligible"
        assert oc == want, (g, h)
        assert du == (p.max_duration_months.ev(e) if want == "eligible" else None), (g, h)
