"""``jiuye match --spells --history``: matching subtracts what the ledger already paid, and judges
status on the clause's date from the spells table.

浙人社发〔2022〕46号 第24条: “重点人群在山区县初次创业，带动 1人以上就业并依法缴纳社会保险费 1年以上的，按规定给予创业
带动就业补贴，每年最高 2万元，期限最长 3年。” — 杭州征求意见稿（九）: “就业困难人员的社会保险补贴和岗位补贴期限最长
不超过 3 年”, 灵活就业 “按其实际缴纳社会保险费的 1/2 申领社保补贴”.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from typer.testing import CliRunner

from jiuye.catalogue.registry import evaluate_case
from jiuye.cli import app
from jiuye.engine.history import HISTORY_SCHEMA
from jiuye.facts.models import Case
from jiuye.facts.spells import spells_frame

AS_OF = date(2025, 6, 30)
ART24 = "zj_2022_46.art24"
FLEX = "hz_2022_draft.jiu.flexible_si_subsidy"
WUYI = "330723"  # 武义县, a mountain county (浙人社发〔2021〕22号)

# Firms in 武义县 whose founders were registered unemployed from 2020-01-02 until the day the business was
# registered (2021-03-01): 登记失业半年以上 on 初次创业时, so in the key group; 3 insured hires.
FIRMS = {
    "E-3Y": [date(2022, 3, 15), date(2023, 3, 15), date(2024, 3, 15)],  # three yearly grants: 36 months used
    "E-2Y": [date(2023, 3, 15), date(2024, 3, 15)],  # two yearly grants: 24 months used
    "E-NEW": [],  # never paid
    "E-LATE": [],  # its founder registered unemployed only 2 months before: not in the key group
}


def _enterprises() -> pl.DataFrame:
    ids = list(FIRMS)
    return pl.DataFrame({
        "enterprise.enterprise_id": ids, "enterprise.adcode": [WUYI] * len(ids),
        "enterprise.registered_on": [date(2021, 3, 1)] * len(ids), "enterprise.insured_hires_12m": [3] * len(ids),
        "enterprise.ecommerce": [False] * len(ids), "enterprise.leading_industry": [False] * len(ids),
        "person.first_startup": [True] * len(ids), "person.university_graduate": [False] * len(ids),
        "person.self_chosen_military_cadre": [False] * len(ids), "person.self_employed_veteran": [False] * len(ids)})


PERSON = {"person.person_id": "P-HALF", "person.birth_date": date(1980, 5, 1), "person.gender": "M",
          "person.work_adcode": "330106", "person.residence_adcode": "330106", "person.hukou_adcode": "330106",
          "person.difficulty_certified": True, "person.difficulty_certified_on": date(2023, 12, 1),
          "person.difficulty_first_subsidy_on": date(2024, 1, 1), "person.disabled_certified": True,
          "person.flexible_employed": True, "person.si_paid_monthly_fen": 120_000}


def _spells() -> pl.DataFrame:
    rows = [{"subject_id": f, "kind": "registered_unemployed", "from": date(2020, 1, 2) if f != "E-LATE"
             else date(2021, 1, 1), "to": date(2021, 3, 1)} for f in FIRMS]
    return spells_frame(rows)


def _history() -> pl.DataFrame:
    rows: list[dict[str, Any]] = [{"subject_id": f, "provision_id": ART24, "granted_on": d, "amount_fen": 2_000_000}
                                  for f, dates in FIRMS.items() for d in dates]
    # 17 months of the flexible-employment SI subsidy already paid (2024-01 … 2025-05), ¥600 a month
    rows.append({"subject_id": "P-HALF", "provision_id": FLEX, "granted_on": date(2024, 1, 5),
                 "period_start": date(2024, 1, 1), "period_end": date(2025, 5, 31), "amount_fen": 17 * 60_000})
    return pl.DataFrame([{k: r.get(k) for k in HISTORY_SCHEMA} for r in rows], schema=HISTORY_SCHEMA, orient="row")


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("ledger")
    _enterprises().write_parquet(root / "enterprises.parquet")
    pl.DataFrame([PERSON]).write_parquet(root / "persons.parquet")
    _spells().write_parquet(root / "spells.parquet")
    _history().write_parquet(root / "history.parquet")
    res = CliRunner().invoke(app, ["match", "--persons", str(root / "persons.parquet"), "--enterprises",
                                   str(root / "enterprises.parquet"), "--history", str(root / "history.parquet"),
                                   "--spells", str(root / "spells.parquet"), "--as-of", AS_OF.isoformat(),
                                   "--out", str(root / "out")])
    assert res.exit_code == 0, res.output
    assert "仍可支付合计" in res.output
    return root / "out"


@pytest.fixture(scope="module")
def matched(out: Path) -> pl.DataFrame:
    return pl.read_parquet(out / "unpaid.parquet")


def _row(unpaid: pl.DataFrame, subject: str, pid: str) -> dict[str, Any] | None:
    rows = unpaid.filter((pl.col("subject_id") == subject) & (pl.col("provision_id") == pid)).to_dicts()
    assert len(rows) <= 1
    return rows[0] if rows else None


def test_a_firm_with_three_years_of_art24_grants_is_not_matched_again(matched: pl.DataFrame) -> None:
    # 期限最长 3年: 3 yearly grants without a period = 36 months; nothing remains
    assert _row(matched, "E-3Y", ART24) is None


def test_a_firm_two_years_in_is_owed_only_what_remains(matched: pl.DataFrame) -> None:
    row = _row(matched, "E-2Y", ART24)
    assert row is not None
    # 每年最高 2万元 (nothing paid in 2025): ¥20,000 a year
    assert row["amount_fen"] == 2_000_000
    # 期限最长 3年 from the first grant (2023-03-15): 36 − 27 months elapsed to 2025-06-30 = 9 (granted 24 leaves 12)
    assert row["max_duration_months"] == 9
    # 46号 is in force to 2025-12-31: 7 of those months (2025-06 … 2025-12) are payable: ¥20,000 × 7 ÷ 12 = ¥11,666.67
    assert row["total_payable_fen"] == 1_166_667


def test_a_firm_never_paid_is_owed_the_full_term_left_in_the_document(matched: pl.DataFrame) -> None:
    row = _row(matched, "E-NEW", ART24)
    assert row is not None and row["max_duration_months"] == 36 and row["amount_fen"] == 2_000_000
    assert row["total_payable_fen"] == 1_166_667  # still only to 2025-12-31


def test_status_is_judged_from_the_spells_on_the_registration_date(matched: pl.DataFrame) -> None:
    # E-LATE's founder was registered unemployed 2021-01-01 … 2021-03-01: 2 months, not 登记失业半年以上
    assert _row(matched, "E-LATE", ART24) is None


def test_a_person_partly_through_the_three_years_gets_the_remaining_months(matched: pl.DataFrame) -> None:
    row = _row(matched, "P-HALF", FLEX)
    assert row is not None
    # 实际缴纳社会保险费的 1/2: ¥1,200 × 1/2 = ¥600 a month
    assert row["amount_fen"] == 60_000
    # 最长不超过 3 年 from the first approval (2024-01-01): 36 − 17 granted (2024-01 … 2025-05) = 19 months,
    # June 2025 (not yet paid) included
    assert row["max_duration_months"] == 19
    assert row["total_payable_fen"] == 19 * 60_000  # ¥11,400


def test_the_summaries_add_up_what_is_still_payable(out: Path) -> None:
    summary = pl.read_csv(out / "summary.csv")
    art24 = summary.filter(pl.col("provision_id") == ART24).row(0, named=True)
    # E-2Y and E-NEW: ¥11,666.67 each still payable to 2025-12-31; E-3Y (used up) and E-LATE (not key group) none
    assert (art24["county_code"], art24["count"], art24["payable_fen"], art24["payable_unknown"]) == (
        int(WUYI), 2, 2_333_334, 0)
    flex = summary.filter(pl.col("provision_id") == FLEX).row(0, named=True)
    assert (flex["count"], flex["total_fen"], flex["payable_fen"]) == (1, 60_000, 1_140_000)


def test_the_match_agrees_with_the_single_case_path(matched: pl.DataFrame) -> None:
    """Each matched row is the single path's result for the same case (spells and ledger included)."""
    hist = _history()
    spells = _spells()
    for firm, row in zip(FIRMS, _enterprises().to_dicts(), strict=True):
        case = Case.model_validate({
            "enterprise": {k.split(".", 1)[1]: v for k, v in row.items() if k.startswith("enterprise.")},
            "person": {k.split(".", 1)[1]: v for k, v in row.items() if k.startswith("person.")},
            "history": [{k: v for k, v in r.items() if v is not None}
                        for r in hist.filter(pl.col("subject_id") == firm).drop("subject_id").to_dicts()],
            "spells": spells.filter(pl.col("subject_id") == firm).select("kind", "from", "to").to_dicts()})
        r = evaluate_case(case, AS_OF)[ART24]
        got = _row(matched, firm, ART24)
        if r.outcome != "eligible":
            assert got is None, firm
        else:
            assert got is not None
            assert (got["amount_fen"], got["max_duration_months"], got["total_payable_fen"]) == (
                r.amount_fen, r.max_duration_months, r.total_payable_fen), firm


def test_a_bad_spells_table_names_the_column(tmp_path: Path) -> None:
    pl.DataFrame([PERSON]).write_parquet(tmp_path / "persons.parquet")
    pl.DataFrame({"subject_id": ["P-HALF"], "kind": ["on_holiday"], "from": [date(2024, 1, 1)]}).write_parquet(
        tmp_path / "spells.parquet")
    res = CliRunner().invoke(app, ["match", "--persons", str(tmp_path / "persons.parquet"), "--spells",
                                   str(tmp_path / "spells.parquet"), "--as-of", AS_OF.isoformat(),
                                   "--out", str(tmp_path / "out")])
    assert res.exit_code == 2 and "on_holiday" in res.output


def test_history_keyed_by_credit_code_and_spells_by_the_table_key(matched: pl.DataFrame) -> None:
    """``--database``: the ledger is keyed by 统一社会信用代码, the spells by the table's key; both reach
    the same subjects and the same rows come out."""
    from jiuye.engine.provision import Subject
    from jiuye.matching.db_history import HISTORY_KEYS
    from jiuye.matching.groups import match_chunk
    from jiuye.matching.match import Context, make_plan

    uscc = {f: f"91330723MA{i:07d}X" for i, f in enumerate(FIRMS)}
    frame = _enterprises().with_columns(pl.col("enterprise.enterprise_id").replace_strict(uscc).alias("enterprise.uscc"))
    hist = _history().filter(pl.col("subject_id").is_in(list(FIRMS))).with_columns(
        pl.col("subject_id").replace_strict(uscc))
    plan = make_plan(Subject.ENTERPRISE, history_key=HISTORY_KEYS[Subject.ENTERPRISE])
    got = match_chunk(frame, plan, Context.make(AS_OF), hist, _spells()).filter(pl.col("provision_id") == ART24)
    want = matched.filter(pl.col("provision_id") == ART24)
    assert got.select(want.columns).sort("subject_id").equals(want.sort("subject_id"))
    assert sorted(got.get_column("subject_id").to_list()) == ["E-2Y", "E-NEW"]  # row order is not promised
