"""The rule expression language: one declaration, two ways to run it (one case in Python, a table
in Polars). Import every node from here; the modules are

- :mod:`.base`   — :class:`Expr`, the evaluation environments, leaves (facts, constants, the
  as-of date) and the nodes Python operators build (``&`` ``|`` ``~`` ``+`` ``<`` … ``is_in``);
- :mod:`.logic`  — ``If``, ``IsKnown``, ``all_of`` / ``any_of``, city membership;
- :mod:`.params` — parameters: scalar, keyed, set, dated, latest published;
- :mod:`.money`  — exact rates rounded half-up to the fen, ``Min`` / ``Max``, printed ranges;
- :mod:`.dates`  — whole months, "within N months", calendar years, month index, retirement month.

Rule writers use the building blocks of :mod:`jiuye.engine.dsl`, which re-exports these.
"""

from ..trace import Trace
from .base import (
    AS_OF,
    PL_TYPES,
    And,
    Arith,
    AsOf,
    Compare,
    Const,
    Env,
    Expr,
    Fact,
    Func,
    InConst,
    Junction,
    Not,
    Or,
    PolarsEnv,
    lit,
)
from .dates import (
    MonthIndex,
    MonthsBetween,
    RetirementMonthIndex,
    WithinMonths,
    YearOf,
    calendar_years_since,
    previous_year_key,
)
from .logic import CityOf, If, InCity, IsKnown, all_of, any_of, city_of
from .money import Bounded, Max, Min, MulDiv, Scale
from .params import InSet, LatestKeyed, Lookup, Param, ParamAt

__all__ = [
    "AS_OF", "PL_TYPES", "And", "Arith", "AsOf", "Bounded", "CityOf", "Compare", "Const", "Env", "Expr", "Fact",
    "Func", "If", "InCity", "InConst", "InSet", "IsKnown", "Junction", "LatestKeyed", "Lookup", "Max", "Min",
    "MonthIndex", "MonthsBetween", "MulDiv", "Not", "Or", "Param", "ParamAt", "PolarsEnv", "RetirementMonthIndex",
    "Scale", "Trace", "WithinMonths", "YearOf", "all_of", "any_of", "calendar_years_since", "city_of", "lit",
    "previous_year_key",
]
