"""Dispatch raw files to the reader of their source kind; every reader writes typed Parquet.

The raw file of a single-file kind (csv, json, geojson, xml) is looked at first (`detect`): an
HTML page, a PDF, a spreadsheet or an empty file is refused by name, a zip holding one data file
is unpacked. No reader ever returns an empty table from a non-empty file: 0 rows is an error.
"""

from __future__ import annotations

import importlib
import shutil
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from opendata_pipeline.catalog.model import Source
from opendata_pipeline.errors import DatasetError
from opendata_pipeline.ingest.csv_reader import csv_to_parquet
from opendata_pipeline.ingest.detect import Refused, file_kind, unpack_archive
from opendata_pipeline.ingest.result import ReadResult
from opendata_pipeline.storage.paths import scratch_dir

# kind -> module of `opendata_pipeline.ingest` exposing `to_parquet(raw_files, dst, source, dataset)`
READER_MODULES = {
    "json": "json_reader",
    "geojson": "geojson",
    "xml": "xml_reader",
    "ngsi": "ngsi",
    "gbfs": "gbfs",
    "ckan": "portal_catalog",
    "dkan": "portal_catalog",
    "opendatasoft": "portal_catalog",
}
FILE_KINDS = ("csv", "json", "geojson", "xml")  # one raw file each, looked at before reading


def read_to_parquet(
    raw_files: list[Path],
    dst: Path,
    source: Source,
    dataset: str,
    kv: Mapping[str, str] | None = None,
) -> ReadResult:
    """Read the raw files of one snapshot into typed Parquet at `dst`.

    `kv` (provenance) goes into the file's metadata where the reader supports it (CSV).
    """
    if source.kind == "parquet":
        if len(raw_files) != 1:
            raise DatasetError(dataset, f"a parquet source has one file, got {len(raw_files)}")
        return _copy_parquet(raw_files[0], dst)
    if source.kind == "csv" and len(raw_files) != 1:
        raise DatasetError(dataset, f"a csv source has one file, got {len(raw_files)}")
    if source.kind not in FILE_KINDS:
        return _read(raw_files, dst, source, dataset, kv)
    with _data_files(raw_files, source, dataset) as (files, warnings):
        result = _read(files, dst, source, dataset, kv)
    result.warnings[:0] = warnings
    return result


def _read(
    files: list[Path], dst: Path, source: Source, dataset: str, kv: Mapping[str, str] | None
) -> ReadResult:
    if source.kind == "csv":
        result = csv_to_parquet(files[0], dst, source, dataset, kv)
    else:
        module = importlib.import_module(f"opendata_pipeline.ingest.{READER_MODULES[source.kind]}")
        result = module.to_parquet(files, dst, source, dataset)
    if result.rows == 0 and any(p.stat().st_size for p in files):
        dst.unlink(missing_ok=True)
        raise Refused(
            dataset, "no_records", "aucune ligne lue dans un fichier non vide",
            file=files[0].name if len(files) == 1 else None,
        )  # fmt: skip
    return result


@contextmanager
def _data_files(
    raw_files: list[Path], source: Source, dataset: str
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
        source = Source(kind="csv", url=str(path))
        with _data_files([path], source, name) as (files, warnings):
            result = read_local_file(files[0], dst, name)
        result.warnings[:0] = warnings
        result.details["archive"] = path.name
        return result
    if kind == "xml":
        source = Source(kind="xml", url=str(path))
    elif kind == "json":
        from opendata_pipeline.ingest.sources import guess_json_source

        kind, record_path = guess_json_source(path)
        source = Source(kind=kind, url=str(path), record_path=record_path)
    else:
        source = Source(kind="csv", url=str(path))
    return read_to_parquet([path], dst, source, name)


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
