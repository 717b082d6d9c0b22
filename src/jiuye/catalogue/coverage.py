"""Which provisions encode which catalogue entries, which rule tests test them, and the gaps.

- A provision encodes an entry iff its id equals the entry id or starts with ``<entry id>.``.
- A rule test (``tests/rules/**.yaml``) tests a provision named in its ``provision:`` key or in a
  case's ``also:`` mapping.
- Benefit, definition, relaxation and check entries are encoded by provisions; target entries are
  encoded by their data (``targets`` or a table) and tested by their checks (see targets.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .model import RULE_KINDS, Catalogue, Entry, load_catalogue

REPO = Path(__file__).resolve().parents[3]
RULE_TESTS = REPO / "tests" / "rules"
GAPS_FILE = REPO / "docs" / "coverage_gaps.txt"
OWNERS = {"zj_2022_46": "part B", "zj_2021_22": "part B", "quzhou_2023_12": "part B", "hz_2022_draft": "part C",
          "sx_2023_28": "part A"}


@dataclass(frozen=True)
class RuleCase:
    file: str  # path relative to the repository
    name: str
    as_of: str
    expect: dict[str, Any]
    main: bool  # the file's own provision (not an ``also`` reference)


@dataclass
class RuleTests:
    by_provision: dict[str, list[RuleCase]] = field(default_factory=dict)
    clauses: dict[str, str] = field(default_factory=dict)  # file -> quoted clause

    def cases(self, provision_id: str) -> list[RuleCase]:
        return self.by_provision.get(provision_id, [])

    def tested(self, provision_id: str) -> bool:
        return bool(self.by_provision.get(provision_id))


def load_rule_tests(root: Path = RULE_TESTS) -> RuleTests:
    out = RuleTests()
    if not root.is_dir():
        return out
    for path in sorted(root.rglob("*.yaml")):
        with path.open(encoding="utf-8") as fh:
            spec = yaml.safe_load(fh) or {}
        try:
            rel = str(path.relative_to(REPO))
        except ValueError:
            rel = str(path)
        out.clauses[rel] = str(spec.get("clause") or "")
        main = spec.get("provision")
        for case in spec.get("cases") or ():
            name, as_of = str(case.get("name", "")), str(case.get("as_of", ""))
            if main and "expect" in case:
                out.by_provision.setdefault(main, []).append(RuleCase(rel, name, as_of, case["expect"], True))
            for pid, exp in (case.get("also") or {}).items():
                out.by_provision.setdefault(pid, []).append(RuleCase(rel, name, as_of, exp or {}, False))
    return out


def provisions_by_entry(cat: Catalogue, provisions) -> tuple[dict[str, list], list]:
    """Map entry id -> provisions encoding it (most specific entry), and the orphan provisions."""
    by_entry: dict[str, list] = {e.id: [] for e in cat.entries}
    orphans = []
    for p in provisions:
        entry = cat.entry_for(p.id)
        if entry is None:
            orphans.append(p)
        else:
            by_entry[entry.id].append(p)
    return by_entry, orphans


def target_problems(entry: Entry) -> list[str]:
    from .targets import district_table
    from .targets import target_problems as check

    out = [msg for t in entry.targets for msg in check(entry, t)]
    if entry.table:
        out += district_table().problems()
    return out


def entry_status(entry: Entry, provisions: list, tests: RuleTests) -> tuple[bool, bool]:
    """(encoded, tested) for one entry."""
    if entry.kind == "target":
        encoded = bool(entry.targets) or bool(entry.table)
        return encoded, encoded and not target_problems(entry)
    encoded = bool(provisions)
    return encoded, encoded and all(tests.tested(p.id) for p in provisions)


@dataclass(frozen=True)
class CoverageRow:
    document: str
    entries: int
    computable: int
    encoded: int
    tested: int
    provisions: int
    provisions_tested: int
    targets: int


def coverage(cat: Catalogue | None = None, provisions=None, tests: RuleTests | None = None) -> list[CoverageRow]:
    from .registry import CATALOGUE

    cat = cat or load_catalogue()
    provisions = list(CATALOGUE) if provisions is None else list(provisions)
    tests = tests or load_rule_tests()
    by_entry, _ = provisions_by_entry(cat, provisions)
    rows = []
    for doc, dc in cat.documents.items():
        comp = [e for e in dc if e.computable]
        status = [entry_status(e, by_entry[e.id], tests) for e in comp]
        provs = [p for p in provisions if p.document.id == doc]
        rows.append(CoverageRow(doc, len(dc), len(comp), sum(s[0] for s in status), sum(s[1] for s in status),
                                len(provs), sum(tests.tested(p.id) for p in provs),
                                sum(len(e.targets) for e in dc)))
    return rows


# --- the ratchet list (docs/coverage_gaps.txt) ---------------------------------------------
GAPS_HEADER = """\
# Coverage gaps: the list may only shrink (tests/code_health/test_coverage.py).
#
#   <id>  unencoded  <reason>   a computable catalogue entry (benefit, definition, relaxation,
#                               check) that no provision encodes yet
#   <id>  untested   <reason>   a provision that no rule test (tests/rules/**.yaml) names in
#                               `provision:` or `also:`
#
# When you encode an entry or test a rule, delete its line. The test fails when a gap is not
# listed here, and when a listed gap is closed but its line is still here.
# Regenerate the current state with: jiuye catalogue --gaps
"""


def current_gaps(cat: Catalogue | None = None, provisions=None, tests: RuleTests | None = None) -> dict[str, tuple[str, str]]:
    """id -> (status, reason) for every gap now."""
    from .registry import CATALOGUE

    cat = cat or load_catalogue()
    provisions = list(CATALOGUE) if provisions is None else list(provisions)
    tests = tests or load_rule_tests()
    by_entry, _ = provisions_by_entry(cat, provisions)
    gaps: dict[str, tuple[str, str]] = {}
    for e in cat.entries:
        if e.kind in RULE_KINDS and not by_entry[e.id]:
            gaps[e.id] = ("unencoded", f"{e.article} {e.heading} ({e.kind}) — {OWNERS.get(e.document, '')}".strip())
    for p in provisions:
        if not tests.tested(p.id):
            gaps[p.id] = ("untested", f"{p.citation} {p.title_zh} — no case in tests/rules names it")
    return gaps


def format_gaps(gaps: dict[str, tuple[str, str]]) -> str:
    width = max((len(i) for i in gaps), default=0)
    lines = [f"{i.ljust(width)}  {status.ljust(9)}  {reason}" for i, (status, reason) in gaps.items()]
    return GAPS_HEADER + "\n" + "\n".join(lines) + ("\n" if lines else "")


def read_gaps(path: Path = GAPS_FILE) -> dict[str, tuple[str, str]]:
    out: dict[str, tuple[str, str]] = {}
    if not path.exists():
        return out
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split(None, 2)
        if len(parts) < 2 or parts[1] not in ("unencoded", "untested"):
            raise ValueError(f"{path.name}:{n}: expected '<id> unencoded|untested <reason>', got {line!r}")
        if parts[0] in out:
            raise ValueError(f"{path.name}:{n}: {parts[0]} listed twice")
        out[parts[0]] = (parts[1], parts[2] if len(parts) > 2 else "")
    return out
