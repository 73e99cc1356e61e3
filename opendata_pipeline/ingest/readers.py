"""Dispatch raw files to the reader of their source kind; every reader writes typed Parquet."""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from pathlib import Path

from opendata_pipeline.catalog.model import Source
from opendata_pipeline.errors import DatasetError
from opendata_pipeline.ingest.csv_reader import csv_to_parquet
from opendata_pipeline.ingest.result import ReadResult

# kind -> module of `opendata_pipeline.ingest` exposing `to_parquet(raw_files, dst, source, dataset)`
READER_MODULES = {
    "json": "json_reader",
    "xml": "xml_reader",
    "ngsi": "ngsi",
    "gbfs": "gbfs",
    "ckan": "portal_catalog",
    "dkan": "portal_catalog",
    "opendatasoft": "portal_catalog",
}


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
    if source.kind == "csv":
        if len(raw_files) != 1:
            raise DatasetError(dataset, f"a csv source has one file, got {len(raw_files)}")
        return csv_to_parquet(raw_files[0], dst, source, dataset, kv)
    module = importlib.import_module(f"opendata_pipeline.ingest.{READER_MODULES[source.kind]}")
    result: ReadResult = module.to_parquet(raw_files, dst, source, dataset)
    return result


PARQUET_SUFFIXES = (".parquet", ".parq", ".pq")
_JSON = (".json", ".jsonl", ".geojson")
_NOT_CSV = (*PARQUET_SUFFIXES, ".xml", *_JSON)


def is_csv(path: Path) -> bool:
    """Whether `read_local_file` reads `path` as CSV (the default for unknown suffixes)."""
    return path.suffix.lower() not in _NOT_CSV


def read_local_file(path: Path, dst: Path, dataset: str | None = None) -> ReadResult:
    """Read any local file the pipeline knows into typed Parquet, choosing the reader by content.

    `.parquet` is copied; `.xml` goes to the XML reader; `.json`/`.jsonl` to the NGSI or JSON
    reader (NGSI entities and GBFS station lists are recognised); anything else is CSV.
    """
    name = dataset or path.stem
    suffix = path.suffix.lower()
    if suffix in PARQUET_SUFFIXES:
        return _copy_parquet(path, dst)
    if suffix == ".xml":
        source = Source(kind="xml", url=str(path))
    elif suffix in _JSON:
        from opendata_pipeline.ingest.sources import guess_json_source

        kind, record_path = guess_json_source(path)
        source = Source(kind=kind, url=str(path), record_path=record_path)
    else:
        source = Source(kind="csv", url=str(path))
    return read_to_parquet([path], dst, source, name)


def _copy_parquet(src: Path, dst: Path) -> ReadResult:
    """A Parquet source is already typed: copy it (atomically) and describe it."""
    import shutil

    from opendata_pipeline.paths import atomic_path

    with atomic_path(dst) as tmp:
        shutil.copyfile(src, tmp)
    return describe_parquet(dst)


def describe_parquet(path: Path) -> ReadResult:
    """Rows and typed columns of a Parquet file (from its metadata)."""
    import pyarrow.parquet as pq

    meta = pq.ParquetFile(path)
    columns = [(f.name, str(f.type)) for f in meta.schema_arrow]
    return ReadResult(meta.metadata.num_rows, columns)
