"""Every clause a rule cites is verbatim in a seed.

Each ``Provision.clause``, ``Provision.in_force_clause`` and ``Condition.clause`` is split into
fragments on ``……`` and ``｜``; a fragment starting with a document number and a colon (e.g.
``浙人社发〔2021〕22号：``) is looked up in that document's seed, every fragment also in the
provision's own document's seed. Comparison ignores whitespace (the seeds break lines anywhere).

Known failures are strict xfails below, with the reason: fix the clause in the rule, then delete
its line here (a fixed citation still listed fails as XPASS).
"""

from __future__ import annotations

import re

import pytest

from jiuye.catalogue.model import normalise, seed_normalised
from jiuye.catalogue.registry import CATALOGUE
from jiuye.rules.documents import DOCUMENTS

BY_NUMBER = {d.number: d for d in DOCUMENTS.values()}
SPLIT = re.compile(r"……|｜")
PREFIX = re.compile(r"^(" + "|".join(re.escape(n) for n in sorted(BY_NUMBER, key=len, reverse=True)) + r")\s*[：:]")

# "<provision id>:<clause id>" -> why it fails. Rules belong to their authors: fix there, then delete here.
KNOWN_FAILURES: dict[str, str] = {}


def fragments(text: str) -> list[tuple[str, str | None]]:
    """(fragment, named document id or None) for each non-empty fragment of a cited clause."""
    out = []
    for raw in SPLIT.split(text):
        frag = raw.strip()
        named = None
        m = PREFIX.match(frag)
        if m:
            named = BY_NUMBER[m.group(1)].id
            frag = frag[m.end():].strip()
        if normalise(frag):
            out.append((frag, named))
    return out


def missing_fragments(doc_id: str, text: str) -> list[str]:
    own = seed_normalised(DOCUMENTS[doc_id].seed_file)
    bad = []
    for frag, named in fragments(text):
        n = normalise(frag)
        other = seed_normalised(DOCUMENTS[named].seed_file) if named else ""
        if n not in own and n not in other:
            bad.append(frag)
    return bad


def _citations():
    for p in CATALOGUE:
        yield f"{p.id}:clause", p.document.id, p.clause
        if p.in_force_clause:
            yield f"{p.id}:in_force_clause", p.document.id, p.in_force_clause
        for c in p.all_conditions():
            yield f"{p.id}:{c.id}", p.document.id, c.clause


def _params():
    seen = set()
    for cid, doc, text in _citations():
        if cid in seen:  # a condition id repeated would already fail at declaration
            continue
        seen.add(cid)
        marks = [pytest.mark.xfail(strict=True, reason=KNOWN_FAILURES[cid])] if cid in KNOWN_FAILURES else []
        yield pytest.param(doc, text, id=cid, marks=marks)


@pytest.mark.parametrize(("doc", "text"), list(_params()))
def test_clause_is_verbatim_in_a_seed(doc, text):
    bad = missing_fragments(doc, text)
    assert not bad, "not verbatim in the seed (whitespace-insensitive): " + " / ".join(bad)


def test_known_failures_name_existing_citations():
    ids = {cid for cid, _, _ in _citations()}
    stale = sorted(set(KNOWN_FAILURES) - ids)
    assert not stale, f"KNOWN_FAILURES names citations that no longer exist: {stale}"


def test_fragment_splitting():
    text = "（七）实施就业创业降本行动。……初次创业 ｜ 浙人社发〔2021〕22号：本意见的“山区县”指"
    assert fragments(text) == [("（七）实施就业创业降本行动。", None), ("初次创业", None),
                               ("本意见的“山区县”指", "zj_2021_22")]
