"""Render the literate pages (:mod:`jiuye.catalogue.literate`) to static files with the one Jinja
environment (templates under ``ui/templates/literate/``): ``jiuye catalogue --html DIR``."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ..catalogue.literate import OUTCOME_LABELS, STATUS_LABELS, RuleTests, site_views
from ..catalogue.model import KIND_LABELS, Catalogue
from .templating import UI_TEMPLATES, templates

LABELS = {"KIND_LABELS": KIND_LABELS, "STATUS_LABELS": STATUS_LABELS, "OUTCOME_LABELS": OUTCOME_LABELS}


def render_site(out: Path, as_of: date | None = None, cat: Catalogue | None = None, provisions=None,
                tests: RuleTests | None = None) -> list[Path]:
    """Write index.html and one <document id>.html per document into ``out``."""
    as_of, docs = site_views(as_of, cat, provisions, tests)
    env = templates.env
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for doc in docs:
        path = out / f"{doc['d'].id}.html"
        html = env.get_template("literate/document.html").render(doc=doc, as_of=as_of, docs=docs, **LABELS)
        path.write_text(html, encoding="utf-8")
        written.append(path)
    index = out / "index.html"
    index.write_text(env.get_template("literate/index.html").render(docs=docs, as_of=as_of, **LABELS),
                     encoding="utf-8")
    css = out / "catalogue.css"
    css.write_text((UI_TEMPLATES / "literate" / "catalogue.css").read_text(encoding="utf-8"), encoding="utf-8")
    return [index, *written, css]
