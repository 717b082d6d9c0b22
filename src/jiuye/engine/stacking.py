"""从优、从高、不重复: at most one benefit per stacking group, the highest.

Within a group, among the eligible results, the one with the highest annual value wins
(monthly ×12, yearly ×1, one-time ×1); ties go to the provision declared first. When an
eligible member's amount is not known, nothing is superseded (the group is undecided and both
are reported), rather than guessing. The batch path implements the same rule in
:func:`stacking_exprs`.
"""

from __future__ import annotations

from collections import defaultdict

import polars as pl

from .provision import Provision
from .results import ELIGIBLE, SUPERSEDED, ProvisionResult


def apply_stacking_results(results: list[ProvisionResult]) -> None:
    groups: dict[str, list[tuple[int, ProvisionResult]]] = defaultdict(list)
    for i, r in enumerate(results):
        if r.provision.stacking_group and r.outcome == ELIGIBLE:
            groups[r.provision.stacking_group].append((i, r))
    for members in groups.values():
        if len(members) < 2 or any(r.comparable_fen is None for _, r in members):
            if len(members) >= 2:
                for _, r in members:
                    r.notes.append("同组政策金额未知，暂未比较从优从高 / stacking undecided: an amount is not known")
            continue
        winner_i, winner = max(members, key=lambda m: (m[1].comparable_fen, -m[0]))
        for i, r in members:
            if i != winner_i:
                r.outcome = SUPERSEDED
                r.superseded_by = winner.provision.id
                winner.supersedes.append(r.provision.id)


def stacking_exprs(provisions: list[Provision]) -> list[pl.Expr]:
    """Rewrite ``{id}:outcome`` columns to 'superseded' exactly as :func:`apply_stacking_results`."""
    groups: dict[str, list[tuple[int, Provision]]] = defaultdict(list)
    for i, p in enumerate(provisions):
        if p.stacking_group:
            groups[p.stacking_group].append((i, p))
    out: list[pl.Expr] = []
    for members in groups.values():
        if len(members) < 2:
            continue
        elig = {p.id: pl.col(f"{p.id}:outcome") == ELIGIBLE for _, p in members}
        comp = {p.id: pl.col(f"{p.id}:amount_fen") * max(p.period.per_year, 1) for _, p in members}
        undecided = pl.any_horizontal([elig[p.id] & comp[p.id].is_null() for _, p in members])
        for i, p in members:
            beaten = pl.any_horizontal([
                elig[q.id] & ((comp[q.id] > comp[p.id]) | ((comp[q.id] == comp[p.id]) & pl.lit(j < i)))
                for j, q in members if q.id != p.id
            ]).fill_null(False)
            out.append(
                pl.when(elig[p.id] & beaten & ~undecided).then(pl.lit(SUPERSEDED))
                .otherwise(pl.col(f"{p.id}:outcome")).alias(f"{p.id}:outcome"))
    return out
