"""Architecture checks: rules and the batch path never loop over rows in Python; no star imports."""

from __future__ import annotations

import re
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "jiuye"
ROW_WISE = re.compile(r"map_elements|map_rows|\.apply\(|iter_rows|\.rows\(|to_dicts\(|for \w+ in .*\.iter_rows")


def _files(*parts: str):
    for part in parts:
        yield from (SRC / part).rglob("*.py")


def test_rules_and_batch_engine_have_no_row_wise_python():
    offenders = []
    for path in list(_files("rules", "engine")) + [SRC / "standards" / "retirement.py"]:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if ROW_WISE.search(line) and "noqa: row-loop" not in line:
                offenders.append(f"{path.relative_to(SRC)}:{n}: {line.strip()}")
    assert not offenders, "row-wise Python in the vectorized path:\n" + "\n".join(offenders)


def test_no_star_imports():
    offenders = [str(p.relative_to(SRC)) for p in SRC.rglob("*.py")
                 if re.search(r"^\s*from\s+\S+\s+import\s+\*", p.read_text(encoding="utf-8"), re.M)]
    assert not offenders, offenders


def test_rule_modules_stay_small():
    big = [f"{p.relative_to(SRC)} ({n} lines)" for p in SRC.rglob("*.py")
           if (n := len(p.read_text(encoding="utf-8").splitlines())) > 500]
    assert not big, "split modules before ~500 lines: " + ", ".join(big)


def test_money_is_never_float_in_rules():
    offenders = []
    for path in _files("rules"):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"\bfloat\(|\d+\.\d+\s*\*|\*\s*\d+\.\d+", line):
                offenders.append(f"{path.relative_to(SRC)}:{n}: {line.strip()}")
    assert not offenders, offenders
