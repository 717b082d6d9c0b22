"""Parameters: dated values, sources, "not known" never zero, overrides."""

from __future__ import annotations

from datetime import date
from fractions import Fraction
from pathlib import Path

import pytest

from jiuye.errors import ParameterError, ParameterNotKnown
from jiuye.params import PARAMETERS
from jiuye.params.store import load_parameters


def test_every_value_has_a_source_and_known_unit():
    for p in PARAMETERS:
        assert p.label_zh and p.label_en, p.name
        for e in p.entries:
            assert e.source.strip(), p.name


def test_as_of_lookup_picks_the_value_in_force():
    mw = PARAMETERS["external.minimum_wage.monthly"]
    assert mw.value_at(date(2023, 12, 31), "1") == 228000
    assert mw.value_at(date(2024, 1, 1), "1") == 249000
    assert mw.value_at(date(2010, 1, 1), "1") is None


def test_not_known_is_none_and_require_raises_with_the_date():
    p = PARAMETERS["hz_2022_draft.effective_date"]
    assert p.value_at(date(2024, 1, 1)) is None
    with pytest.raises(ParameterNotKnown, match="2024-01-01"):
        p.require(date(2024, 1, 1))


def test_rates_are_exact_fractions():
    assert PARAMETERS["zj_2022_46.art21.subsidy_share"].value_at(date(2023, 1, 1)) == Fraction(2, 3)


def test_mountain_counties_are_the_26_of_zj_2021_22():
    members = PARAMETERS["zj_2021_22.mountain_counties"].value_at(date(2021, 6, 1))
    assert len(members) == 26
    quzhou = {c for c in members if c.startswith("3308")}
    lishui = {c for c in members if c.startswith("3311")}
    assert len(quzhou) == 6 and len(lishui) == 9  # all of 衢州 and 丽水
    from jiuye.refdata.divisions import counties

    assert quzhou == {d.code for d in counties("330800")} and lishui == {d.code for d in counties("331100")}
    assert len(members - quzhou - lishui) == 11
    assert PARAMETERS["zj_2021_22.mountain_counties"].value_at(date(2021, 5, 31)) is None


def test_overrides_replace_values_for_one_snapshot_only():
    snap = PARAMETERS.snapshot(date(2024, 1, 1), {"hz_2022_draft.effective_date": date(2022, 9, 1)})
    assert snap.get("hz_2022_draft.effective_date") == date(2022, 9, 1)
    assert PARAMETERS.snapshot(date(2024, 1, 1)).get("hz_2022_draft.effective_date") is None
    with pytest.raises(ParameterError):
        PARAMETERS.snapshot(date(2024, 1, 1), {"no.such.parameter": 1})


def test_a_value_without_source_is_refused(tmp_path: Path):
    (tmp_path / "bad.yaml").write_text(
        "x:\n  label_zh: 甲\n  label_en: x\n  unit: yuan\n  values:\n    - from: 2020-01-01\n      value: 1\n",
        encoding="utf-8")
    with pytest.raises(ParameterError, match="source"):
        load_parameters(tmp_path)


def test_float_rates_are_refused(tmp_path: Path):
    (tmp_path / "bad.yaml").write_text(
        "x:\n  label_zh: 甲\n  label_en: x\n  unit: rate\n  values:\n    - from: 2020-01-01\n      value: 0.5\n"
        "      source: s\n", encoding="utf-8")
    with pytest.raises(ParameterError, match="string"):
        load_parameters(tmp_path)
