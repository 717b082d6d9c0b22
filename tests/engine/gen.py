"""Seeded generation of random cases over every declared fact (new facts included automatically).

Values are drawn so that many provisions reach every outcome: places concentrate on the
jurisdictions the documents cover, dates straddle their windows, and any fact may be unknown.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

import polars as pl

from jiuye.catalogue.registry import CATALOGUE
from jiuye.dates import add_months
from jiuye.engine.expr import Compare, Env, Fact, InCity, InConst, InSet, Lookup, MonthsBetween, WithinMonths
from jiuye.engine.history import HISTORY_SCHEMA
from jiuye.engine.vars import E, O, P
from jiuye.facts.models import Case
from jiuye.facts.ranges import range_for

PLACES = ["330802", "330803", "330881", "331102", "331121", "330127", "330324", "331022", "330102", "330105",
          "330106", "330108", "330110", "330602", "330203", "330723", "330825"]
OCCUPATIONS = ["电工", "焊工", "育婴员", "养老护理员"]
PL = {"bool": pl.Boolean, "int": pl.Int64, "date": pl.Date, "str": pl.Utf8}


def _date(rng: random.Random, lo: int, hi: int) -> date:
    start = date(lo, 1, 1)
    return start + timedelta(days=rng.randrange((date(hi, 12, 31) - start).days))


def value_for(fact: Any, rng: random.Random) -> Any:
    if rng.random() < 0.12:
        return None
    n = fact.name.split(".", 1)[1]
    if fact.choices:
        return rng.choice(fact.choices)
    if fact.dtype == "bool":
        return rng.random() < 0.5
    if fact.dtype == "date":
        if n == "birth_date":
            return _date(rng, 1960, 2004)
        if n == "graduation_date":
            return _date(rng, 2012, 2025)
        return _date(rng, 2019, 2026)
    if fact.dtype == "int":  # (within the fact's plausible range: jiuye.facts.ranges)
        return min(_int_for(n, rng), range_for(n).high)
    if n.endswith("adcode"):
        return rng.choice(PLACES)
    if "occupation" in n:
        return rng.choice(OCCUPATIONS)
    if n.endswith("_no"):
        return f"C{rng.randrange(5)}"
    return f"x{rng.randrange(3)}"


def _int_for(n: str, rng: random.Random) -> int:
    if n.endswith("_bp"):
        return rng.randrange(250, 460)
    if "loan_amount" in n:
        return rng.randrange(0, 400) * 1_000_000
    if n.endswith("_fen"):
        return rng.randrange(0, 2_000_000)
    if "level" in n:
        return rng.randrange(1, 6)
    if n.endswith("_m2"):
        return rng.randrange(0, 160)
    return rng.randrange(0, 40)


def _candidates(provision: Any, as_of: date, snap: Any) -> dict[str, list[Any]]:
    """Values of each fact the provision's conditions compare against: constants and parameters
    they test (``.eq``, ``.is_in``, thresholds ±1), sets and cities they look in, and dates around
    the windows they measure from ``as_of``. A focused case draws from these, so that every outcome
    of a provision with many joint conditions is reached, not only "not eligible"."""
    out: dict[str, list[Any]] = {}

    def value(e: Any) -> Any:
        if isinstance(e, Fact):
            return None
        try:
            return e.ev(Env({}, snap, as_of))
        except Exception:  # an expression over facts: no constant to aim at
            return None

    def add(f: Any, vals: list[Any]) -> None:
        if isinstance(f, Fact) and not f.name.startswith("hist."):
            out.setdefault(f.name, []).extend(v for v in vals if v is not None)

    def around(v: Any, op: str) -> list[Any]:
        """Values meeting ``fact op v`` (twice: aim mostly at meeting it) and one on the other side."""
        if isinstance(v, bool) or isinstance(v, str):
            return [v]
        step: Any = 1 if isinstance(v, int) else timedelta(days=1) if isinstance(v, date) else None
        if step is None:
            return []
        meet = {">=": [v, v + step], ">": [v + step], "<=": [v, v - step], "<": [v - step], "==": [v],
                "!=": [v + step]}[op]
        miss = {">=": v - step, ">": v, "<=": v + step, "<": v, "==": v + step, "!=": v}[op]
        return meet * 2 + [miss]

    exprs = [c.test for c in provision.all_conditions()]
    for root in exprs:
        for n in root.walk():
            kids = n.children
            if isinstance(n, Compare):
                a, b = kids
                flipped = {">=": "<=", ">": "<", "<=": ">=", "<": ">", "==": "==", "!=": "!="}[n.op]
                b_value, a_value = value(b), value(a)
                if b_value is not None:
                    add(a, around(b_value, n.op))
                if a_value is not None:
                    add(b, around(a_value, flipped))
            elif isinstance(n, InConst):
                add(kids[0], list(n.values))
            elif isinstance(n, InSet):
                members = snap.get(n.name)
                add(kids[0], sorted(members)[:40] if members else [])
            elif isinstance(n, InCity):
                add(kids[0], [c for c in PLACES if c.startswith(n.prefix)] or [n.prefix + "02"])
            elif isinstance(n, Lookup):
                add(kids[0], list((snap.get(n.name) or {}).keys())[:40])
            elif isinstance(n, WithinMonths | MonthsBetween):
                start = kids[0]
                months = value(kids[2]) if isinstance(n, WithinMonths) else None
                spans = [months] if isinstance(months, int) else [3, 6, 12, 24, 36, 60]
                add(start, [add_months(as_of, -m) + timedelta(days=d) for m in spans for d in (-1, 0, 1)]
                    + [add_months(as_of, -m // 2) for m in spans if m])
    return out


def _valid(vals: dict[str, Any]) -> bool:
    case: dict[str, Any] = {"person": {}, "enterprise": {}, "organisation": {}}
    for name, v in vals.items():
        prefix, field = name.split(".", 1)
        if v is not None:
            case[prefix][field] = v
    try:
        Case.model_validate(case)
    except ValueError:
        return False
    return True


def random_cases(n: int, seed: int, *, focus: tuple[date, Any, int] | None = None
                 ) -> tuple[list[dict[str, Any]], pl.DataFrame, pl.DataFrame]:
    """``n`` cases as dicts (for the single path) and the same as a frame and a history table.

    With ``focus=(as_of, snapshot, k)``, ``k`` more cases per provision follow, each drawing the
    facts that provision tests from the values its conditions aim at (:func:`_candidates`).
    """
    rng = random.Random(seed)
    facts = P.all() + E.all() + O.all()
    pids = [p.id for p in CATALOGUE]
    plans: list[dict[str, list[Any]] | None] = [None] * n
    if focus is not None:
        as_of, snap, k = focus
        for p in CATALOGUE:
            plans += [_candidates(p, as_of, snap)] * k
    cases, rows, hist = [], [], []
    for i, plan in enumerate(plans):
        sid = f"s{i}"
        vals = {f.name: value_for(f, rng) for f in facts}
        if plan:
            aimed = dict(vals)
            for name, options in plan.items():
                if options and rng.random() < 0.97:
                    aimed[name] = rng.choice(options)
            vals = aimed if _valid(aimed) else vals
        row: dict[str, Any] = {"person.person_id": sid}
        case: dict[str, Any] = {"person": {"person_id": sid}, "enterprise": {}, "organisation": {}, "history": []}
        for name, v in vals.items():
            row[name] = v
            prefix, field = name.split(".", 1)
            if v is not None:
                case[prefix][field] = v
        for _ in range(rng.choice([0, 0, 1, 2, 3, 4])):
            rec = {"provision_id": rng.choice(pids), "granted_on": _date(rng, 2021, 2026),
                   "claimant": rng.choice(["self", "self", "employer"]),
                   "occupation": rng.choice(OCCUPATIONS), "level": rng.randrange(0, 6),
                   "certificate_no": f"C{rng.randrange(5)}", "loan_term_months": rng.choice([6, 12, 24])}
            case["history"].append(rec)
            hist.append({"subject_id": sid, **rec})
        cases.append(case)
        rows.append(row)
    schema = {"person.person_id": pl.Utf8, **{f.name: PL[f.dtype] for f in facts}}
    frame = pl.DataFrame(rows, schema=schema, orient="row")
    hschema = {k: v for k, v in HISTORY_SCHEMA.items()}
    history = pl.DataFrame([{k: h.get(k) for k in hschema} for h in hist], schema=hschema, orient="row")
    return cases, frame, history


SPELL_KINDS_PERSON = ["registered_unemployed", "receiving_unemployment_insurance", "difficulty_certified",
                      "enrolled_student", "employed", "disability_certified", "public_welfare_post"]


def add_timelines(cases: list[dict[str, Any]], history: pl.DataFrame, seed: int) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Give about half the generated cases spells, and their ledger records periods and amounts.

    Mutates ``cases`` (adds ``spells`` and completes ``history``); returns (spells, history) tables.
    """
    from jiuye.facts.spells import spells_frame

    rng = random.Random(seed)
    spell_rows: list[dict[str, Any]] = []
    for case in cases:
        sid = case["person"]["person_id"]
        case["spells"] = []
        if rng.random() < 0.5:
            for _ in range(rng.randrange(1, 4)):
                kind = rng.choice(SPELL_KINDS_PERSON + ["business_registered"])
                start = _date(rng, 2017, 2026)
                end = None if rng.random() < 0.4 else start + timedelta(days=rng.randrange(0, 1500))
                attrs = {"county": rng.choice(PLACES)} if kind in ("employed", "public_welfare_post") else {}
                s = {"kind": kind, "from": start, "to": end, "attrs": attrs}
                case["spells"].append(s)
                spell_rows.append({"subject_id": sid, **s})
        for rec in case["history"]:
            if rng.random() < 0.6:
                ps = _date(rng, 2020, 2026)
                rec["period_start"], rec["period_end"] = ps, ps + timedelta(days=rng.choice([30, 181, 364, 729]))
            if rng.random() < 0.8:
                rec["amount_fen"] = rng.randrange(1, 50) * 100_000
    rows = [{"subject_id": c["person"]["person_id"], **r} for c in cases for r in c["history"]]
    hist = pl.DataFrame([{k: r.get(k) for k in HISTORY_SCHEMA} for r in rows], schema=HISTORY_SCHEMA, orient="row")
    return spells_frame(spell_rows), hist
