"""`warehouse.duckdb`: one view per published dataset, rebuilt beside the file and swapped in."""

from __future__ import annotations

from pathlib import Path

from opendata_pipeline.paths import atomic_path
from opendata_pipeline.sql import connect, ident, lit


def refresh_warehouse(target: Path, parquet_files: dict[str, Path]) -> dict[str, int]:
    """(Re)create the warehouse with a view per dataset over its published Parquet; row counts."""
    counts: dict[str, int] = {}
    with atomic_path(target) as tmp:
        tmp.unlink()  # DuckDB creates the file itself
        con = connect(tmp)
        try:
            for dataset, parquet in sorted(parquet_files.items()):
                view = ident(dataset.replace("-", "_"))
                con.execute(f"CREATE VIEW {view} AS SELECT * FROM read_parquet({lit(parquet)})")
                row = con.execute(f"SELECT count(*) FROM {view}").fetchone()
                counts[dataset] = int(row[0]) if row else 0
            con.execute("CHECKPOINT")
        finally:
            con.close()
        wal = tmp.with_name(tmp.name + ".wal")
        wal.unlink(missing_ok=True)
    return counts
