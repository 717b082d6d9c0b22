"""HTTP API of key-group assistance under ``/api/v1/assistance`` (pages in :mod:`.pages`).

``router`` carries the API and the pages; the web app mounts it with one explicit import.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from ..accounts.deps import CurrentUser, SessionDep
from ..accounts.models import Role
from ..dates import parse_date
from ..errors import Forbidden
from ..fields import ERROR_RESPONSES
from ..ids import mask_id_number, mask_name
from . import responses as out
from . import service, watch
from .pages import router as pages_router

router = APIRouter()
NAV = [("/assistance", "就业帮扶", "Assistance")]
api = APIRouter(prefix="/api/v1/assistance", tags=["assistance"])


def _staff(user: CurrentUser) -> None:
    if not user.is_staff:
        raise Forbidden("只有经办人、管理员可以查看", "only caseworkers and managers")


@api.get("/watch", response_model=out.WatchList, responses=ERROR_RESPONSES)
def api_watch(db_session: SessionDep, user: CurrentUser, county_code: str | None = None, mine: bool = False,
              limit: Annotated[int, Query(ge=1, le=500)] = 100, offset: Annotated[int, Query(ge=0)] = 0):
    """动态清零名单（逾期在前，按辖区）/ the watch list: willing and able, not employed, overdue first."""
    _staff(user)
    rows, total = watch.watch_list(db_session, user, county_code=county_code,
                                   caseworker_id=user.id if mine else None, limit=limit, offset=offset)
    return {"total": total, "items": [
        {"id": r.id, "id_number": mask_id_number(r.id_number), "name": mask_name(r.name), "county_code": r.county_code,
         "watch_since": r.watch_since.isoformat(), "days_since": r.days_since, "days_left": r.days_left,
         "overdue": r.overdue} for r in rows]}


@api.get("/figures", response_model=list[out.CountyFigures], responses=ERROR_RESPONSES)
def api_figures(db_session: SessionDep, user: CurrentUser, period_start: str, period_end: str,
                county_or_city: str | None = None):
    """帮扶率与就业困难人员实现就业（按县）/ 帮扶率 and 就业困难人员实现就业 per county."""
    _staff(user)
    start, end = parse_date(period_start, field="period_start"), parse_date(period_end, field="period_end")
    area = county_or_city or user.county_code or user.city_code or "330000"
    role = user.role_enum
    if role == Role.CASEWORKER and area != user.county_code or (
            role == Role.CITY_MANAGER and not (area == user.city_code or area[:4] == user.city_code[:4])):
        raise Forbidden("超出辖区", "outside your jurisdiction")
    figures = service.county_figures(db_session, area, start, end)
    return [{"county_code": f.county_code, "county_name": f.county_name, "people": f.people, "served": f.served,
             "rate": None if f.rate is None else str(f.rate), "difficulty_employed": f.difficulty_employed,
             "by_group": {g: {"people": x.people, "served": x.served, "rate": None if x.rate is None else str(x.rate)}
                          for g, x in f.by_group.items()}} for f in figures]


router.include_router(api)
router.include_router(pages_router)
