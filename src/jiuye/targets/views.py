"""Targets pages: the dashboard (驾驶舱), a district's page, reporting, the Excel sheet, reports."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from ..accounts.deps import CurrentUser, SessionDep
from ..accounts.models import User
from ..accounts.service import check_csrf, csrf_token
from ..errors import Forbidden, InputError, NotFound
from ..fields import ERROR_RESPONSES
from ..ui.templating import render
from . import derived, excel, present, report, service
from . import responses as out
from .plans import Plan
from .progress import parse_month

router = APIRouter()
NAV = [("/targets", "目标驾驶舱", "Targets")]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_UPLOAD = 5 * 1024 * 1024


def _lang(request: Request) -> str:
    return "en" if request.cookies.get("lang") == "en" else "zh"


def _month(text: str | None) -> date | None:
    return parse_month(text) if text else None


def _plan(user: User, key: str | None) -> Plan:
    plans = service.visible_plans(user)
    if not plans:
        raise NotFound("目标计划", "target plan", key or "")
    if key is None:
        return plans[0]
    return service.plan_for(user, key)


def _focus(board: service.Board, indicator: str | None) -> str:
    if indicator:
        board.plan.indicator(indicator)  # refuses an unknown key
        return indicator
    return board.plan.indicators[0].key


def _dashboard(request: Request, db_session: Any, user: User, plan: str | None, month: str | None,
               indicator: str | None) -> dict[str, Any]:
    lang = _lang(request)
    p = _plan(user, plan)
    board = service.board(db_session, user=user, plan_key=p.key, month=_month(month))
    focus = _focus(board, indicator)
    cells = {k: present.cell_view(c, lang) for k, c in board.cells.items()}
    return {
        "user": user, "csrf": csrf_token(user), "plan": p, "plans": service.visible_plans(user), "board": board,
        "cells": cells, "focus": p.indicator(focus), "charts": present.charts(db_session, board, p.indicator(focus), lang),
        "alerts": [present.cell_view(c, lang) | {"label": c.indicator.label_en if lang == "en" else c.indicator.label_zh,
                                                  "name": p.name(c.jurisdiction)} for c in board.alerts()],
        "legend_items": present.legend(lang), "months": present.month_choices(p, date.today()),
        "enterable": [j for j in board.jurisdictions if service.may_enter(user, p, j)],
    }


@router.get("/targets", include_in_schema=False)
def dashboard(request: Request, db_session: SessionDep, user: CurrentUser, plan: str | None = None,
              month: str | None = None, indicator: str | None = None):
    if not plan and not service.visible_plans(user):
        return render(request, "targets/none.html", {"user": user, "csrf": csrf_token(user)})
    return render(request, "targets/dashboard.html", _dashboard(request, db_session, user, plan or None,
                                                                month or None, indicator or None))


@router.get("/api/v1/targets/{plan_key}/board", tags=["targets"], response_model=out.BoardOut,
            responses=ERROR_RESPONSES)
def api_board(request: Request, db_session: SessionDep, user: CurrentUser, plan_key: str, month: str | None = None):
    """目标完成情况（按辖区、指标）/ completion per jurisdiction and indicator."""
    board = service.board(db_session, user=user, plan_key=plan_key, month=_month(month))
    lang = _lang(request)
    return {"plan": plan_key, "month": f"{board.month:%Y-%m}",
            "cells": [present.cell_view(c, lang) for c in board.cells.values()]}


def _district(request: Request, db_session: Any, user: User, plan_key: str, code: str, month: str | None,
              indicator: str | None, error: InputError | None = None, done: str | None = None,
              every: bool = False) -> Response:
    lang = _lang(request)
    p = service.plan_for(user, plan_key)
    if code not in service.visible(user, p):
        raise NotFound("辖区", "jurisdiction", code)
    full = service.board(db_session, user=user, plan_key=p.key, month=_month(month))
    board = service.Board(p, full.month, (code,), {k: c for k, c in full.cells.items() if k[1] == code})
    focus = _focus(board, indicator)
    entries = [] if service.computed_total(p, p.indicators[0], code) else service.history(
        db_session, user=user, plan_key=p.key, jurisdiction=code, indicator=None if every else focus)
    status = 422 if isinstance(error, InputError) else 403 if error is not None else 200
    info = []
    for f in derived.INFO:
        fig = f.source(db_session, code, p.period_start, board.month)
        info.append({"label": f.label_en if lang == "en" else f.label_zh, "unit": f.unit,
                     "value": f"{fig.value:,}" if fig.value is not None else None,
                     "query": fig.query_en if lang == "en" else fig.query_zh})
    return render(request, "targets/district.html", {
        "user": user, "csrf": csrf_token(user), "plan": p, "code": code, "name": p.name(code), "board": board,
        "rows": [present.cell_view(board.cells[(i.key, code)], lang) | {"ind": i} for i in p.indicators],
        "focus": p.indicator(focus), "charts": present.charts(db_session, board, p.indicator(focus), lang),
        "history": present.history_view(db_session, p, entries[:200], lang), "may_enter": service.may_enter(user, p, code),
        "months": present.month_choices(p, date.today()), "error": error, "done": done,
        "legend_items": present.legend(lang), "info": info, "every": every,
        "computed": service.computed_total(p, p.indicators[0], code)}, status_code=status)


@router.get("/targets/{plan_key}/district/{code}", include_in_schema=False)
def district(request: Request, db_session: SessionDep, user: CurrentUser, plan_key: str, code: str,
             month: str | None = None, indicator: str | None = None, done: str | None = None, all: str | None = None):
    return _district(request, db_session, user, plan_key, code, month or None, indicator or None, done=done,
                     every=bool(all))


@router.post("/targets/{plan_key}/district/{code}/entries", include_in_schema=False)
def enter(request: Request, db_session: SessionDep, user: CurrentUser, plan_key: str, code: str,
          indicator: Annotated[str, Form()] = "", month: Annotated[str, Form()] = "",
          value: Annotated[str, Form()] = "", comment: Annotated[str, Form()] = "", csrf: Annotated[str, Form()] = ""):
    check_csrf(user, csrf)
    try:
        p = service.plan_for(user, plan_key)
        ind = p.indicator(indicator)
        entry = service.record(db_session, user=user, plan_key=p.key, jurisdiction=code, indicator=ind.key,
                               as_of=parse_month(month), value=value, comment=comment)
    except (InputError, Forbidden) as exc:
        db_session.rollback()
        return _district(request, db_session, user, plan_key, code, month or None, indicator or None, error=exc)
    done = "unchanged" if entry is None else "saved"
    return RedirectResponse(f"/targets/{plan_key}/district/{code}?month={month}&indicator={indicator}&done={done}",
                            status_code=303)


@router.get("/targets/{plan_key}/district/{code}/template.xlsx", include_in_schema=False)
def template(db_session: SessionDep, user: CurrentUser, plan_key: str, code: str, month: str | None = None):
    when = _month(month) or date.today()
    data = excel.template(db_session, user=user, plan_key=plan_key, jurisdiction=code, month=when)
    name = f"targets-{code}-{when:%Y-%m}.xlsx"
    return Response(data, media_type=XLSX, headers={"Content-Disposition": f'attachment; filename="{name}"'})


@router.get("/targets/import", include_in_schema=False)
def import_page(request: Request, user: CurrentUser):
    service.visible_plans(user)
    return render(request, "targets/import.html", {"user": user, "csrf": csrf_token(user), "result": None,
                                                   "errors": []})


@router.post("/targets/import", include_in_schema=False)
async def import_upload(request: Request, db_session: SessionDep, user: CurrentUser,
                        file: Annotated[UploadFile | None, File()] = None, csrf: Annotated[str, Form()] = ""):
    check_csrf(user, csrf)
    ctx: dict[str, Any] = {"user": user, "csrf": csrf_token(user), "result": None, "errors": []}
    data = await file.read(MAX_UPLOAD + 1) if file is not None else b""
    try:
        if not data:
            raise InputError("file", "请选择要导入的填报表（.xlsx）", "choose the filled-in sheet (.xlsx)")
        if len(data) > MAX_UPLOAD:
            raise InputError("file", "文件超过 5 MB", "the file is larger than 5 MB")
        ctx["result"] = excel.import_workbook(db_session, user=user, data=data)
    except excel.ImportRejected as exc:
        ctx["errors"] = [e.to_dict() for e in exc.errors]
        return render(request, "targets/import.html", ctx, status_code=422)
    except (InputError, Forbidden, NotFound) as exc:
        ctx["errors"] = [{"field": getattr(exc, "field", None) or "file", "message_zh": exc.message_zh,
                          "message_en": exc.message_en}]
        return render(request, "targets/import.html", ctx, status_code=422 if isinstance(exc, InputError) else 403)
    return render(request, "targets/import.html", ctx)


def _report(db_session: Any, user: User, plan_key: str, period: str | None) -> report.Report:
    p = service.plan_for(user, plan_key)
    seen = service.visible(user, p)
    when = report.parse_period(period or _latest_quarter(db_session, p, seen))
    return report.build(db_session, p, seen, when)


def _latest_quarter(db_session: Any, p: Plan, seen: tuple[str, ...]) -> str:
    m = service.default_month(db_session, p, seen)
    return f"{m.year}-Q{(m.month - 1) // 3 + 1}"


@router.get("/targets/{plan_key}/report", include_in_schema=False)
def report_page(request: Request, db_session: SessionDep, user: CurrentUser, plan_key: str, period: str | None = None):
    rep = _report(db_session, user, plan_key, period or None)
    money = {b.indicator.key: report.money_columns(b, bool(rep.plan.districts) and len(b.lines) == len(
        rep.plan.jurisdictions)) for b in rep.blocks if b.indicator.is_money}
    return render(request, "targets/report.html", {"user": user, "report": rep, "money": money,
                                                   "clause": report.CLAUSE, "fmt": present.fmt})


@router.get("/targets/{plan_key}/report.xlsx", include_in_schema=False)
def report_xlsx(db_session: SessionDep, user: CurrentUser, plan_key: str, period: str | None = None):
    rep = _report(db_session, user, plan_key, period or None)
    return Response(report.workbook(rep), media_type=XLSX,
                    headers={"Content-Disposition": f'attachment; filename="{report.filename(rep)}"'})
