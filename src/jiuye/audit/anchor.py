"""Chain heads anchored outside the database: a head file signed with Ed25519.

Whoever can write to the database can rewrite a whole chain and its head consistently; the chain
check alone cannot see that. Each ``jiuye audit verify`` therefore

1. reads the head file written by the previous run and checks its signature with the key
   (kept outside the database: ``JIUYE_AUDIT_KEY``, generated on first use, mode 0600);
2. checks that every chain of that file still exists and still has, at the sequence number the
   file names, the event with the hash the file names (chains only grow);
3. after a successful verification, writes the current heads, signed (``JIUYE_AUDIT_HEADS``),
   naming the verify run (a row of ``audit_verifications``, which keeps the same heads, signed).

The file and the database vouch for each other: a missing file while the database holds a signed
run, a file naming a run the database no longer holds, or an older file than the last signed run
is a problem, and the chains are then checked against the database's last signed heads. So
deleting the head file, deleting the last events (and moving a head back), or deleting the runs
is found by the next run; the window is the events written since the last signed run, which the
server's scheduled verify keeps short (``JIUYE_AUDIT_VERIFY_EVERY``).

The file names the database it belongs to; a file of another database is refused, not
overwritten. Keep a copy of the key and of the head files away from the database host (or run
verify from another host): an attacker holding both the database and the key can re-sign.
"""

from __future__ import annotations

import base64
import fcntl
import hashlib
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from ..db.settings import get_settings
from .models import AuditEvent, AuditHead, AuditVerification

FORMAT = "jiuye-audit-heads/1"


def canonical(obj: Any) -> bytes:
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def database_identity(db_session: Session) -> str:
    """Which database (and schema) the heads belong to, without a password."""
    bind = db_session.get_bind()
    engine = getattr(bind, "engine", bind)  # a Connection or an Engine
    url = engine.url.render_as_string(hide_password=True)
    if bind.dialect.name == "postgresql":
        schema = db_session.execute(text("SELECT current_database() || '.' || current_schema()")).scalar()
        return f"{url}#{schema}"
    return url


@dataclass(frozen=True)
class Anchor:
    key_path: Path
    heads_path: Path

    @classmethod
    def from_settings(cls) -> Anchor:
        s = get_settings()
        return cls(Path(s.audit_key_file), Path(s.audit_heads_file))

    # --- the key ---------------------------------------------------------------------------
    def _key(self) -> Ed25519PrivateKey:
        if self.key_path.exists():
            key = serialization.load_pem_private_key(self.key_path.read_bytes(), password=None)
            if not isinstance(key, Ed25519PrivateKey):
                raise ValueError(f"{self.key_path} is not an Ed25519 key")
            return key
        key = Ed25519PrivateKey.generate()
        pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
        self.key_path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.key_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(pem)
        return key

    def key_id(self) -> str:
        raw = self._key().public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        return hashlib.sha256(raw).hexdigest()[:16]

    def sign(self, heads: dict[str, Any]) -> str:
        return base64.b64encode(self._key().sign(canonical(heads))).decode()

    def _verifies(self, heads: dict[str, Any], signature: str) -> bool:
        try:
            self._key().public_key().verify(base64.b64decode(signature), canonical(heads))
        except (InvalidSignature, ValueError, TypeError):
            return False
        return True

    # --- checking and writing ---------------------------------------------------------------
    def check(self, db_session: Session) -> list[str]:
        """Problems found against the signed heads of earlier runs: the head file (the previous
        run's) and the last signed run kept in the database. [] when none, or on the first run."""
        last = last_signed_run(db_session)
        if not self.heads_path.exists():
            problems = []
            if last is not None:
                problems.append(f"the signed head file {self.heads_path} is missing: verify run {last.id} of "
                                f"{_when(last.finished_at)} wrote it (file deleted?)")
            elif self.key_path.exists():
                problems.append(f"the signing key {self.key_path} exists but neither the signed head file "
                                f"{self.heads_path} nor a signed verify run does (both deleted?)")
            return problems + self._check_db_run(db_session, last)
        try:
            doc = json.loads(self.heads_path.read_text(encoding="utf-8"))
            heads, signature = doc["heads"], doc["signature"]
        except (ValueError, KeyError, TypeError):
            return [f"the signed head file {self.heads_path} cannot be read"]
        if not isinstance(heads, dict) or not self._verifies(heads, signature):
            return [f"the signature of the head file {self.heads_path} does not verify with the key "
                    f"{self.key_path} (file altered, or another key)"]
        if heads.get("format") != FORMAT or heads.get("database") != database_identity(db_session):
            return [f"the signed head file {self.heads_path} belongs to another database ({heads.get('database')})"]
        problems = _check_heads(db_session, heads)
        run = heads.get("run")
        if last is None and run is not None:
            problems.append(f"the signed head file names verify run {run}, which the database no longer holds "
                            "(verify runs deleted?)")
        elif last is not None and run != last.id:
            if isinstance(run, int) and run > last.id:
                problems.append(f"the signed head file names verify run {run}; the database's last signed run is "
                                f"{last.id} (verify runs deleted?)")
            else:
                problems.append(f"the signed head file is older (run {run}) than the database's last signed verify run "
                                f"{last.id} of {_when(last.finished_at)} (an old copy put back?)")
                problems += self._check_db_run(db_session, last)
        return problems

    def _check_db_run(self, db_session: Session, last: AuditVerification | None) -> list[str]:
        """The chains against the heads the database's last signed run kept (when the file cannot say)."""
        if last is None:
            return []
        try:
            heads = json.loads(last.heads or "")
        except ValueError:
            heads = None
        if not isinstance(heads, dict) or not self._verifies(heads, last.signature or ""):
            return [f"the signed heads of verify run {last.id} in the database do not verify with the key "
                    f"{self.key_path} (altered, or another key)"]
        return _check_heads(db_session, heads)

    def signed_heads(self, db_session: Session) -> tuple[dict[str, Any], str]:
        """The current heads and their signature (kept with the run in the database)."""
        chains = {h.chain: {"seq": h.seq, "hash": h.hash} for h in db_session.scalars(select(AuditHead)) if h.seq}
        heads = {"format": FORMAT, "database": database_identity(db_session), "key": self.key_id(),
                 "written_at": datetime.now(UTC).isoformat(timespec="seconds"), "chains": chains}
        return heads, self.sign(heads)

    def write(self, heads: dict[str, Any], run: int) -> None:
        """Write the head file for verify run ``run`` (atomically)."""
        heads = {**heads, "run": run}
        signature = self.sign(heads)
        self.heads_path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.heads_path.with_name(self.heads_path.name + ".tmp")
        tmp.write_text(json.dumps({"heads": heads, "signature": signature}, ensure_ascii=False, indent=1),
                       encoding="utf-8")
        os.replace(tmp, self.heads_path)

    @contextmanager
    def locked(self) -> Iterator[None]:
        """One anchored verify at a time on this host (the server's workers and a cron job)."""
        self.heads_path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.heads_path.with_name(self.heads_path.name + ".lock"), "a+") as f:
            fcntl.flock(f.fileno(), fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(f.fileno(), fcntl.LOCK_UN)


def last_signed_run(db_session: Session) -> AuditVerification | None:
    return db_session.scalar(select(AuditVerification).where(AuditVerification.signature.is_not(None))
                             .order_by(AuditVerification.id.desc()).limit(1))


def _when(ts: datetime) -> str:
    return (ts if ts.tzinfo else ts.replace(tzinfo=UTC)).isoformat(timespec="seconds")


def _check_heads(db_session: Session, heads: dict[str, Any]) -> list[str]:
    """Every chain the signed heads name must still have, at that sequence number, that event."""
    problems = []
    for chain, said in sorted((heads.get("chains") or {}).items()):
        event = db_session.scalar(select(AuditEvent).where(AuditEvent.chain == chain, AuditEvent.seq == said["seq"]))
        if event is None:
            problems.append(f"audit chain {chain}: the signed heads of {heads.get('written_at')} say it had "
                            f"{said['seq']} events; event {said['seq']} is gone (chain deleted or cut)")
        elif event.hash != said["hash"]:
            problems.append(f"audit chain {chain}: event {said['seq']} differs from the signed heads of "
                            f"{heads.get('written_at')} (chain rewritten)")
    return problems
