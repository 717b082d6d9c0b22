"""A rate is shown as a percentage (上浮20% = 6/5 reads 120%), so its label says what the
percentage is of — never 倍数 (a multiple) beside a figure printed as a percentage."""

from __future__ import annotations

from fractions import Fraction

import pytest

from jiuye.params.store import PARAMETERS
from jiuye.web import params_view
from tests.web.test_no_internals_on_pages import leaks, visible

UPLIFT = "zj_2022_46.art24.uplift"


def test_no_rate_label_says_multiple():
    for name in PARAMETERS.names():
        p = PARAMETERS[name]
        if p.unit == "rate":
            assert "倍数" not in p.label_zh and "multiplier" not in p.label_en.lower(), name


def test_the_uplift_is_120_percent_of_the_standard():
    """46号 第24条："从事电子商务及山区县结合实际确定的主导产业创业的，补贴标准可上浮 20%"."""
    p = PARAMETERS[UPLIFT]
    assert p.entries[0].value == Fraction(6, 5)
    assert params_view.value_text(p, p.entries[0].value, "zh") == "120%"
    assert "占原标准的比例" in p.label_zh


@pytest.mark.parametrize(("lang", "label"), [("zh", "占原标准的比例"), ("en", "share of the usual standard")])
def test_the_uplift_page_reads_a_share(client, lang, label):
    client.cookies.set("lang", lang)
    r = client.get(f"/parameters/{UPLIFT}")
    assert r.status_code == 200
    page = visible(r.text)
    assert label in page and "120%" in page and "倍数" not in page
    assert not leaks(r.text)
