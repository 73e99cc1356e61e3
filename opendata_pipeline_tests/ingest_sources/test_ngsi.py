"""NGSI entities: the Métropole's real answers, pagination over a real local server, formats.

Exercised: `fetch_ngsi` paging with `limit`/`offset` (one raw file per page), the reader on the
three real NGSI-v2 answers (parkings, bike stations, eco-counters with swapped coordinates),
keyValues and NGSI-LD renderings of a real entity. Not exercised: a live Orion broker.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import pytest

from opendata_pipeline.errors import DatasetError
from opendata_pipeline.ingest import ngsi
from opendata_pipeline.ingest.http import FetchResult, HttpFetcher
from opendata_pipeline.ingest.kinds import make_source

from .conftest import LocalServer, Reply, Seen

PARKING = "parking/offstreetparking_2025-02-27.json"
SOURCE = make_source(kind="ngsi", url="https://portail-api-data.montpellier3m.fr/offstreetparking")


def rows(path: Path, sql: str = "SELECT * FROM t") -> list[dict[str, Any]]:
    con = duckdb.connect()
    con.execute(f"CREATE VIEW t AS SELECT * FROM read_parquet('{path}')")
    cursor = con.execute(sql)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, r, strict=True)) for r in cursor.fetchall()]


def paged(entities: list[Any]) -> Any:
    def handle(seen: Seen) -> Reply:
        limit, offset = int(seen.query["limit"]), int(seen.query.get("offset", 0))
        body = json.dumps(entities[offset : offset + limit]).encode()
        return Reply(200, body, {"Content-Type": "application/json"})

    return handle


def test_pagination_over_three_pages(
    server: LocalServer, fetcher: HttpFetcher, raw: Path, realdata: Path, tmp_path: Path
) -> None:
    entities = json.loads((realdata / PARKING).read_bytes())
    server.routes["/offstreetparking"] = paged(entities)
    record: list[FetchResult] = []
    pages = ngsi.fetch_ngsi(
        server.url("/offstreetparking"), None, raw, fetcher, page_size=10, record=record
    )
    assert [p.name for p in pages] == [f"offstreetparking_page000{i}.json" for i in (1, 2, 3)]
    assert [s.query["offset"] for s in server.seen] == ["0", "10", "20"]
    assert all("type" not in s.query for s in server.seen)
    assert [len(json.loads(p.read_bytes())) for p in pages] == [10, 10, 4]
    assert [r.path for r in record] == pages
    result = ngsi.to_parquet(pages, tmp_path / "out.parquet", SOURCE, "parkings")
    assert result.rows == 24 and result.details["pages"] == 3
    got = rows(tmp_path / "out.parquet", "SELECT count(DISTINCT id) AS n FROM t")
    assert got == [{"n": 24}]


def test_standard_entities_endpoint_gets_the_type(
    server: LocalServer, fetcher: HttpFetcher, raw: Path, realdata: Path
) -> None:
    entities = json.loads((realdata / PARKING).read_bytes())
    server.routes["/v2/entities"] = paged(entities)
    pages = ngsi.fetch_ngsi(
        server.url("/v2/entities"), "OffStreetParking", raw, fetcher, page_size=24
    )
    # 24 entities in pages of 24: a second, empty page proves there is no more.
    assert [len(json.loads(p.read_bytes())) for p in pages] == [24, 0]
    assert {s.query["type"] for s in server.seen} == {"OffStreetParking"}


def test_server_ignoring_offset_is_detected(
    server: LocalServer, fetcher: HttpFetcher, raw: Path, realdata: Path
) -> None:
    body = (realdata / PARKING).read_bytes()
    server.routes["/offstreetparking"] = lambda seen: Reply(
        200, body, {"Content-Type": "application/json"}
    )
    with pytest.raises(DatasetError, match="ignores 'offset'"):
        ngsi.fetch_ngsi(server.url("/offstreetparking"), None, raw, fetcher, page_size=24)


def test_real_parkings(realdata: Path, tmp_path: Path) -> None:
    out = tmp_path / "p.parquet"
    result = ngsi.to_parquet([realdata / PARKING], out, SOURCE, "parkings")
    types = dict(result.columns)
    assert types["availableSpotNumber"] == "BIGINT"
    assert types["availableSpotNumber_observed_at"] == "TIMESTAMP WITH TIME ZONE"
    assert types["longitude"] == types["latitude"] == "DOUBLE"
    assert "totalSpotNumber_observed_at" not in types  # only two attributes carry a timestamp
    assert result.details["ngsi_formats"] == {"v2-normalized": 24}
    assert result.details["coordinates_swapped"] == 0
    antigone = rows(out, "SELECT * FROM t WHERE id = 'urn:ngsi-ld:parking:001'")[0]
    assert antigone["name"] == "Antigone"
    assert (antigone["availableSpotNumber"], antigone["totalSpotNumber"]) == (118, 239)
    assert (antigone["longitude"], antigone["latitude"]) == (3.88881893, 43.60871606)
    assert antigone["availableSpotNumber_observed_at"] == datetime(
        2025, 2, 27, 13, 41, 55, tzinfo=UTC
    )
    assert json.loads(antigone["allowedVehicleType"]) == ["car", "moped"]
    full = rows(out, "SELECT name FROM t WHERE status = 'Full'")
    assert full == [{"name": "Gaumont OUEST"}]
    stale = rows(out, "SELECT name FROM t WHERE availableSpotNumber_observed_at < '2025-01-01'")
    assert stale == [{"name": "Foch"}]


def test_real_bike_stations(realdata: Path, tmp_path: Path) -> None:
    out = tmp_path / "b.parquet"
    path = realdata / "bikeshare/bikestation_2025-12-21.json"
    result = ngsi.to_parquet([path], out, SOURCE, "velomagg")
    assert result.rows == 57
    station = rows(out, "SELECT * FROM t WHERE id = 'urn:ngsi-ld:station:002'")[0]
    assert station["address_streetAddress"] == "Comédie"
    assert station["address_addressLocality"] == "Montpellier"
    broken = rows(
        out, "SELECT count(*) AS n FROM t "
        "WHERE availableBikeNumber + freeSlotNumber <> totalSlotNumber",
    )  # fmt: skip
    assert broken == [{"n": 5}]


def test_real_ecocounters_swapped_coordinates_are_fixed(realdata: Path, tmp_path: Path) -> None:
    out = tmp_path / "e.parquet"
    path = realdata / "tabular/ecocounter_ngsi_2025-11-25.json"
    result = ngsi.to_parquet([path], out, SOURCE, "compteurs")
    assert result.rows == 73
    assert result.details["coordinates_swapped"] == 73
    assert "73 point(s) published as [lat, lon]" in result.details["coordinates_note"]
    first = rows(out, "SELECT * FROM t WHERE id = 'urn:ngsi-ld:EcoCounter:XTH19101158'")[0]
    assert (first["longitude"], first["latitude"]) == (3.874408, 43.61621)
    assert first["intensity"] == 3 and first["reversedLane"] is False
    oldest = rows(out, "SELECT min(intensity_observed_at) AS m FROM t")[0]["m"]
    assert oldest.year == 1899  # the impossible dates are kept, typed, for the quality checks
    without_fix = make_source(kind="ngsi", url="x", options={"fix_swapped_coordinates": False})
    kept = ngsi.to_parquet([path], tmp_path / "k.parquet", without_fix, "compteurs")
    assert kept.details == {**kept.details, "coordinates_swapped": 0}
    assert kept.details["coordinates_outside_bbox"] == 73


def _key_values(entity: dict[str, Any]) -> dict[str, Any]:
    return {k: v["value"] if isinstance(v, dict) else v for k, v in entity.items()}


def _ld(entity: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"id": entity["id"], "type": entity["type"], "@context": ["x"]}
    for key, attr in entity.items():
        if not isinstance(attr, dict):
            continue
        prop: dict[str, Any] = {
            "type": "GeoProperty" if key == "location" else "Property",
            "value": attr["value"],
        }
        stamp = attr.get("metadata", {}).get("timestamp")
        if stamp:
            prop["observedAt"] = stamp["value"]
        out[key] = prop
    return out


@pytest.mark.parametrize(("render", "fmt"), [(_key_values, "v2-keyValues"), (_ld, "ld")])
def test_key_values_and_ngsi_ld(realdata: Path, tmp_path: Path, render: Any, fmt: str) -> None:
    entities = json.loads((realdata / PARKING).read_bytes())
    page = tmp_path / "page.json"
    page.write_text(json.dumps([render(e) for e in entities]))
    out = tmp_path / "o.parquet"
    result = ngsi.to_parquet([page], out, SOURCE, "parkings")
    assert result.details["ngsi_formats"] == {fmt: 24}
    antigone = rows(out, "SELECT * FROM t WHERE id = 'urn:ngsi-ld:parking:001'")[0]
    assert (antigone["availableSpotNumber"], antigone["name"]) == (118, "Antigone")
    assert (antigone["longitude"], antigone["latitude"]) == (3.88881893, 43.60871606)
    if fmt == "ld":
        assert antigone["availableSpotNumber_observed_at"].year == 2025


def test_not_entities_is_rejected(realdata: Path, tmp_path: Path) -> None:
    path = realdata / "parking/parking_timeseries_parking001_2025-02-27.json"
    with pytest.raises(DatasetError) as caught:
        ngsi.to_parquet([path], tmp_path / "o.parquet", SOURCE, "ts")
    assert caught.value.file == path.name and caught.value.location == "row 1"
