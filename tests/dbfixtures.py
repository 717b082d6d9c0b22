"""Database fixtures shared by every domain's tests (registered in tests/conftest.py): each test
runs on SQLite AND PostgreSQL.

- ``db_engine`` (per session and backend): a migrated database — a temporary SQLite file, or a
  fresh schema in PostgreSQL (``JIUYE_TEST_POSTGRES_URL``, default the local ``test`` database),
  dropped at the end. PostgreSQL is skipped, with the reason, only when it cannot be reached.
- ``db_session``: one test inside one transaction, rolled back afterwards (service commits are
  savepoints).
- ``fresh_engine``: a database of its own with real commits, for the concurrency and crash tests.

The filing date of an application is the server's date, never in the request: a payload helper's
``on=`` sets the server's date for the submissions that follow (:func:`file_on`), reset after each
test. The test world's administrators have recorded the Hangzhou draft's effective date
(``HZ_EFFECTIVE``, a test value: the seeds leave it blank), so its caps can be tested; a test of
the draft as published removes it (:func:`without_hz_effective_date`).
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from jiuye.accounts import service as accounts
from jiuye.accounts.models import User
from jiuye.applications import service as applications
from jiuye.db.core import make_engine
from jiuye.db.migrate import upgrade
from jiuye.ids import make_id_number, make_uscc
from jiuye.localstd import service as localstd
from jiuye.localstd.models import LocalValue
from jiuye.params.store import PARAMETERS

HZ_EFFECTIVE = date(2022, 7, 1)  # test value: the draft leaves 2022年*月*日 blank
_FILED_ON: dict[str, date | None] = {"day": None}


def file_on(day: str | date | None) -> None:
    """The server's date for the submissions that follow (None: the real date)."""
    _FILED_ON["day"] = date.fromisoformat(day) if isinstance(day, str) else day


def _server_today() -> date:
    return _FILED_ON["day"] or date.today()


@pytest.fixture(autouse=True)
def server_date(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every test: the server's date is the real one unless a helper's ``on=`` sets it; the
    administrators' values laid over the parameters are put back as they were afterwards."""
    before = PARAMETERS.maintained()
    monkeypatch.setattr(applications, "server_today", _server_today)
    yield
    _FILED_ON["day"] = None
    if PARAMETERS.maintained() != before:
        PARAMETERS.set_local_values(before)
    localstd._LOADED["key"] = None


def record_hz_effective_date(session: Session, proposer: User, approver: User, day: date = HZ_EFFECTIVE) -> LocalValue:
    """An administrator records the Hangzhou draft's effective date, a second one approves it."""
    lv = LocalValue(parameter="hz_2022_draft.effective_date", jurisdiction="330100", city_code="330100",
                    valid_from=day, value=day.isoformat(), source_document="杭州市人民政府施行公告（测试）",
                    source_issuer="杭州市人民政府", source_date=day, reason="测试：登记征求意见稿的施行日期",
                    status="approved", proposed_by=proposer.id, decided_by=approver.id)
    session.add(lv)
    session.commit()
    localstd.refresh_overlay(session)
    return lv


def without_hz_effective_date(world: World) -> None:
    """The Hangzhou draft as published: no effective date recorded."""
    world.session.query(LocalValue).filter(LocalValue.parameter == "hz_2022_draft.effective_date").delete()
    world.session.commit()
    localstd.refresh_overlay(world.session)

PG_URL = os.environ.get("JIUYE_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
BACKENDS = ("sqlite", "postgresql")


def _pg_unreachable() -> str | None:
    try:
        eng = create_engine(PG_URL, connect_args={"connect_timeout": 3})
        with eng.connect() as conn:
            conn.execute(text("SELECT 1"))
        eng.dispose()
    except Exception as exc:  # noqa: BLE001
        return f"PostgreSQL not reachable at {PG_URL}: {type(exc).__name__}: {str(exc).splitlines()[0]}"
    return None


def new_database(backend: str, tmp_path_factory: pytest.TempPathFactory) -> tuple[Engine, Any]:
    """A migrated database of its own; returns (engine, cleanup)."""
    if backend == "sqlite":
        path = tmp_path_factory.mktemp("db") / "jiuye.sqlite"
        engine = make_engine(f"sqlite:///{path}")
        upgrade(engine)
        return engine, engine.dispose
    reason = _pg_unreachable()
    if reason:
        pytest.skip(reason)
    schema = f"jiuye_test_{os.getpid()}_{secrets.token_hex(4)}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine = make_engine(PG_URL, connect_args={"options": f"-csearch_path={schema}"}, pool_size=60, max_overflow=10)
    upgrade(engine)

    def cleanup() -> None:
        engine.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()

    return engine, cleanup


@pytest.fixture(scope="session", params=BACKENDS)
def db_engine(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    engine, cleanup = new_database(request.param, tmp_path_factory)
    yield engine
    cleanup()


@pytest.fixture
def db_session(db_engine: Engine) -> Iterator[Session]:
    conn = db_engine.connect()
    outer = conn.begin()
    session = Session(bind=conn, join_transaction_mode="create_savepoint", expire_on_commit=False)
    try:
        yield session
    finally:
        session.close()
        outer.rollback()
        conn.close()


@pytest.fixture(params=BACKENDS)
def fresh_engine(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    engine, cleanup = new_database(request.param, tmp_path_factory)
    yield engine
    cleanup()


# --- people and users -------------------------------------------------------------------------

PASSWORD = "correct-horse-battery"


@pytest.fixture(scope="session")
def password_hash() -> str:
    return accounts.hash_password(PASSWORD)


def person_id_number(county: str, n: int, gender: str = "M") -> str:
    return make_id_number(county, date(1990, 1 + n % 12, 1 + n % 28), 100 + n % 800, gender)


@dataclass
class World:
    session: Session
    users: dict[str, User]
    ids: dict[str, str]

    def __getitem__(self, name: str) -> User:
        return self.users[name]


def make_world(session: Session, pw_hash: str) -> World:
    ids = {"zhang": person_id_number("330102", 1), "li": person_id_number("330802", 2, "F"),
           "firm": make_uscc("91330802MA2TEKC01"), "hzfirm": make_uscc("91330102MA2TEKC02")}
    zhang = applications.upsert_person(session, ids["zhang"], "张三", "330102")
    li = applications.upsert_person(session, ids["li"], "李四", "330802")
    firm = applications.upsert_enterprise(session, ids["firm"], "衢州测试电商有限公司", "330802")
    specs: dict[str, dict[str, Any]] = {
        "shangcheng": {"role": "county_caseworker", "county_code": "330102"},
        "shangcheng2": {"role": "county_caseworker", "county_code": "330102"},
        "kecheng": {"role": "county_caseworker", "county_code": "330802"},
        "kecheng_pay": {"role": "county_caseworker", "county_code": "330802"},  # pays what kecheng approves
        "hz_manager": {"role": "city_manager", "city_code": "330100"},
        "qz_manager": {"role": "city_manager", "city_code": "330800"},
        "admin": {"role": "province_admin"},
        "zhang": {"role": "applicant", "person_id": zhang},
        "li": {"role": "applicant", "person_id": li},
        "firm": {"role": "enterprise", "enterprise_id": firm},
    }
    users = {name: accounts.create(db_session=session, username=f"t_{name}", display_name=name, password_hash=pw_hash,
                                   **spec) for name, spec in specs.items()}
    session.commit()
    record_hz_effective_date(session, users["hz_manager"], users["admin"])
    return World(session, users, ids)


@pytest.fixture
def world(db_session: Session, password_hash: str) -> World:
    return make_world(db_session, password_hash)


# --- payloads ---------------------------------------------------------------------------------

def training(id_number: str | None = None, *, level: int = 3, occupation: str = "电工", cert_no: str | None = None,
             on: str | None = None, **extra: Any) -> dict[str, Any]:
    person: dict[str, Any] = {"residence_adcode": "330102", "trained_at_designated": True,
                              "certificate_kind": "vocational", "certificate_level": level,
                              "certificate_occupation": occupation,
                              "certificate_no": cert_no or f"C-{occupation}-{level}-{secrets.token_hex(3)}"}
    if id_number:
        person.update(id_number=id_number, name="张三")
    payload: dict[str, Any] = {"provision_id": "hz_2022_draft.shiwu.certificate_subsidy", "case": {"person": person}}
    if on:
        file_on(on)
    payload.update(extra)
    return payload


def flexible(id_number: str, *, on: str = "2025-05-06", months: int | None = 6, **person: Any) -> dict[str, Any]:
    """浙人社发〔2022〕46号 第21条 in 柯城区: 2/3 × ¥1,200 = ¥800 a month."""
    facts = {"id_number": id_number, "name": "李四", "university_graduate": True, "graduation_date": "2024-06-30",
             "work_adcode": "330802", "flexible_employed": True, "si_base_monthly_fen": 600_000,
             "si_paid_monthly_fen": 120_000, **person}
    file_on(on)
    out: dict[str, Any] = {"provision_id": "zj_2022_46.art21", "case": {"person": facts}}
    if months:
        out["months"] = months
    return out


def loan(id_number: str, *, months: int = 12, amount_fen: int = 20_000_000, **extra: Any) -> dict[str, Any]:
    return {"provision_id": "hz_2022_draft.si.personal_loan", "months": months, "case": {
        "person": {"id_number": id_number, "name": "张三", "loan_amount_fen": amount_fen, "loan_term_months": months},
        "enterprise": {"adcode": "330102"}}, **extra}


def startup_employment(uscc: str, *, provision: str = "quzhou_2023_12.qi.startup_employment", hires: int = 3,
                       employees: list[dict[str, str]] | None = None, key_group: bool = False,
                       on: str = "2025-06-03") -> dict[str, Any]:
    """Quzhou （七）: ¥5,000 per insured hire a year; 浙人社发〔2022〕46号 第24条: up to ¥20,000."""
    person = ({"university_graduate": True, "graduation_date": "2021-06-30", "first_startup": True} if key_group else
              {"first_startup": True, "university_graduate": False, "enrolled_student": False,
               "registered_unemployed": False, "difficulty_certified": False, "disabled_certified": False,
               "self_chosen_military_cadre": False, "self_employed_veteran": False})
    file_on(on)
    out: dict[str, Any] = {"provision_id": provision, "case": {
        "person": person, "enterprise": {"uscc": uscc, "name": "衢州测试电商有限公司", "adcode": "330802",
                                         "registered_on": "2023-03-01", "insured_hires_12m": hires,
                                         "ecommerce": False, "leading_industry": False}}}
    if employees:
        out["employees"] = employees
    return out


# --- HTTP -------------------------------------------------------------------------------------

@pytest.fixture
def client(db_session: Session, world: World):
    """The web app (every domain, the one error path) on the test session."""
    from fastapi.testclient import TestClient

    from jiuye.db.core import get_db_session
    from jiuye.web.app import create_app

    app = create_app(database=False)
    app.dependency_overrides[get_db_session] = lambda: db_session
    with TestClient(app, follow_redirects=False) as c:
        yield c


def auth(user: User) -> dict[str, str]:
    return {"Authorization": f"Bearer {accounts.issue_token(user)}"}


def login_cookie(client: Any, user: User) -> None:
    client.cookies.set(accounts.COOKIE, accounts.issue_token(user))
