"""Messy French CSV → typed Parquet, streaming through DuckDB.

Encoding and dialect are sniffed (explicit options win); 8-bit files are transcoded to UTF-8
chunk by chunk; every column is read as text, typed from a sample (see `french_types`) and cast
in one streaming `COPY` (or, for a scratch file, one stream of Arrow batches). A value that does not fit the sampled type demotes its column to text
(and the COPY is retried) rather than being lost. Errors name the dataset, file and line, never
a cell value.
"""

from __future__ import annotations

import codecs
import re
import uuid
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.ipc as ipc

from opendata_pipeline.catalog.model import Source
from opendata_pipeline.errors import DatasetError
from opendata_pipeline.ingest.french_types import TEXT, ColumnType, infer_type
from opendata_pipeline.ingest.result import ReadResult
from opendata_pipeline.ingest.sniff import Dialect, sniff
from opendata_pipeline.paths import atomic_path, work_dir
from opendata_pipeline.sql import connect, ident, lit, parquet_options

SAMPLE_ROWS = 20_000
ARROW_BATCH_ROWS = 262_144  # rows per record batch of an Arrow scratch file
CHUNK = 1 << 22
_DBF_HEADER = re.compile(r"^(.+?),[CNDLFM](?:,\d+(?:,\d+)?)?$")
_LINE = re.compile(r"CSV Error on Line: (\d+)")
_COLUMNS = re.compile(r"Expected Number of Columns: (\d+) Found: (\d+)")


def clean_headers(header: list[str], *, dbf_headers: bool = True) -> list[str]:
    """Strip BOM/spaces and DBF type suffixes (`NOM,C,50` → `NOM`); name empty and duplicate ones."""
    names: list[str] = []
    for i, raw in enumerate(header):
        name = raw.lstrip("\ufeff").strip()
        if dbf_headers and (m := _DBF_HEADER.match(name)):
            name = m.group(1).strip()
        name = name or f"column_{i + 1}"
        base, n = name, 2
        while name in names:
            name, n = f"{base}_{n}", n + 1
        names.append(name)
    return names


def _transcode(src: Path, encoding: str, dataset: str) -> Path:
    """Re-encode an 8-bit / UTF-16 file to UTF-8 in chunks; errors give the byte offset and line."""
    target = work_dir() / f"{dataset}.{src.stem}.{uuid.uuid4().hex[:12]}.utf8.csv"
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    offset, lines = 0, 1
    with src.open("rb") as fin, target.open("w", encoding="utf-8", newline="") as fout:
        while chunk := fin.read(CHUNK):
            try:
                fout.write(decoder.decode(chunk))
            except UnicodeDecodeError as exc:
                bad = offset + exc.start
                line = lines + chunk[: exc.start].count(b"\n")
                target.unlink(missing_ok=True)
                raise DatasetError(
                    dataset,
                    f"cannot be decoded as {encoding} (set source.encoding explicitly)",
                    file=src.name,
                    location=f"line {line}, byte {bad}",
                ) from None
            offset += len(chunk)
            lines += chunk.count(b"\n")
        fout.write(decoder.decode(b"", final=True))
    return target


def _read_csv_sql(path: Path, dialect: Dialect, ncols: int, source: Source) -> str:
    columns = ", ".join(f"'c{i}': 'VARCHAR'" for i in range(ncols))
    nulls = ", ".join(lit(v) for v in source.null_values)
    return (
        f"read_csv({lit(path)}, auto_detect=false, header=false, "
        f"skip={dialect.skip_rows + (1 if source.header else 0)}, columns={{{columns}}}, "
        f"delim={lit(dialect.delimiter)}, quote={lit(dialect.quote)}, "
        f"escape={lit(dialect.quote)}, strict_mode=true, null_padding=false, "
        f"nullstr=[{nulls}])"
    )


def _csv_error(exc: duckdb.Error, dataset: str, file: str) -> DatasetError:
    text = str(exc)
    line = _LINE.search(text)
    cols = _COLUMNS.search(text)
    where = f"line {line.group(1)}" if line else None
    if cols:
        reason = f"ragged row: expected {cols.group(1)} fields, found {cols.group(2)}"
    elif "unicode" in text.lower() or "utf-8" in text.lower():
        reason = "invalid UTF-8 byte sequence (set source.encoding explicitly)"
    elif "quote" in text.lower():
        reason = "unterminated quoted field"
    else:
        reason = "unreadable CSV: " + text.splitlines()[0].split(":", 1)[0]
    return DatasetError(dataset, reason, file=file, location=where)


# Writes the typed rows of a query to a file; returns the rows written and the columns with
# their DuckDB types.
_Writer = Callable[[duckdb.DuckDBPyConnection, str, Path], tuple[int, list[tuple[str, str]]]]


def csv_to_parquet(
    src: Path,
    dst: Path,
    source: Source | None = None,
    dataset: str = "-",
    kv: Mapping[str, str] | None = None,
) -> ReadResult:
    """Read one CSV file into typed, zstd-compressed Parquet at `dst` (atomic).

    `kv` is written as the file's key-value metadata (provenance, licence).
    """

    def write(
        con: duckdb.DuckDBPyConnection, query: str, tmp: Path
    ) -> tuple[int, list[tuple[str, str]]]:
        con.execute(f"COPY ({query}) TO {lit(tmp)} ({parquet_options(kv)})")
        rows = con.execute(f"SELECT count(*) FROM read_parquet({lit(tmp)})").fetchall()[0]
        described = con.execute(f"DESCRIBE SELECT * FROM read_parquet({lit(tmp)})").fetchall()
        return int(rows[0]), [(str(r[0]), str(r[1])) for r in described]

    return _read_csv(src, dst, source, dataset, write)


def csv_to_arrow(
    src: Path, dst: Path, source: Source | None = None, dataset: str = "-"
) -> ReadResult:
    """Read one CSV file into a typed Arrow IPC file at `dst` (atomic): a scratch file read
    back at once. DuckDB streams the typed rows, regrouped into uncompressed batches of
    ARROW_BATCH_ROWS rows written by a background thread (no Parquet encoding and decoding)."""

    def write(
        con: duckdb.DuckDBPyConnection, query: str, tmp: Path
    ) -> tuple[int, list[tuple[str, str]]]:
        relation = con.sql(query)
        columns = [(str(n), str(t)) for n, t in zip(relation.columns, relation.types, strict=True)]
        reader = relation.to_arrow_reader(ARROW_BATCH_ROWS)
        rows = 0
        writing: Future[None] | None = None
        with (
            reader,  # closed before a retry queries the connection again
            pa.OSFile(str(tmp), "wb") as sink,
            ipc.new_file(sink, reader.schema) as out,
            ThreadPoolExecutor(max_workers=1) as background,
        ):
            for table in _regrouped(reader, ARROW_BATCH_ROWS):
                if writing is not None:
                    writing.result()
                writing = background.submit(_write_combined, out, table)
                rows += table.num_rows
            if writing is not None:
                writing.result()
        return rows, columns

    return _read_csv(src, dst, source, dataset, write)


def _write_combined(out: ipc.RecordBatchFileWriter, table: pa.Table) -> None:
    """Write `table` as batches of ARROW_BATCH_ROWS rows, each one contiguous."""
    out.write_table(table.combine_chunks(), ARROW_BATCH_ROWS)


def _regrouped(reader: pa.RecordBatchReader, size: int) -> Iterator[pa.Table]:
    """DuckDB's stream (chunks of some thousand rows) as tables of `size` rows (a multiple of
    it; the last one shorter)."""
    pending: list[pa.RecordBatch] = []
    waiting = 0
    while (batch := _next_batch(reader)) is not None:
        pending.append(batch)
        waiting += batch.num_rows
        if waiting >= size:
            table = pa.Table.from_batches(pending, reader.schema)
            cut = waiting - waiting % size
            yield table.slice(0, cut)
            pending, waiting = table.slice(cut).to_batches(), waiting - cut
    if waiting:
        yield pa.Table.from_batches(pending, reader.schema)


def _next_batch(reader: pa.RecordBatchReader) -> pa.RecordBatch | None:
    """The next batch DuckDB streams (None at the end); its errors (a cast failing, a ragged
    line) come through Arrow as OSError and are given back as DuckDB errors."""
    try:
        return reader.read_next_batch()
    except StopIteration:
        return None
    except OSError as exc:
        raise duckdb.Error(str(exc)) from None


def _read_csv(
    src: Path, dst: Path, source: Source | None, dataset: str, write: _Writer
) -> ReadResult:
    """Sniff, transcode 8-bit files, then type and write the rows with `write`."""
    source = source or Source(kind="csv", url=str(src))
    if not src.is_file():
        raise DatasetError(dataset, "source file not found", file=src.name)
    dialect = sniff(
        src,
        encoding=source.encoding,
        delimiter=source.delimiter,
        quote=source.quote,
        skip_rows=source.skip_rows or None,
    )
    if not dialect.header:
        raise DatasetError(dataset, "empty file: no header row", file=src.name)
    names = clean_headers(dialect.header, dbf_headers=source.dbf_headers)
    if not source.header:
        names = [f"column_{i + 1}" for i in range(len(names))]
    utf8 = dialect.encoding in ("utf-8", "utf-8-sig", "ascii")
    readable = src if utf8 else _transcode(src, dialect.encoding, dataset)
    try:
        rows, columns = _convert(readable, dst, dialect, names, source, dataset, src.name, write)
    finally:
        if readable != src:
            readable.unlink(missing_ok=True)
    return ReadResult(
        rows=rows,
        columns=columns,
        encoding=dialect.encoding,
        delimiter=dialect.delimiter,
        details={"skip_rows": dialect.skip_rows, "quote": dialect.quote},
    )


def _convert(path: Path, dst: Path, dialect: Dialect, names: list[str], source: Source,
             dataset: str, file: str, write: _Writer) -> tuple[int, list[tuple[str, str]]]:  # fmt: skip
    con = connect()
    try:
        relation = _read_csv_sql(path, dialect, len(names), source)
        try:
            sample = con.sql(f"SELECT * FROM {relation} LIMIT {SAMPLE_ROWS}").fetchall()
        except duckdb.Error as exc:
            raise _csv_error(exc, dataset, file) from None
        types = [
            infer_type(
                name,
                (row[i] for row in sample),
                decimal=source.decimal,
                force_text=name in source.text_columns,
            )
            for i, name in enumerate(names)
        ]
        not_blank = " OR ".join(f"c{i} IS NOT NULL" for i in range(len(names)))
        for _ in range(2 * len(names) + 1):
            select = ", ".join(
                f"{t.expression(f'c{i}')} AS {ident(n)}"
                for i, (n, t) in enumerate(zip(names, types, strict=True))
            )
            query = f"SELECT {select} FROM {relation} WHERE {not_blank}"
            try:
                with atomic_path(dst) as tmp:
                    return write(con, query, tmp)
            except duckdb.Error as exc:
                if "CSV Error" in str(exc) or not _relax_failing_columns(con, relation, types):
                    raise _csv_error(exc, dataset, file) from None
        raise DatasetError(dataset, "column types could not be settled", file=file)
    finally:
        con.close()


def _relax_failing_columns(
    con: duckdb.DuckDBPyConnection, relation: str, types: list[ColumnType]
) -> bool:
    """Find the columns with a value their type cannot parse; make them robust, then text.

    The fast path casts strictly (an unexpected value raises); this one scan names the columns.
    """
    typed = [i for i, t in enumerate(types) if t.sql_type != TEXT]
    if not typed:
        return False
    probes = ", ".join(
        f"bool_or(c{i} IS NOT NULL AND {types[i].expression(f'c{i}', strict=False)} IS NULL)"
        for i in typed
    )
    row = con.execute(f"SELECT {probes} FROM {relation}").fetchall()[0]
    failing = [i for i, bad in zip(typed, row, strict=True) if bad]
    for i in failing:
        types[i] = types[i].robust() if not types[i].is_robust else ColumnType(TEXT)
    return bool(failing)
