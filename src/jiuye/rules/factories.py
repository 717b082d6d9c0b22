"""Provision factories for clauses that more than one document repeats.

A factory fixes what the documents share (the conditions' structure, outputs, kind); each document
passes its own citation, verbatim words, jurisdiction and parameters.
"""

from __future__ import annotations

from ..engine.dsl import (
    Condition,
    Const,
    Document,
    Expr,
    HistoryFact,
    If,
    Kind,
    P,
    Param,
    Provision,
    Reading,
    Subject,
    feature,
)
from .common import yes

# --- 公益性岗位再安置一次 (浙人社发〔2022〕46号 第20条, 衢政发〔2023〕12号 二（五）) ---------------------
ZJ46_PWP_REPLACEMENT = "zj_2022_46.art20.replacement"
QZ_PWP_REPLACEMENT = "quzhou_2023_12.wu.pwp_replacement"
PWP_REPLACEMENTS_ALL = feature("pwp_replacements", "已通过公益性岗位再安置次数（两文件合计）",
                               "public-welfare re-placements so far (both documents)",
                               (ZJ46_PWP_REPLACEMENT, QZ_PWP_REPLACEMENT))


def pwp_replacement(*, id: str, document: Document, article: str, clause: str, jurisdiction: Condition,
                    certified_cites: str, expired_label_zh: str, expired_cites: str, this_document: HistoryFact,
                    count_switch: str, max_replacements: Param, subsidy_months: Expr, reading: Reading,
                    notes: tuple[str, ...]) -> Provision:
    """就业困难人员…可通过公益性岗位再安置一次，岗位补贴和社会保险补贴期限重新计算.

    One re-placement in all (or, by the reading switch ``count_switch``, one under each document);
    the subsidy period starts again (``subsidy_months``, a local standard).
    """
    count = If(Param(count_switch).eq("this_document"), this_document, PWP_REPLACEMENTS_ALL)
    return Provision(
        id=id, document=document, article=article,
        title_zh="就业困难人员通过公益性岗位再安置一次，补贴期限重新计算",
        title_en="One re-placement in a public-welfare post, with the subsidy periods restarted",
        clause=clause, subject=Subject.PERSON, kind=Kind.RELAXATION, benefit_type="right",
        jurisdiction=jurisdiction,
        conditions=(
            Condition(id="certified", label=("就业困难人员", "person with employment difficulty"),
                      test=yes(P.difficulty_certified), cites=certified_cites),
            Condition(id="expired_still_unemployed", label=(expired_label_zh, "post period over and still without work"),
                      test=yes(P.pwp_expired_still_unemployed), cites=expired_cites),
            Condition(id="not_replaced_before", label=("此前未再安置过", "not re-placed before"),
                      test=(count < max_replacements).named("再安置次数 < 1 / re-placements < 1"),
                      cites="可通过公益性岗位再安置一次"),
        ),
        max_duration_months=subsidy_months, extras=(("subsidy_periods_restart", Const(True, "重新计算 / restarted")),),
        readings=(reading,), notes=notes,
    )

