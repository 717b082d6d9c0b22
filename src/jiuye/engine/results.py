"""Result objects of an evaluation, and their JSON form."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..money import fen_to_yuan
from .encode import dumps, fragment
from .expr import Trace
from .nearmiss import UNCHANGEABLE as _UNCHANGEABLE
from .provision import Provision, Status

ELIGIBLE, NOT_ELIGIBLE, UNKNOWN, SUPERSEDED = "eligible", "not_eligible", "unknown", "superseded"
OUTCOME_LABELS = {
    ELIGIBLE: ("可享受", "eligible"), NOT_ELIGIBLE: ("暂不符合", "not eligible"),
    UNKNOWN: ("需补充信息", "cannot tell yet"), SUPERSEDED: ("已被更优政策替代", "superseded (从优从高不重复)"),
}
STATUS_LABELS = {
    Status.IN_FORCE: ("有效", "in force"), Status.EXPIRED: ("已失效", "expired"),
    Status.NOT_YET_IN_FORCE: ("尚未施行", "not yet in force"),
    Status.DRAFT_NO_DATE: ("征求意见稿，施行日期未定", "draft; effective date not set"),
}
# the note of every result of a provision whose draft has no effective date (first of its notes)
DRAFT_NOTE = ("征求意见稿：施行日期未定，结果仅供参考 / draft: effective date not set; "
              "results are indicative until an administrator sets it")


_VALUE_KEY = len(b',"value":')


def condition_json_head(cid: str, label_zh: str, label_en: str, clause: str) -> tuple[bytes, bytes]:
    """A condition's answer up to its value, and its clause (``ConditionResult.to_json``)."""
    return (b'{"id":' + dumps(cid) + b',"label_zh":' + dumps(label_zh) + b',"label_en":' + dumps(label_en)
            + b',"value":', b',"clause":' + dumps(clause))


@dataclass(slots=True)  # slots: hundreds per case, made and read on the hot path
class ConditionResult:
    id: str
    label_zh: str
    label_en: str
    value: bool | None
    clause: str
    source: Any = None  # (expression, env): the explanation is built lazily, on first use
    hint: dict[str, Any] | None = None
    recorded: Any = None  # (compiled plan, the values of its nodes): the explanation without re-evaluating
    json_head: tuple[bytes, bytes] | None = None  # condition_json_head of the id, labels and clause
    _trace: Trace | None = None
    _explanation: dict[str, Any] | None = None
    _json: bytes | None = None  # the explanation encoded (b"" = none)

    @property
    def trace(self) -> Trace | None:
        if self._trace is None and self.source is not None:
            expr, env = self.source
            self._trace = expr.trace(env)
        return self._trace

    def explanation(self) -> dict[str, Any] | None:
        """``trace.to_dict()``, from the recorded values when there are some (built once)."""
        if self._explanation is None:
            self._explanation = _explained(self.recorded, self.source, lambda: self.trace)
        return self._explanation

    def to_json(self) -> bytes:
        """``encode.dumps(self.to_dict())``, from pre-encoded labels and the explanation's template."""
        head, clause = self.json_head or condition_json_head(self.id, self.label_zh, self.label_en, self.clause)
        v = self.value
        parts = [head, b"null" if v is None else b"true" if v is True else b"false" if v is False else dumps(v), clause]
        if self.hint:
            parts += (b',"what_would_change_it":', dumps(self.hint))
        if self._json is None:
            if self.recorded is not None and self.source is not None and self._explanation is None:
                plan, values = self.recorded
                self._json = plan.encoded_explanation(values, self.source[1])
            else:
                explanation = self.explanation()
                self._json = b"" if explanation is None else dumps(explanation)
        if self._json:
            parts += (b',"explanation":', self._json)
        parts.append(b"}")
        return b"".join(parts)

    def brief_json(self) -> bytes:
        """The encoded ``{id, label_zh, label_en, clause, hint}`` of an answer without explanations."""
        head, clause = self.json_head or condition_json_head(self.id, self.label_zh, self.label_en, self.clause)
        hint = b"null" if self.hint is None else dumps(self.hint)
        return b"".join((head[:-_VALUE_KEY], clause, b',"hint":', hint, b"}"))

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "label_zh": self.label_zh, "label_en": self.label_en,
                               "value": self.value, "clause": self.clause}
        if self.hint:
            out["what_would_change_it"] = self.hint
        explanation = self.explanation()
        if explanation is not None:
            out["explanation"] = explanation
        return out


def _explained(recorded: Any, source: Any, trace: Any) -> dict[str, Any] | None:
    """The explanation dict: from the recorded values (``jiuye.engine.compiled``), else ``trace().to_dict()``."""
    if recorded is not None and source is not None:
        plan, values = recorded
        return plan.explain(values, source[1])
    t = trace()
    return None if t is None else t.to_dict()


@dataclass(slots=True)
class ProvisionResult:
    provision: Provision
    as_of: date
    outcome: str
    status: Status
    amount_fen: int | None = None
    max_duration_months: int | None = None
    conditions: list[ConditionResult] = field(default_factory=list)
    questions: list[dict[str, Any]] = field(default_factory=list)
    amount_source: Any = None  # (expression, env) for a lazy amount explanation
    _amount_trace: Trace | None = None
    amount_recorded: Any = None  # (compiled plan, values): the amount's explanation without re-evaluating
    amount_note: str | None = None
    superseded_by: str | None = None
    supersedes: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    extras: dict[str, Any] = field(default_factory=dict)
    stacking_undecided: bool = False  # 从优从高 left to the caseworker (a ceiling against an exact amount)
    remaining_months: int | None = None  # the maximum duration net of the ledger (months still payable)
    total_payable_fen: int | None = None  # amount × remaining periods, stopping at the document's end
    schedule: list[dict[str, Any]] = field(default_factory=list)  # payable periods {from, to, months, amount_fen}

    @property
    def amount_trace(self) -> Trace | None:
        if self._amount_trace is None and self.amount_source is not None:
            expr, env = self.amount_source
            self._amount_trace = expr.trace(env)
        return self._amount_trace

    @property
    def failed(self) -> list[ConditionResult]:
        return [c for c in self.conditions if c.value is False]

    @property
    def not_applicable_here(self) -> bool:
        """本地区不适用: a failed condition the person cannot change (the place, a county option)."""
        return any(c.hint is not None and c.hint.get("unchangeable") for c in self.failed)

    @property
    def comparable_fen(self) -> int | None:
        """Annual value used to rank benefits in one stacking group (one-time counts once)."""
        if self.amount_fen is None:
            return None
        return self.amount_fen * max(self.provision.period.per_year, 1)

    def to_dict(self, *, explain: bool = True, fragments: bool = False) -> dict[str, Any]:
        """The JSON form. ``fragments``: the provision's fixed text and the conditions already encoded
        (``orjson.Fragment``, see :mod:`jiuye.engine.encode`): only for encoding with ``encode.dumps``,
        which gives the same bytes as for the plain dict."""
        out = self._head(fragments)
        out.update(self._tail(explain, fragments))
        return out

    def to_json(self, *, explain: bool = True) -> bytes:
        """``encode.dumps(self.to_dict(explain=explain))``; the fixed head of a provision with no amount
        (most of them: not eligible, cannot tell yet) is encoded once per date, outcome and status."""
        if (self.amount_fen is not None or self.max_duration_months is not None or self.remaining_months is not None
                or self.total_payable_fen is not None):
            return dumps(self.to_dict(explain=explain, fragments=True))
        p = self.provision
        out_key = self._out_of_scope_key(explain)
        if out_key is not None:  # outside the place or the dates: the same answer for every case
            hit = _OUT_JSON.get(out_key)
            if hit is not None and hit[0] is p:
                return hit[1]
            if len(_OUT_JSON) > 10_000:
                _OUT_JSON.clear()
            got = _OUT_JSON[out_key] = (p, self._encode_head_tail(explain))
            return got[1]
        return self._encode_head_tail(explain)

    def _out_of_scope_key(self, explain: bool) -> tuple[Any, ...] | None:
        """The key of an answer that only says the place or the date does not fit (no explanation):
        it depends on nothing of the case but that one failed condition."""
        if explain or self.outcome != NOT_ELIGIBLE or len(self.conditions) != 1:
            return None
        c = self.conditions[0]
        if (c.value is not False or c.id not in ("jurisdiction", "in_force") or self.questions or self.schedule
                or self.amount_note or self.superseded_by or self.supersedes or self.stacking_undecided or self.extras):
            return None
        hint = c.hint
        if hint is not None and hint != _UNCHANGEABLE:
            return None
        return (id(self.provision), self.as_of, self.status, c.id, c.label_zh, c.label_en, c.clause, hint is None,
                tuple(self.notes))

    def _encode_head_tail(self, explain: bool) -> bytes:
        p = self.provision
        key = (id(p), self.as_of, self.outcome, self.status)
        hit = _HEAD_JSON.get(key)
        if hit is None or hit[0] is not p:
            if len(_HEAD_JSON) > 10_000:  # ~1-2 KiB each
                _HEAD_JSON.clear()
            hit = _HEAD_JSON[key] = (p, dumps(self._head(True))[:-1] + b",")
        return hit[1] + dumps(self._tail(explain, True))[1:]

    def _head(self, fragments: bool) -> dict[str, Any]:
        (pid, title_zh, title_en, document, article, citation, clause, subject, kind, benefit_type, draft,
         amount_kind, period, stacking_group, payee) = _static(self.provision, fragments)
        return {
            "provision_id": pid, "title_zh": title_zh, "title_en": title_en,
            "document": document, "article": article, "citation": citation,
            "clause": clause, "subject": subject, "kind": kind,
            "benefit_type": benefit_type, "as_of": self.as_of.isoformat(),
            "outcome": self.outcome, "outcome_zh": OUTCOME_LABELS[self.outcome][0],
            "status": self.status.value, "status_zh": STATUS_LABELS[self.status][0],
            "draft": draft,
            "amount_fen": self.amount_fen,
            "amount_yuan": None if self.amount_fen is None else str(fen_to_yuan(self.amount_fen)),
            "amount_kind": amount_kind, "period": period,
            "max_duration_months": self.max_duration_months, "stacking_group": stacking_group,
            "payee": payee, "remaining_months": self.remaining_months,
            "total_payable_fen": self.total_payable_fen,
            "total_payable_yuan": None if self.total_payable_fen is None else str(fen_to_yuan(self.total_payable_fen)),
        }

    def _tail(self, explain: bool, fragments: bool) -> dict[str, Any]:
        out: dict[str, Any] = {}
        failed = self.failed
        if any(c.hint is not None and c.hint.get("unchangeable") for c in failed):  # not_applicable_here
            out["not_applicable_here"] = True
            out["not_applicable_zh"], out["not_applicable_en"] = "本地区不适用", "not available in this area"
        out.update(optional_fields(self))
        if not explain:
            out["failed_conditions"] = ([fragment(c.brief_json()) for c in failed] if fragments else
                                        [{"id": c.id, "label_zh": c.label_zh, "label_en": c.label_en,
                                          "clause": c.clause, "hint": c.hint} for c in failed])
        elif fragments:
            out["failed_conditions"] = [fragment(c.to_json()) for c in failed]
        else:
            out["failed_conditions"] = [c.to_dict() for c in failed]
        out["questions"] = self.questions
        if self.notes:
            out["notes"] = self.notes
        if explain:
            out["conditions"] = ([fragment(c.to_json()) for c in self.conditions] if fragments
                                 else [c.to_dict() for c in self.conditions])
            if fragments and self.amount_recorded is not None and self.amount_source is not None:
                plan, values = self.amount_recorded
                out["amount_explanation"] = fragment(plan.explain_json(values, self.amount_source[1]))
            else:
                amount = _explained(self.amount_recorded, self.amount_source, lambda: self.amount_trace)
                if amount is not None:
                    out["amount_explanation"] = amount
        return out


_STATIC: dict[tuple[int, bool], tuple[Provision, tuple[Any, ...]]] = {}
_HEAD_JSON: dict[tuple[Any, ...], tuple[Provision, bytes]] = {}
_OUT_JSON: dict[tuple[Any, ...], tuple[Provision, bytes]] = {}
_FRAGMENTED = ("provision_id", "title_zh", "title_en", "document", "article", "citation", "clause")


def optional_fields(r: ProvisionResult) -> dict[str, Any]:
    """The fields an answer carries only when the result has them, in the answer's order (v1's full
    answer and the compact one share them)."""
    out: dict[str, Any] = {}
    if r.schedule:
        out["schedule"] = r.schedule
    if r.amount_note:
        out["amount_note"] = r.amount_note
    if r.superseded_by:
        out["superseded_by"] = r.superseded_by
    if r.supersedes:
        out["supersedes"] = r.supersedes
    if r.stacking_undecided:
        out["stacking_undecided"] = True
    if r.extras:
        out["extras"] = r.extras
    return out


def _static(p: Provision, fragments: bool) -> tuple[Any, ...]:
    """A provision's fixed fields of the answer, once (the long texts pre-encoded with ``fragments``)."""
    hit = _STATIC.get((id(p), fragments))
    if hit is not None and hit[0] is p:
        return hit[1]
    text = (p.id, p.title_zh, p.title_en, p.document.number, p.article, p.citation, p.clause)
    if fragments:
        text = tuple(fragment(dumps(t)) for t in text)
    values = (*text, p.subject.value, p.kind.value, p.benefit_type, p.document.draft, p.amount_kind, p.period.value,
              p.stacking_group, p.payee)
    _STATIC[(id(p), fragments)] = (p, values)
    return values


@dataclass
class CaseResult:
    as_of: date
    results: list[ProvisionResult]
    warnings: list[str] = field(default_factory=list)

    def by_id(self) -> dict[str, ProvisionResult]:
        return {r.provision.id: r for r in self.results}

    def __getitem__(self, provision_id: str) -> ProvisionResult:
        from ..errors import UnknownProvision

        for r in self.results:
            if r.provision.id == provision_id:
                return r
        raise UnknownProvision(provision_id)

    def to_dict(self, *, explain: bool = True) -> dict[str, Any]:
        return {"as_of": self.as_of.isoformat(), "warnings": self.warnings,
                "results": [r.to_dict(explain=explain) for r in self.results]}
