"""Which unknown facts can still change an outcome (the questions worth asking).

A fact is asked only if some value of it could change the value of the expression given the known
facts. Three-valued (Kleene) logic is monotone: a node whose value is already decided (true, false,
a number, a date) stays decided whatever the unknown facts below it turn out to be, so only the
undecided branches are followed:

- ``all_of`` / ``any_of``: a condition already false (or true) settles it and nothing is asked; of
  an undecided one, only the undecided items are followed (no graduation date from a
  non-graduate: ``graduate & within(graduation_date)`` is false once ``graduate`` is false);
- ``If(c, a, b)``: only the branch ``c`` selects when ``c`` is known; otherwise ``c`` and the
  undecided branches;
- a status on a date (``status_on``) with spells supplied depends only on its date; without spells,
  on the shorthand facts;
- ``IsKnown(x)`` is decided by design (the clause turns on a record existing): never asked;
- history facts (``hist.*``, the ledger) are never questions: the ledger is complete as supplied,
  so a subject with no history is asked nothing about it.

Facts are not tried value by value here: a condition left undecided must keep a question, or the
outcome would be "cannot tell" with nothing to ask. Where a fact's values all agree, the rule says
so in its expression, so that both paths decide it (``not_past_retirement_month``: a woman past the
retirement month of both categories is not asked her category).
"""

from __future__ import annotations

from typing import Any

from .expr import Env, Expr, Fact, If, IsKnown
from .spells import SPELLS_KEY, _SpellNode


def _walk(node: Expr, env: Env, out: dict[str, Fact], known: dict[int, Any]) -> None:
    v = known.get(id(node), _NOT_RECORDED)
    if (node.ev(env) if v is _NOT_RECORDED else v) is not None:
        return
    if isinstance(node, Fact):
        if not node.name.startswith("hist."):
            out.setdefault(node.name, node)
            return
        # a history feature undecided: the claim facts it matches on (there are records to match)
    if isinstance(node, IsKnown):
        return
    if isinstance(node, If):
        cond, then, otherwise = node.children
        c = known.get(id(cond), _NOT_RECORDED)
        c = cond.ev(env) if c is _NOT_RECORDED else c
        if c is None:
            _walk(cond, env, out, known)
            _walk(then, env, out, known)
            _walk(otherwise, env, out, known)
        else:
            _walk(then if c else otherwise, env, out, known)
        return
    if isinstance(node, _SpellNode):
        if env.values.get(SPELLS_KEY, {}).get(node.kind):
            _walk(node.when, env, out, known)
        else:
            _walk(node.short, env, out, known)
            if node.out == "since" and node.since is not None:
                _walk(node.since, env, out, known)
        return
    for child in node.children:
        _walk(child, env, out, known)


_NOT_RECORDED = object()


def relevant_unknowns(expr: Expr, env: Env, known: dict[int, Any] | None = None) -> list[Fact]:
    """The unknown facts of ``expr`` (in the order met) that could still change its value. ``known``:
    the values of its nodes already computed for ``env`` (by node identity), read instead of evaluating."""
    found: dict[str, Fact] = {}
    _walk(expr, env, found, known or {})
    return list(found.values())


def recorded_unknowns(plan: Any, values: list[Any], env: Env) -> list[Fact]:
    """:func:`relevant_unknowns` of ``plan.expr`` from the values of its nodes recorded for ``env``
    (``jiuye.engine.compiled``): the same walk over the flattened tree, without recursion."""
    nodes = plan.nodes
    found: dict[str, Fact] = {}
    spells = env.values.get(SPELLS_KEY, {})
    stack = [0]
    while stack:
        i = stack.pop()
        if i < 0:  # the start date of a status without spells (not among the recorded nodes)
            _walk(nodes[-1 - i].expr.since, env, found, {})
            continue
        if values[i] is not None:
            continue
        n = nodes[i]
        e = n.expr
        if n.kind == "own":
            _walk(e, env, found, {})
        elif isinstance(e, Fact) and not e.name.startswith("hist."):
            found.setdefault(e.name, e)
        elif isinstance(e, IsKnown):
            continue
        elif isinstance(e, If):
            c, then, otherwise = n.kids
            cv = values[c]
            if cv is None:
                stack += (otherwise, then, c)
            else:
                stack.append(then if cv else otherwise)
        elif isinstance(e, _SpellNode):
            when, short = n.kids
            if spells.get(e.kind):
                stack.append(when)
            else:
                if e.out == "since" and e.since is not None:
                    stack.append(-1 - i)
                stack.append(short)
        else:
            stack += reversed(n.kids)
    return list(found.values())


__all__ = ["recorded_unknowns", "relevant_unknowns"]
