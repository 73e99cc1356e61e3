"""Parsing of the real feed samples into the normalised snapshot table.

Expected values are read by eye from the sample files in ../shared/realdata (parking/,
bikeshare/), not recomputed with the code under test.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
import pytest

from opendata_pipeline.errors import DatasetError
from opendata_pipeline.mobility.feeds import (
    parse_bikes,
    parse_parking,
    parse_parking_timeseries,
)
from opendata_pipeline.mobility.schema import SNAPSHOT_SCHEMA
from opendata_pipeline_tests.mobility.helpers import FETCHED_AT, by_id


def test_ngsi_parking_has_the_24_car_parks_typed(parking: pa.Table) -> None:
    assert parking.schema == SNAPSHOT_SCHEMA
    assert parking.num_rows == 24
    rows = by_id(parking)
    antigone = rows["urn:ngsi-ld:parking:001"]
    assert antigone["name"] == "Antigone"
    assert (antigone["capacity"], antigone["available"]) == (239, 118)
    assert antigone["occupancy_rate"] == pytest.approx((239 - 118) / 239)
    assert antigone["status"] == "open"
    assert (antigone["longitude"], antigone["latitude"]) == (3.88881893, 43.60871606)
    assert antigone["observed_at"] == datetime(2025, 2, 27, 13, 41, 55, tzinfo=UTC)
    assert antigone["fetched_at"] == FETCHED_AT
    assert antigone["source"] == "ngsi"
    assert antigone["kind"] == "parking"
    assert antigone["commune"] is None  # the feed has no address for car parks


def test_ngsi_parking_keeps_the_stale_and_the_full_car_park(parking: pa.Table) -> None:
    rows = by_id(parking)
    foch = rows["urn:ngsi-ld:parking:006"]
    assert foch["observed_at"] == datetime(2024, 10, 17, 15, 47, 46, tzinfo=UTC)
    gaumont_ouest = rows["urn:ngsi-ld:parking:021"]
    assert gaumont_ouest["status"] == "full"
    assert (gaumont_ouest["available"], gaumont_ouest["capacity"]) == (0, 250)
    assert gaumont_ouest["occupancy_rate"] == 1.0
    polygone = rows["urn:ngsi-ld:parking:024"]  # millisecond timestamp
    assert polygone["observed_at"] == datetime(2025, 2, 27, 13, 44, 9, 311000, tzinfo=UTC)
    assert sorted(r["status"] for r in rows.values()).count("open") == 23


def test_ngsi_bikes_57_stations_with_docks(bikes: pa.Table) -> None:
    assert bikes.num_rows == 57
    rows = by_id(bikes)
    first = rows["urn:ngsi-ld:station:001"]
    assert first["name"] == "Rue Jules Ferry - Gare Saint-Roch"
    assert first["commune"] == "Montpellier"
    assert (first["available"], first["free_slots"], first["capacity"]) == (3, 9, 12)
    assert first["occupancy_rate"] == 0.25
    assert first["status"] == "open"
    assert first["observed_at"] == datetime(2025, 12, 21, 23, 51, 7, tzinfo=UTC)
    assert rows["urn:ngsi-ld:station:017"]["name"] == "Médiathèque Emile Zola"
    corum = rows["urn:ngsi-ld:station:005"]
    assert (corum["available"], corum["free_slots"], corum["capacity"]) == (6, 4, 12)


def test_gbfs_joins_information_and_status(bikeshare_dir: Path) -> None:
    files = {
        "station_information": (
            bikeshare_dir / "gbfs_station_information_3stations.json"
        ).read_bytes(),
        "station_status.json": (bikeshare_dir / "gbfs_station_status_3stations.json").read_bytes(),
    }
    rows = by_id(parse_bikes(files, "gbfs", fetched_at=FETCHED_AT))
    assert sorted(rows) == [
        "urn:ngsi-ld:station:006",
        "urn:ngsi-ld:station:007",
        "urn:ngsi-ld:station:014",
    ]
    albert = rows["urn:ngsi-ld:station:006"]
    assert albert["name"] == "Place Albert 1er - St Charles"
    assert (albert["available"], albert["free_slots"], albert["capacity"]) == (8, 19, 27)
    assert albert["observed_at"] == datetime.fromtimestamp(1790069019, tz=UTC)
    assert albert["source"] == "gbfs"
    assert albert["status"] == "open"


def test_velomagg_xml_has_no_timestamp_so_fetch_time_is_used(bikeshare_dir: Path) -> None:
    raw = (bikeshare_dir / "TAM_MMM_VELOMAG_2021-03-26.xml").read_bytes()
    table = parse_bikes(raw, "xml", fetched_at=FETCHED_AT)
    rows = by_id(table)
    assert table.num_rows == 57
    assert "urn:ngsi-ld:station:052" not in rows  # id gap in the real feed
    first = rows["urn:ngsi-ld:station:001"]
    assert first["name"] == "Rue Jules Ferry - Gare Saint-Roch"  # "001 " prefix removed
    assert (first["available"], first["free_slots"], first["capacity"]) == (0, 12, 12)
    assert first["observed_at"] == FETCHED_AT
    assert rows["urn:ngsi-ld:station:003"]["name"] == "Esplanade"


def test_legacy_parking_xml_local_time_and_codes(parking_dir: Path) -> None:
    folder = parking_dir / "xml_2017-01-28"
    files = {p.name: p.read_bytes() for p in sorted(folder.glob("FR_MTP_*.xml"))}
    rows = by_id(parse_parking(files, "xml", fetched_at=FETCHED_AT))
    assert len(rows) == 7
    antigone = rows["urn:ngsi-ld:parking:001"]
    assert (antigone["available"], antigone["capacity"]) == (307, 350)  # "0307", "0350"
    # 22:53:54 local time in winter (UTC+1)
    assert antigone["observed_at"] == datetime(2017, 1, 28, 21, 53, 54, tzinfo=UTC)
    assert rows["urn:ngsi-ld:parking:007"]["name"] == "Gambetta"  # GAMB, no trailing space
    summer = parse_parking(
        (parking_dir / "FR_MTP_ANTI_2020-07-10.xml").read_bytes(), "xml", fetched_at=FETCHED_AT
    ).to_pylist()[0]
    assert (summer["available"], summer["capacity"]) == (192, 280)
    assert summer["observed_at"] == datetime(2020, 7, 10, 14, 8, 53, tzinfo=UTC)  # UTC+2


def test_parking_timeseries_takes_reference_from_current_state(
    parking_dir: Path, parking: pa.Table
) -> None:
    raw = (parking_dir / "parking_timeseries_parking001_2025-02-27.json").read_bytes()
    table = parse_parking_timeseries(raw, parking, fetched_at=FETCHED_AT)
    assert table.num_rows == 436
    rows = table.to_pylist()
    assert rows[0]["observed_at"] == datetime(2025, 2, 27, 0, 2, 56, tzinfo=UTC)
    assert rows[0]["available"] == 146
    assert {r["name"] for r in rows} == {"Antigone"}
    assert {r["capacity"] for r in rows} == {239}
    assert rows[-1]["observed_at"].date().isoformat() == "2025-02-28"


def test_unreadable_feed_raises_without_payload() -> None:
    secret = b'[{"id": "urn:ngsi-ld:parking:001", "name": {"value": "SECRET-VALUE"'
    with pytest.raises(DatasetError) as caught:
        parse_parking(secret, "ngsi", fetched_at=FETCHED_AT)
    assert "SECRET-VALUE" not in str(caught.value)
    assert caught.value.dataset == "mobility/parking_occupancy"
    with pytest.raises(DatasetError, match="identifiant"):
        parse_parking(
            json.dumps([{"type": "OffStreetParking"}]).encode(), "ngsi", fetched_at=FETCHED_AT
        )
    with pytest.raises(DatasetError, match="XML"):
        parse_bikes(b"<vcs><sl><si na='x'", "xml", fetched_at=FETCHED_AT)


def test_xml_entity_expansion_is_refused() -> None:
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE park [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        b"<park><DateTime>2017-01-28T22:53:54</DateTime><Name>&b;</Name></park>"
    )
    with pytest.raises(DatasetError, match="XML refusé"):
        parse_parking(bomb, "xml", fetched_at=FETCHED_AT)
