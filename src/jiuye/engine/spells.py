"""Status on a date: expression nodes over a subject's spells (``jiuye.facts.spells``).

``status_on(kind, when)`` is true when a spell of ``kind`` covers the date ``when`` (from ≤ when ≤
to; ``to`` null = ongoing). ``status_since(kind, when)`` is the start of that spell (for "登记失业
半年以上" judged on a date). Both paths:

- **one case**: the case's spells of that kind, grouped up front by :func:`case_spells`;
- **a table**: before the conditions, each node is computed once as a column by
  :func:`add_spell_columns` (a join of the subjects' judgement dates with the long spells table,
  then a group-by; no row loops).

A kind with spells supplied is complete: no spell covering the date means "not in that status".
A kind with no spells falls back to the declared shorthand facts: the boolean (the status at the
judgement date, as the questionnaire asks it) bounded by its start date when one is known.

Judgement dates (``JUDGED_ON``) are the clause's dates: business registration (初次创业时、创办时),
hire (招用…时), first approval (初次核定), application, or the evaluation date.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from .expr import AS_OF, Env, Expr, IsKnown, Not, PolarsEnv, Trace
from .vars import E, P

SPELLS_KEY = "__spells"  # env.values entry holding {kind: [Spell, ...]}


def _shorthand(kind: str, when: Expr) -> tuple[Expr, Expr | None]:
    """(status on ``when`` from the shorthand facts, its start date or None)."""
    flag_since: dict[str, tuple[Expr | None, Expr | None]] = {
        "registered_unemployed": (P.registered_unemployed, P.unemployed_registered_on),
        "receiving_unemployment_insurance": (P.receiving_unemployment_insurance, None),
        "difficulty_certified": (P.difficulty_certified, P.difficulty_certified_on),
        "enrolled_student": (P.enrolled_student, None),
        "employed": (None, P.hired_on),
        "disability_certified": (P.disabled_certified, None),
        "public_welfare_post": (P.public_welfare_post.is_in(("full_time", "part_time")), None),
        "business_registered": (None, E.registered_on),
    }
    flag, since = flag_since[kind]
    if flag is None:
        assert since is not None
        return (since <= when).named("起始日不晚于判断日 / started by the date"), since
    test = flag.eq(True)
    if since is not None:
        test = test & (Not(IsKnown(since)) | (since <= when))
    return test.named(f"{kind}（简写）/ shorthand"), since


class _SpellNode(Expr):
    """Base of the spell nodes: ``children`` = (when, shorthand...) so questions and traces see them."""

    kind: str
    out: str  # "covers" | "since"

    def __init__(self, kind: str, when: Expr, label: str = ""):
        from ..facts.spells import KIND_LABELS, SPELL_KINDS

        if kind not in SPELL_KINDS:
            raise ValueError(f"unknown spell kind {kind!r}")
        self.kind, self.when = kind, when
        self.short, self.since = _shorthand(kind, when)
        zh, en = KIND_LABELS[kind]
        self.label = label or f"{zh}（于判断日）/ {en} on the date"
        self.children = (when, self.short) + ((self.since,) if self.since is not None else ())

    @property
    def column(self) -> str:
        return f"__spell:{self.out}:{id(self)}"

    def _from_spells(self, spells: list[Any], when: Any) -> Any:
        covering = [s for s in spells if s.covers(when)]
        if self.out == "covers":
            return bool(covering)
        return min((s.start for s in covering), default=None)

    def _from_shorthand(self, env: Env) -> Any:
        covered = self.short.ev(env)
        if self.out == "covers":
            return covered
        return self.since.ev(env) if covered and self.since is not None else None

    def ev(self, env: Env) -> Any:
        spells = env.values.get(SPELLS_KEY, {}).get(self.kind)
        if spells:
            when = self.when.ev(env)
            return None if when is None else self._from_spells(spells, when)
        return self._from_shorthand(env)

    def trace(self, env: Env) -> Trace:
        spells = env.values.get(SPELLS_KEY, {}).get(self.kind)
        kids = [self.when.trace(env)]
        if spells:
            kids += [Trace(f"{s.start} – {s.end or '至今 / ongoing'}", s.covers(kids[0].value)
                           if kids[0].value is not None else None) for s in spells]
        else:
            kids.append(self.short.trace(env))
        return Trace(self.describe(), self.ev(env), kids)

    def ordinal_polars(self, env: PolarsEnv) -> pl.Expr | None:
        """The start date's day ordinal from the shorthand facts when no spell table is read
        (``expr.dates.ordinal_of``): the since fact's ordinal column, no calendar per row; else None."""
        from .expr.dates import ordinal_of

        if self.out != "since" or self.since is None or f"__spell:has:{self.kind}" in env.columns:
            return None
        since = ordinal_of(self.since, self.since.to_polars(env), env)
        return pl.when(self.short.to_polars(env)).then(since).otherwise(pl.lit(None, dtype=pl.Int64))

    def to_polars(self, env: PolarsEnv) -> pl.Expr:
        fallback = self.short.to_polars(env) if self.out == "covers" else (
            pl.when(self.short.to_polars(env)).then(self.since.to_polars(env)).otherwise(pl.lit(None, dtype=pl.Date))
            if self.since is not None else pl.lit(None, dtype=pl.Date))
        has = f"__spell:has:{self.kind}"
        if self.column not in env.columns or has not in env.columns:
            return fallback
        return pl.when(pl.col(has)).then(pl.col(self.column)).otherwise(fallback)


class StatusOn(_SpellNode):
    out = "covers"


class StatusSince(_SpellNode):
    out = "since"


def status_on(kind: str, when: Expr, label: str = "") -> Expr:
    return StatusOn(kind, when, label)


def status_since(kind: str, when: Expr, label: str = "") -> Expr:
    return StatusSince(kind, when, label)


# --- judgement dates ----------------------------------------------------------------------------
JUDGED_ON: dict[str, tuple[Expr, str, str]] = {
    "registration": (E.registered_on, "经营主体注册（创业）之日", "the business's registration date"),
    "hire": (P.hired_on, "招用（入职）之日", "the hire date"),
    "first_approval": (P.difficulty_first_subsidy_on, "初次核定享受补贴之日", "the first approval date"),
    "application": (AS_OF, "申请之日（评估日期）", "the application date (the evaluation date)"),
    "evaluation": (AS_OF, "评估日期", "the evaluation date"),
}


def judged_on(switch: str, choices: tuple[str, ...], label: str = "") -> Expr:
    """The judgement date selected by the reading parameter ``switch`` among ``choices`` (first = default)."""
    from .expr import If, Param

    sel = Param(switch)
    out: Expr = JUDGED_ON[choices[-1]][0]
    for c in reversed(choices[:-1]):
        out = If(sel.eq(c), JUDGED_ON[c][0], out)
    names = " / ".join(JUDGED_ON[c][1] for c in choices)
    return out.named(label or f"身份判断时点（{names}）/ date status is judged")


# --- single case ---------------------------------------------------------------------------------
def case_spells(spells: list[Any]) -> dict[str, list[Any]]:
    from ..facts.spells import by_kind

    return by_kind(spells)


# --- table ---------------------------------------------------------------------------------------
def spell_nodes(exprs: list[Any]) -> list[_SpellNode]:
    seen: dict[int, _SpellNode] = {}
    for e in exprs:
        if isinstance(e, Expr):
            for n in e.walk():
                if isinstance(n, _SpellNode):
                    seen.setdefault(id(n), n)
    return list(seen.values())


def add_spell_columns(frame: pl.DataFrame, key: str, spells: pl.DataFrame | None, env: PolarsEnv,
                      nodes: list[_SpellNode]) -> pl.DataFrame:
    """One column per spell node (and one 'has spells of this kind' flag per kind): the spells
    joined once to the subjects' rows, then per node the earliest start of a spell covering the
    row's date, by a scatter-min over those rows (no join back, no sort)."""
    if spells is None or spells.height == 0 or not nodes:
        return frame
    import numpy as np  # only with spells (the batch path without them does not load NumPy)

    kinds = sorted({n.kind for n in nodes})
    subj = frame.lazy().select(pl.col(key).cast(pl.Utf8).alias("subject_id")).with_row_index("__r")
    sp = (spells.lazy().filter(pl.col("kind").is_in(kinds))
          .select("subject_id", "kind", pl.col("from").cast(pl.Date), pl.col("to").cast(pl.Date))
          .join(subj, on="subject_id", how="inner").collect())
    when = frame.select(pl.col(key), *[n.when.to_polars(env).cast(pl.Date).alias(f"__w{i}")  # key: full height
                                      for i, n in enumerate(nodes)])
    height, rows = frame.height, sp.get_column("__r").to_numpy()
    kind_of = sp.get_column("kind").to_numpy()
    start = sp.get_column("from").to_physical().fill_null(_OPEN).to_numpy()  # no start: covers no date
    end = sp.get_column("to").to_physical().fill_null(_OPEN).to_numpy()  # no end: ongoing
    cols: list[pl.Series] = []
    for k in kinds:
        has = np.zeros(height, dtype=bool)
        has[rows[kind_of == k]] = True
        cols.append(pl.Series(f"__spell:has:{k}", has))
    for i, n in enumerate(nodes):
        w = when.get_column(f"__w{i}")
        mine = kind_of == n.kind
        r = rows[mine]
        day = w.to_physical().fill_null(_NO_DAY).to_numpy()[r]
        covering = (start[mine] <= day) & (day <= end[mine]) & (day != _NO_DAY)
        since = np.full(height, _OPEN, dtype=np.int32)
        np.minimum.at(since, r[covering], start[mine][covering])
        found = pl.Series(since)
        first = found.set(found == _OPEN, None).cast(pl.Date)  # type: ignore[arg-type]
        value = (pl.when(w.is_null()).then(pl.lit(None, dtype=pl.Boolean)).otherwise(first.is_not_null())
                 if n.out == "covers" else pl.lit(first))
        cols.append(pl.select(value.alias(n.column)).to_series())
    return frame.with_columns(cols)


_OPEN = 2**31 - 1  # the largest Int32: an ongoing spell's end; "no covering spell" for the earliest start
_NO_DAY = -(2**31)  # the smallest Int32: a null date: covered by no spell


__all__ = ["JUDGED_ON", "StatusOn", "StatusSince", "add_spell_columns", "case_spells", "judged_on", "spell_nodes",
           "status_on", "status_since"]
