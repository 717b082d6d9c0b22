"""Synthetic persons: who they are, where they live and work, their groups and claims.

Every expression here is a Polars expression over a block of rows (no Python loop over rows);
the draws come from :class:`~jiuye.population.rng.Draws`, so values depend only on the seed and
the global row index. Distributions are stated next to the code; figures marked "assumed" are
plausible orders of magnitude, not statistics (see ``README.md`` for those that have a source).
"""

from __future__ import annotations

from datetime import date

import polars as pl

from ..ids import ID_CHECK_CHARS, ID_WEIGHTS
from .rng import Draws, days_after
from .weights import OUTSIDE_HUKOU, county_weights

# Ages 16–75 of the registered population, by band (assumed, shaped on the 2020 census: 15–59
# 67.9%, 60+ 18.7% of all residents; children are not in the table).
AGE_BANDS = ((16, 20, 0.06), (20, 25, 0.09), (25, 30, 0.10), (30, 35, 0.11), (35, 40, 0.10), (40, 45, 0.09),
             (45, 50, 0.10), (50, 55, 0.10), (55, 60, 0.09), (60, 65, 0.08), (65, 76, 0.08))
OCCUPATIONS = ("电工", "焊工", "育婴员", "保育师", "养老护理员", "家政服务员", "中式烹调师", "中式面点师",
               "西式面点师", "美容师", "美发师", "茶艺师", "评茶员", "电子商务师", "互联网营销师",
               "网络与信息安全管理员", "汽车维修工", "数控车工", "健康管理师", "农业经理人")


def county_draw(d: Draws, name: str) -> pl.Expr:
    w = county_weights()
    return d.pick(name, w["code"].to_list(), w["weight"].to_list(), dtype=pl.Utf8)


def _last_june_30(ref: date) -> date:
    return date(ref.year if ref >= date(ref.year, 6, 30) else ref.year - 1, 6, 30)


def identity_columns(d: Draws, ref: date, outside_hukou: float) -> list[list[pl.Expr]]:
    """Stages of columns: sex, age, places, and the working-age status flags (``__`` helpers)."""
    lo = pl.lit(pl.Series([b[0] for b in AGE_BANDS], dtype=pl.Float64))
    hi = pl.lit(pl.Series([b[1] for b in AGE_BANDS], dtype=pl.Float64))
    band = d.pick("age_band", list(range(len(AGE_BANDS))), [b[2] for b in AGE_BANDS], dtype=pl.Int64)
    age = lo.gather(band) + d.u("age_in_band") * (hi.gather(band) - lo.gather(band))
    local = 1.0 - outside_hukou
    hukou_kind = d.pick("hukou_kind", ["local", "zhejiang", "outside"], [local * 0.85, local * 0.15, outside_hukou])
    outside = d.pick("hukou_outside", [c for c, _, _ in OUTSIDE_HUKOU], [w for _, _, w in OUTSIDE_HUKOU], dtype=pl.Utf8)
    stage1 = [
        d.pick("gender", ["M", "F"], [0.523, 0.477], dtype=pl.Utf8).alias("person.gender"),  # 2021 sample survey
        age.alias("__age"),
        county_draw(d, "residence").alias("person.residence_adcode"),
        hukou_kind.alias("__hukou_kind"), county_draw(d, "hukou_zj").alias("__hukou_zj"), outside.alias("__hukou_out"),
    ]
    a, g = pl.col("__age"), pl.col("person.gender")
    stage2 = [
        (pl.lit(ref, dtype=pl.Date) - pl.duration(days=(a * 365.2425).floor().cast(pl.Int64))).alias("person.birth_date"),
        pl.when(pl.col("__hukou_kind") == "local").then(pl.col("person.residence_adcode"))
        .when(pl.col("__hukou_kind") == "zhejiang").then(pl.col("__hukou_zj"))
        .otherwise(pl.col("__hukou_out")).alias("person.hukou_adcode"),
        # women: original retirement category, unknown for one in ten (assumed)
        pl.when((g == "F") & ~d.bern("female_category_unknown", 0.10))
        .then(d.pick("female_category", ["worker", "cadre"], [0.55, 0.45], dtype=pl.Utf8)).alias("person.female_category"),
        ((a >= 18) & (a < 25) & d.bern("student", pl.when(a < 22).then(0.45).otherwise(0.10))).alias("__student"),
        (((g == "M") & (a >= 60)) | ((g == "F") & (a >= 55))).alias("__old"),
    ]
    return [stage1, stage2]


def status_columns(d: Draws, ref: date, founder_share: float, force_founder: bool) -> list[list[pl.Expr]]:
    a, g = pl.col("__age"), pl.col("person.gender")
    in_lf = ~pl.col("__student") & ~(pl.col("__old") & d.bern("retired", 0.9))
    founder = pl.lit(True) if force_founder else in_lf & (a >= 20) & (a < 65) & d.bern("founder", founder_share)
    grad_p = (pl.when(a < 22).then(0.0).when(a < 35).then(0.45).when(a < 45).then(0.30)
              .when(a < 55).then(0.15).otherwise(0.07))
    stage1 = [
        in_lf.alias("__lf"), founder.alias("__founder"),
        pl.col("__student").alias("person.enrolled_student"),
        (~pl.col("__student") & d.bern("graduate", grad_p)).alias("person.university_graduate"),
        d.bern("disabled", pl.when(a >= 60).then(0.035).otherwise(0.015)).alias("person.disabled_certified"),
        d.pick("dibao", ["none", "dibao", "near"], [0.985, 0.010, 0.005], dtype=pl.Utf8).alias("__dibao"),
        (((g == "M") & (a >= 22) & (a < 55) & d.bern("veteran", 0.02)) | d.bern("veteran_f", 0.0005))
        .alias("person.self_employed_veteran"),
        ((g == "M") & (a >= 40) & d.bern("cadre", 0.0015)).alias("person.self_chosen_military_cadre"),
    ]
    birth_year = pl.col("person.birth_date").dt.year().cast(pl.Int32)
    grad = pl.min_horizontal(pl.date(birth_year + 22 + d.int_between("grad_age", 0, 3).cast(pl.Int32), 6, 30),
                             pl.lit(_last_june_30(ref), dtype=pl.Date))
    unemployed = pl.col("__lf") & ~pl.col("__founder") & d.bern("unemployed", pl.when(a >= 45).then(0.05).otherwise(0.03))
    stage2 = [
        pl.when(pl.col("person.university_graduate")).then(grad).alias("person.graduation_date"),
        unemployed.alias("person.registered_unemployed"),
        (pl.col("__dibao") == "dibao").alias("person.dibao_family"),
        (pl.col("__dibao") == "near").alias("person.near_dibao_family"),
    ]
    since = d.date_before("unemployed_since", ref, 900, skew=1.6)
    vulnerable = (pl.col("person.disabled_certified") | pl.col("person.dibao_family") | pl.col("person.near_dibao_family"))
    zero = d.bern("zero_employment", pl.when(pl.col("person.registered_unemployed")).then(0.03).otherwise(0.001))
    stage3 = [
        pl.when(pl.col("person.registered_unemployed")).then(since).alias("person.unemployed_registered_on"),
        zero.alias("person.zero_employment_household"),
    ]
    certified = ((pl.col("person.registered_unemployed") & d.bern("certified_u", 0.22))
                 | (pl.col("__lf") & (vulnerable | pl.col("person.zero_employment_household")) & d.bern("certified_v", 0.35)))
    stage4 = [
        (pl.col("person.registered_unemployed")
         & ((pl.lit(ref, dtype=pl.Date) - pl.col("person.unemployed_registered_on")).dt.total_days() <= 730)
         & d.bern("ui", 0.45)).alias("person.receiving_unemployment_insurance"),
        certified.alias("person.difficulty_certified"),
    ]
    cert_on = pl.max_horizontal(d.date_before("certified_on", ref, 1460, skew=1.3),
                                pl.col("person.unemployed_registered_on"))
    recent_grad = pl.col("person.university_graduate") & (
        (pl.lit(ref, dtype=pl.Date) - pl.col("person.graduation_date")).dt.total_days() <= 800)
    flex_p = (pl.when(pl.col("person.difficulty_certified")).then(0.45).when(recent_grad).then(0.15).otherwise(0.09))
    stage5 = [
        pl.when(pl.col("person.difficulty_certified")).then(cert_on).alias("person.difficulty_certified_on"),
        (pl.col("person.difficulty_certified") & d.bern("exhausted", 0.04)).alias("person.difficulty_subsidy_exhausted"),
        (pl.col("person.difficulty_certified") & (a >= 45) & d.bern("orig_2016", 0.05))
        .alias("person.original_urban_difficulty_2016"),
        (pl.col("__lf") & ~pl.col("person.registered_unemployed") & ~pl.col("__founder") & d.bern("flexible", flex_p))
        .alias("person.flexible_employed"),
    ]
    first = days_after(pl.col("person.difficulty_certified_on"), d.int_between("first_subsidy_lag", 0, 60))
    post = d.pick("pwp", ["none", "full_time", "part_time"], [0.7, 0.2, 0.1], dtype=pl.Utf8)
    stage6 = [
        pl.when(pl.col("person.difficulty_certified") & d.bern("first_subsidy", 0.6))
        .then(pl.min_horizontal(first, pl.lit(ref, dtype=pl.Date))).alias("person.difficulty_first_subsidy_on"),
        pl.when(pl.col("person.difficulty_certified") & ~pl.col("person.registered_unemployed")
                & ~pl.col("person.flexible_employed")).then(post).otherwise(pl.lit("none"))
        .alias("person.public_welfare_post"),
    ]
    return [stage1, stage2, stage3, stage4, stage5, stage6]


def work_columns(d: Draws, ref: date, si_lower_fen: int, si_upper_fen: int) -> list[list[pl.Expr]]:
    """Place of work, social insurance and certificates (founders' business facts come later)."""
    employed = pl.col("__lf") & ~pl.col("person.registered_unemployed")
    elsewhere = d.bern("works_elsewhere", 0.12)
    work = pl.when(pl.col("__founder")).then(pl.col("enterprise.adcode")).when(elsewhere).then(county_draw(d, "work")) \
        .otherwise(pl.col("person.residence_adcode"))
    u = d.u("si_base")
    mult = (pl.when(pl.col("person.flexible_employed")).then(1.0 + 0.6 * u ** 3)
            .when(pl.col("__founder")).then(1.0 + u).otherwise(1.0 + 3.0 * u ** 2))
    base = pl.min_horizontal((mult * si_lower_fen / 100).round(0).cast(pl.Int64) * 100, pl.lit(si_upper_fen))
    flex_rate = d.pick("flex_si_rate", [20, 29], [0.5, 0.5], dtype=pl.Int64)  # pension only / + medical
    rate = pl.when(pl.col("person.flexible_employed") | pl.col("__founder")).then(flex_rate).otherwise(pl.lit(10))
    holder = (pl.col("__lf") | pl.col("__student")) & d.bern("certificate", 0.06)
    kind = d.pick("certificate_kind", ["vocational", "special_ability"], [0.8, 0.2], dtype=pl.Utf8)
    level = d.pick("certificate_level", [5, 4, 3, 2, 1], [0.35, 0.33, 0.20, 0.08, 0.04], dtype=pl.Int64)
    cert_no = pl.concat_str([pl.lit("Z33"), d.bits("certificate_no").cast(pl.Utf8).str.zfill(10)])
    stage1 = [
        pl.when(employed).then(work).alias("person.work_adcode"),
        pl.when(employed).then(base).alias("person.si_base_monthly_fen"),
        pl.when(holder).then(kind).alias("person.certificate_kind"),
    ]
    stage2 = [
        pl.when(employed).then(pl.col("person.si_base_monthly_fen") * rate // 100).alias("person.si_paid_monthly_fen"),
        pl.when(pl.col("person.certificate_kind") == "vocational").then(level).alias("person.certificate_level"),
        pl.when(holder).then(d.pick("occupation", OCCUPATIONS, dtype=pl.Utf8)).alias("person.certificate_occupation"),
        pl.when(holder).then(cert_no).alias("person.certificate_no"),
        pl.when(holder).then(d.date_before("certificate_on", ref, 540)).alias("person.certificate_on"),
        pl.when(holder).then(d.bern("designated", 0.7)).alias("person.trained_at_designated"),
    ]
    return [stage1, stage2]


def employment_columns(d: Draws, ref: date) -> list[list[pl.Expr]]:
    """Employment facts that follow from the status above (a column is kept only if the model
    declares the fact; others are dropped by the final selection)."""
    lf, unemp, founder = pl.col("__lf"), pl.col("person.registered_unemployed"), pl.col("__founder")
    employed = lf & ~unemp
    employee = employed & ~founder & ~pl.col("person.flexible_employed")
    grad_recent = pl.col("person.university_graduate") & (
        (pl.lit(ref, dtype=pl.Date) - pl.col("person.graduation_date")).dt.total_days() <= 730)
    hired = d.date_before("hired_on", ref, 15 * 365, skew=1.5)
    city = pl.col("person.residence_adcode").str.slice(0, 4)
    stage1 = [
        employed.alias("person.employed"),
        (unemp | (lf & ~employed) | (lf & d.bern("unregistered_unemployed", 0.01) & ~founder)).alias("person.unemployed"),
        (employed & d.bern("insured", 0.95)).alias("person.currently_insured"),
        pl.when(employee).then(hired).alias("person.hired_on"),
        pl.when(employee).then(d.pick("employer_ownership", ["private", "other_non_public", "public"],
                                      [0.75, 0.10, 0.15], dtype=pl.Utf8)).alias("person.employer_ownership"),
        pl.when(employee).then(d.pick("employer_size", ["micro", "small", "medium", "large"], [0.2, 0.3, 0.25, 0.25],
                                      dtype=pl.Utf8)).alias("person.employer_size"),
        pl.when(employee).then(d.pick("contract_months", [12, 24, 36, 60], [0.3, 0.2, 0.35, 0.15], dtype=pl.Int64))
        .alias("person.labour_contract_months"),
        (pl.col("__old") & ~lf & d.bern("rehired", 0.05)).alias("person.retired_rehired"),
        (pl.col("person.university_graduate") & (pl.col("person.dibao_family") | pl.col("person.near_dibao_family")
                                                 | pl.col("person.disabled_certified"))).alias("person.hardship_family"),
        ((pl.col("person.hukou_adcode").str.slice(0, 4) == "3301")
         & (pl.col("person.university_graduate") | pl.col("person.enrolled_student"))).alias("person.hangzhou_origin"),
        (pl.col("person.enrolled_student") & (city == "3301")).alias("person.hangzhou_school_student"),
        pl.when(pl.col("person.difficulty_certified")).then(d.int_between("subsidy_months_used", 0, 36))
        .alias("person.difficulty_subsidy_months_used"),
        (lf & (pl.col("person.hukou_adcode") != pl.col("person.residence_adcode")) & d.bern("rural_transfer", 0.3))
        .alias("person.rural_transfer_worker"),
        (employee & grad_recent & d.bern("first_job", 0.6)).alias("person.first_employment"),
        (grad_recent & ~employed & d.bern("internship", 0.08)).alias("person.in_internship"),
    ]
    months = ((pl.lit(ref, dtype=pl.Date) - pl.col("person.hired_on")).dt.total_days() // 30).cast(pl.Int64)
    return [stage1, [pl.when(pl.col("person.hired_on").is_not_null())
                     .then(pl.max_horizontal(months - d.int_between("si_lag", 0, 2), pl.lit(0)))
                     .alias("person.employee_si_months")]]


def startup_columns(d: Draws, ref: date, lpr_bp: int) -> list[list[pl.Expr]]:
    """A founder's own startup facts (person.*): first startup, contributions, loan, premises."""
    f = pl.col("__founder")
    r = pl.lit(ref, dtype=pl.Date)
    reg = pl.col("enterprise.registered_on")
    months = ((r.dt.year() - reg.dt.year()) * 12 + r.dt.month().cast(pl.Int32) - reg.dt.month().cast(pl.Int32))
    loan = f & d.bern("personal_loan", 0.15)
    rents = f & d.bern("rents", 0.55)
    return [[
        pl.when(f).then(pl.max_horizontal(months.cast(pl.Int64) - d.int_between("si_gap", 0, 3), pl.lit(0)))
        .alias("person.si_months"),
        pl.when(f).then(d.bern("first_startup", 0.8)).alias("person.first_startup"),
        pl.when(f).then(d.bern("prior_support", 0.1)).alias("person.prior_startup_support"),
        pl.when(loan).then(d.int_between("loan_wan", 5, 50) * 1_000_000).when(f).then(0).alias("person.loan_amount_fen"),
        pl.when(loan).then(lpr_bp + d.int_between("loan_rate", -40, 90)).alias("person.loan_rate_bp"),
        pl.when(loan).then(pl.min_horizontal(days_after(reg, d.int_between("loan_lag", 0, 365)), r))
        .alias("person.loan_contract_date"),
        pl.when(loan).then(d.pick("loan_term", [12, 24, 36], [0.2, 0.3, 0.5], dtype=pl.Int64)).alias("person.loan_term_months"),
        pl.when(f).then(d.bern("in_space", 0.08)).alias("person.in_accompaniment_space"),
        pl.when(rents).then(d.int_between("area", 15, 300)).when(f).then(0).alias("person.rented_area_m2"),
        pl.when(rents).then(d.int_between("rent", 60, 450)).alias("person.rent_daily_per_m2_fen"),
        pl.when(rents).then(pl.min_horizontal(days_after(reg, -d.int_between("lease_lead", 0, 60)), r))
        .alias("person.lease_start"),
    ]]


def id_number_column(d: Draws) -> list[list[pl.Expr]]:
    """A valid 18-character 公民身份号码 (GB 11643) from hukou, birth date and sex."""
    seq = d.int_between("id_seq", 0, 999)
    seq = seq - seq % 2 + (pl.col("person.gender") == "M").cast(pl.Int64)
    seq = pl.when(seq > 999).then(seq - 2).otherwise(seq)
    first17 = pl.concat_str([pl.col("person.hukou_adcode"), pl.col("person.birth_date").dt.strftime("%Y%m%d"),
                             seq.cast(pl.Utf8).str.zfill(3)])
    total = pl.sum_horizontal([pl.col("__id17").str.slice(i, 1).cast(pl.Int64) * w for i, w in enumerate(ID_WEIGHTS)])
    check = (total % 11).replace_strict(list(range(11)), list(ID_CHECK_CHARS), return_dtype=pl.Utf8)
    return [[first17.alias("__id17")], [pl.concat_str([pl.col("__id17"), check]).alias("person.id_number")]]
