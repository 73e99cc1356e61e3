"""One refresh cycle of a feed: fetch, append to the history, check, current state, maps.

The Dagster assets and the command line both call `refresh` (through the stage layer, which
syncs the history with the object store); each step is also usable alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

import pyarrow as pa
import requests

from opendata_pipeline.mobility.datasets import current_state
from opendata_pipeline.mobility.feeds import FeedConfig, FeedSnapshot, fetch_bikes, fetch_parking
from opendata_pipeline.mobility.history import AppendResult, append_snapshot, read_history
from opendata_pipeline.mobility.maps import MapResult, build_map, render_png
from opendata_pipeline.mobility.quality import capacity_changes, counts, feed_checks, flagged
from opendata_pipeline.mobility.schema import BIKES_DATASET, PARKING_DATASET
from opendata_pipeline.storage.paths import clean_path, opendata_home
from opendata_pipeline.verdict import CheckVerdict

Kind = Literal["parking", "bike"]
DATASETS: dict[Kind, str] = {"parking": PARKING_DATASET, "bike": BIKES_DATASET}
RECENT_DAYS = 8  # history window of the capacity-change check


def history_dir(kind: Kind) -> Path:
    """`clean/<dataset>/` under OPENDATA_HOME: one `<YYYY-MM-DD>.parquet` per day."""
    return clean_path(DATASETS[kind], "day").parent


def maps_dir() -> Path:
    """`maps/` under OPENDATA_HOME: HTML maps, PNG snapshots and profile charts."""
    return opendata_home() / "maps"


@dataclass(frozen=True)
class RefreshResult:
    """Everything one cycle produced (files are under the given folders)."""

    kind: Kind
    snapshot: FeedSnapshot
    append: AppendResult
    checks: tuple[CheckVerdict, ...]
    current: pa.Table
    map: MapResult
    png: Path

    def summary(self) -> dict[str, Any]:
        """Counts and check results only (no feed value but public ids/names), JSON-ready."""
        return {
            "dataset": DATASETS[self.kind],
            "source": self.snapshot.source,
            "failures": list(self.snapshot.failures),
            "rows": self.snapshot.table.num_rows,
            "rows_added": self.append.rows_added,
            "duplicates": self.append.duplicates,
            "days_written": list(self.append.days_written),
            "map": str(self.map.path),
            "markers": self.map.by_class,
            "checks": [
                {
                    "name": check.name,
                    "passed": check.passed,
                    "severity": "BLOCK" if check.blocking else "WARN",
                    "counts": counts(check),
                    "description": check.message_fr,
                    "flagged": flagged(check),
                }
                for check in self.checks
            ],
        }


def refresh(
    kind: Kind,
    history_dir: Path,
    maps_dir: Path,
    *,
    config: FeedConfig | None = None,
    session: requests.Session | None = None,
    now: datetime | None = None,
) -> RefreshResult:
    """Fetch `kind`, append it to `history_dir`, run the checks, draw `<kind>.html`/`.png`."""
    now = now or datetime.now(UTC)
    fetch = fetch_parking if kind == "parking" else fetch_bikes
    snapshot = fetch(config, session, now=now)
    appended = append_snapshot(snapshot.table, history_dir)
    recent = read_history(history_dir, last_days=RECENT_DAYS)
    checks = [*feed_checks(snapshot.table, now=now), capacity_changes(recent)]
    current = current_state(snapshot.table)
    drawn = build_map(snapshot.table, maps_dir / f"{kind}.html")
    png = render_png(snapshot.table, maps_dir / f"{kind}.png")
    return RefreshResult(kind, snapshot, appended, tuple(checks), current, drawn, png)
