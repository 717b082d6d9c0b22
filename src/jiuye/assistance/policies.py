"""Policy for each person: from a register entry, what the engine says this person could get, and
what a prospective employer hiring them could get (e.g. 用人单位招用就业困难人员社保补贴), so a
caseworker recommending a job can say what it brings.

The person's facts come from the register (ID number → birth date and gender, hukou and
residence, groups, the current certification); the employer is a prospective one in the
person's county. Only provisions whose conditions read a fact of the person count for the
employer (the rest do not depend on whom it hires). Every result is as of ``as_of``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ..catalogue.registry import CATALOGUE, evaluate_case
from ..engine.expr import Fact
from ..engine.provision import Kind, Provision, Subject
from ..engine.results import ELIGIBLE, UNKNOWN
from .models import Certification, GroupSpell, RegisterPerson


@dataclass(frozen=True)
class PolicyLine:
    provision_id: str
    title: str
    citation: str
    outcome: str  # eligible / unknown
    amount_fen: int | None
    period: str
    max_months: int | None
    missing: tuple[str, ...]  # questions still open (Chinese)
    draft: bool


def register_facts(session: Session, p: RegisterPerson, as_of: date) -> dict[str, Any]:
    """The engine's person facts known from the register as of ``as_of`` (nothing guessed)."""
    groups = set(session.scalars(select(GroupSpell.group_code).where(
        GroupSpell.register_id == p.id, GroupSpell.start_date <= as_of,
        or_(GroupSpell.end_date.is_(None), GroupSpell.end_date >= as_of))))
    facts: dict[str, Any] = {"id_number": p.id_number, "name": p.name}
    for attr in ("hukou_adcode", "residence_adcode", "female_category"):
        if getattr(p, attr):
            facts[attr] = getattr(p, attr)
    if "registered_unemployed" in groups:
        facts["registered_unemployed"] = True
    cert = session.scalar(select(Certification).where(Certification.register_id == p.id,
                                                      Certification.status == "certified"))
    if cert is not None and cert.valid_from and cert.valid_from <= as_of:
        facts.update(difficulty_certified=True, difficulty_certified_on=cert.valid_from.isoformat(),
                     difficulty_first_subsidy_on=cert.valid_from.isoformat())
        for k in ("unemployed_registered_on", "difficulty_subsidy_exhausted", "disabled_certified", "dibao_family", "near_dibao_family",
                  "zero_employment_household"):
            if cert.facts.get(k) is not None:
                facts[k] = cert.facts[k]
    elif "difficulty" not in groups:
        facts["difficulty_certified"] = False
    return {k: v for k, v in facts.items() if k in _person_fields()}


@cache
def _person_fields() -> frozenset[str]:
    from ..facts.person import Person

    return frozenset(Person.model_fields)


@cache
def _reads_person(p: Provision) -> bool:
    for c in p.all_conditions():
        for node in c.test.walk():
            if isinstance(node, Fact) and node.name.startswith("person."):
                return True
    return False


def _line(r: Any) -> PolicyLine:
    p = r.provision
    return PolicyLine(p.id, p.title_zh, p.citation, r.outcome, r.amount_fen, p.period.value, r.max_duration_months,
                      tuple(q["question_zh"] for q in r.questions[:4]), p.document.draft)


def _sort(lines: list[PolicyLine]) -> list[PolicyLine]:
    return sorted(lines, key=lambda x: (x.outcome != ELIGIBLE, len(x.missing), x.provision_id))


def for_person(session: Session, p: RegisterPerson, as_of: date) -> tuple[list[PolicyLine], list[PolicyLine]]:
    """(what the person could get, what an employer hiring them could get): eligible first, then
    those needing at most a few facts more."""
    facts = register_facts(session, p, as_of)
    person_results = evaluate_case({"person": facts}, as_of, explain=False).results
    mine = [_line(r) for r in person_results
            if r.provision.payee != "employer" and r.provision.kind != Kind.DEFINITION
            and (r.outcome == ELIGIBLE or (r.outcome == UNKNOWN and len(r.questions) <= 1))]
    hiring = [q for q in CATALOGUE if (q.subject == Subject.ENTERPRISE or q.payee == "employer") and _reads_person(q)]
    # the scenario: hired into a regular job (not a public-welfare post) by a firm of the county
    employer_case = {"person": {**facts, "public_welfare_post": "none", "work_adcode": p.county_code},
                     "enterprise": {"adcode": p.county_code}}
    employer_results = evaluate_case(employer_case, as_of, provisions=hiring, explain=False).results
    theirs = [_line(r) for r in employer_results
              if r.provision.kind != Kind.DEFINITION
              and (r.outcome == ELIGIBLE or (r.outcome == UNKNOWN and len(r.questions) <= 2))]
    return _sort(mine), _sort(theirs)
