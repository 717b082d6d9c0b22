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

from .expr import Env, Expr, Fact, If, IsKnown
from .spells import SPELLS_KEY, _SpellNode


def _walk(node: Expr, env: Env, out: dict[str, Fact]) -> None:
    if node.ev(env) is not None:
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
        c = cond.ev(env)
        if c is None:
            _walk(cond, env, out)
            _walk(then, env, out)
            _walk(otherwise, env, out)
        else:
            _walk(then if c else otherwise, env, out)
        return
    if isinstance(node, _SpellNode):
        if env.values.get(SPELLS_KEY, {}).get(node.kind):
            _walk(node.when, env, out)
        else:
            _walk(node.short, env, out)
            if node.out == "since" and node.since is not None:
                _walk(node.since, env, out)
        return
    for child in node.children:
        _walk(child, env, out)


def relevant_unknowns(expr: Expr, env: Env) -> list[Fact]:
    """The unknown facts of ``expr`` (in the order met) that could still change its value."""
    found: dict[str, Fact] = {}
    _walk(expr, env, found)
    return list(found.values())


__all__ = ["relevant_unknowns"]
