"""The per-dataset stages the assets and the CLI run: raw snapshot → clean Parquet → published.

Plain Python (no Dagster): each function takes a catalogue entry and a partition key and
returns what it produced, raising `DatasetError` with the dataset, file and place on bad input.
"""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from opendata_pipeline import settings, treatments
from opendata_pipeline.catalog.loader import Catalog
from opendata_pipeline.catalog.model import DatasetEntry
from opendata_pipeline.convert.published import PublishedRelease, provenance, publish_files
from opendata_pipeline.errors import DatasetError
from opendata_pipeline.ingest.csv_reader import CsvSource
from opendata_pipeline.ingest.readers import read_to_parquet
from opendata_pipeline.ingest.result import ReadResult
from opendata_pipeline.ingest.snapshot import (
    MANIFEST,
    Snapshot,
    load_snapshot,
    read_manifest,
    take_snapshot,
)
from opendata_pipeline.ingest.sniff import sniff
from opendata_pipeline.storage import zones
from opendata_pipeline.storage.paths import clean_path, opendata_home, raw_dir, work_dir


@dataclass
class CleanResult:
    """The clean Parquet file of one partition and how it was obtained."""

    path: Path
    read: ReadResult
    anonymization: dict[str, Any] | None = None
    columns: list[tuple[str, str]] = field(default_factory=list)

    @property
    def rows(self) -> int:
        if self.anonymization is not None:
            return int(self.anonymization.get("rows_out", self.read.rows))
        return self.read.rows


def ingest_raw(entry: DatasetEntry, catalog: Catalog, partition: str) -> Snapshot:
    """Take the raw snapshot of one partition (idempotent: an unchanged source is not copied)."""
    url = entry.source.url
    local = not url.startswith(("http://", "https://"))
    location = str(catalog.resolve_path(entry.id, url)) if local else url
    detect = None
    if isinstance(entry.source, CsvSource):
        source = entry.source

        def detect(path: Path) -> dict[str, Any]:
            d = sniff(path, encoding=source.encoding, delimiter=source.delimiter,
                      quote=source.quote, skip_rows=source.skip_rows or None)  # fmt: skip
            return {"encoding": d.encoding, "delimiter": d.delimiter, "skip_rows": d.skip_rows}

    if local:  # a fresh pod: a source under OPENDATA_HOME (a mobility table) is in the bucket
        zones.pull(Path(location))
    _pull_raw_manifests(entry.id, partition)
    snapshot = take_snapshot(entry.id, partition, entry.source, location, detect=detect)
    own = [f for f in snapshot.files if f.parent == snapshot.directory and f.is_file()]
    zones.push([*own, snapshot.directory / MANIFEST])
    return snapshot


def _pull_raw_manifests(dataset: str, partition: str) -> None:
    """The manifests `take_snapshot` compares with (this partition's, the latest earlier one),
    when the zones are on an object store and the working directory is fresh."""
    stored = sorted(
        p.parent.name
        for p in zones.remote_files(opendata_home() / "raw" / dataset)
        if p.name == MANIFEST and p.parent.parent.name == dataset
    )
    earlier = [p for p in stored if p < partition][-1:]
    for name in {partition, *earlier} & set(stored):
        zones.pull(raw_dir(dataset, name) / MANIFEST)


def _pull_raw(dataset: str, partition: str) -> None:
    """The raw files of a partition, and of the partition holding its bytes (`same_as`)."""
    zones.pull(raw_dir(dataset, partition))
    same_as = (read_manifest(dataset, partition) or {}).get("same_as")
    if same_as:
        zones.pull(raw_dir(dataset, str(same_as)))


def build_clean(entry: DatasetEntry, partition: str) -> CleanResult:
    """Type the raw snapshot into Parquet, then apply the personal-data policy (the seam)."""
    _pull_raw(entry.id, partition)
    result = _build_clean(entry, partition)
    report = treatments.clean_report(entry, result.read, result.anonymization)
    zones.push([result.path, treatments.write_clean_report(entry.id, partition, report)])
    return result


def _build_clean(entry: DatasetEntry, partition: str) -> CleanResult:
    snapshot = load_snapshot(entry.id, partition)
    staging = (
        work_dir() / f"{entry.id}.{partition}.{uuid.uuid4().hex[:12]}.typed.parquet"
    )  # runs may overlap
    target = clean_path(entry.id, partition)
    try:
        kv = provenance(entry, partition, str(snapshot.manifest.get("sha256", "")))
        read = read_to_parquet(snapshot.files, staging, entry.source, entry.id, kv)
        if entry.declared_free_of_personal_data:
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staging, target)
            return CleanResult(target, read, None, read.columns)
        return _anonymize(entry, staging, target, read)
    finally:
        staging.unlink(missing_ok=True)


def _anonymize(entry: DatasetEntry, staging: Path, target: Path, read: ReadResult) -> CleanResult:
    from opendata_pipeline.anonymize.engine import anonymize_parquet

    key = settings.current().pseudonymization_key
    report = anonymize_parquet(staging, target, entry.policy, pseudonymization_key=key)
    from opendata_pipeline.storage.sql import connect, lit

    described = connect().execute(f"DESCRIBE SELECT * FROM read_parquet({lit(target)})").fetchall()
    return CleanResult(target, read, report.to_dict(), [(str(r[0]), str(r[1])) for r in described])


def latest_clean_partition(dataset: str, *, before: str | None = None) -> str | None:
    """The newest clean partition (older than `before` when given), local or on the object
    store; None when there is none."""
    folder = opendata_home() / "clean" / dataset
    local = list(folder.glob("*.parquet")) if folder.is_dir() else []
    found = {p.stem for p in [*local, *zones.remote_files(folder)] if p.suffix == ".parquet"}
    return max((p for p in found if before is None or p < before), default=None)


def build_published(
    entry: DatasetEntry, partition: str | None = None, *, run_id: str | None = None
) -> PublishedRelease:
    """Publish the latest clean partition (or the given one) to `published/<id>/`; `run_id`
    (the Dagster run) is recorded in the manifest for the DCAT provenance."""
    partition = partition or latest_clean_partition(entry.id)
    if partition is None:
        raise DatasetError(entry.id, f"no clean partition yet (run clean/{entry.id} first)")
    clean = clean_path(entry.id, partition)
    zones.pull(clean)
    if not clean.is_file():
        raise DatasetError(entry.id, f"no clean file for partition {partition}")
    zones.pull(raw_dir(entry.id, partition) / MANIFEST)
    zones.pull(treatments.report_path(entry.id, partition))  # the « Traitements » paragraph
    manifest = load_snapshot(entry.id, partition).manifest
    release = publish_files(
        entry, clean, partition=partition, source_manifest=manifest, run_id=run_id
    )
    zones.push_release(release.directory)
    return release
