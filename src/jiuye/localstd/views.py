"""参数维护 pages and API: the 待维护 list, propose, approve / reject, Excel out and in."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from ..accounts.deps import CurrentUser, SessionDep
from ..accounts.models import Role, User
from ..accounts.service import check_csrf, csrf_token
from ..errors import InputError, JiuyeError
from ..params.store import PARAMETERS
from ..refdata import divisions
from ..ui.templating import render
from . import excel, service, tiers, todo
from .models import STATUS_LABELS, LocalValue

router = APIRouter()
NAV = [("/admin/parameters", "参数维护", "Local standards")]
MAX_UPLOAD = 2 * 1024 * 1024


# ------------------------------------------------------------------------ presentation
def _jurisdiction_name(code: str) -> str:
    if code == service.PROVINCE:
        return "浙江省（全省）"
    return divisions.name_of(code) or code


def _row(lv: LocalValue, lang: str) -> dict[str, Any]:
    param = PARAMETERS[lv.parameter] if lv.parameter in PARAMETERS else None
    shown = lv.value
    if param is not None:
        try:
            shown = service.show_value(param, service.parse_value(param, lv.value), lang)
        except InputError:
            pass
    return {"id": lv.id, "parameter": lv.parameter, "label_zh": param.label_zh if param else lv.parameter,
            "label_en": param.label_en if param else lv.parameter, "jurisdiction": lv.jurisdiction,
            "jurisdiction_name": _jurisdiction_name(lv.jurisdiction), "valid_from": lv.valid_from.isoformat(),
            "value": shown, "source": lv.source_text, "reason": lv.reason, "status": lv.status,
            "status_zh": STATUS_LABELS[lv.status][0], "status_en": STATUS_LABELS[lv.status][1],
            "proposed_by": lv.proposed_by, "decision_reason": lv.decision_reason}


def _jurisdictions(user: User) -> list[dict[str, str]]:
    role = user.role_enum
    if role == Role.CASEWORKER:
        codes = [user.county_code] if user.county_code else []
    elif role == Role.CITY_MANAGER:
        codes = [user.city_code, *[d.code for d in divisions.counties(user.city_code)]]
    else:
        codes = [service.PROVINCE, *[d.code for d in divisions.all_current() if d.level in {"city", "county"}]]
    return [{"code": c, "name": _jurisdiction_name(c)} for c in codes if c]


def _unit(m: Any, lang: str) -> str:
    if tiers.is_keyed(m.name):
        return "档次：第一档、第二档…" if lang == "zh" else "tier: 1, 2…"
    return service.UNIT_LABELS[m.unit][0 if lang == "zh" else 1]


def _params_for_form(lang: str) -> list[dict[str, str]]:
    return [{"name": m.name, "label": m.label_zh if lang == "zh" else m.label_en,
             "unit": _unit(m, lang),
             "provisions": "；".join(sorted({p.citation for p in m.provisions}))}
            for m in service.maintainable()]


def _lang(request: Request) -> str:
    from ..ui.i18n import lang_of

    return lang_of(request)


def _landing_context(request: Request, db_session: Any, user: User, **extra: Any) -> dict[str, Any]:
    lang = _lang(request)
    as_of = date.today()
    service.refresh_overlay(db_session, force=False)
    items = todo.todo(user=user, as_of=as_of)
    counts = todo.todo_counts(items)
    values = service.list_values(db_session=db_session, user=user, limit=100)
    pending = [_row(v, lang) for v in values if v.status == "proposed"]
    return {
        "user": user, "csrf": csrf_token(user), "as_of": as_of.isoformat(),
        "todo": [{"parameter": m.parameter, "label": m.label_zh if lang == "zh" else m.label_en,
                  "citations": "；".join(sorted({p.citation for p in m.provisions})),
                  "titles": "；".join(sorted({p.title_zh if lang == "zh" else p.title_en for p in m.provisions})),
                  "count": len(m.jurisdictions),
                  "places": "、".join(_jurisdiction_name(c) for c in m.jurisdictions[:8])
                  + ("等" if len(m.jurisdictions) > 8 else ""),
                  "first": m.jurisdictions[0]} for m in items],
        "counts": [{"name": _jurisdiction_name(c), "count": n} for c, n in list(counts.items())[:30]],
        "pending": pending, "recent": [_row(v, lang) for v in values if v.status != "proposed"][:30],
        "params": _params_for_form(lang), **extra,
    }


# ------------------------------------------------------------------------ pages
@router.get("/admin/parameters", include_in_schema=False)
def landing(request: Request, db_session: SessionDep, user: CurrentUser, done: str | None = None):
    service._staff(user)
    return render(request, "localstd/landing.html", _landing_context(request, db_session, user, done=done))


@router.get("/admin/parameters/new", include_in_schema=False)
def new_form(request: Request, user: CurrentUser, parameter: str | None = None, jurisdiction: str | None = None):
    service._staff(user)
    lang = _lang(request)
    return render(request, "localstd/new.html", {
        "user": user, "csrf": csrf_token(user), "params": _params_for_form(lang),
        "jurisdictions": _jurisdictions(user), "form": {"parameter": parameter or "", "jurisdiction": jurisdiction or ""},
        "error": None})


async def _form(request: Request, user: User) -> dict[str, str]:
    form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
    check_csrf(user, form.get("csrf"))
    return form


FIELDS = ("parameter", "jurisdiction", "valid_from", "value", "source_document", "source_issuer", "source_date",
          "source_url", "reason")


@router.post("/admin/parameters/new", include_in_schema=False)
async def new_submit(request: Request, db_session: SessionDep, user: CurrentUser):
    form = await _form(request, user)
    args = {k: form.get(k) or None for k in FIELDS}
    try:
        lv = service.propose(db_session=db_session, user=user, **args)
    except JiuyeError as exc:
        lang = _lang(request)
        error = exc.to_dict() if hasattr(exc, "to_dict") else {"message_zh": str(exc), "message_en": str(exc)}
        error["field_label"] = FIELD_LABELS.get(error.get("field") or "", ("", ""))[0 if lang == "zh" else 1]
        return render(request, "localstd/new.html", {
            "user": user, "csrf": csrf_token(user), "params": _params_for_form(lang),
            "jurisdictions": _jurisdictions(user), "form": {k: form.get(k, "") for k in FIELDS}, "error": error},
            status_code=getattr(exc, "status", 422))
    return RedirectResponse(f"/admin/parameters?done=proposed-{lv.id}", status_code=303)


FIELD_LABELS = {"parameter": ("参数", "parameter"), "jurisdiction": ("地区", "area"), "valid_from": ("生效日期", "effective date"),
                "value": ("取值", "value"), "source_document": ("文件文号", "document number"),
                "source_issuer": ("发文单位", "issuer"), "source_date": ("发文日期", "date issued"),
                "source_url": ("文件网址", "URL"), "reason": ("理由", "reason"), "file": ("文件", "file")}


@router.post("/admin/parameters/{value_id}/{action}", include_in_schema=False)
async def decide(request: Request, db_session: SessionDep, user: CurrentUser, value_id: int, action: str):
    form = await _form(request, user)
    if action not in {"approve", "reject"}:
        raise InputError("action", "未知的操作", "unknown action")
    try:
        if action == "approve":
            service.approve(db_session=db_session, user=user, value_id=value_id, reason=form.get("reason"))
        else:
            service.reject(db_session=db_session, user=user, value_id=value_id, reason=form.get("reason"))
    except JiuyeError as exc:
        error = exc.to_dict() if hasattr(exc, "to_dict") else {"message_zh": str(exc), "message_en": str(exc)}
        return render(request, "localstd/landing.html",
                      _landing_context(request, db_session, user, error=error), status_code=getattr(exc, "status", 422))
    return RedirectResponse(f"/admin/parameters?done={action}d-{value_id}", status_code=303)


@router.get("/admin/parameters/export", include_in_schema=False)
def export(user: CurrentUser, parameter: str, as_of: date | None = None):
    service._staff(user)
    data = excel.export_table(user=user, parameter=parameter, as_of=as_of or date.today())
    return Response(data, media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers={"Content-Disposition": 'attachment; filename="local-standards.xlsx"',
                             "Cache-Control": "no-store"})


@router.post("/admin/parameters/import", include_in_schema=False)
async def import_file(request: Request, db_session: SessionDep, user: CurrentUser):
    form = await request.form()
    check_csrf(user, form.get("csrf") if isinstance(form.get("csrf"), str) else None)
    upload = form.get("file")
    parameter = form.get("parameter")
    try:
        if not isinstance(parameter, str) or not parameter:
            raise InputError("parameter", "请选择参数", "choose a parameter")
        if upload is None or isinstance(upload, str):
            raise InputError("file", "请选择要导入的 Excel 文件", "choose an Excel file")
        data = await upload.read(MAX_UPLOAD + 1)
        if len(data) > MAX_UPLOAD:
            raise InputError("file", "文件不超过2MB", "the file is at most 2 MB")
        ids = excel.import_table(db_session=db_session, user=user, parameter=parameter, data=data, today=date.today())
    except JiuyeError as exc:
        errors = [e.text() for e in exc.errors] if isinstance(exc, excel.ImportRejected) else [
            getattr(exc, "message_zh", str(exc)) if _lang(request) == "zh" else getattr(exc, "message_en", str(exc))]
        return render(request, "localstd/landing.html",
                      _landing_context(request, db_session, user, import_errors=errors),
                      status_code=getattr(exc, "status", 422))
    return RedirectResponse(f"/admin/parameters?done=imported-{len(ids)}", status_code=303)


# ------------------------------------------------------------------------ API
class ProposalIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    parameter: str = Field(max_length=160)
    jurisdiction: str = Field(max_length=6)
    valid_from: date
    value: str = Field(max_length=200)
    source_document: str = Field(max_length=200)
    source_issuer: str = Field(max_length=200)
    source_date: date
    source_url: str | None = Field(default=None, max_length=500)
    reason: str = Field(max_length=2000)


class DecisionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: str | None = Field(default=None, max_length=2000)


class LocalValueOut(BaseModel):
    id: int
    parameter: str
    label_zh: str
    label_en: str
    jurisdiction: str
    jurisdiction_name: str
    valid_from: str
    value: str
    source: str
    reason: str
    status: str
    status_zh: str
    status_en: str
    decision_reason: str | None = None


def _out(lv: LocalValue) -> LocalValueOut:
    row = _row(lv, "zh")
    return LocalValueOut(**{k: row[k] for k in LocalValueOut.model_fields})


@router.get("/api/v1/local-values", tags=["local standards"], response_model=list[LocalValueOut])
def api_list(db_session: SessionDep, user: CurrentUser,
             status: Annotated[str | None, Query(max_length=16)] = None,
             parameter: Annotated[str | None, Query(max_length=160)] = None):
    """地方参数取值（本辖区）/ local values in the user's jurisdiction."""
    return [_out(v) for v in service.list_values(db_session=db_session, user=user, status=status, parameter=parameter)]


@router.post("/api/v1/local-values", tags=["local standards"], response_model=LocalValueOut, status_code=201)
def api_propose(body: ProposalIn, db_session: SessionDep, user: CurrentUser):
    """提出一项地方取值（待另一位管理员审核）/ propose a local value (a second administrator approves)."""
    return _out(service.propose(db_session=db_session, user=user, **body.model_dump()))


@router.post("/api/v1/local-values/{value_id}/approve", tags=["local standards"], response_model=LocalValueOut)
def api_approve(value_id: Annotated[int, PathParam(ge=1, le=2**62)], body: DecisionIn, db_session: SessionDep,
                user: CurrentUser):
    """审核通过（提出人不能审核自己的取值）/ approve (never by the proposer)."""
    return _out(service.approve(db_session=db_session, user=user, value_id=value_id, reason=body.reason))


@router.post("/api/v1/local-values/{value_id}/reject", tags=["local standards"], response_model=LocalValueOut)
def api_reject(value_id: Annotated[int, PathParam(ge=1, le=2**62)], body: DecisionIn, db_session: SessionDep,
               user: CurrentUser):
    """退回（须写明理由）/ reject, with a reason."""
    return _out(service.reject(db_session=db_session, user=user, value_id=value_id, reason=body.reason))


class TodoOut(BaseModel):
    parameter: str
    label_zh: str
    label_en: str
    provisions: list[str]
    jurisdictions: list[str]
    jurisdiction_names: list[str]


@router.get("/api/v1/local-values/todo", tags=["local standards"], response_model=list[TodoOut])
def api_todo(db_session: SessionDep, user: CurrentUser, as_of: date | None = None):
    """待维护：在施行的条款所需、今日尚无取值的参数 / parameters live provisions need that have no value."""
    service.refresh_overlay(db_session, force=False)
    return [TodoOut(parameter=m.parameter, label_zh=m.label_zh, label_en=m.label_en,
                    provisions=sorted({p.id for p in m.provisions}), jurisdictions=list(m.jurisdictions),
                    jurisdiction_names=[_jurisdiction_name(c) for c in m.jurisdictions])
            for m in todo.todo(user=user, as_of=as_of or date.today())]
