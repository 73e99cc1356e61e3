"""The typed tables the anonymizer reads: Parquet files, or the Arrow IPC scratch file the
command line writes from a CSV (`.arrow`: no Parquet encoding and decoding in between)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.ipc as ipc
import pyarrow.parquet as pq

from ..sql import connect, ident, lit

ARROW_SUFFIX = ".arrow"


def is_arrow(path: Path) -> bool:
    return path.suffix.lower() == ARROW_SUFFIX


def read_schema(path: Path) -> pa.Schema:
    if is_arrow(path):
        with pa.OSFile(str(path)) as source:
            return ipc.open_file(source).schema
    return pq.read_schema(path)


def iter_batches(path: Path, columns: list[str], batch_rows: int) -> Iterator[pa.RecordBatch]:
    """The batches of `columns` (an Arrow file's own batches; Parquet in `batch_rows`), decoded
    in the calling thread: Arrow's decoding threads cost more CPU than they save here."""
    if not is_arrow(path):
        parquet = pq.ParquetFile(path)
        yield from parquet.iter_batches(batch_size=batch_rows, columns=columns, use_threads=False)
        return
    with pa.OSFile(str(path)) as source:
        schema = ipc.open_file(source).schema
        fields = [schema.get_field_index(c) for c in columns]
        reader = ipc.open_file(source, options=ipc.IpcReadOptions(included_fields=fields))
        for i in range(reader.num_record_batches):
            yield reader.get_batch(i).select(columns)


def sample_table(path: Path, sample_rows: int) -> tuple[pa.Table, int]:
    """A reproducible random sample of about `sample_rows` rows of the file, in file order, and
    the file's row count."""
    return (
        _sample_arrow(path, sample_rows) if is_arrow(path) else _sample_parquet(path, sample_rows)
    )


def _sample_parquet(path: Path, sample_rows: int) -> tuple[pa.Table, int]:
    """Each row drawn by a hash of its position, so DuckDB scans the file in parallel."""
    con = connect()
    try:
        total = con.sql(f"SELECT count(*) FROM read_parquet({lit(path)})").fetchall()
        rows = int(total[0][0])
        if rows <= sample_rows:
            return con.sql(f"SELECT * FROM read_parquet({lit(path)})").to_arrow_table(), rows
        names = pq.read_schema(path).names
        select = ", ".join(ident(n) for n in names)
        if "file_row_number" in names:  # a data column hides the reader's row position
            source = f"(SELECT *, row_number() OVER () - 1 AS __row FROM read_parquet({lit(path)}))"
            position = "__row"
        else:
            source = f"read_parquet({lit(path)}, file_row_number = true)"
            position = "file_row_number"
        sql = f"SELECT {select} FROM {source} WHERE hash({position}) % {rows} < {sample_rows}"
        return con.sql(sql).to_arrow_table(), rows
    finally:
        con.close()


def _position_hash(positions: np.ndarray) -> np.ndarray:
    """splitmix64 of row positions (uint64 arithmetic wraps)."""
    x = positions.astype(np.uint64) + np.uint64(0x9E3779B97F4A7C15)
    x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    hashed: np.ndarray = x ^ (x >> np.uint64(31))
    return hashed


def _smallest(values: np.ndarray, count: int) -> np.ndarray:
    """Positions of the `count` smallest `values`, ascending (all when there are fewer)."""
    if len(values) <= count:
        return np.arange(len(values))
    return np.sort(np.argpartition(values, count)[:count])


def _sample_arrow(path: Path, sample_rows: int) -> tuple[pa.Table, int]:
    """The `sample_rows` rows whose positions hash smallest (a bottom-k sample: one pass, the
    row count need not be known in advance). Read batch by batch, not mapped: a mapping's
    pages would stay resident and count against the process's memory."""
    parts: list[pa.RecordBatch] = []
    hashes: list[np.ndarray] = []
    rows = 0
    limit = np.iinfo(np.uint64).max  # a row enters the sample below the k-th smallest hash
    with pa.OSFile(str(path)) as source:
        reader = ipc.open_file(source)
        schema = reader.schema
        for i in range(reader.num_record_batches):
            batch = reader.get_batch(i)
            hashed = _position_hash(np.arange(rows, rows + batch.num_rows))
            keep = np.flatnonzero(hashed < limit)
            keep = keep[_smallest(hashed[keep], sample_rows)]
            parts.append(batch.take(pa.array(keep)))
            hashes.append(hashed[keep])
            rows += batch.num_rows
            kept = np.concatenate(hashes)
            if len(kept) >= sample_rows:
                limit = np.partition(kept, sample_rows - 1)[sample_rows - 1]
        table = pa.Table.from_batches(parts, schema=schema)
    if len(table) <= sample_rows:
        return table, rows
    return table.take(pa.array(_smallest(np.concatenate(hashes), sample_rows))), rows
