"""Postings, search, seekers, apply → accept → hire, placements (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from jiuye.audit.models import AuditEvent
from jiuye.errors import Conflict, Forbidden, InputError, InvalidTransition, NotFound
from jiuye.jobs import recommend, search, service
from jiuye.jobs.models import Hire, JobPosting

from .conftest import START, posting_payload, seeker_payload


def _post(w, **over):
    return service.create_posting(db_session=w.session, user=w["firm"], payload=posting_payload(**over))


def test_an_enterprise_posts_a_job_checked_against_the_minimum_wage(world):
    p = _post(world)
    assert p.employer_kind == "enterprise" and p.employer_name == "衢州测试电商有限公司"
    assert p.city_code == "330800" and p.status == "open" and p.hired_count == 0
    # ¥25 an hour over 柯城区's 2026 floor (hourly standard not in the sources: derived lower bound ¥12.53)
    assert p.wage_check == "unverified" and p.wage_floor_fen == 1_253
    assert "电商" in p.search_text and "新新街道" in p.search_text and "理货员" in p.search_text


def test_a_posting_below_the_minimum_wage_is_refused_and_leaves_only_the_refusal(world):
    s = world.session
    before = s.scalar(select(JobPosting.id).order_by(JobPosting.id.desc()).limit(1))
    with pytest.raises(InputError) as exc:
        _post(world, pay_kind="monthly", pay_yuan="2000", title="月薪岗位")
    assert exc.value.field == "pay_yuan"
    assert "低于最低工资" in exc.value.message_zh and "柯城区" in exc.value.message_zh and "2180" in exc.value.message_zh
    assert s.scalar(select(JobPosting.id).order_by(JobPosting.id.desc()).limit(1)) == before
    refused = s.scalars(select(AuditEvent).where(AuditEvent.action == "job_posting.create.refused")).all()
    assert refused and "pay_yuan" in refused[-1].details


@pytest.mark.parametrize(("over", "field"), [
    ({"pay_kind": "piece", "pay_yuan": "0.8", "piece_unit": "件"}, "piece_hourly_yuan"),
    ({"pay_kind": "weekly"}, "pay_kind"),
    ({"occupation_code": "4-02"}, "occupation_code"),
    ({"county_code": "330800"}, "county_code"),
    ({"town_code": "330102001"}, "town_code"),
    ({"headcount": "0"}, "headcount"),
    ({"end_date": (START - timedelta(days=1)).isoformat()}, "end_date"),
    ({"skills": ["开飞机"]}, "skills"),
    ({"pay_yuan": "abc"}, "pay_yuan"),
])
def test_bad_posting_input_names_the_field(world, over, field):
    with pytest.raises(InputError) as exc:
        _post(world, **over)
    assert exc.value.field == field and exc.value.message_zh


def test_a_piece_rate_is_checked_by_its_expected_hourly_earnings(world):
    with pytest.raises(InputError) as exc:
        _post(world, pay_kind="piece", pay_yuan="0.5", piece_unit="件", piece_hourly_yuan="10")
    assert exc.value.field == "piece_hourly_yuan"
    p = _post(world, pay_kind="piece", pay_yuan="0.5", piece_unit="件", piece_hourly_yuan="20")
    assert p.pay_kind == "piece" and p.piece_hourly_fen == 2_000


def test_staff_cannot_post(world):
    with pytest.raises(Forbidden):
        service.create_posting(db_session=world.session, user=world["kecheng"], payload=posting_payload())


def test_chinese_search_finds_postings_by_two_and_longer_terms(world):
    s = world.session
    a = _post(world)
    b = service.create_posting(db_session=s, user=world["zhang"], payload=posting_payload(  # a one-off gig
        title="家里保洁半天", description="日常保洁", occupation_code="4-09-08-01", skills=["保洁"],
        county_code="330102", town_code="330102001", headcount=1))
    assert b.employer_kind == "person"
    found, total = search.search(s, q="电商")  # two characters: no trigram, LIKE fallback
    assert a.id in {p.id for p in found} and b.id not in {p.id for p in found} and total >= 1
    assert {p.id for p in search.search(s, q="保洁")[0]} >= {b.id}
    assert {p.id for p in search.search(s, q="打包发货")[0]} == {a.id}  # trigram index (FTS5 / pg_trgm)
    assert {p.id for p in search.search(s, q="电商 新新街道")[0]} == {a.id}
    assert search.search(s, q="保洁", county="330802")[0] == []
    assert search.search(s, q="不存在的岗位名称")[0] == []
    assert search.search(s, q='"%_')[0] == []  # quotes and wildcards are literal


def test_search_follows_edits_of_the_text(world):
    s = world.session
    p = _post(world)
    p.title = "茶叶采摘工"
    p.search_text = search.search_text(p)
    s.flush()
    assert {x.id for x in search.search(s, q="茶叶采摘")[0]} == {p.id}
    assert p.id not in {x.id for x in search.search(s, q="仓库打包")[0]}


def _seeker(world, user="li", **over):
    return service.register_seeker(db_session=world.session, user=world[user], payload=seeker_payload(**over))


def test_the_seeker_sees_why_a_posting_matches(world):
    p = _post(world)
    seeker = _seeker(world)
    ranked = recommend.postings_for_seeker(world.session, seeker)
    assert ranked and ranked[0].obj.id == p.id
    assert "；".join(ranked[0].match.reasons_zh) == "技能匹配 3/4；同一街道（新新街道）；报酬高于期望 12%；意向职业相符"
    # and the employer sees the seeker among the best for the posting
    assert [r.obj.id for r in recommend.seekers_for_posting(world.session, p)] == [seeker.id]


def test_key_group_status_needs_consent(world):
    with pytest.raises(InputError) as exc:
        _seeker(world, key_group="graduate")
    assert exc.value.field == "key_group_consent"
    s = _seeker(world, key_group="graduate", key_group_consent="on")
    assert s.key_group == "graduate" and s.consent_at is not None


def test_a_caseworker_registers_a_person_of_their_county_only(world):
    from tests.dbfixtures import person_id_number

    idn = person_id_number("330802", 40)
    s = service.register_seeker(db_session=world.session, user=world["kecheng"],
                                payload=seeker_payload(id_number=idn, name="周九"))
    assert s.display_name == "周九"
    with pytest.raises(InputError) as exc:
        service.register_seeker(db_session=world.session, user=world["kecheng"],
                                payload=seeker_payload(id_number=idn, name="周九", county_code="330102",
                                                       town_code=None))
    assert exc.value.field == "county_code"
    with pytest.raises(InputError) as exc:
        service.register_seeker(db_session=world.session, user=world["kecheng"],
                                payload=seeker_payload(id_number=idn[:-1] + "0" if idn[-1] != "0" else idn[:-1] + "1",
                                                       name="周九"))
    assert exc.value.field == "id_number"


def test_apply_accept_hire_records_an_employment_spell_and_counts_placements(world):
    s = world.session
    p = _post(world, headcount=1)
    _seeker(world)
    app = service.apply(db_session=s, user=world["li"], posting_id=p.id, note="周末也可以")
    assert app.status == "applied" and app.match_score > 50 and app.match_reasons[0] == "技能匹配 3/4"
    with pytest.raises(Conflict):
        service.apply(db_session=s, user=world["li"], posting_id=p.id)
    with pytest.raises(InvalidTransition):  # hire before accepting
        service.hire(db_session=s, user=world["firm"], application_id=app.id)
    with pytest.raises(Forbidden):  # the seeker cannot accept themself
        service.decide(db_session=s, user=world["li"], application_id=app.id, action="accept")
    with pytest.raises(NotFound):  # another county's caseworker does not even see it
        service.get_application(db_session=s, user=world["shangcheng"], application_id=app.id)
    service.decide(db_session=s, user=world["firm"], application_id=app.id, action="accept")
    spell = service.hire(db_session=s, user=world["firm"], application_id=app.id)
    assert spell.start_date == START and spell.employer_name == "衢州测试电商有限公司" and spell.county_code == "330802"
    assert spell.placement_status in ("recorded_here", "recorded_on_register")
    s.refresh(p)
    assert p.hired_count == 1 and p.status == "filled"
    assert service.placements_count(s, "330802", START, START) == 1
    assert service.placements_count(s, "330800", START - timedelta(days=30), START + timedelta(days=30)) == 1
    assert service.placements_count(s, "330000", START, START) == 1
    assert service.placements_count(s, "330102", START, START) == 0
    assert service.placements_count(s, "330802", START + timedelta(days=1), START + timedelta(days=9)) == 0
    assert s.scalar(select(Hire).where(Hire.application_id == app.id)).id == spell.id
    actions = set(s.scalars(select(AuditEvent.action).where(AuditEvent.object_type.in_(
        ("job_application", "employment_spell")))))
    assert {"job_application.applied", "job_application.accepted", "job_application.hired"} <= actions
    # the filled posting is no longer public
    with pytest.raises(NotFound):
        service.get_posting(db_session=s, user=world["zhang"], posting_id=p.id)
    assert service.get_posting(db_session=s, user=world["kecheng"], posting_id=p.id).id == p.id


def test_headcount_is_never_exceeded(world):
    s = world.session
    p = _post(world, headcount=1)
    _seeker(world)
    _seeker(world, user="zhang", county_code="330802")
    a1 = service.apply(db_session=s, user=world["li"], posting_id=p.id)
    a2 = service.apply(db_session=s, user=world["zhang"], posting_id=p.id)
    for a in (a1, a2):
        service.decide(db_session=s, user=world["firm"], application_id=a.id, action="accept")
    service.hire(db_session=s, user=world["firm"], application_id=a1.id)
    with pytest.raises(Conflict) as exc:
        service.hire(db_session=s, user=world["firm"], application_id=a2.id)
    assert exc.value.field == "headcount"


def test_messages_go_through_the_platform_between_the_two_parties(world):
    s = world.session
    p = _post(world)
    _seeker(world)
    app = service.apply(db_session=s, user=world["li"], posting_id=p.id)
    service.send_message(db_session=s, user=world["firm"], application_id=app.id, body="请明早九点到仓库面谈")
    service.send_message(db_session=s, user=world["li"], application_id=app.id, body="好的")
    assert [m.body for m in service.messages_of(s, app.id)] == ["请明早九点到仓库面谈", "好的"]
    with pytest.raises(Forbidden):
        service.send_message(db_session=s, user=world["kecheng"], application_id=app.id, body="hi")
    with pytest.raises(InputError):
        service.send_message(db_session=s, user=world["li"], application_id=app.id, body="  ")


def test_placements_count_rejects_an_unknown_code(world):
    with pytest.raises(InputError):
        service.placements_count(world.session, "999999", START, START)


def test_a_hire_of_a_person_on_the_register_takes_them_off_the_watch_list(world):
    from datetime import date

    from jiuye.assistance import service as assistance
    from jiuye.assistance.models import RegisterPerson
    from jiuye.assistance.schemas import parse_entry

    s = world.session
    today = date.today()
    entry = parse_entry({"id_number": world.ids["li"], "name": "李四", "county_code": "330802",
                         "groups": "登记失业人员", "entered_on": (today - timedelta(days=40)).isoformat(),
                         "willing": "是", "able": "是", "hukou_adcode": "330802", "residence_adcode": "330802"},
                        today=today)
    person = assistance.add_person(s, world["kecheng"], entry, today=today)
    assert person.on_watch
    p = _post(world, headcount=1, start_date=today.isoformat())
    _seeker(world)
    app = service.apply(db_session=s, user=world["li"], posting_id=p.id)
    service.decide(db_session=s, user=world["firm"], application_id=app.id, action="accept")
    hire = service.hire(db_session=s, user=world["firm"], application_id=app.id, start=today)
    assert hire.placement_status == "recorded_on_register"
    s.expire_all()
    person = s.get(RegisterPerson, person.id)
    assert person.employed and not person.on_watch


def test_search_uses_the_database_index(world):
    """SQLite: the FTS5 trigram table answers MATCH; PostgreSQL: the pg_trgm GIN index exists and the
    planner can use it for a three-character term."""
    from sqlalchemy import text

    s = world.session
    p = _post(world)
    if s.get_bind().dialect.name == "sqlite":
        sql = s.scalar(text("SELECT sql FROM sqlite_master WHERE name = 'job_postings_fts'"))
        assert "trigram" in sql
        assert s.scalar(text("SELECT rowid FROM job_postings_fts WHERE job_postings_fts MATCH '\"打包发货\"'")) == p.id
    else:
        idx = s.scalar(text("SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_job_postings_search_trgm'"))
        assert idx is not None and "gin_trgm_ops" in idx
        s.execute(text("SET LOCAL enable_seqscan = off"))
        plan = "\n".join(s.scalars(text("EXPLAIN SELECT id FROM job_postings WHERE search_text ILIKE '%打包发货%'")))
        assert "ix_job_postings_search_trgm" in plan
