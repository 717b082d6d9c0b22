"""``jiuye params``: an administrator records the Hangzhou draft's effective date (a date, not a
number), a second one approves it, and the draft applies from that date — not before."""

from __future__ import annotations

from datetime import date

import pytest
from typer.testing import CliRunner

from jiuye.applications import service as apps
from jiuye.cli import app as cli
from jiuye.db.core import session_factory
from jiuye.errors import InputError
from jiuye.localstd.models import LocalValue
from tests.dbfixtures import file_on, make_world, training


def test_the_drafts_effective_date_is_recorded_from_the_terminal_with_four_eyes(fresh_engine, monkeypatch,
                                                                                 password_hash):
    monkeypatch.setattr("jiuye.db.core.get_engine", lambda url=None: fresh_engine)
    runner = CliRunner()
    with session_factory(fresh_engine)() as session:
        make_world(session, password_hash)
        session.query(LocalValue).delete()  # the draft as published: 本意见自 2022 年*月*日起施行
        session.commit()
    propose = ["params", "propose", "--user", "t_hz_manager", "--parameter", "hz_2022_draft.effective_date",
               "--jurisdiction", "330100", "--from", "2026-12-01", "--document", "杭政〔2026〕1号（测试）",
               "--issuer", "杭州市人民政府", "--issued-on", "2026-08-20", "--reason", "正式印发，登记施行日期"]
    todo = runner.invoke(cli, ["params", "todo", "--user", "t_hz_manager"], terminal_width=200)
    assert todo.exit_code == 0 and "施行日期" in todo.output and "1：杭州市" in todo.output  # 待维护 until recorded
    res = runner.invoke(cli, [*propose, "--value", "九月一日"])
    assert res.exit_code == 2 and "value" in res.output  # a date, in words the page accepts
    res = runner.invoke(cli, [*propose, "--value", "2026年9月1日"])
    assert res.exit_code == 0, res.output
    value_id = next(int(w) for w in res.output.replace("，", " ").split() if w.isdigit())
    assert runner.invoke(cli, ["params", "approve", "--user", "t_hz_manager", str(value_id)]).exit_code == 2
    res = runner.invoke(cli, ["params", "approve", "--user", "t_admin", str(value_id)])
    assert res.exit_code == 0, res.output
    todo = runner.invoke(cli, ["params", "todo", "--user", "t_hz_manager"], terminal_width=200)
    assert todo.exit_code == 0 and "施行日期" not in todo.output  # recorded: no longer 待维护
    with session_factory(fresh_engine)() as session:
        from jiuye.accounts.models import User

        zhang = session.query(User).filter(User.username == "t_zhang").one()
        file_on(date(2026, 12, 6))
        ok, _ = apps.submit(db_session=session, user=zhang, payload=training(claim_period_start="2026-09-01"))
        assert ok.status == "pending_review"
        with pytest.raises(InputError) as exc:  # the day before it
            apps.submit(db_session=session, user=zhang,
                        payload=training(level=4, occupation="焊工", claim_period_start="2026-08-31"))
        assert exc.value.field == "claim_period_start" and "自2026-09-01起施行" in exc.value.message_zh
