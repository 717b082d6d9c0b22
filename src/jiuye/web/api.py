"""HTTP API, version 1 (``/api/v1``): evaluate a case; read provisions, documents, parameters.

Amounts are yuan with two decimals as strings (``"1066.67"``) beside the exact fen. Bad input is
a 422 naming the field (dotted path) with a message in Chinese and English; an unknown provision,
document or parameter is a 404. Every error body has ``error``, ``field`` (when one is to blame),
``message_zh`` and ``message_en``; 422s also list every problem in ``errors``.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Query
from pydantic import ConfigDict, Field
from starlette.responses import JSONResponse, Response

from ..catalogue.registry import CATALOGUE, evaluate_case, get_provision
from ..dates import parse_date
from ..engine.compact import FORMAT as COMPACT_FORMAT
from ..engine.compact import TREE_PATH, compact_result
from ..engine.encode import JSON_PARTS, dumps, fragment, json_default, orjson
from ..engine.program import compact_case
from ..engine.provision import Provision
from ..engine.results import ELIGIBLE, NOT_ELIGIBLE, SUPERSEDED, UNKNOWN
from ..errors import InputError, NotFound, ParameterError
from ..facts.models import Case
from ..fields import ERROR_RESPONSES
from ..params.store import PARAMETERS
from ..rules.documents import DOCUMENTS
from . import library, params_view
from . import responses as out
from .forms import MAX_DATE, MAX_INT, MIN_DATE, field_specs
from .questions import pending_questions


class JSON(JSONResponse):
    """JSON with Chinese left readable and dates, fractions and decimals as strings
    (:func:`jiuye.engine.encode.dumps`: orjson, 10-50x faster on the large answers of /evaluate, when
    installed; pre-encoded parts of an answer are spliced as they are)."""

    def render(self, content: Any) -> bytes:
        if orjson is not None:
            return dumps(content)
        return json.dumps(content, ensure_ascii=False, allow_nan=False, separators=(",", ":"),
                          default=json_default).encode("utf-8")


class EvaluateRequest(Case):
    """The facts of one case (person, enterprise, organisation), its history, and the date."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{
        "as_of": "2024-10-01",
        "person": {"university_graduate": True, "graduation_date": "2023-06-30", "work_adcode": "330802",
                   "flexible_employed": True, "si_base_monthly_fen": 800000, "si_paid_monthly_fen": 160000},
    }]})
    as_of: date = Field(description="评估日期 / the date the case is evaluated as of (YYYY-MM-DD)")
    provisions: list[str] | None = Field(default=None, description="只评估这些政策 / only these provision ids")
    explain: bool | Literal["all", "compact"] = Field(
        default=True, description="解释树：true = 适用于该地区和日期的政策；\"all\" = 全部；false = 不附；\"compact\" = 与 true "
                                  "相同的解释，每个结果只附随案例而变的字段和各节点的取值，固定文字和静态树另取"
                                  "（/api/v2/explanations/{tree}）/ explanation "
                                  "trees: true = for provisions that apply to the case's place and date (the others say "
                                  "which condition failed); \"all\" = for every provision; false = none; \"compact\" = "
                                  "the explanations of true as the values of their nodes and each result's fields "
                                  "that depend on the case; the provision's fixed texts and static tree served once "
                                  "at /api/v2/explanations/{tree}")
    overrides: dict[str, Any] | None = Field(
        default=None, description="参数临时取值（模拟）/ parameter values to use instead (raw, as in the YAML files)")


_UNCHECKED = frozenset({type(None), bool, str, float})  # values no check applies to (no path is formatted)


def _check_value(where: str, v: Any) -> None:
    """Dates 1900–2100 and whole numbers up to 10^13: beyond them no rule has a meaning."""
    if isinstance(v, date):
        if not MIN_DATE <= v <= MAX_DATE:
            raise InputError(where, "日期应在1900年至2100年之间", "dates must be between 1900-01-01 and 2100-12-31")
    elif isinstance(v, int) and not isinstance(v, bool):
        if abs(v) > MAX_INT:
            raise InputError(where, "数值过大", f"the number must be at most {MAX_INT}")
    elif isinstance(v, dict):
        for k, x in v.items():
            if x.__class__ not in _UNCHECKED:
                _check_value(f"{where}.{k}", x)
    elif isinstance(v, list | tuple):
        for i, x in enumerate(v):
            if x.__class__ not in _UNCHECKED:
                _check_value(f"{where}.{i}", x)
    elif hasattr(v, "__pydantic_fields__"):
        values = v.__dict__
        for k in type(v).model_fields:
            x = values[k] if k in values else getattr(v, k)
            if x.__class__ not in _UNCHECKED:
                _check_value(f"{where}.{k}" if where else k, x)


def _overrides(raw: dict[str, Any] | None) -> dict[str, Any] | None:
    if not raw:
        return None
    out = {}
    for name, value in raw.items():
        if name not in PARAMETERS:
            raise InputError(f"overrides.{name}", f"没有名为 {name} 的参数", f"no parameter named {name!r}")
        try:
            out[name] = PARAMETERS.convert(name, value)
        except (ParameterError, ValueError, TypeError, ArithmeticError) as exc:
            raise InputError(f"overrides.{name}", f"参数取值无效：{exc}", f"invalid parameter value: {exc}") from None
        _check_value(f"overrides.{name}", out[name])
    return out


def parse_as_of(value: str | None, field: str = "as_of") -> date:
    if value is None or value == "":
        return date.today()
    d = parse_date(value, field=field)
    if not MIN_DATE <= d <= MAX_DATE:
        raise InputError(field, "日期应在1900年至2100年之间", "the date must be between 1900 and 2100")
    return d


def _select(ids: list[str] | None) -> list[Provision] | None:
    if ids is None:
        return None
    out = []
    for i, pid in enumerate(ids):
        if pid not in CATALOGUE.provisions:
            raise InputError(f"provisions.{i}", f"未找到该政策条款：{pid}", f"no provision with id {pid!r}")
        out.append(CATALOGUE.provisions[pid])
    return out


router = APIRouter(prefix="/api/v1", tags=["v1"], default_response_class=JSON)
AsOf = Annotated[str | None, Query(description="评估日期 YYYY-MM-DD（默认今天）/ as-of date (default today)")]


def _out_of_scope(r: Any) -> bool:
    """Not eligible because of the place or the date: nothing more to explain than that."""
    return r.outcome == NOT_ELIGIBLE and any(c.value is False and c.id in ("jurisdiction", "in_force")
                                             for c in r.conditions)


@router.post("/evaluate", summary="评估一个案例 / evaluate one case",
             response_model=out.Evaluation | out.CompactEvaluation,
             responses=ERROR_RESPONSES)
async def evaluate(body: Annotated[EvaluateRequest, Body()]) -> Response:
    """Every applicable provision's outcome (eligible / not_eligible / unknown / superseded), amount,
    period, maximum duration, clause and explanation; for unknowns the questions still to ask,
    merged and ordered in ``questions``.

    ``async``: the evaluation is pure computation (no I/O), so it runs on the event loop instead of
    being handed to a thread of the pool and back (under load the hand-off and the threads' fight for
    the GIL cost more server CPU than the routing, validation and middlewares together)."""
    case, provisions, overrides = check_request(body)
    return Encoded(evaluate_json(case, body.as_of, provisions=provisions, overrides=overrides, explain=body.explain))


def evaluate_json(case: Case, as_of: date, *, provisions: list[Provision] | None = None,
                  overrides: dict[str, Any] | None = None, explain: bool | str = True, snapshot: Any = None) -> bytes:
    """What ``POST /evaluate`` sends for a case: evaluated and encoded. A compact answer is written
    straight from the recorded values (:func:`jiuye.engine.program.compact_case`: the bytes of
    :func:`compact_answer` of the evaluated case)."""
    if explain == "compact" and JSON_PARTS:
        return compact_case(case, as_of, provisions=CATALOGUE if provisions is None else provisions,
                            overrides=overrides, snapshot=snapshot, pending=pending_questions)
    result = evaluate_case(case, as_of, provisions=provisions, overrides=overrides, explain=explain is not False,
                           snapshot=snapshot)
    return evaluation_json(result, explain)


def check_request(body: EvaluateRequest) -> tuple[Case, list[Provision] | None, dict[str, Any] | None]:
    """The case, the provisions and the overrides of a request (422 naming the field)."""
    _check_value("", body)
    provisions = _select(body.provisions)
    overrides = _overrides(body.overrides)
    for i, h in enumerate(body.history):
        if h.provision_id not in CATALOGUE.provisions:
            raise InputError(f"history.{i}.provision_id", f"未找到该政策条款：{h.provision_id}",
                             f"no provision with id {h.provision_id!r}")
    case = Case(person=body.person, enterprise=body.enterprise, organisation=body.organisation, history=body.history)
    return case, provisions, overrides


def evaluation_json(result: Any, explain: bool | str = True) -> bytes:
    """The encoded answer of ``POST /evaluate`` for an engine result, as the handler sends it."""
    if explain == "compact" and JSON_PARTS:
        return compact_answer(result)
    return JSON(evaluation_body(result, explain, fragments=JSON_PARTS and orjson is not None)).body


def compact_answer(result: Any) -> bytes:
    """The answer with ``explain="compact"`` (:mod:`jiuye.engine.compact`): each result's fields that
    depend on the case beside the hash of its provision's static tree (the fixed texts and the
    explanation's structure), each explanation as the values of its nodes; built from the recorded
    values, encoded piece by piece (no tree is built)."""
    table: dict[bytes, int] = {}
    counts = {k: 0 for k in (ELIGIBLE, UNKNOWN, NOT_ELIGIBLE, SUPERSEDED)}
    head = dumps({"as_of": result.as_of.isoformat(), "warnings": result.warnings})
    parts: list[Any] = [memoryview(head)[:-1], b',"results":[']  # (joined once: no copy of each result)
    draft = False
    for i, r in enumerate(result.results):
        counts[r.outcome] += 1
        draft = draft or (r.provision.document.draft and r.outcome != NOT_ELIGIBLE)
        if i:
            parts.append(b",")
        explained = not _out_of_scope(r)
        rj = compact_result(r, result.as_of, table, explained)
        parts.append(r.to_json(explain=explained) if rj is None else rj)  # None: not expected; the full result
    tail = dumps({"summary": counts, "draft": draft, "questions": pending_questions(result),
                  "explanation_format": COMPACT_FORMAT, "explanation_trees": TREE_PATH})
    parts += (b"],", memoryview(tail)[1:-1], b',"explanation_parameters":[', b",".join(table), b"]}")
    return b"".join(parts)


class Encoded(Response):
    """An answer already encoded as JSON."""

    media_type = "application/json"


def evaluation_body(result: Any, explain: bool | str = True, *, fragments: bool = False) -> dict[str, Any]:
    """The answer of ``POST /evaluate`` for an engine result (``explain``: True, False or "all").
    ``fragments``: the long fixed texts and the explanations already encoded (for :class:`JSON` only;
    the same bytes as the plain dicts)."""
    counts = {k: 0 for k in (ELIGIBLE, UNKNOWN, NOT_ELIGIBLE, SUPERSEDED)}
    for r in result.results:
        counts[r.outcome] += 1
    return {
        "as_of": result.as_of.isoformat(), "warnings": result.warnings,
        "results": [fragment(r.to_json(explain=explain is not False and (explain == "all" or not _out_of_scope(r))))
                    if fragments else
                    r.to_dict(explain=explain is not False and (explain == "all" or not _out_of_scope(r)))
                    for r in result.results],
        "summary": counts,
        "draft": any(r.provision.document.draft and r.outcome != NOT_ELIGIBLE for r in result.results),
        "questions": pending_questions(result),
    }


@router.get("/provisions", summary="政策条款列表 / list provisions", response_model=out.ProvisionList,
            responses=ERROR_RESPONSES)
def list_provisions(as_of: AsOf = None, q: str | None = None, document: str | None = None,
                    city: str | None = None, subject: str | None = None, kind: str | None = None,
                    status: str | None = None) -> JSON:
    """Filter by document id, city (division code of the issuer), subject, kind, status as of the
    date, and ``q`` (every whitespace-separated term must occur, Chinese or English)."""
    when = parse_as_of(as_of)
    found = library.search(q=q, city=city, subject=subject, kind=kind, status=status, document=document, as_of=when)
    return JSON({"as_of": when.isoformat(), "count": len(found["provisions"]),
                 "provisions": [library.provision_summary(p, when) for p in found["provisions"]]})


@router.get("/provisions/{provision_id}", summary="一条政策的声明 / one provision", response_model=out.ProvisionDetail,
            responses=ERROR_RESPONSES)
def get_provision_view(provision_id: str, as_of: AsOf = None) -> JSON:
    when = parse_as_of(as_of)
    return JSON(library.provision_detail(get_provision(provision_id), when))


@router.get("/documents", summary="政策文件 / documents", response_model=out.DocumentList, responses=ERROR_RESPONSES)
def list_documents(as_of: AsOf = None) -> JSON:
    when = parse_as_of(as_of)
    return JSON({"as_of": when.isoformat(),
                 "documents": [library.document_summary(d, when) for d in DOCUMENTS.values()]})


@router.get("/documents/{document_id}", summary="文件全文与规则对照 / literate view of a document",
            response_model=out.DocumentView, responses=ERROR_RESPONSES)
def get_document(document_id: str, as_of: AsOf = None) -> JSON:
    """The document's passages in order, each with the ids of the provisions that encode it."""
    when = parse_as_of(as_of)
    if document_id not in DOCUMENTS:
        raise NotFound("政策文件", "document", document_id, kind="document")
    return JSON(library.document_view(document_id, when))


@router.get("/parameters", summary="参数列表 / parameters", response_model=out.ParameterList, responses=ERROR_RESPONSES)
def list_parameters(as_of: AsOf = None, q: str | None = None, namespace: str | None = None) -> JSON:
    when = parse_as_of(as_of)
    items = params_view.all_summaries(when, q, namespace)
    return JSON({"as_of": when.isoformat(), "count": len(items), "parameters": items})


@router.get("/parameters/{name}", summary="一个参数的历次取值 / one parameter over time",
            response_model=out.ParameterDetail, responses=ERROR_RESPONSES)
def get_parameter(name: str, as_of: AsOf = None) -> JSON:
    when = parse_as_of(as_of)
    if name not in PARAMETERS:
        raise NotFound("参数", "parameter", name, kind="parameter")
    return JSON(params_view.detail(PARAMETERS[name], when))


@router.get("/facts", summary="可提供的事实与问题 / facts a case can carry", response_model=out.FactList)
def list_facts() -> JSON:
    return JSON({"facts": [{"fact": s.name, "type": s.dtype, "widget": s.widget, "label_zh": s.label_zh,
                            "label_en": s.label_en, "question_zh": s.question_zh, "question_en": s.question_en,
                            "choices": list(s.choices) or None, "unit": {"money": "fen", "percent": "bp"}.get(s.widget)}
                           for s in field_specs().values()]})


@router.get("/divisions", summary="浙江省行政区划 / Zhejiang divisions", response_model=out.DivisionList)
def list_divisions() -> JSON:
    from ..refdata.divisions import all_current

    return JSON({"divisions": [{"code": d.code, "name": d.name, "level": d.level, "parent": d.parent_code}
                               for d in all_current()]})
