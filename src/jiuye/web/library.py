"""The policy library: documents as passages beside the rules that encode them, and search.

The seed texts (``jiuye/seeds``) are split into passages at their own markers (``一、``,
``（三）``, ``21.``); line breaks of the extraction are joined and the spaces it put between
Chinese characters removed, nothing else. A provision is placed beside the passage that contains
its quoted clause. Search is plain substring matching (Chinese has no word breaks), every term
must match, case-insensitive for Latin letters.
"""

from __future__ import annotations

import functools
import logging
import re
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from typing import Any

from ..catalogue.registry import CATALOGUE
from ..engine.expr import Expr
from ..engine.provision import Document, Provision, Status
from ..errors import JiuyeError
from ..params.store import PARAMETERS
from ..refdata.divisions import name_of
from ..rules.documents import DOCUMENTS
from .param_text import worded

log = logging.getLogger("jiuye.web")
_MD = re.compile(r"^\s*(?:#+\s*|---+\s*$)")
_MARK = re.compile(r"^\s*(?P<m>[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d{1,2}\s*[\.．](?!\d))")
_CJK_SPACE = re.compile(r"(?<=[^\x00-\x7f])\s+|\s+(?=[^\x00-\x7f])")
_WS = re.compile(r"\s+")


def clean(text: str) -> str:
    """Join extraction line breaks and drop the spaces it put around Chinese characters."""
    return _CJK_SPACE.sub("", _WS.sub(" ", text)).strip()


def squash(text: str) -> str:
    return _WS.sub("", text)


@dataclass
class Passage:
    index: int
    marker: str | None
    path: str  # "二（七）", "第21条"...
    text: str
    heading: bool
    provisions: list[str] = field(default_factory=list)
    title: str | None = None  # the entry's heading (catalogue)
    kind: str | None = None  # catalogue kind: benefit, measure, procedure...
    why: str | None = None  # why nothing is computed (measure, procedure)
    entry: str | None = None  # catalogue entry id

    def to_dict(self) -> dict[str, Any]:
        return {"index": self.index, "marker": self.marker, "path": self.path, "text": self.text,
                "heading": self.heading, "title": self.title, "kind": self.kind, "why": self.why,
                "entry": self.entry, "provisions": self.provisions}


def seed_text(doc: Document) -> str:
    return resources.files("jiuye.seeds").joinpath(doc.seed_file).read_text(encoding="utf-8")


def _split(text: str) -> list[tuple[str | None, str]]:
    parts: list[tuple[str | None, list[str]]] = [(None, [])]
    for line in text.splitlines():
        line = _MD.sub("", line).replace("**", "")
        m = _MARK.match(line)
        if m:
            parts.append((m.group("m").strip(), [line]))
        else:
            parts[-1][1].append(line)
    return [(mk, clean("\n".join(lines))) for mk, lines in parts if clean("\n".join(lines))]


def _catalogue() -> Any:
    """The policy catalogue (``jiuye.catalogue``) when it loads, else ``None`` (seed passages)."""
    try:
        from ..catalogue.model import load_catalogue
    except ImportError:
        return None
    try:
        return load_catalogue()
    except (JiuyeError, OSError, KeyError, ValueError, TypeError) as exc:
        log.warning("catalogue did not load (%s); the library shows seed passages", exc)
        return None


@functools.cache
def passages(doc_id: str) -> tuple[Passage, ...]:
    """The document's passages in order, each with the provisions that encode it."""
    cat = _catalogue()
    if cat is not None and doc_id in cat.documents:
        return _catalogue_passages(cat, doc_id)
    return _seed_passages(doc_id)


def _catalogue_passages(cat: Any, doc_id: str) -> tuple[Passage, ...]:
    out: list[Passage] = []
    section = None
    for entry in cat.documents[doc_id].entries:
        if entry.section and entry.section != section:
            section = entry.section
            out.append(Passage(len(out), None, "", clean(section), True))
        out.append(Passage(len(out), entry.article, entry.article, clean(entry.clean_text), False,
                           title=entry.heading, kind=entry.kind, why=entry.why, entry=entry.id))
    by_entry = {x.entry: x for x in out if x.entry}
    for p in provisions_of(doc_id):
        e = cat.entry_for(p.id)
        target = by_entry.get(e.id) if e is not None else None
        if target is None:
            idx = _locate(p, out)
            target = out[idx] if idx is not None else None
        if target is not None:
            target.provisions.append(p.id)
    return tuple(out)


def _seed_passages(doc_id: str) -> tuple[Passage, ...]:
    doc = DOCUMENTS[doc_id]
    out: list[Passage] = []
    chapter = ""
    for i, (marker, text) in enumerate(_split(seed_text(doc))):
        path = ""
        heading = bool(marker) and len(text) < 30 and "。" not in text
        if marker and marker.endswith("、"):
            chapter = marker[:-1]
            path = chapter
        elif marker and marker.startswith("（"):
            path = f"{chapter}{marker}"
        elif marker:
            path = f"第{marker.rstrip('.． ')}条"
        out.append(Passage(i, marker, path, text, heading))
    for p in provisions_of(doc_id):
        idx = _locate(p, out)
        if idx is not None:
            out[idx].provisions.append(p.id)
    return tuple(out)


def _locate(p: Provision, items: list[Passage]) -> int | None:
    pieces = [squash(x) for x in re.split(r"…+|｜|\|", p.clause)]
    pieces = sorted((x for x in pieces if len(x) >= 8), key=len, reverse=True)
    for piece in pieces:
        for probe in (piece, piece[:24], piece[-24:]):
            for item in items:
                if probe and probe in squash(item.text):
                    return item.index
    return None


def provisions_of(doc_id: str) -> list[Provision]:
    return [p for p in CATALOGUE if p.document.id == doc_id]


def unplaced(doc_id: str) -> list[str]:
    placed = {pid for item in passages(doc_id) for pid in item.provisions}
    return [p.id for p in provisions_of(doc_id) if p.id not in placed]


def document_status(doc: Document, as_of: date) -> str:
    start, end = doc.window(PARAMETERS.snapshot(as_of))
    if doc.draft and start is None:
        return Status.DRAFT_NO_DATE.value
    if start is not None and as_of < start:
        return Status.NOT_YET_IN_FORCE.value
    if end is not None and as_of > end:
        return Status.EXPIRED.value
    return Status.IN_FORCE.value


def document_summary(doc: Document, as_of: date) -> dict[str, Any]:
    start, end = doc.window(PARAMETERS.snapshot(as_of))
    return {
        "id": doc.id, "number": doc.number, "title_zh": doc.title_zh, "title_en": doc.title_en,
        "issuer_zh": doc.issuer_zh, "jurisdiction": doc.jurisdiction, "jurisdiction_zh": name_of(doc.jurisdiction),
        "issued_on": doc.issued_on.isoformat() if doc.issued_on else None,
        "in_force_from": start.isoformat() if start else None, "in_force_to": end.isoformat() if end else None,
        "draft": doc.draft, "status": document_status(doc, as_of), "validity_clause": doc.validity_clause,
        "notes": list(doc.notes), "provision_count": len(provisions_of(doc.id)),
    }


def document_view(doc_id: str, as_of: date) -> dict[str, Any]:
    doc = DOCUMENTS[doc_id]
    out = document_summary(doc, as_of)
    out["passages"] = [x.to_dict() for x in passages(doc_id)]
    out["provisions"] = [provision_summary(p, as_of) for p in provisions_of(doc_id)]
    out["unplaced_provisions"] = unplaced(doc_id)
    return out


def expr_tree(e: Any, depth: int = 0) -> dict[str, Any]:
    """A declared expression as a tree of labels (the rule as written, not evaluated)."""
    if not isinstance(e, Expr):
        return {"label": str(e)}
    node: dict[str, Any] = {"label": e.describe(), "node": type(e).__name__}
    name = getattr(e, "name", None)
    if isinstance(name, str):
        node["name"] = name
    kids = [c for c in e.children if isinstance(c, Expr)]
    if kids and depth < 12:
        node["children"] = [expr_tree(c, depth + 1) for c in kids]
    return node


_CJK = re.compile(r"[\u4e00-\u9fff]")
_UNIT_IN_FEN = re.compile(r"[（(](?:分|[^（）()]*\bfen\b)[^（）()]*[）)]")  # a stored unit: no value is shown here


def plain_tree(e: Any, depth: int = 0) -> list[dict[str, Any]]:
    """The steps of an expression a person can read: the nodes described in words (``中文 / English``),
    each with the worded steps below it; operators, field paths and parameter ids are left out."""
    if not isinstance(e, Expr) or depth > 12:
        return []
    kids = [n for c in e.children if isinstance(c, Expr) for n in plain_tree(c, depth + 1)]
    text = e.describe()
    if not isinstance(text, str) or not _CJK.search(text):
        return kids
    from .param_text import worded

    zh, _, en = _UNIT_IN_FEN.sub("", text).partition(" / ")
    return [{"label_zh": worded(zh.strip()), "label_en": worded((en or zh).strip(), "en"), "children": kids}]


def params_of(p: Provision) -> list[str]:
    names: list[str] = []
    exprs: list[Expr] = [c.test for c in p.all_conditions()]
    if p.amount is not None:
        exprs.append(p.amount)
    if isinstance(p.max_duration_months, Expr):
        exprs.append(p.max_duration_months)
    exprs.extend(e for _, e in p.extras)
    for e in exprs:
        for n in e.params():
            if n in PARAMETERS and n not in names:
                names.append(n)
    return names


def provision_summary(p: Provision, as_of: date) -> dict[str, Any]:
    snap = PARAMETERS.snapshot(as_of)
    return {
        "id": p.id, "title_zh": p.title_zh, "title_en": p.title_en, "document": p.document.id,
        "document_number": p.document.number, "article": p.article, "citation": p.citation,
        "subject": p.subject.value, "kind": p.kind.value, "benefit_type": p.benefit_type,
        "period": p.period.value, "amount_kind": p.amount_kind, "stacking_group": p.stacking_group,
        "jurisdiction": p.document.jurisdiction, "draft": p.document.draft,
        "status": p.status(as_of, snap).value, "tags": sorted(p.tags),
    }


def provision_detail(p: Provision, as_of: date) -> dict[str, Any]:
    from .forms import field_specs
    from .questions import fact_names

    snap = PARAMETERS.snapshot(as_of)
    start, end = p.window(snap)
    specs = field_specs()
    out = provision_summary(p, as_of)
    md = p.max_duration_months
    out.update({
        "clause": p.clause, "payee": p.payee,
        "in_force_from": start.isoformat() if start else None, "in_force_to": end.isoformat() if end else None,
        "in_force_clause": p.in_force_clause or p.document.validity_clause,
        "max_duration_months": md if isinstance(md, int) or md is None else {"formula": expr_tree(md)},
        "conditions": [{"id": c.id, "label_zh": c.label_zh, "label_en": c.label_en, "clause": c.clause,
                        "facts": sorted(f.name for f in c.test.facts()), "has_hint": c.hint is not None,
                        "formula": expr_tree(c.test), "steps": plain_tree(c.test)} for c in p.all_conditions()],
        "amount_formula": expr_tree(p.amount) if p.amount is not None else None,
        "amount_steps": plain_tree(p.amount) if p.amount is not None else [],
        "parameters": [_param_ref(n, snap) for n in params_of(p)],
        "facts": [{"fact": n, "label_zh": specs[n].label_zh if n in specs else n,
                   "label_en": specs[n].label_en if n in specs else n} for n in sorted(fact_names(p))],
        "readings": [{"id": r.id, "question": worded(r.question), "chosen": worded(r.chosen),
                      "alternative": worded(r.alternative), "switch": r.switch, **_switch_label(r.switch)}
                     for r in p.readings],
        "notes": list(p.notes),
    })
    return out


def _switch_label(name: str | None) -> dict[str, str]:
    if not name or name not in PARAMETERS:
        return {}
    return {"switch_label_zh": PARAMETERS[name].label_zh, "switch_label_en": PARAMETERS[name].label_en}


def _param_ref(name: str, snap: Any) -> dict[str, Any]:
    from .params_view import value_json, value_text
    from .sources import source_for

    param = PARAMETERS[name]
    entry = param.entry_at(snap.as_of)
    value = snap.get(name)
    return {"name": name, "label_zh": param.label_zh, "label_en": param.label_en, "unit": param.unit,
            "value": value_json(param, value), "from": entry.start.isoformat() if entry else None,
            "text_zh": value_text(param, value, "zh") if value is not None else None,
            "text_en": value_text(param, value, "en") if value is not None else None,
            "source": entry.source if entry else None, "local_standard": param.local_standard,
            "source_text_zh": source_for(entry.source, None, "zh") if entry and entry.source else None,
            "source_text_en": source_for(entry.source, None, "en") if entry and entry.source else None}


# --- search ------------------------------------------------------------------------------
def terms_of(q: str | None) -> list[str]:
    return [t for t in _WS.split((q or "").strip()) if t][:8]


@functools.cache
def _haystack(p: Provision) -> str:
    parts = [p.id, p.title_zh, p.title_en, p.clause, p.citation, p.document.title_zh, p.document.number]
    for c in p.all_conditions():
        parts += [c.label_zh, c.label_en, c.clause]
    return squash(" ".join(parts)).lower()


def _matches(hay: str, terms: list[str]) -> bool:
    return all(squash(t).lower() in hay for t in terms)


def search(*, q: str | None = None, city: str | None = None, subject: str | None = None, kind: str | None = None,
           status: str | None = None, document: str | None = None, as_of: date) -> dict[str, Any]:
    """Provisions (and, with a query, document passages) matching every filter."""
    terms = terms_of(q)
    snap = PARAMETERS.snapshot(as_of)
    provs = []
    for p in CATALOGUE:
        if city and p.document.jurisdiction != city:
            continue
        if subject and p.subject.value != subject:
            continue
        if kind and p.kind.value != kind:
            continue
        if document and p.document.id != document:
            continue
        if status and p.status(as_of, snap).value != status:
            continue
        if terms and not _matches(_haystack(p), terms):
            continue
        provs.append(p)
    found_passages = []
    if terms:
        for doc in DOCUMENTS.values():
            if city and doc.jurisdiction != city or document and doc.id != document:
                continue
            for item in passages(doc.id):
                if _matches(squash(item.text).lower(), terms):
                    found_passages.append({"document": doc.id, "document_number": doc.number, **item.to_dict()})
    return {"terms": terms, "provisions": provs, "passages": found_passages}


def cities() -> list[tuple[str, str]]:
    codes = sorted({d.jurisdiction for d in DOCUMENTS.values()})
    return [(c, name_of(c) or c) for c in codes]
