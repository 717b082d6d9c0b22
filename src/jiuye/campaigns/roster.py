"""An imported roster (名单) for a 免申即享 campaign: a Parquet or Excel file of the county's people
or enterprises, one row each, read and checked with native Polars expressions (no Python per row).

Headers, in any of three spellings (docs/campaigns.md lists them):
- identity: ``身份证号`` / ``公民身份号码`` / ``person.id_number`` and ``姓名`` / ``person.name`` for
  people; ``统一社会信用代码`` / ``enterprise.uscc`` and ``企业名称`` / ``enterprise.name`` for enterprises;
- a fact by its name (``person.graduation_date``; money in fen, as the engine holds it), by its
  name without the part (``graduation_date``), or by its Chinese label (``毕业日期``), where money
  is in 元 (``社保缴费基数（元/月）``) and converted to fen exactly.

Rows whose 身份证号 / 统一社会信用代码 fail their check character, repeat an earlier row, or hold a
value that does not read as its type are not imported; :class:`Roster` counts them and keeps the
first few row numbers (never the numbers themselves) for the caseworker.

Reading (documented in docs/campaigns.md): a roster is the county's own list, so a person's
missing 户籍地 / 常住地 / 就业地 and an enterprise's missing 注册地 are the campaign's county.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from ..engine.expr import PL_TYPES
from ..engine.provision import Subject
from ..engine.vars import E, P
from ..errors import InputError
from ..ids import id_number_valid_expr, uscc_valid_expr

MAX_ROWS = 5_000_000
PLACE = {Subject.PERSON: ("person.hukou_adcode", "person.residence_adcode", "person.work_adcode"),
         Subject.ENTERPRISE: ("enterprise.adcode",)}
KEY_COLUMN = {Subject.PERSON: "person.id_number", Subject.ENTERPRISE: "enterprise.uscc"}
NAME_COLUMN = {Subject.PERSON: "person.name", Subject.ENTERPRISE: "enterprise.name"}
IDENTITY = {
    "身份证号": "person.id_number", "公民身份号码": "person.id_number", "身份证号码": "person.id_number",
    "id_number": "person.id_number", "person.id_number": "person.id_number",
    "姓名": "person.name", "name": "person.name", "person.name": "person.name",
    "统一社会信用代码": "enterprise.uscc", "uscc": "enterprise.uscc", "enterprise.uscc": "enterprise.uscc",
    "企业名称": "enterprise.name", "单位名称": "enterprise.name", "enterprise.name": "enterprise.name",
}


def _yuan_label(label: str) -> str:
    return label.replace("（分", "（元").replace("(分", "(元")


def header_map(subject: Subject) -> dict[str, tuple[str, bool]]:
    """Header → (fact name, value in 元)."""
    out: dict[str, tuple[str, bool]] = {}
    facts = P.all() if subject == Subject.PERSON else E.all()
    for f in facts:
        money = f.name.endswith("_fen")
        out[f.name] = (f.name, False)
        out[f.name.split(".", 1)[1]] = (f.name, False)
        out[_yuan_label(f.label_zh) if money else f.label_zh] = (f.name, money)
    return out


@dataclass
class Roster:
    """The rows that read cleanly, keyed by ``subject_id`` (the 身份证号 or 统一社会信用代码)."""

    subject: Subject
    frame: pl.DataFrame
    name: str
    rows: int  # rows in the file
    rejected: int = 0
    rejected_rows: list[int] = field(default_factory=list)  # 1-based data row numbers, first 20
    ignored_headers: list[str] = field(default_factory=list)


def _read(data: bytes | Path, name: str) -> pl.DataFrame:
    suffix = Path(name).suffix.lower()
    src: Any = io.BytesIO(data) if isinstance(data, bytes) else data
    try:
        if suffix == ".parquet":
            return pl.read_parquet(src)
        if suffix in (".xlsx", ".xlsm"):
            return pl.read_excel(src, engine="openpyxl", infer_schema_length=0)
    except Exception as exc:  # a damaged or mislabelled file
        raise InputError("roster", "名单文件无法读取，请上传 Parquet 或 Excel（.xlsx）文件",
                         "the roster cannot be read: upload a Parquet or Excel (.xlsx) file") from exc
    raise InputError("roster", "名单文件须为 Parquet（.parquet）或 Excel（.xlsx）",
                     "the roster must be a Parquet (.parquet) or Excel (.xlsx) file")


def _cast(col: pl.Expr, dtype: str, yuan: bool, source: pl.DataType) -> pl.Expr:
    """The value as the engine's type, null where it does not read (counted as a bad row). Typed
    Parquet columns are taken as they are; text (Excel, or Parquet written as text) is parsed."""
    target = PL_TYPES[dtype]
    if source == target and not yuan:
        return col
    if dtype == "int" and source.is_numeric():
        return ((col.cast(pl.Decimal(20, 2), strict=False) * 100) if yuan else col.round(0) if source.is_float()
                else col).cast(pl.Int64, strict=False)
    if dtype == "date" and (source == pl.Date or isinstance(source, pl.Datetime)):
        return col.cast(pl.Date)
    text = col.cast(pl.Utf8).str.strip_chars()
    text = pl.when(text == "").then(None).otherwise(text)
    if dtype == "date":
        return text.str.slice(0, 10).str.replace_all("/", "-").str.to_date("%Y-%m-%d", strict=False)
    if dtype == "bool":
        return text.str.to_lowercase().replace_strict(
            {"是": True, "否": False, "true": True, "false": False, "1": True, "0": False, "y": True, "n": False,
             "yes": True, "no": False}, default=None, return_dtype=pl.Boolean)
    if dtype == "int":
        clean = text.str.replace_all(",", "").str.replace_all("元", "")
        if yuan:
            return (clean.cast(pl.Decimal(20, 2), strict=False) * 100).cast(pl.Int64, strict=False)
        return clean.cast(pl.Float64, strict=False).round(0).cast(pl.Int64, strict=False)
    return text


def read_roster(data: bytes | Path, name: str, county: str, subject: Subject | None = None) -> Roster:
    """Read and check a roster for ``county``; ``subject`` is found from the identity column."""
    raw = _read(data, name)
    if raw.height > MAX_ROWS:
        raise InputError("roster", f"名单最多 {MAX_ROWS:,} 行", f"a roster holds at most {MAX_ROWS:,} rows")
    headers = {h: IDENTITY.get(str(h).strip(), None) for h in raw.columns}
    kinds = {v.split(".")[0] for v in headers.values() if v and v.endswith((".id_number", ".uscc"))}
    if subject is None:
        if len(kinds) != 1:
            raise InputError("roster", "名单须有“身份证号”或“统一社会信用代码”一列（二者选一）",
                             "the roster needs one column 身份证号 (people) or 统一社会信用代码 (enterprises)")
        subject = Subject.PERSON if kinds == {"person"} else Subject.ENTERPRISE
    facts = header_map(subject)
    fact_types = {f.name: f.dtype for f in (P.all() if subject == Subject.PERSON else E.all())}
    exprs, ignored, seen = [], [], set()
    for h in raw.columns:
        key = str(h).strip()
        ident = IDENTITY.get(key)
        if ident and ident.startswith(subject.value + "."):
            target, expr = ident, pl.col(h).cast(pl.Utf8).str.strip_chars()
        elif key in facts:
            target, yuan = facts[key]
            expr = _cast(pl.col(h), fact_types[target], yuan, raw.schema[h])
            exprs.append(pl.col(h).is_not_null().alias(f"__given.{target}"))
        else:
            ignored.append(key)
            continue
        if target in seen:
            raise InputError("roster", f"名单中“{key}”一列重复", f"the column {key} appears twice")
        seen.add(target)
        exprs.append(expr.alias(target))
    key_col = KEY_COLUMN[subject]
    if key_col not in seen:
        raise InputError("roster", "名单缺少身份证号（或统一社会信用代码）一列", "the roster has no identity column")
    frame = raw.with_row_index("__row", offset=1).select("__row", *exprs)
    valid = (id_number_valid_expr(pl.col(key_col)) if subject == Subject.PERSON
             else uscc_valid_expr(pl.col(key_col)))
    given = [c for c in frame.columns if c.startswith("__given.")]
    unreadable = pl.any_horizontal([pl.col(g) & pl.col(g.removeprefix("__given.")).is_null() for g in given]) \
        if given else pl.lit(False)
    norm = pl.col(key_col).str.to_uppercase()
    frame = frame.with_columns(norm.alias(key_col)).with_columns(
        (~valid | unreadable | (pl.int_range(pl.len()).over(norm) > 0)).alias("__bad"))
    bad = frame.filter(pl.col("__bad"))
    good = frame.filter(~pl.col("__bad")).drop("__bad", *given)
    fill = [pl.lit(county).alias(c) if c not in good.columns else pl.col(c).fill_null(county)
            for c in PLACE[subject]]
    good = good.with_columns(fill)
    names = [f.name for f in (P.all() if subject == Subject.PERSON else E.all())]
    good = good.with_columns(pl.lit(None, dtype=PL_TYPES[fact_types[n]]).alias(n) for n in names
                             if n not in good.columns)
    if NAME_COLUMN[subject] not in good.columns:
        good = good.with_columns(pl.lit("", dtype=pl.Utf8).alias(NAME_COLUMN[subject]))
    good = good.with_columns(pl.col(key_col).alias("subject_id")).select(
        "subject_id", key_col, NAME_COLUMN[subject], *names)
    return Roster(subject, good, Path(name).name[:200], raw.height, bad.height,
                  bad["__row"].head(20).cast(pl.Int64).to_list(), ignored)
