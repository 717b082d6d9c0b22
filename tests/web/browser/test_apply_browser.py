"""填报转确认 on a 360 px phone: a 2023 graduate founder in 柯城区 reaches the guided result, taps
申请 on the card of 衢政发〔2023〕12号 二（七） (their business's startup-employment subsidy), logs in
with the business's account, confirms the answers carried over, answers only what is missing,
uploads a PNG and submits — without typing JSON or a code."""

from __future__ import annotations

import re
import struct
import zlib

from jiuye.catalogue.registry import CATALOGUE
from jiuye.demo import DEMO_PASSWORD

from .conftest import demo_server_fixture
from .test_guided_browser import KECHENG, _start, _tap_through
from .test_pages_browser import OVERFLOW, UNLABELLED

apply_server = demo_server_fixture("apply-phone")
CARD = "quzhou_2023_12.qi.startup_employment"


def png_bytes() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b""))


def _fill(page, name: str, value: str) -> None:
    kind = page.eval_on_selector(f'#apply-form [name="{name}"]', "el => el.tagName === 'SELECT' ? 'select' : el.type")
    if kind == "radio":
        page.check(f'#apply-form input[type=radio][name="{name}"][value="{value}"]')
    elif kind == "select":
        page.select_option(f'#apply-form select[name="{name}"]', value)
    else:
        page.fill(f'#apply-form [name="{name}"]', value)


def test_a_graduate_founder_applies_from_the_result_card_on_a_phone(phone360, apply_server, tmp_path):
    page = phone360
    _start(page, apply_server, None)
    _tap_through(page, KECHENG.facts)
    card = page.locator(f'#results article.benefit[data-provision="{CARD}"]')
    assert card.count() == 1
    with page.expect_navigation():
        card.locator("a.apply").click()
    assert "/login" in page.url  # the founder logs in with the business's account, and comes back
    page.fill("#username", "qiye")
    page.fill("#password", DEMO_PASSWORD)
    with page.expect_navigation():
        page.locator("form button[type=submit]").first.click()
    assert "/apply?provision=" in page.url
    main = page.locator("main").inner_text()
    assert CATALOGUE.provisions[CARD].title_zh in main
    confirm = page.locator("#apply-confirm").inner_text()
    assert "柯城区" in confirm and "2023-06-30" in confirm  # carried from the calculator, to confirm
    assert "区划代码" not in main and "JSON" not in main and "{" not in main
    assert page.locator("textarea#facts, input#county_code").count() == 0
    assert page.evaluate(UNLABELLED) == []
    assert page.evaluate(OVERFLOW) <= 0
    asked = page.eval_on_selector_all("#apply-missing [data-fact]", "els => els.map(e => e.dataset.fact)")
    carried = page.eval_on_selector_all("#apply-edit [data-fact]", "els => els.map(e => e.dataset.fact)")
    assert "person.graduation_date" in carried and not set(asked) & set(carried)  # only what is missing is asked
    for name in asked:
        if name in KECHENG.facts:
            _fill(page, name, KECHENG.facts[name])
    shot = tmp_path / "营业执照.png"
    shot.write_bytes(png_bytes())
    page.set_input_files("#evidence", str(shot))
    assert page.evaluate(OVERFLOW) <= 0
    with page.expect_navigation():
        page.click("#apply-submit")
    assert "/applications/" in page.url and "/apply" not in page.url
    assert page.evaluate(OVERFLOW) <= 0
    detail = page.url.split("?")[0].rstrip("/")
    page.goto(detail + "/evidence")
    listing = page.locator(".evidence-list").inner_text()
    assert "营业执照.png" in listing and "PNG 图片" in listing
    assert not page.js_errors
    # the 柯城区 caseworker sees the claim and opens the file
    page.context.clear_cookies()
    page.goto(f"{apply_server}/login?next={detail.split(apply_server, 1)[1]}")
    page.fill("#username", "kecheng")
    page.fill("#password", DEMO_PASSWORD)
    with page.expect_navigation():
        page.locator("form button[type=submit]").first.click()
    link = page.locator(".evidence-list a", has_text="营业执照.png")
    assert link.count() == 1
    got = page.request.get(apply_server + link.get_attribute("href"))
    assert got.status == 200 and got.body() == png_bytes() and got.headers["content-type"] == "image/png"
    assert page.evaluate(OVERFLOW) <= 0


def test_the_apply_pages_have_no_serious_accessibility_finding(phone360, apply_server):
    """axe-core on the filled application form (with an error shown) and the evidence page, at 360 px."""
    from axe_playwright_python.sync_playwright import Axe

    page = phone360
    page.context.clear_cookies()
    page.goto(f"{apply_server}/login")
    page.fill("#username", "lisi")
    page.fill("#password", DEMO_PASSWORD)
    with page.expect_navigation():
        page.locator("form button[type=submit]").first.click()
    axe = Axe()

    def serious() -> list[tuple[str, str]]:
        return [(v["id"], v["impact"]) for v in axe.run(page).response["violations"]
                if v["impact"] in ("serious", "critical")]

    page.goto(f"{apply_server}/apply?provision=quzhou_2023_12.san.graduate_si_subsidy")
    fake = {"name": "证书.pdf", "mimeType": "application/pdf", "buffer": b"MZ\x90\x00 not a PDF"}
    page.set_input_files("#evidence", files=[fake])
    with page.expect_navigation():
        page.click("#apply-submit")
    assert "证明材料“证书.pdf”不是 PDF、JPG 或 PNG 文件" in page.locator("#apply-error").inner_text()
    found = {"/apply (with the error)": serious()}
    assert page.evaluate(OVERFLOW) <= 0
    page.goto(f"{apply_server}/applications")
    hrefs = page.eval_on_selector_all("a[href^='/applications/']", "els => els.map(e => e.getAttribute('href'))")
    app_id = next(m.group(1) for h in hrefs if (m := re.fullmatch(r"/applications/(\d+)", h)))
    page.goto(f"{apply_server}/applications/{app_id}/evidence")
    found["evidence"] = serious()
    assert page.evaluate(OVERFLOW) <= 0
    assert found == {"/apply (with the error)": [], "evidence": []}
