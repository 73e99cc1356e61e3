"""Dispatch raw files to the reader of their source kind; every reader writes typed Parquet."""

from __future__ import annotations

import importlib
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


def read_to_parquet(raw_files: list[Path], dst: Path, source: Source, dataset: str) -> ReadResult:
    """Read the raw files of one snapshot into typed Parquet at `dst`."""
    if source.kind == "csv":
        if len(raw_files) != 1:
            raise DatasetError(dataset, f"a csv source has one file, got {len(raw_files)}")
        return csv_to_parquet(raw_files[0], dst, source, dataset)
    module = importlib.import_module(f"opendata_pipeline.ingest.{READER_MODULES[source.kind]}")
    result: ReadResult = module.to_parquet(raw_files, dst, source, dataset)
    return result
