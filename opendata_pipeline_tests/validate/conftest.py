"""Helpers for the validate tests: catalogue entries and small Parquet files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import pytest

from opendata_pipeline.catalog.model import DatasetEntry

BASE: dict[str, Any] = {
    "id": "essai",
    "title": "Jeu d'essai",
    "description": "Un jeu d'essai de la Métropole, décrit en plus de cent caractères pour "
    "satisfaire le critère de longueur de description.",
    "steward": {"name": "Service SIG", "email": "sig@example.org"},
    "licence": "etalab-2.0",
    "source": {"kind": "csv", "url": "file:///dev/null"},
    "personal_data": "none",
    "record_subject": "asset",
    "publication_basis": "L312-1-1-3",
    "frequency": "annual",
    "themes": ["TRAN"],
    "keywords": ["a", "b", "c"],
    "spatial": "200053742",
    "temporal": "2024",
    "issued": "2024-01-01",
}


def entry(**changes: Any) -> DatasetEntry:
    return DatasetEntry.model_validate({**BASE, **changes})


def parquet(tmp: Path, sql: str, name: str = "clean.parquet") -> Path:
    path = tmp / name
    duckdb.execute(f"COPY ({sql}) TO '{path}' (FORMAT parquet)")
    return path


@pytest.fixture
def assets_file(tmp_path: Path) -> Path:
    """Public assets with coordinates inside the Métropole and no personal data."""
    return parquet(
        tmp_path,
        "SELECT * FROM (VALUES ('P1', 3.87, 43.61, 120), ('P2', 3.88, 43.60, 80)) "
        "v(code, longitude, latitude, places)",
    )
