"""Messy French CSV → typed Parquet, streaming through DuckDB.

Encoding and dialect are sniffed (explicit options win); 8-bit and UTF-16 files, CR-only or
mixed line ends and NUL bytes are rewritten to clean UTF-8 chunk by chunk (a UTF-8 or
Windows-1252 file with LF or CRLF line ends takes the usual path); every column is read as
text, typed from a sample (see `french_types`) and cast in one streaming `COPY` (`csv_stream`
streams the same typed rows as Arrow batches instead). A value that does not fit the sampled
type demotes its column to text (and the COPY is retried) rather than being lost. A text
document, a header without rows and an empty file are refused by name; lines holding only
spaces are skipped with a warning. Errors name the dataset, file and line, never a cell value.
"""

from __future__ import annotations

import codecs
import csv
import re
import uuid
from collections.abc import Mapping
from pathlib import Path
from types import TracebackType
from typing import Literal, Self

import duckdb
from pydantic import Field, field_validator

from opendata_pipeline.errors import DatasetError
from opendata_pipeline.ingest.detect import Refused
from opendata_pipeline.ingest.french_types import TEXT, ColumnType, infer_type
from opendata_pipeline.ingest.http import CSV_TYPES
from opendata_pipeline.ingest.kinds import FileOptions, SourceKind, SourceOptions
from opendata_pipeline.ingest.result import ReadResult, line_list
from opendata_pipeline.ingest.sniff import TAIL_BYTES, Dialect, sniff
from opendata_pipeline.ingest.sources import fetch_file
from opendata_pipeline.storage.paths import atomic_path, scratch_dir
from opendata_pipeline.storage.sql import connect, ident, lit, parquet_options

SAMPLE_ROWS = 20_000
CHUNK = 1 << 22
_DBF_HEADER = re.compile(r"^(.+?),[CNDLFM](?:,\d+(?:,\d+)?)?$")
_LINE = re.compile(r"CSV Error on Line: (\d+)")
_COLUMNS = re.compile(r"Expected Number of Columns: (\d+) Found: (\d+)")


class CsvSource(SourceOptions):
    """A CSV file: the dialect and typing options (`auto`: sniffed)."""

    kind: Literal["csv"] = "csv"
    encoding: str = "auto"
    delimiter: str = "auto"
    quote: str = '"'
    skip_rows: int = Field(default=0, ge=0)
    header: bool = True
    null_values: list[str] = Field(default_factory=lambda: ["", "#N/A", "N/A", "NA", "NULL"])
    text_columns: list[str] = Field(default_factory=list)
    decimal: Literal["auto", ",", "."] = "auto"
    date_format: str = "auto"
    dbf_headers: bool = True
    options: FileOptions = Field(default_factory=lambda: FileOptions())

    @field_validator("delimiter")
    @classmethod
    def _delimiter(cls, value: str) -> str:
        if value == "\\t":
            return "\t"
        if value != "auto" and len(value) != 1:
            raise ValueError("delimiter must be 'auto' or one character")
        return value


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


def _rewrite(src: Path, dialect: Dialect, dataset: str) -> Path:
    """A UTF-8 copy with LF line ends and without NUL bytes, written chunk by chunk; a byte the
    encoding cannot decode is reported with its offset and line."""
    target = scratch_dir() / f"{dataset}.{src.stem}.{uuid.uuid4().hex[:12]}.utf8.csv"
    decoder = codecs.getincrementaldecoder(dialect.encoding)(errors="strict")
    newlines = dialect.line_end in ("CR", "mixed")
    offset, lines, carry = 0, 1, ""

    def clean(text: str, final: bool = False) -> str:
        nonlocal carry
        text, carry = carry + text, ""
        if newlines:
            if text.endswith("\r") and not final:  # maybe the first half of a CRLF
                text, carry = text[:-1], "\r"
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        return text.replace("\x00", "") if dialect.nul_bytes else text

    with src.open("rb") as fin, target.open("w", encoding="utf-8", newline="") as fout:
        while chunk := fin.read(CHUNK):
            try:
                fout.write(clean(decoder.decode(chunk)))
            except UnicodeDecodeError as exc:
                target.unlink(missing_ok=True)
                raise DatasetError(
                    dataset,
                    f"cannot be decoded as {dialect.encoding} (set source.encoding explicitly)",
                    file=src.name,
                    location=f"line {lines + _line_breaks(chunk[: exc.start], newlines)}, "
                    f"byte {offset + exc.start}",
                ) from None
            offset += len(chunk)
            lines += _line_breaks(chunk, newlines)
        fout.write(clean(decoder.decode(b"", final=True), final=True))
    return target


def _line_breaks(data: bytes, cr_too: bool) -> int:
    lf = data.count(b"\n")
    return lf + data.count(b"\r") - data.count(b"\r\n") if cr_too else lf


def _read_csv_sql(
    path: Path,
    dialect: Dialect,
    ncols: int,
    source: CsvSource,
    *,
    lenient: bool = False,
    skip_bad_lines: str | None = None,
) -> str:
    """Every column as text; `lenient` (a sample cut from byte ranges) skips ragged lines;
    `skip_bad_lines` (a rejects table name) skips the lines that do not parse, noting them."""
    columns = ", ".join(f"'c{i}': 'VARCHAR'" for i in range(ncols))
    nulls = ", ".join(lit(v) for v in source.null_values)
    mode = "strict_mode=false, ignore_errors=true" if lenient else "strict_mode=true"
    if skip_bad_lines:
        mode += (
            f", ignore_errors=true, store_rejects=true, rejects_table={lit(skip_bad_lines)}, "
            f"rejects_scan={lit(skip_bad_lines + '_scan')}"
        )
    return (
        f"read_csv({lit(path)}, auto_detect=false, header=false, "
        f"skip={dialect.skip_rows + (1 if source.header else 0)}, columns={{{columns}}}, "
        f"delim={lit(dialect.delimiter)}, quote={lit(dialect.quote)}, "
        f"escape={lit(dialect.quote)}, {mode}, null_padding=false, "
        f"nullstr=[{nulls}])"
    )


def _csv_error(exc: duckdb.Error, dataset: str, file: str, cut_line: int = 0) -> DatasetError:
    text = str(exc)
    line = _LINE.search(text)
    cols = _COLUMNS.search(text)
    where = f"line {line.group(1)}" if line else None
    if cols:
        reason = f"ragged row: expected {cols.group(1)} fields, found {cols.group(2)}"
        if line and int(line.group(1)) == cut_line and int(cols.group(2)) < int(cols.group(1)):
            reason += " (dernière ligne coupée, sans fin de ligne : fichier tronqué ?)"
    elif "unicode" in text.lower() or "utf-8" in text.lower():
        reason = "invalid UTF-8 byte sequence (set source.encoding explicitly)"
    elif "quote" in text.lower():
        reason = "unterminated quoted field"
    elif "invalid state" in text:
        reason = "lines do not follow RFC 4180 (line ends changing within the file, stray quotes)"
    else:
        reason = "unreadable CSV: " + text.splitlines()[0].split(":", 1)[0]
    return DatasetError(dataset, reason, file=file, location=where)


class TypedCsv:
    """One CSV file sniffed, transcoded to UTF-8 if need be and typed from its first rows: the
    DuckDB query of its typed rows, on a connection of its own (a context manager).

    `typed=False` keeps every column as the text written (an anonymized CSV copy gives its
    dates and amounts back as they were, `18/04/2024`, not `2024-04-18`)."""

    def __init__(
        self, src: Path, source: CsvSource | None = None, dataset: str = "-", *, typed: bool = True
    ) -> None:
        self.source = source or CsvSource(url=str(src))
        self.typed = typed
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
        if self.dialect.prose:
            raise Refused(dataset, "text_document", TEXT_DOCUMENT, file=src.name)
        if not self.dialect.header:
            raise Refused(
                dataset, "empty_file", "aucune ligne de texte (fichier vide)", file=src.name
            )
        names = clean_headers(self.dialect.header, dbf_headers=self.source.dbf_headers)
        if not self.source.header:
            names = [f"column_{i + 1}" for i in range(len(names))]
        self.names = names
        self.warnings: list[str] = []
        if self.dialect.preamble:
            self.warnings.append(
                f"{line_list(self.dialect.preamble)} ignorée(s) avant l'en-tête (titre ou préambule)"
            )
        if self.dialect.nul_bytes:
            self.warnings.append("octets NUL supprimés (fichier abîmé ou mal exporté)")
        self.path = _rewrite(src, self.dialect, dataset) if self.dialect.needs_rewrite else src
        self.transcoded = self.path != src
        self.con = connect()
        self.rejects = ""  # the rejects table once stray lines (spaces, notes) are skipped
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
        while True:
            try:
                query = f"SELECT * FROM {self.relation} LIMIT {SAMPLE_ROWS}"
                sample = self.con.sql(query).fetchall()
                break
            except duckdb.Error as exc:
                if not self.skip_stray_lines(exc):
                    self.__exit__(None, None, None)
                    raise self.error(exc) from None
        if not self.typed:
            return [ColumnType(TEXT) for _ in self.names]
        columns = list(zip(*sample, strict=True)) or [()] * len(self.names)
        return [
            infer_type(
                name,
                columns[i],
                decimal=self.source.decimal,
                force_text=name in self.source.text_columns,
            )
            for i, name in enumerate(self.names)
        ]

    def relation_of(self, path: Path, *, lenient: bool = False) -> str:
        """`path` (this file, or lines cut from it) read as text columns `c0`, `c1`…"""
        skip = self.rejects if path == self.path and not lenient else None
        return _read_csv_sql(
            path, self.dialect, len(self.names), self.source, lenient=lenient, skip_bad_lines=skip
        )

    def skip_stray_lines(self, exc: duckdb.Error) -> bool:
        """After a ragged row: when the lines that do not parse only hold spaces (an export's
        separator lines) or are the last lines of the file (notes, a source, a total under
        the table), read on without them, warned; else False."""
        if self.rejects or not _COLUMNS.search(str(exc)):
            return False
        table = f"rejects_{uuid.uuid4().hex[:12]}"
        probe = _read_csv_sql(
            self.path, self.dialect, len(self.names), self.source, skip_bad_lines=table
        )
        self.con.execute(f"SELECT count(*) FROM {probe}").fetchall()
        rejected = self.con.execute(
            f"SELECT DISTINCT line, csv_line FROM {ident(table)} ORDER BY line"
        ).fetchall()
        spaces = [int(n) for n, text in rejected if not str(text or "").strip()]
        notes = [int(n) for n, text in rejected if str(text or "").strip()]
        if not rejected or (notes and not self._notes(rejected, notes)):
            return False
        self.rejects = table
        self.relation = self.relation_of(self.path)
        if spaces:
            self.warnings.append(f"{line_list(spaces)} ne contenant que des espaces ignorée(s)")
        if notes:
            self.warnings.append(f"{line_list(notes)} ignorée(s) après le tableau (notes, source)")
        return True

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

    def _notes(self, rejected: list[tuple[int, str]], notes: list[int]) -> bool:
        """Whether the rejected lines `notes` are notes under a table of three columns or
        more: words in far fewer fields, at the end of the file (a last line without a line
        end is a cut row, not a note)."""
        texts = [str(text).strip() for _, text in rejected if str(text or "").strip()]
        return (
            len(self.names) >= 3
            and all(" " in text and self._width(text) <= len(self.names) // 3 for text in texts)
            and _cut_line(self.path) not in notes
            and _trailing(self.path, notes)
        )

    def _width(self, line: str) -> int:
        """The number of fields of one line of this file (DuckDB may quote it with the line
        end before it)."""
        dialect = self.dialect
        try:
            fields = next(csv.reader([line.strip("\r\n")], delimiter=dialect.delimiter,
                                     quotechar=dialect.quote), [])  # fmt: skip
        except csv.Error:
            return len(self.names)  # not a note: a line the CSV module cannot parse either
        return len(fields)

    def relax(self, exc: duckdb.Error) -> None:
        """After a failed read: demote the columns holding a value their type cannot parse
        (robust parsing, then text), or raise the error for the steward when none does."""
        if self.skip_stray_lines(exc):
            return
        self.relaxed += 1
        if (
            "CSV Error" in str(exc)
            or self.relaxed > 2 * len(self.names)
            or not _relax_failing_columns(self.con, self.relation, self.types)
        ):
            raise self.error(exc) from None

    def error(self, exc: duckdb.Error) -> DatasetError:
        cut = _cut_line(self.path) if _COLUMNS.search(str(exc)) else 0
        return _csv_error(exc, self.dataset, self.file, cut)

    def result(self, rows: int, columns: list[tuple[str, str]]) -> ReadResult:
        """What was read; no row under the header is an error, not an empty success."""
        if rows == 0:
            shown = ", ".join(self.names[:8]) + (", …" if len(self.names) > 8 else "")
            raise Refused(
                self.dataset, "header_only",
                f"une ligne d'en-tête ({len(self.names)} colonne(s) : {shown}) et aucune ligne "
                "de données",
                file=self.file,
            )  # fmt: skip
        guess = self.dialect.guess
        details: dict[str, object] = {
            "skip_rows": self.dialect.skip_rows,
            "quote": self.dialect.quote,
            "line_end": self.dialect.line_end,
        }
        if guess:
            details["encoding_method"] = guess.method
            details["encoding_confidence"] = guess.confidence
        conversions = {n: t.conversion for n, t in zip(self.names, self.types, strict=True)}
        details["conversions"] = {n: c for n, c in conversions.items() if c}
        return ReadResult(
            rows=rows,
            columns=columns,
            encoding=self.dialect.encoding,
            delimiter=self.dialect.delimiter,
            details=details,
            kind="csv",
            warnings=list(self.warnings),
        )


def csv_to_parquet(
    src: Path,
    dst: Path,
    source: CsvSource | None = None,
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


def to_parquet(
    raw_files: list[Path],
    dst: Path,
    source: CsvSource,
    dataset: str,
    kv: Mapping[str, str] | None = None,
) -> ReadResult:
    """The `csv` kind's reader: its one raw file into typed Parquet."""
    if len(raw_files) != 1:
        raise DatasetError(dataset, f"a csv source has one file, got {len(raw_files)}")
    return csv_to_parquet(raw_files[0], dst, source, dataset, kv)


KIND = SourceKind(
    "csv", CSV_TYPES, fetch=fetch_file, to_parquet=to_parquet, Options=CsvSource, detect=True,
    provenance=True,
)  # fmt: skip


TEXT_DOCUMENT = (
    "document texte (fiche de métadonnées, README, notice…), pas un tableau de données : "
    "joignez-le comme documentation du jeu de données"
)


TRAILER_LINES = 10


def _trailing(path: Path, lines: list[int]) -> bool:
    """Whether `lines` (at most TRAILER_LINES) are the last lines of `path` holding text."""
    if len(lines) > TRAILER_LINES:
        return False
    with path.open("rb") as fh:
        size = fh.seek(0, 2)
        fh.seek(max(0, size - TAIL_BYTES))
        tail = fh.read().split(b"\n")
    last = _line_count(path)
    numbered = dict(zip(range(last - len(tail) + 1, last + 1), tail, strict=True))
    after = range(lines[0], last + 1)
    return all(n in numbered for n in after) and all(
        n in lines or not numbered[n].strip() for n in after
    )


def _line_count(path: Path) -> int:
    """The number of the last line of `path` (counting a final empty line after a line end)."""
    count = 1
    with path.open("rb") as fh:
        while block := fh.read(CHUNK):
            count += block.count(b"\n")
    return count


def _cut_line(path: Path) -> int:
    """The number of the last line of `path` when it has no line end (the file was cut), else 0."""
    count, last = 0, b""
    with path.open("rb") as fh:
        while block := fh.read(CHUNK):
            count, last = count + block.count(b"\n"), block[-1:]
    return 0 if last in (b"\n", b"") else count + 1


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
