"""GBFS `station_information` + `station_status` (versions 2.x and 3.0) for Vélomagg."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from opendata_pipeline.errors import DatasetError
from opendata_pipeline.mobility.rows import Row, as_float, as_int, make_row, parse_timestamp

FEEDS = ("station_information", "station_status")


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
    feed_time = parse_timestamp(status.get("last_updated")) or fetched_at
    statuses = {
        str(item.get("station_id")): item
        for item in status["data"]["stations"]
        if isinstance(item, dict)
    }
    rows = []
    for station in info["data"]["stations"]:
        if not isinstance(station, dict) or station.get("station_id") is None:
            continue
        station_id = str(station["station_id"])
        state = statuses.get(station_id, {})
        available = state.get("num_bikes_available", state.get("num_vehicles_available"))
        rows.append(
            make_row(
                id=station_urn(station_id),
                kind="bike",
                name=_name(station.get("name")),
                commune=None,
                longitude=as_float(station.get("lon")),
                latitude=as_float(station.get("lat")),
                capacity=as_int(station.get("capacity")),
                available=as_int(available),
                free_slots=as_int(state.get("num_docks_available")),
                status=_status(state),
                observed_at=parse_timestamp(state.get("last_reported")) or feed_time,
                fetched_at=fetched_at,
                source=source,
            )
        )
    return rows


def _name(value: object) -> str | None:
    """GBFS 2.x name (a string) or 3.0 name (localized strings, French preferred)."""
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, list):
        texts = [item for item in value if isinstance(item, dict) and item.get("text")]
        french = [item for item in texts if str(item.get("language", "")).startswith("fr")]
        chosen = french or texts
        return str(chosen[0]["text"]) if chosen else None
    return None


def _status(state: dict[str, Any]) -> str | None:
    if not state:
        return None
    if state.get("is_installed") is False:
        return "closed"
    if state.get("is_renting") is False and state.get("is_returning") is False:
        return "closed"
    return "open"
