"""One scoping rule for lists and details: an enterprise application naming a person (its founder)
never appears in that person's applications, payments or exports."""

from __future__ import annotations

from io import BytesIO

import pytest
from openpyxl import load_workbook

from jiuye.applications import service as apps
from jiuye.errors import NotFound
from jiuye.payments import service as payments
from tests.dbfixtures import auth, startup_employment

FIRM_NAME = "衢州测试电商有限公司"


@pytest.fixture
def firm_app_naming_zhang(world):
    payload = startup_employment(world.ids["firm"])
    payload["case"]["person"].update(id_number=world.ids["zhang"], name="张三")
    a, _ = apps.submit(db_session=world.session, user=world["kecheng"], payload=payload)
    assert a.subject_kind == "enterprise" and a.person_id is not None  # the founder is recorded
    apps.approve(db_session=world.session, user=world["kecheng"], application_id=a.id)
    assert payments.list_payments(db_session=world.session, user=world["kecheng"], application_id=a.id)
    return a


def test_service_lists_and_details_agree(world, firm_app_naming_zhang):
    a = firm_app_naming_zhang
    zhang = world["zhang"]
    listed, total = apps.list_applications(db_session=world.session, user=zhang)
    assert a.id not in [x.id for x in listed] and total == len(listed)
    with pytest.raises(NotFound):
        apps.get(db_session=world.session, user=zhang, application_id=a.id)
    assert payments.list_payments(db_session=world.session, user=zhang) == []
    assert payments.totals(db_session=world.session, user=zhang) == {}
    # the enterprise sees it, in its list and by id
    firm = world["firm"]
    assert a.id in [x.id for x in apps.list_applications(db_session=world.session, user=firm)[0]]
    assert apps.get(db_session=world.session, user=firm, application_id=a.id).id == a.id


def test_api_lists_and_exports_do_not_leak(client, world, firm_app_naming_zhang):
    a = firm_app_naming_zhang
    h = auth(world["zhang"])
    r = client.get("/api/v1/applications", headers=h)
    assert r.status_code == 200 and a.id not in [x["id"] for x in r.json()["items"]]
    r = client.get("/api/v1/payments", headers=h)
    assert r.status_code == 200 and r.json()["items"] == [] and FIRM_NAME not in r.text
    for url in ("/api/v1/payments/export.xlsx", "/payments/export.xlsx"):
        r = client.get(url, headers=h)
        assert r.status_code == 200, url
        cells = [c for row in load_workbook(BytesIO(r.content)).active.iter_rows(values_only=True) for c in row]
        assert FIRM_NAME not in cells and world.ids["firm"] not in cells, url
    assert client.get(f"/api/v1/applications/{a.id}", headers=h).status_code == 404
