"""Keep the holes closed: schemathesis generates requests for every API operation from the OpenAPI
schema, against the app on SQLite and on PostgreSQL (demo data seeded), anonymously and as each
role. Zero 5xx answers and zero response-schema violations are allowed.

A bounded number of examples per operation keeps the run to a few minutes (``JIUYE_SCHEMATHESIS_EXAMPLES``,
default 2). The figures are printed (``-s``) and written to ``var/schemathesis-figures.json``::

    PYTHONPATH=src .venv/bin/python -m pytest tests/security/test_api_conformance.py -s -q
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance
from sqlalchemy.orm import Session

from jiuye.accounts import service as accounts
from jiuye.accounts.models import User
from jiuye.db.core import get_db_session, session_factory
from jiuye.demo import seed_demo
from jiuye.web.app import create_app
from tests.conftest import ROOT
from tests.dbfixtures import new_database

EXAMPLES = int(os.environ.get("JIUYE_SCHEMATHESIS_EXAMPLES", "2"))
ROLES = ("anonymous", "applicant", "enterprise", "county_caseworker", "city_manager", "province_admin")
FIGURES: dict[str, dict[str, Any]] = {}


@pytest.fixture(scope="module", params=("sqlite", "postgresql"))
def conformance_app(request, tmp_path_factory) -> Iterator[tuple[str, Any, Any]]:
    engine, cleanup = new_database(request.param, tmp_path_factory)
    factory = session_factory(engine)
    with factory() as s:
        seed_demo(s)

    def session() -> Iterator[Session]:
        db = factory()
        try:
            yield db
        finally:
            db.close()

    app = create_app(database=False)
    app.dependency_overrides[get_db_session] = session
    yield request.param, app, factory
    cleanup()


def _token_for(factory: Any, role: str) -> str | None:
    if role == "anonymous":
        return None
    with factory() as s:
        user = s.query(User).filter(User.role == role).order_by(User.id).first()
        return accounts.issue_token(user)


@pytest.mark.parametrize("role", ROLES)
def test_no_server_errors_and_no_schema_violations(conformance_app, role):
    backend, app, factory = conformance_app
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    counts: Counter[str] = Counter()
    problems: list[str] = []
    for result in schema.get_all_operations():
        operation = result.ok()

        @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
                  phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy())
        def run(case: Any) -> None:
            token = _token_for(factory, role)  # a fresh token each call: a generated logout ends only its own
            headers = {"Authorization": f"Bearer {token}"} if token else {}
            counts["requests"] += 1
            try:
                response = case.call(headers=headers)
            except Exception as exc:  # noqa: BLE001  (the app raised: a 500 in production)
                counts["5xx"] += 1
                counts["5xx_found"] += 1
                if len(problems) < 20:
                    problems.append(f"{case.operation.label} raised {type(exc).__name__}: {str(exc)[:150]}")
                return
            counts[f"{response.status_code // 100}xx"] += 1
            for check in (not_a_server_error, response_schema_conformance):
                try:
                    case.validate_response(response, checks=[check], headers=headers)
                except Exception as exc:  # noqa: BLE001  (a failed check: count and name it)
                    kind = "5xx" if check is not_a_server_error else "violations"
                    counts[kind + "_found"] += 1
                    if len(problems) < 20:
                        problems.append(f"{case.operation.label} → {response.status_code}: {str(exc).splitlines()[0][:200]}")

        run()
    figures = {"backend": backend, "role": role, "operations": len(list(schema.get_all_operations())),
               "requests": counts["requests"], "5xx": counts["5xx_found"], "violations": counts["violations_found"],
               "by_status": {k: v for k, v in sorted(counts.items()) if k.endswith("xx") and k[0].isdigit()}}
    FIGURES[f"{backend}/{role}"] = figures
    print(json.dumps(figures, ensure_ascii=False))
    out = ROOT / "var" / "schemathesis-figures.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(FIGURES, ensure_ascii=False, indent=1), encoding="utf-8")
    assert counts["requests"] > 0
    assert not problems, "\n".join(problems)
