"""`ckan` / `dkan` / `opendatasoft` source kinds: a portal's catalogue, one row per dataset.

Columns: `id`, `name`, `title`, `licence`, `modified`, `resources`, `records_count`,
`organization`, `url` (dataset page). `source.url` is the portal's base URL.

How each portal is read (shared/docs/portal-apis.md):
- CKAN: `/api/3/action/package_search?rows=&start=` pages (`rows` ≤ 1000).
- DKAN 7 (data.montpellier3m.fr): only a CKAN-compatible *subset*, no `package_search`:
  `/api/3/action/current_package_list_with_resources?limit=&offset=`, whose `result` may come as a
  nested list; `license_id` is empty and `license_title` holds the licence (URI); `package_show`
  wraps the dataset in a one-element list and answers unknown ids with 404 + `success: true`.
- OpenDataSoft Explore v2.1: `/api/explore/v2.1/catalog/datasets?limit=&offset=` with
  `limit` ≤ 100 and `offset + limit` ≤ 10 000; a larger catalogue is read in one go from
  `/api/explore/v2.1/catalog/exports/json`. Datasets have no "resources": `resources` is empty
  and `records_count` is filled. A dataset is downloaded through `…/datasets/{id}/exports/{format}`
  (no row limit), never by paging records.

`options`: `page_size` (CKAN 1000, DKAN 100, ODS 100 at most) and `max_pages` (default 1000).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from pydantic import ConfigDict, Field, with_config

from opendata_pipeline.errors import DatasetError
from opendata_pipeline.ingest.http import JSON_TYPES, FetchResult, HttpFetcher
from opendata_pipeline.ingest.json_reader import parse_documents
from opendata_pipeline.ingest.kinds import FetchRequest, KindOptions, SourceKind, SourceOptions
from opendata_pipeline.ingest.records import write_records
from opendata_pipeline.ingest.result import ReadResult

DEFAULT_PAGE = {"ckan": 1000, "dkan": 100, "opendatasoft": 100}
ODS_MAX_LIMIT = 100
ODS_MAX_WINDOW = 10_000
ODS_DATASETS = "/api/explore/v2.1/catalog/datasets"
COLUMN_TYPES = {"resources": "BIGINT", "records_count": "BIGINT"}


@with_config(ConfigDict(extra="forbid"))
class CatalogueOptions(KindOptions, total=False):
    page_size: int
    max_pages: int


class CatalogueSource(SourceOptions):
    """A portal's catalogue (`url`: the portal's base URL), one row per dataset."""

    kind: Literal["ckan", "dkan", "opendatasoft"]
    options: CatalogueOptions = Field(default_factory=lambda: CatalogueOptions())


def fetch_catalog(
    kind: str,
    base_url: str,
    dest_dir: Path,
    fetcher: HttpFetcher,
    *,
    page_size: int | None = None,
    max_pages: int = 1000,
    max_bytes: int = 256 * 1024**2,
    dataset: str = "?",
    record: list[FetchResult] | None = None,
) -> list[Path]:
    """Fetch the whole catalogue as raw pages (or one ODS export); returns the files written."""
    base = base_url.rstrip("/")
    size = page_size or DEFAULT_PAGE.get(kind, 100)
    if kind == "opendatasoft":
        size = min(size, ODS_MAX_LIMIT)
        _, probe = fetcher.get_json(f"{base}{ODS_DATASETS}", params={"limit": 1}, dataset=dataset)
        total = int(probe.get("total_count", 0)) if isinstance(probe, Mapping) else 0
        if total > ODS_MAX_WINDOW:
            dest = dest_dir / "ods_catalog_export.json"
            result = fetcher.fetch(
                f"{base}/api/explore/v2.1/catalog/exports/json", dest, max_bytes=max_bytes,
                expected_kind="json", dataset=dataset,
            )  # fmt: skip
            if record is not None:
                record.append(result)
            return [dest]
    url, paging = _listing(kind, base, dataset)
    pages: list[Path] = []
    offset = 0
    while len(pages) < max_pages:
        limit = size
        if kind == "opendatasoft":
            limit = min(size, ODS_MAX_WINDOW - offset)
            if limit <= 0:
                break
        dest = dest_dir / f"{kind}_catalog_page{len(pages) + 1:04d}.json"
        result = fetcher.fetch(
            url, dest, params={paging[0]: limit, paging[1]: offset}, max_bytes=max_bytes,
            expected_kind=kind, dataset=dataset,
        )  # fmt: skip
        if record is not None:
            record.append(result)
        pages.append(dest)
        count = len(_packages(kind, json.loads(dest.read_bytes()), dataset, dest.name))
        if count < limit:
            return pages
        offset += limit
    if len(pages) >= max_pages:
        raise DatasetError(dataset, f"catalogue has more than {max_pages} pages of {size}")
    return pages


def to_parquet(
    raw_files: list[Path], dst: Path, source: CatalogueSource, dataset: str
) -> ReadResult:
    """One row per dataset of the catalogue pages."""
    base = source.url.rstrip("/")
    rows: list[dict[str, Any]] = []
    for path in raw_files:
        doc = parse_documents(path.read_bytes(), "json", dataset, path.name)[0][0]
        for package in _packages(source.kind, doc, dataset, path.name):
            rows.append(dataset_row(source.kind, package, base))
    columns = write_records(rows, dst, dataset=dataset, types=COLUMN_TYPES)
    return ReadResult(
        rows=len(rows), columns=columns, encoding="utf-8", details={"pages": len(raw_files)},
        kind=source.kind,
    )  # fmt: skip


def dataset_row(kind: str, package: Mapping[str, Any], base: str) -> dict[str, Any]:
    """The catalogue row of one CKAN/DKAN package or ODS dataset."""
    if kind == "opendatasoft":
        metas = package.get("metas", {}).get("default", {}) if "metas" in package else package
        dataset_id = package.get("dataset_id")
        return {
            "id": package.get("dataset_uid") or dataset_id,
            "name": dataset_id,
            "title": metas.get("title"),
            "licence": metas.get("license"),
            "modified": metas.get("modified"),
            "resources": None,
            "records_count": metas.get("records_count"),
            "organization": metas.get("publisher"),
            "url": f"{base}/explore/dataset/{dataset_id}/",
        }
    resources = package.get("resources")
    count = package.get("num_resources", len(resources) if isinstance(resources, list) else None)
    if kind == "dkan":
        groups = package.get("groups") or []
        organization = groups[0].get("title") if groups and isinstance(groups[0], dict) else None
    else:
        organization = (package.get("organization") or {}).get("title")
    return {
        "id": package.get("id"),
        "name": package.get("name"),
        "title": package.get("title"),
        "licence": package.get("license_id") or package.get("license_title"),
        "modified": package.get("metadata_modified"),
        "resources": count,
        "records_count": None,
        "organization": organization,
        "url": f"{base}/dataset/{package.get('name')}",
    }


def download_resource(
    kind: str,
    base_url: str,
    dataset_id: str,
    dest_dir: Path,
    fetcher: HttpFetcher,
    *,
    resource_id: str | None = None,
    export_format: str = "csv",
    expected_kind: str = "any",
    max_bytes: int = 2 * 1024**3,
    previous: Mapping[str, Any] | None = None,
    dataset: str = "?",
) -> FetchResult:
    """Download one resource of a portal dataset (the first one unless `resource_id`).

    For ODS, the whole dataset is downloaded through its export in `export_format`.
    """
    base = base_url.rstrip("/")
    if kind == "opendatasoft":
        dest = dest_dir / f"{dataset_id}.{export_format}"
        url = f"{base}{ODS_DATASETS}/{dataset_id}/exports/{export_format}"
        kind_of_export = export_format if export_format in ("csv", "json") else "any"
        return fetcher.fetch(
            url, dest, previous=previous, max_bytes=max_bytes, expected_kind=kind_of_export,
            dataset=dataset,
        )  # fmt: skip
    status, body = fetcher.get_json(
        f"{base}/api/3/action/package_show", params={"id": dataset_id}, dataset=dataset,
        accept_statuses=(404,),
    )  # fmt: skip
    result = body.get("result") if isinstance(body, Mapping) else None
    if isinstance(result, list):  # DKAN 7 wraps the dataset in a one-element list
        result = result[0] if result else None
    if status == 404 or not isinstance(result, Mapping):
        raise DatasetError(dataset, f"portal dataset '{dataset_id}' not found ({kind})")
    resources = [r for r in result.get("resources") or [] if isinstance(r, Mapping)]
    if resource_id is not None:
        resources = [r for r in resources if r.get("id") == resource_id]
    if not resources or not resources[0].get("url"):
        raise DatasetError(dataset, f"portal dataset '{dataset_id}' has no such resource")
    url = str(resources[0]["url"])
    name = Path(urlsplit(url).path).name or f"{resources[0].get('id', 'resource')}.bin"
    return fetcher.fetch(
        url, dest_dir / name, previous=previous, max_bytes=max_bytes,
        expected_kind=expected_kind, dataset=dataset,
    )  # fmt: skip


def _listing(kind: str, base: str, dataset: str) -> tuple[str, tuple[str, str]]:
    if kind == "ckan":
        return f"{base}/api/3/action/package_search", ("rows", "start")
    if kind == "dkan":
        return f"{base}/api/3/action/current_package_list_with_resources", ("limit", "offset")
    if kind == "opendatasoft":
        return f"{base}{ODS_DATASETS}", ("limit", "offset")
    raise DatasetError(dataset, f"'{kind}' is not a catalogue kind (ckan, dkan, opendatasoft)")


def _packages(kind: str, doc: Any, dataset: str, file: str) -> list[Mapping[str, Any]]:
    if kind == "opendatasoft":
        items = doc.get("results") if isinstance(doc, Mapping) else doc
    elif isinstance(doc, Mapping) and kind == "ckan":
        result = doc.get("result")
        items = result.get("results") if isinstance(result, Mapping) else None
    else:
        items = doc.get("result") if isinstance(doc, Mapping) else None
        while isinstance(items, list) and len(items) == 1 and isinstance(items[0], list):
            items = items[0]  # DKAN 7 nests the list
    if not isinstance(items, list) or not all(isinstance(i, Mapping) for i in items):
        raise DatasetError(dataset, f"not a {kind} catalogue answer", file=file)
    return items


def _fetch(request: FetchRequest) -> list[FetchResult]:
    source: CatalogueSource = request.source
    results: list[FetchResult] = []
    page_size = source.options.get("page_size")
    fetch_catalog(
        source.kind, source.url, request.dest_dir, request.fetcher,
        page_size=int(page_size) if page_size else None,
        max_pages=int(source.options.get("max_pages", 1000)), max_bytes=source.max_bytes,
        dataset=request.dataset, record=results,
    )  # fmt: skip
    return results


CKAN, DKAN, OPENDATASOFT = (
    SourceKind(
        name,
        (*JSON_TYPES, "application/*+json"),
        fetch=_fetch,
        to_parquet=to_parquet,
        Options=CatalogueSource,
    )
    for name in ("ckan", "dkan", "opendatasoft")
)
