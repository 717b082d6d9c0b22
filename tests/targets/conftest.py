"""The database fixtures of tests/db (SQLite AND PostgreSQL) and a Shaoxing world on top."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy.orm import Session

from jiuye.accounts import service as accounts
from jiuye.accounts.models import User
from tests.dbfixtures import db_engine, db_session, fresh_engine, password_hash  # noqa: F401  (fixtures)


@dataclass
class Staff:
    session: Session
    users: dict[str, User]

    def __getitem__(self, name: str) -> User:
        return self.users[name]


SPECS = {
    "sx_manager": {"role": "city_manager", "city_code": "330600"},
    "qz_manager": {"role": "city_manager", "city_code": "330800"},
    "yuecheng": {"role": "county_caseworker", "county_code": "330602"},
    "keqiao": {"role": "county_caseworker", "county_code": "330603"},
    "kecheng": {"role": "county_caseworker", "county_code": "330802"},
    "admin": {"role": "province_admin"},
}


@pytest.fixture
def staff(db_session: Session, password_hash: str) -> Staff:  # noqa: F811
    users = {name: accounts.create(db_session=db_session, username=f"tt_{name}", display_name=name,
                                   password_hash=password_hash, **spec) for name, spec in SPECS.items()}
    db_session.commit()
    return Staff(db_session, users)


@pytest.fixture
def shaoxing(staff: Staff) -> Staff:
    """Staff plus the demo's 2023 figures (January to September) for the six districts."""
    from jiuye.targets import demo

    demo.seed(staff.session, county_user=staff["yuecheng"], city_user=staff["sx_manager"])
    return staff


@pytest.fixture
def client(db_session: Session, staff: Staff):  # noqa: F811
    """The web app (every domain) on the test session."""
    from fastapi.testclient import TestClient

    from jiuye.db.core import get_db_session
    from jiuye.web.app import create_app

    app = create_app(database=False)
    app.dependency_overrides[get_db_session] = lambda: db_session
    with TestClient(app, follow_redirects=False) as c:
        yield c


def login(client, user: User) -> None:
    client.cookies.set(accounts.COOKIE, accounts.issue_token(user))
