"""What a reader reports after turning raw files into typed Parquet."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from opendata_pipeline.errors import DatasetError


@dataclass
class ReadResult:
    """Rows and typed columns written, plus what was detected (encoding, dialect, …), the kind
    of file read (`csv`, `json`, `geojson`, `xml`, `totem`…) and warnings for the steward
    (French: lines skipped, bytes removed)."""

    rows: int
    columns: list[tuple[str, str]]
    encoding: str | None = None
    delimiter: str | None = None
    details: dict[str, Any] = field(default_factory=dict)
    kind: str | None = None
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["columns"] = [{"name": n, "type": t} for n, t in self.columns]
        return out

    def describe(self) -> str:
        """What was detected, in French, for `scan`: columns, encoding, delimiter, then the
        kind of file, the encoding decision, line ends, where the records were found, the CRS."""
        parts = [f"{len(self.columns)} colonnes"]
        if self.encoding:
            parts.append(f"encodage {self.encoding}")
        if self.delimiter:
            parts.append(f"séparateur {self.delimiter!r}")
        found = [f"fichier {self.kind or 'table'}"]
        method, confidence = (self.details.get(k) for k in ENCODING_DECISION)
        if method:
            found.append(f"encodage décidé par {method} (confiance {confidence:.2f})")
        if line_end := self.details.get("line_end"):
            found.append(f"fins de ligne {line_end}")
        if paths := [p for p in self.details.get("record_path") or [] if p]:
            found.append(f"enregistrements : {', '.join(paths)}")
        if crs := self.details.get("crs"):
            found.append(f"coordonnées {crs} ({self.details.get('crs_from')})")
        return ", ".join(parts) + " — " + ", ".join(found)


ENCODING_DECISION = ("encoding_method", "encoding_confidence")


def line_list(lines: Sequence[int], shown: int = 10) -> str:
    """`ligne 3`, `lignes 1, 2`, `lignes 1 à 12` (a run), at most `shown` numbers then `…`."""
    if len(lines) == 1:
        return f"ligne {lines[0]}"
    if len(lines) > 2 and list(lines) == list(range(lines[0], lines[0] + len(lines))):
        return f"lignes {lines[0]} à {lines[-1]}"
    listed = ", ".join(str(n) for n in lines[:shown])
    return f"lignes {listed}" + (f", … ({len(lines)} en tout)" if len(lines) > shown else "")


def refusal_report(path: Path, error: Exception) -> dict[str, Any]:
    """A file that was not read, for `scan --json`: its kind (`text_document`, `html_page`…,
    `unreadable` for a broken file, `internal_error` for a bug) and the French sentence the
    steward reads (an unexpected error is named by its type only: its text may quote data)."""
    if not isinstance(error, DatasetError):
        kind = "internal_error"
        sentence = (
            f"Fichier « {path.name} » non lu : erreur interne ({type(error).__name__}), à "
            "signaler à l'équipe open data"
        )
    else:
        kind = getattr(error, "kind", "unreadable")
        sentence = getattr(error, "sentence", f"Erreur de lecture : {error}")
    return {"file": path.name, "kind": kind, "read": False, "error": sentence}
