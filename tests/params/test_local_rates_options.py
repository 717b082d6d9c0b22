"""Local rates, county options in words, and the table path's prepared place column.

- 浙人社发〔2022〕46号 第24条 “补贴标准可上浮 20%”: the uplift is a rate (6/5 province-wide); a county
  may set its own (e.g. 柯城区 decides 110%), read by ``Scale`` in both paths with its source.
- 第19条 “有条件的地区可放宽至毕业 5年以内高校毕业生”: a county that has not adopted the option reads
  "本县未采用", never "unknown".
- The table path resolves a local value once per county code and gathers it for every row; rows
  with a code outside the division table or no code agree with the single path.
"""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import polars as pl
import pytest

from jiuye.catalogue.registry import CATALOGUE
from jiuye.engine.batch import evaluate_frame
from jiuye.engine.expr import Const, Env, Fact, PolarsEnv, Scale
from jiuye.engine.single import evaluate_case
from jiuye.params.store import PARAMETERS, ValueEntry

UPLIFT = "zj_2022_46.art24.uplift"
WIDENED = "zj_2022_46.art19.widened_counties"
POST = "zj_2022_46.art19.post_subsidy"
ART19 = "zj_2022_46.art19"
CAP_FEN = 2_000_000  # 第24条 “每年最高 2万元”
PLACE = Fact("person.work_adcode", "str", "工作地", "work place", "", "")


@pytest.fixture(autouse=True)
def _clean():
    PARAMETERS.set_local_values([])
    yield
    PARAMETERS.set_local_values([])


def _kecheng_uplift(rate: Fraction) -> None:
    PARAMETERS.set_local_values([(UPLIFT, ValueEntry(date(2024, 1, 1), rate, "衢州市柯城区人力资源和社会保障局《柯人社〔2024〕5号》",
                                                     jurisdiction="330802", version="lv-9"))])


def _single(county: str | None, as_of: date = date(2024, 6, 1)):
    snap = PARAMETERS.snapshot(as_of)
    env = Env(values={}, snapshot=snap, as_of=as_of, place=county)
    node = Scale(Const(CAP_FEN), UPLIFT)
    return node.ev(env), node.trace(env).to_dict()


def _table(counties: list[str | None], as_of: date = date(2024, 6, 1), prepared: bool = True) -> list:
    from jiuye.engine.expr.base import PLACE_PREFIX as PREFIX

    snap = PARAMETERS.snapshot(as_of)
    frame = pl.DataFrame({"person.work_adcode": pl.Series(counties, dtype=pl.Utf8)})
    env = PolarsEnv(snap, as_of, frozenset(frame.columns), place=PLACE.to_polars(
        PolarsEnv(snap, as_of, frozenset(frame.columns))))
    if prepared:
        codes = tuple(sorted({c for c in counties if c}))
        frame = frame.with_columns(pl.col("person.work_adcode").cast(pl.Enum(codes)).alias(PREFIX + "person.work_adcode"))
        env = PolarsEnv(snap, as_of, frozenset(frame.columns), place=pl.col(PREFIX + "person.work_adcode"),
                        place_codes=codes)
    return frame.select(Scale(Const(CAP_FEN), UPLIFT).to_polars(env).alias("v")).get_column("v").to_list()


def test_a_county_rate_replaces_the_provincial_uplift_in_the_single_path_and_is_cited():
    assert _single("330802")[0] == 2_400_000  # ¥20,000 × 6/5 = ¥24,000 before any local rate
    _kecheng_uplift(Fraction(11, 10))
    value, trace = _single("330802")
    assert value == 2_200_000  # ¥20,000 × 110% = ¥22,000
    prm = trace["parameters"][0]
    assert prm["jurisdiction"] == "330802" and "柯人社〔2024〕5号" in prm["source"] and prm["version"] == "lv-9"
    assert _single("330803")[0] == 2_400_000  # 衢江区 keeps the provincial 上浮20%
    assert _single("330802", date(2023, 12, 31))[0] == 2_400_000  # before the county's date
    assert _single(None)[0] is None  # place not known while a local rate exists


@pytest.mark.parametrize("prepared", [True, False])
def test_the_table_path_agrees_with_the_single_path_for_local_rates(prepared):
    _kecheng_uplift(Fraction(11, 10))
    counties = ["330802", "330803", None, "330802", "330881"]
    assert _table(counties, prepared=prepared) == [_single(c)[0] for c in counties] == [
        2_200_000, 2_400_000, None, 2_200_000, 2_400_000]


def test_a_rate_rounds_half_up_to_the_fen_per_county():
    # ¥20,000.01 × 1/3 = ¥6,666.67 (666666.67 fen rounds up); the table path rounds the same way
    PARAMETERS.set_local_values([(UPLIFT, ValueEntry(date(2024, 1, 1), Fraction(1, 3), "test", jurisdiction="330802"))])
    snap = PARAMETERS.snapshot(date(2024, 6, 1))
    env = Env(values={}, snapshot=snap, as_of=date(2024, 6, 1), place="330802")
    assert Scale(Const(2_000_001), UPLIFT).ev(env) == 666_667
    frame = pl.DataFrame({"person.work_adcode": ["330802"]})
    penv = PolarsEnv(snap, date(2024, 6, 1), frozenset(frame.columns), place=pl.col("person.work_adcode"))
    assert frame.select(Scale(Const(2_000_001), UPLIFT).to_polars(penv)).item() == 666_667


def test_rates_are_maintainable_and_read_as_administrators_type_them():
    from jiuye.localstd import service as localstd

    assert UPLIFT in {m.name for m in localstd.maintainable()}
    param = PARAMETERS[UPLIFT]
    assert localstd.parse_value(param, "110%") == Fraction(11, 10)
    assert localstd.parse_value(param, "0.5") == Fraction(1, 2)
    assert localstd.show_value(param, Fraction(6, 5)) == "120%"
    data = PARAMETERS.with_local_values([(UPLIFT, ValueEntry(date(2024, 1, 1), Fraction(11, 10), "s",
                                                             jurisdiction="330802"))]).maintained_for([UPLIFT])
    assert PARAMETERS.entries_from_data(data)[0][1].value == Fraction(11, 10)  # replay reads the rate back exactly


def _graduate(county: str) -> dict:
    return {"person": {"university_graduate": True, "graduation_date": "2020-06-30", "hired_on": "2023-09-01",
                       "work_adcode": county, "employer_size": "small", "employee_si_months": 14,
                       "currently_insured": True}}


def _result(pid: str, county: str):
    res = evaluate_case(_graduate(county), date(2024, 11, 30), provisions=list(CATALOGUE))
    return next(r for r in res.results if r.provision.id == pid).to_dict(explain=True)


def _option_params(node: dict) -> list[dict]:
    out = [p for p in node.get("parameters") or [] if p.get("name") == WIDENED]
    for c in node.get("children") or []:
        out.extend(_option_params(c))
    return out


def test_an_option_the_county_has_not_adopted_reads_not_adopted():
    d = _result(ART19 + ".widened_window", "330802")
    cond = next(c for c in d["conditions"] if c["id"] == "area_opted_in")
    assert cond["value"] is False
    assert (cond["what_would_change_it"]["message_zh"], cond["what_would_change_it"]["message_en"]) == ("本县未采用", "not adopted by this county")
    prms = _option_params(cond["explanation"])
    assert prms and prms[0]["value"] == "本县未采用 / not adopted by this county" and not prms[0].get("not_known")


def test_an_adopted_option_cites_the_county_decision():
    PARAMETERS.set_local_values([(WIDENED, ValueEntry(date(2024, 1, 1), True, "衢州市柯城区人民政府《柯政发〔2024〕3号》",
                                                      jurisdiction="330802", version="lv-3"))])
    d = _result(ART19 + ".widened_window", "330802")
    cond = next(c for c in d["conditions"] if c["id"] == "area_opted_in")
    assert cond["value"] is True
    prm = _option_params(cond["explanation"])[0]
    assert prm["value"] == "本县已采用 / adopted by this county"
    assert prm["jurisdiction"] == "330802" and "柯政发〔2024〕3号" in prm["source"] and prm["version"] == "lv-3"


def test_the_prepared_place_column_agrees_with_the_single_path_for_unknown_and_missing_codes():
    PARAMETERS.set_local_values([(POST, ValueEntry(date(2024, 1, 1), 150_000, "柯人社〔2024〕1号", jurisdiction="330802")),
                                 (POST, ValueEntry(date(2024, 1, 1), 90_000, "衢人社〔2024〕2号", jurisdiction="330800"))])
    counties = ["330802", "330803", "339999", None, "330102"]  # county, its city's value, not a code, none, Hangzhou
    rows = [{"person.person_id": str(i), **{f"person.{k}": v for k, v in _graduate(c or "")["person"].items()}}
            for i, c in enumerate(counties)]
    frame = pl.DataFrame(rows).with_columns(
        pl.Series("person.work_adcode", counties, dtype=pl.Utf8), pl.lit(date(2023, 6, 30)).alias("person.graduation_date"),
        pl.col("person.hired_on").str.to_date())
    out = evaluate_frame(frame, date(2024, 11, 30), provisions=[CATALOGUE.provisions[ART19]])
    amounts = out.get_column(f"{ART19}:amount_fen").to_list()
    assert amounts[:2] == [150_000, 90_000]  # 柯城区's own value; 衢江区 takes 衢州市's
    assert "__place:person.work_adcode" not in out.columns
    assert amounts[2] is None  # not a division code: outside every mountain county
    for i, c in enumerate(counties):
        if c == "339999":
            continue  # the single path refuses a code that does not exist
        case = _graduate(c) if c else {"person": {k: v for k, v in _graduate("x")["person"].items() if k != "work_adcode"}}
        case["person"]["graduation_date"] = "2023-06-30"
        single = next(r for r in evaluate_case(case, date(2024, 11, 30), provisions=[CATALOGUE.provisions[ART19]]).results
                      if r.provision.id == ART19)
        assert single.amount_fen == amounts[i], c


def test_a_place_column_is_prepared_once_over_the_division_codes_or_its_own_codes():
    from jiuye.engine.place import prepare_places

    provs = [CATALOGUE.provisions[ART19]]
    frame = pl.DataFrame({"person.work_adcode": ["330802", None, "330803"]})
    snap = PARAMETERS.snapshot(date(2024, 6, 1))
    assert prepare_places(frame, provs, snap, [POST]) == (frame, {})  # no local value: nothing prepared
    PARAMETERS.set_local_values([(POST, ValueEntry(date(2024, 1, 1), 150_000, "s", jurisdiction="330802"))])
    snap = PARAMETERS.snapshot(date(2024, 6, 1))
    out, places = prepare_places(frame, provs, snap, [POST])
    assert "330802" in places["person.work_adcode"] and len(places["person.work_adcode"]) > 90  # every known code
    assert out.get_column("__place:person.work_adcode").cast(pl.Utf8).to_list() == ["330802", None, "330803"]
    odd = pl.DataFrame({"person.work_adcode": ["330802", "339999"]})
    assert prepare_places(odd, provs, snap, [POST])[1] == {"person.work_adcode": ("330802", "339999")}
