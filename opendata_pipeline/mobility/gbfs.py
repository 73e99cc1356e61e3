"""GBFS `station_information` + `station_status` (versions 2.x and 3.0) for Vélomagg, read by the
`gbfs` source kind's parser."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from opendata_pipeline.errors import DatasetError
from opendata_pipeline.ingest.gbfs import station_fields, to_datetime
from opendata_pipeline.ingest.records import PointFixer
from opendata_pipeline.mobility.rows import Row, as_float, as_int, make_row

LANGUAGE = "fr"


def station_urn(station_id: str) -> str:
    """The NGSI id of a Vélomagg station (`006` → `urn:ngsi-ld:station:006`), shared by all feeds."""
    return station_id if station_id.startswith("urn:") else f"urn:ngsi-ld:station:{station_id}"


def load_feed(files: Mapping[str, bytes], name: str, dataset: str) -> dict[str, Any]:
    """One GBFS file (`name` or `name.json` key) as a dict with `data.stations`."""
    raw = files.get(name, files.get(f"{name}.json"))
    if raw is None:
        raise DatasetError(dataset, f"fichier GBFS {name} absent")
    try:
        payload = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise DatasetError(dataset, "fichier GBFS illisible (JSON invalide)", file=name) from None
    stations = payload.get("data", {}).get("stations") if isinstance(payload, dict) else None
    if not isinstance(stations, list):
        raise DatasetError(dataset, "fichier GBFS sans data.stations", file=name)
    return payload  # type: ignore[no-any-return]


def bike_rows(
    files: Mapping[str, bytes], *, fetched_at: datetime, dataset: str, source: str = "gbfs"
) -> list[Row]:
    """Join station_information and station_status on `station_id`: one row per station."""
    info = load_feed(files, "station_information", dataset)
    status = load_feed(files, "station_status", dataset)
    feed_time = to_datetime(status.get("last_updated")) or fetched_at
    points = PointFixer(fix_swaps=False)  # coordinates as given: the quality checks report them

    def stations(feed: dict[str, Any]) -> dict[str, dict[str, Any]]:
        return {
            str(item["station_id"]): station_fields(item, LANGUAGE, points)
            for item in feed["data"]["stations"]
            if isinstance(item, dict) and item.get("station_id") is not None
        }

    statuses = stations(status)
    rows = []
    for station_id, station in stations(info).items():
        state = statuses.get(station_id, {})
        available = state.get("num_bikes_available", state.get("num_vehicles_available"))
        name = station.get("name")
        rows.append(
            make_row(
                id=station_urn(station_id),
                kind="bike",
                name=name.strip() or None if isinstance(name, str) else None,
                commune=None,
                longitude=as_float(station.get("lon")),
                latitude=as_float(station.get("lat")),
                capacity=as_int(station.get("capacity")),
                available=as_int(available),
                free_slots=as_int(state.get("num_docks_available")),
                status=_status(state),
                observed_at=state.get("last_reported") or feed_time,
                fetched_at=fetched_at,
                source=source,
            )
        )
    return rows


def _status(state: dict[str, Any]) -> str | None:
    if not state:
        return None
    if state.get("is_installed") is False:
        return "closed"
    if state.get("is_renting") is False and state.get("is_returning") is False:
        return "closed"
    return "open"
