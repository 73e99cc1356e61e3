"""The stages after `published/<id>/`: portals, DCAT, reconciliation, inventory, warehouse.

Each pulls from the zones what its engine reads and pushes what it wrote (the portal and
catalogue assets and the `publish` command call them; the engines take local paths).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from opendata_pipeline.storage import zones
from opendata_pipeline.storage.paths import (
    atomic_write_text,
    clean_path,
    published_dir,
    reports_dir,
    warehouse_path,
)
from opendata_pipeline.storage.zones import MANIFEST

if TYPE_CHECKING:
    from opendata_pipeline.catalog.loader import Catalog
    from opendata_pipeline.catalog.model import DatasetEntry
    from opendata_pipeline.publish.base import Publisher
    from opendata_pipeline.publish.dcat import CatalogOutcome
    from opendata_pipeline.publish.model import PublishedDataset


def load_release(dataset: str, *, verify: bool = True) -> PublishedDataset:
    """`published/<id>/` (its manifest alone without `verify`), fetched first in a fresh pod."""
    from opendata_pipeline.publish.model import PublishedDataset

    folder = published_dir(dataset)
    zones.pull(folder if verify else folder / MANIFEST)
    return PublishedDataset.load(folder, verify=verify)


def _ledger_records(dataset: str) -> list[Path]:
    """Every ledger record of `dataset`, on every portal (a publisher reads its twin's too)."""
    from opendata_pipeline.publish.ledger import Ledger
    from opendata_pipeline.publish.portals import PORTALS

    return Ledger().records(dataset, [p.id for p in PORTALS])


@contextmanager
def ledger_synced(dataset: str) -> Iterator[None]:
    """Publish or read back `dataset` with its ledger: fetched first in a fresh pod, and what
    changed uploaded afterwards, even when a portal failed half-way (a fresh pod must not create
    a second copy of what the portal already received)."""
    records = _ledger_records(dataset)
    with zones.stage(inputs=records, outputs=records, on_error=True):
        yield


def _release_inputs(entries: Sequence[DatasetEntry]) -> list[Path]:
    return [published_dir(e.id) / MANIFEST for e in entries]


def write_dcat(entries: Sequence[DatasetEntry], folder: Path) -> CatalogOutcome:
    """`catalog/dcat.*` from the releases' manifests; a conforming catalogue is uploaded,
    where harvesters fetch it."""
    from opendata_pipeline.publish.dcat import write_catalog

    with zones.stage(inputs=_release_inputs(entries)):
        outcome = write_catalog(list(entries), folder)
    if outcome.conforms:
        zones.push(outcome.files)
    return outcome


@dataclass(frozen=True)
class Reconciliation:
    """The status rows (one per dataset × portal) and the files written from them."""

    rows: list[dict[str, Any]]
    report: Path  # the rows, JSON
    page: Path  # the steward's status page, French HTML
    lineage: Path  # source → run → files → portal records, JSON


def reconcile_portals(
    entries: Sequence[DatasetEntry], publishers: Mapping[str, Publisher], folder: Path
) -> Reconciliation:
    """Compare each release with the portals and trace its lineage (from the manifests, gate
    reports, clean reports and ledgers of the zones), then write and upload the status page,
    its JSON and the lineage export."""
    from opendata_pipeline.publish.lineage import lineage
    from opendata_pipeline.publish.model import PublishedDataset
    from opendata_pipeline.publish.reconcile import html_page, reconcile
    from opendata_pipeline.treatments import report_path

    inputs = _release_inputs(entries) + [reports_dir(e.id) / "compliance.json" for e in entries]
    inputs += [record for e in entries for record in _ledger_records(e.id)]
    report, page = folder / "portal_reconciliation.json", folder / "portal_reconciliation.html"
    exported = folder / "lineage.json"
    with zones.stage(inputs=inputs, outputs=[report, exported, page]):
        for entry in entries:  # the clean report of each release: rows read, treatments
            if (published_dir(entry.id) / MANIFEST).is_file():
                release = PublishedDataset.load(published_dir(entry.id), verify=False)
                zones.pull(report_path(entry.id, release.partition))
        rows = reconcile(entries, publishers)
        atomic_write_text(report, json.dumps(rows, indent=2, ensure_ascii=False))
        lines = lineage(entries, rows)
        atomic_write_text(exported, json.dumps(lines, indent=2, ensure_ascii=False) + "\n")
        atomic_write_text(page, html_page(rows, datetime.now(UTC).isoformat(timespec="seconds")))
    return Reconciliation(rows, report, page, exported)


def write_inventory(entries: Iterable[DatasetEntry], datasets: Sequence[str]) -> dict[str, int]:
    """`catalog/inventory/`, one Parquet file per publisher, from the manifests of `datasets`;
    the files written are uploaded."""
    from opendata_pipeline.publish import inventory

    folders = {d: published_dir(d) for d in datasets}
    with zones.stage(inputs=[folder / MANIFEST for folder in folders.values()]):
        counts = inventory.write_inventory(entries, folders)
    zones.push(inventory.inventory_dir() / name for name in counts)
    return counts


def build_warehouse(catalog: Catalog) -> dict[str, int]:
    """`warehouse.duckdb` over every release (and the clean partition behind a release
    published through a `schema_mapping`, as `<id>__source`); row count per table. With the
    zones on an object store, it holds tables, the file travelling to other machines."""
    from opendata_pipeline.convert.warehouse import refresh_warehouse

    files = {d: published_dir(d) / f"{d}.parquet" for d in catalog.entries}
    with zones.stage(inputs=files.values(), outputs=[warehouse_path()]):
        files = {d: path for d, path in files.items() if path.is_file()}
        for dataset in [d for d in files if catalog[d].schema_mapping is not None]:
            manifest = published_dir(dataset) / MANIFEST
            zones.pull(manifest)
            partition = json.loads(manifest.read_text("utf-8"))["partition"]
            clean = clean_path(dataset, str(partition))
            zones.pull(clean)
            if clean.is_file():
                files[f"{dataset}__source"] = clean
        return refresh_warehouse(warehouse_path(), files, copy=zones.object_store() is not None)
