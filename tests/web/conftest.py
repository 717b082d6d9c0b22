from __future__ import annotations

import warnings

import pytest


@pytest.fixture(scope="session")
def app():
    from jiuye.web import create_app

    return create_app()


@pytest.fixture
def client(app):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient

    return TestClient(app, raise_server_exceptions=False)
