"""Subject tables as Parquet or Arrow IPC (``jiuye population convert``): the same answers, bad files refused."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from jiuye.cli import app
from jiuye.errors import InputError
from jiuye.matching.run import run_local
from jiuye.matching.tables import ARROW, PARQUET, SubjectTable, convert_to_arrow
from jiuye.population.synth import SynthConfig, write_population

AS_OF = date(2025, 6, 30)


@pytest.fixture(scope="module")
def pop(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("pop")
    write_population(SynthConfig(persons=5_000, enterprises=700, seed=7, ref=AS_OF, block_rows=1_500), out)
    res = CliRunner().invoke(app, ["population", "convert", str(out / "persons.parquet"),
                                   str(out / "enterprises.parquet"), "--batch-rows", "1500"])
    assert res.exit_code == 0, res.output
    return out


def test_convert_keeps_columns_types_rows_and_batches(pop: Path) -> None:
    for name in ("persons", "enterprises"):
        pq, arrow = SubjectTable(pop / f"{name}.parquet"), SubjectTable(pop / f"{name}.arrow")
        assert (pq.format, arrow.format) == (PARQUET, ARROW)
        assert arrow.schema == pq.schema and arrow.rows == pq.rows
        assert arrow.group_rows == pq.group_rows  # record batches = row groups: the same chunks
        for bounds in ([(0, pq.rows)], [(1_000, 700), (2_900, 1)]):
            a, b = (list(t.read(list(t.schema), bounds, row_index=True)) for t in (pq, arrow))
            assert all(x.equals(y) for x, y in zip(a, b, strict=True))
        arrow.release()
        assert arrow.slice(["no.such", *list(arrow.schema)[:2]], 10, 5).columns == list(arrow.schema)[:2]


@pytest.mark.parametrize("workers", [1, 2])
def test_arrow_input_writes_the_same_file_as_parquet(pop: Path, tmp_path: Path, workers: int) -> None:
    """Parquet and Arrow IPC inputs: unpaid.parquet byte for byte, the same summary and counts."""
    runs = {}
    for ext in ("parquet", "arrow"):
        runs[ext] = run_local(persons=pop / f"persons.{ext}", enterprises=pop / f"enterprises.{ext}",
                              history=pop / "history.parquet", as_of=AS_OF, out=tmp_path / ext, chunk_rows=2_000,
                              workers=workers)
    a, b = ((tmp_path / ext / "unpaid.parquet").read_bytes() for ext in ("parquet", "arrow"))
    assert a == b and pl.read_parquet(tmp_path / "arrow" / "unpaid.parquet").height > 0
    assert runs["parquet"].summary.equals(runs["arrow"].summary)
    assert runs["parquet"].subjects == runs["arrow"].subjects == {"person": 5_000, "enterprise": 700}


def test_unsorted_arrow_table_splits_the_ledger_by_join(pop: Path, tmp_path: Path) -> None:
    """Keys not in increasing order (no key ranges): the ledger is split by a join; same rows."""
    frame = pl.read_parquet(pop / "persons.parquet").reverse()
    frame.write_parquet(tmp_path / "rev.parquet", row_group_size=1_500)
    convert_to_arrow(tmp_path / "rev.parquet", tmp_path / "rev.arrow", batch_rows=1_500)
    assert SubjectTable(tmp_path / "rev.arrow").key_ranges("person.person_id", [(0, 1_500), (1_500, 1_500)]) is None
    out = [pl.read_parquet(run_local(persons=tmp_path / f"rev.{ext}", enterprises=None,
                                     history=pop / "history.parquet", as_of=AS_OF, out=tmp_path / ext,
                                     chunk_rows=1_500).out / "unpaid.parquet") for ext in ("parquet", "arrow")]
    assert out[0].height > 0 and out[0].equals(out[1])


def _bad_files(tmp_path: Path, pop: Path) -> dict[str, Path]:
    text = tmp_path / "persons.csv"
    text.write_text("person.person_id\nP1\n")
    cut = tmp_path / "cut.arrow"
    cut.write_bytes((pop / "persons.arrow").read_bytes()[:5_000])
    stream = tmp_path / "stream.arrow"
    with open(stream, "wb") as fh:
        pl.DataFrame({"person.person_id": ["P1"]}).write_ipc_stream(fh)
    empty = tmp_path / "empty.parquet"
    empty.write_bytes(b"")
    return {"text": text, "cut": cut, "stream": stream, "empty": empty}


def test_bad_tables_are_refused_naming_the_file(pop: Path, tmp_path: Path) -> None:
    for path in _bad_files(tmp_path, pop).values():
        with pytest.raises(InputError) as info:
            SubjectTable(path, "persons")
        assert str(path) in info.value.message_zh and "人员表" in info.value.message_zh
        assert str(path) in info.value.message_en and "persons table" in info.value.message_en


def test_cli_refuses_bad_tables_exit_2_no_traceback(pop: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    for kind, path in _bad_files(tmp_path, pop).items():
        for option in ("--persons", "--enterprises"):
            res = runner.invoke(app, ["match", option, str(path), "--as-of", "2025-06-30", "--out", str(tmp_path / "m")])
            assert res.exit_code == 2, (kind, res.output)
            assert res.exception is None or isinstance(res.exception, SystemExit)
            assert "Traceback" not in res.output and path.name in res.output.replace("\n", ""), res.output
            assert ("人员表" if option == "--persons" else "企业表") in res.output
        res = runner.invoke(app, ["population", "convert", str(path), "--out-dir", str(tmp_path / "c")])
        assert res.exit_code == 2 and "Traceback" not in res.output and path.name in res.output.replace("\n", "")
    res = runner.invoke(app, ["population", "convert", str(pop / "persons.arrow")])
    assert res.exit_code == 2 and "already" in res.output


def test_cli_match_reads_arrow(pop: Path, tmp_path: Path) -> None:
    res = CliRunner().invoke(app, ["match", "--persons", str(pop / "persons.arrow"), "--enterprises",
                                   str(pop / "enterprises.arrow"), "--history", str(pop / "history.parquet"),
                                   "--as-of", "2025-06-30", "--out", str(tmp_path / "m"), "--chunk-rows", "1500"])
    assert res.exit_code == 0, res.output
    assert pl.read_parquet(tmp_path / "m" / "unpaid.parquet").height > 0
