"""The engine's check of an application, as of its claim period (:mod:`.claims`), and its replay.

The case the engine sees is the applicant's facts plus a history built from the database:
every other application of the same subject that holds its reservations (pending, under
objection, approved) counts as a benefit received, so the documents' caps ("three a year",
"the same certificate once", "three loans, three years") are checked by the rules themselves,
with their clauses in the explanation. The whole input is stored (``input_snapshot``) with the
ruleset version, so :func:`replay` can evaluate it again and compare.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from ..catalogue.registry import CATALOGUE, get_provision
from ..db.ruleset import ruleset_version
from ..engine.provision import Provision
from ..engine.results import ProvisionResult
from ..engine.single import evaluate_case
from ..errors import InputError
from ..facts.models import BenefitRecord, Case
from ..params.store import PARAMETERS
from .models import Application


@dataclass
class Check:
    result: ProvisionResult
    explanation: dict[str, Any]
    snapshot: dict[str, Any]
    ruleset_version: str

    @property
    def outcome(self) -> str:
        return self.result.outcome


def peers(p: Provision) -> list[Provision]:
    """The provision and the others of its stacking group for the same kind of subject."""
    if not p.stacking_group:
        return [p]
    return [p, *(q for q in CATALOGUE if q.id != p.id and q.stacking_group == p.stacking_group
                 and q.subject == p.subject)]


def claim_level(case: Case) -> int | None:
    person = case.person
    if person is None:
        return None
    return 0 if person.certificate_kind == "special_ability" else person.certificate_level


def history_records(db_session: Session, *, subject_key: str, exclude_id: int | None = None) -> list[BenefitRecord]:
    """The subject's ledger in the database (instalments with their periods): :func:`.limits.ledger_records`."""
    from .limits import ledger_records

    return ledger_records(db_session, subject_key=subject_key, exclude_id=exclude_id)


def run(*, case: Case, supplied_history: list[dict[str, Any]], db_history: list[BenefitRecord],
        provision: Provision, as_of: date) -> Check:
    """Evaluate ``provision`` (with its stacking peers) for ``case`` plus the histories.

    The database's records of the provision's stacking peers are left out of the engine's ledger: the
    database itself settles the group (``stacking_claims``: the higher benefit takes the unpaid months, so a
    peer's approved months are not all spent) and the provision's own months (``duration_ledgers``)."""
    group = provision.stacking_group
    if group:
        from ..catalogue.registry import CATALOGUE

        peers_ids = {p.id for p in CATALOGUE if p.stacking_group == group and p.id != provision.id}
        db_history = [r for r in db_history if r.provision_id not in peers_ids]
    full = case.model_copy(update={"history": [*case.history, *db_history]})
    provisions = peers(provision)
    result = evaluate_case(full, as_of, provisions=provisions)
    snapshot = {
        "as_of": as_of.isoformat(),
        "provision_id": provision.id,
        "provisions": [p.id for p in provisions],
        "case": full.model_dump(mode="json", exclude_none=True),
        "supplied_history": supplied_history,
        "ruleset_version": ruleset_version(),
        # the administrator-maintained city/county values in force, so a replay uses the same ones
        "local_values": PARAMETERS.maintained_for(sorted({n for p in provisions for n in provision_params(p)})),
    }
    # the applied provision with its full trace; its stacking peers with outcome, amount and reasons
    explanation = {"as_of": result.as_of.isoformat(), "warnings": result.warnings,
                   "results": [r.to_dict(explain=r.provision.id == provision.id) for r in result.results]}
    return Check(result[provision.id], explanation, snapshot, ruleset_version())


def provision_params(p: Provision) -> set[str]:
    exprs = [c.test for c in p.all_conditions()] + [e for _, e in p.extras]
    exprs += [e for e in (p.amount, p.max_duration_months) if e is not None and not isinstance(e, int)]
    return {n for e in exprs for n in e.params()}


def supplied_case(snapshot: dict[str, Any], facts_patch: dict[str, Any] | None = None) -> Case:
    """The applicant's case without the database history, optionally with corrected facts."""
    data = dict(snapshot["case"])
    data["history"] = snapshot.get("supplied_history", [])
    for part, values in (facts_patch or {}).items():
        if part not in ("person", "enterprise"):
            raise InputError(f"facts.{part}", "只能补正 person 或 enterprise 的事实",
                             "only person or enterprise facts can be corrected")
        if not isinstance(values, dict):
            raise InputError(f"facts.{part}", "应为对象", "must be an object")
        merged = dict(data.get(part) or {})
        merged.update(values)
        data[part] = merged
    try:
        return Case.parse(data)
    except InputError as exc:
        raise InputError(f"facts.{exc.field}", exc.message_zh, exc.message_en) from None


def replay(application: Application) -> dict[str, Any]:
    """Evaluate the stored input again; report whether outcome and amount are reproduced."""
    snap = application.input_snapshot
    case = Case.parse(snap["case"])
    provisions = [get_provision(pid) for pid in snap["provisions"]]
    as_of = date.fromisoformat(snap["as_of"])
    store = PARAMETERS.with_local_values(PARAMETERS.entries_from_data(snap.get("local_values", [])))
    result = evaluate_case(case, as_of, provisions=provisions, snapshot=store.snapshot(as_of))
    r = result[snap["provision_id"]]
    same = r.outcome == application.engine_outcome and r.amount_fen == application.engine_amount_fen
    return {"application_id": application.id, "stored_ruleset_version": snap.get("ruleset_version"),
            "current_ruleset_version": ruleset_version(),
            "stored": {"outcome": application.engine_outcome, "amount_fen": application.engine_amount_fen},
            "replayed": {"outcome": r.outcome, "amount_fen": r.amount_fen}, "reproduced": same,
            "local_values": [f"{v['parameter']} @ {v['jurisdiction']} from {v['from']} ({v.get('version')})"
                             for v in snap.get("local_values", [])]}
