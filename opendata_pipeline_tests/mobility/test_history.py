"""The day-partitioned Parquet history built from several real snapshots.

Sequence: the NGSI snapshot, the same snapshot again (duplicate), the Antigone time series
(436 points, one of them the very observation of the snapshot), then the 2017 and 2020 legacy
XML snapshots (out of order: years older than what is already stored).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from opendata_pipeline.mobility.feeds import parse_parking, parse_parking_timeseries
from opendata_pipeline.mobility.history import append_snapshot, read_history
from opendata_pipeline.mobility.schema import SNAPSHOT_SCHEMA
from opendata_pipeline_tests.mobility.helpers import FETCHED_AT


def _files(history: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(history.glob("*.parquet"))}


def test_history_from_several_snapshots(
    tmp_path: Path, parking: pa.Table, parking_ngsi_raw: bytes, parking_dir: Path
) -> None:
    history = tmp_path / "history"

    first = append_snapshot(parking, history)
    assert (first.rows_in, first.rows_added, first.duplicates) == (24, 24, 0)
    assert first.days_written == ("2024-10-17", "2025-02-27")  # the stale Foch has its own day
    files_after_first = _files(history)
    assert sorted(files_after_first) == ["2024-10-17.parquet", "2025-02-27.parquet"]

    # the same feed fetched again 5 minutes later: nothing new, files untouched
    again = parse_parking(parking_ngsi_raw, "ngsi", fetched_at=FETCHED_AT + timedelta(minutes=5))
    duplicate = append_snapshot(again, history)
    assert (duplicate.rows_added, duplicate.duplicates, duplicate.days_written) == (0, 24, ())
    assert _files(history) == files_after_first

    series = parse_parking_timeseries(
        (parking_dir / "parking_timeseries_parking001_2025-02-27.json").read_bytes(),
        parking,
        fetched_at=FETCHED_AT,
    )
    merged = append_snapshot(series, history)
    # 13:41:55 is both in the snapshot and in the series: stored once
    assert (merged.rows_in, merged.rows_added, merged.duplicates) == (436, 435, 1)
    assert merged.days_written == ("2025-02-27", "2025-02-28")

    late_2017 = parse_parking(
        {p.name: p.read_bytes() for p in (parking_dir / "xml_2017-01-28").glob("FR_MTP_*.xml")},
        "xml",
        fetched_at=FETCHED_AT,
    )
    late_2020 = parse_parking(
        (parking_dir / "FR_MTP_ANTI_2020-07-10.xml").read_bytes(), "xml", fetched_at=FETCHED_AT
    )
    assert append_snapshot(late_2017, history).days_written == ("2017-01-28",)
    assert append_snapshot(late_2020, history).days_written == ("2020-07-10",)

    assert sorted(p.name for p in history.glob("*.parquet")) == [
        "2017-01-28.parquet",
        "2020-07-10.parquet",
        "2024-10-17.parquet",
        "2025-02-27.parquet",
        "2025-02-28.parquet",
    ]
    table = read_history(history)
    assert table.schema == SNAPSHOT_SCHEMA
    assert table.num_rows == 24 + 435 + 7 + 1
    keys = list(zip(table["id"].to_pylist(), table["observed_at"].to_pylist(), strict=True))
    assert len(set(keys)) == len(keys)

    # every file holds only its own UTC day, sorted by time
    for path in history.glob("*.parquet"):
        day = pq.read_table(path)
        stamps = day["observed_at"].to_pylist()
        assert {s.date().isoformat() for s in stamps} == {path.stem}
        assert stamps == sorted(stamps)

    antigone_1341 = [
        row
        for row in table.to_pylist()
        if row["id"] == "urn:ngsi-ld:parking:001"
        and row["observed_at"] == datetime(2025, 2, 27, 13, 41, 55, tzinfo=UTC)
    ]
    assert len(antigone_1341) == 1
    assert antigone_1341[0]["status"] == "open"  # first recorded (the snapshot) is kept
    assert antigone_1341[0]["available"] == 118  # and the series agrees: 118.0
    assert (
        sum(1 for r in table.to_pylist() if r["observed_at"].date().isoformat() == "2025-02-28")
        == 148
    )


def test_duplicates_inside_one_snapshot_and_replay(tmp_path: Path, parking: pa.Table) -> None:
    history = tmp_path / "history"
    doubled = pa.concat_tables([parking, parking])
    result = append_snapshot(doubled, history)
    assert (result.rows_in, result.rows_added, result.duplicates) == (48, 24, 24)
    replay = append_snapshot(doubled, history)
    assert replay.rows_added == 0
    assert read_history(history).num_rows == 24
    leftovers = [p.name for p in history.iterdir() if p.suffix == ".part"]
    assert leftovers == []  # no temp file of the atomic writes
    assert sorted(p.name for p in history.iterdir()) == [
        ".lock",
        "2024-10-17.parquet",
        "2025-02-27.parquet",
    ]


def test_empty_history_reads_as_empty_table(tmp_path: Path) -> None:
    assert read_history(tmp_path / "none").num_rows == 0
    assert append_snapshot(SNAPSHOT_SCHEMA.empty_table(), tmp_path / "h").days_written == ()
