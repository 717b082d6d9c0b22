"""Racing hires with real commits (SQLite and PostgreSQL): a posting never hires beyond its headcount."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from jiuye.accounts import service as accounts
from jiuye.applications import service as applications
from jiuye.db.core import session_factory
from jiuye.errors import Conflict
from jiuye.jobs import service
from jiuye.jobs.models import Hire, JobApplication, JobPosting
from tests.applications.test_concurrency import race, user
from tests.dbfixtures import make_world, person_id_number

from .conftest import posting_payload, seeker_payload

N = 8


@pytest.fixture
def committed(fresh_engine, password_hash) -> tuple[Any, Any, list[int], int]:
    """A posting for 3 people in 柯城区 and N accepted applicants, committed."""
    factory = session_factory(fresh_engine)
    with factory() as s:
        world = make_world(s, password_hash)
        firm = world["firm"]
        posting = service.create_posting(db_session=s, user=firm, payload=posting_payload(headcount=3))
        apps = []
        for i in range(N):
            pid = applications.upsert_person(s, person_id_number("330802", 200 + i), f"求职者{i}", "330802")
            u = accounts.create(db_session=s, username=f"seeker{i}", role="applicant", display_name=f"求职者{i}",
                                password_hash=password_hash, person_id=pid)
            s.commit()
            service.register_seeker(db_session=s, user=u, payload=seeker_payload())
            a = service.apply(db_session=s, user=u, posting_id=posting.id)
            service.decide(db_session=s, user=firm, application_id=a.id, action="accept")
            apps.append(a.id)
        users = {k: v.id for k, v in world.users.items()}
        return factory, type(world)(None, users, world.ids), apps, posting.id


def test_racing_hires_stop_at_the_headcount(committed):
    factory, world, apps, posting_id = committed
    results = race(factory, N, lambda s, i: service.hire(db_session=s, user=user(s, world, "firm"),
                                                           application_id=apps[i]))
    hired = [r for r in results if not isinstance(r, Exception)]
    refused = [r for r in results if isinstance(r, Exception)]
    assert len(hired) == 3 and all(isinstance(r, Conflict) and r.field == "headcount" for r in refused), results
    with factory() as s:
        p = s.get(JobPosting, posting_id)
        assert p.hired_count == 3 and p.status == "filled"
        assert s.scalar(select(func.count()).select_from(Hire).where(Hire.posting_id == posting_id)) == 3
        assert s.scalar(select(func.count()).select_from(JobApplication).where(
            JobApplication.posting_id == posting_id, JobApplication.status == "hired")) == 3
