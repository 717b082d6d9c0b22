"""Production settings refuse what would make sessions forgeable or cookies insecure."""

from __future__ import annotations

import pytest

from jiuye.db.settings import Settings, SettingsError

GOOD = "k" * 40


def test_a_short_secret_key_is_refused_in_production():
    with pytest.raises(SettingsError, match="JIUYE_SECRET_KEY"):
        Settings.from_env({"JIUYE_ENV": "production", "JIUYE_SECRET_KEY": "x"})
    with pytest.raises(SettingsError):
        Settings.from_env({"JIUYE_ENV": "production", "JIUYE_SECRET_KEY": "y" * 31})
    assert Settings.from_env({"JIUYE_ENV": "production", "JIUYE_SECRET_KEY": GOOD}).secret_key == GOOD


def test_an_unknown_environment_is_refused():
    for env in ("prod", "Production", "staging", "PRODUCTION "):
        with pytest.raises(SettingsError, match="JIUYE_ENV"):
            Settings.from_env({"JIUYE_ENV": env, "JIUYE_SECRET_KEY": GOOD})
    for env in ("development", "test", "production"):
        assert Settings.from_env({"JIUYE_ENV": env, "JIUYE_SECRET_KEY": GOOD}).env == env
