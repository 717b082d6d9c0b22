"""The literate view's data: one page per document (clauses in order, and beside each the rules that
encode it, their parameters over time and their tests), plus an index. Catala-style: the law on
the left, its encoding on the right, readable by a policy officer. :mod:`jiuye.ui.literate`
renders it with the one Jinja environment."""

from __future__ import annotations

from datetime import date
from typing import Any

from .coverage import RuleTests, coverage, entry_status, load_rule_tests, provisions_by_entry
from .describe import duration_view, explain, parameter_names, parameter_view
from .model import Catalogue, Entry, load_catalogue
from .targets import district_table

STATUS_LABELS = {
    "in_force": ("有效", "in force"), "expired": ("已失效", "expired"),
    "not_yet_in_force": ("尚未施行", "not yet in force"), "draft_no_date": ("征求意见稿·施行日期未定", "draft, no date"),
}
OUTCOME_LABELS = {"eligible": "符合 eligible", "not_eligible": "不符合 not eligible", "unknown": "待定 unknown",
                  "superseded": "被替代 superseded"}


def _expect_text(exp: dict[str, Any]) -> str:
    parts = []
    for k, v in exp.items():
        if k == "outcome":
            parts.insert(0, OUTCOME_LABELS.get(v, v))
        elif k == "amount_yuan":
            parts.append(f"¥{v}")
        elif k == "failed":
            parts.append("未满足 failed: " + ", ".join(v))
        else:
            parts.append(f"{k}: {v}")
    return "；".join(parts)


def provision_view(p, as_of: date, snapshot, tests: RuleTests) -> dict[str, Any]:
    status = p.status(as_of, snapshot).value
    start, end = p.window(snapshot)
    return {
        "id": p.id, "title_zh": p.title_zh, "title_en": p.title_en, "citation": p.citation,
        "kind": p.kind.value, "subject": p.subject.value, "benefit_type": p.benefit_type, "payee": p.payee,
        "status": status, "window": (start.isoformat() if start else "—", end.isoformat() if end else "—"),
        "clause": p.clause,
        "conditions": [{"id": c.id, "label_zh": c.label_zh, "label_en": c.label_en, "clause": c.clause,
                        "test": explain(c.test)} for c in p.all_conditions()],
        "amount": explain(p.amount) if p.amount is not None else None, "amount_kind": p.amount_kind,
        "period": p.period.label_zh, "period_en": p.period.value, "duration": duration_view(p),
        "stacking_group": p.stacking_group,
        "extras": [{"name": n, "expr": explain(x)} for n, x in p.extras],
        "readings": p.readings, "notes": p.notes,
        "parameters": [parameter_view(n) for n in parameter_names(p)],
        "tests": [{"file": c.file, "name": c.name, "as_of": c.as_of, "expect": _expect_text(c.expect), "main": c.main}
                  for c in tests.cases(p.id)],
    }


def entry_view(e: Entry, provs: list, as_of: date, snapshot, tests: RuleTests) -> dict[str, Any]:
    encoded, tested = entry_status(e, provs, tests)
    view = {"e": e, "encoded": encoded, "tested": tested,
            "paragraphs": e.clean_text.split("\n"),
            "provisions": [provision_view(p, as_of, snapshot, tests) for p in provs]}
    if e.table:
        view["table"] = district_table()
    return view


def site_views(as_of: date | None = None, cat: Catalogue | None = None, provisions=None,
               tests: RuleTests | None = None) -> tuple[date, list[dict[str, Any]]]:
    """(as-of date, one view per document) for the literate pages."""
    from ..params import PARAMETERS
    from ..rules.documents import DOCUMENTS
    from .registry import CATALOGUE

    as_of = as_of or date.today()
    cat = cat or load_catalogue()
    provisions = list(CATALOGUE) if provisions is None else list(provisions)
    tests = tests or load_rule_tests()
    snapshot = PARAMETERS.snapshot(as_of)
    by_entry, orphans = provisions_by_entry(cat, provisions)
    rows = {r.document: r for r in coverage(cat, provisions, tests)}
    docs = []
    for doc_id, dc in cat.documents.items():
        d = DOCUMENTS[doc_id]
        start, end = d.window(snapshot)
        expired = end is not None and as_of > end
        sections: list[dict[str, Any]] = []
        for e in dc:
            if not sections or sections[-1]["title"] != e.section:
                sections.append({"title": e.section, "entries": []})
            sections[-1]["entries"].append(entry_view(e, by_entry[e.id], as_of, snapshot, tests))
        docs.append({"d": d, "start": start, "end": end, "expired": expired, "sections": sections,
                     "row": rows[doc_id], "count": len(dc),
                     "orphans": [provision_view(p, as_of, snapshot, tests) for p in orphans
                                 if p.document.id == doc_id]})
    return as_of, docs
