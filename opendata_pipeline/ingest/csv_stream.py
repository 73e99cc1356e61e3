"""A CSV file's typed rows as a stream of Arrow batches, with a sample that needs no full pass.

What the anonymizer reads from a CSV: DuckDB parses and casts (as `csv_to_parquet` does) while
the batches are consumed, nothing is written in between. The sample is cut from byte ranges
spread over the file. A cast failing mid-stream relaxes the column types and raises
`TypesRelaxed`: the consumer starts again with the new types.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from opendata_pipeline.ingest.csv_reader import CsvSource, TypedCsv

if TYPE_CHECKING:  # numpy and pyarrow are imported where used: the catalogue loads this module
    import pyarrow as pa

SAMPLE_RANGES = 64  # byte ranges the sample is cut from
SAMPLE_RANGE_BYTES = 1 << 16
STREAM_BUFFER = "32MB"  # DuckDB parses ahead while a batch is being consumed


class TypesRelaxed(Exception):
    """A value did not fit its column's type mid-stream: the types were relaxed, read again."""


class CsvStream(TypedCsv):
    """A CSV file (see `TypedCsv`) read as a stream of typed Arrow batches."""

    def __init__(
        self, src: Path, source: CsvSource | None = None, dataset: str = "-", *, typed: bool = True
    ) -> None:
        super().__init__(src, source, dataset, typed=typed)
        self.con.execute(f"SET streaming_buffer_size = '{STREAM_BUFFER}'")

    @property
    def schema(self) -> pa.Schema:
        return self.con.sql(f"{self.query()} LIMIT 0").to_arrow_table().schema

    def batches(self, columns: list[str], batch_rows: int) -> Iterator[pa.RecordBatch]:
        """The typed rows of `columns`, in file order, by batches of `batch_rows`."""
        try:
            with self.con.sql(self.query(columns)).to_arrow_reader(batch_rows) as reader:
                yield from _regrouped(reader, batch_rows)
        except duckdb.Error as exc:
            self.relax(exc)  # raises the steward's error when no column type can give way
            raise TypesRelaxed(self.file) from None

    def sample(self, rows: int) -> tuple[pa.Table, None]:
        """About `rows` typed rows cut from byte ranges spread evenly over the file (whole
        lines; lenient casts), thinned reproducibly; the row count is not known. When the
        ranges hold almost no line (very long lines, no LF line ends), a reservoir sample is
        drawn over the whole file instead."""
        import numpy as np
        import pyarrow as pa

        sampled, whole = self._sampled_bytes()
        with tempfile.TemporaryDirectory(prefix="opendata-sample-") as tmp:
            lines = Path(tmp) / "sample.csv"
            lines.write_bytes(sampled)
            relation = self.relation_of(lines, lenient=True)
            table = self.con.sql(self.query(relation=relation, lenient=True)).to_arrow_table()
        if not whole and table.num_rows < min(rows, SAMPLE_RANGES):
            reservoir = f"USING SAMPLE reservoir({rows} ROWS) REPEATABLE (1)"
            table = self.con.sql(f"{self.query(lenient=True)} {reservoir}").to_arrow_table()
        if table.num_rows > rows:
            keep = np.sort(np.random.default_rng(0).choice(table.num_rows, rows, replace=False))
            table = table.take(pa.array(keep))
        return table, None

    def _sampled_bytes(self) -> tuple[bytes, bool]:
        """The header lines, then whole lines from SAMPLE_RANGES ranges of the body, and
        whether that is the whole file (a small one)."""
        size = self.path.stat().st_size
        if size <= SAMPLE_RANGES * SAMPLE_RANGE_BYTES:
            return self.path.read_bytes(), True
        skip = self.dialect.skip_rows + (1 if self.source.header else 0)
        with self.path.open("rb") as f:
            parts = [f.readline() for _ in range(skip)]
            start = f.tell()
            for k in range(SAMPLE_RANGES):
                f.seek(start + k * (size - start) // SAMPLE_RANGES)
                chunk = f.read(SAMPLE_RANGE_BYTES)
                if k:  # the range starts inside a line: drop it
                    chunk = chunk[chunk.find(b"\n") + 1 :] if b"\n" in chunk else b""
                parts.append(chunk[: chunk.rfind(b"\n") + 1])
        return b"".join(parts), False

    def columns(self) -> list[tuple[str, str]]:
        """Column names and DuckDB types."""
        relation = self.con.sql(self.query())
        return [(str(n), str(t)) for n, t in zip(relation.columns, relation.types, strict=True)]

    def count(self) -> int:
        """Rows of the whole file (one parallel pass)."""
        while True:
            try:
                counted = self.con.sql(f"SELECT count(*) FROM ({self.query()})").fetchall()
                return int(counted[0][0])
            except duckdb.Error as exc:
                self.relax(exc)


def _regrouped(reader: pa.RecordBatchReader, size: int) -> Iterator[pa.RecordBatch]:
    """DuckDB's stream (chunks of some thousand rows) as contiguous batches of `size` rows."""
    import pyarrow as pa

    pending: list[pa.RecordBatch] = []
    waiting = 0
    while (batch := _next_batch(reader)) is not None:
        pending.append(batch)
        waiting += batch.num_rows
        if waiting >= size:
            table = pa.Table.from_batches(pending, reader.schema)
            cut = waiting - waiting % size
            yield from table.slice(0, cut).combine_chunks().to_batches(max_chunksize=size)
            pending, waiting = table.slice(cut).to_batches(), waiting - cut
    if waiting:
        yield from pa.Table.from_batches(pending, reader.schema).combine_chunks().to_batches()


def _next_batch(reader: pa.RecordBatchReader) -> pa.RecordBatch | None:
    """The next batch DuckDB streams (None at the end); its errors (a cast failing, a ragged
    line) come through Arrow as OSError and are given back as DuckDB errors."""
    try:
        return reader.read_next_batch()
    except StopIteration:
        return None
    except OSError as exc:
        raise duckdb.Error(str(exc)) from None
