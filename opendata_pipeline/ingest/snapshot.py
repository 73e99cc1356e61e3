"""Immutable raw snapshots: the original bytes as fetched plus a `manifest.json`.

`raw/<id>/<partition>/<file>` holds the bytes; the manifest (written last, atomically) records
where they came from, their sha256 and size, when they were fetched and what was detected. A
partition whose source has not changed since the previous partition stores no new copy: its
manifest points at the earlier one (`same_as`).
"""

from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from opendata_pipeline.errors import DatasetError
from opendata_pipeline.paths import atomic_path, atomic_write_text, opendata_home, raw_dir

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


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


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


def snapshot_local_file(dataset: str, partition: str, src: Path, *, url: str,
                        kind: str, detected: dict[str, Any] | None = None) -> Snapshot:  # fmt: skip
    """Snapshot a local file (`file://` or a path): copy its bytes unless nothing changed."""
    if not src.is_file():
        raise DatasetError(dataset, "source file not found or not a file", file=src.name)
    try:
        sha, size = _sha256(src), src.stat().st_size
    except OSError as exc:
        raise DatasetError(
            dataset, f"source file unreadable ({exc.strerror})", file=src.name
        ) from None
    directory = raw_dir(dataset, partition)
    current = read_manifest(dataset, partition)
    if current and current.get("sha256") == sha:
        return Snapshot(dataset, partition, directory, current)  # re-run: nothing to do
    manifest: dict[str, Any] = {
        "dataset": dataset,
        "partition": partition,
        "kind": kind,
        "url": url,
        "final_url": url,
        "status": None,
        "headers": {},
        "sha256": sha,
        "size": size,
        "fetched_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "files": [{"name": src.name, "sha256": sha, "bytes": size}],
        "detected": detected or {},
    }
    prev = previous_partition(dataset, partition)
    prev_manifest = read_manifest(dataset, prev) if prev else None
    if prev and prev_manifest and prev_manifest.get("sha256") == sha:
        manifest["same_as"] = prev_manifest.get("same_as") or prev
    else:
        with atomic_path(directory / src.name) as tmp:
            shutil.copyfile(src, tmp)
    atomic_write_text(directory / MANIFEST, json.dumps(manifest, indent=2, ensure_ascii=False))
    return Snapshot(dataset, partition, directory, manifest)
