"""Fixtures of the mobility tests: the real feed samples of ../shared/realdata."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pytest

from opendata_pipeline.mobility.feeds import parse_bikes, parse_parking
from opendata_pipeline_tests.mobility.helpers import FETCHED_AT


@pytest.fixture(scope="session")
def parking_dir(realdata: Path) -> Path:
    return realdata / "parking"


@pytest.fixture(scope="session")
def bikeshare_dir(realdata: Path) -> Path:
    return realdata / "bikeshare"


@pytest.fixture(scope="session")
def parking_ngsi_raw(parking_dir: Path) -> bytes:
    return (parking_dir / "offstreetparking_2025-02-27.json").read_bytes()


@pytest.fixture(scope="session")
def bikes_ngsi_raw(bikeshare_dir: Path) -> bytes:
    return (bikeshare_dir / "bikestation_2025-12-21.json").read_bytes()


@pytest.fixture(scope="session")
def parking(parking_ngsi_raw: bytes) -> pa.Table:
    return parse_parking(parking_ngsi_raw, "ngsi", fetched_at=FETCHED_AT)


@pytest.fixture(scope="session")
def bikes(bikes_ngsi_raw: bytes) -> pa.Table:
    return parse_bikes(bikes_ngsi_raw, "ngsi", fetched_at=FETCHED_AT)
