"""``jiuye match --database``: the applications that hold their reservation are the history."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl

from jiuye.accounts import service as accounts
from jiuye.applications import service as applications
from jiuye.db.core import make_engine
from jiuye.db.migrate import upgrade
from jiuye.engine.provision import Subject
from jiuye.ids import make_id_number
from jiuye.matching.db_history import HISTORY_KEYS, history_from_database
from jiuye.matching.groups import match_chunk
from jiuye.matching.match import Context, make_plan
from tests.dbfixtures import record_hz_effective_date


def test_database_applications_count_as_received(tmp_path: Path) -> None:
    from sqlalchemy.orm import Session

    url = f"sqlite:///{tmp_path / 'jiuye.sqlite'}"
    engine = make_engine(url)
    upgrade(engine)
    id_number = make_id_number("330102", date(1990, 3, 1), 101, "M")
    person = {"id_number": id_number, "name": "张三", "residence_adcode": "330102", "trained_at_designated": True,
              "certificate_kind": "vocational", "certificate_level": 3, "certificate_occupation": "电工",
              "certificate_no": "C-1"}
    with Session(engine) as s:
        pid = applications.upsert_person(s, id_number, "张三", "330102")
        user = accounts.create(db_session=s, username="t_zhang", display_name="张三",
                               password_hash=accounts.hash_password("correct-horse-battery"),
                               role="applicant", person_id=pid)
        admins = [accounts.create(db_session=s, username=f"t_admin{i}", display_name="管理员", role="province_admin",
                                  password_hash=accounts.hash_password("correct-horse-battery")) for i in (1, 2)]
        s.commit()
        record_hz_effective_date(s, *admins)  # the draft applies once its effective date is recorded
        applications.submit(db_session=s, user=user, today=date(2025, 6, 10), payload={
            "provision_id": "hz_2022_draft.shiwu.certificate_subsidy", "case": {"person": person}})
        s.commit()
    engine.dispose()

    hist = history_from_database(url)
    assert hist.filter(pl.col("subject_id") == id_number)["provision_id"].to_list() == [
        "hz_2022_draft.shiwu.certificate_subsidy"]
    plan = make_plan(Subject.PERSON, history_key=HISTORY_KEYS[Subject.PERSON])
    frame = pl.DataFrame({"person.person_id": ["P1", "P2"], **{f"person.{k}": [v, v] for k, v in person.items()
                                                               if k != "name"}})
    frame = frame.with_columns(pl.Series("person.id_number", [id_number, make_id_number("330102", date(1991, 1, 1),
                                                                                          103, "M")]))
    unpaid = match_chunk(frame, plan, Context.make(date(2025, 6, 30)), hist)
    got = unpaid.filter(pl.col("provision_id") == "hz_2022_draft.shiwu.certificate_subsidy")["subject_id"].to_list()
    assert got == ["P2"]  # P1 applied (same certificate: not due again); P2 is owed it
