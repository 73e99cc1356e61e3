"""`gbfs` source kind: a GBFS bike-share feed (2.x or 3.0), stations joined with their status.

`fetch_gbfs` starts from the auto-discovery file `gbfs.json` and downloads it with the
`station_information` and `station_status` feeds it lists. The reader joins both on `station_id`
(one row per station, information columns then status columns, `status_last_updated` added),
checks each feed — GBFS 3.0 against the official JSON schemas bundled in `gbfs_schemas/`, 2.x
with a check of the required fields (no 2.x schema is bundled) — and flags a feed whose
`last_updated` is older than `stale_after_s` (details `stale: true`; the lead turns it into a
check). POSIX times (2.x) become UTC timestamps; 3.0 localized names become plain text.

`options`:
- `language` (default `fr`): feed language to pick in a 2.x `gbfs.json` and for 3.0 localized
  strings (the first one when absent).
- `stale_after_s` (default 3600): age of `last_updated` beyond which the feed is stale.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urljoin

from pydantic import ConfigDict, Field, with_config

from opendata_pipeline.errors import DatasetError
from opendata_pipeline.ingest.http import JSON_TYPES, FetchResult, HttpFetcher
from opendata_pipeline.ingest.json_reader import parse_documents
from opendata_pipeline.ingest.kinds import FetchRequest, KindOptions, SourceKind, SourceOptions
from opendata_pipeline.ingest.records import PointFixer, flatten, write_records
from opendata_pipeline.ingest.result import ReadResult

FEEDS = ("station_information", "station_status")
SCHEMAS = Path(__file__).parent / "gbfs_schemas"
REQUIRED_2X = {
    "station_information": ("station_id", "name", "lat", "lon"),
    "station_status": (
        "station_id", "num_bikes_available", "num_docks_available",
        "is_installed", "is_renting", "is_returning", "last_reported",
    ),
}  # fmt: skip
TIME_FIELDS = ("last_reported", "last_updated")


@with_config(ConfigDict(extra="forbid"))
class GbfsOptions(KindOptions, total=False):
    language: str
    stale_after_s: float


class GbfsSource(SourceOptions):
    """A GBFS system: `url` is its auto-discovery `gbfs.json`."""

    kind: Literal["gbfs"] = "gbfs"
    fields: dict[str, str] = Field(default_factory=dict)
    options: GbfsOptions = Field(default_factory=lambda: GbfsOptions())


def fetch_gbfs(
    gbfs_json_url: str,
    dest_dir: Path,
    fetcher: HttpFetcher,
    *,
    language: str = "fr",
    max_bytes: int = 64 * 1024**2,
    dataset: str = "?",
    record: list[FetchResult] | None = None,
) -> list[Path]:
    """Download `gbfs.json` and the station feeds it lists; returns the three raw files."""
    discovery = dest_dir / "gbfs.json"
    results = [
        fetcher.fetch(
            gbfs_json_url, discovery, max_bytes=max_bytes, expected_kind="gbfs", dataset=dataset
        )
    ]
    feeds = discover_feeds(json.loads(discovery.read_bytes()), language, dataset)
    paths = [discovery]
    for name in FEEDS:
        if name not in feeds:
            raise DatasetError(dataset, f"gbfs.json lists no '{name}' feed", file=discovery.name)
        dest = dest_dir / f"{name}.json"
        url = urljoin(gbfs_json_url, feeds[name])
        results.append(
            fetcher.fetch(url, dest, max_bytes=max_bytes, expected_kind="gbfs", dataset=dataset)
        )
        paths.append(dest)
    if record is not None:
        record.extend(results)
    return paths


def discover_feeds(doc: Any, language: str, dataset: str) -> dict[str, str]:
    """Feed name → URL from a 2.x (`data.<lang>.feeds`) or 3.0 (`data.feeds`) `gbfs.json`."""
    data = doc.get("data") if isinstance(doc, Mapping) else None
    if not isinstance(data, Mapping):
        raise DatasetError(dataset, "gbfs.json has no 'data' object", file="gbfs.json")
    feeds = data.get("feeds")
    if feeds is None:
        languages = [k for k, v in data.items() if isinstance(v, Mapping) and "feeds" in v]
        if not languages:
            raise DatasetError(dataset, "gbfs.json lists no feeds", file="gbfs.json")
        feeds = data[language if language in languages else languages[0]]["feeds"]
    return {
        str(f["name"]): str(f["url"])
        for f in feeds
        if isinstance(f, Mapping) and "name" in f and "url" in f
    }


def to_parquet(raw_files: list[Path], dst: Path, source: GbfsSource, dataset: str) -> ReadResult:
    """Join station information and status, validate them, write one row per station."""
    language = str(source.options.get("language", "fr"))
    stale_after = float(source.options.get("stale_after_s", 3600))
    docs: dict[str, tuple[Mapping[str, Any], str]] = {}
    for path in raw_files:
        parsed, _ = parse_documents(path.read_bytes(), "json", dataset, path.name)
        doc = parsed[0]
        feed = _feed_name(path, doc)
        if feed in FEEDS:
            validate(doc, feed, dataset, path.name)
            docs[feed] = (doc, path.name)
    for feed in FEEDS:
        if feed not in docs:
            raise DatasetError(dataset, f"the snapshot holds no '{feed}' feed")
    now = datetime.now(UTC)
    details: dict[str, Any] = {"gbfs_version": str(docs["station_status"][0].get("version"))}
    stale = False
    for feed, (doc, _) in docs.items():
        updated = to_datetime(doc.get("last_updated"))
        age = (now - updated).total_seconds() if updated else None
        details[f"{feed}_last_updated"] = updated.isoformat() if updated else None
        details[f"{feed}_age_s"] = round(age) if age is not None else None
        stale = stale or age is None or age > stale_after or age < -300
    details["stale"] = stale
    details["stale_after_s"] = stale_after
    points = PointFixer()
    info = {s["station_id"]: station_fields(s, language, points) for s in _stations(docs, FEEDS[0])}
    status = {
        s["station_id"]: station_fields(s, language, points) for s in _stations(docs, FEEDS[1])
    }
    status_updated = to_datetime(docs["station_status"][0].get("last_updated"))
    rows: list[dict[str, Any]] = []
    for station_id in list(info) + [s for s in status if s not in info]:
        row = dict(info.get(station_id, {"station_id": station_id}))
        for key, value in status.get(station_id, {}).items():
            row[f"{key}_status" if key in row and key != "station_id" else key] = value
        row["status_last_updated"] = status_updated
        rows.append(row)
    details["stations_without_status"] = len(set(info) - set(status))
    details["status_without_information"] = len(set(status) - set(info))
    columns = write_records(rows, dst, dataset=dataset, declared=source.fields)
    return ReadResult(
        rows=len(rows), columns=columns, encoding="utf-8", details=details, kind="gbfs"
    )


def validate(doc: Mapping[str, Any], feed: str, dataset: str, file: str) -> None:
    """GBFS 3.0 against the official schema, 2.x by its required fields."""
    version = str(doc.get("version", "1.0"))
    if version.startswith("3."):
        from jsonschema.exceptions import best_match  # here: the catalogue loads this module

        validator = _validator(feed)
        error = best_match(validator.iter_errors(doc))
        if error is not None:
            where = ".".join(str(p) for p in error.absolute_path) or "(document)"
            raise DatasetError(
                dataset,
                f"GBFS {version} {feed} schema: '{error.validator}' constraint failed "
                f"(expected {json.dumps(error.validator_value, ensure_ascii=False)[:120]})",
                file=file,
                location=f"field {where}",
            )
        return
    data = doc.get("data")
    stations = data.get("stations") if isinstance(data, Mapping) else None
    if "last_updated" not in doc or not isinstance(stations, list):
        raise DatasetError(
            dataset, f"GBFS {version} {feed}: needs last_updated and data.stations", file=file
        )
    for index, station in enumerate(stations):
        missing = [
            k for k in REQUIRED_2X[feed] if not isinstance(station, Mapping) or k not in station
        ]
        if missing:
            raise DatasetError(
                dataset, f"GBFS {version} {feed}: required field missing", file=file,
                location=f"row {index + 1}, field {missing[0]}",
            )  # fmt: skip


def to_datetime(value: Any) -> datetime | None:
    """POSIX seconds (2.x) or RFC 3339 (3.0) → aware UTC datetime."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return datetime.fromtimestamp(value, UTC)
    if isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            return None
        return parsed.astimezone(UTC) if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    return None


@cache
def _validator(feed: str) -> Any:
    from jsonschema.validators import validator_for

    schema = json.loads((SCHEMAS / "v3.0" / f"{feed}.json").read_text(encoding="utf-8"))
    return validator_for(schema)(schema)


def _feed_name(path: Path, doc: Any) -> str:
    for feed in (*FEEDS, "gbfs"):
        if feed in path.stem:
            return feed
    stations = doc.get("data", {}).get("stations") if isinstance(doc, Mapping) else None
    if isinstance(stations, list) and stations and isinstance(stations[0], Mapping):
        return "station_status" if "is_renting" in stations[0] else "station_information"
    return "other"


def _stations(
    docs: Mapping[str, tuple[Mapping[str, Any], str]], feed: str
) -> list[Mapping[str, Any]]:
    stations: list[Mapping[str, Any]] = docs[feed][0]["data"]["stations"]
    return stations


def station_fields(station: Mapping[str, Any], language: str, points: PointFixer) -> dict[str, Any]:
    """One station of a feed as flat fields: localized strings in `language`, times as UTC."""
    row: dict[str, Any] = {}
    for key, value in station.items():
        if _is_localized(value):
            row[key] = _pick_language(value, language)
        elif key in TIME_FIELDS:
            row[key] = to_datetime(value)
        else:
            row.update(flatten({key: value}, points))
    return row


def _is_localized(value: Any) -> bool:
    return (
        isinstance(value, list)
        and bool(value)
        and all(isinstance(v, Mapping) and {"text", "language"} <= set(v) for v in value)
    )


def _pick_language(values: list[Mapping[str, Any]], language: str) -> Any:
    for item in values:
        if str(item["language"]).split("-")[0] == language:
            return item["text"]
    return values[0]["text"]


def _fetch(request: FetchRequest) -> list[FetchResult]:
    source: GbfsSource = request.source
    results: list[FetchResult] = []
    fetch_gbfs(
        source.url, request.dest_dir, request.fetcher, language=str(source.options.get("language", "fr")),
        max_bytes=source.max_bytes, dataset=request.dataset, record=results,
    )  # fmt: skip
    return results


KIND = SourceKind(
    "gbfs", (*JSON_TYPES, "application/*+json"), fetch=_fetch, to_parquet=to_parquet,
    Options=GbfsSource,
)  # fmt: skip
