"""HTTP API, version 2 (``/api/v2``): evaluate a case, with compact explanations by default.

The request is v1's (:class:`jiuye.web.api.EvaluateRequest`); only the default of ``explain``
differs: ``"compact"`` (:mod:`jiuye.engine.compact`). Each result carries the hash of its
provision's static tree (``tree``) and only what depends on the case (outcome, status, amounts,
failed conditions' ids and hints, questions, notes; when explained, the values of the tree's nodes);
the tree holds the provision's fixed texts (titles, document, citation, clause...), the words of
outcomes and statuses, the conditions' labels and clauses and the explanations' structure. The
trees are served once, at
``GET /api/v2/explanations/{tree}`` (immutable: the hash is of the content), or by provision at
``GET /api/v2/provisions/{provision_id}/explanation-tree`` (the current tree, revalidated by its
ETag). ``explain`` true, false and "all" answer exactly as in v1.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Header
from pydantic import ConfigDict, Field
from starlette.responses import Response

from ..catalogue.registry import CATALOGUE, get_provision
from ..engine.compact import provision_tree, tree_by_hash
from ..errors import NotFound
from ..fields import ERROR_RESPONSES, Answer
from . import responses as out
from .api import Encoded, EvaluateRequest, check_request, evaluate_json

router = APIRouter(prefix="/api/v2", tags=["v2"])
IMMUTABLE = "public, max-age=31536000, immutable"


class EvaluateRequestV2(EvaluateRequest):
    """v1's request; explanations compact by default."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=EvaluateRequest.model_config.get("json_schema_extra"))
    explain: bool | Literal["all", "compact"] = Field(
        default="compact", description="解释树：\"compact\"（默认）= 每个结果只附随案例而变的字段和各节点的取值，政策的固定文字"
                                       "（标题、文件、条款、引用）和静态树见 /api/v2/explanations/{tree}；"
                                       "true = 完整解释树；\"all\" = 全部政策的完整解释树；false = 不附 / explanations: "
                                       "\"compact\" (default) = each result's fields that depend on the case and "
                                       "the values of its tree's nodes; the provision's fixed texts (titles, document, "
                                       "clause, citation) and the static tree at /api/v2/explanations/{tree}; true = full trees for the provisions of the "
                                       "case's place and date; \"all\" = full trees for every provision; false = none")


class ExplanationTree(Answer):
    tree: str
    format: str
    provision_id: str
    provision: dict[str, Any] = Field(description="该政策每个结果的固定字段（标题、文件、条款、引用…）/ the fixed fields of "
                                                  "every result of the provision (titles, document, clause, citation…)")
    words: dict[str, Any] = Field(description="结果、状态的文字 / the words of outcomes and statuses by value")
    conditions: list[dict[str, Any]]
    amount_explanation: dict[str, Any] | None = None


@router.post("/evaluate", summary="评估一个案例（紧凑解释）/ evaluate one case (compact explanations)",
             response_model=out.CompactEvaluation | out.Evaluation, responses=ERROR_RESPONSES)
async def evaluate_v2(body: Annotated[EvaluateRequestV2, Body()]) -> Response:
    """As ``POST /api/v1/evaluate``; each result gives its fields that depend on the case beside the
    hash of its provision's static tree (``tree``: the fixed texts, the words of outcomes and
    statuses, the conditions' labels and clauses, the explanations' structure), at
    ``explanation_trees``; an explained result's ``explanation`` is the values of the tree's nodes;
    the parameter explanations come once each in ``explanation_parameters``. With ``explain``
    true, false or "all": v1's answer. ``async`` as v1's (no thread hand-off: pure computation)."""
    case, provisions, overrides = check_request(body)
    return Encoded(evaluate_json(case, body.as_of, provisions=provisions, overrides=overrides, explain=body.explain))


def _tree_response(tree: Any, if_none_match: str | None, cache_control: str) -> Response:
    etag = f'"{tree.hash}"'
    headers = {"etag": etag, "cache-control": cache_control}
    if if_none_match is not None and etag in (t.strip() for t in if_none_match.split(",")):
        return Response(status_code=304, headers=headers)
    return Encoded(tree.json, headers=headers)


@router.get("/explanations/{tree}", summary="一棵静态解释树 / one static explanation tree",
            response_model=ExplanationTree, responses=ERROR_RESPONSES)
def get_tree(tree: str, if_none_match: Annotated[str | None, Header()] = None) -> Response:
    """The static tree named by a compact answer (its content hash): the provision's fixed fields
    (``provision``), the words of outcomes and statuses (``words``), its conditions' labels and
    clauses with each explanation's structure; cached for ever."""
    found = tree_by_hash(tree, CATALOGUE)
    if found is None:
        raise NotFound("解释树", "explanation tree", tree, kind="explanation_tree")
    return _tree_response(found, if_none_match, IMMUTABLE)


@router.get("/provisions/{provision_id}/explanation-tree", summary="一条政策的静态解释树 / a provision's static tree",
            response_model=ExplanationTree, responses=ERROR_RESPONSES)
def get_provision_tree(provision_id: str, if_none_match: Annotated[str | None, Header()] = None) -> Response:
    """The provision's current static tree (revalidate with its ETag)."""
    return _tree_response(provision_tree(get_provision(provision_id)), if_none_match, "no-cache")
