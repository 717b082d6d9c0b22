"""The building blocks' examples run, and the DSL reference in docs/engine.md is generated from them."""

from __future__ import annotations

import doctest
from pathlib import Path

import jiuye.engine.dsl as dsl
from jiuye.engine.dsl_reference import current, render

DOC = Path(__file__).resolve().parents[2] / "docs" / "engine.md"


def test_every_example_of_the_building_blocks_runs():
    result = doctest.testmod(dsl, optionflags=doctest.ELLIPSIS, report=True)
    assert result.attempted >= 40 and result.failed == 0


def test_every_block_has_an_example_and_a_known_section():
    sections = {k for k, _ in dsl.SECTIONS}
    for b in dsl.BLOCKS:
        assert b.section in sections and ">>> " in b.example and b.summary, b.name


def test_the_reference_in_docs_engine_md_is_up_to_date():
    have = current(DOC.read_text(encoding="utf-8"))
    assert have is not None, "docs/engine.md lost its dsl-reference markers"
    assert have == render(), ("docs/engine.md's DSL reference is out of date: run "
                              "`python -m jiuye.engine.dsl_reference docs/engine.md`")
