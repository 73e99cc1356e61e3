"""The typed tables the anonymizer reads: a Parquet file, or a CSV streamed by DuckDB
(`ingest.csv_stream.CsvStream`: no intermediate file)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import pyarrow as pa
import pyarrow.parquet as pq

from ..storage.sql import connect, ident, lit


class TableSource(Protocol):
    """Typed rows read by batches, and a sample of them."""

    @property
    def schema(self) -> pa.Schema: ...

    def batches(self, columns: list[str], batch_rows: int) -> Iterator[pa.RecordBatch]: ...

    def sample(self, rows: int) -> tuple[pa.Table, int | None]:
        """About `rows` rows drawn over the whole table, and its row count when known."""
        ...


@dataclass(frozen=True)
class ParquetTable:
    """A typed Parquet file."""

    path: Path

    @property
    def schema(self) -> pa.Schema:
        return pq.read_schema(self.path)

    def batches(self, columns: list[str], batch_rows: int) -> Iterator[pa.RecordBatch]:
        """Decoded in the calling thread: Arrow's decoding threads cost more CPU than they save."""
        parquet = pq.ParquetFile(self.path)
        yield from parquet.iter_batches(batch_size=batch_rows, columns=columns, use_threads=False)

    def sample(self, rows: int) -> tuple[pa.Table, int]:
        """Each row drawn by a hash of its position (reproducible; DuckDB scans in parallel)."""
        path = self.path
        con = connect()
        try:
            total = con.sql(f"SELECT count(*) FROM read_parquet({lit(path)})").fetchall()
            count = int(total[0][0])
            if count <= rows:
                return con.sql(f"SELECT * FROM read_parquet({lit(path)})").to_arrow_table(), count
            names = self.schema.names
            select = ", ".join(ident(n) for n in names)
            if "file_row_number" in names:  # a data column hides the reader's row position
                source = (
                    f"(SELECT *, row_number() OVER () - 1 AS __row FROM read_parquet({lit(path)}))"
                )
                position = "__row"
            else:
                source = f"read_parquet({lit(path)}, file_row_number = true)"
                position = "file_row_number"
            sql = f"SELECT {select} FROM {source} WHERE hash({position}) % {count} < {rows}"
            return con.sql(sql).to_arrow_table(), count
        finally:
            con.close()


def as_source(table: Path | TableSource) -> TableSource:
    return ParquetTable(table) if isinstance(table, Path) else table
