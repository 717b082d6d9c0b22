"""The payments page on a phone (360 px), with more instalments than a page: 50 a page, the total,
下一页 / 上一页, masked names and ID numbers, no sideways scroll."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from .conftest import run_server
from .session import OVERFLOW, login

NAME = "payments-paging-web"


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The demo, plus 52 more instalments of 李四's entitlement in 柯城区 (60 in all)."""
    server = run_server(tmp_path_factory, NAME, seed_demo=True)
    url = next(server)
    from jiuye.applications.models import Payment

    db = sorted(tmp_path_factory.getbasetemp().glob(f"{NAME}*/browser.sqlite"), key=lambda p: p.stat().st_mtime)[-1]
    engine = create_engine(f"sqlite:///{db}")
    with Session(engine) as s:
        first = s.scalars(select(Payment).where(Payment.county_code == "330802").order_by(Payment.id)).first()
        seqs = set(s.scalars(select(Payment.seq).where(Payment.entitlement_id == first.entitlement_id)))
        added = 0
        for seq in range(1, 200):
            if added == 60 - len(seqs) or seq in seqs:
                continue
            start = date(2030 + seq // 12, 1 + seq % 12, 1)  # not yet due: no pay button, nothing overdue
            s.add(Payment(entitlement_id=first.entitlement_id, application_id=first.application_id,
                          county_code=first.county_code, city_code=first.city_code, provision_id=first.provision_id,
                          seq=seq, period_start=start, months=1, due_date=start, amount_fen=first.amount_fen,
                          payee=first.payee))
            added += 1
        s.commit()
    engine.dispose()
    yield url
    next(server, None)


def test_the_payments_list_is_paged_on_a_phone(phone360, demo_server):
    page = phone360
    login(page, demo_server, "kecheng")
    page.goto(f"{demo_server}/payments")
    rows = page.locator("table.stack tbody tr")
    assert rows.count() == 50
    assert "共 60 笔" in page.locator("#pay-total").inner_text()
    body = page.inner_text("main")
    assert "李四" not in body and "李*" in body and "********" in body
    assert page.locator(".pager").get_by_text("第 1 / 2 页").is_visible()
    assert page.locator(".pager a", has_text="上一页").count() == 0
    assert page.evaluate(OVERFLOW) <= 0
    with page.expect_navigation():
        page.locator(".pager a", has_text="下一页").click()
    assert "page=2" in page.url and rows.count() == 10
    assert page.evaluate(OVERFLOW) <= 0
    with page.expect_navigation():
        page.locator(".pager a", has_text="上一页").click()
    assert rows.count() == 50
    assert not page.js_errors
