"""Response models of the policy API (``/api/v1``: evaluate, provisions, documents, parameters, facts,
divisions): the OpenAPI schema documents every answer and the conformance run checks it."""

from __future__ import annotations

from typing import Any

from ..fields import Answer


class ProvisionSummary(Answer):
    id: str
    title_zh: str
    title_en: str
    document: str
    citation: str
    subject: str
    kind: str
    draft: bool
    status: str


class ProvisionList(Answer):
    as_of: str
    count: int
    provisions: list[ProvisionSummary]


class ProvisionDetail(ProvisionSummary):
    clause: str | None = None
    in_force_from: str | None = None
    in_force_to: str | None = None
    conditions: list[dict[str, Any]]
    parameters: list[dict[str, Any]]


class DocumentSummary(Answer):
    id: str
    number: str | None = None
    title_zh: str
    title_en: str
    in_force_from: str | None = None
    in_force_to: str | None = None
    draft: bool
    status: str
    provision_count: int


class DocumentList(Answer):
    as_of: str
    documents: list[DocumentSummary]


class DocumentView(DocumentSummary):
    passages: list[dict[str, Any]]
    provisions: list[ProvisionSummary]


class ParameterSummary(Answer):
    name: str
    label_zh: str | None = None
    label_en: str | None = None
    unit: str | None = None
    as_of: str | None = None
    value: Any = None
    values_count: int


class ParameterList(Answer):
    as_of: str
    count: int
    parameters: list[ParameterSummary]


class ParameterDetail(ParameterSummary):
    values: list[dict[str, Any]]


class FactSpec(Answer):
    fact: str
    type: str
    widget: str
    label_zh: str
    label_en: str
    question_zh: str | None = None
    question_en: str | None = None
    choices: list[str] | None = None
    unit: str | None = None


class FactList(Answer):
    facts: list[FactSpec]


class Division(Answer):
    code: str
    name: str
    level: str
    parent: str | None = None


class DivisionList(Answer):
    divisions: list[Division]


class ResultOut(Answer):
    provision_id: str
    title_zh: str
    title_en: str
    citation: str
    outcome: str
    amount_fen: int | None = None
    amount_yuan: str | None = None


class _EvaluationBase(Answer):
    """What a full and a compact answer share."""

    as_of: str
    warnings: list[Any]
    summary: dict[str, int]
    draft: bool
    questions: list[dict[str, Any]]


class Evaluation(_EvaluationBase):
    results: list[ResultOut]


class CompactResultOut(Answer):
    """A result of a compact answer (``explain="compact"``, :mod:`jiuye.engine.compact`): the provision's
    fixed texts are in its static tree (``tree``), only what depends on the case is here."""

    provision_id: str
    tree: str | None = None
    outcome: str
    status: str | None = None
    amount_fen: int | None = None
    amount_yuan: str | None = None
    failed_conditions: list[dict[str, Any]]
    questions: list[dict[str, Any]]
    explanation: dict[str, Any] | None = None


class CompactEvaluation(_EvaluationBase):
    results: list[CompactResultOut]
    explanation_format: str
    explanation_trees: str
    explanation_parameters: list[Any]
