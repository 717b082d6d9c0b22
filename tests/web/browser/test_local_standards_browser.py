"""参数维护 in a real browser, on a phone (360 px) and a desktop: the 柯城区 caseworker sets 46号 第19条's
monthly post subsidy (a new dated value), cannot approve it herself, the 衢州 city manager approves it,
and the calculator then shows the county amount with its source — and the previous amount for an
as-of date before it (“在参保期内按规定给予就业岗位补贴”)."""

from __future__ import annotations

import pytest

from .conftest import demo_server_fixture
from .session import OVERFLOW, login

FACTS = {"subject": "person", "person.university_graduate": "true", "person.graduation_date": "2023-06-30",
         "person.hired_on": "2023-09-01", "person.work_adcode": "330802", "person.employer_size": "small",
         "person.employee_si_months": "14", "person.currently_insured": "true"}


demo_server = demo_server_fixture("localstd-web")


def calculator(page, server: str, as_of: str) -> str:
    """Submit the calculator form with the graduate's answers; the browser shows the server's result."""
    page.goto(f"{server}/calculator")
    with page.expect_navigation():
        page.evaluate("""([facts, asOf]) => {
            const f = document.createElement('form'); f.method = 'post'; f.action = '/calculator';
            for (const [k, v] of Object.entries({...facts, as_of: asOf})) {
              const i = document.createElement('input'); i.type = 'hidden'; i.name = k; i.value = v; f.appendChild(i); }
            document.body.appendChild(f); f.submit(); }""", [FACTS, as_of])
    return page.content()


@pytest.mark.parametrize(("device", "amount"), [("page", "1500"), ("phone360", "1600")])
def test_set_approve_and_see_it_in_the_calculator(device, amount, demo_server, request):
    page = request.getfixturevalue(device)
    valid_from = "2025-01-01" if amount == "1500" else "2025-03-01"
    login(page, demo_server, "kecheng")
    page.goto(f"{demo_server}/admin/parameters")
    assert page.locator("h1").inner_text() == "参数维护"
    assert "待维护" in page.locator("#todo-h").inner_text()
    assert page.evaluate(OVERFLOW) <= 0
    page.get_by_role("link", name="设定一项地方取值").click()
    page.select_option("#parameter", "zj_2022_46.art19.post_subsidy")
    assert page.locator("#jurisdiction option").all_inner_texts() == ["柯城区"]  # her own county only, by name
    page.fill("#value", f"{amount}元")
    page.fill("#valid_from", valid_from)
    page.fill("#source_document", "柯人社〔2024〕99号")
    page.fill("#source_issuer", "衢州市柯城区人力资源和社会保障局")
    page.fill("#source_date", "2024-12-20")
    page.fill("#reason", "本区调整就业岗位补贴标准")
    assert page.evaluate(OVERFLOW) <= 0
    with page.expect_navigation():
        page.click("form.stack button[type=submit]")
    assert "已提交，待另一位管理员审核" in page.inner_text("body")
    row = page.locator("tr", has_text=f"¥{int(amount):,}.00")
    assert "须由另一位管理员审核" in row.inner_text()  # no approve button on her own proposal
    # forcing the approval anyway is refused
    refused = page.evaluate("""async () => {
        const csrf = document.querySelector('input[name=csrf]').value;
        const id = new URLSearchParams(location.search).get('done').split('-')[1];
        const r = await fetch('/admin/parameters/' + id + '/approve', {method: 'POST', body: new URLSearchParams({csrf})});
        return [r.status, await r.text()]; }""")
    assert refused[0] == 403 and "提出人不能审核" in refused[1]
    # a second administrator approves
    login(page, demo_server, "qz_manager")
    page.goto(f"{demo_server}/admin/parameters")
    row = page.locator("#pending-h + .table-wrap tr", has_text=f"¥{int(amount):,}.00")
    with page.expect_navigation():
        row.get_by_role("button", name="通过").click()
    assert "已审核通过" in page.inner_text("body")
    assert page.evaluate(OVERFLOW) <= 0
    # the calculator: the new amount with its source from its date, the previous one before it
    page.context.clear_cookies()
    html = calculator(page, demo_server, "2025-06-30")
    assert f"按柯城区标准¥{int(amount):,}.00（2025-0" in html and "柯人社〔2024〕99号" in html
    html = calculator(page, demo_server, "2024-06-30")
    assert "按柯城区标准¥1,000.00（2024-01-01起）" in html  # the demo's earlier value
    assert page.evaluate(OVERFLOW) <= 0
    # the province administrator lands on 参数维护 with its 待维护 list
    login(page, demo_server, "admin2")
    assert page.url.endswith("/admin/parameters") and page.locator("#todo-h").is_visible()
    assert not page.js_errors
