"""Parse and fetch the real-time car-park and Vélomagg feeds into normalised snapshot tables.

Sources, in order of preference: the NGSI-v2 API of the Métropole (`MOBILITY_API_URL`), GBFS
for bikes (`MOBILITY_GBFS_URL`), the legacy XML files (`MOBILITY_XML_URL`). An unset variable
points at the real samples bundled in `opendata_pipeline/samples/mobility/`, read from disk.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

import pyarrow as pa
import requests

from opendata_pipeline import settings
from opendata_pipeline.errors import DatasetError
from opendata_pipeline.mobility import gbfs, legacy_xml, ngsi
from opendata_pipeline.mobility.rows import to_table, utc
from opendata_pipeline.mobility.schema import BIKES_DATASET, PARKING_DATASET

ParkingSource = Literal["ngsi", "xml"]
_Parser = Callable[[dict[str, bytes], str, datetime], pa.Table]
BikeSource = Literal["ngsi", "gbfs", "xml"]

SAMPLES_DIR = Path(__file__).resolve().parents[1] / "samples" / "mobility"
TIMEOUT_S = 30

#: Resources per (kind, source): name of the raw file, path below the source's base URL.
_RESOURCES: dict[tuple[str, str], tuple[tuple[str, str], ...]] = {
    ("parking", "ngsi"): (("offstreetparking.json", "offstreetparking?limit=1000"),),
    ("parking", "xml"): tuple(
        (f"FR_MTP_{code}.xml", f"FR_MTP_{code}.xml") for code in legacy_xml.LEGACY_PARKS
    ),
    ("bike", "ngsi"): (("bikestation.json", "bikestation?limit=1000"),),
    ("bike", "gbfs"): (
        ("station_information.json", "station_information.json"),
        ("station_status.json", "station_status.json"),
    ),
    ("bike", "xml"): (("TAM_MMM_VELOMAG.xml", "TAM_MMM_VELOMAG.xml"),),
}


def parse_parking(
    raw: bytes | Mapping[str, bytes], source: ParkingSource, *, fetched_at: datetime
) -> pa.Table:
    """Car-park snapshot: NGSI `OffStreetParking` list, or legacy XML (one or several files).

    For `xml`, `raw` is one `<park>` document or a mapping file name → document.
    """
    fetched_at = utc(fetched_at)
    if source == "ngsi":
        return _ngsi_table(raw, ngsi.PARKING, PARKING_DATASET, "offstreetparking", fetched_at)
    if source == "xml":
        files = raw if isinstance(raw, Mapping) else {"FR_MTP.xml": raw}
        rows = legacy_xml.parking_rows(files, fetched_at=fetched_at, dataset=PARKING_DATASET)
        return to_table(rows)
    raise DatasetError(PARKING_DATASET, f"source inconnue : {source}")


def parse_bikes(
    raw: bytes | Mapping[str, bytes], source: BikeSource, *, fetched_at: datetime
) -> pa.Table:
    """Bike-station snapshot from NGSI `BikeHireDockingStation`, GBFS or the Vélomagg XML.

    For `gbfs`, `raw` maps `station_information` and `station_status` (with or without `.json`)
    to the documents.
    """
    fetched_at = utc(fetched_at)
    if source == "ngsi":
        return _ngsi_table(raw, ngsi.BIKE, BIKES_DATASET, "bikestation", fetched_at)
    if source == "gbfs":
        if not isinstance(raw, Mapping):
            raise DatasetError(BIKES_DATASET, "GBFS : station_information et station_status requis")
        return to_table(gbfs.bike_rows(raw, fetched_at=fetched_at, dataset=BIKES_DATASET))
    if source == "xml":
        body = _single(raw, BIKES_DATASET)
        rows = legacy_xml.bike_rows(
            body, fetched_at=fetched_at, dataset=BIKES_DATASET, file="TAM_MMM_VELOMAG.xml"
        )
        return to_table(rows)
    raise DatasetError(BIKES_DATASET, f"source inconnue : {source}")


def parse_parking_timeseries(
    raw: bytes, reference: pa.Table | None = None, *, fetched_at: datetime
) -> pa.Table:
    """A car park's availability time series (NGSI `parking_timeseries`) as snapshot rows.

    `reference` (e.g. a current-state table) supplies name, capacity and coordinates, which the
    time series lacks; without it those columns stay empty.
    """
    try:
        payload = json.loads(raw)
        entity_id = payload["entityId"]
        if len(payload["index"]) != len(payload["values"]):
            raise ValueError
    except (UnicodeDecodeError, ValueError, KeyError, TypeError):
        raise DatasetError(
            PARKING_DATASET, "série temporelle illisible (entityId, index, values attendus)"
        ) from None
    ref = None
    if reference is not None:
        matches = [row for row in reference.to_pylist() if row["id"] == entity_id]
        ref = matches[0] if matches else None
    rows = ngsi.timeseries_rows(payload, ref, fetched_at=utc(fetched_at), source="ngsi")
    return to_table(rows)


def _ngsi_table(
    raw: bytes | Mapping[str, bytes],
    kind: ngsi.EntityKind,
    dataset: str,
    file: str,
    fetched_at: datetime,
) -> pa.Table:
    """The snapshot table of one NGSI answer."""
    entities = ngsi.load_entities(_single(raw, dataset), dataset, file)
    return to_table(ngsi.entity_rows(entities, kind, fetched_at=fetched_at))


def _single(raw: bytes | Mapping[str, bytes], dataset: str) -> bytes:
    if isinstance(raw, bytes):
        return raw
    if len(raw) == 1:
        return next(iter(raw.values()))
    raise DatasetError(dataset, f"un seul document attendu, {len(raw)} reçus")


@dataclass(frozen=True)
class FeedConfig:
    """Base URLs (http(s)://…) or local folders of the three kinds of source."""

    ngsi_url: str = str(SAMPLES_DIR / "ngsi")
    gbfs_url: str = str(SAMPLES_DIR / "gbfs")
    xml_url: str = str(SAMPLES_DIR / "xml")

    @classmethod
    def from_settings(cls, config: settings.Settings | None = None) -> FeedConfig:
        """`MOBILITY_API_URL`, `MOBILITY_GBFS_URL`, `MOBILITY_XML_URL`; unset → bundled samples."""
        urls = (config or settings.current()).mobility_urls
        default = cls()
        return cls(
            ngsi_url=urls.get("ngsi") or default.ngsi_url,
            gbfs_url=urls.get("gbfs") or default.gbfs_url,
            xml_url=urls.get("xml") or default.xml_url,
        )

    def base(self, source: str) -> str:
        return {"ngsi": self.ngsi_url, "gbfs": self.gbfs_url, "xml": self.xml_url}[source]


@dataclass(frozen=True)
class FeedSnapshot:
    """One fetch: the parsed table, the raw files (for the raw zone) and what failed before."""

    table: pa.Table
    source: str
    fetched_at: datetime
    files: dict[str, bytes]
    urls: dict[str, str]
    failures: tuple[str, ...] = field(default=())


def fetch_parking(
    config: FeedConfig | None = None,
    session: requests.Session | None = None,
    *,
    sources: Sequence[ParkingSource] = ("ngsi", "xml"),
    now: datetime | None = None,
) -> FeedSnapshot:
    """Fetch the car-park feed from the first source that answers (NGSI, then legacy XML)."""

    def parse(files: dict[str, bytes], source: str, fetched_at: datetime) -> pa.Table:
        raw = files if source == "xml" else files["offstreetparking.json"]
        return parse_parking(raw, source, fetched_at=fetched_at)  # type: ignore[arg-type]

    return _fetch("parking", PARKING_DATASET, sources, parse, config, session, now)


def fetch_bikes(
    config: FeedConfig | None = None,
    session: requests.Session | None = None,
    *,
    sources: Sequence[BikeSource] = ("ngsi", "gbfs", "xml"),
    now: datetime | None = None,
) -> FeedSnapshot:
    """Fetch the Vélomagg feed from the first source that answers (NGSI, GBFS, legacy XML)."""

    def parse(files: dict[str, bytes], source: str, fetched_at: datetime) -> pa.Table:
        raw = files if source == "gbfs" else next(iter(files.values()))
        return parse_bikes(raw, source, fetched_at=fetched_at)  # type: ignore[arg-type]

    return _fetch("bike", BIKES_DATASET, sources, parse, config, session, now)


def _fetch(
    kind: str,
    dataset: str,
    sources: Sequence[str],
    parse: _Parser,
    config: FeedConfig | None,
    session: requests.Session | None,
    now: datetime | None,
) -> FeedSnapshot:
    config = config or FeedConfig.from_settings()
    own_session = session is None
    http = session or requests.Session()
    failures: list[str] = []
    try:
        for source in sources:
            fetched_at = utc(now) if now else datetime.now(UTC)
            files: dict[str, bytes] = {}
            urls: dict[str, str] = {}
            for name, path in _RESOURCES[(kind, source)]:
                url = _join(config.base(source), path, name)
                try:
                    files[name] = _read(url, http)
                    urls[name] = url
                except (OSError, requests.RequestException) as exc:
                    failures.append(f"{source}/{name} : {_describe(exc)}")
            if not files or (source != "xml" and len(files) < len(_RESOURCES[(kind, source)])):
                continue
            try:
                table = parse(files, source, fetched_at)
            except DatasetError as exc:
                failures.append(f"{source} : {exc.reason}")
                continue
            if table.num_rows == 0:
                failures.append(f"{source} : réponse vide")
                continue
            return FeedSnapshot(table, source, fetched_at, files, urls, tuple(failures))
    finally:
        if own_session:
            http.close()
    raise DatasetError(dataset, "aucune source n'a répondu : " + " ; ".join(failures))


def _join(base: str, path: str, name: str) -> str:
    """URL of a resource below an http(s) base, or the file `name` in a local folder."""
    if base.startswith(("http://", "https://")):
        return f"{base.rstrip('/')}/{path}"
    folder = Path(base.removeprefix("file://"))
    return str(folder / name)


def _read(url: str, session: requests.Session) -> bytes:
    if url.startswith(("http://", "https://")):
        response = session.get(url, timeout=TIMEOUT_S, headers={"Accept": "application/json, */*"})
        response.raise_for_status()
        return response.content
    return Path(url).read_bytes()


def _describe(exc: Exception) -> str:
    """Exception summary without any URL or payload: HTTP status or exception type."""
    if isinstance(exc, requests.HTTPError) and exc.response is not None:
        return f"HTTP {exc.response.status_code}"
    if isinstance(exc, FileNotFoundError):
        return "fichier absent"
    return type(exc).__name__
