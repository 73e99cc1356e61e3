"""Fetching the feeds over real HTTP (a server on 127.0.0.1) and from the bundled samples."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from opendata_pipeline.errors import DatasetError
from opendata_pipeline.mobility.feeds import SAMPLES_DIR, FeedConfig, fetch_bikes, fetch_parking
from opendata_pipeline_tests.mobility.helpers import FETCHED_AT, FeedServer, serve_feeds


@pytest.fixture
def feed_server() -> Iterator[FeedServer]:
    with serve_feeds() as state:
        yield state


def test_ngsi_over_http_sends_required_limit(
    feed_server: FeedServer, parking_ngsi_raw: bytes
) -> None:
    feed_server.routes["/api/offstreetparking?limit=1000"] = parking_ngsi_raw
    config = FeedConfig(ngsi_url=f"{feed_server.url}/api", xml_url=f"{feed_server.url}/xml")
    with requests.Session() as session:
        snapshot = fetch_parking(config, session, now=FETCHED_AT)
    assert snapshot.source == "ngsi"
    assert snapshot.table.num_rows == 24
    assert snapshot.files == {"offstreetparking.json": parking_ngsi_raw}
    assert snapshot.failures == ()
    assert feed_server.requests_seen == ["/api/offstreetparking?limit=1000"]


def test_ngsi_down_falls_back_to_legacy_xml(feed_server: FeedServer, parking_dir: Path) -> None:
    feed_server.status_other = 503
    for path in (parking_dir / "xml_2017-01-28").glob("FR_MTP_*.xml"):
        feed_server.routes[f"/xml/{path.name}"] = path.read_bytes()
    config = FeedConfig(ngsi_url=f"{feed_server.url}/api", xml_url=f"{feed_server.url}/xml")
    snapshot = fetch_parking(config, now=FETCHED_AT)
    assert snapshot.source == "xml"
    assert snapshot.table.num_rows == 7
    assert snapshot.failures == ("ngsi/offstreetparking.json : HTTP 503",)


def test_bikes_fall_back_to_gbfs_then_fail_when_nothing_answers(
    feed_server: FeedServer, bikeshare_dir: Path
) -> None:
    feed_server.status_other = 500
    feed_server.routes["/gbfs/station_information.json"] = (
        bikeshare_dir / "gbfs_station_information_3stations.json"
    ).read_bytes()
    feed_server.routes["/gbfs/station_status.json"] = (
        bikeshare_dir / "gbfs_station_status_3stations.json"
    ).read_bytes()
    config = FeedConfig(
        ngsi_url=f"{feed_server.url}/api",
        gbfs_url=f"{feed_server.url}/gbfs",
        xml_url=f"{feed_server.url}/xml",
    )
    snapshot = fetch_bikes(config, now=FETCHED_AT)
    assert (snapshot.source, snapshot.table.num_rows) == ("gbfs", 3)

    feed_server.routes.clear()
    feed_server.routes["/api/bikestation?limit=1000"] = b"[]"  # answers, but empty
    with pytest.raises(DatasetError) as caught:
        fetch_bikes(config, now=FETCHED_AT)
    message = str(caught.value)
    assert "aucune source" in message
    assert "HTTP 500" in message
    assert "ngsi : réponse vide" in message
    assert feed_server.url not in message  # no URL (could carry a key) in errors


def test_env_urls_and_bundled_samples_by_default(
    monkeypatch: pytest.MonkeyPatch, feed_server: FeedServer, bikes_ngsi_raw: bytes
) -> None:
    for name in ("MOBILITY_API_URL", "MOBILITY_GBFS_URL", "MOBILITY_XML_URL"):
        monkeypatch.delenv(name, raising=False)
    default = fetch_bikes(now=FETCHED_AT)  # bundled real samples, read from disk
    assert (default.source, default.table.num_rows) == ("ngsi", 57)
    assert (SAMPLES_DIR / "ngsi" / "bikestation.json").read_bytes() == bikes_ngsi_raw
    assert fetch_parking(sources=["xml"], now=FETCHED_AT).table.num_rows == 7

    feed_server.routes["/v2/bikestation?limit=1000"] = bikes_ngsi_raw
    monkeypatch.setenv("MOBILITY_API_URL", f"{feed_server.url}/v2")
    snapshot = fetch_bikes(now=FETCHED_AT)
    assert snapshot.urls == {"bikestation.json": f"{feed_server.url}/v2/bikestation?limit=1000"}


def test_bundled_samples_are_the_real_files(realdata: Path) -> None:
    pairs = {
        "ngsi/offstreetparking.json": "parking/offstreetparking_2025-02-27.json",
        "gbfs/station_status.json": "bikeshare/gbfs_station_status_3stations.json",
        "xml/TAM_MMM_VELOMAG.xml": "bikeshare/TAM_MMM_VELOMAG_2021-03-26.xml",
        "xml/FR_MTP_GAMB.xml": "parking/xml_2017-01-28/FR_MTP_GAMB.xml",
        "archive/FR_MTP_ANTI_2020-07-10.xml": "parking/FR_MTP_ANTI_2020-07-10.xml",
    }
    for bundled, original in pairs.items():
        assert (SAMPLES_DIR / bundled).read_bytes() == (realdata / original).read_bytes()
    assert "Licence" in (SAMPLES_DIR / "PROVENANCE.md").read_text(encoding="utf-8")
