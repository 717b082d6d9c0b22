"""Catalogue entries: every article or measure of the five documents, as data.

``data/<document id>.yaml`` holds one entry per article or measure, in document order, with the
verbatim text cut from the seed (see docs/catalogue.md). This module loads and validates them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from ..errors import DeclarationError

DATA = Path(__file__).resolve().parent / "data"
SEEDS = Path(__file__).resolve().parent.parent / "seeds"

KINDS = ("benefit", "definition", "relaxation", "target", "check", "measure", "procedure")
COMPUTABLE = frozenset({"benefit", "definition", "relaxation", "check", "target"})
RULE_KINDS = frozenset({"benefit", "definition", "relaxation", "check"})  # encoded by provisions
COMPARATORS = ("at_least", "at_most", "about", "reach", "more_than")
KIND_LABELS = {
    "benefit": ("待遇", "benefit"), "definition": ("定义", "definition"), "relaxation": ("放宽", "relaxation"),
    "target": ("目标", "target"), "check": ("核查", "check"), "measure": ("举措", "measure"),
    "procedure": ("程序", "procedure"),
}
COMPARATOR_LABELS = {"at_least": "≥", "at_most": "≤", "about": "≈", "reach": "达到", "more_than": ">"}

_MARKUP = re.compile(r"\s+|\*\*|#")


def normalise(text: str) -> str:
    """Text for verbatim comparison: whitespace and markdown markers (``**``, ``#``) removed."""
    return _MARKUP.sub("", text)


@cache
def seed_text(seed_file: str) -> str:
    return (SEEDS / seed_file).read_text(encoding="utf-8")


@cache
def seed_normalised(seed_file: str) -> str:
    return normalise(seed_text(seed_file))


@dataclass(frozen=True)
class Target:
    id: str
    key: str
    quote: str
    printed: str
    value: int | float
    unit: str
    comparator: str
    deadline: date
    per: str | None = None
    scope: str | None = None
    table_column: str | None = None
    each_district: bool = False
    note: str | None = None

    @property
    def label(self) -> str:
        per = "每年" if self.per == "year" else ""
        return f"{per}{COMPARATOR_LABELS[self.comparator]} {self.value:g} {self.unit}（{self.deadline.isoformat()}前）"


@dataclass(frozen=True)
class OcrFix:
    source: str
    replacement: str
    note: str


@dataclass(frozen=True)
class Entry:
    id: str
    document: str
    key: str
    article: str
    heading: str
    kind: str
    text: str
    order: int
    section: str | None = None
    why: str | None = None
    ocr: tuple[OcrFix, ...] = ()
    notes: tuple[str, ...] = ()
    targets: tuple[Target, ...] = ()
    table: str | None = None

    @property
    def computable(self) -> bool:
        return self.kind in COMPUTABLE

    @property
    def clean_text(self) -> str:
        out = self.text
        for fix in self.ocr:
            out = out.replace(fix.source, fix.replacement)
        return out

    @property
    def kind_label(self) -> tuple[str, str]:
        return KIND_LABELS[self.kind]

    def encodes(self, provision_id: str) -> bool:
        """Does a provision with this id encode this entry (id equal, or id + '.' prefix)?"""
        return provision_id == self.id or provision_id.startswith(self.id + ".")


@dataclass(frozen=True)
class DocumentCatalogue:
    document: str
    seed: str
    entries: tuple[Entry, ...]

    def __iter__(self):
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)


@dataclass
class Catalogue:
    documents: dict[str, DocumentCatalogue] = field(default_factory=dict)

    @property
    def entries(self) -> list[Entry]:
        return [e for d in self.documents.values() for e in d.entries]

    def entry(self, entry_id: str) -> Entry:
        for e in self.entries:
            if e.id == entry_id:
                return e
        raise KeyError(entry_id)

    def entry_for(self, provision_id: str) -> Entry | None:
        """The entry a provision encodes: the longest entry id that is the provision id or its prefix."""
        best = None
        for e in self.entries:
            if e.encodes(provision_id) and (best is None or len(e.id) > len(best.id)):
                best = e
        return best

    def targets(self) -> list[tuple[Entry, Target]]:
        return [(e, t) for e in self.entries for t in e.targets]


def _date(v: Any, where: str) -> date:
    if isinstance(v, date):
        return v
    try:
        return date.fromisoformat(str(v))
    except ValueError:
        raise DeclarationError(f"{where}: not a date: {v!r}") from None


def _target(entry_id: str, raw: dict[str, Any]) -> Target:
    where = f"{entry_id} target {raw.get('key')}"
    for k in ("key", "quote", "printed", "value", "unit", "comparator", "deadline"):
        if raw.get(k) in (None, ""):
            raise DeclarationError(f"{where}: missing {k}")
    if raw["comparator"] not in COMPARATORS:
        raise DeclarationError(f"{where}: comparator {raw['comparator']!r} not in {COMPARATORS}")
    return Target(
        id=f"{entry_id}.{raw['key']}", key=raw["key"], quote=raw["quote"], printed=str(raw["printed"]),
        value=raw["value"], unit=raw["unit"], comparator=raw["comparator"],
        deadline=_date(raw["deadline"], where), per=raw.get("per"), scope=raw.get("scope"),
        table_column=raw.get("table_column"), each_district=bool(raw.get("each_district", False)),
        note=raw.get("note"),
    )


def _entry(doc: str, order: int, raw: dict[str, Any]) -> Entry:
    entry_id = f"{doc}.{raw['key']}"
    for k in ("key", "article", "heading", "kind", "text"):
        if not str(raw.get(k) or "").strip():
            raise DeclarationError(f"{entry_id}: missing {k}")
    if raw["kind"] not in KINDS:
        raise DeclarationError(f"{entry_id}: kind {raw['kind']!r} not in {KINDS}")
    if raw["kind"] in ("measure", "procedure") and not str(raw.get("why") or "").strip():
        raise DeclarationError(f"{entry_id}: a {raw['kind']} needs a 'why' line")
    ocr = tuple(OcrFix(str(o["from"]), str(o["to"]), str(o.get("note") or "")) for o in raw.get("ocr") or ())
    return Entry(
        id=entry_id, document=doc, key=raw["key"], article=str(raw["article"]), heading=raw["heading"],
        kind=raw["kind"], text=raw["text"], order=order, section=raw.get("section"), why=raw.get("why"),
        ocr=ocr, notes=tuple(raw.get("notes") or ()),
        targets=tuple(_target(entry_id, t) for t in raw.get("targets") or ()), table=raw.get("table"),
    )


def load_document(path: Path) -> DocumentCatalogue:
    with path.open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    doc = data["document"]
    entries = tuple(_entry(doc, i, raw) for i, raw in enumerate(data["entries"]))
    seen: set[str] = set()
    for e in entries:
        if e.id in seen:
            raise DeclarationError(f"duplicate catalogue entry {e.id}")
        seen.add(e.id)
        tkeys = [t.key for t in e.targets]
        if len(set(tkeys)) != len(tkeys):
            raise DeclarationError(f"{e.id}: duplicate target keys")
    return DocumentCatalogue(doc, data["seed"], entries)


@cache
def load_catalogue(root: Path = DATA) -> Catalogue:
    """Every document's entries, in the registry's document order."""
    from .registry import DOCUMENT_ORDER

    cat = Catalogue()
    found = {p.stem: p for p in root.glob("*.yaml") if p.stem in DOCUMENT_ORDER}
    for doc in DOCUMENT_ORDER:
        if doc in found:
            cat.documents[doc] = load_document(found[doc])
    return cat
