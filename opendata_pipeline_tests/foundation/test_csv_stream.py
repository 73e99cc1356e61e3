"""A CSV streamed as typed Arrow batches gives what `csv_to_parquet` writes; a late value that
breaks its type asks for a new pass; the sample is spread over the whole file."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from opendata_pipeline.errors import DatasetError
from opendata_pipeline.ingest import csv_stream
from opendata_pipeline.ingest.csv_reader import SAMPLE_ROWS, csv_to_parquet
from opendata_pipeline.ingest.csv_stream import CsvStream, TypesRelaxed


def _streamed(stream: CsvStream, batch_rows: int) -> tuple[pa.Table, list[int]]:
    batches = list(stream.batches(stream.names, batch_rows))
    return pa.Table.from_batches(batches, stream.schema), [b.num_rows for b in batches]


@pytest.mark.parametrize(
    "name",
    [
        "tabular/VilleMTP_MTP_BudgetPri_2014.csv",  # cp1252, decimal commas, "-" placeholders
        "tabular/VilleMTP_MTP_Defibrillateurs.csv",  # line breaks inside quoted cells
        "parking/VilleMTP_MTP_ParkingOuv.csv",  # DBF headers, two-digit years
        "personal-data/VilleMTP_MTP_ListeAssoc_2011.csv",
    ],
)
def test_stream_gives_the_rows_csv_to_parquet_writes(
    realdata: Path, tmp_path: Path, opendata_home: Path, name: str
) -> None:
    written = csv_to_parquet(realdata / name, tmp_path / "out.parquet")
    expected = pq.read_table(tmp_path / "out.parquet")
    with CsvStream(realdata / name) as stream:
        table, sizes = _streamed(stream, 100)
        assert stream.count() == written.rows == table.num_rows
        assert stream.columns() == written.columns
        sample, rows = stream.sample(10_000)
    assert table.equals(expected)
    assert all(s == 100 for s in sizes[:-1]) and 0 < sizes[-1] <= 100
    assert sample.equals(expected) and rows is None  # a small file is sampled whole


def test_a_value_breaking_its_type_mid_stream_asks_for_a_new_pass(
    tmp_path: Path, opendata_home: Path
) -> None:
    path = tmp_path / "late.csv"
    rows = [f"{i};{i * 2};{i % 7}" for i in range(SAMPLE_ROWS + 5000)]
    rows[SAMPLE_ROWS + 4000] = "99999999;n/c;3"
    path.write_text("id;valeur;code\n" + "\n".join(rows) + "\n", encoding="utf-8")
    with CsvStream(path, dataset="late") as stream:
        assert stream.schema.field("valeur").type == pa.int64()
        passes = 0
        while True:  # as a consumer does: robust parsing first, then text
            passes += 1
            try:
                table = pa.Table.from_batches(list(stream.batches(["id", "valeur"], 4096)))
                break
            except TypesRelaxed:
                assert passes < 3
    assert passes > 1 and table.schema.names == ["id", "valeur"]
    assert table.schema.field("valeur").type == pa.string()
    values = dict(
        zip(table.column("id").to_pylist(), table.column("valeur").to_pylist(), strict=True)
    )
    assert values[99999999] == "n/c" and values[3] == "6" and len(values) == len(rows)


def test_a_ragged_line_mid_stream_names_dataset_file_and_line(
    tmp_path: Path, opendata_home: Path
) -> None:
    path = tmp_path / "ragged.csv"
    rows = [f"{i};{i}" for i in range(20 * SAMPLE_ROWS)] + ["secret@example.org"]
    path.write_text("a;b\n" + "\n".join(rows) + "\n", encoding="utf-8")
    with CsvStream(path, dataset="demo") as stream, pytest.raises(DatasetError) as info:
        list(stream.batches(["a", "b"], 4096))
    message = str(info.value)
    assert message.startswith("dataset 'demo', file 'ragged.csv', line ")
    assert "ragged row" in message and "secret" not in message


def test_the_sample_of_a_large_file_is_spread_over_it_and_reproducible(
    tmp_path: Path, opendata_home: Path
) -> None:
    path = tmp_path / "sorted.csv"
    n = 200_000  # ~8 MB: more than the sampled byte ranges
    lead = ["Ligne\nsur deux lignes, ", "Saisie du ", "Saisie du "]
    lines = [f'{i};"{lead[i % 3]}{i}";partie {10 * i // n}' for i in range(n)]
    path.write_text("id;texte;partie\n" + "\n".join(lines) + "\n", encoding="utf-8")
    assert path.stat().st_size > csv_stream.SAMPLE_RANGES * csv_stream.SAMPLE_RANGE_BYTES
    with CsvStream(path) as stream:
        sample, rows = stream.sample(3000)
        again, _ = stream.sample(3000)
    assert rows is None and sample.equals(again) and sample.num_rows == 3000
    assert set(sample.column("partie").to_pylist()) == {f"partie {k}" for k in range(10)}
    ids = sample.column("id").to_pylist()
    assert ids == sorted(ids) and ids[0] < n // 20 and ids[-1] > n - n // 20
    texts = dict(zip(ids, sample.column("texte").to_pylist(), strict=True))
    assert all(t.endswith(str(i)) for i, t in texts.items())  # whole lines, multi-line cells


def test_lines_longer_than_the_sampled_ranges_are_sampled_over_the_whole_file(
    tmp_path: Path, opendata_home: Path
) -> None:
    path = tmp_path / "long.csv"
    text = "Compte rendu de séance " * 6000  # ~140 kB per line: ranges fall inside lines
    path.write_text("id;texte\n" + "".join(f"{i};{text}{i}\n" for i in range(40)), encoding="utf-8")
    assert path.stat().st_size > csv_stream.SAMPLE_RANGES * csv_stream.SAMPLE_RANGE_BYTES
    with CsvStream(path) as stream:
        sample, _ = stream.sample(10_000)
    assert sorted(sample.column("id").to_pylist()) == list(range(40))
