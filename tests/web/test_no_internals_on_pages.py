"""People never meet internals on a page: no parameter or provision ids, field paths, division
codes, the word "adcode" or "fen" in what a page shows (its text, comments and shown attributes).

bs4 is not installed: the visible text is read with the standard library's HTML parser.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

import jiuye
from jiuye.web.examples import example_form

#: attributes a person sees or a screen reader reads, and data attributes (still in the page)
_SHOWN_ATTRS = {"title", "alt", "aria-label", "placeholder", "aria-description"}


class _Visible(HTMLParser):
    def __init__(self, data_attrs: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0
        self._data = data_attrs

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        for k, v in attrs:
            if v and (k in _SHOWN_ATTRS or (self._data and k.startswith("data-"))):
                self.parts.append(v)

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)

    def handle_comment(self, data):
        self.parts.append(data)


def visible(html: str, data_attrs: bool = True) -> str:
    p = _Visible(data_attrs)
    p.feed(html)
    return "\n".join(p.parts)


_ID = re.compile(r"(?<![\w/.@-])[a-z][a-z0-9]*_[a-z0-9_]*\.[a-z0-9_.]*[a-z0-9_]"  # zj_2022_46.art19…
                 r"|(?<![\w/.@-])(?:external|person|enterprise|params?)\.[a-z0-9_.]*[a-z0-9_]")  # external.…, field paths
_PATTERNS = {
    "id": _ID,
    "adcode": re.compile(r"adcode", re.I),
    "division code": re.compile(r"(?<!\d)33\d{4}(?!\d)"),
    "fen": re.compile(r"\bfen\b", re.I),
}


def leaks(html: str, data_attrs: bool = True) -> list[str]:
    """What ``html`` shows that is internal; ``data_attrs=False`` for forms, whose ``data-field``
    attributes name the fields they post (plumbing, like their ``name``)."""
    text = visible(html, data_attrs)
    out = [f"{k}: {m.group(0)!r} in …{text[max(0, m.start() - 40):m.end() + 40]!r}…"
           for k, rx in _PATTERNS.items() for m in rx.finditer(text)]
    return out


def test_the_checker_catches_leaks():
    assert leaks("<p>x <code>external.minimum_wage.monthly</code></p>")
    assert leaks("<p>zj_2022_46.art19.post_subsidy</p>")
    assert leaks("<p>[330102] 杭州</p>") and leaks("<p>adcode</p>") and leaks("<p>800000 fen</p>")
    assert leaks('<div data-param="external.lpr.one_year"></div>') and leaks("<!-- external.lpr.one_year -->")
    assert not leaks('<a href="/parameters/external.lpr.one_year">贷款利率</a><p>3.45% 2024.10</p>')


def _ok(r):
    assert r.status_code == 200, r.text[:500]
    return r.text


def _library_provisions() -> list[str]:
    from jiuye.catalogue.registry import CATALOGUE

    ids = [p.id for p in CATALOGUE]
    art19 = [i for i in ids if i.startswith("zj_2022_46.art19")]
    assert art19, "浙人社发〔2022〕46号 第19条 is in the catalogue"
    return art19[:2] + ids[:2]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_library_pages_show_no_internals(client, lang):
    client.cookies.set("lang", lang)
    found = leaks(_ok(client.get("/library")))
    for doc in ("zj_2022_46", "hz_2022_draft", "quzhou_2023_12"):
        found += [f"{doc}: {x}" for x in leaks(_ok(client.get(f"/library/documents/{doc}")))]
    for pid in _library_provisions():
        found += [f"{pid}: {x}" for x in leaks(_ok(client.get(f"/library/provisions/{pid}")))]
    assert not found, "\n".join(found[:20])


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_library_provision_keeps_parameter_ids_out_of_the_html(client, lang):
    """Not even in a link, a comment or a data attribute: the label, in the page's language."""
    from jiuye.catalogue.registry import get_provision
    from jiuye.params.store import PARAMETERS
    from jiuye.web.library import params_of

    client.cookies.set("lang", lang)
    for pid in _library_provisions():
        html = _ok(client.get(f"/library/provisions/{pid}"))
        for name in params_of(get_provision(pid)):
            assert name not in html, (pid, name)
            label = PARAMETERS[name].label_en if lang == "en" else PARAMETERS[name].label_zh
            assert label in html, (pid, name, label)


@pytest.mark.parametrize("example", ["hz_graduate_founder", "kecheng_flexible", "hz_unemployed_46"])
def test_english_result_card_leaves_out_developer_notes(client, example):
    """A provision's notes are for maintainers (they name parameter ids): never on a citizen's page."""
    from jiuye.catalogue.registry import CATALOGUE

    html = client.post("/calculator", data={**example_form(example), "set_lang": "en"}).text
    assert '<html lang="en">' in html
    shown = [n for p in CATALOGUE for n in p.notes if len(n) > 20 and n in visible(html)]
    assert not shown, shown[:3]
    assert "external.minimum_wage." not in visible(html)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_parameter_pages_show_no_internals(client, lang):
    """Pages for administrators: label, value in 元 or words, county names, sources without codes."""
    client.cookies.set("lang", lang)
    found = leaks(_ok(client.get("/parameters")))
    for name in ("external.minimum_wage.monthly", "external.minimum_wage.county_tier", "external.lpr.one_year",
                 "external.retirement.original_age"):
        found += [f"{name}: {x}" for x in leaks(_ok(client.get(f"/parameters/{name}")))]
    assert not found, "\n".join(found[:30])
    if lang == "zh":  # keys in words: 男职工, not male
        page = visible(_ok(client.get("/parameters/external.retirement.original_age")))
        assert "男职工" in page and "female_cadre" not in page
@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("example", ["hz_graduate_founder", "kecheng_flexible", "quzhou_founder"])
def test_calculator_result_shows_no_internals(client, lang, example):
    form = {**example_form(example), "set_lang": lang}
    html = _ok(client.post("/calculator", data=form))
    assert ("<html lang=\"en\">" in html) == (lang == "en")
    found = leaks(html, data_attrs=False)
    assert not found, "\n".join(found[:20])




def test_worded_puts_ids_and_codes_into_words():
    from jiuye.web.param_text import worded

    text = worded("min wage (external.minimum_wage.*); see zj_2022_46.art21 for person.work_adcode in 330106, e.g. here")
    assert not leaks(f"<p>{text}</p>"), text
    assert "西湖区" in text and "e.g." in text and "()" not in text
    from jiuye.params.store import PARAMETERS

    label = PARAMETERS["external.minimum_wage.monthly"].label_en
    assert worded("the minimum wage (external.minimum_wage.monthly)", "en") == f"the minimum wage (「{label}」)"


# --- the templates themselves: what the page scans above cannot reach ------------------------

_TEMPLATE_ROOT = Path(jiuye.__file__).resolve().parent
_MACRO = re.compile(r"{%-?\s*macro\s+(\w+)\s*\(.*?{%-?\s*endmacro\s*-?%}", re.S)


def _templates() -> dict[Path, str]:
    return {f: f.read_text(encoding="utf-8") for f in sorted(_TEMPLATE_ROOT.rglob("templates/**/*.html"))}


def unrendered_macros(texts: dict[Path, str]) -> list[str]:
    """Macros no template calls (a call from the macro's own body, recursion, does not count): the
    page scans only see what is rendered, so a macro nobody renders would hide internals from them."""
    out = []
    for f, text in texts.items():
        for m in _MACRO.finditer(text):
            rest = "\n".join(t for g, t in texts.items() if g != f) + text[:m.start()] + text[m.end():]
            if not re.search(rf"(?<![\w]){m.group(1)}\s*\(", rest):
                out.append(f"{f}: {m.group(1)}")
    return out


def test_every_macro_is_rendered_somewhere():
    assert unrendered_macros({Path("x/a.html"): "{% macro trace(n) %}{{ n.name }}{{ trace(c) }}{% endmacro %}"})
    assert not unrendered_macros({Path("x/a.html"): "{% macro card(r) %}{{ r }}{% endmacro %}{{ card(1) }}"})
    found = unrendered_macros(_templates())
    assert not found, found


def printed_names(text: str) -> list[str]:
    """``{{ x.name }}`` / ``{{ x.id }}`` printed as page text (outside a tag's attributes)."""
    return re.findall(r"{{\s*[\w.]+\.(?:name|id)\s*}}", re.sub(r"<[^<>]*>", "", text))


def test_calculator_templates_print_no_node_names_or_ids():
    """A citizen's page: a node's name or a provision's id may sit in an attribute (a link, a form
    field's name), never in the text; the explanation reads words (labels, titles, param_value)."""
    assert printed_names('<li><span class="t-name">{{ node.name }}</span></li>')
    assert not printed_names('<input name="{{ s.name }}"><a href="/library/provisions/{{ p.id }}">x</a>')
    calc = {f: t for f, t in _templates().items() if "calculator" in f.parts}
    assert calc, "the calculator's templates are found"
    found = {f.name: printed_names(t) for f, t in calc.items() if printed_names(t)}
    assert not found, found
