"""The synthetic population: deterministic, complete, valid, plausibly distributed."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl
import pytest

from jiuye.engine.expr import PL_TYPES, Fact
from jiuye.engine.history import HISTORY_SCHEMA
from jiuye.engine.vars import E, P
from jiuye.ids import is_valid_id_number, is_valid_uscc
from jiuye.population.enterprises import generic_fact
from jiuye.population.rng import ROW, Draws
from jiuye.population.synth import SynthConfig, as_persons, people_block, write_population
from jiuye.population.weights import county_weights
from jiuye.refdata.divisions import counties

REF = date(2025, 6, 30)


@pytest.fixture(scope="module")
def block() -> pl.DataFrame:
    return people_block(0, 60_000, SynthConfig(persons=60_000, enterprises=0, seed=3, ref=REF))


def test_county_weights_cover_the_current_counties_and_sum_to_one() -> None:
    w = county_weights()
    assert sorted(w["code"].to_list()) == sorted(d.code for d in counties())
    assert abs(w["weight"].sum() - 1) < 1e-9
    assert w["weight"].min() > 0
    # 萧山区 (2.01 million in the 2020 census) against 洞头区 (an island district, 150,300 in 2021)
    assert w.filter(pl.col("code") == "330109")["weight"].item() > 10 * w.filter(pl.col("code") == "330305")["weight"].item()
    rows = pl.read_csv(Path(__file__).parents[2] / "src/jiuye/population/county_population.csv", infer_schema=False)
    assert rows.filter(pl.col("source").is_null() | (pl.col("source") == "")).height == 0
    low = rows.filter(pl.col("confidence") == "low")
    assert (low["note"].str.contains("split equally")).all()  # unsourced counties say how they were filled


def test_same_seed_same_rows_whatever_the_block_size() -> None:
    cfg = SynthConfig(persons=3_000, enterprises=0, seed=5, ref=REF)
    whole = people_block(0, 3_000, cfg)
    parts = pl.concat([people_block(0, 1_000, cfg), people_block(1_000, 2_000, cfg)])
    assert whole.equals(parts)
    other = people_block(0, 3_000, SynthConfig(persons=3_000, enterprises=0, seed=6, ref=REF))
    assert not whole.equals(other)


def test_every_fact_of_the_models_is_a_column_of_its_type(block: pl.DataFrame) -> None:
    persons = as_persons(block)
    for f in P.all() + E.all():
        assert persons.schema[f.name] == PL_TYPES[f.dtype], f.name
        if f.name.startswith("person."):
            assert persons[f.name].null_count() < persons.height, f"{f.name} never has a value"
        if f.choices:
            assert set(persons[f.name].drop_nulls().unique()) <= set(f.choices), f.name


def test_places_are_current_counties_and_hukou_sometimes_outside(block: pl.DataFrame) -> None:
    current = {d.code for d in counties()}
    for col in ("person.residence_adcode", "person.work_adcode", "enterprise.adcode"):
        assert set(block[col].drop_nulls().unique()) <= current, col
    hukou = block["person.hukou_adcode"]
    outside = hukou.filter(~hukou.str.starts_with("33"))
    assert 0.05 < outside.len() / hukou.len() < 0.15
    assert set(hukou.filter(hukou.str.starts_with("33")).unique()) <= current


def test_identifiers_are_valid(block: pl.DataFrame) -> None:
    sample = block.head(2_000)
    for row in sample.select("person.id_number", "person.birth_date", "person.gender").iter_rows():
        number, birth, gender = row
        assert is_valid_id_number(number), number
        assert number[6:14] == birth.strftime("%Y%m%d") and (int(number[16]) % 2 == 1) == (gender == "M")
    for code in block["enterprise.uscc"].drop_nulls().head(2_000):
        assert is_valid_uscc(code), code
    assert block["person.person_id"].n_unique() == block.height


def test_plausible_shares(block: pl.DataFrame) -> None:
    def share(expr: pl.Expr) -> float:
        return block.select(expr.mean()).item()

    assert 0.015 < share(pl.col("person.disabled_certified")) < 0.03  # ~2%
    assert 0.01 < share(pl.col("person.dibao_family") | pl.col("person.near_dibao_family")) < 0.02  # ~1.5%
    assert 0.02 < share(pl.col("person.registered_unemployed")) < 0.05
    assert 0.04 < share(pl.col("person.flexible_employed")) < 0.12
    assert 0.03 < share(pl.col("enterprise.enterprise_id").is_not_null()) < 0.08  # founders
    assert 0.45 < share(pl.col("person.gender") == "M") < 0.6
    age = (pl.lit(REF) - pl.col("person.birth_date")).dt.total_days() / 365.25
    assert block.select(age.min()).item() >= 16 and block.select(age.max()).item() < 77
    graduates = block.filter(pl.col("person.university_graduate"))
    assert graduates["person.graduation_date"].null_count() == 0
    assert (graduates["person.graduation_date"] <= REF).all()
    unemployed = block.filter(pl.col("person.registered_unemployed"))
    assert (unemployed["person.unemployed_registered_on"] <= REF).all()
    assert (block["person.si_paid_monthly_fen"].drop_nulls() < block["person.si_base_monthly_fen"].drop_nulls()).all()


def test_a_fact_added_later_gets_values_from_its_type() -> None:
    d = Draws(1)
    frame = pl.select(pl.int_range(0, 20_000, dtype=pl.UInt64).alias(ROW)).with_columns(d.hash_column())
    new = [Fact("person.new_flag", "bool", "新", "new", "?", "?"),
           Fact("person.new_count", "int", "新", "new", "?", "?"),
           Fact("person.new_kind", "str", "新", "new", "?", "?", ("none", "a", "b")),
           Fact("person.new_on", "date", "新", "new", "?", "?"),
           Fact("person.new_adcode", "str", "新", "new", "?", "?")]
    out = frame.select([generic_fact(f, d, REF, pl.lit(True)) for f in new])
    assert 0.01 < out["person.new_flag"].mean() < 0.06
    assert out["person.new_count"].min() >= 0 and out["person.new_count"].max() > 0
    assert set(out["person.new_kind"].drop_nulls().unique()) == {"none", "a", "b"}
    assert (out["person.new_on"].drop_nulls() <= REF).all()
    assert set(out["person.new_adcode"].drop_nulls().unique()) <= {d.code for d in counties()}


def test_write_population_tables(tmp_path: Path) -> None:
    counts = write_population(SynthConfig(persons=4_000, enterprises=600, seed=2, ref=REF, block_rows=1_500), tmp_path)
    persons = pl.read_parquet(tmp_path / "persons.parquet")
    ents = pl.read_parquet(tmp_path / "enterprises.parquet")
    hist = pl.read_parquet(tmp_path / "history.parquet")
    assert counts == {"persons": 4_000, "enterprises": 600, "history": hist.height}
    assert persons.height == 4_000 and ents.height == 600 and ents["enterprise.enterprise_id"].n_unique() == 600
    # founders' businesses first (same facts on both tables), then founders outside the table
    founders = persons.filter(pl.col("enterprise.enterprise_id").is_not_null())
    joined = ents.join(founders, on="enterprise.enterprise_id", suffix="_p")
    assert joined.height == min(600, founders.height)
    assert (joined["enterprise.registered_on"] == joined["enterprise.registered_on_p"]).all()
    assert (joined["person.birth_date"] == joined["person.birth_date_p"]).all()
    assert ents.filter(pl.col("person.person_id").is_null()).height == 600 - joined.height
    assert hist.schema == pl.Schema(HISTORY_SCHEMA)
    ids = set(persons["person.person_id"]) | set(ents["enterprise.enterprise_id"])
    assert set(hist["subject_id"]) <= ids and hist.height > 0
    assert (hist["granted_on"] <= REF).all()
