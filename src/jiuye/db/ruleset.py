"""The ruleset version: a hash of the catalogue's provision ids and every parameter file.

Stored with each automated decision, so a decision can be replayed and a changed rule or
parameter is visible as a different version.
"""

from __future__ import annotations

import functools
import hashlib
from importlib import resources


@functools.cache
def ruleset_version() -> str:
    from ..catalogue.registry import CATALOGUE

    h = hashlib.sha256()
    for pid in CATALOGUE.provisions:
        h.update(b"provision\0" + pid.encode() + b"\0")
    root = resources.files("jiuye").joinpath("parameters")
    files: list[tuple[str, bytes]] = []

    def walk(node, prefix: str) -> None:
        for child in node.iterdir():
            name = f"{prefix}{child.name}"
            if child.is_dir():
                walk(child, name + "/")
            elif child.name.endswith((".yaml", ".yml")):
                files.append((name, child.read_bytes()))

    walk(root, "")
    for name, data in sorted(files):
        h.update(b"parameters\0" + name.encode() + b"\0" + hashlib.sha256(data).digest())
    return "rs-" + h.hexdigest()[:16]
