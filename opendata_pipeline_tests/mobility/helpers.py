"""Small helpers of the mobility tests."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pyarrow as pa

FETCHED_AT = datetime(2025, 2, 27, 14, 0, tzinfo=UTC)


def by_id(table: pa.Table) -> dict[str, dict[str, Any]]:
    """Rows keyed by id (one observation per id expected)."""
    rows = table.to_pylist()
    keyed = {row["id"]: row for row in rows}
    assert len(keyed) == len(rows), "one row per id expected"
    return keyed
