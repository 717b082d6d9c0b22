"""The parts of a provision that cite a clause: conditions (with their hints) and readings.

Separate from :mod:`.provision` so that what builds conditions (``jiuye.engine.limits``) does
not import the provision it is built for; :mod:`.provision` re-exports these.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import DeclarationError
from .expr import Expr


@dataclass(frozen=True)
class Hint:
    """How a failed threshold can change: ``actual`` grows by one per month until ``need``.

    With ``since`` (the date counting starts), the date the threshold is met is exact:
    ``since`` + ``need`` months; otherwise it is the as-of date + the missing months.
    """

    actual: Expr
    need: Expr
    since: Expr | None = None
    unit_zh: str = "个月"
    unit_en: str = "months"
    grows_monthly: bool = True


@dataclass(frozen=True, kw_only=True)
class Condition:
    """One named condition of a provision, citing the words of the clause it encodes.

    ``Condition(id="sme", label=("中小微企业", "a small, medium or micro enterprise"),
    test=P.employer_size.is_in(("micro", "small", "medium")), cites="到山区县中小微企业就业")``
    """

    id: str
    label: tuple[str, str]  # (Chinese, English), written once
    test: Expr
    cites: str  # the verbatim words of the clause (several passages joined by " ｜ ")
    hint: Hint | None = None

    # plain attributes, set once (read for every condition of every evaluation)
    label_zh: str = field(init=False, repr=False, compare=False)
    label_en: str = field(init=False, repr=False, compare=False)
    clause: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not (isinstance(self.label, tuple) and len(self.label) == 2 and all(self.label)):
            raise DeclarationError(f"condition {self.id}: label must be a (Chinese, English) pair, got {self.label!r}")
        object.__setattr__(self, "label_zh", self.label[0])
        object.__setattr__(self, "label_en", self.label[1])
        object.__setattr__(self, "clause", self.cites)


@dataclass(frozen=True, kw_only=True)
class Reading:
    """A clause with more than one reading: what we chose, the alternative, and its switch."""

    id: str
    question: str
    chosen: str
    alternative: str
    switch: str | None = None  # parameter that selects the alternative
