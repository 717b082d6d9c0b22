"""Coverage of the catalogue by rules and of rules by tests (see docs/catalogue.md).

Fails when
- a provision's id matches no catalogue entry (ids start with the entry id: ``zj_2022_46.art24``);
- a rule or a condition cites an empty clause, or a catalogue entry has no text;
- a computable entry (benefit, definition, relaxation, check) has no rule, or a rule has no test,
  and the gap is not listed in docs/coverage_gaps.txt;
- a listed gap has been closed (the list may only shrink: delete the line).
"""

from __future__ import annotations

from jiuye.catalogue.coverage import (
    GAPS_FILE,
    coverage,
    current_gaps,
    load_rule_tests,
    provisions_by_entry,
    read_gaps,
)
from jiuye.catalogue.model import load_catalogue
from jiuye.catalogue.registry import CATALOGUE

CAT = load_catalogue()
TESTS = load_rule_tests()


def test_every_provision_encodes_a_catalogue_entry():
    _, orphans = provisions_by_entry(CAT, CATALOGUE)
    assert not orphans, ("provision ids that match no catalogue entry (docs/catalogue.md): "
                         + ", ".join(p.id for p in orphans))


def test_no_citation_is_empty():
    empty = []
    for p in CATALOGUE:
        if not p.clause.strip() or not p.article.strip():
            empty.append(f"{p.id}: clause/article")
        for c in p.all_conditions():
            if not c.clause.strip():
                empty.append(f"{p.id}:{c.id}")
    for e in CAT.entries:
        if not e.text.strip():
            empty.append(e.id)
    assert not empty, empty


def test_rule_tests_name_existing_provisions():
    unknown = sorted(pid for pid in TESTS.by_provision if pid not in CATALOGUE.provisions)
    assert not unknown, f"tests/rules name provisions that do not exist: {unknown}"


def test_every_rule_test_file_quotes_a_clause():
    missing = sorted(f for f, clause in TESTS.clauses.items() if not clause.strip())
    assert not missing, f"rule test files without a `clause:` quote: {missing}"


def test_gaps_ratchet():
    """Every gap is listed, and every listed gap is still open (the list may only shrink)."""
    now = current_gaps(CAT, CATALOGUE, TESTS)
    listed = read_gaps(GAPS_FILE)
    unlisted = [f"{i}  {s}  {r}" for i, (s, r) in now.items() if listed.get(i, (None,))[0] != s]
    closed = [f"{i}  {s}" for i, (s, _) in listed.items() if now.get(i, (None,))[0] != s]
    msg = []
    if unlisted:
        msg.append("new gaps — encode/test them (or, while work is in progress, list them in "
                   "docs/coverage_gaps.txt):\n  " + "\n  ".join(unlisted))
    if closed:
        msg.append("closed gaps still listed — delete these lines from docs/coverage_gaps.txt:\n  "
                   + "\n  ".join(closed))
    assert not msg, "\n".join(msg)


def test_coverage_rows_are_consistent():
    for r in coverage(CAT, CATALOGUE, TESTS):
        assert r.entries >= r.computable >= r.encoded >= r.tested >= 0, r
        assert r.provisions >= r.provisions_tested, r


#: Catalogue entries per document, and the computable ones among them, counted from the seeds
#: (docs/catalogue.md). A change here is a change of the catalogue, made on purpose.
ENTRIES = {"zj_2022_46": (29, 20), "zj_2021_22": (13, 5), "quzhou_2023_12": (17, 11), "hz_2022_draft": (23, 16),
           "sx_2023_28": (27, 14)}


def test_coverage_in_numbers():
    """Every document's entries are counted as expected, and every computable entry is encoded
    and tested except the gaps listed in docs/coverage_gaps.txt."""
    rows = {r.document: r for r in coverage(CAT, CATALOGUE, TESTS)}
    assert {d: (r.entries, r.computable) for d, r in rows.items()} == ENTRIES
    assert sum(r.entries for r in rows.values()) == 109
    gaps = read_gaps(GAPS_FILE)
    doc_of = {e.id: e.document for e in CAT.entries}
    for doc, r in rows.items():
        unencoded = sum(1 for i, (s, *_) in gaps.items() if s == "unencoded" and doc_of.get(i) == doc)
        untested = sum(1 for i, (s, *_) in gaps.items() if s == "untested" and i.split(".")[0] == doc)
        assert r.encoded == r.computable - unencoded, r
        assert r.provisions_tested == r.provisions - untested, r
        assert r.tested <= r.encoded, r
    assert sum(r.provisions for r in rows.values()) == len(CATALOGUE) > 100
