"""Settings of the database-backed application, declared once as ``(name, default, help)``.

``Settings.from_env()`` reads them from the environment. Outside development and testing
(``JIUYE_ENV``), a default secret key is refused: sessions would be forgeable.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

DEFAULT_SECRET = "jiuye-development-secret-change-me"
DEFAULT_SQLITE_PATH = Path("var") / "jiuye.sqlite"
ENVIRONMENTS = ("development", "test", "production")
MIN_SECRET_LENGTH = 32  # characters of a production secret key (a 256-bit key in hex is 64)

#: Every setting: (environment variable, default, help). Docs and the CLI read this one list.
SETTINGS: tuple[tuple[str, str, str], ...] = (
    ("DATABASE_URL", f"sqlite:///{DEFAULT_SQLITE_PATH.as_posix()}",
     "SQLAlchemy URL of the database; a SQLite file under ./var by default, "
     "postgresql+psycopg://user@host:5432/db in production"),
    ("JIUYE_ENV", "development", "development | test | production (anything else is refused); production "
     "refuses the default secret key and keys shorter than 32 characters, and sets the Secure cookie flag"),
    ("JIUYE_SECRET_KEY", DEFAULT_SECRET, "key signing session cookies and form tokens"),
    ("JIUYE_SESSION_MAX_AGE", "28800", "seconds a login session stays valid (default 8 hours)"),
    ("JIUYE_AUDIT_KEY", (Path("var") / "audit" / "heads-ed25519.pem").as_posix(),
     "Ed25519 private key signing the audit chain heads (generated on first use, mode 0600); keep it "
     "outside the database and a copy off the database host"),
    ("JIUYE_AUDIT_HEADS", (Path("var") / "audit" / "heads.json").as_posix(),
     "signed chain-head file written by each `jiuye audit verify` and checked by the next one"),
    ("JIUYE_EVIDENCE_MAX_BYTES", str(5 * 1024 * 1024), "largest evidence file (证明材料: PDF, JPG, PNG) an "
     "applicant may upload, in bytes (default 5 MB); files are kept in the database with their SHA-256"),
    ("JIUYE_HASH_SLOTS", (Path("var") / "hash-slots").as_posix(),
     "folder of the password-hashing slot files shared by every worker process of a host (at most 2 argon2 "
     "hashes at a time per host, 64 MB each); every worker of a host must see the same folder"),
    ("JIUYE_AUDIT_VERIFY_EVERY", "0", "seconds between the server's scheduled audit verifications (with the "
     "signing key; results stored, logged and shown to the province administrator on /audit); 0 = off"),
    ("JIUYE_SEED_DEMO", "auto", "demo users and applications at startup into an empty database: "
     "1 = always, 0 = never, auto = when the app runs in demo mode (make run)"),
    ("JIUYE_SEPARATE_APPROVER_PAYER", "1", "1 = the caseworker who approved an application cannot also pay its "
     "instalments (审批与支付分离; another caseworker of the county pays); 0 = the approver may pay"),
)


class SettingsError(RuntimeError):
    """A setting is missing or unsafe."""


@dataclass(frozen=True)
class Settings:
    database_url: str
    env: str
    secret_key: str
    session_max_age: int
    seed_demo: str  # '1' | '0' | 'auto'
    audit_key_file: str = ""
    audit_heads_file: str = ""
    evidence_max_bytes: int = 5 * 1024 * 1024
    audit_verify_every: float = 0.0
    hash_slots_dir: str = "var/hash-slots"
    separate_approver_payer: bool = True

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        raw = {name: (env.get(name) or default) for name, default, _ in SETTINGS}
        settings = cls(
            database_url=raw["DATABASE_URL"],
            env=raw["JIUYE_ENV"],
            secret_key=raw["JIUYE_SECRET_KEY"],
            session_max_age=int(raw["JIUYE_SESSION_MAX_AGE"]),
            seed_demo=raw["JIUYE_SEED_DEMO"].lower(),
            audit_key_file=raw["JIUYE_AUDIT_KEY"],
            audit_heads_file=raw["JIUYE_AUDIT_HEADS"],
            evidence_max_bytes=_positive_int(raw["JIUYE_EVIDENCE_MAX_BYTES"], "JIUYE_EVIDENCE_MAX_BYTES"),
            hash_slots_dir=raw["JIUYE_HASH_SLOTS"],
            audit_verify_every=_seconds("JIUYE_AUDIT_VERIFY_EVERY", raw["JIUYE_AUDIT_VERIFY_EVERY"]),
            separate_approver_payer=raw["JIUYE_SEPARATE_APPROVER_PAYER"].strip().lower() not in ("0", "false", "no"),
        )
        if settings.env not in ENVIRONMENTS:
            raise SettingsError(f"JIUYE_ENV must be one of {', '.join(ENVIRONMENTS)}, not {settings.env!r} / "
                                "JIUYE_ENV 取值无效")
        if settings.env == "production" and (settings.secret_key == DEFAULT_SECRET
                                             or len(settings.secret_key) < MIN_SECRET_LENGTH):
            raise SettingsError(f"JIUYE_SECRET_KEY must be set in production, at least {MIN_SECRET_LENGTH} characters "
                                "/ 生产环境必须设置足够长的密钥")
        return settings

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


def _positive_int(value: str, name: str) -> int:
    try:
        n = int(value)
    except ValueError:
        n = 0
    if n <= 0:
        raise SettingsError(f"{name} must be a positive whole number, not {value!r} / {name} 应为正整数")
    return n


def _seconds(name: str, raw: str) -> float:
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not 0 <= value <= 7 * 86400:
        raise SettingsError(f"{name} must be a number of seconds from 0 to 604800, not {raw!r} / {name} 取值无效")
    return value


def get_settings() -> Settings:
    return Settings.from_env()
