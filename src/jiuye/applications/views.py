"""HTTP API of applications under ``/api/v1`` (pages in :mod:`.pages`), thin over the service.

``router`` carries the API and the pages; ``NAV`` and ``TEMPLATE_GLOBALS`` are read by the web
app when it mounts the domain.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Body, Header, Query
from fastapi.responses import JSONResponse

from ..accounts.deps import CurrentUser, SessionDep
from ..dates import parse_date
from ..fields import ERROR_RESPONSES, DbId, Offset
from . import precheck, present, schemas, service
from . import responses as out
from .evidence_pages import router as evidence_router
from .labels import TEMPLATE_GLOBALS
from .pages import router as pages_router

router = APIRouter()
NAV = [("/applications", "申请审核", "Applications")]
__all__ = ["NAV", "TEMPLATE_GLOBALS", "router"]
api = APIRouter(prefix="/api/v1", tags=["applications"], responses=ERROR_RESPONSES)
JsonBody = Annotated[Any, Body()]
OptionalBody = Annotated[dict[str, Any] | None, Body()]


def _date(value: str | None, field: str) -> date | None:
    return parse_date(value, field=field) if value else None


@api.get("/benefits", response_model=list[out.BenefitOut])
def benefits():
    """可申请的待遇 / the benefits one can apply for."""
    return [{"provision_id": p.id, "title_zh": p.title_zh, "title_en": p.title_en, "subject": p.subject.value,
             "benefit_type": p.benefit_type, "period": p.period.value, "stacking_group": p.stacking_group,
             "tags": sorted(p.tags), "citation": p.citation, "draft": p.document.draft}
            for p in schemas.applicable_provisions()]


@api.get("/applications", response_model=out.ApplicationPage)
def list_applications(db_session: SessionDep, user: CurrentUser, status: str | None = None,
                      provision_id: str | None = None, county_code: str | None = None, date_from: str | None = None,
                      date_to: str | None = None, limit: Annotated[int, Query(ge=1, le=500)] = 100,
                      offset: Offset = 0):
    """申请列表（按辖区）/ applications in the user's jurisdiction, newest first."""
    apps, total = service.list_applications(
        db_session=db_session, user=user, status=status, provision_id=provision_id, county_code=county_code,
        date_from=_date(date_from, "date_from"), date_to=_date(date_to, "date_to"), limit=limit, offset=offset)
    subjects = service.subjects_of(db_session, apps)
    return {"total": total, "items": [present.summary(a, subjects[a.id]) for a in apps]}


@api.post("/applications", status_code=201, response_model=out.ApplicationDetail)
def submit(db_session: SessionDep, user: CurrentUser, payload: JsonBody,
           idempotency_key: Annotated[str | None, Header()] = None):
    """提交申请（幂等）/ submit an application; the same Idempotency-Key returns the first one (200)."""
    app, replayed = service.submit(db_session=db_session, user=user, payload=payload, idempotency_key=idempotency_key)
    body = present.detail(db_session, app)
    return JSONResponse(body, status_code=200 if replayed else 201,
                        headers={"Idempotent-Replayed": "true" if replayed else "false",
                                 "Location": f"/api/v1/applications/{app.id}"})


@api.get("/applications/{application_id}", response_model=out.ApplicationDetail)
def get_application(application_id: DbId, db_session: SessionDep, user: CurrentUser):
    """申请详情：预审结果及解释、决定、待遇与支付计划 / detail with the engine's explanation."""
    return present.detail(db_session, service.get(db_session=db_session, user=user, application_id=application_id))


@api.get("/applications/{application_id}/replay", response_model=out.ReplayOut)
def replay(application_id: DbId, db_session: SessionDep, user: CurrentUser):
    """按存档输入重算预审结果 / evaluate the stored input again and compare."""
    return precheck.replay(service.get(db_session=db_session, user=user, application_id=application_id))


def _field(body: dict[str, Any] | None, name: str) -> Any:
    return (body or {}).get(name)


@api.post("/applications/{application_id}/approve", response_model=out.ApplicationDetail)
def approve(application_id: DbId, db_session: SessionDep, user: CurrentUser, body: OptionalBody = None,
            idempotency_key: Annotated[str | None, Header()] = None):
    """批准（引擎复核、限额、排期；可带 Idempotency-Key，重试得到原结果）/ approve: re-check, caps,
    entitlement and payment schedule; with an Idempotency-Key a retry gets the original answer."""
    app, replayed = service.approve_keyed(db_session=db_session, user=user, application_id=application_id,
                                          amount_fen=_field(body, "amount_fen"), months=_field(body, "months"),
                                          facts=_field(body, "facts"), reason=_field(body, "reason"),
                                          idempotency_key=idempotency_key)
    return JSONResponse(present.detail(db_session, app),
                        headers={"Idempotent-Replayed": "true" if replayed else "false"})


@api.post("/applications/{application_id}/reject", response_model=out.ApplicationDetail)
def reject(application_id: DbId, db_session: SessionDep, user: CurrentUser, body: OptionalBody = None):
    """驳回（须填理由）/ reject with a reason."""
    app = service.reject(db_session=db_session, user=user, application_id=application_id,
                         reason=_field(body, "reason"))
    return present.detail(db_session, app)


@api.post("/applications/{application_id}/objection", response_model=out.ApplicationDetail)
def objection(application_id: DbId, db_session: SessionDep, user: CurrentUser, body: OptionalBody = None):
    """对驳回提出异议 / object to a rejection (异议)."""
    app = service.object_to(db_session=db_session, user=user, application_id=application_id,
                            reason=_field(body, "reason"))
    return present.detail(db_session, app)


@api.post("/applications/{application_id}/human-review", response_model=out.ApplicationDetail)
def human_review(application_id: DbId, db_session: SessionDep, user: CurrentUser, body: OptionalBody = None):
    """预审不符合转人工复核 / send an automated "not eligible" to human review."""
    app = service.request_review(db_session=db_session, user=user, application_id=application_id,
                                 reason=_field(body, "reason"))
    return present.detail(db_session, app)


@api.post("/applications/{application_id}/reveal-id", response_model=out.RevealedId)
def reveal_id(application_id: DbId, db_session: SessionDep, user: CurrentUser):
    """显示完整身份证号（记入审计）/ show the full ID number (an audit event)."""
    number = service.reveal_id_number(db_session=db_session, user=user, application_id=application_id)
    return {"application_id": application_id, "id_number": number}


router.include_router(api)
router.include_router(evidence_router)
router.include_router(pages_router)
