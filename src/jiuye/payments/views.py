"""Payments: list pages and API, Excel export, pay / fail / reverse (idempotent)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Body, Header, Query, Request
from fastapi.responses import RedirectResponse, Response

from ..accounts.deps import CurrentUser, SessionDep
from ..accounts.models import Role
from ..accounts.service import check_csrf, csrf_token
from ..applications import present
from ..applications import service as applications
from ..applications.models import PAYMENT_STATUS_LABELS, Application
from ..applications.overdue import is_overdue
from ..dates import parse_date
from ..errors import ApproverCannotPay, Conflict, InputError
from ..fields import ERROR_RESPONSES, DbId, Offset, OptionalId
from ..ui.templating import render
from . import export, service
from . import responses as out

router = APIRouter()
NAV = [("/payments", "支付", "Payments")]
PageNo = Annotated[int, Query(ge=1, le=1_000_000)]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _filters(status: str | None, county_code: str | None, provision_id: str | None, due_from: str | None,
             due_to: str | None) -> dict[str, Any]:
    return {"status": status or None, "county_code": county_code or None, "provision_id": provision_id or None,
            "due_from": parse_date(due_from, field="due_from") if due_from else None,
            "due_to": parse_date(due_to, field="due_to") if due_to else None}


def _subjects(db_session: Any, payments: list[Any]) -> dict[int, dict[str, Any]]:
    ids = {p.application_id for p in payments}
    apps = [db_session.get(Application, i) for i in ids]
    return applications.subjects_of(db_session, apps)


@router.get("/api/v1/payments", tags=["payments"], responses=ERROR_RESPONSES, response_model=out.PaymentList)
def api_list(db_session: SessionDep, user: CurrentUser, status: str | None = None, county_code: str | None = None,
             provision_id: str | None = None, due_from: str | None = None, due_to: str | None = None,
             application_id: OptionalId = None, limit: Annotated[int, Query(ge=1, le=1000)] = 200,
             offset: Offset = 0):
    """支付列表（按辖区）/ payments in the user's jurisdiction."""
    rows = service.list_payments(db_session=db_session, user=user, application_id=application_id,
                                 limit=min(max(limit, 1), 1000), offset=max(offset, 0),
                                 **_filters(status, county_code, provision_id, due_from, due_to))
    return {"items": [present.payment_dict(p) for p in rows],
            "totals": service.totals(db_session=db_session, user=user)}


def _xlsx(db_session: Any, user: Any, filters: dict[str, Any]) -> Response:
    rows = service.list_payments(db_session=db_session, user=user, limit=100_000, **filters)
    data = export.workbook(rows, _subjects(db_session, rows), title=f"支付清单 {date.today().isoformat()}")
    return Response(data, media_type=XLSX,
                    headers={"Content-Disposition": f'attachment; filename="payments-{date.today():%Y%m%d}.xlsx"'})


@router.get("/api/v1/payments/export.xlsx", tags=["payments"], response_class=Response,
            responses={**ERROR_RESPONSES, 200: {"description": "Excel 工作簿 / an Excel workbook",
                                                 "content": {XLSX: {"schema": {"type": "string", "format": "binary"}}}}})
def api_export(db_session: SessionDep, user: CurrentUser, status: str | None = None, county_code: str | None = None,
               provision_id: str | None = None, due_from: str | None = None, due_to: str | None = None):
    """导出 Excel（金额含大写）/ export to Excel, amounts also in 大写."""
    return _xlsx(db_session, user, _filters(status, county_code, provision_id, due_from, due_to))


def _op(kind: str, db_session: Any, user: Any, payment_id: int, key: str | None, body: dict[str, Any] | None):
    body = body or {}
    if kind == "pay":
        return service.pay(db_session=db_session, user=user, payment_id=payment_id, idempotency_key=key,
                           bank_reference=body.get("bank_reference"))
    fn = service.fail if kind == "fail" else service.reverse
    return fn(db_session=db_session, user=user, payment_id=payment_id, idempotency_key=key,
              reason=body.get("reason"))


@router.post("/api/v1/payments/{payment_id}/{kind}", tags=["payments"], responses=ERROR_RESPONSES,
             response_model=out.PaymentOperation)
def api_operate(payment_id: DbId, kind: str, db_session: SessionDep, user: CurrentUser,
                idempotency_key: Annotated[str | None, Header()] = None,
                body: Annotated[dict[str, Any] | None, Body()] = None):
    """支付 / 记为失败 / 追回（kind = pay | fail | reverse；须带 Idempotency-Key）."""
    if kind not in ("pay", "fail", "reverse"):
        raise InputError("kind", "未知操作（pay、fail、reverse）", "unknown operation (pay, fail, reverse)")
    payment, replayed = _op(kind, db_session, user, payment_id, idempotency_key or (body or {}).get("idempotency_key"),
                            body)
    return {"payment": present.payment_dict(payment), "replayed": replayed}


PER_PAGE = 50


def _rows(db_session: Any, user: Any, filters: dict[str, Any], overdue: bool, page: int) -> tuple[list[Any], int, int]:
    """One page of payments (by due date), the total and the page number shown (past the end: the last)."""
    if overdue:  # 逾期未付 is decided on the rows: the SQL pre-filter's rows, tested, then paged
        today = date.today()
        rows = [p for p in service.list_payments(db_session=db_session, user=user, limit=1_000_000,
                                                 overdue_before=today, **filters) if is_overdue(p, today)]
        total = len(rows)
        page = min(page, max(1, -(-total // PER_PAGE)))
        return rows[(page - 1) * PER_PAGE:page * PER_PAGE], total, page
    total = service.count_payments(db_session=db_session, user=user, **filters)
    page = min(page, max(1, -(-total // PER_PAGE)))
    rows = service.list_payments(db_session=db_session, user=user, limit=PER_PAGE, offset=(page - 1) * PER_PAGE,
                                 **filters)
    return rows, total, page


def _page_href(request: Request, page: int) -> str:
    query = [(k, v) for k, v in request.query_params.multi_items() if k != "page"]
    return "/payments?" + urlencode([*query, ("page", str(page))])


def _page(request: Request, db_session: Any, user: Any, filters: dict[str, Any], *, overdue: bool = False,
          page: int = 1, status_code: int = 200, **extra: Any) -> Any:
    """The payments page, 50 a page: each instalment with its status (逾期未付 flagged), and for the
    caseworker who approved an application, no pay button on its instalments (审批与支付分离)."""
    rows, total, page = _rows(db_session, user, filters, overdue, max(page, 1))
    pages = max(1, -(-total // PER_PAGE))
    items = [present.payment_dict(p) for p in rows]
    own = set()
    if not service.approver_may_pay():
        approvers = service.approvers_of(db_session, {p["application_id"] for p in items})
        own = {a for a, who in approvers.items() if user.id in who}
    return render(request, "payments/list.html", {
        "user": user, "csrf": csrf_token(user), "items": items, "subjects": _subjects(db_session, rows),
        "filters": {**filters, "overdue": overdue}, "statuses": PAYMENT_STATUS_LABELS,
        "totals": service.totals(db_session=db_session, user=user), "today": date.today(),
        "overdue_count": sum(1 for p in items if p["overdue"]), "approved_by_me": own,
        "is_caseworker": user.role_enum == Role.CASEWORKER, "query": request.url.query,
        "total": total, "page": page, "pages": pages,
        "prev_href": _page_href(request, page - 1) if page > 1 else None,
        "next_href": _page_href(request, page + 1) if page < pages else None, **extra},
        status_code=status_code)


@router.get("/payments", include_in_schema=False)
def page(request: Request, db_session: SessionDep, user: CurrentUser, status: str | None = None,
         county_code: str | None = None, provision_id: str | None = None, due_from: str | None = None,
         due_to: str | None = None, overdue: str | None = None, page: PageNo = 1):
    filters = _filters(status, county_code, provision_id, due_from, due_to)
    return _page(request, db_session, user, filters, overdue=overdue in ("1", "true", "on"), page=page)


@router.get("/payments/export.xlsx", include_in_schema=False)
def page_export(db_session: SessionDep, user: CurrentUser, status: str | None = None, county_code: str | None = None,
                provision_id: str | None = None, due_from: str | None = None, due_to: str | None = None):
    return _xlsx(db_session, user, _filters(status, county_code, provision_id, due_from, due_to))


@router.post("/payments/{payment_id}/{kind}", include_in_schema=False)
async def page_operate(payment_id: DbId, kind: str, request: Request, db_session: SessionDep, user: CurrentUser):
    form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
    check_csrf(user, form.get("csrf"))
    back = form.get("back") or "/payments"
    back = back if back.startswith("/") and not back.startswith("//") else "/payments"
    if kind not in ("pay", "fail", "reverse"):
        raise InputError("kind", "未知操作", "unknown operation")
    try:
        _op(kind, db_session, user, payment_id, form.get("idempotency_key"), form)
    except (InputError, Conflict, ApproverCannotPay) as exc:
        status = 422 if isinstance(exc, InputError) else exc.status
        return _page(request, db_session, user, _filters(None, None, None, None, None), status_code=status,
                     action_error=exc)
    return RedirectResponse(back, status_code=303)
