"""A generated register for scale tests (``jiuye assistance synth``, ``benchmarks/bench_assistance.py``).

Vectorized with Polars (no row loop): valid ID numbers with their check character, unique by
construction (county × birth date × sequence number), spread over every county of Zhejiang;
one or two group spells each, willingness and ability, services in the last year and open
employment spells for some; then the daily job (:func:`watch.refresh_all`) sets the watch state.
Loaded with COPY on PostgreSQL, executemany elsewhere. Deterministic for a given seed.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import UTC, date, datetime

import polars as pl
from sqlalchemy import Engine, func, select, text
from sqlalchemy.orm import Session

from ..ids import ID_CHECK_CHARS, ID_WEIGHTS
from ..refdata.divisions import city_of, counties
from .models import (
    GROUP_CODES,
    SERVICE_CODES,
    EmploymentSpell,
    GroupSpell,
    Observation,
    RegisterPerson,
    Service,
)
from .watch import refresh_all

SURNAMES = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈")
GIVEN = list("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国文斌")


@dataclass
class SynthCounts:
    people: int
    group_spells: int
    services: int
    employment: int
    on_watch: int
    seconds_load: float
    seconds_watch_job: float


def _people(n: int, start_id: int, today: date, seed: int) -> pl.DataFrame:
    codes = [c.code for c in counties()]
    cities = [city_of(c) or c[:4] + "00" for c in codes]
    i = pl.int_range(0, n, eager=True).alias("i")
    df = pl.DataFrame({"i": i})
    c = len(codes)
    k = pl.col("i") // c
    base = date(1966, 1, 1)
    df = df.with_columns(
        pl.col("i").mod(c).alias("ci"), (k % 14_600).alias("bday"), (k // 14_600).alias("seq"),
        (pl.col("i").hash(seed) % 10_000).alias("r"),
    ).with_columns(
        pl.col("ci").replace_strict(dict(enumerate(codes)), return_dtype=pl.String).alias("county_code"),
        pl.col("ci").replace_strict(dict(enumerate(cities)), return_dtype=pl.String).alias("city_code"),
        (pl.lit(base) + pl.duration(days=pl.col("bday"))).alias("birth_date"),
    )
    first17 = (pl.col("county_code") + pl.col("birth_date").dt.strftime("%Y%m%d")
               + pl.col("seq").cast(pl.String).str.zfill(3))
    df = df.with_columns(first17.alias("f17"))
    total = pl.sum_horizontal([pl.col("f17").str.slice(j, 1).cast(pl.Int64) * w for j, w in enumerate(ID_WEIGHTS)])
    df = df.with_columns(
        (pl.col("f17") + (total % 11).replace_strict(dict(enumerate(ID_CHECK_CHARS)), return_dtype=pl.String))
        .alias("id_number"),
        pl.when(pl.col("seq") % 2 == 1).then(pl.lit("M")).otherwise(pl.lit("F")).alias("gender"),
        (pl.col("i").mod(len(SURNAMES)).replace_strict(dict(enumerate(SURNAMES)), return_dtype=pl.String)
         + (pl.col("r") % len(GIVEN)).replace_strict(dict(enumerate(GIVEN)), return_dtype=pl.String)).alias("name"),
        (pl.lit(today) - pl.duration(days=(pl.col("r") * 7919) % 730)).alias("entered_on"),
        ((pl.col("r") % 10) < 7).alias("willing"),
        ((pl.col("r") // 10 % 10) < 8).alias("able"),
    )
    now = datetime.now(UTC)
    return df.select(
        (pl.col("i") + start_id).alias("id"), "id_number", "name", "gender", "birth_date", "county_code", "city_code",
        pl.col("county_code").alias("hukou_adcode"), pl.col("county_code").alias("residence_adcode"), "entered_on",
        "willing", "able",
        pl.when(pl.col("willing") & pl.col("able")).then(pl.col("entered_on")).otherwise(None)
        .alias("willing_able_since"),
        pl.lit(False).alias("employed"), pl.lit(False).alias("on_watch"),
        pl.lit(now).alias("created_at"), pl.lit(now).alias("updated_at"), "r",
    )


def frames(n: int, *, start_id: int = 1, today: date | None = None, seed: int = 14) -> dict[str, pl.DataFrame]:
    today = today or date.today()
    people = _people(n, start_id, today, seed)
    g = len(GROUP_CODES)
    first = people.select(pl.col("id").alias("register_id"), "county_code",
                          (pl.col("r") % g).replace_strict(dict(enumerate(GROUP_CODES)), return_dtype=pl.String)
                          .alias("group_code"), pl.col("entered_on").alias("start_date"))
    second = people.filter(pl.col("r") % 5 == 0).select(
        pl.col("id").alias("register_id"), "county_code",
        ((pl.col("r") + 1) % g).replace_strict(dict(enumerate(GROUP_CODES)), return_dtype=pl.String)
        .alias("group_code"), pl.col("entered_on").alias("start_date"))
    groups = pl.concat([first, second]).with_columns(pl.lit(None, dtype=pl.Date).alias("end_date"),
                                                     pl.lit("synth").alias("source"))
    served = people.filter(pl.col("r") % 10 < 6)
    services = served.select(
        pl.col("id").alias("register_id"), "county_code",
        (pl.col("r") % len(SERVICE_CODES)).replace_strict(dict(enumerate(SERVICE_CODES)), return_dtype=pl.String)
        .alias("kind"),
        pl.max_horizontal(pl.col("entered_on"), pl.lit(today) - pl.duration(days=pl.col("r") % 365))
        .alias("service_date"),
        pl.lit("合成数据").alias("provider"),
    ).with_columns(pl.when(pl.col("kind") == "job_referral").then(pl.lit("合成岗位")).otherwise(None)
                   .alias("job_title"), pl.lit(datetime.now(UTC)).alias("created_at"))
    working = people.filter(pl.col("r") % 4 == 1)
    jobs = working.select(
        pl.col("id").alias("register_id"), pl.lit("合成单位").alias("employer_name"), "county_code",
        pl.col("county_code").alias("work_county_code"),
        pl.min_horizontal(pl.lit(today), pl.col("entered_on") + pl.duration(days=30 + pl.col("r") % 90))
        .alias("start_date"),
        pl.lit("synth").alias("source"), pl.lit(False).alias("difficulty_certified"),
        pl.lit(datetime.now(UTC)).alias("created_at"))
    # the state the daily job would set (so a fresh register needs no rewrite): groups start on
    # entry, every job generated is open and has started
    bits = {g: 1 << i for i, g in enumerate(GROUP_CODES)}
    first_bit = (pl.col("r") % g).replace_strict(dict(enumerate(bits.values())), return_dtype=pl.Int64)
    second_bit = ((pl.col("r") + 1) % g).replace_strict(dict(enumerate(bits.values())), return_dtype=pl.Int64)
    mask = pl.when(pl.col("r") % 5 == 0).then(first_bit | second_bit).otherwise(first_bit)
    employed = pl.col("r") % 4 == 1
    watching = pl.col("willing") & pl.col("able") & ~employed
    people = people.with_columns(mask.alias("groups_mask"), employed.alias("employed"), watching.alias("on_watch"),
                                 pl.when(watching).then(pl.col("entered_on")).otherwise(None).alias("watch_since"))
    observations = people.select(pl.col("id").alias("register_id"), pl.col("entered_on").alias("observed_on"),
                                 "willing", "able")
    return {"assist_people": people.drop("r"), "assist_group_spells": groups, "assist_services": services,
            "assist_employment_spells": jobs, "assist_observations": observations}


def _copy(engine: Engine, table: str, df: pl.DataFrame) -> None:
    raw = engine.raw_connection()
    try:
        cur = raw.cursor()
        cols = ", ".join(df.columns)
        buf = io.StringIO()
        df.write_csv(buf, include_header=False, null_value="\\N", datetime_format="%Y-%m-%dT%H:%M:%S%z")
        with cur.copy(f"COPY {table} ({cols}) FROM STDIN WITH (FORMAT csv, NULL '\\N')") as copy:
            copy.write(buf.getvalue())
        raw.commit()
    finally:
        raw.close()


def _insert(session: Session, table: str, df: pl.DataFrame) -> None:
    model = {m.__tablename__: m for m in (RegisterPerson, GroupSpell, Service, EmploymentSpell, Observation)}[table]
    for chunk in df.iter_slices(5000):
        session.execute(model.__table__.insert(), chunk.to_dicts())
    session.commit()


def generate(engine: Engine, n: int, *, today: date | None = None, seed: int = 14) -> SynthCounts:
    """Append ``n`` generated people to the register of ``engine`` and run the daily job."""
    import time

    today = today or date.today()
    with Session(engine) as session:
        start_id = (session.scalar(select(func.max(RegisterPerson.id))) or 0) + 1
    t0 = time.perf_counter()
    data = frames(n, start_id=start_id, today=today, seed=seed)
    pg = engine.dialect.name == "postgresql"
    with Session(engine) as session:
        for table, df in data.items():
            if pg:
                _copy(engine, table, df)
            else:
                _insert(session, table, df)
        if pg:
            for table in data:
                session.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                     f"(SELECT max(id) FROM {table}))"))
            session.commit()
            session.execute(text("ANALYZE"))
            session.commit()
    t1 = time.perf_counter()
    with Session(engine) as session:
        on_watch = refresh_all(session, today)
        session.commit()
    if pg:  # what autovacuum does after the job: statistics and the visibility map (index-only scans)
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            for table in data:
                conn.execute(text(f"VACUUM ANALYZE {table}"))
    t2 = time.perf_counter()
    return SynthCounts(n, data["assist_group_spells"].height, data["assist_services"].height,
                       data["assist_employment_spells"].height, on_watch, t1 - t0, t2 - t1)



