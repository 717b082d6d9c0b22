"""Pages in a real browser: labels, phone width, keyboard, print, live search, charts."""

from __future__ import annotations

import re

from .calc import answer, card, open_calculator, submit
from .session import OVERFLOW
from .test_personas import FLEXIBLE_WORKER, QUZHOU_FOUNDER

UNLABELLED = """() => {
  const bad = [];
  for (const el of document.querySelectorAll('input:not([type=hidden]), select, textarea')) {
    if (el.type === 'radio' || el.type === 'checkbox') {
      const lab = el.closest('label'), fs = el.closest('fieldset');
      if (!lab || !lab.textContent.trim() || !fs || !fs.querySelector('legend')) bad.push(el.name);
    } else if (!(el.labels && el.labels.length && el.labels[0].textContent.trim()) && !el.getAttribute('aria-label')) {
      bad.push(el.name || el.id || el.outerHTML.slice(0, 60));
    }
  }
  return bad;
}"""


def test_every_input_has_a_label(page, server):
    for path in ("/calculator?subject=person", "/calculator?subject=enterprise", "/library", "/parameters"):
        page.goto(server + path)
        if path.startswith("/calculator"):
            submit(page, "button[name=show_all]")  # every question at once
            assert page.locator("#calc-form [data-fact]").count() >= 5
        assert page.evaluate(UNLABELLED) == [], path


def test_phone_width(phone, server):
    open_calculator(phone, server, subject="enterprise", as_of="2024-10-01")
    answer(phone, QUZHOU_FOUNDER)
    assert "¥25,000.00" in card(phone, "quzhou_2023_12.qi.startup_employment", "eligible").inner_text()
    assert phone.evaluate(OVERFLOW) <= 0
    for path in ("/library", "/library/documents/zj_2022_46", "/library/provisions/zj_2022_46.art24",
                 "/parameters", "/parameters/external.minimum_wage.monthly", "/"):
        phone.goto(server + path)
        assert phone.evaluate(OVERFLOW) <= 0, path


def test_keyboard_only(page, server):
    page.goto(f"{server}/calculator")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    stops = []
    for _ in range(60):
        page.keyboard.press("Tab")
        stops.append(page.evaluate("document.activeElement.name || document.activeElement.id"))
        if stops[-1] == "has_business":
            break
    assert "as_of" in stops and stops[-1] == "has_business"
    # radio group: arrows pick 是 / 否
    page.keyboard.press("ArrowLeft")  # 不清楚 → 否
    assert page.evaluate("document.querySelector('input[name=has_business]:checked').value") == "false"
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "calc-continue":
            break
    with page.expect_response(lambda r: r.url.endswith("/calculator")):
        page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement && document.activeElement.closest('[data-new]')")
    assert page.evaluate("document.querySelector('input[name=has_business]:checked').value") == "false"


def test_print_shows_results_not_the_form(page, server):
    open_calculator(page, server, as_of="2024-10-01")
    answer(page, FLEXIBLE_WORKER)
    page.emulate_media(media="print")
    assert not page.locator("#calc-form").is_visible()
    assert not page.locator(".site-header").is_visible()
    assert card(page, "zj_2022_46.art21", "eligible").is_visible()
    assert page.locator(".as-of-line").is_visible()
    page.emulate_media(media="screen")


def test_library_live_search_and_filters(page, server):
    page.goto(f"{server}/library")
    with page.expect_response(lambda r: "/library?" in r.url):
        page.fill("#lib-q", "灵活就业")
    page.wait_for_selector('#lib-results a[href="/library/provisions/zj_2022_46.art21"]')
    assert page.locator("#lib-results mark").first.inner_text() == "灵活就业"
    assert "q=" in page.url
    with page.expect_response(lambda r: "/library?" in r.url):
        page.select_option("#lib-city", "330100")
    page.wait_for_function("() => !document.querySelector('#lib-results a[href=\"/library/provisions/zj_2022_46.art21\"]')")
    items = page.locator("#lib-results .prov-item")
    assert items.count() >= 1
    assert all(pid.startswith("hz_2022_draft.") for pid in
               page.eval_on_selector_all("#lib-results .prov-item h3 a",
                                          "els => els.map(e => e.getAttribute('href').split('/').pop())"))
    assert "征求意见稿" in items.first.inner_text()


def test_document_shows_clauses_beside_rules(page, server):
    page.goto(f"{server}/library/documents/zj_2022_46?as_of=2024-10-01")
    rule = page.locator('.passage .rules article.rule:has(a[href="/library/provisions/zj_2022_46.art21"])')
    assert rule.is_visible()
    passage = page.locator('.passage:has(a[href="/library/provisions/zj_2022_46.art21"])')
    assert "提高灵活就业社保补贴标准" in passage.locator(".text").inner_text()
    page.goto(f"{server}/library/documents/zj_2022_46?as_of=2026-03-01")
    assert page.locator("h1 + p .badge.expired").is_visible()


def test_parameter_charts_render(page, server):
    page.goto(f"{server}/parameters")
    page.wait_for_selector("[data-chart][data-ready] svg")
    assert page.locator("[data-chart][data-ready]").count() == 2
    page.goto(f"{server}/parameters/external.lpr.one_year")
    page.wait_for_selector("[data-chart][data-ready] svg", state="attached")
    assert page.locator("[data-chart] svg path").count() > 5
    assert "2019-08-20" in page.locator(".values-table").inner_text()
    assert not page.js_errors


def test_library_provision_at_360_px_reads_in_words(phone360, server):
    """浙人社发〔2022〕46号 第19条 on the narrowest phone: fits, parameters by their labels, no ids."""
    phone360.goto(f"{server}/library/provisions/zj_2022_46.art19")
    assert phone360.evaluate(OVERFLOW) <= 0
    text = phone360.locator("main").inner_text()
    assert "山区县（山区26县）" in text
    assert not re.search(r"[a-z_0-9]+_[a-z_0-9]*\.[a-z_0-9.]+|adcode|(?<!\d)33\d{4}(?!\d)", text), text[:500]


def test_a_days_parameter_at_360_px_reads_in_days(phone360, server):
    """月计薪天数 (unit days) on the narrowest phone: 21.75天, never 87/4 or 2175%; its chart renders."""
    for lang, shown in (("zh", "21.75天"), ("en", "21.75 days")):
        phone360.context.add_cookies([{"name": "lang", "value": lang, "url": server}])
        phone360.goto(f"{server}/parameters/external.wage_conversion.monthly_paid_days")
        assert phone360.evaluate(OVERFLOW) <= 0
        text = phone360.locator("main").inner_text()
        assert shown in text and "87/4" not in text and "2175" not in text, text[:400]
    assert not phone360.js_errors
