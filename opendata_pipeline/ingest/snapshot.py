"""Immutable raw snapshots: the original bytes as fetched plus a `manifest.json`.

`raw/<id>/<partition>/<files>` hold the bytes; the manifest (written last, atomically) records
where they came from (url, final url, status, validators), their sha256 and size, when they
were fetched and what was detected. Files are fetched into a staging folder first, so a failed
download never leaves a partial snapshot. A partition whose source has not changed since the
previous partition (304, or same checksum) stores no new copy: its manifest points at the
earlier one (`same_as`). Re-running a partition with an unchanged source changes nothing.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from opendata_pipeline.errors import DatasetError, SourceUnchanged
from opendata_pipeline.ingest.http import FetchResult, HttpFetcher, redact_url
from opendata_pipeline.ingest.kinds import SourceOptions
from opendata_pipeline.ingest.sources import fetch_source
from opendata_pipeline.storage.paths import atomic_write_text, opendata_home, raw_dir

MANIFEST = "manifest.json"


@dataclass(frozen=True)
class Snapshot:
    """One partition's raw files and manifest."""

    dataset: str
    partition: str
    directory: Path
    manifest: dict[str, Any]

    @property
    def files(self) -> list[Path]:
        """The raw files, wherever their bytes are stored (this partition or an earlier one)."""
        base = self.directory
        if same_as := self.manifest.get("same_as"):
            base = raw_dir(self.dataset, same_as)
        return [base / f["name"] for f in self.manifest["files"]]

    @property
    def unchanged(self) -> bool:
        return bool(self.manifest.get("same_as"))


def read_manifest(dataset: str, partition: str) -> dict[str, Any] | None:
    path = raw_dir(dataset, partition) / MANIFEST
    if not path.is_file():
        return None
    data: dict[str, Any] = json.loads(path.read_text("utf-8"))
    return data


def load_snapshot(dataset: str, partition: str) -> Snapshot:
    """The snapshot of a partition; a clear error when the raw stage has not run for it."""
    manifest = read_manifest(dataset, partition)
    if manifest is None:
        raise DatasetError(
            dataset, f"no raw snapshot for partition {partition} (run raw/{dataset} first)"
        )
    return Snapshot(dataset, partition, raw_dir(dataset, partition), manifest)


def previous_partition(dataset: str, partition: str) -> str | None:
    """The latest earlier partition that has a manifest."""
    root = opendata_home() / "raw" / dataset
    if not root.is_dir():
        return None
    earlier = sorted(
        p.name for p in root.iterdir() if p.name < partition and (p / MANIFEST).is_file()
    )
    return earlier[-1] if earlier else None


def _combined_sha(results: list[FetchResult]) -> str:
    if len(results) == 1:
        return results[0].sha256
    digest = hashlib.sha256()
    for r in results:
        digest.update(f"{r.path.name}:{r.sha256}\n".encode())
    return digest.hexdigest()


def take_snapshot(dataset: str, partition: str, source: SourceOptions, location: str, *,
                  detect: Callable[[Path], dict[str, Any]] | None = None) -> Snapshot:  # fmt: skip
    """Fetch `location` (URL or local path) into the partition unless nothing changed."""
    directory = raw_dir(dataset, partition)
    current = read_manifest(dataset, partition)
    prev = previous_partition(dataset, partition)
    prev_manifest = read_manifest(dataset, prev) if prev else None
    baseline = current or prev_manifest
    directory.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(
        tempfile.mkdtemp(prefix=f".{partition}.", suffix=".staging", dir=directory.parent)
    )
    try:
        with HttpFetcher(timeout_s=source.timeout_s) as fetcher:
            try:
                results = _fetch(fetcher, source, location, staging, dataset, baseline)
            except SourceUnchanged:
                assert baseline is not None  # only raised against a previous manifest
                return _unchanged(dataset, partition, directory, current, prev, baseline)
        sha = _combined_sha(results)
        if current and current.get("sha256") == sha:
            return Snapshot(dataset, partition, directory, current)
        if prev and prev_manifest and prev_manifest.get("sha256") == sha and not current:
            return _unchanged(dataset, partition, directory, None, prev, prev_manifest)
        manifest = _manifest(dataset, partition, source, results, sha)
        if detect is not None:
            manifest["detected"] = detect(results[0].path)
        directory.mkdir(parents=True, exist_ok=True)
        for result in results:
            os.replace(result.path, directory / result.path.name)
        atomic_write_text(directory / MANIFEST, json.dumps(manifest, indent=2, ensure_ascii=False))
        return Snapshot(dataset, partition, directory, manifest)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _fetch(fetcher: HttpFetcher, source: SourceOptions, location: str, staging: Path, dataset: str,
           baseline: dict[str, Any] | None) -> list[FetchResult]:  # fmt: skip
    """A local file is one raw file whatever its kind; URLs go through the kind's fetch logic."""
    if location.startswith(("http://", "https://")):
        remote = source.model_copy(update={"url": location})
        return fetch_source(remote, staging, fetcher, dataset=dataset, previous=baseline)
    path = Path(location)
    result = fetcher.fetch(
        str(path), staging / path.name, previous=baseline, max_bytes=source.max_bytes,
        expected_kind=source.kind, dataset=dataset,
    )  # fmt: skip
    return [result]


def _unchanged(dataset: str, partition: str, directory: Path, current: dict[str, Any] | None,
               prev: str | None, baseline: dict[str, Any]) -> Snapshot:  # fmt: skip
    """No new bytes: keep the partition as it is, or point it at the previous partition."""
    if current is not None:
        return Snapshot(dataset, partition, directory, current)
    manifest = dict(baseline)
    manifest["partition"] = partition
    manifest["same_as"] = baseline.get("same_as") or prev
    manifest["checked_at"] = datetime.now(UTC).isoformat(timespec="seconds")
    directory.mkdir(parents=True, exist_ok=True)
    atomic_write_text(directory / MANIFEST, json.dumps(manifest, indent=2, ensure_ascii=False))
    return Snapshot(dataset, partition, directory, manifest)


def _manifest(dataset: str, partition: str, source: SourceOptions, results: list[FetchResult],
              sha: str) -> dict[str, Any]:  # fmt: skip
    first = results[0]
    files = []
    for result in results:
        entry = result.to_manifest()
        entry["name"] = entry.pop("path")
        entry["bytes"] = entry.pop("size")
        files.append(entry)
    return {
        "dataset": dataset,
        "partition": partition,
        "kind": source.kind,
        "url": redact_url(source.url),
        "final_url": first.final_url,
        "status": first.status,
        "headers": files[0]["headers"],
        "sha256": sha,
        "size": sum(r.size for r in results),
        "fetched_at": first.fetched_at,
        "files": files,
    }
