"""One Jinja environment (issue 9): only ``jiuye.ui.templating`` constructs one."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "jiuye"


def _constructs_environment(path: Path) -> bool:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if name in {"Environment", "Jinja2Templates"}:
                return True
    return False


def test_only_the_ui_builds_a_jinja_environment():
    builders = sorted(str(p.relative_to(SRC)) for p in SRC.rglob("*.py") if _constructs_environment(p))
    assert builders == ["ui/templating.py"]


def test_the_check_sees_a_second_environment(tmp_path):
    extra = tmp_path / "x.py"
    extra.write_text("import jinja2\nenv = jinja2.Environment()\n", encoding="utf-8")
    assert _constructs_environment(extra)
