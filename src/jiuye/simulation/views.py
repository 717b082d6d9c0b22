"""The simulation pages: pick or edit a reform, run it on the demo population in the background
(progress polled with HTMX), see cost and beneficiaries by county (chart and table, with the
clause behind each changed number), download the Excel; and the budget view of today's rules."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, RedirectResponse, Response

from ..accounts.deps import CurrentUser
from ..accounts.service import check_csrf, csrf_token
from ..errors import Forbidden
from ..ui.templating import render
from .forms import (
    DEFAULT_YEARS,
    FIELDS,
    PRESETS,
    YEAR_CHOICES,
    field_view,
    preset,
    preset_values,
    reform_from_form,
)
from .jobs import Job, manager
from .outputs import write_outputs
from .present import budget_view, result_view, scoped, visible_counties
from .reform import ReformInvalid, parse_reform
from .runner import DEFAULT_DAY, evaluation_day

router = APIRouter()
NAV = [("/simulation", "政策仿真", "Policy simulation")]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
STATIC = Path(__file__).resolve().parent / "static"
PRESET_NAMES = {"no_change": ("不作调整（对照）", "No change (control)"),
                "art24_cap_30000": ("第24条每年最高提高到3万元", "Art. 24 cap raised to ¥30,000")}


def _staff(user: Any) -> None:
    if not user.is_staff:
        raise Forbidden("只有工作人员可以使用政策仿真", "only staff can use the policy simulation")


def _years(value: str | None) -> tuple[str, list[int]]:
    key = value if value in YEAR_CHOICES else DEFAULT_YEARS
    return key, YEAR_CHOICES[key]


def _form_page(request: Request, user: Any, values: dict[str, str], errors: list[dict[str, str]],
               status_code: int = 200, chosen: str | None = None) -> Response:
    years_key, years = _years(values.get("years"))
    as_of = evaluation_day(years[0], DEFAULT_DAY)
    fields = [{**field_view(f, as_of), "value": values.get(f.key, "")} for f in FIELDS]
    return render(request, "simulation/index.html", {
        "fields": fields, "values": values, "errors": errors, "csrf": csrf_token(user), "chosen": chosen,
        "presets": [(k, *PRESET_NAMES[k]) for k in PRESETS], "year_choices": list(YEAR_CHOICES),
        "years_key": years_key, "as_of": as_of}, status_code=status_code)


@router.get("/simulation", include_in_schema=False)
def page(request: Request, user: CurrentUser):
    _staff(user)
    name = request.query_params.get("preset")
    values: dict[str, str] = {"years": request.query_params.get("years") or DEFAULT_YEARS}
    if name in PRESETS:
        data = preset(name)
        values.update(preset_values(data), name=data.get("name", ""), description=data.get("description", ""))
    return _form_page(request, user, values, [], chosen=name)


@router.post("/simulation/run", include_in_schema=False)
async def run(request: Request, user: CurrentUser):
    _staff(user)
    form = {k: str(v) for k, v in (await request.form()).items()}
    check_csrf(user, form.get("csrf"))
    _, years = _years(form.get("years"))
    try:
        reform = reform_from_form(form, evaluation_day(years[0], DEFAULT_DAY))
    except ReformInvalid as exc:
        return _form_page(request, user, form, [p.to_dict() for p in exc.problems], status_code=422)
    job = manager().submit(user.id, reform, years)
    return RedirectResponse(f"/simulation/runs/{job.id}", status_code=303)


def _job_context(job: Job, user: Any) -> dict[str, Any]:
    ctx: dict[str, Any] = {"job": job}
    if job.finished_ok:
        assert job.result is not None
        allowed = visible_counties(user)
        ctx["view"] = budget_view(job.result, allowed) if job.baseline_only else result_view(job.result, allowed)
    return ctx


@router.get("/simulation/runs/{job_id}", include_in_schema=False)
def run_page(request: Request, job_id: str, user: CurrentUser):
    _staff(user)
    job = manager().get(job_id, user.id)
    return render(request, "simulation/run.html", _job_context(job, user))


@router.get("/simulation/runs/{job_id}/status", include_in_schema=False)
def run_status(request: Request, job_id: str, user: CurrentUser):
    _staff(user)
    job = manager().get(job_id, user.id)
    return render(request, "simulation/_job.html", _job_context(job, user))


@router.get("/simulation/runs/{job_id}/simulation.xlsx", include_in_schema=False)
def run_excel(job_id: str, user: CurrentUser):
    _staff(user)
    job = manager().get(job_id, user.id)
    if not job.finished_ok or job.workbook is None or job.result is None:
        raise Forbidden("仿真尚未完成", "the run has not finished")
    name = f"simulation-{date.today():%Y%m%d}.xlsx"
    allowed = visible_counties(user)
    if allowed is None:
        return FileResponse(job.workbook, media_type=XLSX, filename=name)
    with tempfile.TemporaryDirectory() as tmp:  # only the user's counties
        data = write_outputs(scoped(job.result, allowed), Path(tmp))["simulation.xlsx"].read_bytes()
    return Response(data, media_type=XLSX, headers={"Content-Disposition": f'attachment; filename="{name}"'})


@router.get("/simulation/budget", include_in_schema=False)
def budget(request: Request, user: CurrentUser):
    _staff(user)
    years_key, years = _years(request.query_params.get("years") or "2024-2026")
    job = manager().latest(user.id, baseline_only=True, years=years)
    if job is None:
        job = manager().submit(user.id, parse_reform({"name": "现行规则"}), years, baseline_only=True)
    return render(request, "simulation/run.html", {**_job_context(job, user), "budget": True,
                                                   "years_key": years_key, "year_choices": list(YEAR_CHOICES)})


@router.get("/simulation/static/simulation.js", include_in_schema=False)
def script():
    return FileResponse(STATIC / "simulation.js", media_type="text/javascript")
