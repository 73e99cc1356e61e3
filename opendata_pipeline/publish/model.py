"""What the convert step hands over (`published/<id>/`) and what publication returns."""

from __future__ import annotations

import csv
import hashlib
import json
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from opendata_pipeline.errors import DatasetError
from opendata_pipeline.storage.paths import sha256_file
from opendata_pipeline.verdict import CheckVerdict

FileKind = Literal["parquet", "csv", "geojson", "schema"]
Action = Literal["created", "updated", "unchanged"]
MEDIA_TYPES: dict[str, str] = {
    "parquet": "application/vnd.apache.parquet",
    "csv": "text/csv",
    "geojson": "application/geo+json",
    "schema": "application/json",  # the Table Schema of the data dictionary (made when publishing)
}
FORMATS: dict[str, str] = {"parquet": "Parquet", "csv": "CSV", "geojson": "GeoJSON",
                           "schema": "JSON"}  # fmt: skip


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class Column:
    name: str
    type: str


@dataclass(frozen=True)
class PublishedFile:
    """One distribution file of the published folder, as recorded by the convert step."""

    kind: FileKind
    path: Path
    sha256: str
    bytes: int

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def media_type(self) -> str:
        return MEDIA_TYPES[self.kind]

    @property
    def format(self) -> str:
        return FORMATS[self.kind]


@dataclass(frozen=True)
class PublishedDataset:
    """The validated files of one dataset and their manifest (R-INTEGRITY reference values)."""

    dataset: str
    directory: Path
    rows: int
    columns: tuple[Column, ...]
    partition: str
    files: dict[str, PublishedFile]
    licence: str
    published_at: datetime
    source_url: str | None = None
    source_sha256: str | None = None
    geo: tuple[str, str] | None = None  # (longitude, latitude) columns found by the convert step
    treatments: str | None = None  # the « Traitements appliqués » paragraph (treatments.py)
    run_id: str | None = None  # the Dagster run that wrote the release

    @classmethod
    def load(cls, directory: Path, *, verify: bool = True) -> PublishedDataset:
        """Read `manifest.json`; with `verify`, check each file's size and sha256 against it."""
        manifest_path = directory / "manifest.json"
        name = directory.name
        if not manifest_path.is_file():
            raise DatasetError(name, "manifeste de publication absent", file=str(manifest_path))
        try:
            data = json.loads(manifest_path.read_text(encoding="utf-8"))
            dataset = str(data["dataset"])
            files: dict[str, PublishedFile] = {}
            for kind, spec in data["files"].items():
                if kind not in MEDIA_TYPES:
                    raise ValueError(f"type de fichier inconnu '{kind}'")
                files[kind] = PublishedFile(
                    kind=kind,
                    path=directory / str(spec["path"]),
                    sha256=str(spec["sha256"]).lower(),
                    bytes=int(spec["bytes"]),
                )
            source = data.get("source") or {}
            geo = data.get("geo") or {}
            published = cls(
                dataset=dataset,
                directory=directory,
                rows=int(data["rows"]),
                columns=tuple(Column(str(c["name"]), str(c["type"])) for c in data["columns"]),
                partition=str(data["partition"]),
                files=files,
                licence=str(data["licence"]),
                published_at=datetime.fromisoformat(str(data["published_at"])),
                source_url=source.get("url"),
                source_sha256=source.get("sha256"),
                geo=(str(geo["longitude"]), str(geo["latitude"])) if geo else None,
                treatments=data.get("treatments"),
                run_id=(data.get("run") or {}).get("id"),
            )
        except (KeyError, TypeError, ValueError) as exc:
            reason = f"manifeste invalide ({type(exc).__name__}: {exc})"
            raise DatasetError(name, reason, file="manifest.json") from None
        if "csv" not in files:
            raise DatasetError(dataset, "aucun fichier CSV dans le manifeste", file="manifest.json")
        if verify:
            published.verify()
        return published

    def verify(self) -> None:
        """Fail if a file is missing or differs from the manifest (what was validated)."""
        for item in self.files.values():
            if not item.path.is_file():
                raise DatasetError(self.dataset, "fichier publié absent", file=item.name)
            size = item.path.stat().st_size
            if size != item.bytes or sha256_file(item.path) != item.sha256:
                raise DatasetError(
                    self.dataset,
                    "le fichier ne correspond plus au manifeste (taille ou sha256)",
                    file=item.name,
                )

    @property
    def content_hash(self) -> str:
        """One digest over every file's sha256: changes when any distribution changes."""
        parts = [f"{k}:{self.files[k].sha256}" for k in sorted(self.files)]
        return sha256_bytes("\n".join(parts).encode())

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]


def csv_shape(data: bytes, delimiter: str = ",") -> tuple[list[str], int]:
    """Header and data-row count of a CSV payload (a BOM is ignored)."""
    text = data.decode("utf-8-sig")
    reader = csv.reader(text.splitlines(keepends=True), delimiter=delimiter)
    header = next(reader, [])
    return header, sum(1 for _ in reader)


@dataclass
class PublicationResult:
    """What one publication did on one portal."""

    portal: str
    kind: str
    dataset: str
    portal_id: str | None
    url: str | None
    action: Action
    uploaded: bool
    uploaded_files: list[str] = field(default_factory=list)
    metadata_changed: bool = False
    identifier: str | None = None
    notes: list[str] = field(default_factory=list)
    # optional metadata left out or moved to the description (French, for the steward)
    warnings: list[str] = field(default_factory=list)
    records_pushed: int = 0  # realtime push: records sent (new or changed), and deleted
    records_deleted: int = 0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def metadata_verdict(self, portal_name: str) -> CheckVerdict:
        """The `optional_metadata` check: metadata left out is told, never blocking."""
        listed = "\n".join(f"- {w}" for w in self.warnings)
        return CheckVerdict(
            "optional_metadata",
            not self.warnings,
            False,
            f"Publié sur {portal_name} sans certaines métadonnées facultatives :\n{listed}"
            if self.warnings
            else "Toutes les métadonnées ont été publiées.",
            {"warnings": len(self.warnings)},
        )


@dataclass(frozen=True)
class ReadBackCheck:
    """One comparison between what was validated and what the portal serves."""

    name: Literal["présence", "lignes", "colonnes", "licence", "sha256"]
    passed: bool | None  # None: the portal gives no way to verify (R-INTEGRITY: WARN)
    expected: str
    actual: str


@dataclass
class ReadBackResult:
    """Read-back of one dataset on one portal (R-INTEGRITY)."""

    portal: str
    dataset: str
    checks: list[ReadBackCheck] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return all(c.passed is not False for c in self.checks) and bool(self.checks)

    @property
    def unverified(self) -> list[str]:
        return [c.name for c in self.checks if c.passed is None]

    def compare(self, name: Any, expected: object, actual: object) -> None:
        """Record a check that passes when both sides are equal."""
        self.checks.append(ReadBackCheck(name, expected == actual, str(expected), str(actual)))

    def unverifiable(self, name: Any, expected: object, reason: str) -> None:
        """Record a check the portal gives no means to run (reported, not failed)."""
        self.checks.append(ReadBackCheck(name, None, str(expected), reason))

    def summary(self) -> str:
        """French one-line summary for the steward."""
        failed = [c.name for c in self.checks if c.passed is False]
        if failed:
            return f"{self.portal} : écarts sur {', '.join(failed)}"
        if self.unverified:
            return f"{self.portal} : conforme (non vérifiable : {', '.join(self.unverified)})"
        return f"{self.portal} : conforme"

    def verdict(self) -> CheckVerdict:
        """The `read_back` check (R-INTEGRITY): a difference fails with ERROR severity."""
        return CheckVerdict(
            "read_back",
            self.passed,
            True,
            self.summary(),
            {"rule_id": "R-INTEGRITY", "unverified": ", ".join(self.unverified) or "none"},
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "portal": self.portal,
            "dataset": self.dataset,
            "passed": self.passed,
            "summary": self.summary(),
            "checks": [asdict(c) for c in self.checks],
        }
