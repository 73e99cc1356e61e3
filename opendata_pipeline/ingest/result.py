"""What a reader reports after turning raw files into typed Parquet."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class ReadResult:
    """Rows and typed columns written, plus what was detected (encoding, dialect, …)."""

    rows: int
    columns: list[tuple[str, str]]
    encoding: str | None = None
    delimiter: str | None = None
    details: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["columns"] = [{"name": n, "type": t} for n, t in self.columns]
        return out
