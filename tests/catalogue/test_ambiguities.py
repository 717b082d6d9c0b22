"""docs/ambiguities.md is generated from the readings; it must be regenerated when they change:

    jiuye catalogue --ambiguities > docs/ambiguities.md
"""

from __future__ import annotations

from pathlib import Path

from jiuye.catalogue.readings import extra_readings, register, render_markdown
from jiuye.params import PARAMETERS
from jiuye.rules.documents import DOCUMENTS

DOC = Path(__file__).resolve().parents[2] / "docs" / "ambiguities.md"


def test_ambiguity_register_is_up_to_date():
    want = render_markdown()
    have = DOC.read_text(encoding="utf-8") if DOC.exists() else ""
    assert have == want, ("docs/ambiguities.md is out of date: run "
                          "`jiuye catalogue --ambiguities > docs/ambiguities.md`")


def test_every_switch_is_a_parameter():
    missing = [(i.id, i.switch) for i in register() if i.switch and i.switch not in PARAMETERS]
    assert not missing, f"readings whose switch names no parameter: {missing}"


def test_extra_readings_name_a_document_and_have_unique_ids():
    items = register()
    ids = [i.id for i in items]
    dupes = {i for i in ids if ids.count(i) > 1}
    assert not dupes, f"reading ids used twice with different texts: {dupes}"
    for i in extra_readings():
        assert i.document in DOCUMENTS, i.id


def test_register_lists_document_level_decisions():
    ids = {i.id for i in extra_readings()}
    assert {"quzhou-policies-from-2023-01-01", "hz-draft-effective-date", "sx-incubators-16-6"} <= ids
