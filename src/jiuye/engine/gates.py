"""Table path: a block's rows narrowed to those where some provision can still be eligible (gates).

A provision is eligible only where every one of its conditions holds (a three-valued AND). Some of
its conditions are cheap to compute — a comparison, a membership or a known-check of facts the table
holds — and often false on most rows ("flexibly employed", "runs a business", "holds a certificate").
A block's *gate* is, for each of its provisions, the AND of those cheap conditions (a row where one
is not known passes), OR-ed over the provisions: a row failing it is not eligible for any of them,
with no amount, exactly what a row outside the block is. The block's plan computes the gate right
after reading its rows and evaluates everything else (the shared columns, the other conditions, the
money) on the rows passing it only; the block's part holds those rows. A block with a provision
having no cheap condition is not gated (every row could be eligible for it).
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from .expr import Expr, PolarsEnv
from .expr.base import And, Arith, AsOf, Compare, Const, Fact, InConst, Not, Or
from .expr.logic import IsKnown
from .expr.params import Param
from .history import HistoryFact
from .place import with_place
from .provision import Provision

CHEAP = (Fact, Const, AsOf, Arith, Compare, InConst, IsKnown, Not, And, Or)  # one vectorized step per node


def cheap(test: Expr, env: PolarsEnv, *, params: bool = False) -> bool:
    """Is ``test`` made only of cheap nodes, reading at least one fact, every fact a column of the table
    (not a history feature, not a constant, not missing: a missing fact is not known, which passes)?
    ``params``: a parameter with one value whatever the place (a literal on the as-of date) is cheap too."""
    facts = False
    for node in test.walk():
        if not isinstance(node, CHEAP):
            if params and type(node) is Param and not env.snapshot.local_map(node.name):
                continue
            return False
        if isinstance(node, Fact):
            if (isinstance(node, HistoryFact) or node.name not in env.columns
                    or (env.constants and node.name in env.constants)):
                return False
            facts = True
    return facts


def gated(p: Provision, env: PolarsEnv, *, params: bool = False) -> bool:
    """Has ``p`` a gate (a cheap condition besides its jurisdiction)? :func:`gate` of a block with a
    provision that has none is None; this answers without building the expressions."""
    return any(cheap(c.test, env, params=params) for c in p.conditions)


def gate(provisions: Sequence[Provision], env: PolarsEnv, *, eligible_only: bool = False,
         params: bool = False) -> pl.Expr | None:
    """The block's gate (true or not known where some provision may be eligible), or None when a
    provision has no cheap condition besides its jurisdiction (already applied to the block's rows).
    ``eligible_only``: for a caller that keeps only the eligible rows (``jiuye match``), a row passes
    only where all of some provision's cheap conditions are certainly true: where one is not known
    the provision is at best undecided (a three-valued AND of its conditions is never true there).
    ``params``: conditions comparing with a parameter that has one value whatever the place count as
    cheap (:func:`cheap`)."""
    per: list[pl.Expr] = []
    for p in provisions:
        tests = [c.test for c in p.conditions if cheap(c.test, env, params=params)]
        if not tests:
            return None
        penv = with_place(p, env)
        # all_horizontal is Kleene: null where one is null and none false
        per.append(pl.all_horizontal([t.to_polars(penv).cast(pl.Boolean) for t in tests]).fill_null(not eligible_only))
    return pl.any_horizontal(per) if per else None
