"""大写金额, with the examples of 中国人民银行《正确填写票据和结算凭证的基本规定》."""

from __future__ import annotations

import doctest

import pytest

import jiuye.daxie as module
from jiuye.daxie import daxie


@pytest.mark.parametrize(("fen", "words"), [
    (140950, "壹仟肆佰零玖元伍角"),          # ￥1,409.50
    (600714, "陆仟零柒元壹角肆分"),          # ￥6,007.14: one 零 for a run of zeros
    (168032, "壹仟陆佰捌拾元零叁角贰分"),    # ￥1,680.32: 元 digit 0, 角 follows
    (10700053, "壹拾万柒仟元零伍角叁分"),    # ￥107,000.53
    (1640902, "壹万陆仟肆佰零玖元零贰分"),   # ￥16,409.02: 角 0, 分 not
    (32504, "叁佰贰拾伍元零肆分"),           # ￥325.04
    (0, "零元整"),
    (5, "伍分"),
    (50, "伍角"),
    (100, "壹元整"),
    (1900, "壹拾玖元整"),
    (80000, "捌佰元整"),
    (106667, "壹仟零陆拾陆元陆角柒分"),
    (2000000, "贰万元整"),
    (1000100, "壹万零壹元整"),
    (1010000, "壹万零壹佰元整"),
    (100010000, "壹佰万零壹佰元整"),
    (300000000, "叁佰万元整"),
    (10000000000, "壹亿元整"),
    (10010000000, "壹亿零壹拾万元整"),
    (-50000, "负伍佰元整"),
])
def test_daxie(fen, words):
    assert daxie(fen) == words


def test_daxie_refuses_floats():
    with pytest.raises(TypeError):
        daxie(1.5)  # type: ignore[arg-type]


def test_docstring_examples_run():
    assert doctest.testmod(module).failed == 0
