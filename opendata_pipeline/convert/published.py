"""Clean Parquet → `published/<id>/`: zstd Parquet with provenance metadata, CSV, GeoJSON, manifest.

With a `schema_mapping` the published files hold the official schema's columns, in its order and
formats (`schema_mapping.py`); the clean file keeps the original columns.

The folder is built beside the target and swapped in with renames, so `published/<id>/` always
holds one complete release: a failure leaves the previous one untouched.
"""

from __future__ import annotations

import json
import os
import shutil
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from opendata_pipeline import settings, treatments
from opendata_pipeline.catalog.model import DatasetEntry
from opendata_pipeline.convert.geo import find_coordinates, write_geojson
from opendata_pipeline.errors import DatasetError
from opendata_pipeline.storage.paths import published_dir, sha256_file
from opendata_pipeline.storage.sql import CSV_OPTIONS, connect, copy_hashed, lit, parquet_options


def geojson_max_rows() -> int:
    """Above `OPENDATA_GEOJSON_MAX_ROWS` rows (default 1,000,000) no GeoJSON is written: a file of
    several GB is unusable in a browser or a portal map, and Parquet/CSV keep the coordinates."""
    return settings.current().geojson_max_rows


@dataclass(frozen=True)
class PublishedRelease:
    """What `publish_files` produced."""

    directory: Path
    manifest: dict[str, Any]

    @property
    def rows(self) -> int:
        return int(self.manifest["rows"])

    def file(self, kind: str) -> Path:
        return self.directory / str(self.manifest["files"][kind]["path"])


def _swap_in(tmp_dir: Path, target: Path) -> None:
    """Replace `target` by `tmp_dir` with two renames; the old release is removed afterwards."""
    old = target.with_name(f".{target.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        os.replace(target, old)
    os.replace(tmp_dir, target)
    shutil.rmtree(old, ignore_errors=True)


def publish_files(entry: DatasetEntry, clean: Path, *, partition: str,
                  source_manifest: dict[str, Any],
                  run_id: str | None = None) -> PublishedRelease:  # fmt: skip
    """Write the publication formats of one dataset from its clean Parquet file."""
    target = published_dir(entry.id)
    target.parent.mkdir(parents=True, exist_ok=True)
    # os.mkdir honours the umask (a web server reads the release); mkdtemp's folder is private
    tmp_dir = target.parent / f".{entry.id}.{uuid.uuid4().hex}.tmp"
    tmp_dir.mkdir()
    try:
        manifest = _write_release(entry, clean, tmp_dir, partition, source_manifest, run_id)
        _swap_in(tmp_dir, target)
    finally:
        shutil.rmtree(tmp_dir, ignore_errors=True)
    return PublishedRelease(directory=target, manifest=manifest)


def provenance(entry: DatasetEntry, partition: str, source_sha256: str) -> dict[str, str]:
    """Key-value metadata of the published Parquet (also written into clean files when possible)."""
    return {
        "dataset": entry.id,
        "title": entry.title,
        "licence": entry.licence,
        "publisher": entry.publisher,
        "source": entry.source.url,
        "source_sha256": source_sha256,
        "partition": partition,
    }


def _link_or_copy(src: Path, dst: Path) -> None:
    try:
        os.link(src, dst)  # clean files are replaced by rename, never rewritten in place
    except OSError:
        shutil.copyfile(src, dst)


def _write_release(entry: DatasetEntry, clean: Path, out: Path, partition: str,
                   source_manifest: dict[str, Any], run_id: str | None) -> dict[str, Any]:  # fmt: skip
    source_sha = str(source_manifest.get("sha256", ""))
    kv = provenance(entry, partition, source_sha)
    notes: list[str] = []
    # Files are hashed as they are written; the clean file in the background meanwhile.
    with ThreadPoolExecutor(1) as hasher, connect() as con:
        clean_sha = hasher.submit(sha256_file, clean)
        parquet, csv = out / f"{entry.id}.parquet", out / f"{entry.id}.csv"
        if entry.schema_mapping is not None:
            data, digests = _write_mapped(con, entry, clean, parquet, csv, kv)
        else:
            data, digests = clean, _write_plain(con, clean, parquet, csv, kv)
        paths = {"parquet": parquet, "csv": csv}
        described = con.execute(f"DESCRIBE SELECT * FROM read_parquet({lit(data)})").fetchall()
        columns = [(str(r[0]), str(r[1])) for r in described]
        meta = con.execute(f"SELECT num_rows FROM parquet_file_metadata({lit(data)})").fetchone()
        rows = int(meta[0]) if meta else 0
        coords = _coordinates(entry, columns)
        if coords and rows > geojson_max_rows():
            notes.append(
                f"no GeoJSON above {geojson_max_rows():,} rows: Parquet and CSV carry the coordinates"
            )
            coords = None
        if coords:
            paths["geojson"] = out / f"{entry.id}.geojson"
            features, digests["geojson"] = write_geojson(con, data, paths["geojson"], *coords)
        validated = clean_sha.result()
    digests.setdefault("parquet", validated)  # not rewritten: the clean file itself, linked
    files = {
        kind: {"path": p.name, "sha256": digests[kind], "bytes": p.stat().st_size}
        for kind, p in paths.items()
    }
    manifest: dict[str, Any] = {
        "dataset": entry.id,
        "rows": rows,
        "columns": [{"name": n, "type": t} for n, t in columns],
        "partition": partition,
        "files": files,
        "source": {"url": entry.source.url, "sha256": source_sha},
        "validated_sha256": validated,
        "licence": entry.licence,
        "published_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    if entry.schema_:
        manifest["schema"] = _schema_record(entry)
    manifest["run"] = {"id": run_id, "source_kind": entry.source.kind}
    report = treatments.load_clean_report(entry.id, partition)
    manifest["treatments"] = treatments.paragraph(
        entry, report, rows=rows, formats=list(files), schema=manifest.get("schema")
    )
    if notes:
        manifest["notes"] = notes
    if coords:
        manifest["geo"] = {"longitude": coords[0], "latitude": coords[1], "features": features}
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False), "utf-8")
    return manifest


def _write_plain(con: Any, clean: Path, parquet: Path, csv: Path,
                 kv: dict[str, str]) -> dict[str, str]:  # fmt: skip
    """The clean columns as they are: the Parquet file is the clean one when it already carries
    the provenance metadata (no rewrite), the CSV is written from it. The sha256 of each file
    written."""
    src = f"SELECT * FROM read_parquet({lit(clean)})"
    pairs = con.execute(f"SELECT key, value FROM parquet_kv_metadata({lit(clean)})").fetchall()
    existing = {bytes(k): bytes(v) for k, v in pairs}
    digests = {}
    if all(existing.get(k.encode()) == v.encode() for k, v in kv.items()):
        _link_or_copy(clean, parquet)  # already zstd with the provenance: no rewrite
    else:
        digests["parquet"] = copy_hashed(con, src, parquet, parquet_options(kv))
    digests["csv"] = copy_hashed(con, src, csv, CSV_OPTIONS)
    return digests


def _write_mapped(con: Any, entry: DatasetEntry, clean: Path, parquet: Path, csv: Path,
                  kv: dict[str, str]) -> tuple[Path, dict[str, str]]:  # fmt: skip
    """The schema's columns (`schema_mapping`); a value that does not convert refuses the
    release (the `table_schema` check has already blocked it: this is the last guard)."""
    from opendata_pipeline.convert.schema_mapping import write_mapped

    mapped = write_mapped(con, entry, clean, csv=csv, parquet=parquet, kv=kv)
    if mapped.errors:
        detail = "; ".join(
            f"{e.field} ({e.count}, 1re ligne {e.first_row}) : {e.note}" for e in mapped.errors
        )
        raise DatasetError(entry.id, f"valeurs non conformes au schéma {entry.schema_} : {detail}")
    return parquet, mapped.sha256


def _schema_record(entry: DatasetEntry) -> dict[str, Any]:
    """The schema the release follows, as the portals and DCAT reference it."""
    from opendata_pipeline import schemas

    assert entry.schema_
    ref = schemas.reference(entry.schema_)
    return {
        "name": ref.name,
        "version": ref.version,
        "url": ref.url,
        "mapped": entry.schema_mapping is not None,
    }


def _coordinates(entry: DatasetEntry, columns: list[tuple[str, str]]) -> tuple[str, str] | None:
    if entry.geo == "none":
        return None
    if entry.geo == "auto":
        return find_coordinates(columns)
    names = {n for n, _ in columns}
    return (
        (entry.geo.longitude, entry.geo.latitude)
        if {entry.geo.longitude, entry.geo.latitude} <= names
        else None
    )
