"""参数维护: a county standard proposed by one administrator, approved by a second, then used by
the engine from its date (浙人社发〔2022〕46号 第19条 “在参保期内按规定给予就业岗位补贴”)."""

from __future__ import annotations

from datetime import date

import pytest

from jiuye.audit import service as audit
from jiuye.errors import Forbidden, InputError, InvalidTransition
from jiuye.localstd import service as localstd
from jiuye.localstd import todo as localstd_todo
from jiuye.params.store import PARAMETERS
from tests.dbfixtures import file_on

POST = "zj_2022_46.art19.post_subsidy"
SOURCE = {"source_document": "柯人社〔2024〕12号", "source_issuer": "衢州市柯城区人力资源和社会保障局",
          "source_date": "2023-12-20", "reason": "本区就业岗位补贴标准"}


def _propose(world, who="kecheng", **kw):
    args = {"parameter": POST, "jurisdiction": "330802", "valid_from": "2024-01-01", "value": "1,500元", **SOURCE, **kw}
    return localstd.propose(db_session=world.session, user=world[who], today=date(2026, 12, 6), **args)


def test_propose_then_a_second_administrator_approves(world):
    lv = _propose(world)
    assert lv.status == "proposed"
    assert PARAMETERS.snapshot(date(2024, 6, 1)).resolve(POST, "330802")[0] is None  # not yet approved
    localstd.approve(db_session=world.session, user=world["qz_manager"], value_id=lv.id)
    value, entry, code = PARAMETERS.snapshot(date(2024, 6, 1)).resolve(POST, "330802")
    assert (value, code) == (150_000, "330802")
    assert "柯人社〔2024〕12号" in entry.source and entry.version == f"lv-{lv.id}"
    assert PARAMETERS.snapshot(date(2023, 12, 31)).resolve(POST, "330802")[0] is None  # before its date
    assert PARAMETERS.snapshot(date(2024, 6, 1)).resolve(POST, "330803")[0] is None  # 衢江区: not set
    actions = [e.action for e in audit.list_events(world.session, object_type="local_value")]
    assert {"local_value.propose", "local_value.approve"} <= set(actions)


def test_the_proposer_cannot_approve_their_own_value(world):
    lv = _propose(world, who="qz_manager")
    with pytest.raises(Forbidden, match="提出人不能审核"):
        localstd.approve(db_session=world.session, user=world["qz_manager"], value_id=lv.id)
    assert localstd.get_scoped(db_session=world.session, user=world["admin"], value_id=lv.id).status == "proposed"


def test_outside_the_jurisdiction_is_refused_or_invisible(world):
    with pytest.raises(Forbidden):
        _propose(world, who="shangcheng")  # 上城区 caseworker for 柯城区
    lv = _propose(world)
    with pytest.raises(Exception) as info:
        localstd.approve(db_session=world.session, user=world["hz_manager"], value_id=lv.id)
    assert getattr(info.value, "status", None) == 404  # another city does not see it
    with pytest.raises(Forbidden):
        localstd.list_values(db_session=world.session, user=world["zhang"])


def test_reject_needs_a_reason_and_decided_values_are_final(world):
    lv = _propose(world)
    with pytest.raises(InputError) as info:
        localstd.reject(db_session=world.session, user=world["qz_manager"], value_id=lv.id, reason=" ")
    assert info.value.field == "reason"
    localstd.reject(db_session=world.session, user=world["qz_manager"], value_id=lv.id, reason="文号有误")
    with pytest.raises(InvalidTransition):
        localstd.approve(db_session=world.session, user=world["admin"], value_id=lv.id)


def test_a_correction_is_a_new_value_and_wins_from_its_date(world):
    first = _propose(world)
    localstd.approve(db_session=world.session, user=world["qz_manager"], value_id=first.id)
    fix = _propose(world, valid_from="2025-01-01", value="1800")
    localstd.approve(db_session=world.session, user=world["admin"], value_id=fix.id)
    snap = PARAMETERS.snapshot
    assert snap(date(2024, 6, 1)).resolve(POST, "330802")[0] == 150_000
    assert snap(date(2025, 6, 1)).resolve(POST, "330802")[0] == 180_000


@pytest.mark.parametrize(("field", "kw"), [
    ("value", {"value": "一千五"}), ("value", {"value": "-5"}), ("value", {"value": "12.345"}),
    ("jurisdiction", {"jurisdiction": "110000"}), ("jurisdiction", {"jurisdiction": "999999"}),
    ("parameter", {"parameter": "zj_2022_46.nope"}), ("valid_from", {"valid_from": "1999-01-01"}),
    ("source_document", {"source_document": ""}), ("source_date", {"source_date": "2030-01-01"}),
    ("source_url", {"source_url": "ftp://x"}), ("reason", {"reason": "a\u202eb"}),
])
def test_bad_input_names_the_field(world, field, kw):
    with pytest.raises(InputError) as info:
        _propose(world, **kw)
    assert info.value.field == field


def test_todo_lists_what_live_provisions_still_need(world):
    # 46号 is in force to 2025-12-31 (“执行至 2025年 12月 31日”); on 2026-12-06 it asks for nothing any more
    assert POST not in {m.parameter for m in localstd_todo.todo(user=world["kecheng"], as_of=date(2026, 12, 6))}
    items = localstd_todo.todo(user=world["kecheng"], as_of=date(2025, 6, 1))
    names = {m.parameter for m in items}
    assert POST in names and all(m.jurisdictions == ("330802",) for m in items)
    lv = _propose(world)
    localstd.approve(db_session=world.session, user=world["qz_manager"], value_id=lv.id)
    assert POST not in {m.parameter for m in localstd_todo.todo(user=world["kecheng"], as_of=date(2025, 6, 1))}
    # 上城区 is not a mountain county: 第19条 does not apply there, so it is not on its list
    assert POST not in {m.parameter for m in localstd_todo.todo(user=world["shangcheng"], as_of=date(2025, 6, 1))}


def _sheet_with(rows: dict[str, list]) -> bytes:
    from io import BytesIO

    from openpyxl import load_workbook

    from jiuye.localstd import excel

    data = excel.export_table(user=_W["world"]["qz_manager"], parameter=POST, as_of=date(2025, 6, 1))
    wb = load_workbook(BytesIO(data))
    ws = wb.active
    by_code = {ws.cell(row=r, column=2).value: r for r in range(4, ws.max_row + 1)}
    for code, values in rows.items():
        for i, v in enumerate(values, start=5):
            ws.cell(row=by_code[code], column=i, value=v)
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


_W: dict = {}
GOOD = ["1500", "2024-01-01", "柯人社〔2024〕12号", "柯城区人社局", "2023-12-20", None, "本区标准"]


def test_excel_round_trip_and_one_bad_cell_imports_nothing(world):
    from jiuye.localstd import excel
    from jiuye.localstd.models import LocalValue

    _W["world"] = world
    already = world.session.query(LocalValue).count()  # the test world's recorded Hangzhou effective date
    bad = _sheet_with({"330802": GOOD, "330803": ["一千", *GOOD[1:]], "330881": [*GOOD[:4], None, *GOOD[5:]]})
    with pytest.raises(excel.ImportRejected) as info:
        excel.import_table(db_session=world.session, user=world["qz_manager"], parameter=POST, data=bad,
                           today=date(2026, 12, 6))
    text = info.value.message_zh
    assert "「新取值」" in text and "「发文日期」：未填写" in text and "第" in text
    assert world.session.query(LocalValue).count() == already  # nothing half-imported
    good = _sheet_with({"330802": GOOD, "330803": ["1,200元", *GOOD[1:]]})
    ids = excel.import_table(db_session=world.session, user=world["qz_manager"], parameter=POST, data=good,
                             today=date(2026, 12, 6))
    assert len(ids) == 2
    values = {lv.jurisdiction: lv.value for lv in world.session.query(LocalValue).filter(LocalValue.parameter == POST)}
    assert values == {"330802": "1500", "330803": "1,200元"}


def test_export_writes_formula_like_text_as_text(world):
    from io import BytesIO

    from openpyxl import load_workbook

    from jiuye.localstd import excel

    lv = _propose(world, source_document="=HYPERLINK(\"http://x\")")
    localstd.approve(db_session=world.session, user=world["qz_manager"], value_id=lv.id)
    data = excel.export_table(user=world["kecheng"], parameter=POST, as_of=date(2025, 6, 1))
    ws = load_workbook(BytesIO(data)).active
    cells = [c for row in ws.iter_rows() for c in row if isinstance(c.value, str) and "HYPERLINK" in c.value]
    assert cells and all(c.data_type == "s" for c in cells)


def test_a_decision_replays_with_the_local_values_it_used(world):
    """jiuye db replay: the stored input carries the maintained values, so a later correction
    does not change what the replay computes (浙人社发〔2022〕46号 第19条, 柯城区 ¥1,500 a month)."""
    from jiuye.applications import service as apps
    from jiuye.applications.precheck import replay

    lv = _propose(world)
    localstd.approve(db_session=world.session, user=world["qz_manager"], value_id=lv.id)
    file_on("2025-06-03")  # filed while 46号 was in force (the server's date then)
    payload = {"provision_id": "zj_2022_46.art19", "case": {"person": {
        "id_number": world.ids["li"], "name": "李四", "university_graduate": True, "graduation_date": "2023-06-30",
        "hired_on": "2023-09-01", "work_adcode": "330802", "employer_size": "small", "employee_si_months": 20,
        "currently_insured": True}}}
    app, _ = apps.submit(db_session=world.session, user=world["li"], payload=payload)
    assert (app.engine_outcome, app.engine_amount_fen) == ("eligible", 150_000)
    assert app.input_snapshot["local_values"][0]["version"] == f"lv-{lv.id}"
    fix = _propose(world, valid_from="2025-01-01", value="1800")  # a later correction, backdated
    localstd.approve(db_session=world.session, user=world["admin"], value_id=fix.id)
    assert PARAMETERS.snapshot(date(2025, 6, 3)).resolve(POST, "330802")[0] == 180_000
    out = replay(app)
    assert out["reproduced"] and out["replayed"]["amount_fen"] == 150_000


def test_a_province_wide_standard_continues_the_bundled_timeline(world):
    """The 1-year LPR is known only to the March 2026 quote: the province administrator records a later value
    (全国银行间同业拆借中心 公告), a second province administrator approves it."""
    from jiuye.accounts import service as accounts

    lpr = "external.lpr.one_year"
    before = PARAMETERS.snapshot(date(2025, 6, 1)).get(lpr)
    assert before is not None and PARAMETERS.snapshot(date(2026, 6, 1)).get(lpr) is None
    args = {"parameter": lpr, "valid_from": "2026-05-20", "value": "3.00%", "source_document": "2026年5月LPR公告",
            "source_issuer": "全国银行间同业拆借中心", "source_date": "2026-05-20", "reason": "补录LPR"}
    with pytest.raises(Forbidden):
        localstd.propose(db_session=world.session, user=world["kecheng"], jurisdiction="330000",
                         today=date(2026, 12, 6), **args)
    with pytest.raises(InputError) as info:
        localstd.propose(db_session=world.session, user=world["admin"], jurisdiction="330800",
                         today=date(2026, 12, 6), **args)
    assert info.value.field == "jurisdiction"
    lv = localstd.propose(db_session=world.session, user=world["admin"], jurisdiction="330000",
                          today=date(2026, 12, 6), **args)
    with pytest.raises(Forbidden):  # a city manager cannot decide a province-wide value
        localstd.approve(db_session=world.session, user=world["qz_manager"], value_id=lv.id)
    second = accounts.create(db_session=world.session, username="t_admin2", role="province_admin",
                             display_name="复核员", password_hash=world["admin"].password_hash)
    world.session.commit()
    localstd.approve(db_session=world.session, user=second, value_id=lv.id)
    assert PARAMETERS.snapshot(date(2026, 6, 1)).get(lpr) == 300
    assert PARAMETERS.snapshot(date(2025, 6, 1)).get(lpr) == before  # the bundled history stays
    assert PARAMETERS.snapshot(date(2026, 5, 1)).get(lpr) is None  # not known between the two
    assert "2026年5月LPR公告" in PARAMETERS.snapshot(date(2026, 6, 1)).entry(lpr).source
