"""Compact answers: what is the same for every case served once per provision, the case's values apart.

About 95% of an explained answer's bytes are the same for every case: a provision's texts (titles,
document, article, citation, clause, kind, payee...), its conditions' labels and clauses, the trees'
labels, facts and structure, the words of the outcomes and statuses. Each provision's *static tree*
(:func:`provision_tree`) holds them: ``provision`` (the fixed fields of every result of the
provision, as the full answer writes them), ``words`` (``outcome_zh`` and ``status_zh`` by value,
``not_applicable_zh/en``, ``status_notes``: the notes every result with a status has, by status,
``hints``: the hints the same for every case, by name), ``conditions`` (ids, labels, clauses and each explanation node's ``name``,
``fact``, whether it has ``parameters``, its ``children``), ``amount_explanation``; it is named by
the hash of its content and served once at ``GET /api/v2/explanations/{tree}`` (immutable).

Each result of a compact answer (:func:`compact_result`) carries ``provision_id``, ``tree`` (that
hash) and only what depends on the case: ``as_of`` when not the answer's, ``outcome``, ``status``,
the amounts, durations and totals that are known (absent = null), ``not_applicable_here``,
``schedule``, ``amount_note``, ``superseded_by``, ``supersedes``, ``stacking_undecided``,
``extras``, ``notes`` when the full answer has them (but the note every result of a draft without
date has, in the tree's ``words.status_notes``), ``questions``, ``failed_conditions`` (each
``{id, hint}``; labels and clause in the tree, or written out when the condition is not the tree's,
e.g. a date window; a hint the same for every case, "not available in this area" or "not adopted
by this county", by its name in the tree's ``words.hints``), and, when the full answer explains the result, ``explanation``:

- ``values``: per condition, the value of every node of its tree in pre-order (the order of the
  static tree), as the full explanation writes it (true/false/null = not known, numbers, dates as
  ISO text, fractions as text); ``amount``: the same for the amount's tree, when explained;
- ``parameters``: per node marked ``"parameters": true``, in tree order, the index of its
  parameter explanation in the answer's ``explanation_parameters`` (each one once per answer:
  which value, from when, which source);
- ``dynamic``: per node marked ``{"dynamic": true, "size": n}`` (a status on a date, whose
  children are the case's spells; a node explaining itself), its full explanation; it covers
  ``n`` entries of ``values``.

:func:`expand` (the reference client) merges answer and trees into exactly the full answer
(``explain=true``); ``tests/engine/test_compact.py`` proves it on demo, generated and Hypothesis
cases. The compact answer is encoded from the values the compiled evaluation recorded
(:mod:`jiuye.engine.compiled`): no explanation tree is built.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

from ..money import fen_to_yuan
from .compiled import (
    _PLAIN,
    Plan,
    _ExplainGen,
    _latest_parameters,
    _lookup_parameters,
    _param_at_parameters,
    _spell_children,
    param_cache,
)
from .encode import dumps, fragment
from .expr import InSet, LatestKeyed, Lookup, Param, ParamAt, Scale
from .nearmiss import NOT_ADOPTED, UNCHANGEABLE
from .provision import Status
from .results import DRAFT_NOTE, OUTCOME_LABELS, STATUS_LABELS, _static, optional_fields
from .trace import _jsonable

FORMAT = "compact/2"
# a result's fields that are the provision's, in the order of results._static (and of the full answer)
FIXED = ("provision_id", "title_zh", "title_en", "document", "article", "citation", "clause", "subject", "kind",
         "benefit_type", "draft", "amount_kind", "period", "stacking_group", "payee")
NOT_APPLICABLE = ("本地区不适用", "not available in this area")  # as results.ProvisionResult._tail writes them
WORDS = {"outcome_zh": {k: v[0] for k, v in OUTCOME_LABELS.items()},
         "status_zh": {k.value: v[0] for k, v in STATUS_LABELS.items()},
         "not_applicable_zh": NOT_APPLICABLE[0], "not_applicable_en": NOT_APPLICABLE[1],
         "status_notes": {Status.DRAFT_NO_DATE.value: [DRAFT_NOTE]},
         "hints": {"unchangeable": UNCHANGEABLE, "not_adopted": NOT_ADOPTED}}
_KEPT = 50_000  # parameter explanations of a plan kept by place and date, per snapshot
TREE_PATH = "/api/v2/explanations/{tree}"
_DYNAMIC = ("own", "spell")


def _cached_json(kind: str, node: Any, env: Any, kid: Any, v: Any, make: Any) -> bytes:
    """``dumps(make())``, once per snapshot, node, place, date and values (types kept apart: 1 is not true)."""
    cache = param_cache(env.snapshot)
    try:
        key = (kind, id(node), env.place, env.as_of, kid.__class__, kid, v.__class__, v)
        got = cache.get(key)
    except TypeError:  # an unhashable value: not cached
        return dumps(make())
    if got is None or got[0] is not node:
        got = cache[key] = (node, dumps(make()))
    return got[1]


def _kpj(node: Any, env: Any, kid: Any, v: Any) -> bytes:
    return _cached_json("kp", node, env, kid, v, lambda: _lookup_parameters(node, env, kid, v))


def _apj(node: Any, env: Any, kid: Any, v: Any) -> bytes:
    return _cached_json("ap", node, env, kid, v, lambda: _param_at_parameters(node, env, kid, v))


def _lpj(node: Any, env: Any, v: Any) -> bytes:
    return _cached_json("lp", node, env, None, v, lambda: _latest_parameters(node, env, v))


def _spells_json(node: Any, env: Any, when: Any) -> bytes:
    got = _spell_children(node, env, when)
    return b"null" if got is None else dumps(got)


class CompactPlan:
    """A plan's static tree, and ``extra(values, env)``: its parameter explanations, the spells of its
    statuses on a date and its self-explaining nodes, each encoded, in tree order (``None`` when the
    plan has none)."""

    __slots__ = ("plan", "tree", "extra", "static")

    def __init__(self, plan: Plan):
        self.plan = plan
        nodes, ends = plan.nodes, plan.ends
        ns: dict[str, Any] = {"_J": _jsonable, "_PLAIN": _PLAIN}
        gen = _ExplainGen(nodes, ns)
        ns.update(_kpj=_kpj, _apj=_apj, _lpj=_lpj, _SJ=_spells_json)
        params: list[str] = []
        spells: list[str] = []
        dynamic: list[str] = []
        varying: list[int] = []  # parameter nodes whose explanation depends on the values

        def tree(i: int) -> dict[str, Any]:
            n = nodes[i]
            if n.kind == "own":
                dynamic.append(f"_D({gen.dict_code(i)})")
                return {"dynamic": True, "size": ends[i] - i}
            name, fact, code = gen._spec(i)
            out: dict[str, Any] = {"name": name}
            if fact is not None:
                out["fact"] = fact
            if code is not None:
                out["parameters"] = True
                t = type(n.expr)
                if t is not Param and t is not Scale:
                    varying.append(i)
                kid = f"v{n.kids[0]}" if n.kids else "None"
                params.append(f"_ppj(p{i}, env)" if t is Param else f"_ipj(n{i}, env, {kid}, v{i})" if t is InSet
                              else f"_kpj(n{i}, env, {kid}, v{i})" if t is Lookup
                              else f"_apj(n{i}, env, {kid}, v{i})" if t is ParamAt
                              else f"_lpj(n{i}, env, v{i})" if t is LatestKeyed
                              else f"_ppj(n{i}.rate, env)" if t is Scale else f"_D({code})")
            if n.kind == "spell":  # the date, then the case's spells of the kind, or else the shorthand facts
                out["spells"] = True
                spells.append(f"_SJ(n{i}, env, v{n.kids[0]})")
            if n.kids:
                out["children"] = [tree(k) for k in n.kids]
            return out

        self.tree = tree(0)
        # its extra is the same for every case at one place and date (per snapshot): kept (compact_explanation)
        self.static = not varying and not spells and not dynamic
        if not params and not spells and not dynamic:
            self.extra = None
            return
        unpack = ", ".join(f"v{i}" for i in range(len(nodes)))
        src = (f"def _extra(vals, env):\n    {unpack}, = vals\n    return ({''.join(p + ', ' for p in params)}), "
               f"({''.join(p + ', ' for p in spells)}), ({''.join(d + ', ' for d in dynamic)})\n")
        exec(compile(src, f"<jiuye.engine.compact {id(plan.expr)}>", "exec"), ns)  # noqa: S102 - generated from the tree
        self.extra = ns.pop("_extra")


_COMPACT: dict[int, CompactPlan] = {}


def compact_plan(plan: Plan) -> CompactPlan:
    c = _COMPACT.get(id(plan))
    if c is None or c.plan is not plan:
        if len(_COMPACT) > 50_000:
            _COMPACT.clear()
        c = _COMPACT[id(plan)] = CompactPlan(plan)
    return c


class ProvisionTree:
    """A provision's static tree: its hash, its encoded JSON, its plans in answer order; ``head``: the
    start of each of its compact results (``{"provision_id":…,"tree":…,``); ``labels``: each
    condition's (label_zh, label_en, clause) by id."""

    __slots__ = ("provision", "hash", "json", "plans", "amount", "condition_ids", "head", "labels")

    def __init__(self, provision: Any, conds: tuple[Any, ...], amount: Plan | None):
        self.provision = provision
        self.plans = tuple(compact_plan(c.plan) for c in conds)
        self.amount = compact_plan(amount) if amount is not None else None
        self.condition_ids = tuple(c.cond.id for c in conds)
        self.labels = {c.cond.id: (c.cond.label_zh, c.cond.label_en, c.cond.clause) for c in conds}
        content = {"format": FORMAT, "provision_id": provision.id,
                   "provision": dict(zip(FIXED, _static(provision, False), strict=True)), "words": WORDS,
                   "conditions": [{"id": c.cond.id, "label_zh": c.cond.label_zh, "label_en": c.cond.label_en,
                                   "clause": c.cond.clause, "explanation": cp.tree}
                                  for c, cp in zip(conds, self.plans, strict=True)],
                   "amount_explanation": self.amount.tree if self.amount is not None else None}
        self.hash = hashlib.sha256(dumps(content)).hexdigest()[:32]
        self.json = dumps({"tree": self.hash, **content})
        self.head = dumps({"provision_id": provision.id, "tree": self.hash})[:-1] + b","
        _BY_HASH[self.hash] = self


_TREES: dict[int, ProvisionTree] = {}
_BY_HASH: dict[str, ProvisionTree] = {}


def provision_tree(p: Any) -> ProvisionTree:
    """The static tree of provision ``p`` (built once)."""
    t = _TREES.get(id(p))
    if t is None or t.provision is not p:
        from .single import _compiled

        c = _compiled(p)
        if len(_TREES) > 10_000:
            _TREES.clear()
            _BY_HASH.clear()
        t = _TREES[id(p)] = ProvisionTree(p, c.conds, c.amount)
    return t


def tree_by_hash(h: str, provisions: Any = ()) -> ProvisionTree | None:
    """The tree with hash ``h``: among those built, else among ``provisions`` (built on the way)."""
    t = _BY_HASH.get(h)
    if t is None:
        for p in provisions:
            if provision_tree(p).hash == h:
                return _BY_HASH[h]
    return t


def compact_result(r: Any, as_of: Any, table: dict[bytes, int], explain: bool) -> bytes | None:
    """The encoded compact result of ``r`` in an answer as of ``as_of`` (see the module); with
    ``explain``, its explanation (parameter explanations added to ``table``); None if it cannot be
    written compact (no values recorded to explain; a draft's result without the draft's note)."""
    t = provision_tree(r.provision)
    ex = None
    if explain:
        ex = compact_explanation(r, table, t)
        if ex is None:
            return None
    else:  # outside the place or the dates: the same for every case (kept)
        key = r._out_of_scope_key(False)
        if key is not None:
            key = (key, r.as_of == as_of)
            hit = _OUT_OF_SCOPE.get(key)
            if hit is None or hit[0] is not t:
                if len(_OUT_OF_SCOPE) > 10_000:
                    _OUT_OF_SCOPE.clear()
                hit = _OUT_OF_SCOPE[key] = (t, _compact_result(r, as_of, t, None))
            return hit[1]
    return _compact_result(r, as_of, t, ex)


_OUT_OF_SCOPE: dict[Any, tuple[ProvisionTree, bytes | None]] = {}


def _compact_result(r: Any, as_of: Any, t: ProvisionTree, ex: bytes | None) -> bytes | None:
    d: dict[str, Any] = {}
    if r.as_of != as_of:
        d["as_of"] = r.as_of.isoformat()
    d["outcome"] = r.outcome
    d["status"] = r.status.value
    if r.amount_fen is not None:
        d["amount_fen"] = r.amount_fen
        d["amount_yuan"] = str(fen_to_yuan(r.amount_fen))
    if r.max_duration_months is not None:
        d["max_duration_months"] = r.max_duration_months
    if r.remaining_months is not None:
        d["remaining_months"] = r.remaining_months
    if r.total_payable_fen is not None:
        d["total_payable_fen"] = r.total_payable_fen
        d["total_payable_yuan"] = str(fen_to_yuan(r.total_payable_fen))
    failed = [c for c in r.conditions if c.value is False]
    if any(c.hint is not None and c.hint.get("unchangeable") for c in failed):
        d["not_applicable_here"] = True
    d.update(optional_fields(r))
    labels = t.labels
    d["failed_conditions"] = [
        {"id": c.id, "hint": "unchangeable" if c.hint == UNCHANGEABLE else "not_adopted" if c.hint == NOT_ADOPTED
         else c.hint}
        if labels.get(c.id) == (c.label_zh, c.label_en, c.clause)
        else {"id": c.id, "label_zh": c.label_zh, "label_en": c.label_en, "clause": c.clause, "hint": c.hint}
        for c in failed]
    d["questions"] = r.questions
    notes = r.notes
    if r.status is Status.DRAFT_NO_DATE:  # its first note is the status's (in the tree's words)
        if not notes or notes[0] != DRAFT_NOTE:
            return None
        notes = notes[1:]
    if notes:
        d["notes"] = notes
    if ex is not None:
        d["explanation"] = fragment(ex)
    return t.head + dumps(d)[1:]


def compact_explanation(r: Any, table: dict[bytes, int], t: ProvisionTree | None = None) -> bytes | None:
    """The encoded ``explanation`` object of result ``r`` (evaluated with explanations); parameter
    explanations are added to ``table`` (encoded -> index). None if ``r`` recorded no values."""
    if t is None:
        t = provision_tree(r.provision)
    conds = r.conditions
    if len(conds) != len(t.plans):
        return None
    values: list[Any] = []
    env = None
    for c, cp in zip(conds, t.plans, strict=True):
        rec = c.recorded
        if rec is None or c.source is None or rec[0] is not cp.plan:
            return None
        values.append(rec[1])
        env = c.source[1]
    rec = r.amount_recorded
    amount = None
    if rec is not None and r.amount_source is not None and t.amount is not None:
        amount = rec[1]
        env = r.amount_source[1]
    return explanation_json(t, values, env, table, amount)


def explanation_json(t: ProvisionTree, values: list[list[Any]], env: Any, table: dict[bytes, int],
                     amount: list[Any] | None = None) -> bytes:
    """The encoded ``explanation`` of a result of ``t`` from its conditions' recorded ``values`` (and the
    amount's, when explained) at ``env`` (the provision's place); parameter explanations added to ``table``."""
    refs: list[int] = []
    spells: list[bytes] = []
    dyn: list[bytes] = []
    kept: dict[Any, Any] | None = None
    for vals, cp in zip(values, t.plans, strict=True):
        if cp.extra is not None:
            if cp.static:
                if kept is None:
                    cache = param_cache(env.snapshot)
                    kept = cache.get("compact")
                    if kept is None or len(kept) > _KEPT:  # plans x places x dates: bounded
                        kept = cache["compact"] = {}
                key = (cp, env.place, env.as_of)
                got = kept.get(key)
                if got is None:
                    got = kept[key] = cp.extra(vals, env)
                _add_extra(got, table, refs, spells, dyn)
            else:
                _add_extra(cp.extra(vals, env), table, refs, spells, dyn)
    out: dict[str, Any] = {"values": values}
    if amount is not None:
        out["amount"] = amount
        if t.amount.extra is not None:  # type: ignore[union-attr]
            _add_extra(t.amount.extra(amount, env), table, refs, spells, dyn)  # type: ignore[union-attr]
    if refs:
        out["parameters"] = refs
    if not spells and not dyn:
        return dumps(out)
    return b"".join([dumps(out)[:-1], *_lists_tail(spells, dyn)])


def _lists_tail(spells: list[bytes], dyn: list[bytes]) -> list[bytes]:
    """The end of an encoded explanation's values: its spells and dynamic lists when any, then ``}``."""
    parts: list[bytes] = []
    if spells:
        parts += (b',"spells":[', b",".join(spells), b"]")
    if dyn:
        parts += (b',"dynamic":[', b",".join(dyn), b"]")
    parts.append(b"}")
    return parts


def _add_extra(got: tuple[tuple[bytes, ...], ...], table: dict[bytes, int], refs: list[int], spells: list[bytes],
               dyn: list[bytes]) -> None:
    params, spell_lists, dynamic = got
    for b in params:
        i = table.get(b)
        if i is None:
            i = table[b] = len(table)
        refs.append(i)
    spells.extend(spell_lists)
    dyn.extend(dynamic)


# --- the reference client: compact answer + trees -> the full answer ----------------------------------
_TAIL = ("schedule", "amount_note", "superseded_by", "supersedes", "stacking_undecided", "extras")


def expand(answer: Mapping[str, Any], trees: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    """The full answer (``explain=true``) from a compact one and the static trees it names (by hash)."""
    out = {k: v for k, v in answer.items()
           if k not in ("explanation_format", "explanation_trees", "explanation_parameters")}
    params = answer.get("explanation_parameters", [])
    out["results"] = [_expand_result(r, trees, params, answer["as_of"]) for r in answer["results"]]
    return out


def _expand_result(r: Mapping[str, Any], trees: Mapping[str, Mapping[str, Any]], params: list[Any],
                   as_of: str) -> dict[str, Any]:
    if "tree" not in r:  # written out in full
        return dict(r)
    tree = trees[r["tree"]]
    fixed, words = tree["provision"], tree["words"]
    out = {k: fixed[k] for k in FIXED[:10]}
    out["as_of"] = r.get("as_of", as_of)
    out["outcome"] = r["outcome"]
    out["outcome_zh"] = words["outcome_zh"][r["outcome"]]
    out["status"] = r["status"]
    out["status_zh"] = words["status_zh"][r["status"]]
    out["draft"] = fixed["draft"]
    for k in ("amount_fen", "amount_yuan"):
        out[k] = r.get(k)
    out["amount_kind"], out["period"] = fixed["amount_kind"], fixed["period"]
    out["max_duration_months"] = r.get("max_duration_months")
    out["stacking_group"], out["payee"] = fixed["stacking_group"], fixed["payee"]
    for k in ("remaining_months", "total_payable_fen", "total_payable_yuan"):
        out[k] = r.get(k)
    if r.get("not_applicable_here"):
        out["not_applicable_here"] = True
        out["not_applicable_zh"], out["not_applicable_en"] = words["not_applicable_zh"], words["not_applicable_en"]
    for k in _TAIL:
        if k in r:
            out[k] = r[k]
    labels = {c["id"]: c for c in tree["conditions"]}
    ex = r.get("explanation")
    if ex is None:
        out["failed_conditions"] = [f if "label_zh" in f else
                                    {"id": f["id"], "label_zh": labels[f["id"]]["label_zh"],
                                     "label_en": labels[f["id"]]["label_en"], "clause": labels[f["id"]]["clause"],
                                     "hint": _hint(f["hint"], words)} for f in r["failed_conditions"]]
        out["questions"] = r["questions"]
        _notes(out, r, words)
        return out
    refs = iter(ex.get("parameters", ()))
    dyn = iter(ex.get("dynamic", ()))
    spells = iter(ex.get("spells", ()))
    hints = iter(_hint(f["hint"], words) for f in r["failed_conditions"])
    conditions = []
    for c, vals in zip(tree["conditions"], ex["values"], strict=True):
        node = _fill(c["explanation"], vals, [0], refs, spells, dyn, params)
        full = {"id": c["id"], "label_zh": c["label_zh"], "label_en": c["label_en"], "value": vals[0],
                "clause": c["clause"]}
        if vals[0] is False:
            hint = next(hints)
            if hint:
                full["what_would_change_it"] = hint
        full["explanation"] = node
        conditions.append(full)
    out["failed_conditions"] = [c for c in conditions if c["value"] is False]
    out["questions"] = r["questions"]
    _notes(out, r, words)
    out["conditions"] = conditions
    if "amount" in ex:
        out["amount_explanation"] = _fill(tree["amount_explanation"], ex["amount"], [0], refs, spells, dyn, params)
    return out


def _hint(h: Any, words: Mapping[str, Any]) -> Any:
    """A failed condition's hint: a name (text) is that of one of the tree's ``words.hints``."""
    return words["hints"][h] if isinstance(h, str) else h


def _notes(out: dict[str, Any], r: Mapping[str, Any], words: Mapping[str, Any]) -> None:
    notes = words["status_notes"].get(r["status"], []) + r.get("notes", [])
    if notes:
        out["notes"] = notes


def _fill(t: Mapping[str, Any], vals: list[Any], at: list[int], refs: Any, spells: Any, dyn: Any,
          params: list[Any]) -> Any:
    if t.get("dynamic"):
        at[0] += t["size"]
        return next(dyn)
    node: dict[str, Any] = {"name": t["name"], "value": vals[at[0]]}
    at[0] += 1
    if "fact" in t:
        node["fact"] = t["fact"]
    if t.get("parameters"):
        node["parameters"] = params[next(refs)]
    if t.get("spells"):
        case_spells = next(spells)
        when, short = (_fill(k, vals, at, refs, spells, dyn, params) for k in t["children"])
        node["children"] = [when] + (case_spells or [short])
    elif "children" in t:
        node["children"] = [_fill(k, vals, at, refs, spells, dyn, params) for k in t["children"]]
    return node


__all__ = ["FIXED", "FORMAT", "TREE_PATH", "WORDS", "CompactPlan", "ProvisionTree", "compact_explanation",
           "compact_plan", "explanation_json", "compact_result", "expand", "provision_tree", "tree_by_hash"]
