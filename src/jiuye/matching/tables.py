"""The subject tables ``jiuye match`` reads: Parquet, or an Arrow IPC file read memory-mapped.

- **Parquet** (``.parquet``, the usual export): chunks of whole row groups; each chunk's columns are
  decoded (decompressed, dictionary and bit-packed pages expanded) when it is read.
- **Arrow IPC file** (``.arrow`` / ``.ipc`` / ``.feather``, the Arrow *file* format; made once from a
  Parquet export by ``jiuye population convert``): uncompressed, the columns are stored as Polars
  holds them, so a chunk is a view of the memory-mapped file (no decoding, no copy; only the pages of
  the columns read are touched). After each chunk the process gives the mapped pages back
  (``madvise(MADV_DONTNEED)``: they stay in the page cache, shared, and are read again from it if
  touched), so its resident memory does not grow with the file. Chunks are whole record batches, as
  row groups are for Parquet (``convert`` writes a batch per row group of the source, split to at most
  200,000 rows: the same chunks as the Parquet file). An lz4- or zstd-compressed IPC file is read too (each
  chunk is then decompressed).

The format is recognised by the file's first bytes (``PAR1`` / ``ARROW1``), not its name. A file that
is neither, or cannot be read, is an :class:`~jiuye.errors.InputError` naming the file (Chinese and
English).
"""

from __future__ import annotations

import mmap
from collections.abc import Iterable, Iterator
from pathlib import Path

import polars as pl

from ..errors import InputError

PARQUET, ARROW = "parquet", "arrow"
ROW = "__row"  # (as in .match) the row's position in its table
SUFFIXES = (".parquet", ".arrow", ".ipc", ".feather")


def bad_table(path: Path, what: str, zh: str, en: str) -> InputError:
    """An error naming the file (``what``: persons, enterprises, or any table), in Chinese and English."""
    words_zh, words_en = _WORDS.get(what, ("对象表", f"{what} table"))
    return InputError(what, f"{words_zh} {path}：{zh}", f"{words_en} {path}: {en}")


_WORDS = {"persons": ("人员表", "persons table"), "person": ("人员表", "persons table"),
          "enterprises": ("企业表", "enterprises table"), "enterprise": ("企业表", "enterprises table"),
          "table": ("对象表", "subject table")}


def table_format(path: Path, what: str = "table") -> str:
    """``"parquet"`` or ``"arrow"`` from the file's first bytes; an InputError otherwise."""
    if not path.is_file():
        raise bad_table(path, what, "找不到该文件", "file not found")
    with open(path, "rb") as fh:
        head = fh.read(8)
    if head[:4] == b"PAR1":
        return PARQUET
    if head[:6] == b"ARROW1":
        return ARROW
    if head[:4] == b"\xff\xff\xff\xff":
        raise bad_table(path, what, "这是 Arrow 流格式，请用 jiuye population convert 转为 Arrow 文件格式",
                        "is an Arrow stream, not an Arrow file: convert it with jiuye population convert")
    raise bad_table(path, what, "应为 Parquet 或 Arrow IPC 文件（.parquet / .arrow）",
                    "must be a Parquet or an Arrow IPC file (.parquet / .arrow)")


class SubjectTable:
    """One subject table (Parquet or Arrow IPC file): its schema, rows, chunks and their keys."""

    def __init__(self, path: Path | str, what: str = "table"):
        self.path, self.what = Path(path), what
        self.format = table_format(self.path, what)
        try:
            if self.format == PARQUET:
                import pyarrow.parquet as pq

                self._md = pq.ParquetFile(self.path).metadata
                self.schema = dict(pl.read_parquet_schema(self.path))
                self.group_rows = [self._md.row_group(i).num_rows for i in range(self._md.num_row_groups)]
            else:
                import pyarrow as pa
                import pyarrow.ipc as ipc

                with open(self.path, "rb") as fh:
                    self._map = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
                self._reader = ipc.open_file(pa.BufferReader(pa.py_buffer(self._map)))
                batches = [self._reader.get_batch(i) for i in range(self._reader.num_record_batches)]
                self._batches = batches
                self.group_rows = [b.num_rows for b in batches]
                self.schema = dict(pl.from_arrow(self._reader.schema.empty_table()).schema)  # type: ignore[union-attr]
        except InputError:
            raise
        except Exception as exc:  # noqa: BLE001 - any reader error is the file's, said in words
            raise bad_table(self.path, what, "无法读取（文件损坏或格式不符）",
                            f"cannot be read ({type(exc).__name__}: {str(exc)[:200]})") from None

    @property
    def rows(self) -> int:
        return sum(self.group_rows)

    def chunk_bounds(self, chunk_rows: int) -> list[tuple[int, int]]:
        """(offset, rows) of each chunk: whole row groups (record batches), as many as fit in
        ``chunk_rows`` (at least one), so no group is decoded twice for two chunks."""
        out: list[tuple[int, int]] = []
        start = size = 0
        for n in self.group_rows:
            if size and size + n > chunk_rows:
                out.append((start, size))
                start, size = start + size, 0
            size += n
        if size:
            out.append((start, size))
        return out

    def slice(self, columns: Iterable[str], offset: int, rows: int) -> pl.DataFrame:
        """Rows ``offset`` to ``offset + rows`` of the ``columns`` the table has, in that order."""
        cols = [c for c in columns if c in self.schema]
        if self.format == PARQUET:
            return pl.scan_parquet(self.path).select(cols).slice(offset, rows).collect()
        import pyarrow as pa

        parts, start = [], 0
        for b, n in zip(self._batches, self.group_rows, strict=True):
            lo, hi = max(offset, start), min(offset + rows, start + n)
            if lo < hi:
                parts.append(b.select(cols).slice(lo - start, hi - lo))
            start += n
        if not parts:
            return pl.DataFrame(schema={c: self.schema[c] for c in cols})
        table = pa.Table.from_batches(parts)
        return pl.from_arrow(table, rechunk=False)  # type: ignore[return-value]  # views of the mapped file

    def read(self, columns: Iterable[str], bounds: Iterable[tuple[int, int]], *,
             row_index: bool = False) -> Iterator[pl.DataFrame]:
        """Each of ``bounds`` (offset, rows) in turn, the ``columns`` the table has (``row_index``: and
        :data:`ROW`, each row's position in the table, carried to the matched pairs)."""
        cols = list(columns)
        for offset, rows in bounds:
            frame = self.slice(cols, offset, rows)
            yield frame.with_row_index(ROW, offset=offset) if row_index else frame

    def release(self) -> None:
        """Give back the mapped pages read so far (an Arrow file; they stay in the page cache and are
        read again from it if still used). Nothing for Parquet."""
        m = getattr(self, "_map", None)
        if m is not None and hasattr(m, "madvise"):
            m.madvise(mmap.MADV_DONTNEED)

    def key_ranges(self, key: str, bounds: list[tuple[int, int]]) -> list[tuple[str, str]] | None:
        """(smallest, largest) ``key`` of each chunk of ``bounds`` when ``key`` is text and the chunks'
        ranges increase without overlapping (a table sorted by its key), else None. Parquet: from the
        row groups' statistics (nothing decoded); Arrow: from the key column of the mapped file."""
        if self.schema.get(key) != pl.String:
            return None
        if self.format == PARQUET:
            return self._parquet_key_ranges(key, bounds)
        out: list[tuple[str, str]] = []
        for offset, rows in bounds:
            col = self.slice([key], offset, rows).get_column(key)
            if rows == 0 or col.null_count():
                return None
            lo, hi = col.min(), col.max()
            if out and not out[-1][1] < lo:  # type: ignore[operator]
                return None
            out.append((lo, hi))  # type: ignore[arg-type]
        self.release()
        return out

    def _parquet_key_ranges(self, key: str, bounds: list[tuple[int, int]]) -> list[tuple[str, str]] | None:
        md = self._md
        names = [md.schema.column(j).path for j in range(md.num_columns)]
        if key not in names or md.schema.column(names.index(key)).physical_type != "BYTE_ARRAY":
            return None
        j = names.index(key)
        groups: list[tuple[int, str, str]] = []  # (first row, min, max)
        row = 0
        for i in range(md.num_row_groups):
            rg = md.row_group(i)
            st = rg.column(j).statistics
            if rg.num_rows == 0:
                continue
            if st is None or not st.has_min_max or st.null_count or not isinstance(st.min, str):
                return None
            if groups and not groups[-1][2] < st.min:
                return None
            groups.append((row, st.min, st.max))
            row += rg.num_rows
        out = []
        for offset, rows in bounds:
            inside = [g for g in groups if offset <= g[0] < offset + rows]
            if not inside:
                return None
            out.append((inside[0][1], inside[-1][2]))
        return out

    def keys(self, key: str, bounds: list[tuple[int, int]]) -> pl.LazyFrame:
        """The ``key`` column of each chunk of ``bounds`` as text (``__key``) with its chunk's number
        (``__chunk``, Int64: its place in ``bounds``)."""
        return pl.concat([self.slice([key], offset, rows).lazy()
                          .select(pl.col(key).cast(pl.Utf8).alias("__key"))
                          .with_columns(pl.lit(i, dtype=pl.Int64).alias("__chunk"))
                          for i, (offset, rows) in enumerate(bounds)])


def table_rows(path: Path) -> int:
    return SubjectTable(path).rows


def convert_to_arrow(source: Path, out: Path, *, batch_rows: int = 200_000, what: str = "table") -> int:
    """Write the subject table ``source`` (Parquet or Arrow) as an uncompressed Arrow IPC file
    ``out`` (``jiuye population convert``): the same columns, types and rows in the same order, a
    record batch per row group of the source (so the same chunks), split to at most ``batch_rows``; text as Polars holds it (string views), so ``jiuye match`` maps it
    without decoding. Returns the number of rows. Written to a temporary name, then renamed."""
    import pyarrow.ipc as ipc

    table = SubjectTable(source, what)
    tmp = out.with_name(out.name + ".part")
    writer = None
    try:
        pieces = [(o + i, min(batch_rows, n - i)) for o, n in table.chunk_bounds(1) for i in range(0, n, batch_rows)]
        for offset, rows in pieces:
            frame = table.slice(list(table.schema), offset, rows).rechunk()
            arrow = frame.to_arrow()
            if writer is None:
                writer = ipc.new_file(str(tmp), arrow.schema, options=ipc.IpcWriteOptions(compression=None))
            for batch in arrow.combine_chunks().to_batches(max_chunksize=batch_rows):
                writer.write_batch(batch)
            table.release()
        if writer is None:  # no rows: the schema alone
            arrow = pl.DataFrame(schema=table.schema).to_arrow()
            writer = ipc.new_file(str(tmp), arrow.schema, options=ipc.IpcWriteOptions(compression=None))
        writer.close()
        writer = None
        tmp.replace(out)
    finally:
        if writer is not None:
            writer.close()
        tmp.unlink(missing_ok=True)
    return table.rows
