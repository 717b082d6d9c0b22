"""Accounts: argon2 hashes, signed sessions, settings that refuse a default secret."""

from __future__ import annotations

import pytest

from jiuye.accounts import service as accounts
from jiuye.db.settings import DEFAULT_SECRET, SETTINGS, Settings, SettingsError
from jiuye.errors import InputError
from tests.dbfixtures import PASSWORD


def test_passwords_are_argon2_hashes(world):
    user = world["kecheng"]
    assert user.password_hash.startswith("$argon2id$")
    assert accounts.authenticate(db_session=world.session, username="t_kecheng", password=PASSWORD) == user
    assert accounts.authenticate(db_session=world.session, username="t_kecheng", password="wrong") is None
    assert accounts.authenticate(db_session=world.session, username="nobody", password=PASSWORD) is None
    with pytest.raises(InputError):
        accounts.hash_password("short")


def test_a_session_token_round_trips_and_is_refused_when_tampered_or_revoked(world):
    user = world["kecheng"]
    token = accounts.issue_token(user)
    assert accounts.user_from_token(db_session=world.session, token=token) == user
    forged = "eyJ1Ijo5OTksInYiOjF9" + token[token.index("."):]  # {"u":999,"v":1} with the old signature
    assert accounts.user_from_token(db_session=world.session, token=forged) is None
    assert accounts.user_from_token(db_session=world.session, token="not-a-token") is None
    user.session_version += 1  # e.g. a password change
    world.session.flush()
    assert accounts.user_from_token(db_session=world.session, token=token) is None


def test_a_caseworker_needs_a_current_county(world):
    with pytest.raises(InputError) as exc:
        accounts.create(db_session=world.session, username="bad", role="county_caseworker", display_name="x",
                        password_hash="h", county_code="330103")  # 下城区, abolished 2021
    assert exc.value.field == "county_code"
    u = accounts.create(db_session=world.session, username="ok", role="county_caseworker", display_name="x",
                        password_hash="h", county_code="330881")
    assert u.city_code == "330800"


def test_settings_refuse_the_default_secret_outside_development():
    assert Settings.from_env({}).database_url.startswith("sqlite:///")
    with pytest.raises(SettingsError):
        Settings.from_env({"JIUYE_ENV": "production"})
    s = Settings.from_env({"JIUYE_ENV": "production", "JIUYE_SECRET_KEY": "x" * 40, "DATABASE_URL": "postgresql://db"})
    assert s.secret_key != DEFAULT_SECRET and not s.is_sqlite


def test_every_setting_is_documented():
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[2] / "docs" / "applications.md").read_text(encoding="utf-8")
    for name, _default, _help in SETTINGS:
        assert f"`{name}`" in doc, name
