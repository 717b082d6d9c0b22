"""Which questions still matter, in which order.

The engine lists, for every provision it cannot decide yet (and for eligible ones whose amount
needs a fact), the facts it is missing (:attr:`ProvisionResult.questions`). Here they are merged
into one list and ordered so that few answers settle many outcomes:

1. facts that decide *where* a provision applies (its jurisdiction condition) come first, since
   one answer rules out whole documents;
2. then by how close the fact brings outcomes to a decision: each undecided provision adds
   1 / (facts it still misses), twice that for a benefit, so the last missing fact of a
   benefit comes before a fact that many far-off provisions share;
3. then yes/no and multiple-choice facts before dates and numbers, since they open or close
   a branch;
4. then in the order the input models declare them (graduate before graduation date).
"""

from __future__ import annotations

import functools
from typing import Any

from ..engine.provision import Kind, Provision
from ..engine.results import ELIGIBLE, UNKNOWN, CaseResult
from .forms import field_specs


@functools.cache
def _jurisdiction_facts(provision: Provision) -> frozenset[str]:
    return frozenset(f.name for f in provision.jurisdiction.test.facts())


@functools.cache
def fact_names(provision: Provision) -> frozenset[str]:
    """Every fact a provision reads (conditions, amount, duration), history facts excluded."""
    names: set[str] = set()
    exprs = [c.test for c in provision.all_conditions()]
    if provision.amount is not None:
        exprs.append(provision.amount)
    if provision.max_duration_months is not None and not isinstance(provision.max_duration_months, int):
        exprs.append(provision.max_duration_months)
    for e in exprs:
        names.update(f.name for f in e.facts() if not f.name.startswith("hist."))
    return frozenset(names)


_BY_PROVISION: dict[int, tuple[Provision, float, frozenset[str]]] = {}


def _weighed(provision: Provision) -> tuple[Provision, float, frozenset[str]]:
    """(the provision, 2.0 for a benefit else 1.0, its jurisdiction's facts), by the provision's identity
    (a frozen dataclass hashes every field: too slow for each result of each answer)."""
    hit = _BY_PROVISION.get(id(provision))
    if hit is None or hit[0] is not provision:
        if len(_BY_PROVISION) > 10_000:  # provisions made on the fly (tests, reforms)
            _BY_PROVISION.clear()
        hit = _BY_PROVISION[id(provision)] = (provision, 2.0 if provision.kind == Kind.BENEFIT else 1.0,
                                              _jurisdiction_facts(provision))
    return hit


def _order(e: dict[str, Any]) -> tuple[Any, ...]:
    choice = e.get("type") == "bool" or bool(e.get("choices"))
    return (not e["jurisdiction"], -e["_weight"], not choice, e["_order"])


def pending_questions(result: CaseResult, *, exclude_prefixes: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    """The questions still open in ``result``, most useful first, each with ``needed_by``."""
    specs = field_specs()
    merged: dict[str, dict[str, Any]] = {}
    for r in result.results:
        if not r.questions or r.outcome not in (UNKNOWN, ELIGIBLE):
            continue
        _, kind_weight, facts = _weighed(r.provision)
        where = facts if r.conditions and r.conditions[0].value is None else frozenset()
        # a fact that is the last one missing decides an outcome: it weighs the most
        weight = kind_weight / len(r.questions)
        pid = r.provision.id
        for q in r.questions:
            name = q["fact"]
            if exclude_prefixes and name.startswith(exclude_prefixes):
                continue
            entry = merged.get(name)
            if entry is None:
                spec = specs.get(name)
                entry = merged[name] = {
                    **q, "needed_by": [], "jurisdiction": False, "_weight": 0,
                    "label_zh": spec.label_zh if spec else name, "label_en": spec.label_en if spec else name,
                    "_order": spec.order if spec else 10**6,
                }
            entry["needed_by"].append(pid)
            entry["_weight"] += weight
            if name in where:
                entry["jurisdiction"] = True
    out = sorted(merged.values(), key=_order)
    for e in out:
        del e["_weight"], e["_order"]
    return out
