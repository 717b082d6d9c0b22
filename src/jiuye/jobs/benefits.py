"""What a hire may bring: the rules engine on facts built from the hire, for the worker and the employer.

Facts built from a hire (as of its start date):

- the worker: ``work_adcode`` (the posting's county), ``residence_adcode`` (the seeker's), ``employed``,
  ``hired_on``, birth date and gender from the ID number, and — only with the seeker's consent — the
  key-group status (graduate → ``university_graduate``, 就业困难人员 → ``difficulty_certified``, …);
  a gig paid by the hour, day or piece, or with an end date, is read as flexible employment
  (``flexible_employed``; reading ``jobs-gig-is-flexible`` in ``docs/jobs.md``);
- the employer (an enterprise): ``adcode``, name and credit code, and one key-group hire when the
  worker consented to their key-group status being used.

Shown: benefits (not definitions or checks) in force that the engine finds *eligible*, or *cannot
tell yet* when the provision reads a fact the hire sets (so it concerns hiring or being hired), with
the facts still needed. Nothing is granted here: the person applies (申请) and a caseworker decides.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from ..applications.models import EnterpriseRecord, PersonRecord
from ..catalogue.registry import CATALOGUE, evaluate_case
from ..engine.provision import Kind, Provision, Status
from ..engine.results import ELIGIBLE, UNKNOWN
from ..errors import InputError
from ..ids import validate_id_number
from .models import Hire, JobPosting, JobSeeker

HIRE_FACTS = frozenset({
    "person.employed", "person.hired_on", "person.flexible_employed", "person.first_employment",
    "person.employer_size", "person.employer_ownership", "person.employee_si_months", "person.currently_insured",
    "person.labour_contract_months", "enterprise.key_group_hires", "enterprise.insured_hires_12m",
})
KEY_GROUP_FACTS = {"graduate": {"university_graduate": True}, "difficulty": {"difficulty_certified": True},
                   "unemployed": {"registered_unemployed": True}, "rural_migrant": {"rural_transfer_worker": True},
                   "disabled": {"disabled_certified": True}}


@functools.cache
def _concerns_hiring(provision_id: str) -> bool:
    p = CATALOGUE.provisions[provision_id]
    exprs = [c.test for c in p.all_conditions()] + ([p.amount] if p.amount is not None else [])
    return any(f.name in HIRE_FACTS for e in exprs for f in e.facts())


@dataclass
class Benefit:
    provision: Provision
    outcome: str
    amount_fen: int | None
    amount_kind: str
    missing: list[dict[str, Any]] = field(default_factory=list)

    @property
    def apply_link(self) -> str:
        return f"/applications/new?provision_id={self.provision.id}"


@dataclass
class HireBenefits:
    as_of: Any
    worker: list[Benefit]
    employer: list[Benefit]
    facts: dict[str, dict[str, Any]]


def hire_facts(db_session: Session, hire: Hire, posting: JobPosting, seeker: JobSeeker) -> dict[str, dict[str, Any]]:
    person = db_session.get(PersonRecord, hire.person_id)
    worker: dict[str, Any] = {"work_adcode": posting.county_code, "residence_adcode": seeker.county_code,
                              "employed": True, "hired_on": hire.start_date.isoformat()}
    try:
        info = validate_id_number(person.id_number)
        worker.update(birth_date=info.birth_date.isoformat(), gender=info.gender)
    except InputError:
        pass
    if posting.pay_kind in ("hourly", "daily", "piece") or posting.end_date is not None:
        worker["flexible_employed"] = True
    if seeker.key_group and seeker.key_group_consent:
        worker.update(KEY_GROUP_FACTS.get(seeker.key_group, {}))
    facts: dict[str, dict[str, Any]] = {"person": worker}
    if posting.enterprise_id is not None:
        ent = db_session.get(EnterpriseRecord, posting.enterprise_id)
        employer: dict[str, Any] = {"adcode": posting.county_code, "name": ent.name, "uscc": ent.uscc}
        if seeker.key_group and seeker.key_group_consent:
            employer["key_group_hires"] = 1
        facts["enterprise"] = employer
    return facts


def _pick(results: Any) -> list[Benefit]:
    out = []
    for r in results:
        p = r.provision
        if p.kind != Kind.BENEFIT or r.status != Status.IN_FORCE:
            continue
        if r.outcome == ELIGIBLE or (r.outcome == UNKNOWN and _concerns_hiring(p.id)):
            out.append(Benefit(p, r.outcome, r.amount_fen, p.amount_kind, list(r.questions or [])))
    out.sort(key=lambda b: (b.outcome != ELIGIBLE, -(b.amount_fen or 0)))
    return out


def for_hire(db_session: Session, hire: Hire, posting: JobPosting, seeker: JobSeeker) -> HireBenefits:
    facts = hire_facts(db_session, hire, posting, seeker)
    worker = evaluate_case({"person": facts["person"]}, hire.start_date, explain=False).results
    employer: list[Any] = []
    if "enterprise" in facts:
        employer = evaluate_case({"enterprise": facts["enterprise"]}, hire.start_date, explain=False).results
    return HireBenefits(hire.start_date, _pick(worker), _pick(employer), facts)
