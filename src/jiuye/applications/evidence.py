"""证明材料: evidence files attached to an application.

A file is accepted when its *content* is a PDF, a JPEG or a PNG (the first bytes, never the
name's extension or the type the browser claims), it is not empty and not larger than
``JIUYE_EVIDENCE_MAX_BYTES`` (5 MB by default). It is kept in the database (``evidence_files``:
the bytes, the type read from them, the size and the SHA-256), so it works the same on SQLite and
PostgreSQL and needs no data folder. A file the same as one already attached (the same SHA-256) is
kept once. Every refusal is an :class:`InputError` on the field ``evidence`` whose message names
证明材料 and the file, so a page shows it beside the upload field, never a 500.

Who sees a file: the applicant (the person or enterprise the application is for) and the
caseworkers of the application's county; everyone else gets 404, as if it did not exist.

For other domains (the caseworker's review page):

    evidence_for(db_session, application_id) -> list[dict]

lists an application's files, oldest first, as ``{"id", "filename", "content_type", "kind_zh",
"kind_en", "size_bytes", "size_text", "sha256", "uploaded_at", "uploaded_by_user_id", "url"}``;
``url`` downloads the file (``GET /applications/{application_id}/evidence/{id}``, checked as
above). The caller has already checked that its user may see the application.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, undefer

from ..accounts.models import Role, User
from ..audit import service as audit
from ..db.settings import get_settings
from ..errors import InputError, InvalidTransition, NotFound
from . import service
from .models import Application, EvidenceFile, Status

FIELD = "evidence"
LABEL_ZH, LABEL_EN = "证明材料", "evidence"
MAX_FILES = 10  # per application
#: content type → (first bytes, extension, 中文, English)
SIGNATURES: dict[str, tuple[bytes, str, str, str]] = {
    "application/pdf": (b"%PDF-", ".pdf", "PDF 文件", "PDF"),
    "image/png": (b"\x89PNG\r\n\x1a\n", ".png", "PNG 图片", "PNG image"),
    "image/jpeg": (b"\xff\xd8\xff", ".jpg", "JPG 图片", "JPEG image"),
}
CLOSED = frozenset({Status.APPROVED, Status.SUPERSEDED})


@dataclass(frozen=True)
class Upload:
    """A checked file, ready to be attached."""

    filename: str
    content_type: str
    data: bytes
    sha256: str

    @property
    def size(self) -> int:
        return len(self.data)


def max_bytes() -> int:
    return get_settings().evidence_max_bytes


def size_text(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / 1024 / 1024:.1f} MB"
    if n >= 1024:
        return f"{n / 1024:.0f} KB"
    return f"{n} B"


def sniff(data: bytes) -> str | None:
    """The content type the first bytes show (PDF, PNG, JPEG), or None."""
    for ctype, (magic, *_rest) in SIGNATURES.items():
        if data.startswith(magic):
            return ctype
    return None


def clean_filename(name: str | None) -> str:
    """The file's own name, without folders or control characters, at most 120 characters."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C").strip().strip(".")
    return base[:120] or LABEL_ZH


def check_upload(filename: str | None, data: bytes, *, limit: int | None = None) -> Upload:
    """Check one uploaded file by its content and size; InputError naming 证明材料 if refused."""
    limit = max_bytes() if limit is None else limit
    name = clean_filename(filename)
    if not data:
        raise InputError(FIELD, f"{LABEL_ZH}“{name}”是空文件，请重新选择", f"the evidence file '{name}' is empty")
    if len(data) > limit:
        raise InputError(FIELD, f"{LABEL_ZH}“{name}”超过 {size_text(limit)} 的上限（{size_text(len(data))}）",
                         f"the evidence file '{name}' is larger than {size_text(limit)} ({size_text(len(data))})")
    ctype = sniff(data)
    if ctype is None:
        raise InputError(FIELD, f"{LABEL_ZH}“{name}”不是 PDF、JPG 或 PNG 文件（按文件内容检查，与扩展名无关）",
                         f"the evidence file '{name}' is not a PDF, JPG or PNG (checked by its content, not its name)")
    ext = SIGNATURES[ctype][1]
    stem = name.rsplit(".", 1)[0] if "." in name else name
    return Upload(filename=f"{stem}{ext}", content_type=ctype, data=data, sha256=hashlib.sha256(data).hexdigest())


def check_count(n: int, already: int = 0) -> None:
    if n + already > MAX_FILES:
        raise InputError(FIELD, f"{LABEL_ZH}每项申请最多 {MAX_FILES} 个文件", f"at most {MAX_FILES} evidence files per application")


def attach_in_transaction(db_session: Session, *, user: User, app: Application,
                          uploads: list[Upload]) -> list[EvidenceFile]:
    """Attach checked files to ``app`` in the caller's transaction (no commit); the same file
    (SHA-256) already attached is kept once. Records one audit event per file added."""
    known = set(db_session.scalars(select(EvidenceFile.sha256).where(EvidenceFile.application_id == app.id)))
    check_count(len({u.sha256 for u in uploads} - known), len(known))
    added: list[EvidenceFile] = []
    for u in uploads:
        if u.sha256 in known:
            continue
        known.add(u.sha256)
        row = EvidenceFile(application_id=app.id, field=FIELD, filename=u.filename, content_type=u.content_type,
                           size_bytes=u.size, sha256=u.sha256, content=u.data, uploaded_by_user_id=user.id)
        db_session.add(row)
        added.append(row)
    db_session.flush()
    for row in added:
        audit.record(db_session, actor=user, action="application.evidence_added", object_type="application",
                     object_id=app.id, county_code=app.county_code,
                     details={"evidence_id": row.id, "sha256": row.sha256, "content_type": row.content_type,
                              "size_bytes": row.size_bytes})
    return added


def may_see(user: User, app: Application) -> bool:
    """The applicant (person or enterprise the application is for) or a caseworker of its county."""
    role = user.role_enum
    if role == Role.CASEWORKER:
        return user.county_code == app.county_code
    if role == Role.APPLICANT:
        return app.subject_kind == "person" and app.person_id is not None and app.person_id == user.person_id
    if role == Role.ENTERPRISE:
        return (app.subject_kind == "enterprise" and app.enterprise_id is not None
                and app.enterprise_id == user.enterprise_id)
    return False


def add(*, db_session: Session, user: User, application_id: int, uploads: list[Upload]) -> list[EvidenceFile]:
    """Attach more files to an application (补充材料) by its applicant or a caseworker of its county;
    not once it is approved. One transaction with its audit events."""
    with audit.audited_write(db_session, actor=user, action="application.evidence_added", object_type="application",
                             object_id=application_id, county_code=user.county_code):
        app = service.get(db_session=db_session, user=user, application_id=application_id, for_update=True)
        if not may_see(user, app):
            raise NotFound("申请", "application", application_id)
        if app.status_enum in CLOSED:
            raise InvalidTransition("该申请已办结，不能再补充材料", "the application is decided; no more evidence",
                                    field=FIELD)
        if not uploads:
            raise InputError(FIELD, f"请选择{LABEL_ZH}文件", "choose an evidence file")
        added = attach_in_transaction(db_session, user=user, app=app, uploads=uploads)
    return added


def info(row: EvidenceFile) -> dict[str, Any]:
    _magic, _ext, zh, en = SIGNATURES[row.content_type]
    return {"id": row.id, "application_id": row.application_id, "filename": row.filename,
            "content_type": row.content_type, "kind_zh": zh, "kind_en": en, "size_bytes": row.size_bytes,
            "size_text": size_text(row.size_bytes), "sha256": row.sha256,
            "uploaded_at": row.created_at.isoformat() if row.created_at else None,
            "uploaded_by_user_id": row.uploaded_by_user_id,
            "url": f"/applications/{row.application_id}/evidence/{row.id}"}


def evidence_for(db_session: Session, application_id: int) -> list[dict[str, Any]]:
    """The application's evidence files, oldest first (see the module docstring); no bytes."""
    rows = db_session.scalars(select(EvidenceFile).where(EvidenceFile.application_id == application_id)
                              .order_by(EvidenceFile.id))
    return [info(r) for r in rows]


def list_for(*, db_session: Session, user: User, application_id: int) -> list[dict[str, Any]]:
    """:func:`evidence_for`, for the applicant or a caseworker of the county only (404 otherwise)."""
    app = service.get(db_session=db_session, user=user, application_id=application_id)
    if not may_see(user, app):
        raise NotFound("申请", "application", application_id)
    return evidence_for(db_session, application_id)


def download(*, db_session: Session, user: User, application_id: int, evidence_id: int) -> EvidenceFile:
    """One file with its bytes, for the applicant or a caseworker of the county (404 otherwise)."""
    app = service.get(db_session=db_session, user=user, application_id=application_id)
    row = db_session.scalar(select(EvidenceFile).options(undefer(EvidenceFile.content))
                            .where(EvidenceFile.id == evidence_id, EvidenceFile.application_id == app.id))
    if row is None or not may_see(user, app):
        raise NotFound("证明材料", "evidence file", evidence_id)
    return row
