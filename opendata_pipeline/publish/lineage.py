"""Lineage export: from the source file to each portal record, one JSON document for auditors.

Dagster shows the asset graph (raw → clean → published → portals); this writes out what flowed
through it for the release on the portals: the source (public URL or file name, its sha256,
the partition), the run that wrote the release, rows read and published, the « Traitements
appliqués » paragraph, the published files with their sha256, and the record on each declared
portal (page, portal id, state from the reconciliation). Counts, names and checksums only.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from opendata_pipeline.catalog.model import DatasetEntry
from opendata_pipeline.publish import crosswalk as cw
from opendata_pipeline.publish.model import PublishedDataset
from opendata_pipeline.publish.reconcile import local_release
from opendata_pipeline.treatments import load_clean_report

RECORD_KEYS = ("portal", "status", "label", "page", "portal_ids", "twin", "twin_linked")


def _rows_read(release: PublishedDataset) -> int | None:
    report = load_clean_report(release.dataset, release.partition)
    if report is None:
        return None
    anonymization = report.get("anonymization") or {}
    return int(anonymization.get("rows_in") or report.get("rows_read") or 0)


def dataset_lineage(
    entry: DatasetEntry, release: PublishedDataset | None, records: Iterable[Mapping[str, Any]]
) -> dict[str, Any]:
    """One dataset: source → run → published files → portal records (JSON-ready)."""
    doc: dict[str, Any] = {
        "dataset": entry.id,
        "identifier": cw.stable_identifier(entry),
        "source": {"kind": entry.source.kind},
        "release": None,
        "records": [{k: r.get(k) for k in RECORD_KEYS} for r in records],
    }
    if release is None:  # nothing validated yet: the records say what the portals hold
        return doc
    if release.source_url:
        doc["source"]["location"] = cw.public_source(release.source_url)
    doc["source"]["sha256"] = release.source_sha256
    doc["release"] = {
        "partition": release.partition,
        "run_id": release.run_id,
        "published_at": release.published_at.isoformat(),
        "rows_read": _rows_read(release),
        "rows_published": release.rows,
        "columns": [c.name for c in release.columns],
        "treatments": release.treatments,
        "files": [
            {"name": f.name, "format": f.format, "sha256": f.sha256, "bytes": f.bytes}
            for f in release.files.values()
        ],
    }
    return doc


def lineage(
    entries: Iterable[DatasetEntry], rows: Iterable[Mapping[str, Any]]
) -> list[dict[str, Any]]:
    """Every dataset of the catalogue, with the reconciliation's rows as its portal records."""
    by_dataset: dict[str, list[Mapping[str, Any]]] = {}
    for row in rows:
        by_dataset.setdefault(str(row["dataset"]), []).append(row)
    return [dataset_lineage(e, local_release(e), by_dataset.get(e.id, [])) for e in entries]
