"""Dispatch raw files to the reader of their source kind; every reader writes typed Parquet.

The raw file of a single-file kind (csv, json, geojson, xml) is looked at first (`detect`): an
HTML page, a PDF, a spreadsheet or an empty file is refused by name, a zip holding one data file
is unpacked. No reader ever returns an empty table from a non-empty file: 0 rows is an error.
"""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Literal

from pydantic import Field

from opendata_pipeline.errors import DatasetError
from opendata_pipeline.ingest.detect import Refused, file_kind, unpack_archive
from opendata_pipeline.ingest.kinds import (
    DownloadOptions,
    SourceKind,
    SourceOptions,
    kind_of,
    make_source,
)
from opendata_pipeline.ingest.result import ReadResult
from opendata_pipeline.ingest.sources import fetch_file
from opendata_pipeline.storage.paths import scratch_dir


def read_to_parquet(
    raw_files: list[Path],
    dst: Path,
    source: SourceOptions,
    dataset: str,
    kv: Mapping[str, str] | None = None,
) -> ReadResult:
    """Read the raw files of one snapshot into typed Parquet at `dst` with the reader of the
    source's kind.

    `kv` (provenance) goes into the file's metadata where the reader supports it (CSV).
    """
    kind = kind_of(source.kind)
    if not kind.detect:
        return _read(kind, raw_files, dst, source, dataset, kv)
    with _data_files(raw_files, source, dataset) as (files, warnings):
        result = _read(kind, files, dst, source, dataset, kv)
    result.warnings[:0] = warnings
    return result


def _read(
    kind: SourceKind,
    files: list[Path],
    dst: Path,
    source: SourceOptions,
    dataset: str,
    kv: Mapping[str, str] | None,
) -> ReadResult:
    provenance = {"kv": kv} if kind.provenance else {}
    result: ReadResult = kind.to_parquet(files, dst, source, dataset, **provenance)
    if result.rows == 0 and not kind.may_be_empty and any(p.stat().st_size for p in files):
        dst.unlink(missing_ok=True)
        raise Refused(
            dataset, "no_records", "aucune ligne lue dans un fichier non vide",
            file=files[0].name if len(files) == 1 else None,
        )  # fmt: skip
    return result


@contextmanager
def _data_files(
    raw_files: list[Path], source: SourceOptions, dataset: str
) -> Iterator[tuple[list[Path], list[str]]]:
    """The raw files as a reader takes them: a file no reader takes is refused by name, the one
    data file of a zip archive is unpacked into a scratch folder (removed afterwards)."""
    scratch = scratch_dir() / f"{dataset}.{uuid.uuid4().hex[:12]}.unpacked"
    files: list[Path] = []
    warnings: list[str] = []
    try:
        for path in raw_files:
            if not path.is_file():
                files.append(path)  # the reader says the file is missing
            elif file_kind(path, dataset) == "zip":
                scratch.mkdir(parents=True, exist_ok=True)
                member = source.options.get("archive_member")
                unpacked, notes = unpack_archive(
                    path, scratch, dataset, member=str(member) if member else None,
                    max_bytes=source.max_bytes,
                )  # fmt: skip
                files.append(unpacked)
                warnings += notes
            else:
                files.append(path)
        yield files, warnings
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


PARQUET_SUFFIXES = (".parquet", ".parq", ".pq")


def is_csv(path: Path) -> bool:
    """Whether `read_local_file` reads `path` as CSV (by its content; a file no reader takes
    raises `Refused`)."""
    return file_kind(path, path.stem) == "csv"


def read_local_file(path: Path, dst: Path, dataset: str | None = None) -> ReadResult:
    """Read any local file the pipeline knows into typed Parquet, choosing the reader by content.

    Parquet is copied; XML goes to the XML reader (TOTEM budgets recognised); JSON to the NGSI,
    GeoJSON or JSON reader; a zip archive's one data file is read; anything else is CSV.
    """
    name = dataset or path.stem
    kind = file_kind(path, name)
    if kind == "parquet":
        return _copy_parquet(path, dst)
    if kind == "zip":
        source = make_source(kind="csv", url=str(path))
        with _data_files([path], source, name) as (files, warnings):
            result = read_local_file(files[0], dst, name)
        result.warnings[:0] = warnings
        result.details["archive"] = path.name
        return result
    if kind == "xml":
        source = make_source(kind="xml", url=str(path))
    elif kind == "json":
        from opendata_pipeline.ingest.sources import guess_json_source

        kind, record_path = guess_json_source(path)
        found = {"record_path": record_path} if record_path else {}
        source = make_source(kind=kind, url=str(path), **found)
    else:
        source = make_source(kind="csv", url=str(path))
    return read_to_parquet([path], dst, source, name)


class ParquetSource(SourceOptions):
    """An already typed Parquet file, copied as is."""

    kind: Literal["parquet"] = "parquet"
    options: DownloadOptions = Field(default_factory=lambda: DownloadOptions())


def _parquet_to_parquet(
    raw_files: list[Path], dst: Path, source: ParquetSource, dataset: str
) -> ReadResult:
    if len(raw_files) != 1:
        raise DatasetError(dataset, f"a parquet source has one file, got {len(raw_files)}")
    return _copy_parquet(raw_files[0], dst)


KIND = SourceKind(
    "parquet", (), fetch=fetch_file, to_parquet=_parquet_to_parquet, Options=ParquetSource,
    may_be_empty=True,
)  # fmt: skip


def _copy_parquet(src: Path, dst: Path) -> ReadResult:
    """A Parquet source is already typed: copy it (atomically) and describe it."""
    from opendata_pipeline.storage.paths import atomic_path

    with atomic_path(dst) as tmp:
        shutil.copyfile(src, tmp)
    return describe_parquet(dst)


def describe_parquet(path: Path) -> ReadResult:
    """Rows and typed columns of a Parquet file (from its metadata)."""
    import pyarrow.parquet as pq

    meta = pq.ParquetFile(path)
    columns = [(f.name, str(f.type)) for f in meta.schema_arrow]
    return ReadResult(meta.metadata.num_rows, columns, kind="parquet")
