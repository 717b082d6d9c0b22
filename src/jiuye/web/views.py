"""The pages: home, calculator, policy library, parameters, and the language switch.

Views are thin: they parse, call :mod:`calculator`, :mod:`library` or :mod:`params_view`, and
render. An HTMX request (``HX-Request`` header) gets only the part of the page it replaces.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import APIRouter, Query
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response

from ..catalogue.registry import CATALOGUE, get_provision
from ..errors import NotFound
from ..params.store import PARAMETERS
from ..refdata.divisions import counties
from ..rules.documents import DOCUMENTS
from ..ui import i18n
from ..ui.templating import render
from . import calculator, guided_views, library, params_view
from .api import parse_as_of
from .examples import EXAMPLES, example_form
from .forms import CalcForm, field_specs, parse_form
from .guided_result import amount_text, local_sources
from .param_text import worded
from .sources import source_for

router = APIRouter(include_in_schema=False)
router.include_router(guided_views.router)  # /guide: the guided calculator


def _htmx(request: Request) -> bool:
    return request.headers.get("HX-Request") == "true"


def _safe_next(target: str | None) -> str:
    if not target:
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return "/"
    return target


def _set_lang_cookie(response: Response, lang: str) -> None:
    response.set_cookie(i18n.COOKIE, lang, max_age=i18n.COOKIE_MAX_AGE, samesite="lax", path="/")


@router.get("/healthz")
def healthz() -> PlainTextResponse:
    return PlainTextResponse("ok")


@router.get("/lang/{code}")
def switch_language(code: str, next: str | None = None) -> Response:
    resp = RedirectResponse(_safe_next(next), status_code=303)
    _set_lang_cookie(resp, i18n.normalise(code))
    return resp


@router.get("/")
def home(request: Request) -> Response:
    return render(request, "home.html", {"documents": list(DOCUMENTS.values()), "provision_count": len(CATALOGUE)})


# --- calculator --------------------------------------------------------------------------------
def _county_groups() -> list[tuple[str, list[tuple[str, str]]]]:
    from ..refdata.divisions import all_current

    groups = []
    for city in (d for d in all_current() if d.level == "city"):
        groups.append((city.name, [(c.code, c.name) for c in counties(city.code)]))
    return groups


def _calc_page(request: Request, form: CalcForm) -> Response:
    st = calculator.step(form)
    ctx = {"st": st, "form": form, "county_groups": _county_groups(), "specs": field_specs(),
           "amount_parts": calculator.amount_parts, "mark": calculator.condition_mark,
           "error_label": calculator.error_label, "plain_amount": amount_text,
           "local_sources": local_sources, "worded": worded,
           "history_choices": [(p.id, p) for p in CATALOGUE if p.kind.value == "benefit"],
           "examples": EXAMPLES}
    # a form with an input error answers 422, as the other forms do (app.js lets htmx swap it in: data-swap-422)
    status = 422 if form.errors else 200
    if _htmx(request):
        return render(request, "calculator/_panel.html", ctx, status_code=status)
    return render(request, "calculator/index.html", ctx, status_code=status)


@router.get("/calculator")
def calculator_page(request: Request, subject: str = "person", as_of: str | None = None,
                    example: str | None = None) -> Response:
    filled = example_form(example) if example else None
    form = parse_form(filled or {"subject": subject, "as_of": as_of or ""})
    return _calc_page(request, form)


@router.post("/calculator")
async def calculator_submit(request: Request) -> Response:
    data = await request.form()
    form = parse_form(data)
    lang = str(data.get("set_lang") or "")
    if "restart" in data:
        form = CalcForm(subject=form.subject, as_of=form.as_of, as_of_raw=form.as_of_raw)
    if lang in i18n.LANGS:
        request.state.lang = lang
        resp = _calc_page(request, form)
        _set_lang_cookie(resp, lang)
        return resp
    return _calc_page(request, form)


# --- library -----------------------------------------------------------------------------------
Str = Annotated[str | None, Query()]


@router.get("/library")
def library_page(request: Request, q: Str = None, city: Str = None, subject: Str = None, kind: Str = None,
                 status: Str = None, as_of: Str = None) -> Response:
    when = parse_as_of(as_of)
    found = library.search(q=q, city=city or None, subject=subject or None, kind=kind or None,
                           status=status or None, as_of=when)
    ctx = {"found": found, "q": q or "", "city": city or "", "subject": subject or "", "kind": kind or "",
           "status": status or "", "as_of": when, "cities": library.cities(),
           "documents": [library.document_summary(d, when) for d in DOCUMENTS.values()],
           "summaries": {p.id: library.provision_summary(p, when) for p in found["provisions"]},
           "filtered": any([q, city, subject, kind, status])}
    if _htmx(request):
        return render(request, "library/_results.html", ctx)
    return render(request, "library/index.html", ctx)


@router.get("/library/documents/{doc_id}")
def document_page(request: Request, doc_id: str, as_of: Str = None) -> Response:
    when = parse_as_of(as_of)
    if doc_id not in DOCUMENTS:
        raise NotFound("政策文件", "document", doc_id, kind="document")
    view = library.document_view(doc_id, when)
    details = {p.id: library.provision_detail(p, when) for p in library.provisions_of(doc_id)}
    return render(request, "library/document.html", {"doc": view, "details": details, "as_of": when})


@router.get("/library/provisions/{provision_id}")
def provision_page(request: Request, provision_id: str, as_of: Str = None) -> Response:
    when = parse_as_of(as_of)
    p = get_provision(provision_id)
    return render(request, "library/provision.html", {"p": library.provision_detail(p, when), "as_of": when,
                                                       "doc": library.document_summary(p.document, when)})


# --- parameters --------------------------------------------------------------------------------
@router.get("/parameters")
def parameters_page(request: Request, q: Str = None, namespace: Str = None, as_of: Str = None) -> Response:
    when = parse_as_of(as_of)
    lang = i18n.lang_of(request)
    items = params_view.all_summaries(when, q, namespace or None)
    texts = {i["name"]: params_view.value_text(PARAMETERS[i["name"]], PARAMETERS[i["name"]].value_at(when), lang)
             for i in items}
    charts = {n: params_view.chart(PARAMETERS[n], when, lang) for n in params_view.FEATURED if n in PARAMETERS}
    return render(request, "parameters/index.html", {
        "items": items, "texts": texts, "q": q or "", "namespace": namespace or "", "as_of": when,
        "namespaces": [(ns, params_view.namespace_label(ns, lang)) for ns in params_view.namespaces()],
        "charts": {k: v for k, v in charts.items() if v}})


@router.get("/parameters/{name}")
def parameter_page(request: Request, name: str, as_of: Str = None) -> Response:
    when = parse_as_of(as_of)
    if name not in PARAMETERS:
        raise NotFound("参数", "parameter", name, kind="parameter")
    lang = i18n.lang_of(request)
    param = PARAMETERS[name]
    rows = [{"from": e.start, "text": params_view.value_text(param, e.value, lang),
             "source": source_for(e.source, None, lang) if e.source else "",
             "confidence": e.confidence, "note": source_for(e.note, None, lang) if e.note else ""}
            for e in param.entries]
    used_by = [p for p in CATALOGUE if name in library.params_of(p)]
    return render(request, "parameters/detail.html", {
        "param": param, "rows": rows, "as_of": when, "chart": params_view.chart(param, when, lang),
        "current": params_view.value_text(param, param.value_at(when), lang), "used_by": used_by,
        "today": date.today()})
