"""Published datasets: current state and daily history, with the OpenDataSoft geo point."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pyarrow as pa

from opendata_pipeline.mobility.datasets import current_state, daily_history
from opendata_pipeline.mobility.feeds import parse_parking, parse_parking_timeseries
from opendata_pipeline.mobility.history import append_snapshot, read_history
from opendata_pipeline_tests.mobility.helpers import FETCHED_AT, by_id


def test_current_state_has_geo_point_and_class(parking: pa.Table, bikes: pa.Table) -> None:
    table = current_state(pa.concat_tables([parking, bikes]))
    assert table.num_rows == 24 + 57
    rows = by_id(table)
    antigone = rows["urn:ngsi-ld:parking:001"]
    assert antigone["geo_point_2d"] == "43.608716, 3.888819"
    assert antigone["occupancy_class"] == "moyenne"
    assert antigone["occupancy_rate"] == 0.5063
    assert rows["urn:ngsi-ld:parking:021"]["occupancy_class"] == "complet"
    assert rows["urn:ngsi-ld:station:001"]["geo_point_2d"] == "43.605366, 3.881346"
    assert "fetched_at" not in table.column_names


def test_current_state_takes_latest_observation(
    tmp_path: Path, parking: pa.Table, parking_ngsi_raw: bytes, parking_dir: Path
) -> None:
    history = tmp_path / "h"
    append_snapshot(parking, history)
    series = parse_parking_timeseries(
        (parking_dir / "parking_timeseries_parking001_2025-02-27.json").read_bytes(),
        parking,
        fetched_at=FETCHED_AT,
    )
    append_snapshot(series, history)
    rows = by_id(current_state(read_history(history)))
    assert len(rows) == 24
    # the series goes on to 2025-02-28 12:17 UTC: its last value wins over the snapshot
    antigone = rows["urn:ngsi-ld:parking:001"]
    assert antigone["observed_at"].date() == date(2025, 2, 28)
    assert antigone["available"] == series["available"].to_pylist()[-1]


def test_daily_history(tmp_path: Path, parking: pa.Table, parking_ngsi_raw: bytes) -> None:
    history = tmp_path / "h"
    append_snapshot(parking, history)
    later = parse_parking(parking_ngsi_raw, "ngsi", fetched_at=FETCHED_AT + timedelta(minutes=5))
    append_snapshot(later, history)  # duplicate: no effect on the aggregates
    table = daily_history(history)
    rows = {(r["day"], r["id"]): r for r in table.to_pylist()}
    assert len(rows) == 24
    foch = rows[(date(2024, 10, 17), "urn:ngsi-ld:parking:006")]
    assert (foch["observations"], foch["available_min"], foch["capacity"]) == (1, 89, 598)
    assert foch["geo_point_2d"] == "43.610749, 3.876571"
    gaumont = rows[(date(2025, 2, 27), "urn:ngsi-ld:parking:021")]
    assert gaumont["occupancy_max"] == 1.0
    assert daily_history(tmp_path / "none").num_rows == 0
