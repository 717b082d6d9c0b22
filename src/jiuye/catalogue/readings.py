"""The ambiguity register: readings declared on provisions plus the hand-kept extra readings."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from .model import DATA

INTRO = DATA / "ambiguities_intro.md"
EXTRA = DATA / "extra_readings.yaml"


@dataclass(frozen=True)
class RegisterItem:
    id: str
    document: str
    where: str
    question: str
    chosen: str
    alternative: str
    switch: str | None
    provisions: tuple[str, ...] = ()
    why: str | None = None


def extra_readings(path: Path = EXTRA) -> list[RegisterItem]:
    with path.open(encoding="utf-8") as fh:
        raw = yaml.safe_load(fh) or []
    out = []
    for r in raw:
        for k in ("id", "document", "where", "question", "chosen", "alternative"):
            if not str(r.get(k) or "").strip():
                raise ValueError(f"{path.name}: reading {r.get('id')!r} lacks {k}")
        out.append(RegisterItem(r["id"], r["document"], r["where"], r["question"], r["chosen"], r["alternative"],
                                r.get("switch"), (), r.get("why")))
    return out


def provision_readings(provisions=None) -> list[RegisterItem]:
    """One item per reading id; a reading declared on several provisions lists them all."""
    from .registry import CATALOGUE

    provisions = list(CATALOGUE) if provisions is None else list(provisions)
    items: dict[str, RegisterItem] = {}
    for p in provisions:
        for r in p.readings:
            prev = items.get(r.id)
            if prev is None:
                items[r.id] = RegisterItem(r.id, p.document.id, p.article, r.question, r.chosen, r.alternative,
                                           r.switch, (p.id,))
            elif p.id not in prev.provisions:
                where = prev.where if p.article in prev.where.split("、") else f"{prev.where}、{p.article}"
                items[r.id] = RegisterItem(prev.id, prev.document, where, prev.question, prev.chosen,
                                           prev.alternative, prev.switch or r.switch, (*prev.provisions, p.id))
    return list(items.values())


def register(provisions=None) -> list[RegisterItem]:
    return provision_readings(provisions) + extra_readings()


def render_markdown(provisions=None) -> str:
    from ..params import PARAMETERS
    from ..rules.documents import DOCUMENTS
    from .registry import DOCUMENT_ORDER

    items = register(provisions)
    lines = [INTRO.read_text(encoding="utf-8").rstrip(), "", "---", "",
             f"{len(items)} readings: {sum(1 for i in items if i.provisions)} declared on provisions, "
             f"{sum(1 for i in items if not i.provisions)} on documents, dates and targets; "
             f"{sum(1 for i in items if i.switch)} with a switch parameter.", "",
             "| reading | document | where | switch |", "|---|---|---|---|"]
    order = {d: n for n, d in enumerate(DOCUMENT_ORDER)}
    items.sort(key=lambda i: (order.get(i.document, 99), 0 if i.provisions else 1))
    for i in items:
        doc = DOCUMENTS[i.document].number if i.document in DOCUMENTS else i.document
        lines.append(f"| [{i.id}](#{i.id.lower()}) | {doc} | {i.where} | {f'`{i.switch}`' if i.switch else '—'} |")
    current = None
    for i in items:
        if i.document != current:
            current = i.document
            d = DOCUMENTS.get(i.document)
            title = (d.title_zh if d.draft else f"{d.number} {d.title_zh}") if d else i.document
            lines += ["", f"## {title}"]
        lines += ["", f"### {i.id}", ""]
        if i.provisions:
            lines.append(f"- **Provisions:** {', '.join(f'`{p}`' for p in i.provisions)} ({i.where})")
        else:
            lines.append(f"- **Where:** {i.where}")
        lines.append(f"- **Question:** {i.question}")
        lines.append(f"- **Chosen:** {i.chosen}")
        if i.why:
            lines.append(f"- **Why:** {i.why}")
        lines.append(f"- **Alternative:** {i.alternative}")
        if i.switch:
            known = "" if i.switch in PARAMETERS else " (**parameter not found**)"
            lines.append(f"- **Switch:** `{i.switch}`{known}")
        else:
            lines.append("- **Switch:** none — the alternative needs a change to the rule or the document declaration")
    return "\n".join(lines) + "\n"
