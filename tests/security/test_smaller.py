"""Smaller holes: a typed ID number in a note is masked when shown; each demo user has its own
hash and salt; a limit message does not name another application's id."""

from __future__ import annotations

import re

import pytest

from jiuye.applications import service as apps
from jiuye.errors import LimitExceeded
from tests.dbfixtures import auth, flexible, make_world, person_id_number, startup_employment


def test_an_id_number_typed_into_a_note_is_masked_when_shown(client, world):
    note = f"申请人身份证 {world.ids['li']}，请核实"
    a, _ = apps.submit(db_session=world.session, user=world["kecheng"], payload={**flexible(world.ids["li"]), "note": note})
    r = client.get(f"/api/v1/applications/{a.id}", headers=auth(world["kecheng"]))
    assert r.status_code == 200 and world.ids["li"] not in r.text
    assert world.ids["li"][:6] + "********" + world.ids["li"][-4:] in r.json()["decision_reason"]
    apps.reject(db_session=world.session, user=world["kecheng"], application_id=a.id,
                reason=f"证件 {world.ids['li']} 不符")
    r = client.get(f"/api/v1/applications/{a.id}", headers=auth(world["kecheng"]))
    assert world.ids["li"] not in r.text
    from tests.dbfixtures import login_cookie

    login_cookie(client, world["kecheng"])
    page = client.get(f"/applications/{a.id}")
    assert page.status_code == 200 and world.ids["li"] not in page.text


def test_each_demo_user_has_its_own_hash_and_salt(db_session):
    from jiuye.accounts.models import User
    from jiuye.demo import seed_demo

    assert seed_demo(db_session)
    hashes = [u.password_hash for u in db_session.query(User).all()]
    assert len(hashes) >= 8 and len(set(hashes)) == len(hashes)
    salts = {h.split("$")[-2] for h in hashes}
    assert len(salts) == len(hashes)


def test_a_limit_message_does_not_name_another_application(world):
    employee = {"id_number": person_id_number("330802", 40), "name": "王五"}
    first, _ = apps.submit(db_session=world.session, user=world["firm"],
                           payload=startup_employment(world.ids["firm"], employees=[employee]))
    with pytest.raises(LimitExceeded) as exc:
        apps.submit(db_session=world.session, user=world["firm"],
                    payload=startup_employment(world.ids["firm"], employees=[employee], on="2025-07-01"))
    e = exc.value
    text = f"{e.message_zh} {e.message_en} {e.to_dict()}"
    assert not re.search(rf"(?<!\d){first.id}(?!\d)", text.replace(employee["id_number"][:6], "")), text
    assert "claimed_by_application" not in e.to_dict()


_ = make_world  # (the world fixture builds users like this)
