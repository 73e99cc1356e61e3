"""Fetch the raw files of any source kind, and guess the kind of a local JSON file (for `scan`).

`fetch_source` is the one call the raw stage needs: it runs the `fetch` of the source's kind
(`ingest/kinds.py`): one file for csv/json/xml (`fetch_file`, with conditional GET from the
previous manifest), pages for ngsi and catalogue kinds, three feeds for gbfs.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from opendata_pipeline.ingest.http import FetchResult, HttpFetcher
from opendata_pipeline.ingest.kinds import FetchRequest, SourceOptions, kind_of


def fetch_source(
    source: SourceOptions,
    dest_dir: Path,
    fetcher: HttpFetcher,
    *,
    dataset: str,
    previous: Mapping[str, Any] | None = None,
) -> list[FetchResult]:
    """Fetch the raw files of `source` into `dest_dir`; one `FetchResult` per file written.

    Single-file kinds raise `SourceUnchanged` when `previous` (the last manifest) says the
    source has not changed; multi-file kinds are always fetched (compare their sha256).
    """
    fetch = kind_of(source.kind).fetch
    return fetch(FetchRequest(source, dest_dir, fetcher, dataset, previous))


def fetch_file(request: FetchRequest) -> list[FetchResult]:
    """The one raw file of a single-file kind (option `file_name`: its name, default the URL's
    last segment)."""
    source, dataset = request.source, request.dataset
    name = str(source.options.get("file_name") or raw_file_name(source.url, dataset, source.kind))
    return [
        request.fetcher.fetch(
            source.url, request.dest_dir / name, previous=request.previous,
            max_bytes=source.max_bytes, expected_kind=source.kind, dataset=dataset,
        )
    ]  # fmt: skip


def raw_file_name(url: str, dataset: str, kind: str) -> str:
    """The URL's last path segment, or `<dataset>.<kind>` when it has none."""
    name = Path(unquote(urlsplit(url).path)).name
    if not name or "." not in name:
        return f"{dataset}.{kind}"
    return name


def guess_json_source(path: Path) -> tuple[str, str | None]:
    """(kind, record_path) to read a local JSON file: NGSI entities, GeoJSON, a GBFS feed or
    plain JSON."""
    try:
        doc = json.loads(path.read_bytes())
    except ValueError:
        return "json", None  # concatenated, a preamble, JSON Lines: the json reader sorts it out
    if isinstance(doc, list) and doc and all(_is_entity(e) for e in doc):
        return "ngsi", None
    if isinstance(doc, dict) and doc.get("type") in ("FeatureCollection", "Feature"):
        return "geojson", None
    data = doc.get("data") if isinstance(doc, dict) else None
    if isinstance(data, dict) and isinstance(data.get("stations"), list):
        return "json", "data.stations"
    return "json", None


def _is_entity(item: Any) -> bool:
    if not isinstance(item, dict) or "id" not in item or "type" not in item:
        return False
    attrs = [v for k, v in item.items() if k not in ("id", "type", "@context")]
    return any(isinstance(a, dict) and ("value" in a or "object" in a) for a in attrs)
