"""The legacy XML feeds: one `FR_MTP_<CODE>.xml` per car park and the Vélomagg `TAM_MMM_VELOMAG.xml`.

Parsed by the `xml` source kind's parser (defusedxml: no entity expansion, no external DTD).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any, Final, NamedTuple
from xml.etree.ElementTree import Element

from opendata_pipeline.errors import DatasetError
from opendata_pipeline.ingest.xml_reader import parse_bytes
from opendata_pipeline.mobility.gbfs import station_urn
from opendata_pipeline.mobility.rows import (
    PARIS,
    Row,
    as_float,
    as_int,
    make_row,
    normalise_status,
    parse_timestamp,
)


class LegacyPark(NamedTuple):
    """Reference data the legacy feed lacks (it only gives a 4-letter code)."""

    id: str
    name: str
    longitude: float
    latitude: float


#: The car parks of the legacy feed, keyed by code. Ids, names and coordinates are those of the
#: same car parks in the NGSI feed (offstreetparking 2025-02-27): codes and NGSI ids 001–007
#: follow the same alphabetical order (ANTI = Antigone … GAMB = Gambetta).
LEGACY_PARKS: Final = {
    "ANTI": LegacyPark("urn:ngsi-ld:parking:001", "Antigone", 3.88881893, 43.60871606),
    "ARCT": LegacyPark("urn:ngsi-ld:parking:002", "Arc de Triomphe", 3.8732007, 43.61100267),
    "COME": LegacyPark("urn:ngsi-ld:parking:003", "Comedie", 3.87976196, 43.60856092),
    "CORU": LegacyPark("urn:ngsi-ld:parking:004", "Corum", 3.88225773, 43.61388821),
    "EURO": LegacyPark("urn:ngsi-ld:parking:005", "Europa", 3.89253074, 43.60784971),
    "FOCH": LegacyPark("urn:ngsi-ld:parking:006", "Foch", 3.87657084, 43.61074912),
    "GAMB": LegacyPark("urn:ngsi-ld:parking:007", "Gambetta", 3.87137436, 43.60695138),
}


def _root(raw: bytes, dataset: str, file: str) -> Element:
    return parse_bytes(raw, dataset, file)[0]


def parking_rows(
    files: Mapping[str, bytes], *, fetched_at: datetime, dataset: str, source: str = "xml"
) -> list[Row]:
    """One row per `<park>` document; `DateTime` is local time (Europe/Paris)."""
    rows = []
    for file, raw in files.items():
        park = _root(raw, dataset, file)
        if park.tag != "park":
            raise DatasetError(dataset, "racine <park> attendue", file=file)
        fields = {child.tag: (child.text or "").strip() for child in park}
        code = fields.get("Name", "")
        if not code:
            raise DatasetError(dataset, "élément <Name> vide", file=file)
        ref = LEGACY_PARKS.get(code)
        observed = parse_timestamp(fields.get("DateTime"), naive_tz=PARIS)
        if observed is None:
            raise DatasetError(dataset, "élément <DateTime> absent ou invalide", file=file)
        rows.append(
            make_row(
                id=ref.id if ref else f"FR_MTP_{code}",
                kind="parking",
                name=ref.name if ref else code,
                commune=None,
                longitude=ref.longitude if ref else None,
                latitude=ref.latitude if ref else None,
                capacity=as_int(fields.get("Total")),
                available=as_int(fields.get("Free")),
                free_slots=None,
                status=normalise_status(fields.get("Status")),
                observed_at=observed,
                fetched_at=fetched_at,
                source=source,
            )
        )
    return rows


_NAME_PREFIX = re.compile(r"^\s*(\d+)\s+")


def bike_rows(
    raw: bytes, *, fetched_at: datetime, dataset: str, file: str, source: str = "xml"
) -> list[Row]:
    """One row per `<si>` station. The feed has no timestamp: `observed_at` is `fetched_at`."""
    root = _root(raw, dataset, file)
    rows = []
    for index, station in enumerate(root.iter("si")):
        attrs: dict[str, Any] = dict(station.attrib)
        station_id = attrs.get("id") or _prefix_id(attrs.get("na", ""))
        if not station_id:
            raise DatasetError(
                dataset, "station sans identifiant", file=file, location=f"station {index}"
            )
        rows.append(
            make_row(
                id=station_urn(station_id),
                kind="bike",
                name=_NAME_PREFIX.sub("", attrs.get("na", "")).strip() or None,
                commune=None,
                longitude=as_float(attrs.get("lg")),
                latitude=as_float(attrs.get("la")),
                capacity=as_int(attrs.get("to")),
                available=as_int(attrs.get("av")),
                free_slots=as_int(attrs.get("fr")),
                status=None,  # the feed carries no station status
                observed_at=fetched_at,
                fetched_at=fetched_at,
                source=source,
            )
        )
    return rows


def _prefix_id(name: str) -> str | None:
    match = _NAME_PREFIX.match(name)
    return match.group(1) if match else None
