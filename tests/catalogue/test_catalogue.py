"""The catalogue: every article or measure of the five documents, verbatim, with a kind."""

from __future__ import annotations

import re

import pytest

from jiuye.catalogue.model import COMPUTABLE, KINDS, load_catalogue, normalise, seed_normalised
from jiuye.catalogue.registry import DOCUMENT_ORDER
from jiuye.rules.documents import DOCUMENTS

CAT = load_catalogue()
ENTRIES = CAT.entries

PINYIN = ["yi", "er", "san", "si", "wu", "liu", "qi", "ba", "jiu", "shi", "shiyi", "shier", "shisan", "shisi", "shiwu",
          "shiliu", "shiqi", "shiba", "shijiu", "ershi", "ershiyi", "ershier", "ershisan"]
REQUIRED = {
    "zj_2022_46": [f"art{n}" for n in range(1, 29)] + ["validity"],
    "zj_2021_22": ["zongti", "mubiao", *PINYIN[:9], "mountain_county", "validity"],
    "quzhou_2023_12": ["zongti.1", "zongti.2", "zongti.3", *PINYIN[:10], "baozhang.1", "baozhang.2", "baozhang.3",
                       "validity"],
    "hz_2022_draft": PINYIN,
    "sx_2023_28": ["tongzhi", "zhidao", "mubiao", *[f"m{n}" for n in range(1, 21)], "yaoqiu.1", "yaoqiu.2",
                   "yaoqiu.3", "fenjie"],
}


def test_every_document_is_catalogued_in_order():
    assert list(CAT.documents) == list(DOCUMENT_ORDER)
    for doc, dc in CAT.documents.items():
        assert dc.seed == DOCUMENTS[doc].seed_file


@pytest.mark.parametrize("doc", DOCUMENT_ORDER)
def test_every_article_or_measure_has_an_entry_in_document_order(doc):
    keys = [e.key for e in CAT.documents[doc]]
    assert keys == REQUIRED[doc]


@pytest.mark.parametrize("entry", ENTRIES, ids=[e.id for e in ENTRIES])
def test_entry_text_is_verbatim_from_its_seed(entry):
    seed = seed_normalised(CAT.documents[entry.document].seed)
    assert normalise(entry.text) in seed, f"{entry.id}: text not found in the seed (whitespace-insensitive)"


def test_entries_follow_the_order_of_the_seed():
    for dc in CAT.documents.values():
        seed = seed_normalised(dc.seed)
        positions = [seed.find(normalise(e.text)) for e in dc]
        assert positions == sorted(positions), dc.document


@pytest.mark.parametrize("entry", ENTRIES, ids=[e.id for e in ENTRIES])
def test_entry_fields(entry):
    assert entry.kind in KINDS
    assert entry.article.strip() and entry.heading.strip()
    assert entry.id == f"{entry.document}.{entry.key}"
    if entry.kind in ("measure", "procedure"):
        assert entry.why and len(entry.why.splitlines()) == 1, "a non-computable entry says why in one line"
    else:
        assert entry.computable == (entry.kind in COMPUTABLE)
    for fix in entry.ocr:
        assert fix.source in entry.text, f"OCR fix {fix.source!r} does not occur in {entry.id}"
        assert fix.note, "every OCR cleaning carries a note"


def test_articles_are_numbered_as_printed():
    art = {e.id: e.article for e in ENTRIES}
    assert art["zj_2022_46.art24"] == "第24条"
    assert art["zj_2021_22.qi"] == "三（七）"
    assert art["quzhou_2023_12.qi"] == "二（七）"
    assert art["hz_2022_draft.ershisan"] == "（二十三）"
    assert art["sx_2023_28.m10"] == "三（三）10."
    for e in ENTRIES:
        if e.document == "zj_2022_46" and e.key.startswith("art"):
            assert e.text.startswith(f"{e.key[3:]}.{e.heading}"), e.id
        if e.document == "hz_2022_draft":
            assert e.text.startswith(e.article), e.id


def test_entry_ids_are_unique_and_never_a_prefix_of_another_entry_of_a_different_article():
    ids = [e.id for e in ENTRIES]
    assert len(ids) == len(set(ids))
    for a in ids:
        for b in ids:
            assert a == b or not b.startswith(a + "."), f"{b} would be read as a provision of {a}"


def test_every_clause_of_the_seed_body_is_covered():
    """Every numbered article or measure marker in the seeds falls inside some entry."""
    markers = {
        "zj_2022_46": re.compile(r"(?<![\d.])(\d{1,2})\.(?=[\u4e00-\u9fff“])"),
        "hz_2022_draft": re.compile(r"（[一二三四五六七八九十]+）"),
        "quzhou_2023_12": re.compile(r"（[一二三四五六七八九十]+）"),
        "sx_2023_28": re.compile(r"(?<![\d.])(\d{1,2})\.(?=[\u4e00-\u9fff“])"),
    }
    for doc, rx in markers.items():
        dc = CAT.documents[doc]
        seed = seed_normalised(dc.seed)
        spans = [(seed.find(normalise(e.text)), seed.find(normalise(e.text)) + len(normalise(e.text))) for e in dc]
        for m in rx.finditer(seed):
            if doc == "quzhou_2023_12" and seed[m.end():m.end() + 1] in "市区":  # 各县（市、区）
                continue
            inside = any(a <= m.start() < b for a, b in spans)
            first_entry = min(a for a, _ in spans)
            assert inside or m.start() < first_entry, f"{doc}: {seed[m.start():m.start() + 20]} is in no entry"


def test_counts_per_kind_are_reported():
    counts = {}
    for e in ENTRIES:
        counts.setdefault(e.document, {}).setdefault(e.kind, 0)
        counts[e.document][e.kind] += 1
    assert sum(sum(c.values()) for c in counts.values()) == len(ENTRIES) == 109
