"""Chain heads anchored outside the database: a head file signed with Ed25519.

Whoever can write to the database can rewrite a whole chain and its head consistently; the chain
check alone cannot see that. Each ``jiuye audit verify`` therefore

1. reads the head file written by the previous run and checks its signature with the key
   (kept outside the database: ``JIUYE_AUDIT_KEY``, generated on first use, mode 0600);
2. checks that every chain of that file still exists and still has, at the sequence number the
   file names, the event with the hash the file names (chains only grow);
3. after a successful verification, writes the current heads, signed (``JIUYE_AUDIT_HEADS``).

The file names the database it belongs to; a file of another database is refused, not
overwritten. Keep a copy of the key and of the head files away from the database host (or run
verify from another host): an attacker holding both the database and the key can re-sign.
"""

from __future__ import annotations

import base64
import json
import os
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
from .models import AuditEvent, AuditHead

FORMAT = "jiuye-audit-heads/1"


def _canonical(obj: Any) -> bytes:
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

    # --- checking and writing ---------------------------------------------------------------
    def check(self, db_session: Session) -> list[str]:
        """Problems found against the previous run's signed heads ([] when none, or no file yet)."""
        if not self.heads_path.exists():
            return []
        try:
            doc = json.loads(self.heads_path.read_text(encoding="utf-8"))
            heads, signature = doc["heads"], base64.b64decode(doc["signature"])
        except (ValueError, KeyError, TypeError):
            return [f"the signed head file {self.heads_path} cannot be read"]
        try:
            self._key().public_key().verify(signature, _canonical(heads))
        except InvalidSignature:
            return [f"the signature of the head file {self.heads_path} does not verify with the key "
                    f"{self.key_path} (file altered, or another key)"]
        if heads.get("format") != FORMAT or heads.get("database") != database_identity(db_session):
            return [f"the signed head file {self.heads_path} belongs to another database ({heads.get('database')})"]
        problems = []
        for chain, said in sorted(heads.get("chains", {}).items()):
            event = db_session.scalar(select(AuditEvent).where(AuditEvent.chain == chain, AuditEvent.seq == said["seq"]))
            if event is None:
                problems.append(f"audit chain {chain}: the signed heads of {heads.get('written_at')} say it had "
                                f"{said['seq']} events; event {said['seq']} is gone (chain deleted or cut)")
            elif event.hash != said["hash"]:
                problems.append(f"audit chain {chain}: event {said['seq']} differs from the signed heads of "
                                f"{heads.get('written_at')} (chain rewritten)")
        return problems

    def write(self, db_session: Session) -> None:
        chains = {h.chain: {"seq": h.seq, "hash": h.hash} for h in db_session.scalars(select(AuditHead)) if h.seq}
        heads = {"format": FORMAT, "database": database_identity(db_session),
                 "written_at": datetime.now(UTC).isoformat(timespec="seconds"), "chains": chains}
        signature = base64.b64encode(self._key().sign(_canonical(heads))).decode()
        self.heads_path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.heads_path.with_name(self.heads_path.name + ".tmp")
        tmp.write_text(json.dumps({"heads": heads, "signature": signature}, ensure_ascii=False, indent=1),
                       encoding="utf-8")
        os.replace(tmp, self.heads_path)
