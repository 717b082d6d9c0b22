"""Security tests run on the database fixtures of the applications domain (SQLite and PostgreSQL)."""

import pytest

from tests.dbfixtures import (  # noqa: F401  (fixtures)
    client,
    db_engine,
    db_session,
    fresh_engine,
    password_hash,
    world,
)


@pytest.fixture
def app_client(db_session, world):  # noqa: F811  (the imported fixtures)
    """The whole web app (middleware included) on the test's database session."""
    from fastapi.testclient import TestClient

    from jiuye.db.core import get_db_session
    from jiuye.web.app import create_app

    app = create_app(database=False)
    app.dependency_overrides[get_db_session] = lambda: db_session
    with TestClient(app, follow_redirects=False) as c:
        yield c
