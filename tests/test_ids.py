"""公民身份号码 (GB 11643-1999) and 统一社会信用代码 (GB 32100-2015): scalar checks, masking,
and the parity of the Polars expressions with the scalar checks."""

from __future__ import annotations

import random
from datetime import date

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jiuye.errors import InputError
from jiuye.ids import (
    USCC_ALPHABET,
    IdNumberInfo,
    InvalidIdentifier,
    id_check_char,
    id_number_valid_expr,
    is_valid_id_number,
    is_valid_uscc,
    make_id_number,
    make_uscc,
    mask_id_number,
    mask_name,
    uscc_check_char,
    uscc_valid_expr,
    validate_id_number,
    validate_uscc,
)

TODAY = date(2025, 6, 30)


# --- known valid 身份证号 ---------------------------------------------------------------------


def test_gb11643_example_with_check_char_x():
    # 11010519491231002X, the example of GB 11643-1999. Digits × weights:
    # 1·7 + 1·9 + 0·10 + 1·5 + 0·8 + 5·4 + 1·2 + 9·1 + 4·6 + 9·3 + 1·7 + 2·9 + 3·10 + 1·5 + 0·8 + 0·4 + 2·2
    # = 7+9+0+5+0+20+2+9+24+27+7+18+30+5+0+0+4 = 167; 167 mod 11 = 2; '10X98765432'[2] = 'X'.
    info = validate_id_number("11010519491231002X", today=TODAY)
    assert info.number == "11010519491231002X"
    assert info.area_code == "110105"
    assert info.birth_date == date(1949, 12, 31)
    assert info.gender == "F"  # order code 002 is even
    # Beijing: a valid province prefix, not in our Zhejiang table, no warning
    assert (info.area_known, info.area_current, info.warnings) == (False, False, ())
    assert not info.in_zhejiang


def test_second_gb11643_example():
    # 34052419800101001X: 3·7+4·9+0·10+5·5+2·8+4·4+1·2+9·1+8·6+0·3+0·7+1·9+0·10+1·5+0·8+0·4+1·2
    # = 21+36+0+25+16+16+2+9+48+0+0+9+0+5+0+0+2 = 189; 189 mod 11 = 2 → 'X'. Order code 001: male.
    info = validate_id_number("34052419800101001X", today=TODAY)
    assert (info.birth_date, info.gender, info.warnings) == (date(1980, 1, 1), "M", ())


def test_lowercase_x_and_surrounding_whitespace_are_accepted_and_normalised():
    info = validate_id_number(" \u300011010519491231002x\t\n", today=TODAY)
    assert info.number == "11010519491231002X"
    assert is_valid_id_number("11010519491231002x", today=TODAY)


def test_made_number_in_a_current_zhejiang_county():
    number = make_id_number("330881", date(1990, 5, 17), 37, "M")
    assert number[:17] == "33088119900517037"
    assert number[17] == id_check_char(number[:17])
    info = validate_id_number(number, today=TODAY)
    assert (info.area_code, info.birth_date, info.gender) == ("330881", date(1990, 5, 17), "M")
    assert (info.area_known, info.area_current, info.warnings) == (True, True, ())
    assert info.in_zhejiang


def test_make_id_number_moves_the_order_code_to_match_gender():
    assert make_id_number("330106", date(2000, 2, 29), 123, "F")[14:17] == "122"
    assert make_id_number("330106", date(2000, 2, 29), 123, "M")[14:17] == "123"
    assert make_id_number("330106", date(2000, 2, 29), 0, "M")[14:17] == "001"
    assert validate_id_number(make_id_number("330106", date(2000, 2, 29), 0, "F"), today=TODAY).gender == "F"


@pytest.mark.parametrize(
    ("args", "word"),
    [
        (("33010", date(1990, 1, 1), 1, "M"), "area_code"),
        (("330106", date(1990, 1, 1), 1, "X"), "gender"),
        (("330106", date(1990, 1, 1), 1000, "M"), "seq"),
        (("330106", date(999, 1, 1), 1, "M"), "4 digits"),
    ],
)
def test_make_id_number_refuses_bad_parts(args, word):
    with pytest.raises(ValueError, match=word):
        make_id_number(*args)


def test_age_on_counts_whole_years():
    info = validate_id_number(make_id_number("330106", date(2000, 2, 29), 1, "M"), today=TODAY)
    assert info.age_on(date(2018, 2, 28)) == 17
    assert info.age_on(date(2018, 3, 1)) == 18
    assert info.age_on(date(2020, 2, 29)) == 20


def test_repr_does_not_show_the_number():
    info = validate_id_number("11010519491231002X", today=TODAY)
    assert "11010519491231002X" not in repr(info)
    assert info.masked == "110105********002X"


# --- area codes ------------------------------------------------------------------------------


def test_retired_zhejiang_area_330103_is_accepted_without_warning():
    info = validate_id_number(make_id_number("330103", date(1985, 3, 8), 12, "F"), today=TODAY)
    assert (info.area_known, info.area_current, info.warnings) == (True, False, ())


def test_unknown_zhejiang_area_339999_is_valid_with_a_warning():
    info = validate_id_number(make_id_number("339999", date(1985, 3, 8), 12, "F"), today=TODAY)
    assert (info.area_known, info.area_current) == (False, False)
    assert len(info.warnings) == 1 and "339999" in info.warnings[0] and "浙江" in info.warnings[0]


def test_invalid_province_prefix_is_a_warning_not_an_error():
    info = validate_id_number(make_id_number("990101", date(1985, 3, 8), 12, "F"), today=TODAY)
    assert len(info.warnings) == 1 and "99" in info.warnings[0]


# --- rejected 身份证号 -----------------------------------------------------------------------


def test_wrong_check_char_is_rejected_naming_the_field_without_the_number():
    good = "11010519491231002X"
    with pytest.raises(InvalidIdentifier) as info:
        validate_id_number(good[:17] + "3", field="applicant.id_number", today=TODAY)
    err = info.value
    assert isinstance(err, ValueError) and isinstance(err, InputError)
    assert (err.field, err.reason, err.value_masked) == (
        "applicant.id_number",
        "checksum",
        "110105********0023",
    )
    assert str(err) == f"applicant.id_number: {err.message_zh} / {err.message_en}"
    assert "校验码" in err.message_zh and "check character" in err.message_en
    assert "110105194912310023" not in str(err)


@pytest.mark.parametrize(
    ("ymd", "why"),
    [
        ("19990230", "no 30 February"),
        ("19000229", "1900 is not a leap year"),
        ("19991301", "month 13"),
        ("19990100", "day 0"),
        ("18991231", "before 1900"),
        ("20250701", "after today"),
    ],
)
def test_impossible_birth_dates_are_rejected(ymd, why):
    first17 = f"330106{ymd}123"
    number = first17 + id_check_char(first17)  # a correct check character: only the date is wrong
    with pytest.raises(InvalidIdentifier, match="出生日期") as info:
        validate_id_number(number, today=TODAY)
    assert info.value.reason == "birth_date", why


def test_leap_day_and_today_are_accepted():
    assert validate_id_number(make_id_number("330106", date(2000, 2, 29), 5, "M"), today=TODAY)
    assert validate_id_number(make_id_number("330106", TODAY, 5, "M"), today=TODAY)
    assert validate_id_number(make_id_number("330106", date(1900, 1, 1), 5, "M"), today=TODAY)


def test_fifteen_digit_numbers_are_rejected_with_a_clear_message():
    with pytest.raises(InvalidIdentifier, match="18") as info:
        validate_id_number("110105491231002", today=TODAY)
    assert info.value.reason == "fifteen_digit"
    assert "15" in info.value.message_zh and "18-character" in info.value.message_en


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("", "length"),
        ("1101051949123100", "length"),
        ("1101051949123100211", "length"),
        ("1101051949123100A1", "format"),
        ("11010519491231002Y", "format"),
        ("１１010519491231002X", "format"),
        (None, "type"),
        (110105194912310021, "type"),
    ],
)
def test_malformed_numbers_are_rejected(value, reason):
    with pytest.raises(InvalidIdentifier) as info:
        validate_id_number(value, today=TODAY)
    assert info.value.reason == reason
    assert not is_valid_id_number(value, today=TODAY)


# --- masking ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("330106199001011234", "330106********1234"),
        (" 11010519491231002X ", "110105********002X"),
        ("110105491231002", "*************02"),
        ("abc", "*bc"),
        ("ab", "**"),
        ("", ""),
        (None, ""),
    ],
)
def test_mask_id_number(value, masked):
    assert mask_id_number(value) == masked


@pytest.mark.parametrize(("name", "masked"), [("张三", "张*"), ("欧阳小明", "欧***"), ("李", "李"), ("", "")])
def test_mask_name(name, masked):
    assert mask_name(name) == masked


# --- 统一社会信用代码 -------------------------------------------------------------------------


def test_public_uscc_example():
    # 91350100M000100Y43: values 9,1,3,5,0,1,0,0,M=21,0,0,0,1,0,0,Y=30,4 × weights
    # 1,3,9,27,19,26,16,17,20,29,25,13,8,24,10,30,28 = 9+3+27+135+0+26+0+0+420+0+0+0+8+0+0+900+112
    # = 1640; 1640 mod 31 = 28; 31 - 28 = 3 → '3'.
    info = validate_uscc("91350100M000100Y43")
    assert (info.code, info.registration_authority, info.org_type, info.area_code) == (
        "91350100M000100Y43",
        "9",
        "1",
        "350100",
    )
    assert info.registration_authority_name.startswith("工商") and info.org_type_name == "企业"
    assert (info.area_known, info.warnings) == (False, ())  # Fujian: another province, no warning


def test_constructed_uscc_starting_with_n_in_jiangshan():
    # N2330881MA0000001: N=22,2,3,3,0,8,8,1,M=21,A=10,0,0,0,0,0,0,1 × weights
    # = 22+6+27+81+0+208+128+17+420+290+0+0+0+0+0+0+28 = 1227; 1227 mod 31 = 18; 31 - 18 = 13 → 'D'.
    assert make_uscc("N2330881MA0000001") == "N2330881MA0000001D"
    info = validate_uscc("n2330881ma0000001d")
    assert info.code == "N2330881MA0000001D"
    assert (info.registration_authority, info.area_code, info.area_known) == ("N", "330881", True)
    assert info.registration_authority_name == "农业"


def test_uscc_check_char_31_maps_to_zero():
    # Find a prefix whose weighted sum is a multiple of 31: then 31 - 0 = 31, which means '0'.
    prefix = next(p for p in (f"Y1330100{n:09d}" for n in range(2000)) if uscc_check_char(p) == "0")
    assert validate_uscc(prefix + "0").code.endswith("0")


def test_uscc_of_a_central_body_has_no_area_warning():
    assert validate_uscc(make_uscc("11100000000013127")).warnings == ()
    assert len(validate_uscc(make_uscc("91990000MA0000001")).warnings) == 1
    assert len(validate_uscc(make_uscc("91339999MA0000001")).warnings) == 1


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("91350100M000100Y4", "length"),
        ("91350100M000100Y44", "checksum"),
        ("91350100M00010OY43", "format"),
        ("91350100I000100Y43", "format"),
        ("S1350100M000100Y43", "format"),
        (None, "type"),
    ],
)
def test_bad_uscc_is_rejected(value, reason):
    with pytest.raises(InvalidIdentifier) as info:
        validate_uscc(value, field="employer.uscc")
    assert info.value.reason == reason and info.value.field == "employer.uscc"
    assert str(info.value).startswith("employer.uscc: ")
    assert not is_valid_uscc(value)


def test_make_uscc_refuses_characters_outside_the_alphabet():
    with pytest.raises(ValueError, match="prefix17"):
        make_uscc("91350100M000100YO")


# --- Polars parity (Hypothesis) --------------------------------------------------------------

AREAS = ["330881", "330103", "332522", "339999", "110105", "990101", "330000"]
NOISE = "0123456789Xx aZ\u3000"


@st.composite
def id_candidates(draw) -> str:
    area = draw(st.sampled_from(AREAS) | st.from_regex(r"[0-9]{6}", fullmatch=True))
    birth = draw(st.dates(min_value=date(1890, 1, 1), max_value=date(2030, 12, 31)))
    number = make_id_number(area, birth, draw(st.integers(0, 999)), draw(st.sampled_from("MF")))
    kind = draw(
        st.sampled_from(["valid", "char", "swap", "cut", "append", "lower", "pad", "date", "junk", "fifteen"])
    )
    if kind == "char":
        i = draw(st.integers(0, 17))
        number = number[:i] + draw(st.sampled_from(NOISE)) + number[i + 1 :]
    elif kind == "swap":
        i = draw(st.integers(0, 16))
        number = number[:i] + number[i + 1] + number[i] + number[i + 2 :]
    elif kind == "cut":
        number = number[: draw(st.integers(0, 17))]
    elif kind == "append":
        number = number + draw(st.text(alphabet="0123456789Xx", min_size=1, max_size=2))
    elif kind == "lower":
        number = number.lower()
    elif kind == "pad":
        number = draw(st.sampled_from([" ", "\t", "\u3000", "\n"])) + number + " "
    elif kind == "date":
        first17 = (
            area + draw(st.from_regex(r"(18|19|20)[0-9][0-9][01][0-9][0-3][0-9]", fullmatch=True)) + "001"
        )
        number = first17 + id_check_char(first17)
    elif kind == "junk":
        number = draw(st.text(alphabet=NOISE, max_size=20))
    elif kind == "fifteen":
        number = number[:6] + number[8:17]
    return number


@st.composite
def uscc_candidates(draw) -> str:
    prefix = draw(st.text(alphabet=USCC_ALPHABET, min_size=17, max_size=17))
    code = make_uscc(prefix)
    kind = draw(st.sampled_from(["valid", "char", "lower", "pad", "cut", "append", "junk"]))
    if kind == "char":
        i = draw(st.integers(0, 17))
        code = code[:i] + draw(st.sampled_from(USCC_ALPHABET + "IOZSVio z")) + code[i + 1 :]
    elif kind == "lower":
        code = code.lower()
    elif kind == "pad":
        code = " " + code + "\u3000"
    elif kind == "cut":
        code = code[: draw(st.integers(0, 17))]
    elif kind == "append":
        code = code + draw(st.sampled_from(USCC_ALPHABET))
    elif kind == "junk":
        code = draw(st.text(max_size=20))
    return code


@settings(max_examples=500, deadline=None)
@given(st.lists(id_candidates(), min_size=1, max_size=25))
def test_id_number_expression_agrees_with_the_scalar_check(values):
    df = pl.DataFrame({"id": values}, schema={"id": pl.String})
    got = df.select(id_number_valid_expr("id", today=TODAY))["id_valid"].to_list()
    assert got == [is_valid_id_number(v, today=TODAY) for v in values]


@settings(max_examples=500, deadline=None)
@given(st.lists(uscc_candidates(), min_size=1, max_size=25))
def test_uscc_expression_agrees_with_the_scalar_check(values):
    df = pl.DataFrame({"c": values}, schema={"c": pl.String})
    assert df.select(uscc_valid_expr("c"))["c_valid"].to_list() == [is_valid_uscc(v) for v in values]


def _with_check(first17: str) -> str:
    return first17 + id_check_char(first17)


ID_EDGES = [
    (_with_check("33010620000229001"), True),  # 2000 is a leap year (divisible by 400)
    (_with_check("33010619000229001"), False),  # 1900 is not (divisible by 100)
    (_with_check("33010619960229001"), True),
    (_with_check("33010620230229001"), False),
    (_with_check("33010619990431001"), False),  # April has 30 days
    (_with_check("33010619990531001"), True),
    (_with_check("33010619000101001"), True),  # the earliest accepted day
    (_with_check("33010618991231001"), False),
    (_with_check("33010620250630001"), True),  # TODAY
    (_with_check("33010620250701001"), False),
    (_with_check("33010619991200001"), False),
    (_with_check("33010619990001001"), False),
    (_with_check("33010619990101001") + "1", False),  # 19 characters
    ("1" + _with_check("33010619990101001"), False),
    (_with_check("33010619990101001").lower() + "\u3000", True),
]


@pytest.mark.parametrize(("value", "valid"), ID_EDGES)
def test_edge_dates_and_lengths_agree_in_both_paths(value, valid):
    assert is_valid_id_number(value, today=TODAY) is valid
    df = pl.DataFrame({"id": [value]})
    assert df.select(id_number_valid_expr("id", today=TODAY))["id_valid"].item() is valid


def test_expressions_on_a_large_seeded_batch_with_both_outcomes_and_nulls():
    rng = random.Random(20250630)
    ids: list[str | None] = [None]
    codes: list[str | None] = [None]
    for _ in range(4000):
        n = make_id_number(
            rng.choice(AREAS), date.fromordinal(rng.randint(690000, 740000)), rng.randint(0, 999), "M"
        )
        i = rng.randrange(18)
        ids.append(n if rng.random() < 0.5 else n[:i] + rng.choice(NOISE) + n[i + 1 :])
        c = make_uscc("".join(rng.choice(USCC_ALPHABET) for _ in range(17)))
        codes.append(c if rng.random() < 0.5 else c[:i] + rng.choice(USCC_ALPHABET) + c[i + 1 :])
    df = pl.DataFrame({"id": ids, "c": codes}).with_columns(
        id_number_valid_expr("id", today=TODAY), uscc_valid_expr("c")
    )
    expected_ids = [v is not None and is_valid_id_number(v, today=TODAY) for v in ids]
    expected_codes = [v is not None and is_valid_uscc(v) for v in codes]
    assert df["id_valid"].to_list() == expected_ids
    assert df["c_valid"].to_list() == expected_codes
    assert 1500 < sum(expected_ids) < 3500 and 1500 < sum(expected_codes) < 3500


def test_expression_default_today_is_the_current_date():
    tomorrow = date.fromordinal(date.today().toordinal() + 1)
    df = pl.DataFrame(
        {"id": [make_id_number("330106", date.today(), 1, "M"), make_id_number("330106", tomorrow, 1, "M")]}
    )
    assert df.select(id_number_valid_expr("id"))["id_valid"].to_list() == [True, False]


def test_expressions_accept_an_expression_and_keep_its_name():
    df = pl.DataFrame({"raw": [" 11010519491231002x", "91350100M000100Y43"]})
    out = df.select(
        id_number_valid_expr(pl.col("raw"), today=TODAY).alias("id_ok"),
        uscc_valid_expr(pl.col("raw").str.to_lowercase()).alias("uscc_ok"),
    )
    assert out.to_dict(as_series=False) == {"id_ok": [True, False], "uscc_ok": [False, True]}


def test_info_types():
    assert isinstance(validate_id_number("11010519491231002X", today=TODAY), IdNumberInfo)
