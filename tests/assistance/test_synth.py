"""The generated register: valid, unique ID numbers; the daily job agrees with per-person refreshes."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from jiuye.assistance import synth, watch
from jiuye.assistance.models import RegisterPerson
from jiuye.ids import is_valid_id_number

TODAY = date(2026, 12, 6)


def test_ids_are_valid_and_unique():
    people = synth.frames(3000, today=TODAY)["assist_people"]
    ids = people["id_number"].to_list()
    assert len(set(ids)) == 3000 and all(is_valid_id_number(x, today=TODAY) for x in ids)
    assert people["county_code"].n_unique() > 80  # every county of Zhejiang


def test_the_daily_job_agrees_with_refresh_person(fresh_engine):
    counts = synth.generate(fresh_engine, 600, today=TODAY)
    from sqlalchemy.orm import Session

    with Session(fresh_engine) as s:
        people = s.scalars(select(RegisterPerson).order_by(RegisterPerson.id)).all()
        job = [(p.on_watch, p.watch_since, p.employed, p.groups_mask) for p in people]
        for p in people:
            watch.refresh_person(s, p, TODAY)
        assert [(p.on_watch, p.watch_since, p.employed, p.groups_mask) for p in people] == job
        assert sum(on for on, *_ in job) == counts.on_watch > 0
        summary = watch.county_summaries(s, None, today=TODAY)
        assert sum(x.on_watch for x in summary) == counts.on_watch
        assert sum(x.people for x in summary) == 600
