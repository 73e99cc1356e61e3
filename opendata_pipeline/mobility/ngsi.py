"""FIWARE NGSI-v2 entities of the Métropole's API (OffStreetParking, BikeHireDockingStation) as
snapshot rows; attribute values and times are read by the `ngsi` source kind's parser."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any, Final, Literal, NamedTuple

from opendata_pipeline.errors import DatasetError
from opendata_pipeline.ingest.ngsi import attribute
from opendata_pipeline.ingest.records import point_xy
from opendata_pipeline.mobility.rows import Row, as_int, make_row, normalise_status, parse_timestamp


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


def attr(entity: Mapping[str, Any], name: str) -> Any:
    """Value of an attribute, in normalized (`{type, value, metadata}`) or keyValues form."""
    return attribute(entity.get(name))[0]


def attr_timestamp(entity: Mapping[str, Any], *names: str) -> datetime | None:
    """First observation time (`metadata.timestamp`…) found on the named attributes."""
    for name in names:
        moment = parse_timestamp(attribute(entity.get(name))[1])
        if moment is not None:
            return moment
    return None


class EntityKind(NamedTuple):
    """How one entity type maps to the snapshot row (attribute names; None: absent)."""

    type: str
    kind: Literal["parking", "bike"]
    capacity: str
    available: str
    free_slots: str | None


PARKING: Final = EntityKind(
    "OffStreetParking", "parking", "totalSpotNumber", "availableSpotNumber", None
)
BIKE: Final = EntityKind(
    "BikeHireDockingStation", "bike", "totalSlotNumber", "availableBikeNumber", "freeSlotNumber"
)


def entity_rows(
    entities: list[dict[str, Any]], kind: EntityKind, *, fetched_at: datetime, source: str = "ngsi"
) -> list[Row]:
    """One row per entity of `kind.type` (an entity without a type is taken as one); others
    are ignored. Coordinates are kept as given (the quality checks report swapped ones)."""
    rows = []
    counted = [kind.available, *([kind.free_slots] if kind.free_slots else []), "status"]
    for entity in entities:
        if entity.get("type", kind.type) != kind.type:
            continue
        longitude, latitude = point_xy(attr(entity, "location")) or (None, None)
        observed = attr_timestamp(entity, *counted)
        observed = observed or parse_timestamp(attr(entity, "dateModified")) or fetched_at
        address = attr(entity, "address")
        address = address if isinstance(address, dict) else {}
        name = attr(entity, "name")
        if name is None and kind is BIKE:
            name = address.get("streetAddress")
        rows.append(
            make_row(
                id=entity["id"],
                kind=kind.kind,
                name=_text(name),
                commune=_text(address.get("addressLocality")),
                longitude=longitude,
                latitude=latitude,
                capacity=as_int(attr(entity, kind.capacity)),
                available=as_int(attr(entity, kind.available)),
                free_slots=as_int(attr(entity, kind.free_slots)) if kind.free_slots else None,
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
