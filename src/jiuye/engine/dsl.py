"""The building blocks of a rule, in one module: import what a provision needs from here.

Every block has a runnable example (run by ``tests/engine/test_dsl.py`` with :mod:`doctest`), and
the DSL reference in ``docs/engine.md`` is generated from :data:`BLOCKS`
(``python -m jiuye.engine.dsl_reference docs/engine.md``; a test fails when it is stale).

:func:`evaluate` runs an expression for one set of facts both ways — Python and Polars — and
returns the value they agree on (``None`` = not known), so an example is also a parity check.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import polars as pl

from ..params.store import PARAMETERS
from .expr import (
    AS_OF,
    Bounded,
    Const,
    Env,
    Expr,
    Fact,
    Func,
    If,
    InCity,
    InSet,
    IsKnown,
    LatestKeyed,
    Lookup,
    Max,
    Min,
    MonthIndex,
    MonthsBetween,
    MulDiv,
    Param,
    ParamAt,
    PolarsEnv,
    RetirementMonthIndex,
    Scale,
    WithinMonths,
    YearOf,
    all_of,
    any_of,
    calendar_years_since,
    city_of,
    lit,
    previous_year_key,
)
from .history import HistoryFact, feature
from .limits import MaxDuration, MaxTimes, OneTime, YearlyCap
from .provision import Condition, Document, Hint, Kind, Period, Provision, Reading, Subject
from .spells import judged_on, status_on, status_since
from .vars import E, H, O, P

EXAMPLE_DATE = date(2025, 6, 30)


def _name(key: Any) -> str:
    return key.name if isinstance(key, Fact) else str(key)


def evaluate(expr: Any, facts: Mapping[Any, Any] | None = None, *, as_of: date = EXAMPLE_DATE,
             overrides: Mapping[str, Any] | None = None) -> Any:
    """The value of ``expr`` for one set of facts as of ``as_of``, computed in Python and in Polars.

    ``facts`` maps facts (``P.graduation_date``) or their names (``"person.graduation_date"``) to
    values; a fact not given is not known. Raises ``AssertionError`` if the two paths disagree.

    >>> evaluate(P.employee_si_months >= 12, {P.employee_si_months: 14})
    True
    >>> evaluate(P.employee_si_months >= 12) is None   # not known, never zero
    True
    """
    expr = lit(expr)
    values = {_name(k): v for k, v in (facts or {}).items()}
    snap = PARAMETERS.snapshot(as_of, overrides)
    py = expr.ev(Env(dict(values), snap, as_of))
    frame = pl.DataFrame({k: [v] for k, v in values.items()}) if values else pl.DataFrame({"__row": [0]})
    vec = frame.select(expr.to_polars(PolarsEnv(snap, as_of, frozenset(frame.columns))).alias("v")).item()
    assert py == vec, f"Python gives {py!r}, Polars gives {vec!r}"
    return py


def yes(f: Expr) -> Expr:
    """The fact is true (unknown stays unknown).

    >>> evaluate(yes(P.university_graduate), {P.university_graduate: True})
    True
    >>> evaluate(yes(P.university_graduate)) is None
    True
    """
    return f.eq(True)


def no(f: Expr) -> Expr:
    """The fact is false (unknown stays unknown).

    >>> evaluate(no(P.currently_insured), {P.currently_insured: False})
    True
    """
    return f.eq(False)


TRUE = Const(True, "是 / yes")


@dataclass(frozen=True)
class Block:
    """One entry of the reference: what a rule writes, what it means, a runnable example."""

    name: str
    section: str
    summary: str
    example: str


SECTIONS = (
    ("declare", "Declaring a provision"),
    ("facts", "Facts and history"),
    ("values", "Values: constants, the as-of date, parameters"),
    ("logic", "Logic (three-valued: unknown is None)"),
    ("money", "Money (integer fen, exact rates, half-up)"),
    ("dates", "Dates"),
    ("limits", "Limits over time (the ledger) and status on a date"),
    ("escape", "Escape hatch and checking"),
)

BLOCKS: tuple[Block, ...] = (
    Block("Provision(id=…, document=…, article=…, clause=…, subject=…, jurisdiction=…, conditions=…, amount=…)",
          "declare", "One object per provision: citation, verbatim clause, who, where, conditions, amount, period, "
          "maximum duration, stacking group, readings.", """
>>> from jiuye.rules.documents import ZJ_2022_46
>>> CLAUSE = "毕业 2年以内的高校毕业生到山区县中小微企业就业"
>>> p = Provision(id="example.art19", document=ZJ_2022_46, article="第19条", title_zh="示例", title_en="example",
...               clause=CLAUSE, subject=Subject.PERSON,
...               jurisdiction=Condition(id="jurisdiction", label=("在山区县", "in a mountain county"),
...                                      test=InSet(P.work_adcode, "zj_2021_22.mountain_counties"), cites=CLAUSE),
...               conditions=(Condition(id="sme", label=("中小微企业", "an SME"),
...                                     test=P.employer_size.is_in(("micro", "small", "medium")), cites=CLAUSE),),
...               amount=Param("zj_2022_46.art19.post_subsidy"), period=Period.MONTHLY)
>>> p.citation
'浙人社发〔2022〕46号 第19条'
"""),
    Block("Condition(id=…, label=(zh, en), test=…, cites=…, hint=None)", "declare",
          "A named condition: its label written once as a (Chinese, English) pair, its test, and the verbatim words "
          "of the clause it encodes.", """
>>> c = Condition(id="insured_year", label=("依法缴纳社会保险费1年以上", "insured for a year or more"),
...               test=P.employee_si_months >= Param("zj_2022_46.art19.min_insured_months"),
...               cites="并依法缴纳社会保险费 1年以上的",
...               hint=Hint(P.employee_si_months, Param("zj_2022_46.art19.min_insured_months")))
>>> c.label_en, evaluate(c.test, {P.employee_si_months: 9})
('insured for a year or more', False)
"""),
    Block("Reading(id=…, question=…, chosen=…, alternative=…, switch=None)", "declare",
          "An ambiguous clause: the reading chosen, the alternative, and the parameter that switches to it "
          "(listed in docs/ambiguities.md).", """
>>> r = Reading(id="zj_2022_46-art19-window-date", question="毕业2年以内: judged when?",
...             chosen="On the date the graduate joined the enterprise.", alternative="On the evaluation date.",
...             switch="zj_2022_46.readings.art19_window_at")
>>> r.switch in PARAMETERS
True
"""),
    Block("Subject, Period, Kind", "declare",
          "Who a provision is for, how often it pays (annual value: monthly ×12), and what it is.", """
>>> Subject.PERSON.value, Period.MONTHLY.per_year, Kind.RELAXATION.value
('person', 12, 'relaxation')
"""),
    Block("P, E, O", "facts",
          "The declared facts of a person, an enterprise, an organisation (generated from jiuye.facts.models; "
          "a misspelt fact fails at import).", """
>>> P.graduation_date.name, P.graduation_date.dtype, P.graduation_date.label_zh
('person.graduation_date', 'date', '毕业日期')
>>> P.no_such_fact
Traceback (most recent call last):
AttributeError: no fact person.no_such_fact; declare it in jiuye.facts.models first
"""),
    Block("feature(name, label_zh, label_en, provisions, agg=…) → H.name", "facts",
          "A history fact: what the subject already received (count, count this year, loan months), computed from "
          "the benefit records in both paths; no record = nothing received.", """
>>> from jiuye.catalogue.registry import CATALOGUE    # the rules declare their features when loaded
>>> H.zj46_art19_months.name, H.zj46_art19_months.provisions
('hist.zj46_art19_months', ('zj_2022_46.art19',))
>>> evaluate(H.zj46_art19_months < 36, {"hist.zj46_art19_months": 12})
True
"""),
    Block("yes(fact), no(fact), TRUE", "logic",
          "A boolean fact is true / false; unknown stays unknown. TRUE: a condition that always holds.", """
>>> evaluate(yes(P.difficulty_certified), {P.difficulty_certified: False}), evaluate(TRUE)
(False, True)
"""),
    Block("AS_OF, lit(value), Const(value, label)", "values",
          "The evaluation date, and literal values (operators wrap plain Python values themselves).", """
>>> evaluate(AS_OF, as_of=date(2024, 10, 1))
datetime.date(2024, 10, 1)
>>> evaluate(lit(3) + 4)
7
"""),
    Block("Param(name, label)", "values",
          "A parameter's value on the as-of date (from src/jiuye/parameters, every value dated and sourced); "
          "not set = not known, never zero.", """
>>> evaluate(Param("zj_2022_46.art19.min_insured_months"))
12
>>> evaluate(Param("zj_2022_46.art19.post_subsidy")) is None    # a local standard nobody has set
True
"""),
    Block("Lookup(name, key, dtype)", "values", "A keyed parameter looked up by an expression (county → tier → wage).",
          """
>>> tier = Lookup("external.minimum_wage.county_tier", P.work_adcode, dtype="str")
>>> evaluate(Lookup("external.minimum_wage.monthly", tier), {P.work_adcode: "330102"})
249000
"""),
    Block("InSet(key, name)", "values", "Membership of a value in a parameter set (the 26 mountain counties).", """
>>> evaluate(InSet(P.work_adcode, "zj_2021_22.mountain_counties"), {P.work_adcode: "330881"})
True
"""),
    Block("ParamAt(name, when), LatestKeyed(name)", "values",
          "A dated parameter at a date given by a fact (the LPR on the contract date); the latest published value "
          "of a year-keyed parameter.", """
>>> evaluate(ParamAt("external.lpr.one_year", P.loan_contract_date), {P.loan_contract_date: date(2024, 12, 1)})
310
>>> evaluate(LatestKeyed("external.average_wage.provincial_weighted_monthly")) > 0
True
"""),
    Block("& | ~, all_of(…), any_of(…)", "logic",
          "Kleene logic: false & unknown = false, true | unknown = true, otherwise unknown stays unknown.", """
>>> evaluate(yes(P.enrolled_student) | yes(P.disabled_certified), {P.disabled_certified: True})
True
>>> evaluate(all_of(yes(P.enrolled_student), yes(P.disabled_certified)), {P.disabled_certified: True}) is None
True
"""),
    Block("< <= > >= .eq() .ne() .is_in((…)), + - * //", "logic",
          "Comparisons and integer arithmetic; anything with an unknown is unknown.", """
>>> evaluate(P.employer_size.is_in(("micro", "small")), {P.employer_size: "small"})
True
>>> evaluate(P.employee_si_months + 1) is None
True
"""),
    Block("If(cond, then, otherwise)", "logic", "Choose by a condition; unknown when the condition is unknown.", """
>>> evaluate(If(P.gender.eq("F"), 50, 60), {P.gender: "F"})
50
"""),
    Block("IsKnown(x)", "logic",
          "True when the value is known — only where the clause turns on a record existing, never to read "
          "unknown as no.", """
>>> evaluate(IsKnown(P.difficulty_first_subsidy_on)), evaluate(IsKnown(P.gender), {P.gender: "M"})
(False, True)
"""),
    Block("city_of(code).eq(city), InCity(code, city)", "logic", "A county code lies in a city (地级市).", """
>>> evaluate(city_of(P.work_adcode).eq("330100"), {P.work_adcode: "330106"})
True
>>> evaluate(InCity(P.work_adcode, "330800"), {P.work_adcode: "330106"})
False
"""),
    Block("Scale(amount, rate), MulDiv(a, b, c)", "money",
          "Money × an exact rate (a Fraction or a rate parameter), and a×b÷c, rounded half-up to the fen.", """
>>> evaluate(Scale(lit(100001), "zj_2022_46.art21.subsidy_share"))     # 2/3 of ¥1000.01
66667
>>> evaluate(MulDiv(lit(500000), lit(3), lit(12)))
125000
"""),
    Block("Min(…), Max(…), Bounded(value, low, high)", "money",
          "Caps and floors; Bounded keeps a local standard only inside the printed range (else not known).", """
>>> evaluate(Min(lit(3000000), Param("zj_2022_46.art24.annual_cap")))
2000000
>>> evaluate(Bounded(lit(250000), 20000, 200000)) is None
True
"""),
    Block("MonthsBetween(start, end), WithinMonths(start, ref, months)", "dates",
          "Whole months between two dates; \"N年以内\": ref no later than start + N months (the day N years on is "
          "included; month ends clamp).", """
>>> evaluate(MonthsBetween(P.graduation_date, AS_OF), {P.graduation_date: date(2023, 7, 1)})
23
>>> evaluate(WithinMonths(P.graduation_date, AS_OF, 24), {P.graduation_date: date(2023, 6, 30)})
True
"""),
    Block("YearOf(d), calendar_years_since(start, ref), previous_year_key(d)", "dates",
          "Calendar years (从购房当年起: the start year is year 0) and the previous year as a parameter key.", """
>>> evaluate(calendar_years_since(P.home_purchased_on, AS_OF), {P.home_purchased_on: date(2023, 12, 31)})
2
>>> evaluate(previous_year_key(AS_OF)), evaluate(YearOf(AS_OF))
('2024', 2025)
"""),
    Block("MonthIndex(d), RetirementMonthIndex(birth, gender, female_category)", "dates",
          "A month as one integer (year×12 + month−1), and the statutory retirement month (2025 reform).", """
>>> retire = RetirementMonthIndex(P.birth_date, P.gender, P.female_category)
>>> evaluate(MonthIndex(AS_OF) > retire, {P.birth_date: date(1960, 3, 15), P.gender: "M"})
True
"""),
    Block("MaxDuration(months, clause, start=…), OneTime(clause, group=…), YearlyCap(cap, clause), "
          "MaxTimes(times, clause)", "limits",
          "Limits the documents set over time, declared in a provision's ``limits=(…)``; the engine enforces "
          "them from the person's ledger (``history``) in every path and reports the months left.", """
>>> limit = MaxDuration(36, "期限最长3年", start="first_grant")
>>> limit.months, limit.start
(36, 'first_grant')
>>> OneTime("一次性创业补贴", group="startup_once").group
'startup_once'
"""),
    Block("status_on(kind, date), status_since(kind, date), judged_on(switch, choices)", "limits",
          "A status spell (registered_unemployed, difficulty_certified, employed, …) tested on the clause's date; "
          "the booleans of the case stay accepted as a spell ongoing on the as-of date.", """
>>> evaluate(status_on("registered_unemployed", AS_OF), {P.registered_unemployed: True})
True
>>> evaluate(status_on("registered_unemployed", AS_OF)) is None   # not known
True
"""),
    Block("Func(label, py, polars, *args)", "escape",
          "Both implementations side by side, for what no node says; unknown if any argument is unknown.", """
>>> half = Func("一半 / half", lambda x: x // 2, lambda e: e // 2, P.employee_si_months)
>>> evaluate(half, {P.employee_si_months: 13})
6
"""),
    Block("evaluate(expr, facts, as_of=…, overrides=…)", "escape",
          "Run an expression for one set of facts in Python and in Polars; they must agree.", """
>>> evaluate(P.employee_si_months >= Param("zj_2022_46.art19.min_insured_months"), {P.employee_si_months: 10},
...          overrides={"zj_2022_46.art19.min_insured_months": 6})
True
"""),
)

__test__ = {f"block {i}: {b.name}": b.example for i, b in enumerate(BLOCKS)}

__all__ = [
    "AS_OF", "BLOCKS", "Block", "Bounded", "Condition", "Const", "Document", "E", "Expr", "Func", "H", "Hint", "HistoryFact", "If",
    "InCity", "InSet", "IsKnown", "Kind", "LatestKeyed", "Lookup", "Max", "Min", "MonthIndex", "MonthsBetween",
    "MaxDuration", "MaxTimes", "MulDiv", "O", "OneTime", "P", "Param", "ParamAt", "Period", "Provision", "Reading", "RetirementMonthIndex", "SECTIONS",
    "Scale", "Subject", "TRUE", "YearlyCap", "judged_on", "status_on", "status_since", "WithinMonths", "YearOf", "all_of", "any_of", "calendar_years_since", "city_of",
    "evaluate", "feature", "lit", "no", "previous_year_key", "yes",
]
