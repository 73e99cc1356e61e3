"""Small helpers shared by the feed parsers: typed values, timestamps, the row builder."""

from __future__ import annotations

import math
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pyarrow as pa

from opendata_pipeline.mobility.schema import SNAPSHOT_SCHEMA, occupancy_rate

PARIS = ZoneInfo("Europe/Paris")

Row = dict[str, Any]


def as_int(value: object) -> int | None:
    """An integer count from `118`, `145.0` or `"0307"`; None for anything else."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if math.isfinite(value) and value.is_integer() else None
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    return None


def as_float(value: object) -> float | None:
    """A finite float from a number or a numeric string; None otherwise."""
    if isinstance(value, bool):
        return None
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def parse_timestamp(value: object, *, naive_tz: ZoneInfo | None = None) -> datetime | None:
    """ISO 8601 string or POSIX seconds to an aware UTC datetime.

    A string without offset is read in `naive_tz` (UTC when not given).
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return datetime.fromtimestamp(value, tz=UTC) if math.isfinite(value) else None
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=naive_tz or UTC)
    return parsed.astimezone(UTC)


def utc(moment: datetime) -> datetime:
    """`moment` as aware UTC (a naive datetime is taken as UTC)."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def make_row(
    *,
    id: str,
    kind: str,
    name: str | None,
    commune: str | None,
    longitude: float | None,
    latitude: float | None,
    capacity: int | None,
    available: int | None,
    free_slots: int | None,
    status: str | None,
    observed_at: datetime,
    fetched_at: datetime,
    source: str,
) -> Row:
    """One snapshot row; the occupancy rate is derived from capacity and availability."""
    if kind == "parking":
        in_use = None if capacity is None or available is None else capacity - available
    else:
        in_use = available
    return {
        "id": id,
        "kind": kind,
        "name": name,
        "commune": commune,
        "longitude": longitude,
        "latitude": latitude,
        "capacity": capacity,
        "available": available,
        "free_slots": free_slots,
        "occupancy_rate": occupancy_rate(capacity, in_use),
        "status": status,
        "observed_at": utc(observed_at),
        "fetched_at": utc(fetched_at),
        "source": source,
    }


def to_table(rows: list[Row]) -> pa.Table:
    """Rows to a table of the snapshot schema, sorted by id."""
    rows = sorted(rows, key=lambda row: (row["id"], row["observed_at"]))
    return pa.Table.from_pylist(rows, schema=SNAPSHOT_SCHEMA)


def normalise_status(value: object) -> str | None:
    """Map feed vocabularies to `open`, `full`, `closed`; other values are kept, lower-cased."""
    if not isinstance(value, str) or not value.strip():
        return None
    key = value.strip().lower()
    return {
        "open": "open",
        "opened": "open",
        "working": "open",
        "full": "full",
        "complet": "full",
        "closed": "closed",
        "ferme": "closed",
        "fermé": "closed",
        "outofservice": "closed",
        "withincidence": "closed",
    }.get(key, key)
