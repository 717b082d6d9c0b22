"""Architecture checks on the parsed code (``ast``): rules and the batch path never loop over rows
in Python; no star imports; no float money in rules; modules stay small."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

from tests.conftest import ROOT

SRC = ROOT / "src" / "jiuye"
#: Polars/pandas methods that run Python per row, or hand rows to Python.
ROW_WISE = {"map_elements", "map_rows", "apply", "iter_rows", "rows", "to_dicts"}


def _files(*parts: str) -> Iterator[Path]:
    for part in parts:
        yield from (SRC / part).rglob("*.py")


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _where(path: Path, node: ast.AST) -> str:
    line = path.read_text(encoding="utf-8").splitlines()[node.lineno - 1]
    return f"{path.relative_to(SRC)}:{node.lineno}: {line.strip()}"


def row_wise_calls(path: Path) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    out = []
    for node in ast.walk(_tree(path)):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in ROW_WISE
                and "noqa: row-loop" not in lines[node.lineno - 1]):
            out.append(_where(path, node))
    return out


def test_rules_and_batch_engine_have_no_row_wise_python():
    offenders = [o for path in [*_files("rules", "engine"), SRC / "standards" / "retirement.py"]
                 for o in row_wise_calls(path)]
    assert not offenders, "row-wise Python in the vectorized path:\n" + "\n".join(offenders)


def test_no_star_imports():
    offenders = [_where(p, n) for p in SRC.rglob("*.py") for n in ast.walk(_tree(p))
                 if isinstance(n, ast.ImportFrom) and any(a.name == "*" for a in n.names)]
    assert not offenders, offenders


def test_rule_modules_stay_small():
    big = [f"{p.relative_to(SRC)} ({n} lines)" for p in SRC.rglob("*.py")
           if (n := len(p.read_text(encoding="utf-8").splitlines())) > 500]
    assert not big, "split modules before ~500 lines: " + ", ".join(big)


def float_money(path: Path) -> list[str]:
    """``float(...)`` calls and products with a float literal."""
    out = []
    for node in ast.walk(_tree(path)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "float":
            out.append(_where(path, node))
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mult) and any(
                isinstance(side, ast.Constant) and isinstance(side.value, float) for side in (node.left, node.right)):
            out.append(_where(path, node))
    return out


def test_money_is_never_float_in_rules():
    offenders = [o for path in _files("rules") for o in float_money(path)]
    assert not offenders, offenders


def test_the_checks_see_what_they_claim(tmp_path):
    """The readers find what the checks are about, and not a mention in a string or comment."""
    code = tmp_path / "sample.py"
    code.write_text('df.map_elements(f)\nfor r in df.iter_rows(): pass\nx = amount * 0.5\ny = float(v)\n'
                    'ok = "map_elements in a string"  # and iter_rows in a comment\n'
                    'z = df.rows()  # noqa: row-loop\n', encoding="utf-8")
    global SRC
    keep, SRC = SRC, tmp_path
    try:
        assert [w.split(":")[1] for w in row_wise_calls(code)] == ["1", "2"]
        assert sorted(w.split(":")[1] for w in float_money(code)) == ["3", "4"]
    finally:
        SRC = keep
