"""Compact explanations: the static tree of a provision served once, the values of a case apart.

About 95% of an explained answer's bytes are the same for every case: the trees' labels, facts and
structure. A compact answer carries, for each provision whose explanation the full answer gives:

- ``tree``: the content hash of the provision's *static tree* (:func:`provision_tree`: its
  conditions' ids, labels and clauses, and each explanation node's ``name``, ``fact``, whether it
  has ``parameters``, its ``children``), served once at ``GET /api/v2/explanations/{tree}``;
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
(``explain=true``); ``tests/engine/test_compact.py`` proves it on demo and generated cases. The
compact answer is encoded from the values the compiled evaluation recorded
(:mod:`jiuye.engine.compiled`): no explanation tree is built.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

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
from .encode import dumps
from .expr import InSet, LatestKeyed, Lookup, Param, ParamAt, Scale
from .trace import _jsonable

FORMAT = "compact/1"
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
    """A provision's static tree: its hash, its encoded JSON, its plans in answer order."""

    __slots__ = ("provision", "hash", "json", "plans", "amount", "condition_ids")

    def __init__(self, provision: Any, conds: tuple[Any, ...], amount: Plan | None):
        self.provision = provision
        self.plans = tuple(compact_plan(c.plan) for c in conds)
        self.amount = compact_plan(amount) if amount is not None else None
        self.condition_ids = tuple(c.cond.id for c in conds)
        content = {"format": FORMAT, "provision_id": provision.id,
                   "conditions": [{"id": c.cond.id, "label_zh": c.cond.label_zh, "label_en": c.cond.label_en,
                                   "clause": c.cond.clause, "explanation": cp.tree}
                                  for c, cp in zip(conds, self.plans, strict=True)],
                   "amount_explanation": self.amount.tree if self.amount is not None else None}
        self.hash = hashlib.sha256(dumps(content)).hexdigest()[:32]
        self.json = dumps({"tree": self.hash, **content})
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


def compact_explanation(r: Any, table: dict[bytes, int]) -> bytes | None:
    """The encoded ``explanation`` object of result ``r`` (evaluated with explanations); parameter
    explanations are added to ``table`` (encoded -> index). None if ``r`` recorded no values."""
    t = provision_tree(r.provision)
    conds = r.conditions
    if len(conds) != len(t.plans):
        return None
    values: list[Any] = []
    refs: list[int] = []
    spells: list[bytes] = []
    dyn: list[bytes] = []
    kept: dict[Any, Any] | None = None
    for c, cp in zip(conds, t.plans, strict=True):
        rec = c.recorded
        if rec is None or c.source is None or rec[0] is not cp.plan:
            return None
        vals = rec[1]
        values.append(vals)
        if cp.extra is not None:
            env = c.source[1]
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
    out: dict[str, Any] = {"tree": t.hash, "values": values}
    rec = r.amount_recorded
    if rec is not None and r.amount_source is not None and t.amount is not None:
        out["amount"] = rec[1]
        if t.amount.extra is not None:
            _add_extra(t.amount.extra(rec[1], r.amount_source[1]), table, refs, spells, dyn)
    if refs:
        out["parameters"] = refs
    if not spells and not dyn:
        return dumps(out)
    parts = [dumps(out)[:-1]]
    if spells:
        parts += (b',"spells":[', b",".join(spells), b"]")
    if dyn:
        parts += (b',"dynamic":[', b",".join(dyn), b"]")
    parts.append(b"}")
    return b"".join(parts)


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
def expand(answer: Mapping[str, Any], trees: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    """The full answer (``explain=true``) from a compact one and the static trees it names (by hash)."""
    out = {k: v for k, v in answer.items()
           if k not in ("explanation_format", "explanation_trees", "explanation_parameters")}
    params = answer.get("explanation_parameters", [])
    out["results"] = [_expand_result(r, trees, params) for r in answer["results"]]
    return out


def _expand_result(r: Mapping[str, Any], trees: Mapping[str, Mapping[str, Any]], params: list[Any]) -> dict[str, Any]:
    out = dict(r)
    ex = out.pop("explanation", None)
    if ex is None:
        return out
    tree = trees[ex["tree"]]
    refs = iter(ex.get("parameters", ()))
    dyn = iter(ex.get("dynamic", ()))
    spells = iter(ex.get("spells", ()))
    hints = iter(f["hint"] for f in r["failed_conditions"])
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
    out["conditions"] = conditions
    if "amount" in ex:
        out["amount_explanation"] = _fill(tree["amount_explanation"], ex["amount"], [0], refs, spells, dyn, params)
    return out


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


__all__ = ["FORMAT", "TREE_PATH", "CompactPlan", "ProvisionTree", "compact_explanation", "compact_plan", "expand",
           "provision_tree", "tree_by_hash"]
