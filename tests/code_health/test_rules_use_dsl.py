"""Rules reach the engine through one door: ``jiuye.engine.dsl`` (issue 9: a DSL you can find)."""

from __future__ import annotations

import ast
from pathlib import Path

RULES = Path(__file__).resolve().parents[2] / "src" / "jiuye" / "rules"


def _engine_imports(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            module = node.module or ""
            absolute = module if not node.level else "engine" + module.split("engine", 1)[1] \
                if "engine" in module else ""
            if absolute.startswith("engine") or module.startswith("jiuye.engine"):
                found.append(module)
    return found


def test_rules_import_the_engine_only_through_the_dsl():
    files = sorted(RULES.rglob("*.py"))
    assert len(files) > 40
    offenders = {
        str(f.relative_to(RULES)): mods
        for f in files
        if (mods := [m for m in _engine_imports(f) if not m.endswith("engine.dsl")])
    }
    assert offenders == {}


def test_the_check_sees_a_deep_import(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("from ...engine.expr import Const\nfrom ...engine.dsl import P\n", encoding="utf-8")
    assert _engine_imports(bad) == ["engine.expr", "engine.dsl"]
