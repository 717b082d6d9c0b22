"""The page's reform form: blank or today's value is no change; errors name the field in words."""

from __future__ import annotations

from datetime import date

import pytest

from jiuye.simulation.forms import preset, preset_values, reform_from_form
from jiuye.simulation.reform import ReformInvalid, compile_reform

AS_OF = date(2024, 6, 30)


def test_blank_and_unchanged_fields_make_no_change():
    reform = reform_from_form({"art24_cap": "20000", "art24_months": "", "qz_per_hire": "5,000"}, AS_OF)
    assert reform.is_empty()


def test_fields_become_parameters_county_options_and_switches():
    reform = reform_from_form({"name": "三项调整", "art24_cap": "30,000", "art24_uplift": "1", "grad_window": "on",
                               "hz_effective": "2025-01-01", "since": "2024-01-01"}, AS_OF)
    scope, = compile_reform(reform).scopes(date(2025, 6, 30))
    over = scope.overrides
    # 46号 第24条 ¥30,000 = 3,000,000 fen; no uplift; 22号（七） all 26 mountain counties widen the window
    assert over["zj_2022_46.art24.annual_cap"] == 3_000_000 and over["zj_2022_46.art24.uplift"] == 1
    assert len(over["zj_2021_22.qi.opted_in_counties"]) == 26
    assert over["hz_2022_draft.effective_date"] == date(2025, 1, 1)
    assert compile_reform(reform).scopes(date(2023, 12, 31))[0].overrides == {}


def test_errors_name_the_field_by_its_label():
    with pytest.raises(ReformInvalid) as exc:
        reform_from_form({"art24_cap": "-5", "art24_uplift": "2", "since": "soon"}, AS_OF)
    got = {p.field: p.message_zh for p in exc.value.problems}
    assert set(got) == {"art24_cap", "art24_uplift", "since"}
    assert got["art24_cap"].startswith("创业带动就业补贴每年最高")


def test_presets_fill_the_form():
    assert preset_values(preset("art24_cap_30000")) == {"art24_cap": "30000", "since": "2024-01-01"}
    assert preset_values(preset("no_change")) == {}
