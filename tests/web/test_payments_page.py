"""The payments page is paged: 50 instalments a page, the total, 上一页 / 下一页 keeping the filters
(逾期未付 too), masked names and ID numbers; a bad page number is a 422, never a 500."""

from __future__ import annotations

import re
from datetime import date

from jiuye.applications import service as apps
from jiuye.applications.models import Payment
from jiuye.payments import service as payments
from tests.dbfixtures import client, flexible, login_cookie  # noqa: F401  (the app on the test database)

ROW = re.compile(r'<td class="status" data-label="状态">')


def _sixty(world) -> None:
    a, _ = apps.submit(db_session=world.session, user=world["kecheng"], payload=flexible(world.ids["li"], months=6))
    apps.approve(db_session=world.session, user=world["kecheng"], application_id=a.id)
    first = payments.list_payments(db_session=world.session, user=world["kecheng"], application_id=a.id)[0]
    for seq in range(7, 61):  # 54 more monthly instalments of the same entitlement, long due: 60 in all
        start = date(2020 + seq // 12, 1 + seq % 12, 1)
        world.session.add(Payment(entitlement_id=first.entitlement_id, application_id=a.id, county_code="330802",
                                  city_code="330800", provision_id=first.provision_id, seq=seq, period_start=start,
                                  months=1, due_date=start, amount_fen=first.amount_fen, payee=first.payee))
    world.session.commit()


def links(html: str) -> dict[str, str]:
    return {m.group(2): m.group(1).replace("&amp;", "&") for m in re.finditer(r'<a[^>]*href="([^"]*)"[^>]*>(上一页|下一页)', html)}


def test_the_payments_page_is_paged(client, world):  # noqa: F811
    _sixty(world)
    login_cookie(client, world["kecheng"])
    html = client.get("/payments").text
    assert len(ROW.findall(html)) == 50
    assert "共 60 笔" in html and "第 1 / 2 页" in html
    assert set(links(html)) == {"下一页"} and "page=2" in links(html)["下一页"]
    assert world.ids["li"] not in html and "李四" not in html
    assert world.ids["li"][:6] + "********" + world.ids["li"][-4:] in html and "李*" in html
    html = client.get("/payments?page=2").text
    assert len(ROW.findall(html)) == 10 and "第 2 / 2 页" in html
    assert set(links(html)) == {"上一页"} and "page=1" in links(html)["上一页"]


def test_paging_keeps_the_filters(client, world):  # noqa: F811
    _sixty(world)
    login_cookie(client, world["kecheng"])
    html = client.get("/payments?status=scheduled&overdue=1").text
    assert len(ROW.findall(html)) == 50 and "共 60 笔" in html
    nxt = links(html)["下一页"]
    assert "status=scheduled" in nxt and "overdue=1" in nxt and "page=2" in nxt
    html = client.get(nxt).text
    assert len(ROW.findall(html)) == 10
    assert len(ROW.findall(client.get("/payments?status=paid").text)) == 0


def test_a_bad_page_is_not_a_500(client, world):  # noqa: F811
    _sixty(world)
    login_cookie(client, world["kecheng"])
    assert client.get("/payments?page=abc").status_code == 422
    assert client.get("/payments?page=0").status_code == 422
    r = client.get("/payments?page=99")  # past the end: the last page
    assert r.status_code == 200 and len(ROW.findall(r.text)) == 10 and "第 2 / 2 页" in r.text
