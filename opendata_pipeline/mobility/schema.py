"""The normalised snapshot table shared by every mobility feed, and the occupancy classes."""

from __future__ import annotations

from typing import Final

import pyarrow as pa

PARKING_DATASET: Final = "mobility/parking_occupancy"
BIKES_DATASET: Final = "mobility/bike_availability"

TIMESTAMP = pa.timestamp("us", tz="UTC")

#: One row per car park / bike station and observation time.
#: `available` is free spaces for a car park and bikes ready to rent for a bike station;
#: `free_slots` (bike stations only) is empty docks; `occupancy_rate` is the share of the
#: capacity in use (occupied spaces, docks holding a bike), in [0, 1].
SNAPSHOT_SCHEMA: Final = pa.schema(
    [
        pa.field("id", pa.string(), nullable=False),
        pa.field("kind", pa.string(), nullable=False),
        pa.field("name", pa.string()),
        pa.field("commune", pa.string()),
        pa.field("longitude", pa.float64()),
        pa.field("latitude", pa.float64()),
        pa.field("capacity", pa.int32()),
        pa.field("available", pa.int32()),
        pa.field("free_slots", pa.int32()),
        pa.field("occupancy_rate", pa.float64()),
        pa.field("status", pa.string()),
        pa.field("observed_at", TIMESTAMP, nullable=False),
        pa.field("fetched_at", TIMESTAMP, nullable=False),
        pa.field("source", pa.string(), nullable=False),
    ]
)

#: Occupancy classes, in display order: (key, French label, colour); see `occupancy_class`.
OCCUPANCY_CLASSES: Final = (
    ("faible", "Occupation < 50 %", "#2e7d32"),
    ("moyenne", "Occupation 50–80 %", "#f9a825"),
    ("forte", "Occupation 80–99 %", "#e65100"),
    ("complet", "Complet", "#b71c1c"),
    ("inconnu", "Pas de donnée / fermé", "#757575"),
)
CLASS_COLOURS: Final = {key: colour for key, _, colour in OCCUPANCY_CLASSES}


def occupancy_class(rate: float | None, status: str | None) -> str:
    """Class of one observation: `complet` when full or flagged `full`, `inconnu` without data."""
    if status == "full":
        return "complet"
    if rate is None or rate != rate or status == "closed":
        return "inconnu"
    if rate >= 1.0:
        return "complet"
    if rate >= 0.8:
        return "forte"
    if rate >= 0.5:
        return "moyenne"
    return "faible"


def occupancy_rate(capacity: int | None, in_use: int | None) -> float | None:
    """`in_use / capacity`, clipped to [0, 1]; None when it cannot be computed."""
    if capacity is None or in_use is None or capacity <= 0:
        return None
    return min(1.0, max(0.0, in_use / capacity))
