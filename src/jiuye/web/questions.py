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


def pending_questions(result: CaseResult, *, exclude_prefixes: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    """The questions still open in ``result``, most useful first, each with ``needed_by``."""
    specs = field_specs()
    merged: dict[str, dict[str, Any]] = {}
    for r in result.results:
        if not r.questions or r.outcome not in (UNKNOWN, ELIGIBLE):
            continue
        where = _jurisdiction_facts(r.provision) if r.conditions and r.conditions[0].value is None else frozenset()
        # a fact that is the last one missing decides an outcome: it weighs the most
        weight = (2.0 if r.provision.kind == Kind.BENEFIT else 1.0) / len(r.questions)
        for q in r.questions:
            name = q["fact"]
            if name.startswith(exclude_prefixes) if exclude_prefixes else False:
                continue
            entry = merged.get(name)
            if entry is None:
                spec = specs.get(name)
                entry = merged[name] = {
                    **q, "needed_by": [], "jurisdiction": False, "_weight": 0,
                    "label_zh": spec.label_zh if spec else name, "label_en": spec.label_en if spec else name,
                    "_order": spec.order if spec else 10**6,
                }
            entry["needed_by"].append(r.provision.id)
            entry["_weight"] += weight
            if name in where:
                entry["jurisdiction"] = True

    def key(e: dict[str, Any]) -> tuple[Any, ...]:
        choice = e.get("type") == "bool" or bool(e.get("choices"))
        return (not e["jurisdiction"], -e["_weight"], not choice, e["_order"])

    out = sorted(merged.values(), key=key)
    for e in out:
        e.pop("_weight")
        e.pop("_order")
    return out
