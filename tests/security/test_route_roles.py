"""Every route of the applications, payments, audit and accounts domains × every role: the
expected 200 / 303 (a page sends an anonymous visitor to the login) / 401 / 403 / 404. An object
outside the user's reach is 404, never 403; a role that may not use a list at all is 403.
Every other GET route of the app without path parameters is walked too: never a 5xx."""

from __future__ import annotations

import pytest

from jiuye.accounts import service as accounts
from jiuye.applications import service as apps
from jiuye.payments import service as payments
from tests.dbfixtures import flexible, training

ROLES = ("anonymous", "zhang", "li", "firm", "shangcheng", "kecheng", "hz_manager", "qz_manager", "admin")
ALL = dict.fromkeys(ROLES[1:], 200)


def expect(anonymous: int, **by_role: int) -> dict[str, int]:
    return {"anonymous": anonymous, **ALL, **by_role}


@pytest.fixture
def objects(world):
    z, _ = apps.submit(db_session=world.session, user=world["zhang"], payload=training(on="2026-11-02"))
    li, _ = apps.submit(db_session=world.session, user=world["kecheng"], payload=flexible(world.ids["li"]))
    apps.approve(db_session=world.session, user=world["kecheng"], application_id=li.id)
    pay = payments.list_payments(db_session=world.session, user=world["kecheng"], application_id=li.id)[0]
    return {"z": z.id, "li": li.id, "pay": pay.id}


def table(o: dict[str, int]) -> dict[str, dict[str, int]]:
    # zhang's application is in 上城区 (杭州); 李四's in 柯城区 (衢州)
    hz_only = dict(li=404, firm=404, kecheng=404, qz_manager=404)
    qz_only = dict(zhang=404, firm=404, shangcheng=404, hz_manager=404)
    staff_only = dict(zhang=403, li=403, firm=403)
    return {
        "/api/v1/auth/me": expect(401),
        "/api/v1/benefits": expect(200),
        "/api/v1/applications": expect(401),
        f"/api/v1/applications/{o['z']}": expect(401, **hz_only),
        f"/api/v1/applications/{o['z']}/replay": expect(401, **hz_only),
        f"/api/v1/applications/{o['li']}": expect(401, **qz_only),
        f"/api/v1/applications/{o['li'] + 10_000}": expect(401, **dict.fromkeys(ROLES[1:], 404)),
        "/api/v1/payments": expect(401),
        f"/api/v1/payments?application_id={o['li']}": expect(401),
        "/api/v1/payments/export.xlsx": expect(401),
        "/api/v1/audit/events": expect(401, **staff_only),
        "/api/v1/audit/verify": expect(401, **dict.fromkeys(ROLES[1:-1], 403)),
        "/login": expect(200),
        "/applications": expect(303),
        f"/applications/{o['z']}": expect(303, **hz_only),
        f"/applications/{o['li']}": expect(303, **qz_only),
        "/payments": expect(303),
        "/payments/export.xlsx": expect(303),
        "/audit": expect(303, **staff_only),
    }


def _headers(world, role):
    return {} if role == "anonymous" else {"Authorization": f"Bearer {accounts.issue_token(world[role])}"}


def test_every_route_and_role(app_client, world, objects):
    wrong = []
    for url, by_role in table(objects).items():
        for role in ROLES:
            app_client.cookies.clear()
            if role != "anonymous":
                app_client.cookies.set(accounts.COOKIE, accounts.issue_token(world[role]))  # pages use the cookie
            r = app_client.get(url, headers=_headers(world, role))
            if r.status_code != by_role[role]:
                wrong.append(f"GET {url} as {role}: {r.status_code}, expected {by_role[role]}")
    assert not wrong, "\n".join(wrong)


def test_writes_by_role(app_client, world, objects):
    """Writes to an object: the caseworker of its county may; others are 404 (out of reach) or 403."""
    expected = {"anonymous": 401, "zhang": 404, "li": 403, "firm": 404, "shangcheng": 404, "kecheng": 409,
                "hz_manager": 404, "qz_manager": 403, "admin": 403}
    wrong = []
    for role, status in expected.items():
        r = app_client.post(f"/api/v1/applications/{objects['li']}/approve", headers=_headers(world, role))
        if r.status_code != status:  # (李四's is approved already: his caseworker gets 409)
            wrong.append(f"approve as {role}: {r.status_code}, expected {status}")
    assert not wrong, "\n".join(wrong)


def test_every_other_get_route_never_fails(app_client, world):
    from jiuye.web.app import create_app

    def walk(routes, prefix=""):
        for r in routes:
            if getattr(r, "methods", None) and "GET" in r.methods:
                yield prefix + r.path
            ctx = getattr(r, "include_context", None)
            sub = getattr(r, "original_router", None)
            if sub is not None:
                yield from walk(sub.routes, prefix + (ctx.prefix if ctx else ""))

    routes = sorted({p for p in walk(create_app(database=False).routes) if "{" not in p and not p.startswith("/static")})
    assert len(routes) > 20
    failed = []
    for path in routes:
        for role in ("anonymous", "zhang", "kecheng", "admin"):
            r = app_client.get(path, headers=_headers(world, role))
            if r.status_code >= 500 or r.status_code not in (200, 303, 307, 401, 403, 404, 422):
                failed.append(f"GET {path} as {role}: {r.status_code}")
    assert not failed, "\n".join(failed)
