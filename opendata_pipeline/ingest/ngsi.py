"""`ngsi` source kind: FIWARE NGSI-v2 (normalized and keyValues) and NGSI-LD entities.

One row per entity: `id`, `type`, then one column per attribute holding its value
(`value` in NGSI-v2 normalized, `value`/`object` in NGSI-LD, the plain value in keyValues).
Per-attribute observation times (`metadata.timestamp` or `metadata.TimeInstant` in NGSI-v2,
`observedAt` in NGSI-LD) become `<attr>_observed_at` columns. A GeoJSON Point in `location`
becomes `longitude`/`latitude` (`<attr>_longitude`/`<attr>_latitude` for other attributes);
other geometries are kept as GeoJSON text. Structured objects (e.g. `PostalAddress`) are
flattened to `<attr>_<key>`; lists are kept as JSON text.

`options`:
- `bbox` (`[min_lon, min_lat, max_lon, max_lat]`, default the Métropole's envelope) and
  `fix_swapped_coordinates` (default true): a point outside the box that falls inside once
  swapped was published as [lat, lon] (the Métropole's `/ecocounter` does this for every
  counter); it is swapped back and counted in details (`coordinates_swapped`).
- `page_size` (default 1000, the Métropole API's maximum) for `fetch_ngsi`.
- `fields`: column → declared type, as for the json kind (only these columns are kept).

`fetch_ngsi` pages through `limit`/`offset` and writes one raw file per page.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from pydantic import ConfigDict, Field, with_config

from opendata_pipeline.errors import DatasetError
from opendata_pipeline.ingest.http import JSON_TYPES, FetchResult, HttpFetcher
from opendata_pipeline.ingest.json_reader import parse_documents, point_fixer
from opendata_pipeline.ingest.kinds import (
    FetchRequest,
    KindOptions,
    PointOptions,
    SourceKind,
    SourceOptions,
)
from opendata_pipeline.ingest.records import (
    PointFixer,
    cited_file,
    flatten,
    point_xy,
    write_records,
)
from opendata_pipeline.ingest.result import ReadResult

OBSERVED_METADATA = ("timestamp", "TimeInstant", "observedAt", "dateObserved")
LD_TYPES = ("Property", "GeoProperty", "Relationship", "LanguageProperty", "ListProperty")
SKIPPED = ("id", "type", "@context")


@with_config(ConfigDict(extra="forbid"))
class NgsiOptions(PointOptions, KindOptions, total=False):
    entity_type: str
    page_size: int


class NgsiSource(SourceOptions):
    """A FIWARE NGSI-v2 or NGSI-LD entities endpoint, read page by page."""

    kind: Literal["ngsi"] = "ngsi"
    fields: dict[str, str] = Field(default_factory=dict)
    options: NgsiOptions = Field(default_factory=lambda: NgsiOptions())


def fetch_ngsi(
    base_url: str,
    entity_type: str | None,
    dest_dir: Path,
    fetcher: HttpFetcher,
    *,
    page_size: int = 1000,
    max_pages: int = 1000,
    max_bytes: int = 256 * 1024**2,
    dataset: str = "?",
    record: list[FetchResult] | None = None,
) -> list[Path]:
    """Fetch all entities page by page (`limit`/`offset`), one raw file per page.

    `base_url` is either a standard `…/v2/entities` or `…/ngsi-ld/v1/entities` endpoint (then
    `type=entity_type` is sent) or a per-type endpoint such as the Métropole's
    `https://portail-api-data.montpellier3m.fr/offstreetparking`. Stops at the first page
    shorter than `page_size`. The `FetchResult` of each page is appended to `record` if given.
    """
    if page_size < 1:
        raise DatasetError(dataset, "page_size must be at least 1")
    typed = urlsplit(base_url).path.rstrip("/").endswith("/entities") and entity_type
    stem = entity_type or Path(urlsplit(base_url).path).name or "entities"
    pages: list[Path] = []
    first_ids: list[str | None] = []
    offset = 0
    while True:
        if len(pages) >= max_pages:
            raise DatasetError(dataset, f"more than {max_pages} pages of {page_size} entities")
        params: dict[str, str | int] = {"limit": page_size, "offset": offset}
        if typed:
            params["type"] = str(entity_type)
        dest = dest_dir / f"{stem}_page{len(pages) + 1:04d}.json"
        result = fetcher.fetch(
            base_url, dest, params=params, max_bytes=max_bytes, expected_kind="ngsi",
            dataset=dataset,
        )  # fmt: skip
        if record is not None:
            record.append(result)
        entities = _entities(json.loads(dest.read_bytes()), dataset, dest.name)
        first = str(entities[0].get("id")) if entities else None
        if first is not None and first in first_ids:
            raise DatasetError(
                dataset, "the server ignores 'offset' (a page repeats an earlier one)",
                file=dest.name,
            )  # fmt: skip
        first_ids.append(first)
        pages.append(dest)
        if len(entities) < page_size:
            return pages
        offset += page_size


def to_parquet(raw_files: list[Path], dst: Path, source: NgsiSource, dataset: str) -> ReadResult:
    """Flatten the entities of every raw page into one typed Parquet file."""
    points = point_fixer(source.options, dataset)
    rows: list[dict[str, Any]] = []
    formats: Counter[str] = Counter()
    types: Counter[str] = Counter()
    for path in raw_files:
        docs, _ = parse_documents(path.read_bytes(), "auto", dataset, path.name)
        for doc in docs:
            for entity in _entities(doc, dataset, path.name):
                row, fmt = entity_row(entity, points)
                formats[fmt] += 1
                types[str(entity.get("type"))] += 1
                rows.append(row)
    fields = source.fields
    columns = write_records(
        rows,
        dst,
        dataset=dataset,
        file=cited_file(raw_files),
        declared=fields,
        only_declared=bool(fields),
    )
    details: dict[str, Any] = {
        "ngsi_formats": dict(formats),
        "entity_types": dict(types),
        "pages": len(raw_files),
        **points.details(),
    }
    if points.swapped:
        details["coordinates_note"] = (
            f"{points.swapped} point(s) published as [lat, lon] were swapped to [lon, lat]"
        )
    return ReadResult(
        rows=len(rows), columns=columns, encoding="utf-8", details=details, kind="ngsi"
    )


def entity_row(entity: Mapping[str, Any], points: PointFixer) -> tuple[dict[str, Any], str]:
    """One flat row for an entity and its format (`v2-normalized`, `v2-keyValues`, `ld`)."""
    attrs = {k: v for k, v in entity.items() if k not in SKIPPED}
    is_ld = "@context" in entity or any(
        isinstance(a, Mapping) and a.get("type") in LD_TYPES for a in attrs.values()
    )
    normalized = bool(attrs) and all(
        isinstance(a, Mapping) and ("value" in a or "object" in a) for a in attrs.values()
    )
    fmt = "ld" if is_ld else "v2-normalized" if normalized else "v2-keyValues"
    row: dict[str, Any] = {"id": entity.get("id"), "type": entity.get("type")}
    for name, attr in attrs.items():
        if normalized or (is_ld and isinstance(attr, Mapping) and attr.get("type") in LD_TYPES):
            value, observed = attribute(attr)
            if observed is not None:
                row[f"{name}_observed_at"] = observed
        else:
            value = attr
        _put(row, name, value, points)
    return row, fmt


def attribute(attr: Any) -> tuple[Any, Any]:
    """An attribute's value and raw observation time (None when it has none), in NGSI-v2
    normalized (`value`, `metadata.timestamp`…), NGSI-LD (`value`/`object`, `observedAt`) or
    keyValues form (the attribute is its value)."""
    if not isinstance(attr, Mapping) or not (
        "value" in attr or "object" in attr or attr.get("type") in LD_TYPES
    ):
        return attr, None
    value = attr.get("object", attr.get("value"))
    if attr.get("type") == "LanguageProperty":
        value = attr.get("languageMap", value)
    if isinstance(value, Mapping) and "@value" in value:
        value = value["@value"]
    observed = attr.get("observedAt")
    metadata = attr.get("metadata")
    if observed is None and isinstance(metadata, Mapping):
        for key in OBSERVED_METADATA:
            meta = metadata.get(key)
            if isinstance(meta, Mapping) and meta.get("value") is not None:
                observed = meta["value"]
                break
    return value, observed


def _put(row: dict[str, Any], name: str, value: Any, points: PointFixer) -> None:
    if (
        point_xy(value) is None
        and isinstance(value, Mapping)
        and {"type", "coordinates"} <= set(value)
    ):
        row[name] = json.dumps(value, ensure_ascii=False)  # a line or polygon: GeoJSON text
    else:
        row.update(flatten({name: value}, points))


def _entities(doc: Any, dataset: str, file: str) -> list[Mapping[str, Any]]:
    items = doc if isinstance(doc, list) else [doc]
    for index, item in enumerate(items):
        if not isinstance(item, Mapping) or "id" not in item:
            raise DatasetError(
                dataset, "not an NGSI entity (object with an 'id')", file=file,
                location=f"row {index + 1}",
            )  # fmt: skip
    return items


def _fetch(request: FetchRequest) -> list[FetchResult]:
    source: NgsiSource = request.source
    results: list[FetchResult] = []
    fetch_ngsi(
        source.url, source.options.get("entity_type"), request.dest_dir, request.fetcher,
        page_size=int(source.options.get("page_size", 1000)), max_bytes=source.max_bytes,
        dataset=request.dataset, record=results,
    )  # fmt: skip
    return results


KIND = SourceKind(
    "ngsi", (*JSON_TYPES, "application/*+json"), fetch=_fetch, to_parquet=to_parquet,
    Options=NgsiSource,
)  # fmt: skip
