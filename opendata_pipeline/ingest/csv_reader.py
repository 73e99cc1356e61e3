"""Messy French CSV → typed Parquet, streaming through DuckDB.

Encoding and dialect are sniffed (explicit options win); 8-bit files are transcoded to UTF-8
chunk by chunk; every column is read as text, typed from a sample (see `french_types`) and cast
in one streaming `COPY` (`csv_stream` streams the same typed rows as Arrow batches instead). A
value that does not fit the sampled type demotes its column to text (and the COPY is retried)
rather than being lost. Errors name the dataset, file and line, never a cell value.
"""

from __future__ import annotations

import codecs
import re
import uuid
from collections.abc import Mapping
from pathlib import Path
from types import TracebackType
from typing import Self

import duckdb

from opendata_pipeline.catalog.model import Source
from opendata_pipeline.errors import DatasetError
from opendata_pipeline.ingest.french_types import TEXT, ColumnType, infer_type
from opendata_pipeline.ingest.result import ReadResult
from opendata_pipeline.ingest.sniff import Dialect, sniff
from opendata_pipeline.paths import atomic_path, scratch_dir
from opendata_pipeline.sql import connect, ident, lit, parquet_options

SAMPLE_ROWS = 20_000
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
    target = scratch_dir() / f"{dataset}.{src.stem}.{uuid.uuid4().hex[:12]}.utf8.csv"
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


def _read_csv_sql(
    path: Path, dialect: Dialect, ncols: int, source: Source, *, lenient: bool = False
) -> str:
    """Every column as text; `lenient` (a sample cut from byte ranges) skips ragged lines."""
    columns = ", ".join(f"'c{i}': 'VARCHAR'" for i in range(ncols))
    nulls = ", ".join(lit(v) for v in source.null_values)
    mode = "strict_mode=false, ignore_errors=true" if lenient else "strict_mode=true"
    return (
        f"read_csv({lit(path)}, auto_detect=false, header=false, "
        f"skip={dialect.skip_rows + (1 if source.header else 0)}, columns={{{columns}}}, "
        f"delim={lit(dialect.delimiter)}, quote={lit(dialect.quote)}, "
        f"escape={lit(dialect.quote)}, {mode}, null_padding=false, "
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


class TypedCsv:
    """One CSV file sniffed, transcoded to UTF-8 if need be and typed from its first rows: the
    DuckDB query of its typed rows, on a connection of its own (a context manager)."""

    def __init__(self, src: Path, source: Source | None = None, dataset: str = "-") -> None:
        self.source = source or Source(kind="csv", url=str(src))
        self.dataset, self.file = dataset, src.name
        if not src.is_file():
            raise DatasetError(dataset, "source file not found", file=src.name)
        self.dialect = sniff(
            src,
            encoding=self.source.encoding,
            delimiter=self.source.delimiter,
            quote=self.source.quote,
            skip_rows=self.source.skip_rows or None,
        )
        if not self.dialect.header:
            raise DatasetError(dataset, "empty file: no header row", file=src.name)
        names = clean_headers(self.dialect.header, dbf_headers=self.source.dbf_headers)
        if not self.source.header:
            names = [f"column_{i + 1}" for i in range(len(names))]
        self.names = names
        utf8 = self.dialect.encoding in ("utf-8", "utf-8-sig", "ascii")
        self.path = src if utf8 else _transcode(src, self.dialect.encoding, dataset)
        self.transcoded = self.path != src
        self.con = connect()
        self.relation = self.relation_of(self.path)
        self.types = self._infer_types()
        self.relaxed = 0

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.con.close()
        if self.transcoded:
            self.path.unlink(missing_ok=True)

    def _infer_types(self) -> list[ColumnType]:
        try:
            sample = self.con.sql(f"SELECT * FROM {self.relation} LIMIT {SAMPLE_ROWS}").fetchall()
        except duckdb.Error as exc:
            self.__exit__(None, None, None)
            raise self.error(exc) from None
        return [
            infer_type(
                name,
                (row[i] for row in sample),
                decimal=self.source.decimal,
                force_text=name in self.source.text_columns,
            )
            for i, name in enumerate(self.names)
        ]

    def relation_of(self, path: Path, *, lenient: bool = False) -> str:
        """`path` (this file, or lines cut from it) read as text columns `c0`, `c1`…"""
        return _read_csv_sql(path, self.dialect, len(self.names), self.source, lenient=lenient)

    def query(
        self,
        columns: list[str] | None = None,
        *,
        relation: str | None = None,
        lenient: bool = False,
    ) -> str:
        """The typed rows (of `columns`, all by default); fully blank lines are skipped.
        `lenient` casts give NULL for a value the type cannot parse."""
        wanted = set(self.names if columns is None else columns)
        select = ", ".join(
            f"{t.expression(f'c{i}', strict=not lenient)} AS {ident(n)}"
            for i, (n, t) in enumerate(zip(self.names, self.types, strict=True))
            if n in wanted
        )
        not_blank = " OR ".join(f"c{i} IS NOT NULL" for i in range(len(self.names)))
        return f"SELECT {select} FROM {relation or self.relation} WHERE {not_blank}"

    def relax(self, exc: duckdb.Error) -> None:
        """After a failed read: demote the columns holding a value their type cannot parse
        (robust parsing, then text), or raise the error for the steward when none does."""
        self.relaxed += 1
        if (
            "CSV Error" in str(exc)
            or self.relaxed > 2 * len(self.names)
            or not _relax_failing_columns(self.con, self.relation, self.types)
        ):
            raise self.error(exc) from None

    def error(self, exc: duckdb.Error) -> DatasetError:
        return _csv_error(exc, self.dataset, self.file)

    def result(self, rows: int, columns: list[tuple[str, str]]) -> ReadResult:
        return ReadResult(
            rows=rows,
            columns=columns,
            encoding=self.dialect.encoding,
            delimiter=self.dialect.delimiter,
            details={"skip_rows": self.dialect.skip_rows, "quote": self.dialect.quote},
        )


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
    with TypedCsv(src, source, dataset) as csv:
        while True:
            try:
                with atomic_path(dst) as tmp:
                    csv.con.execute(f"COPY ({csv.query()}) TO {lit(tmp)} ({parquet_options(kv)})")
                break
            except duckdb.Error as exc:
                csv.relax(exc)
        rows = csv.con.execute(f"SELECT count(*) FROM read_parquet({lit(dst)})").fetchall()
        described = csv.con.execute(f"DESCRIBE SELECT * FROM read_parquet({lit(dst)})").fetchall()
    return csv.result(int(rows[0][0]), [(str(r[0]), str(r[1])) for r in described])


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
