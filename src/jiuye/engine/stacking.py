"""从优、从高、不重复: at most one benefit per stacking group, the highest.

Within a group, among the eligible results, the one with the highest annual value wins
(monthly ×12, yearly ×1, one-time ×1); at equal value an exact amount beats a ceiling, then the
provision declared first wins. Nothing is superseded (the group is undecided, every member is
reported with a note) when

- an eligible member's amount is not known, or
- the highest value is only a ceiling (``amount_kind == "up_to"``: 最高, 按规定) while another
  eligible member has an exact amount: the real amount under the ceiling may be lower, so the
  comparison is "to be decided by the caseworker" (由经办人员裁定) until the local standard is set.

The batch path implements the same rule in :func:`stacking_exprs`.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import polars as pl

from .provision import Provision
from .results import ELIGIBLE, SUPERSEDED, ProvisionResult

NOTE_UNKNOWN = "同组政策金额未知，暂未比较从优从高 / stacking undecided: an amount is not known"
NOTE_CEILING = ("从优从高待经办人员裁定：{ceiling}仅规定上限，不能认定高于{exact}的确定金额 / to be decided by the "
                "caseworker: {ceiling_en} gives only a ceiling, which does not outrank the exact amount of {exact_en}")


def stacking_key(p: Provision, snapshot: Any = None) -> str | None:
    """The group a provision is compared in: its stacking group, or — when its document's overlap
    switch says "both" (e.g. 杭州 and the mountain-county documents in 淳安县) — the group within
    its own document only."""
    g = p.stacking_group
    switch = p.document.overlap_switch
    if g and switch and snapshot is not None and snapshot.get(switch) == "both":
        return f"{g}@{p.document.id}"
    return g


def ceiling_only(p: Provision, snapshot: Any = None) -> bool:
    """Is the amount only a ceiling? An 'up to' amount whose local standard (if it has one) is not set."""
    if p.amount_kind != "up_to":
        return False
    if snapshot is None or p.amount is None:
        return True
    store = snapshot.store
    local = [n for n in p.amount.params() if n in store and store[n].local_standard]
    return not any(snapshot.get(n) is not None for n in local)


def apply_stacking_results(results: list[ProvisionResult], snapshot: Any = None) -> None:
    groups: dict[str, list[tuple[int, ProvisionResult]]] = defaultdict(list)
    for i, r in enumerate(results):
        key = stacking_key(r.provision, snapshot)
        if key and r.outcome == ELIGIBLE:
            groups[key].append((i, r))
    for members in groups.values():
        if len(members) < 2:
            continue
        if any(r.comparable_fen is None for _, r in members):
            for _, r in members:
                r.notes.append(NOTE_UNKNOWN)
            continue
        exact_of = {i: not ceiling_only(r.provision, snapshot) for i, r in members}
        winner_i, winner = max(members, key=lambda m: (m[1].comparable_fen, exact_of[m[0]], -m[0]))
        exact = [r for i, r in members if i != winner_i and exact_of[i]]
        if not exact_of[winner_i] and exact:
            w, e = winner.provision, exact[0].provision
            note = NOTE_CEILING.format(ceiling=w.citation, exact=e.citation, ceiling_en=w.id, exact_en=e.id)
            for _, r in members:
                r.notes.append(note)
                r.stacking_undecided = True
            continue
        for i, r in members:
            if i != winner_i:
                r.outcome = SUPERSEDED
                r.superseded_by = winner.provision.id
                winner.supersedes.append(r.provision.id)


def _beats(elig: dict[str, pl.Expr], comp: dict[str, pl.Expr], qj: tuple[int, Provision], pi: tuple[int, Provision],
           exact: Any) -> pl.Expr:
    """Does q (declared j-th) beat p (i-th): higher value, or equal and exact over ceiling, then declared first."""
    (j, q), (i, p) = qj, pi
    order = exact(q) > exact(p) or (exact(q) == exact(p) and j < i)
    return elig[q.id] & ((comp[q.id] > comp[p.id]) | ((comp[q.id] == comp[p.id]) & pl.lit(order)))


def stacking_exprs(provisions: list[Provision], snapshot: Any = None) -> list[pl.Expr]:
    """Rewrite ``{id}:outcome`` columns to 'superseded' exactly as :func:`apply_stacking_results`."""

    def _exact(p: Provision) -> bool:
        return not ceiling_only(p, snapshot)

    groups: dict[str, list[tuple[int, Provision]]] = defaultdict(list)
    for i, p in enumerate(provisions):
        key = stacking_key(p, snapshot)
        if key:
            groups[key].append((i, p))
    out: list[pl.Expr] = []
    for members in groups.values():
        if len(members) < 2:
            continue
        elig = {p.id: pl.col(f"{p.id}:outcome") == ELIGIBLE for _, p in members}
        comp = {p.id: pl.col(f"{p.id}:amount_fen") * max(p.period.per_year, 1) for _, p in members}
        unknown = pl.any_horizontal([elig[p.id] & comp[p.id].is_null() for _, p in members])

        beaten = {p.id: pl.any_horizontal([_beats(elig, comp, (j, q), (i, p), _exact) for j, q in members
                                           if q.id != p.id]).fill_null(False) for i, p in members}
        ceiling_wins = pl.any_horizontal([elig[p.id] & ~beaten[p.id] for _, p in members if not _exact(p)]
                                         or [pl.lit(False)])
        any_exact = pl.any_horizontal([elig[p.id] for _, p in members if _exact(p)] or [pl.lit(False)])
        undecided = (unknown | (ceiling_wins & any_exact)).fill_null(False)
        for _, p in members:
            out.append(
                pl.when(elig[p.id] & beaten[p.id] & ~undecided).then(pl.lit(SUPERSEDED))
                .otherwise(pl.col(f"{p.id}:outcome")).alias(f"{p.id}:outcome"))
    return out
