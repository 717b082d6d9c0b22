"""The DSL reference section of docs/engine.md, generated from :data:`jiuye.engine.dsl.BLOCKS`.

    python -m jiuye.engine.dsl_reference docs/engine.md     # rewrite the section in place

``tests/engine/test_dsl.py`` fails when the section in the file differs from :func:`render`.
"""

from __future__ import annotations

import sys
from pathlib import Path

from .dsl import BLOCKS, SECTIONS

START = "<!-- dsl-reference:start (generated from jiuye/engine/dsl.py: python -m jiuye.engine.dsl_reference " \
        "docs/engine.md) -->"
END = "<!-- dsl-reference:end -->"


def render() -> str:
    """The section body: every block, by section, with its summary and runnable example."""
    lines = [START, "", "Import every block from `jiuye.engine.dsl`. Each example runs in the test suite "
             "(doctest) and computes its value both ways, Python and Polars (`evaluate`).", ""]
    for key, title in SECTIONS:
        blocks = [b for b in BLOCKS if b.section == key]
        if not blocks:
            continue
        lines += [f"### {title}", ""]
        for b in blocks:
            lines += [f"**`{b.name}`** — {b.summary}", "", "```python", b.example.strip("\n"), "```", ""]
    lines.append(END)
    return "\n".join(lines)


def current(text: str) -> str | None:
    """The generated section as it stands in ``text`` (None when the markers are missing)."""
    if START not in text or END not in text:
        return None
    return text[text.index(START):text.index(END) + len(END)]


def update(path: Path) -> bool:
    """Rewrite the section in ``path``; True if it changed."""
    text = path.read_text(encoding="utf-8")
    old = current(text)
    if old is None:
        raise SystemExit(f"{path}: markers {START!r} … {END!r} not found")
    new = render()
    if old == new:
        return False
    path.write_text(text.replace(old, new), encoding="utf-8")
    return True


if __name__ == "__main__":  # pragma: no cover - a maintainer's command
    for arg in sys.argv[1:] or ["docs/engine.md"]:
        print(f"{arg}: {'updated' if update(Path(arg)) else 'up to date'}")
