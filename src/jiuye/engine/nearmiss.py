"""What would change it: the nearest miss of a failed condition, without hand-written hints.

For a failed condition the decisive branches are followed (the false operand of an "all of", every
operand of a failed "any of") down to the thresholds that failed: comparisons of numbers or dates
(months, counts, ages, amounts, deadlines) and windows (N年以内: ``WithinMonths``). Each gives need / have / gap; a quantity that grows with
time (whole months up to the as-of date) also gives the month it will be met
("需满6个月，目前4个月；2027-03起可满足").

Conditions a person cannot change — the jurisdiction, or a test of places and county options only —
are reported as "本地区不适用" (not available in this area) instead of as something missing; a county
option the county has not adopted (有条件的地区可…, no decision recorded) as "本县未采用".
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ..dates import add_months, months_between
from .expr import AsOf, Compare, Env, Expr, Fact, InSet, MonthsBetween, Not, Or, WithinMonths
from .spells import StatusSince

UNCHANGEABLE = {"unchangeable": True, "message_zh": "本地区不适用", "message_en": "not available in this area"}
NOT_ADOPTED = {"unchangeable": True, "option": "not_adopted", "message_zh": "本县未采用",
               "message_en": "not adopted by this county"}
_PLACE_SUFFIXES = ("adcode",)


_UNCHANGEABLE: dict[tuple[str, int], tuple[Expr, bool]] = {}


def unchangeable(cond_id: str, test: Expr) -> bool:
    """The jurisdiction, or a test whose only facts are places (a county option, a city list).
    Decided once per condition (the tree does not change)."""
    if cond_id == "jurisdiction":
        return True
    hit = _UNCHANGEABLE.get((cond_id, id(test)))
    if hit is not None and hit[0] is test:
        return hit[1]
    facts = [f for f in test.facts() if not f.name.startswith("hist.")]
    out = bool(facts) and all(f.name.endswith(_PLACE_SUFFIXES) for f in facts)
    _UNCHANGEABLE[(cond_id, id(test))] = (test, out)
    return out


class _Known:
    """``ev`` that reads the values recorded for the same env first (``jiuye.engine.compiled``)."""

    __slots__ = ("env", "known")

    def __init__(self, env: Env, known: dict[int, Any] | None):
        self.env, self.known = env, known or {}

    def __call__(self, node: Expr) -> Any:
        try:
            return self.known[id(node)]
        except KeyError:
            return node.ev(self.env)


def _option_not_adopted(test: Expr, env: Env, ev: _Known) -> bool:
    """A county option (``county_option`` set of counties) that is false for this county."""
    store = env.snapshot.store
    return any(isinstance(n, InSet) and n.name in store and store[n.name].county_option and ev(n) is False
               for n in test.walk())


def _failed_thresholds(node: Expr, ev: _Known, out: list[Expr], depth: int = 0) -> None:
    if depth > 12 or isinstance(node, Not):
        return
    if (isinstance(node, Compare) and node.op in ("<", "<=", ">", ">=")) or isinstance(node, WithinMonths):
        out.append(node)
        return
    for child in node.children:
        v = ev(child)
        if v is False or (isinstance(node, Or) and v is not True):
            _failed_thresholds(child, ev, out, depth + 1)


def _grows_with_time(e: Expr) -> tuple[bool, Any]:
    """(grows by one a month, the date counting starts or None)."""
    if isinstance(e, MonthsBetween) and isinstance(e.children[1], AsOf):
        return True, e.children[0]
    return _has(e, AsOf) and _has(e, MonthsBetween), None


_HAS: dict[tuple[int, type], tuple[Expr, bool]] = {}


def _has(e: Expr, kind: type) -> bool:
    """Whether the tree ``e`` holds a node of ``kind`` (once per node: the trees do not change)."""
    hit = _HAS.get((id(e), kind))
    if hit is None or hit[0] is not e:
        hit = _HAS[(id(e), kind)] = (e, any(isinstance(n, kind) for n in e.walk()))
    return hit[1]


def _label(e: Expr) -> tuple[str, str]:
    if isinstance(e, Fact):
        return e.label_zh, e.label_en
    if isinstance(e, MonthsBetween) and isinstance(e.children[0], Fact):
        start = e.children[0]
        return f"自{start.label_zh}起", f"since the {start.label_en}"
    if isinstance(e, MonthsBetween) and isinstance(e.children[0], StatusSince):
        from ..facts.spells import KIND_LABELS

        zh, en = KIND_LABELS[e.children[0].kind]
        return f"自{zh}之日起", f"since {en}"
    text = e.describe()
    zh, _, en = text.partition(" / ")
    return zh, en or zh


def _window_miss(w: WithinMonths, ev: _Known) -> dict[str, Any] | None:
    """N个月以内 missed: the window from ``start`` closed before ``ref`` (time will not reopen it)."""
    start_e, ref_e, months_e = w.children
    start, ref, months = ev(start_e), ev(ref_e), ev(months_e)
    if not isinstance(start, date) or not isinstance(ref, date) or not isinstance(months, int):
        return None
    deadline = add_months(start, months)
    have = months_between(start, ref)
    zh, en = _label(start_e)
    zh = zh if zh.startswith("自") else f"自{zh}起"
    en = en if en.startswith("since") else f"since the {en}"
    return {"need": months, "have": have, "gap": have - months, "unit_zh": "个月", "unit_en": "months",
            "deadline": deadline.isoformat(),
            "message_zh": f"{zh}需在{months}个月以内（至{deadline.isoformat()}），目前已{have}个月（{ref.isoformat()}）",
            "message_en": f"{en}: within {months} months (until {deadline.isoformat()}); it is {have} months "
                          f"({ref.isoformat()})"}


def _miss(c: Expr, ev: _Known) -> dict[str, Any] | None:
    env = ev.env
    if isinstance(c, WithinMonths):
        return _window_miss(c, ev)
    a_e, b_e = c.children
    a, b = ev(a_e), ev(b_e)
    if a is None or b is None or isinstance(a, bool) or isinstance(b, bool):
        return None
    zh, en = _label(a_e)
    if isinstance(a, date) and isinstance(b, date):
        before = c.op in ("<", "<=")
        word_zh, word_en = ("不晚于", "on or before") if c.op == "<=" else ("早于", "before") if c.op == "<" else (
            "不早于", "on or after") if c.op == ">=" else ("晚于", "after")
        out = {"need": b.isoformat(), "have": a.isoformat(),
               "message_zh": f"{zh}需{word_zh}{b.isoformat()}，目前为{a.isoformat()}",
               "message_en": f"{en} must be {word_en} {b.isoformat()}; it is {a.isoformat()}"}
        if isinstance(a_e, AsOf) and not before:
            out["eligible_from"] = b.isoformat()
        return out
    if not isinstance(a, int) or not isinstance(b, int):
        return None
    unit_zh, unit_en = ("个月", "months") if _has(a_e, MonthsBetween) else ("", "")
    if c.op in (">=", ">"):
        need = b if c.op == ">=" else b + 1
        gap = need - a
        out = {"need": need, "have": a, "gap": gap, "unit_zh": unit_zh, "unit_en": unit_en}
        grows, since = _grows_with_time(a_e)
        if grows:
            start = since.ev(env) if since is not None else None
            when = add_months(start, need) if start is not None else add_months(env.as_of, gap)
            out["eligible_from"] = when.isoformat()
            out["message_zh"] = f"{zh}需满{need}{unit_zh}，目前{a}{unit_zh}；{when:%Y-%m}起可满足"
            out["message_en"] = f"{en}: needs {need} {unit_en}, has {a}; met from {when:%Y-%m}"
        else:
            out["message_zh"] = f"{zh}需达到{need}{unit_zh}，目前{a}{unit_zh}，还差{gap}{unit_zh}"
            out["message_en"] = f"{en}: needs {need}{' ' + unit_en if unit_en else ''}, has {a}: {gap} short"
        return out
    limit = b if c.op == "<=" else b - 1
    return {"need": limit, "have": a, "gap": a - limit, "unit_zh": unit_zh, "unit_en": unit_en,
            "message_zh": f"{zh}需不超过{limit}{unit_zh}，目前{a}{unit_zh}",
            "message_en": f"{en}: at most {limit}{' ' + unit_en if unit_en else ''}, has {a}"}


def nearest_miss(cond_id: str, test: Expr, env: Env, known: dict[int, Any] | None = None) -> dict[str, Any] | None:
    """The generic hint of a failed condition (None when no threshold explains it). ``known``: the
    values of the test's nodes already computed for ``env`` (by node identity), read instead of
    evaluating again."""
    ev = _Known(env, known)
    if unchangeable(cond_id, test):
        if cond_id != "jurisdiction" and _option_not_adopted(test, env, ev):
            return dict(NOT_ADOPTED)
        return dict(UNCHANGEABLE)
    found: list[Expr] = []
    if isinstance(test, (Compare, WithinMonths)):
        found.append(test)
    else:
        _failed_thresholds(test, ev, found)
    misses = [m for m in (_miss(c, ev) for c in found) if m is not None]
    if not misses:
        return None
    timed = [m for m in misses if "eligible_from" in m]  # what time alone will meet, soonest first
    best = min(timed, key=lambda m: m["eligible_from"]) if timed else misses[0]
    if len(misses) > 1:
        best = {**best, "alternatives": [m["message_zh"] for m in misses if m is not best]}
    return best
