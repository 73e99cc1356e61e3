"""`warehouse.duckdb`: one view per published dataset, rebuilt beside the file and swapped in.

With the data on an object store the file travels to other machines, so it holds tables (a copy
of each published Parquet) instead of views over paths that only exist in the building pod.
"""

from __future__ import annotations

from pathlib import Path

from opendata_pipeline.storage.paths import atomic_path
from opendata_pipeline.storage.sql import connect, ident, lit


def refresh_warehouse(
    target: Path, parquet_files: dict[str, Path], *, copy: bool = False
) -> dict[str, int]:
    """(Re)create the warehouse with a view (a table with `copy`) per dataset over its published
    Parquet; row counts."""
    counts: dict[str, int] = {}
    with atomic_path(target) as tmp:
        tmp.unlink()  # DuckDB creates the file itself
        con = connect(tmp)
        try:
            for dataset, parquet in sorted(parquet_files.items()):
                view = ident(dataset.replace("-", "_"))
                kind = "TABLE" if copy else "VIEW"
                con.execute(f"CREATE {kind} {view} AS SELECT * FROM read_parquet({lit(parquet)})")
                row = con.execute(f"SELECT count(*) FROM {view}").fetchone()
                counts[dataset] = int(row[0]) if row else 0
            con.execute("CHECKPOINT")
        finally:
            con.close()
        wal = tmp.with_name(tmp.name + ".wal")
        wal.unlink(missing_ok=True)
    return counts
