"""FIWARE NGSI-v2 entities of the Métropole's API: OffStreetParking and BikeHireDockingStation."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from opendata_pipeline.errors import DatasetError
from opendata_pipeline.mobility.rows import (
    Row,
    as_float,
    as_int,
    make_row,
    normalise_status,
    parse_timestamp,
)


def load_entities(raw: bytes, dataset: str, file: str) -> list[dict[str, Any]]:
    """The entity list of an NGSI-v2 response (a list, or one entity object)."""
    try:
        payload = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        location = f"ligne {exc.lineno}" if isinstance(exc, json.JSONDecodeError) else None
        raise DatasetError(
            dataset, "réponse NGSI illisible (JSON invalide)", file=file, location=location
        ) from None
    if isinstance(payload, dict):
        payload = [payload]
    if not isinstance(payload, list):
        raise DatasetError(dataset, "réponse NGSI inattendue : ni liste ni entité", file=file)
    for index, entity in enumerate(payload):
        if not isinstance(entity, dict) or not isinstance(entity.get("id"), str):
            raise DatasetError(
                dataset, "entité sans identifiant", file=file, location=f"entité {index}"
            )
    return payload


def attr(entity: dict[str, Any], name: str) -> Any:
    """Value of an attribute, in normalized (`{type, value, metadata}`) or keyValues form."""
    value = entity.get(name)
    if isinstance(value, dict) and "value" in value:
        return value["value"]
    return value


def attr_timestamp(entity: dict[str, Any], *names: str) -> datetime | None:
    """First `metadata.timestamp` found on the named attributes."""
    for name in names:
        value = entity.get(name)
        if isinstance(value, dict):
            stamp = (value.get("metadata") or {}).get("timestamp")
            moment = parse_timestamp(stamp.get("value") if isinstance(stamp, dict) else stamp)
            if moment is not None:
                return moment
    return None


def point(entity: dict[str, Any]) -> tuple[float | None, float | None]:
    """(longitude, latitude) of a GeoJSON Point `location`, as given (no swap correction)."""
    location = attr(entity, "location")
    if isinstance(location, dict) and location.get("type") == "Point":
        coords = location.get("coordinates")
        if isinstance(coords, list) and len(coords) >= 2:
            return as_float(coords[0]), as_float(coords[1])
    return None, None


def parking_rows(
    entities: list[dict[str, Any]], *, fetched_at: datetime, source: str = "ngsi"
) -> list[Row]:
    """One row per `OffStreetParking` entity; other entity types are ignored."""
    rows = []
    for entity in entities:
        if entity.get("type", "OffStreetParking") != "OffStreetParking":
            continue
        longitude, latitude = point(entity)
        observed = attr_timestamp(entity, "availableSpotNumber", "status")
        observed = observed or parse_timestamp(attr(entity, "dateModified")) or fetched_at
        address = attr(entity, "address")
        rows.append(
            make_row(
                id=entity["id"],
                kind="parking",
                name=_text(attr(entity, "name")),
                commune=_text(address.get("addressLocality"))
                if isinstance(address, dict)
                else None,
                longitude=longitude,
                latitude=latitude,
                capacity=as_int(attr(entity, "totalSpotNumber")),
                available=as_int(attr(entity, "availableSpotNumber")),
                free_slots=None,
                status=normalise_status(attr(entity, "status")),
                observed_at=observed,
                fetched_at=fetched_at,
                source=source,
            )
        )
    return rows


def bike_rows(
    entities: list[dict[str, Any]], *, fetched_at: datetime, source: str = "ngsi"
) -> list[Row]:
    """One row per `BikeHireDockingStation` entity; other entity types are ignored."""
    rows = []
    for entity in entities:
        if entity.get("type", "BikeHireDockingStation") != "BikeHireDockingStation":
            continue
        longitude, latitude = point(entity)
        observed = attr_timestamp(entity, "availableBikeNumber", "freeSlotNumber", "status")
        observed = observed or parse_timestamp(attr(entity, "dateModified")) or fetched_at
        address = attr(entity, "address")
        name = attr(entity, "name")
        if name is None and isinstance(address, dict):
            name = address.get("streetAddress")
        rows.append(
            make_row(
                id=entity["id"],
                kind="bike",
                name=_text(name),
                commune=_text(address.get("addressLocality"))
                if isinstance(address, dict)
                else None,
                longitude=longitude,
                latitude=latitude,
                capacity=as_int(attr(entity, "totalSlotNumber")),
                available=as_int(attr(entity, "availableBikeNumber")),
                free_slots=as_int(attr(entity, "freeSlotNumber")),
                status=normalise_status(attr(entity, "status")),
                observed_at=observed,
                fetched_at=fetched_at,
                source=source,
            )
        )
    return rows


def _text(value: object) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def timeseries_rows(
    payload: dict[str, Any], reference: Row | None, *, fetched_at: datetime, source: str
) -> list[Row]:
    """Rows of a `/parking_timeseries/<id>/attrs/availableSpotNumber` answer.

    The answer only has `index` (times) and `values` (free spaces): name, capacity and
    coordinates come from `reference`, a current-state row of the same car park.
    """
    ref = reference or {}
    rows = []
    for moment, value in zip(payload["index"], payload["values"], strict=True):
        observed = parse_timestamp(moment)
        if observed is None:
            continue
        rows.append(
            make_row(
                id=payload["entityId"],
                kind="parking",
                name=ref.get("name"),
                commune=ref.get("commune"),
                longitude=ref.get("longitude"),
                latitude=ref.get("latitude"),
                capacity=ref.get("capacity"),
                available=as_int(value),
                free_slots=None,
                status=None,
                observed_at=observed,
                fetched_at=fetched_at,
                source=source,
            )
        )
    return rows
