"""Describe provisions for people: expression trees as nested labelled nodes, parameters with
their dated values and sources, in the words a policy officer reads (labels, not code)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..engine.expr import AS_OF, And, Arith, Compare, Const, Expr, Fact, If, MulDiv, Not, Or, Param
from ..params import PARAMETERS

OPS = {"+": "+", "-": "−", "*": "×", "//": "÷", "<": "<", "<=": "≤", ">": ">", ">=": "≥", "==": "=", "!=": "≠"}


@dataclass
class Node:
    text: str
    kind: str = "op"  # fact | param | const | op | date
    ref: str | None = None  # fact or parameter name
    children: list[Node] = field(default_factory=list)
    role: str | None = None  # the part this node plays in its parent (如果 / 则 / 否则 …)

    @property
    def inline(self) -> bool:
        """A binary operator over two leaves reads best on one line: ``a ≥ b``."""
        return self.text in OPS.values() and len(self.children) == 2 and not any(c.children for c in self.children)


def _param_label(name: str) -> str:
    if name in PARAMETERS:
        p = PARAMETERS[name]
        return f"{p.label_zh} / {p.label_en}"
    return name


def explain(e: Any, depth: int = 0) -> Node:
    """A labelled tree of an expression (or a plain value)."""
    if not isinstance(e, Expr):
        return Node(str(e), "const")
    if depth > 14:
        return Node("…", "op")
    if isinstance(e, Compare) and e.op in ("==", "!=") and e.label == e.op and isinstance(e.children[1], Const) \
            and isinstance(e.children[1].value, bool):
        fact = explain(e.children[0], depth + 1)
        yes = e.children[1].value == (e.op == "==")
        return Node(f"{fact.text}：{'是' if yes else '否'}", fact.kind, fact.ref, fact.children)
    kids = [explain(c, depth + 1) for c in e.children]
    roles = {If: ("如果 if", "则 then", "否则 otherwise"), MulDiv: ("a", "× b", "÷ c")}.get(type(e))
    if roles:
        for k, r in zip(kids, roles, strict=False):
            k.role = r
    if isinstance(e, Fact):
        return Node(f"{e.label_zh} / {e.label_en}", "fact", e.name)
    if e is AS_OF:
        return Node("评估日期 / as-of date", "date")
    if isinstance(e, Const):
        v = e.value
        text = {True: "是 / yes", False: "否 / no"}.get(v, e.label) if isinstance(v, bool) else e.label
        return Node(text, "const")
    if isinstance(e, Param):
        label = e.label if e.label != e.name else _param_label(e.name)
        return Node(label, "param", e.name)
    if isinstance(e, Arith | Compare) and e.label == e.op:
        return Node(OPS.get(e.op, e.op), "op", None, kids)
    if isinstance(e, And | Or | Not):
        return Node(e.describe(), "op", None, kids)
    name = getattr(e, "name", None)
    ref = name if isinstance(name, str) and name in PARAMETERS else None
    rate = getattr(e, "rate", None)
    if ref is None and isinstance(rate, str):
        ref = rate
    return Node(e.describe(), "param" if ref and not kids else "op", ref, kids)


def one_line(e: Any, depth: int = 0) -> str:
    """A short infix rendering for small expressions (tables, the terminal)."""
    node = explain(e) if depth == 0 else e
    return _line(node)


def _line(n: Node) -> str:
    if not n.children:
        return n.text
    if n.text in OPS.values() and len(n.children) == 2:
        return f"{_line(n.children[0])} {n.text} {_line(n.children[1])}"
    return n.text


def parameter_names(p) -> list[str]:
    """Every parameter a provision reads (conditions, amount, duration, extras, reading switches)."""
    exprs: list[Expr] = [c.test for c in p.all_conditions()]
    for x in (p.amount, p.max_duration_months):
        if isinstance(x, Expr):
            exprs.append(x)
    exprs += [x for _, x in p.extras]
    names: list[str] = []
    for x in exprs:
        for n in x.params():
            if n in PARAMETERS and n not in names:
                names.append(n)
    for r in p.readings:
        if r.switch and r.switch in PARAMETERS and r.switch not in names:
            names.append(r.switch)
    return names


def _fmt_raw(raw: Any, unit: str) -> str:
    if raw is None:
        return "未设定 / not set"
    if isinstance(raw, dict):
        return "；".join(f"{k}: {_fmt_raw(v, unit)}" for k, v in raw.items())
    if isinstance(raw, list | tuple | frozenset | set):
        if not raw:
            return "无 / none"
        items = sorted(str(x) for x in raw)
        if unit == "adcodes":
            from ..refdata.divisions import name_of

            items = [f"{name_of(c) or '?'}{c}" for c in items]
        return f"{len(items)} 项: " + "、".join(items[:30]) + (" …" if len(items) > 30 else "")
    if unit == "days":
        from ..params.units import days_text

        return days_text(raw)
    suffix = {"yuan": " 元", "fen": " 分", "months": " 个月", "years": " 年", "bp": " 基点", "count": ""}.get(unit, "")
    return f"{raw}{suffix}"


def parameter_view(name: str) -> dict[str, Any]:
    p = PARAMETERS[name]
    return {
        "name": name, "label_zh": p.label_zh, "label_en": p.label_en, "unit": p.unit, "by": p.by,
        "local_standard": p.local_standard, "description": p.description, "reference": p.reference,
        "history": [{"from": v.start.isoformat(), "value": _fmt_raw(v.raw, p.unit), "source": v.source,
                    "note": v.note, "confidence": v.confidence, "unset": v.value is None}
                   for v in p.entries],
    }


def duration_view(p) -> Node | None:
    d = p.max_duration_months
    if d is None:
        return None
    if isinstance(d, int):
        return Node(f"{d} 个月 / months", "const")
    return explain(d)
