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
from jiuye.engine.history import HISTORY_SCHEMA
from jiuye.engine.vars import E, O, P

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
    if fact.dtype == "int":
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
    if n.endswith("adcode"):
        return rng.choice(PLACES)
    if "occupation" in n:
        return rng.choice(OCCUPATIONS)
    if n.endswith("_no"):
        return f"C{rng.randrange(5)}"
    return f"x{rng.randrange(3)}"


def random_cases(n: int, seed: int) -> tuple[list[dict[str, Any]], pl.DataFrame, pl.DataFrame]:
    """``n`` cases as dicts (for the single path) and the same as a frame and a history table."""
    rng = random.Random(seed)
    facts = P.all() + E.all() + O.all()
    cases, rows, hist = [], [], []
    pids = [p.id for p in CATALOGUE]
    for i in range(n):
        sid = f"s{i}"
        row: dict[str, Any] = {"person.person_id": sid}
        case: dict[str, Any] = {"person": {"person_id": sid}, "enterprise": {}, "organisation": {}, "history": []}
        for f in facts:
            v = value_for(f, rng)
            row[f.name] = v
            prefix, field = f.name.split(".", 1)
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
