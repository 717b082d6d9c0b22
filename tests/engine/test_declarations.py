"""Declarations read like the clause and are checked when the catalogue is built."""

from __future__ import annotations

import types

import pytest

from jiuye.catalogue.registry import CATALOGUE, build
from jiuye.engine.expr import Param
from jiuye.engine.provision import Condition, Provision, Reading, Subject
from jiuye.engine.vars import P
from jiuye.errors import DeclarationError, ParameterNotFound
from jiuye.rules.common import TRUE
from jiuye.rules.documents import ZJ_2022_46

CLAUSE = "补贴期限最长 3年"


def provision(**changes) -> Provision:
    fields = dict(
        id="test.bad_parameter", document=ZJ_2022_46, article="第19条", title_zh="测试", title_en="test",
        clause=CLAUSE, subject=Subject.PERSON,
        jurisdiction=Condition(id="jurisdiction", label=("全省", "province-wide"), test=TRUE, cites=CLAUSE),
        conditions=(Condition(id="months_left", label=("补贴期限最长3年", "fewer than 36 months"),
                              test=P.employee_si_months < Param("zj_2022_46.art19.max_month"), cites=CLAUSE),),
        amount=Param("zj_2022_46.art19.post_subsidy"),
    )
    fields.update(changes)
    return Provision(**fields)


def test_a_misspelt_parameter_fails_the_build_naming_the_provision_and_the_condition():
    module = types.SimpleNamespace(PROVISIONS=(provision(),))
    with pytest.raises(ParameterNotFound) as err:
        build([module])
    assert err.value.provision_id == "test.bad_parameter"
    assert err.value.name == "zj_2022_46.art19.max_month"
    assert "test.bad_parameter" in str(err.value) and "condition months_left" in str(err.value)


def test_a_misspelt_reading_switch_fails_the_build_too():
    good = provision(conditions=())
    bad = provision(conditions=(), readings=(Reading(id="r", question="q", chosen="c", alternative="a",
                                                     switch="zj_2022_46.readings.nope"),))
    build([types.SimpleNamespace(PROVISIONS=(good,))], features={})  # the rest of the declaration is fine
    with pytest.raises(ParameterNotFound, match="reading r reads parameter 'zj_2022_46.readings.nope'"):
        build([types.SimpleNamespace(PROVISIONS=(bad,))])


def test_every_declared_parameter_name_exists():
    names = [n for p in CATALOGUE for _, n in p.parameter_names()]
    assert len(names) > 400  # amounts, thresholds, windows, switches of 148 provisions


def test_conditions_and_readings_take_keywords_and_one_label_pair():
    with pytest.raises(TypeError):
        Condition("sme", ("中小微企业", "an SME"), TRUE, CLAUSE)  # type: ignore[misc]
    with pytest.raises(TypeError):
        Reading("id", "question", "chosen", "alternative")  # type: ignore[misc]
    with pytest.raises(DeclarationError, match="label must be a"):
        Condition(id="sme", label="中小微企业", test=TRUE, cites=CLAUSE)  # type: ignore[arg-type]
    c = Condition(id="sme", label=("中小微企业", "an SME"), test=TRUE, cites=CLAUSE)
    assert (c.label_zh, c.label_en, c.clause) == ("中小微企业", "an SME", CLAUSE)


def test_the_public_welfare_replacement_is_one_factory_for_both_documents():
    a, b = CATALOGUE.provisions["zj_2022_46.art20.replacement"], CATALOGUE.provisions["quzhou_2023_12.wu.pwp_replacement"]
    assert [c.id for c in a.conditions] == [c.id for c in b.conditions] == [
        "certified", "expired_still_unemployed", "not_replaced_before"]
    assert (a.title_zh, a.kind, a.extras[0][0]) == (b.title_zh, b.kind, b.extras[0][0])
    assert a.clause != b.clause and a.document != b.document
