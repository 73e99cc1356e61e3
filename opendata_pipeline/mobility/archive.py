"""Backfill from a flat archive of both feeds (`Date;Heure;Type;Nom;Places_Libres;Places_Totales`).

Such archives (e.g. a collector polling the API every ~30 min) name facilities, not ids: names
are matched to ids through a reference current-state table (the NGSI snapshot). For `Velo`
rows `Places_Libres` is the number of available bikes and `Places_Totales` the dock count.
Dates and times are local (Europe/Paris) without offset.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import datetime

import pyarrow as pa

from opendata_pipeline.errors import DatasetError
from opendata_pipeline.mobility.rows import PARIS, Row, as_int, make_row, to_table, utc
from opendata_pipeline.mobility.schema import PARKING_DATASET

HEADER = ["Date", "Heure", "Type", "Nom", "Places_Libres", "Places_Totales"]
KINDS = {"Voiture": "parking", "Velo": "bike"}


@dataclass(frozen=True)
class ArchiveImport:
    """Rows matched to known car parks and stations, and how many rows were left aside."""

    parking: pa.Table
    bikes: pa.Table
    unmatched_rows: int
    invalid_rows: int


def parse_archive_csv(raw: bytes, reference: pa.Table, *, fetched_at: datetime) -> ArchiveImport:
    """Archive rows as snapshot rows (source `archive`), ids and coordinates from `reference`."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DatasetError(PARKING_DATASET, "archive non UTF-8") from None
    reader = csv.reader(io.StringIO(text), delimiter=";")
    if next(reader, None) != HEADER:
        raise DatasetError(PARKING_DATASET, f"en-tête d'archive attendu : {';'.join(HEADER)}")
    known = {(row["kind"], row["name"]): row for row in reference.to_pylist()}
    rows: dict[str, list[Row]] = {"parking": [], "bike": []}
    unmatched = invalid = 0
    fetched_at = utc(fetched_at)
    for record in reader:
        if len(record) != len(HEADER):
            invalid += 1
            continue
        day, hour, type_, name, free, total = record
        kind = KINDS.get(type_)
        ref = known.get((kind, name)) if kind else None
        if ref is None or kind is None:
            unmatched += 1
            continue
        try:
            observed = datetime.fromisoformat(f"{day}T{hour}").replace(tzinfo=PARIS)
        except ValueError:
            invalid += 1
            continue
        capacity, count = as_int(total), as_int(free)
        rows[kind].append(
            make_row(
                id=ref["id"],
                kind=kind,
                name=name,
                commune=ref["commune"],
                longitude=ref["longitude"],
                latitude=ref["latitude"],
                capacity=capacity,
                available=count,
                free_slots=None,
                status=None,
                observed_at=observed,
                fetched_at=fetched_at,
                source="archive",
            )
        )
    return ArchiveImport(
        parking=to_table(rows["parking"]),
        bikes=to_table(rows["bike"]),
        unmatched_rows=unmatched,
        invalid_rows=invalid,
    )
