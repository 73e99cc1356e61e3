"""The published mobility datasets: current state and daily aggregated history.

Both carry `geo_point_2d` ("lat, lon", the field OpenDataSoft maps) besides longitude/latitude.
They describe public facilities only (car parks, bike stations): no personal data.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa

from opendata_pipeline.mobility.history import connect
from opendata_pipeline.mobility.schema import SNAPSHOT_SCHEMA, occupancy_class

_GEO_POINT = (
    "CASE WHEN latitude IS NULL OR longitude IS NULL THEN NULL "
    "ELSE printf('%.6f, %.6f', latitude, longitude) END"
)


def current_state(snapshots: pa.Table) -> pa.Table:
    """Latest observation per id (a snapshot or a whole history), with class and geo point."""
    con = connect()
    try:
        con.register("s", snapshots.select(SNAPSHOT_SCHEMA.names))
        table = con.sql(
            f"""
            SELECT id, kind, name, commune, capacity, available, free_slots,
                   round(occupancy_rate, 4) AS occupancy_rate, status, observed_at, source,
                   longitude, latitude, {_GEO_POINT} AS geo_point_2d
            FROM s
            QUALIFY row_number() OVER (PARTITION BY id ORDER BY observed_at DESC) = 1
            ORDER BY kind, id
            """
        ).to_arrow_table()
    finally:
        con.close()
    classes = [
        occupancy_class(rate, status)
        for rate, status in zip(
            table.column("occupancy_rate").to_pylist(),
            table.column("status").to_pylist(),
            strict=True,
        )
    ]
    position = table.schema.get_field_index("status")
    return table.add_column(position, "occupancy_class", pa.array(classes, pa.string()))


def daily_history(history_dir: Path) -> pa.Table:
    """One row per facility and local day (Europe/Paris): counts and availability statistics."""
    files = sorted(str(p) for p in history_dir.glob("????-??-??.parquet"))
    con = connect()
    try:
        if not files:
            con.register("h", SNAPSHOT_SCHEMA.empty_table())
            source = "h"
        else:
            source = "read_parquet($files)"
        sql = f"""
            SELECT *, {_GEO_POINT} AS geo_point_2d FROM (
            SELECT CAST(observed_at AT TIME ZONE 'Europe/Paris' AS DATE) AS day, id, kind,
                   arg_max(name, observed_at) AS name,
                   arg_max(commune, observed_at) AS commune,
                   arg_max(capacity, observed_at) AS capacity,
                   count(*) AS observations,
                   round(avg(available), 2) AS available_mean,
                   min(available) AS available_min,
                   max(available) AS available_max,
                   round(avg(occupancy_rate), 4) AS occupancy_mean,
                   round(max(occupancy_rate), 4) AS occupancy_max,
                   min(observed_at) AS first_observed_at,
                   max(observed_at) AS last_observed_at,
                   arg_max(longitude, observed_at) AS longitude,
                   arg_max(latitude, observed_at) AS latitude
            FROM {source}
            GROUP BY ALL)
            ORDER BY day, kind, id
        """
        params = {"files": files} if files else None
        table = con.sql(sql, params=params).to_arrow_table()
    finally:
        con.close()
    return table


def write_dataset_tables(
    kind: str, current: pa.Table, history_dir: Path, out_dir: Path
) -> dict[str, Path]:
    """Write the "current state" and "daily history" tables that the catalogue publishes
    (`<out_dir>/<kind>_current.parquet`, `<kind>_daily.parquet`), atomically."""
    import pyarrow.parquet as pq

    from opendata_pipeline.storage.paths import atomic_path

    written: dict[str, Path] = {}
    for name, table in (("current", current), ("daily", daily_history(history_dir))):
        target = out_dir / f"{kind}_{name}.parquet"
        with atomic_path(target) as tmp:
            pq.write_table(table, tmp, compression="zstd")
        written[name] = target
    return written
