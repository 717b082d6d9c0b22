"""A status spells file, checked at the edge (``jiuye simulate --spells``, ``jiuye match``, a
population folder's ``spells.parquet``): a bad file is an error that names the file and the column,
in Chinese with English, never a traceback.

The long table of
``jiuye.facts.spells.SPELL_SCHEMA`` — ``subject_id`` (the subject table's key: ``person_id`` or
``enterprise_id``), ``kind``, ``from``, ``to`` (empty = ongoing) and the optional attributes.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from ..errors import InputError
from .spells import KIND_LABELS, SPELL_KINDS, SPELL_SCHEMA

REQUIRED = ("subject_id", "kind", "from")
COLUMN_WORDS = {"subject_id": "对象编号", "kind": "状态类别", "from": "开始日期", "to": "结束日期",
                "insured_from": "参保起始", "insured_to": "参保截止", "county": "所在县", "post": "岗位类别"}


def _bad(path: Path, column: str | None, zh: str, en: str) -> InputError:
    where_zh = f"状态时段表 {path.name}" + (f"“{column}”列（{COLUMN_WORDS.get(column, column)}）" if column else "")
    where_en = f"spells file {path.name}" + (f", column {column}" if column else "")
    return InputError("spells" + (f".{column}" if column else ""), f"{where_zh}：{zh}", f"{where_en}: {en}")


def _read(path: Path) -> pl.DataFrame:
    if not path.is_file():
        raise _bad(path, None, "找不到该文件", "file not found")
    suffix = path.suffix.lower()
    if suffix not in (".parquet", ".csv"):
        raise _bad(path, None, "应为 .parquet 或 .csv 文件", "must be a .parquet or .csv file")
    try:
        if suffix == ".parquet":
            return pl.read_parquet(path)
        return pl.read_csv(path, infer_schema=False)  # every column as text, converted below column by column
    except Exception as exc:  # noqa: BLE001 - any reader error is the file's, said in words
        raise _bad(path, None, "无法读取（文件损坏或格式不符）", f"cannot be read ({type(exc).__name__})") from None


def _as(frame: pl.DataFrame, path: Path, column: str, dtype: pl.DataType) -> pl.Expr:
    col = pl.col(column)
    if frame.schema[column] == pl.Utf8 and dtype == pl.Date:
        text = col.str.strip_chars()
        conv = pl.when(text == "").then(None).otherwise(text).str.to_date("%Y-%m-%d", strict=False)
        bad = frame.filter(col.is_not_null() & (col.str.strip_chars() != "") & conv.is_null())
        if bad.height:
            raise _bad(path, column, f"日期应形如 2024-01-31，第一处无效值：{bad.get_column(column)[0]!r}",
                       f"dates must look like 2024-01-31; first bad value {bad.get_column(column)[0]!r}")
        return conv.alias(column)
    try:
        frame.select(col.cast(dtype, strict=True))
    except Exception:  # noqa: BLE001
        kind = "日期" if dtype == pl.Date else "文本"
        raise _bad(path, column, f"应为{kind}（现为 {frame.schema[column]}）",
                   f"must be {'dates' if dtype == pl.Date else 'text'} (is {frame.schema[column]})") from None
    return col.cast(dtype).alias(column)


def read_spells_file(path: str | Path) -> pl.DataFrame:
    """The spells table of ``path`` (Parquet or CSV) as ``SPELL_SCHEMA``; an :class:`InputError`
    naming the file and the column when it cannot be used."""
    path = Path(path)
    return check_spells(_read(path), path)


def check_spells(frame: pl.DataFrame, path: Path = Path("spells")) -> pl.DataFrame:
    """A spells table (read from ``path``, or given) checked and cast to ``SPELL_SCHEMA``."""
    for column in REQUIRED:
        if column not in frame.columns:
            raise _bad(path, column, "缺少该列（需要 subject_id、kind、from，可选 to）",
                       "the column is missing (needs subject_id, kind, from; to optional)")
    out = frame.select([_as(frame, path, c, t) if c in frame.columns else pl.lit(None, dtype=t).alias(c)
                        for c, t in SPELL_SCHEMA.items()])
    for column in REQUIRED:
        if out.get_column(column).null_count():
            raise _bad(path, column, "有空值（每行都须填写）", "has empty cells (every row needs one)")
    kinds = out.get_column("kind").str.strip_chars()
    unknown = sorted(set(kinds.unique().to_list()) - set(SPELL_KINDS))
    if unknown:
        known = "、".join(f"{k}（{KIND_LABELS[k][0]}）" for k in SPELL_KINDS[:3])
        raise _bad(path, "kind", f"不认识的状态类别 {unknown[:3]}（可用：{known}…）",
                   f"unknown spell kinds {unknown[:3]} (known: {', '.join(SPELL_KINDS)})")
    backwards = out.filter(pl.col("to") < pl.col("from"))
    if backwards.height:
        raise _bad(path, "to", f"结束日期早于开始日期（对象 {backwards.get_column('subject_id')[0]}）",
                   f"a spell ends before it starts (subject {backwards.get_column('subject_id')[0]})")
    return out.with_columns(kinds.alias("kind"), pl.col("subject_id").str.strip_chars())
