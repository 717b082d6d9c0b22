"""The literate pages render every document, every entry, and every provision beside its entry."""

from __future__ import annotations

from datetime import date

import pytest
from typer.testing import CliRunner

from jiuye.catalogue.model import load_catalogue
from jiuye.catalogue.registry import CATALOGUE
from jiuye.cli import app
from jiuye.ui.literate import render_site

CAT = load_catalogue()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("site")
    render_site(out, as_of=date(2024, 10, 1))
    return out


def test_one_page_per_document_and_an_index(site):
    names = sorted(p.name for p in site.iterdir())
    assert names == sorted(["index.html", "catalogue.css", *(f"{d}.html" for d in CAT.documents)])


def test_every_entry_and_provision_is_on_its_page(site):
    for doc, dc in CAT.documents.items():
        page = (site / f"{doc}.html").read_text(encoding="utf-8")
        for e in dc:
            assert f'id="{e.key}"' in page, e.id
        for p in CATALOGUE:
            if p.document.id == doc:
                assert f'id="p-{p.id}"' in page, p.id


def test_pages_show_badges_parameters_and_tests(site):
    hz = (site / "hz_2022_draft.html").read_text(encoding="utf-8")
    assert "征求意见稿" in hz and "draft" in hz
    zj = (site / "zj_2022_46.html").read_text(encoding="utf-8")
    assert "zj_2022_46.art24.annual_cap" in zj  # a parameter with its values
    assert "tests/rules/" in zj  # a test that tests it
    sx = (site / "sx_2023_28.html").read_text(encoding="utf-8")
    assert "越城区" in sx and "总计" in sx  # the district table


def test_expired_badge_after_2025(tmp_path):
    render_site(tmp_path, as_of=date(2026, 3, 1))
    zj = (tmp_path / "zj_2022_46.html").read_text(encoding="utf-8")
    assert "已失效" in zj


def test_cli_writes_pages_and_prints_coverage(tmp_path):
    runner = CliRunner()
    r = runner.invoke(app, ["catalogue", "--html", str(tmp_path / "out"), "--as-of", "2024-10-01"])
    assert r.exit_code == 0, r.output
    assert (tmp_path / "out" / "index.html").exists()
    r = runner.invoke(app, ["catalogue", "--coverage"])
    assert r.exit_code == 0, r.output
    for doc in CAT.documents:
        assert doc in r.output
