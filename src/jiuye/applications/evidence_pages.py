"""Pages and API of 证明材料 (evidence files; rules in :mod:`.evidence`).

- ``GET  /applications/{id}/evidence``        the files of an application, and a form to add more
- ``POST /applications/{id}/evidence``        add files (multipart, field ``evidence``; the page's ``csrf``)
- ``GET  /applications/{id}/evidence/{eid}``  the file itself (images inline, PDF as a download)
- ``GET  /api/v1/applications/{id}/evidence`` the list as JSON
- ``POST /api/v1/applications/{id}/evidence`` add files (multipart, field ``evidence``), answers the list

Only the applicant and the caseworkers of the application's county get an answer; everyone else 404.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import UploadFile

from ..accounts.deps import CurrentUser, SessionDep
from ..accounts.models import Role, User
from ..accounts.service import check_csrf, csrf_token
from ..errors import InputError, JiuyeError
from ..fields import DbId
from ..ui.templating import render
from . import evidence, service

router = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api/v1", tags=["applications"])
#: the multipart body a page may send: every file at its limit, and room for the other fields
FORM_ROOM = 1024 * 1024


def body_too_large(request: Request) -> InputError | None:
    """Refuse an upload larger than all its files could be, before reading it."""
    try:
        length = int(request.headers.get("content-length") or 0)
    except ValueError:
        length = 0
    limit = evidence.MAX_FILES * evidence.max_bytes() + FORM_ROOM
    if length > limit:
        return InputError(evidence.FIELD, f"{evidence.LABEL_ZH}总大小超过上限（每个文件不超过 "
                          f"{evidence.size_text(evidence.max_bytes())}）",
                          f"the evidence files are too large (each at most {evidence.size_text(evidence.max_bytes())})")
    return None


async def read_uploads(files: list[Any]) -> list[evidence.Upload]:
    """Check every file chosen in the field ``evidence`` (an empty choice is no file)."""
    limit = evidence.max_bytes()
    chosen = [f for f in files if isinstance(f, UploadFile) and (f.filename or f.size)]
    evidence.check_count(len(chosen))
    out = []
    for f in chosen:
        data = await f.read(limit + 1)
        out.append(evidence.check_upload(f.filename, data, limit=limit))
    return out


def _page(request: Request, db_session: Any, user: User, application_id: int, *, error: JiuyeError | None = None,
          status_code: int = 200, added: int = 0) -> Response:
    items = evidence.list_for(db_session=db_session, user=user, application_id=application_id)
    app = service.get(db_session=db_session, user=user, application_id=application_id)
    return render(request, "applications/evidence.html", {
        "user": user, "csrf": csrf_token(user), "application_id": application_id, "items": items, "error": error,
        "may_add": app.status_enum not in evidence.CLOSED, "added": added,
        "max_text": evidence.size_text(evidence.max_bytes()), "max_files": evidence.MAX_FILES,
        "is_caseworker": user.role_enum == Role.CASEWORKER}, status_code=status_code)


@router.get("/applications/{application_id}/evidence")
def evidence_page(application_id: DbId, request: Request, db_session: SessionDep, user: CurrentUser,
                  added: int = 0):
    return _page(request, db_session, user, application_id, added=added)


@router.post("/applications/{application_id}/evidence")
async def evidence_add(application_id: DbId, request: Request, db_session: SessionDep, user: CurrentUser):
    too_large = body_too_large(request)
    if too_large is not None:
        return _page(request, db_session, user, application_id, error=too_large, status_code=413)
    form = await request.form()
    check_csrf(user, form.get("csrf") if isinstance(form.get("csrf"), str) else None)
    try:
        uploads = await read_uploads(form.getlist(evidence.FIELD))
        added = evidence.add(db_session=db_session, user=user, application_id=application_id, uploads=uploads)
    except InputError as exc:
        return _page(request, db_session, user, application_id, error=exc, status_code=422)
    return RedirectResponse(f"/applications/{application_id}/evidence?added={len(added)}", status_code=303)


@router.get("/applications/{application_id}/evidence/{evidence_id}")
def evidence_file(application_id: DbId, evidence_id: DbId, db_session: SessionDep, user: CurrentUser):
    row = evidence.download(db_session=db_session, user=user, application_id=application_id, evidence_id=evidence_id)
    how = "attachment" if row.content_type == "application/pdf" else "inline"
    ascii_name = row.filename.encode("ascii", "ignore").decode() or f"evidence{evidence.SIGNATURES[row.content_type][1]}"
    ascii_name = ascii_name.replace('"', "").replace("\\", "")
    disposition = f"{how}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(row.filename)}"
    return Response(row.content, media_type=row.content_type,
                    headers={"Content-Disposition": disposition, "X-Content-Type-Options": "nosniff",
                             "X-Evidence-SHA256": row.sha256})


@api.get("/applications/{application_id}/evidence")
def evidence_list(application_id: DbId, db_session: SessionDep, user: CurrentUser):
    """证明材料列表（申请人本人或本县经办人）/ the evidence files of an application (the applicant or a
    caseworker of its county); ``url`` downloads one."""
    return evidence.list_for(db_session=db_session, user=user, application_id=application_id)


@api.post("/applications/{application_id}/evidence", status_code=201)
async def evidence_upload(application_id: DbId, request: Request, db_session: SessionDep, user: CurrentUser):
    """补充证明材料（multipart，字段 evidence；PDF、JPG、PNG）/ add evidence files (multipart field
    ``evidence``: PDF, JPG or PNG by content, each within the size limit); answers the whole list."""
    too_large = body_too_large(request)
    if too_large is not None:
        raise too_large
    form = await request.form()
    uploads = await read_uploads(form.getlist(evidence.FIELD))
    evidence.add(db_session=db_session, user=user, application_id=application_id, uploads=uploads)
    return evidence.list_for(db_session=db_session, user=user, application_id=application_id)


router.include_router(api)
