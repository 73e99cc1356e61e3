"""History of snapshots: one Parquet file per UTC day, one row per (id, observed_at).

A snapshot is merged into the day files of its observation times with DuckDB: rows already
there (same `id` and source timestamp `observed_at`) are kept as first recorded, so appending
the same snapshot twice changes nothing and a late (out-of-order) snapshot lands in its day.
Each touched day file is rewritten atomically (temp file, then rename).
"""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa

from opendata_pipeline.mobility.schema import SNAPSHOT_SCHEMA
from opendata_pipeline.storage.paths import atomic_path
from opendata_pipeline.storage.sql import connect as duckdb_connect

DAY_GLOB = "????-??-??.parquet"


@dataclass(frozen=True)
class AppendResult:
    """What one append did: rows received, new rows written, duplicates skipped, days touched."""

    rows_in: int
    rows_added: int
    duplicates: int
    days_written: tuple[str, ...]


def connect() -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB session working in UTC."""
    con = duckdb_connect()
    con.execute("SET TimeZone = 'UTC'")
    return con


def day_path(history_dir: Path, day: str) -> Path:
    return history_dir / f"{day}.parquet"


def append_snapshot(table: pa.Table, history_dir: Path) -> AppendResult:
    """Merge `table` (snapshot schema) into the day files of `history_dir`."""
    incoming = table.select(SNAPSHOT_SCHEMA.names).cast(SNAPSHOT_SCHEMA)
    con = connect()
    with _locked(history_dir):
        try:
            return _append(con, incoming, history_dir)
        finally:
            con.close()


@contextmanager
def _locked(history_dir: Path) -> Iterator[None]:
    """Exclusive lock on the history: two overlapping runs must not read-modify-write a day."""
    history_dir.mkdir(parents=True, exist_ok=True)
    with (history_dir / ".lock").open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _append(con: duckdb.DuckDBPyConnection, incoming: pa.Table, history_dir: Path) -> AppendResult:
    """Deduplicate the snapshot on (id, observed_at), then merge it day by day."""
    con.register("incoming", incoming)
    # one row per key inside the snapshot itself (first fetched wins)
    con.execute(
        """
        CREATE TEMP TABLE snap AS
        SELECT * EXCLUDE (rn) FROM (
            SELECT *, row_number() OVER (
                PARTITION BY id, observed_at ORDER BY fetched_at, source) AS rn
            FROM incoming)
        WHERE rn = 1
        """
    )
    days = [
        str(row[0])
        for row in con.execute(
            "SELECT DISTINCT CAST(observed_at AS DATE) FROM snap ORDER BY 1"
        ).fetchall()
    ]
    added = 0
    written = []
    for day in days:
        new_rows = _merge_day(con, day_path(history_dir, day), day)
        if new_rows:
            added += new_rows
            written.append(day)
    return AppendResult(
        rows_in=incoming.num_rows,
        rows_added=added,
        duplicates=incoming.num_rows - added,
        days_written=tuple(written),
    )


def _merge_day(con: duckdb.DuckDBPyConnection, path: Path, day: str) -> int:
    """Write the day's file with the new rows added; return how many were new (0 → untouched)."""
    con.execute(
        "CREATE OR REPLACE TEMP TABLE day_new AS "
        "SELECT * FROM snap WHERE CAST(observed_at AS DATE) = CAST(? AS DATE)",
        [day],
    )
    if path.exists():
        con.execute(
            "CREATE OR REPLACE TEMP TABLE day_old AS SELECT * FROM read_parquet(?)", [str(path)]
        )
    else:
        con.execute("CREATE OR REPLACE TEMP TABLE day_old AS SELECT * FROM snap LIMIT 0")
    new_count = _scalar(
        con,
        "SELECT count(*) FROM day_new n WHERE NOT EXISTS ("
        "SELECT 1 FROM day_old o WHERE o.id = n.id AND o.observed_at = n.observed_at)",
    )
    if new_count == 0:
        return 0
    merged = con.sql(
        """
        SELECT * FROM day_old
        UNION ALL BY NAME
        SELECT * FROM day_new n WHERE NOT EXISTS (
            SELECT 1 FROM day_old o WHERE o.id = n.id AND o.observed_at = n.observed_at)
        ORDER BY observed_at, id
        """
    ).to_arrow_table()
    merged = merged.select(SNAPSHOT_SCHEMA.names).cast(SNAPSHOT_SCHEMA)
    with atomic_path(path) as tmp:
        con.register("merged", merged)
        con.execute(f"COPY merged TO '{_sql_path(tmp)}' (FORMAT parquet, COMPRESSION zstd)")
        con.unregister("merged")
    return new_count


def read_history(history_dir: Path, *, last_days: int | None = None) -> pa.Table:
    """The history, or its `last_days` newest day files (empty table when there is none)."""
    files = sorted(history_dir.glob(DAY_GLOB))
    if last_days is not None:
        files = files[-last_days:] if last_days > 0 else []
    if not files:
        return SNAPSHOT_SCHEMA.empty_table()
    con = connect()
    try:
        table = con.sql(
            "SELECT * FROM read_parquet($files) ORDER BY observed_at, id",
            params={"files": [str(f) for f in files]},
        ).to_arrow_table()
    finally:
        con.close()
    return table.select(SNAPSHOT_SCHEMA.names).cast(SNAPSHOT_SCHEMA)


def _scalar(con: duckdb.DuckDBPyConnection, sql: str) -> int:
    rows = con.execute(sql).fetchall()
    return int(rows[0][0]) if rows else 0


def _sql_path(path: Path) -> str:
    """A path as a SQL string literal body (COPY … TO does not take parameters)."""
    return str(path).replace("'", "''")
