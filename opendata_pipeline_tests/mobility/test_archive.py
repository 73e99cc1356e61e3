"""Backfill from the real 5-day archive of both feeds (suivi_global, ~every 30 min)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
import pytest

from opendata_pipeline.errors import DatasetError
from opendata_pipeline.mobility.archive import parse_archive_csv
from opendata_pipeline.mobility.datasets import daily_history
from opendata_pipeline.mobility.history import append_snapshot
from opendata_pipeline.mobility.maps import hourly_profile
from opendata_pipeline_tests.mobility.helpers import FETCHED_AT


@pytest.fixture(scope="module")
def archive_raw(parking_dir: Path) -> bytes:
    return (parking_dir / "suivi_global_2025-12-28_to_2026-01-01.csv").read_bytes()


def test_archive_rows_matched_to_ids(
    archive_raw: bytes, parking: pa.Table, bikes: pa.Table
) -> None:
    result = parse_archive_csv(
        archive_raw, pa.concat_tables([parking, bikes]), fetched_at=FETCHED_AT
    )
    # 11,340 rows = 140 rounds × (24 car parks + 57 stations), all names known
    assert (result.parking.num_rows, result.bikes.num_rows) == (140 * 24, 140 * 57)
    assert (result.unmatched_rows, result.invalid_rows) == (0, 0)
    first = result.parking.to_pylist()[0]  # 2025-12-28;21:57;Voiture;Antigone;165;239
    assert first["id"] == "urn:ngsi-ld:parking:001"
    assert first["observed_at"] == datetime(2025, 12, 28, 20, 57, tzinfo=UTC)
    assert (first["available"], first["capacity"], first["source"]) == (165, 239, "archive")
    comedie = [r for r in result.parking.to_pylist() if r["name"] == "Comedie"]
    assert comedie[0]["capacity"] == 664  # 691 in the NGSI snapshot of 2025-02-27


def test_archive_history_daily_and_profile(
    tmp_path: Path, archive_raw: bytes, parking: pa.Table
) -> None:
    result = parse_archive_csv(archive_raw, parking, fetched_at=FETCHED_AT)
    assert result.unmatched_rows == 140 * 57  # bike names unknown without a bike reference
    history = tmp_path / "h"
    appended = append_snapshot(result.parking, history)
    assert appended.days_written == (
        "2025-12-28",
        "2025-12-29",
        "2025-12-30",
        "2025-12-31",
        "2026-01-01",
    )
    assert append_snapshot(result.parking, history).rows_added == 0
    days = {r["day"].isoformat() for r in daily_history(history).to_pylist()}
    assert days == {"2025-12-28", "2025-12-29", "2025-12-30", "2025-12-31", "2026-01-01"}
    profile = hourly_profile(history).to_pylist()
    assert {r["id"] for r in profile} == set(parking["id"].to_pylist())
    assert sum(r["observations"] for r in profile) == 140 * 24


def test_archive_with_wrong_header_is_refused(parking: pa.Table) -> None:
    with pytest.raises(DatasetError, match="en-tête"):
        parse_archive_csv(b"a;b\n1;2\n", parking, fetched_at=FETCHED_AT)
