"""GBFS: discovery from gbfs.json over a real local server, the join, validation, staleness.

The real Vélomagg 2.2 feed (3 stations) is served as is; a 3.0 rendering of the same stations is
built in the test and validated against the official GBFS 3.0 JSON schemas.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import pytest

from opendata_pipeline.errors import DatasetError
from opendata_pipeline.ingest import gbfs
from opendata_pipeline.ingest.http import FetchResult, HttpFetcher
from opendata_pipeline.ingest.kinds import make_source

from .conftest import LocalServer, static

INFO = "bikeshare/gbfs_station_information_3stations.json"
STATUS = "bikeshare/gbfs_station_status_3stations.json"
SOURCE = make_source(kind="gbfs", url="https://example.invalid/gbfs.json")


def table(path: Path) -> dict[str, dict[str, Any]]:
    cursor = duckdb.connect().execute(f"SELECT * FROM read_parquet('{path}')")
    names = [d[0] for d in cursor.description]
    return {r[0]: dict(zip(names, r, strict=True)) for r in cursor.fetchall()}


def test_discovery_and_join_of_the_real_feed(
    server: LocalServer, fetcher: HttpFetcher, raw: Path, realdata: Path, tmp_path: Path
) -> None:
    discovery = {
        "last_updated": 1790070224, "ttl": 60, "version": "2.2",
        "data": {
            "en": {"feeds": [{"name": "station_status", "url": server.url("/en/status.json")}]},
            "fr": {"feeds": [
                {"name": "system_information", "url": server.url("/fr/system.json")},
                {"name": "station_information", "url": "info.json"},
                {"name": "station_status", "url": server.url("/fr/status.json")},
            ]},
        },
    }  # fmt: skip
    server.routes["/fr/gbfs.json"] = static(json.dumps(discovery).encode(), "application/json")
    server.routes["/fr/info.json"] = static((realdata / INFO).read_bytes(), "application/json")
    server.routes["/fr/status.json"] = static((realdata / STATUS).read_bytes(), "text/plain")
    record: list[FetchResult] = []
    files = gbfs.fetch_gbfs(server.url("/fr/gbfs.json"), raw, fetcher, record=record)
    assert [f.name for f in files] == [
        "gbfs.json",
        "station_information.json",
        "station_status.json",
    ]
    assert [s.path for s in server.seen] == ["/fr/gbfs.json", "/fr/info.json", "/fr/status.json"]
    assert files[1].read_bytes() == (realdata / INFO).read_bytes()
    assert len(record) == 3
    out = tmp_path / "v.parquet"
    result = gbfs.to_parquet(files, out, SOURCE, "velomagg")
    assert result.rows == 3
    assert result.details["gbfs_version"] == "2.2"
    assert result.details["stale"] is True  # last_updated 2026-09-22, far older than an hour
    assert result.details["station_status_last_updated"] == "2026-09-22T09:23:39+00:00"
    stations = table(out)
    assert list(stations) == ["006", "007", "014"]
    albert = stations["006"]
    assert albert["name"] == "Place Albert 1er - St Charles"
    assert (albert["capacity"], albert["num_bikes_available"], albert["num_docks_available"]) == (
        27, 8, 19,
    )  # fmt: skip
    assert albert["last_reported"] == datetime.fromtimestamp(1790069019, UTC)
    assert albert["vehicle_type_capacity_14"] == 17
    assert dict(result.columns)["station_id"] == "VARCHAR"  # zero-padded ids stay text


def _v3(realdata: Path, tmp_path: Path, now: datetime) -> list[Path]:
    stamp = now.isoformat(timespec="seconds")
    info = json.loads((realdata / INFO).read_bytes())
    status = json.loads((realdata / STATUS).read_bytes())
    for doc in (info, status):
        doc.update(version="3.0", last_updated=stamp)
    for station in info["data"]["stations"]:
        station["name"] = [{"text": station["name"], "language": "fr"}]
        station.pop("vehicle_type_capacity")
    for station in status["data"]["stations"]:
        station["num_vehicles_available"] = station.pop("num_bikes_available")
        station["last_reported"] = stamp
        for item in station["vehicle_types_available"]:
            item.pop("vehicle_type_id")
            item["vehicle_type_id"] = "14"
    paths = [tmp_path / "station_information.json", tmp_path / "station_status.json"]
    for path, doc in zip(paths, (info, status), strict=True):
        path.write_text(json.dumps(doc))
    return paths


def test_gbfs_3_feed_is_validated_and_fresh(realdata: Path, tmp_path: Path) -> None:
    files = _v3(realdata, tmp_path, datetime.now(UTC))
    out = tmp_path / "v3.parquet"
    result = gbfs.to_parquet(files, out, SOURCE, "velomagg")
    assert result.details["gbfs_version"] == "3.0" and result.details["stale"] is False
    foch = table(out)["007"]
    assert foch["name"] == "Foch" and foch["num_vehicles_available"] == 1


def test_gbfs_3_schema_violation_names_the_field(realdata: Path, tmp_path: Path) -> None:
    files = _v3(realdata, tmp_path, datetime.now(UTC))
    doc = json.loads(files[0].read_text())
    doc["data"]["stations"][1]["lat"] = "43,610989"
    files[0].write_text(json.dumps(doc))
    with pytest.raises(DatasetError) as caught:
        gbfs.to_parquet(files, tmp_path / "x.parquet", SOURCE, "velomagg")
    assert caught.value.location == "field data.stations.1.lat"
    assert "'type' constraint failed" in caught.value.reason
    assert "43,610989" not in str(caught.value)  # never the raw value


def test_gbfs_2_missing_required_field(realdata: Path, tmp_path: Path) -> None:
    doc = json.loads((realdata / STATUS).read_bytes())
    del doc["data"]["stations"][2]["is_renting"]
    status = tmp_path / "station_status.json"
    status.write_text(json.dumps(doc))
    with pytest.raises(DatasetError) as caught:
        gbfs.to_parquet([realdata / INFO, status], tmp_path / "x.parquet", SOURCE, "velomagg")
    assert caught.value.location == "row 3, field is_renting"


def test_missing_feed_in_discovery(server: LocalServer, fetcher: HttpFetcher, raw: Path) -> None:
    body = json.dumps({"version": "3.0", "data": {"feeds": []}}).encode()
    server.routes["/gbfs.json"] = static(body, "application/json")
    with pytest.raises(DatasetError, match="no 'station_information' feed"):
        gbfs.fetch_gbfs(server.url("/gbfs.json"), raw, fetcher)
