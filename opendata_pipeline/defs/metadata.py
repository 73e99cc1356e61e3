"""Dagster metadata built from what the stages produced: counts, schemas, checksums — never values."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import dagster as dg

from opendata_pipeline.catalog.model import DatasetEntry


def column_schema(
    columns: list[tuple[str, str]], tags: dict[str, dict[str, str]] | None = None
) -> dg.TableSchema:
    return dg.TableSchema(
        columns=[dg.TableColumn(name=n, type=t, tags=(tags or {}).get(n, {})) for n, t in columns]
    )


def table_metadata(columns: list[tuple[str, str]], rows: int, path: Path,
                   tags: dict[str, dict[str, str]] | None = None) -> dict[str, Any]:  # fmt: skip
    return {
        "dagster/column_schema": column_schema(columns, tags),
        "dagster/row_count": rows,
        "dagster/uri": str(path),
        "file_bytes": path.stat().st_size if path.exists() else 0,
    }


def entry_metadata(entry: DatasetEntry, entry_file: Path) -> dict[str, Any]:
    """Static metadata linking an asset to its catalogue entry."""
    return {
        "catalogue_entry": dg.MetadataValue.path(str(entry_file)),
        "licence": entry.licence,
        "publisher": entry.publisher,
        "frequency": entry.frequency,
        "source_kind": entry.source.kind,
        "source": entry.source.url,
    }
