"""The single path, compiled: each expression once into Python, its explanation from the values.

An expression tree (a condition's test, an amount) is compiled once, on first use, into two
generated functions (source built from the tree, names bound as constants, never text from a rule):

- ``values(env)``: the value of every node of the tree, in the order the explanation visits them
  (pre-order), as one flat list — straight-line code, no call per node for the common nodes
  (facts, constants, all/any/not, comparisons, arithmetic, ``If``, ``IsKnown``, fixed sets);
  other nodes call their own ``combine`` / ``ev``. The first value is the tree's value.
- ``explain(values, env)``: the explanation as a dict, exactly ``expr.trace(env).to_dict()``,
  built from the recorded values without re-evaluating anything and without ``Trace`` objects.

Parameter explanations (which value, from when, which source, the county's or city's own) are
the same for every case on one snapshot and place: they are resolved once per snapshot
(:func:`param_cache`). ``tests/engine/test_compiled.py`` compares both functions with ``ev`` and
``trace`` over generated cases and the whole catalogue.
"""

from __future__ import annotations

import weakref
from typing import Any

from ..dates import months_between
from .encode import JSON_PARTS, dumps
from .expr import (
    And,
    Arith,
    AsOf,
    CityOf,
    Compare,
    Const,
    Env,
    Expr,
    Fact,
    Func,
    If,
    InCity,
    InConst,
    InSet,
    IsKnown,
    LatestKeyed,
    Lookup,
    MonthsBetween,
    Not,
    Or,
    Param,
    ParamAt,
    Scale,
)
from .expr.params import _param_info, option_info, resolved
from .history import HistoryFact
from .spells import SPELLS_KEY, StatusOn, StatusSince
from .trace import _jsonable

_PLAIN = frozenset({type(None), bool, int, str})
_CMP_OPS = {"<", "<=", ">", ">=", "==", "!="}
_ARITH_OPS = {"+", "-", "*", "//"}
_OWN_PARAMETERS = (Lookup, InSet, ParamAt, Scale)  # explained here with their parameters (below)


# --- per-snapshot caches --------------------------------------------------------------------------
_SNAP_CACHES: dict[int, tuple[Any, dict[Any, Any]]] = {}


def param_cache(snapshot: Any) -> dict[Any, Any]:
    """A cache living as long as ``snapshot`` (parameter explanations, windows, place values)."""
    key = id(snapshot)
    hit = _SNAP_CACHES.get(key)
    if hit is not None and hit[0]() is snapshot:
        return hit[1]
    cache: dict[Any, Any] = {}
    try:
        ref = weakref.ref(snapshot, lambda _r, k=key: _SNAP_CACHES.pop(k, None))
    except TypeError:  # not weak-referenceable: no caching
        return cache
    _SNAP_CACHES[key] = (ref, cache)
    return cache


def _param_parameters(name: str, env: Env) -> list[dict[str, Any]]:
    cache = param_cache(env.snapshot)
    key = ("param", name, env.place, env.as_of)
    got = cache.get(key)
    if got is None:
        got = cache[key] = resolved(env, name)[1]
    return [got]


def _param_parameters_json(name: str, env: Env) -> bytes:
    cache = param_cache(env.snapshot)
    key = ("param.json", name, env.place, env.as_of)
    got = cache.get(key)
    if got is None:
        got = cache[key] = dumps(_param_parameters(name, env))
    return got


def _inset_parameters_json(node: InSet, env: Env, kid: Any, v: Any) -> bytes:
    cache = param_cache(env.snapshot)
    key = ("inset.json", id(node), str(kid) if kid is not None else None, v, env.as_of)
    got = cache.get(key)
    if got is None or got[0] is not node:
        got = cache[key] = (node, dumps(_inset_parameters(node, env, kid, v)))
    return got[1]


def _latest_parameters(node: LatestKeyed, env: Env, v: Any) -> list[dict[str, Any]]:
    cache = param_cache(env.snapshot)
    key = ("latest", node.name, env.as_of)
    got = cache.get(key)
    if got is None:
        got = cache[key] = _param_info(env, node.name, v, node._pick(env.snapshot)[0])
    return [got]


def _inset_parameters(node: InSet, env: Env, kid: Any, v: Any) -> list[dict[str, Any]]:
    snap = env.snapshot
    cache = param_cache(snap)
    if snap.store[node.name].county_option and v is not None:
        key: tuple[Any, ...] = ("option", node.name, str(kid), v, env.as_of)
        got = cache.get(key)
        if got is None:
            got = cache[key] = option_info(env, node.name, str(kid), v)
        return [got]
    key = ("inset", node.name, env.as_of)
    got = cache.get(key)
    if got is None:
        members = snap.get(node.name)
        got = cache[key] = _param_info(env, node.name, None if members is None else f"{len(members)} codes")
    return [got]


def _lookup_parameters(node: Lookup, env: Env, kid: Any, v: Any) -> list[dict[str, Any]]:
    return [_param_info(env, node.name, v, kid)]


def _param_at_parameters(node: ParamAt, env: Env, kid: Any, v: Any) -> list[dict[str, Any]]:
    info: dict[str, Any] = {"name": node.name, "value": _jsonable(v), "at": _jsonable(kid)}
    if kid is not None:
        entry = env.snapshot.store[node.name].entry_at(kid)
        if entry is not None:
            info.update({"from": entry.start.isoformat(), "source": entry.source})
    return [info]


def _scale_parameters(node: Scale, env: Env) -> list[dict[str, Any]]:
    return _param_parameters(node.rate, env)  # type: ignore[arg-type]


def _spell_children(node: Any, env: Env, when: Any) -> list[dict[str, Any]] | None:
    """The spells of the node's kind, each covering the date or not (None without spells)."""
    spells = env.values.get(SPELLS_KEY, {}).get(node.kind)
    if not spells:
        return None
    return [{"name": f"{s.start} – {s.end or '至今 / ongoing'}", "value": s.covers(when) if when is not None else None}
            for s in spells]


# --- flattening: the nodes in the order the explanation visits them --------------------------------
class _Node:
    __slots__ = ("expr", "kids", "kind")

    def __init__(self, expr: Expr, kind: str, kids: list[int]):
        self.expr, self.kind, self.kids = expr, kind, kids


def _kind(e: Expr) -> str:
    t = type(e)
    if t is Fact or t is HistoryFact or _history_like(e, t):
        return "fact"
    if t is Const:
        return "const"
    if t is AsOf:
        return "asof"
    if t is And or t is Or:
        return "junction"
    if t is Not:
        return "not"
    if t is Compare and e.op in _CMP_OPS:  # type: ignore[attr-defined]
        return "op"
    if t is Arith and e.op in _ARITH_OPS:  # type: ignore[attr-defined]
        return "op"
    if t is InConst:
        return "inconst"
    if t is If:
        return "if"
    if t is IsKnown:
        return "isknown"
    if t is MonthsBetween:
        return "months"
    if t is InCity:
        return "incity"
    if t is Func or t is CityOf:
        return "func"
    if t is Param or t is LatestKeyed:
        return "ev"
    if t in _OWN_PARAMETERS:
        return "combine"
    if t is StatusOn or t is StatusSince:
        return "spell"
    if t.trace is not Expr.trace:
        return "own"  # explained by its own trace
    return "combine"


def _history_like(e: Expr, t: type) -> bool:
    """A history feature explained and read as one (a ledger aggregate): a fact node."""
    return isinstance(e, HistoryFact) and t.trace is HistoryFact.trace and t.ev is Fact.ev


def _flatten(e: Expr, out: list[_Node]) -> int:
    i = len(out)
    kind = _kind(e)
    node = _Node(e, kind, [])
    out.append(node)
    if kind == "own":
        return i
    if kind == "spell":
        kids = [e.when, e.short]  # type: ignore[attr-defined]
    elif isinstance(e, HistoryFact) and kind == "fact":
        kids = [f for _, f in e.match]  # the claim facts it matches on (not the as-of date)
    elif kind in ("fact", "const", "asof", "ev"):
        kids = []
    else:
        kids = list(e.children)
    node.kids = [_flatten(k, out) for k in kids]
    return i


def _ends(nodes: list[_Node]) -> tuple[int, ...]:
    ends = [0] * len(nodes)

    def end(i: int) -> int:
        e = i + 1
        for k in nodes[i].kids:
            e = end(k)
        ends[i] = e
        return e

    end(0)
    return tuple(ends)


# --- code generation ------------------------------------------------------------------------------
class Plan:
    """One expression compiled: ``values(env)`` and ``explain(values, env)`` (see the module doc)."""

    __slots__ = ("expr", "nodes", "values", "explain", "explain_json", "ids", "ends", "reusable", "index")

    def __init__(self, expr: Expr):
        self.expr = expr
        self.nodes: list[_Node] = []
        _flatten(expr, self.nodes)
        ns: dict[str, Any] = {"months_between": months_between, "_J": _jsonable, "_PLAIN": _PLAIN}
        self.values = _gen_values(self.nodes, ns)
        self.explain, self.explain_json = _gen_explain(self.nodes, ns)
        self.ids = tuple(id(n.expr) for n in self.nodes)  # dict(zip(ids, values)): the values by node
        self.index = {k: i for i, k in enumerate(self.ids)}  # node id -> its position (the last, as dict(zip))
        self.ends = _ends(self.nodes)  # the index after each node's subtree
        # its encoded explanation is a function of the values' JSON, the place and the date (per snapshot):
        # not so for a status on a date (its spells are not among the values) or a node explaining itself
        self.reusable = self.explain_json is not None and all(n.kind not in ("spell", "own") for n in self.nodes)

    def encoded_explanation(self, values: list[Any], env: Env) -> bytes:
        """``explain_json(values, env)``, reused when the same values met the same place and date before
        (people share most answers: about 70% of the conditions of generated cases repeat)."""
        if not self.reusable:
            return self.explain_json(values, env)
        cache = param_cache(env.snapshot)
        memo = cache.get("explanations")
        if memo is None:
            memo = cache["explanations"] = {}
        # JSON tells true from 1 and a date from its text; only atomic parts, so the garbage collector
        # stops tracking the keys (plans are kept while their explanations are: see plan_of)
        key = (id(self), env.place, env.as_of, dumps(values))
        got = memo.get(key)
        if got is None:
            got = memo[key] = self.explain_json(values, env)
            _KEPT[0] += 1
            if _KEPT[0] > _EXPLANATIONS_KEPT:  # over all snapshots: start afresh (~20 MiB at most)
                _forget_explanations()
        return got


class Recorded:
    """The recorded values of a plan read by node identity, like ``dict(zip(plan.ids, values))``
    without building the dict (``known[id(node)]``, KeyError for a node not in the tree)."""

    __slots__ = ("index", "values", "missed")

    def __init__(self, plan: Plan, values: list[Any]):
        self.index, self.values, self.missed = plan.index, values, False

    def __getitem__(self, key: int) -> Any:
        i = self.index.get(key)
        if i is None:
            self.missed = True  # the reader evaluates that node itself: its answer is not a function of the values
            raise KeyError(key)
        return self.values[i]

    def get(self, key: int, default: Any = None) -> Any:
        i = self.index.get(key)
        return default if i is None else self.values[i]


def _forget_explanations() -> None:
    for _, snap_cache in list(_SNAP_CACHES.values()):
        snap_cache.pop("explanations", None)
    _KEPT[0] = 0


def _gen_values(nodes: list[_Node], ns: dict[str, Any]) -> Any:
    lines: list[str] = []

    def emit(i: int) -> None:
        n = nodes[i]
        for k in n.kids:
            emit(k)
        e, kind, kv = n.expr, n.kind, [f"v{k}" for k in n.kids]
        if kind == "fact":
            ns[f"k{i}"] = e.name  # type: ignore[attr-defined]
            code = f"values.get(k{i})"
        elif kind == "const":
            ns[f"c{i}"] = e.value  # type: ignore[attr-defined]
            code = f"c{i}"
        elif kind == "asof":
            code = "env.as_of"
        elif kind == "junction":
            d = "False" if isinstance(e, And) else "True"
            code = (f"({d} if ({' or '.join(f'{v} is {d}' for v in kv)}) else None if "
                    f"({' or '.join(f'{v} is None' for v in kv)}) else {'True' if d == 'False' else 'False'})")
        elif kind == "not":
            code = f"(None if {kv[0]} is None else not {kv[0]})"
        elif kind == "op":
            code = f"(None if {kv[0]} is None or {kv[1]} is None else {kv[0]} {e.op} {kv[1]})"  # type: ignore[attr-defined]
        elif kind == "inconst":
            ns[f"c{i}"] = e.values  # type: ignore[attr-defined]
            code = f"(None if {kv[0]} is None else {kv[0]} in c{i})"
        elif kind == "if":
            c, a, b = kv
            code = f"(None if {c} is None else ({a} if {c} else {b}))"
        elif kind == "isknown":
            code = f"({kv[0]} is not None)"
        elif kind == "months":
            code = f"(None if {kv[0]} is None or {kv[1]} is None else months_between({kv[0]}, {kv[1]}))"
        elif kind == "incity":
            ns[f"c{i}"] = e.prefix  # type: ignore[attr-defined]
            code = f"(None if {kv[0]} is None else str({kv[0]}).startswith(c{i}))"
        elif kind == "func":  # unknown if any argument is unknown, else its Python function
            ns[f"f{i}"] = e.py  # type: ignore[attr-defined]
            code = f"(None if ({' or '.join(f'{v} is None' for v in kv)}) else f{i}({', '.join(kv)}))" if kv \
                else f"f{i}()"
        elif kind in ("ev", "own", "spell"):
            ns[f"n{i}"] = e
            code = f"n{i}.ev(env)"
        else:
            ns[f"n{i}"] = e
            code = f"n{i}.combine([{', '.join(kv)}], env)"
        lines.append(f"    v{i} = {code}")

    emit(0)
    src = ("def _values(env):\n    values = env.values\n" + "\n".join(lines)
           + f"\n    return [{', '.join(f'v{i}' for i in range(len(nodes)))}]\n")
    exec(compile(src, f"<jiuye.engine.compiled values {id(nodes[0].expr)}>", "exec"), ns)  # noqa: S102 - generated from the tree
    return ns.pop("_values")


class _ExplainGen:
    """Source of the explanation of a flattened tree: as a dict expression, or as JSON bytes (a
    template of the static text with a slot per value)."""

    def __init__(self, nodes: list[_Node], ns: dict[str, Any]):
        self.nodes, self.ns = nodes, ns
        ns.update(_pp=_param_parameters, _lp=_latest_parameters, _ip=_inset_parameters, _kp=_lookup_parameters,
                  _ap=_param_at_parameters, _sp=_scale_parameters, _sc=_spell_children, _E=dumps,
                  _D=dumps, _ppj=_param_parameters_json, _ipj=_inset_parameters_json)

    def _spec(self, i: int) -> tuple[str, str | None, str | None]:
        """(name, fact or None, code of the parameters list or None); binds the names it uses."""
        n, ns = self.nodes[i], self.ns
        e, kind, t = n.expr, n.kind, type(n.expr)
        if kind == "fact":
            name = f"{e.label_zh} / {e.label_en}"  # type: ignore[attr-defined]
        else:
            name = e.label if kind == "asof" else e.describe()
        ns[f"s{i}"], ns[f"n{i}"] = name, e
        fact = e.name if kind == "fact" else None  # type: ignore[attr-defined]
        if fact is not None:
            ns[f"k{i}"] = fact
        params = None
        if t is Param:
            ns[f"p{i}"] = e.name  # type: ignore[attr-defined]
            params = f"_pp(p{i}, env)"
        elif t is LatestKeyed:
            params = f"_lp(n{i}, env, v{i})"
        elif t is InSet:
            params = f"_ip(n{i}, env, v{n.kids[0]}, v{i})"
        elif t is Lookup:
            params = f"_kp(n{i}, env, v{n.kids[0]}, v{i})"
        elif t is ParamAt:
            params = f"_ap(n{i}, env, v{n.kids[0]}, v{i})"
        elif t is Scale and isinstance(e.rate, str):  # type: ignore[attr-defined]
            params = f"_sp(n{i}, env)"
        return name, fact, params

    def dict_code(self, i: int) -> str:
        n = self.nodes[i]
        if n.kind == "own":
            self.ns[f"n{i}"] = n.expr
            return f"n{i}.trace(env).to_dict()"
        _, fact, params = self._spec(i)
        parts = [f"'name': s{i}", f"'value': (v{i} if v{i}.__class__ in _PLAIN else _J(v{i}))"]
        if fact is not None:
            parts.append(f"'fact': k{i}")
        if params is not None:
            parts.append(f"'parameters': {params}")
        if n.kind == "spell":  # the date, then each spell of the kind (or the shorthand facts without spells)
            w, short = n.kids
            parts.append(f"'children': [{self.dict_code(w)}] + (_sc(n{i}, env, v{w}) or [{self.dict_code(short)}])")
        elif n.kids:
            parts.append(f"'children': [{', '.join(self.dict_code(k) for k in n.kids)}]")
        return "{" + ", ".join(parts) + "}"

    def json_template(self, i: int, out: list[bytes], slots: list[str]) -> None:
        """Append node ``i``'s JSON to ``out`` (static text, '%'-escaped, and b'%b' per slot in ``slots``)."""
        n = self.nodes[i]

        def text(b: bytes) -> None:
            out.append(b.replace(b"%", b"%%"))

        def slot(code: str) -> None:
            out.append(b"%b")
            slots.append(code)

        if n.kind in ("own", "spell"):  # its children depend on the case: encode its dict
            slot(f"_D({self.dict_code(i)})")
            return
        name, fact, params = self._spec(i)
        text(b'{"name":' + dumps(name) + b',"value":')
        slot(f"(b'null' if v{i} is None else b'true' if v{i} is True else b'false' if v{i} is False else _E(v{i}))")
        if fact is not None:
            text(b',"fact":' + dumps(fact))
        if params is not None:
            text(b',"parameters":')
            t = type(n.expr)
            slot(f"_ppj(p{i}, env)" if t is Param else f"_ipj(n{i}, env, v{n.kids[0]}, v{i})" if t is InSet
                 else f"_D({params})")
        if n.kids:
            text(b',"children":[')
            for k, kid in enumerate(n.kids):
                if k:
                    text(b",")
                self.json_template(kid, out, slots)
            text(b"]")
        text(b"}")


def _gen_explain(nodes: list[_Node], ns: dict[str, Any]) -> tuple[Any, Any]:
    gen = _ExplainGen(nodes, ns)
    unpack = ", ".join(f"v{i}" for i in range(len(nodes)))
    src = f"def _explain(vals, env):\n    {unpack}, = vals\n    return {gen.dict_code(0)}\n"
    if JSON_PARTS:
        parts: list[bytes] = []
        slots: list[str] = []
        gen.json_template(0, parts, slots)
        ns["_T"] = b"".join(parts)
        src += f"def _explain_json(vals, env):\n    {unpack}, = vals\n    return _T % ({', '.join(slots)},)\n"
    exec(compile(src, f"<jiuye.engine.compiled explain {id(nodes[0].expr)}>", "exec"), ns)  # noqa: S102 - generated from the tree
    return ns.pop("_explain"), ns.pop("_explain_json", None)


_PLANS: dict[int, Plan] = {}
_EXPLANATIONS_KEPT = 20_000  # encoded explanations kept, over all snapshots (~1 KiB each)
_KEPT = [0]


def plan_of(expr: Expr) -> Plan:
    """The compiled plan of ``expr``, built on first use (expressions are declared once and live on)."""
    plan = _PLANS.get(id(expr))
    if plan is None or plan.expr is not expr:
        if len(_PLANS) > 50_000:  # expressions made on the fly (tests, reforms): do not hold them for ever
            _PLANS.clear()
            _forget_explanations()  # keyed by the plans' ids
        plan = _PLANS[id(expr)] = Plan(expr)
    return plan


__all__ = ["Plan", "Recorded", "param_cache", "plan_of"]
