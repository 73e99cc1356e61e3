"""`fetch_source` per kind over a real local server, and the JSON kind guess used by `scan`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from opendata_pipeline.errors import SourceUnchanged
from opendata_pipeline.ingest import readers
from opendata_pipeline.ingest.detect import Refused
from opendata_pipeline.ingest.http import HttpFetcher
from opendata_pipeline.ingest.kinds import make_source
from opendata_pipeline.ingest.sources import fetch_source, guess_json_source, raw_file_name

from .conftest import LocalServer, Reply, Seen, static

ECO = "tabular/MMM_EcoCompt_X2H19070220_archive.json"


def test_single_file_then_unchanged_from_lead_style_manifest(
    server: LocalServer, fetcher: HttpFetcher, raw: Path, realdata: Path, tmp_path: Path
) -> None:
    body = (realdata / ECO).read_bytes()
    server.routes["/ressources/MMM_EcoCompt_X2H19070220_archive.json"] = static(
        body, "application/json", last_modified=False
    )
    source = make_source(
        kind="json", url=server.url("/ressources/MMM_EcoCompt_X2H19070220_archive.json")
    )
    [result] = fetch_source(source, raw, fetcher, dataset="eco")
    assert result.path == raw / "MMM_EcoCompt_X2H19070220_archive.json"
    manifest = {"sha256": "other", "headers": {"ETag": result.etag}}  # validators under headers
    with pytest.raises(SourceUnchanged):
        fetch_source(source, tmp_path, fetcher, dataset="eco", previous=manifest)
    assert server.seen[-1].headers["if-none-match"] == result.etag
    read = readers.read_to_parquet([result.path], tmp_path / "eco.parquet", source, "eco")
    assert read.rows == 87


def test_ngsi_source_pages(
    server: LocalServer, fetcher: HttpFetcher, raw: Path, realdata: Path
) -> None:
    entities = json.loads((realdata / "bikeshare/bikestation_2025-12-21.json").read_bytes())

    def handle(seen: Seen) -> Reply:
        limit, offset = int(seen.query["limit"]), int(seen.query["offset"])
        page = json.dumps(entities[offset : offset + limit]).encode()
        return Reply(200, page, {"Content-Type": "application/json"})

    server.routes["/bikestation"] = handle
    source = make_source(kind="ngsi", url=server.url("/bikestation"), options={"page_size": 20})
    results = fetch_source(source, raw, fetcher, dataset="velomagg")
    assert [r.path.name for r in results] == [f"bikestation_page000{i}.json" for i in (1, 2, 3)]
    assert sum(len(json.loads(r.path.read_bytes())) for r in results) == 57


def test_raw_file_name() -> None:
    assert raw_file_name("https://h/x/response_1764067856281%20(2).json", "d", "json") == (
        "response_1764067856281 (2).json"
    )
    assert raw_file_name("https://portail-api-data.montpellier3m.fr/ecocounter", "d", "ngsi") == (
        "d.ngsi"
    )


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("parking/offstreetparking_2025-02-27.json", ("ngsi", None)),
        ("tabular/ecocounter_ngsi_2025-11-25.json", ("ngsi", None)),
        ("bikeshare/gbfs_station_status_3stations.json", ("json", "data.stations")),
        ("parking/parking_timeseries_parking001_2025-02-27.json", ("json", None)),
        (ECO, ("json", None)),
    ],
)
def test_guess_json_source(realdata: Path, name: str, expected: tuple[str, str | None]) -> None:
    assert guess_json_source(realdata / name) == expected


def test_geojson_source_over_http(
    server: LocalServer, fetcher: HttpFetcher, raw: Path, tmp_path: Path
) -> None:
    fixture = Path(__file__).parent / "fixtures/equipements_sportifs_lambert93.geojson"
    server.routes["/equipements.geojson"] = static(fixture.read_bytes(), "application/geo+json")
    source = make_source(kind="geojson", url=server.url("/equipements.geojson"))
    [result] = fetch_source(source, raw, fetcher, dataset="equipements")
    read = readers.read_to_parquet([result.path], tmp_path / "g.parquet", source, "equipements")
    assert (read.kind, read.rows, read.details["crs"]) == ("geojson", 5, "EPSG:2154")


def test_error_page_saved_under_a_csv_name_is_refused(
    server: LocalServer, fetcher: HttpFetcher, raw: Path, tmp_path: Path
) -> None:
    """A portal answering 200 with a login page labelled text/csv: the raw bytes are kept, the
    read refuses them by name."""
    page = b"<!DOCTYPE html><html><body><form>Connexion</form></body></html>"
    server.routes["/export.csv"] = static(page, "text/csv")
    source = make_source(kind="csv", url=server.url("/export.csv"))
    [result] = fetch_source(source, raw, fetcher, dataset="export")
    with pytest.raises(Refused) as refused:
        readers.read_to_parquet([result.path], tmp_path / "e.parquet", source, "export")
    assert refused.value.kind == "html_page" and result.path.read_bytes() == page
