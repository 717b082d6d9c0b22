"""A county's local standard reaches every path of the engine: the single case (with its source
in the explanation) and the table, which agree (浙人社发〔2022〕46号 第19条 “在参保期内按规定给予
就业岗位补贴”: the monthly amount is the local standard of the employer's county)."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from jiuye.catalogue.registry import CATALOGUE
from jiuye.engine.batch import evaluate_frame
from jiuye.engine.single import evaluate_case
from jiuye.params.store import PARAMETERS, ValueEntry

POST = "zj_2022_46.art19.post_subsidy"
ART19 = "zj_2022_46.art19"


@pytest.fixture(autouse=True)
def kecheng_standard():
    PARAMETERS.set_local_values([(POST, ValueEntry(date(2024, 1, 1), 150_000, "柯城区人力社保局《柯人社〔2024〕1号》",
                                                   jurisdiction="330802", version="lv-1"))])
    yield
    PARAMETERS.set_local_values([])


def person(county: str) -> dict:
    return {"person": {"university_graduate": True, "graduation_date": "2023-06-30", "hired_on": "2023-09-01",
                       "work_adcode": county, "employer_size": "small", "employee_si_months": 14,
                       "currently_insured": True}}


def _art19(case: dict, as_of: date):
    return next(r for r in evaluate_case(case, as_of, provisions=[CATALOGUE.provisions[ART19]]).results
                if r.provision.id == ART19)


def test_single_case_uses_the_county_value_and_cites_it():
    r = _art19(person("330802"), date(2024, 11, 30))
    assert (r.outcome, r.amount_fen) == ("eligible", 150_000)
    params = [pp for t in [r.amount_trace] for pp in t.to_dict().get("parameters", [])]
    assert params and params[0]["jurisdiction"] == "330802" and "柯人社〔2024〕1号" in params[0]["source"]


def test_before_its_date_and_elsewhere_the_standard_is_not_set():
    assert _art19(person("330802"), date(2023, 12, 31)).amount_fen is None
    other = _art19(person("330803"), date(2024, 11, 30))  # 衢江区: no standard
    assert other.outcome == "eligible" and other.amount_fen is None


def test_table_path_agrees_with_the_single_path():
    frame = pl.DataFrame([{"person.person_id": str(i), **{f"person.{k}": v for k, v in person(c)["person"].items()}}
                          for i, c in enumerate(["330802", "330803", "330802", "330881"])])
    frame = frame.with_columns(pl.col("person.graduation_date").str.to_date(), pl.col("person.hired_on").str.to_date())
    out = evaluate_frame(frame, date(2024, 11, 30), provisions=[CATALOGUE.provisions[ART19]])
    assert out.get_column(f"{ART19}:amount_fen").to_list() == [150_000, None, 150_000, None]


def test_the_explanation_built_later_still_cites_the_county_value():
    case = person("330802")
    result = evaluate_case(case, date(2024, 11, 30), provisions=list(CATALOGUE))  # many places in one run
    r = next(x for x in result.results if x.provision.id == ART19)
    params = r.to_dict(explain=True)["amount_explanation"]["parameters"]
    assert params[0]["value"] == 150_000 and params[0]["jurisdiction"] == "330802"
