"""Catalogue readers against fake CKAN, DKAN 7 and OpenDataSoft servers on 127.0.0.1.

The fakes answer with the shapes and limits of shared/docs/portal-apis.md (§1, §2.2, §3.9):
CKAN `package_search`, DKAN 7's nested-list `current_package_list_with_resources`, one-element
`package_show` and 404-with-success-true, ODS `limit` ≤ 100 and `offset + limit` ≤ 10 000 (400
beyond) with the catalogue export for larger catalogues. Dataset titles and identifiers come
from the real 2014 catalogue export of the Ville de Montpellier portal.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import duckdb
import pytest

from opendata_pipeline.errors import DatasetError
from opendata_pipeline.ingest import portal_catalog
from opendata_pipeline.ingest.http import HttpFetcher
from opendata_pipeline.ingest.kinds import make_source

from .conftest import LocalServer, Reply, Seen, static

JSON = {"Content-Type": "application/json"}


@pytest.fixture(scope="module")
def catalogue_2014(realdata: Path) -> list[dict[str, str]]:
    text = (realdata / "portal-responses/VilleMTP_MTP_Opendata_catalogue_2014.csv").read_text()
    rows = [[c.strip() for c in r] for r in csv.reader(io.StringIO(text.lstrip("\n")))]
    header = rows[0]
    return [dict(zip(header, r, strict=False)) for r in rows[1:] if len(r) > 3 and r[0]]


def _package(row: dict[str, str], base: str, dkan: bool) -> dict[str, Any]:
    name = row["Identifiant"].lower().replace("_", "-")
    return {
        "id": f"uuid-{row['ID']}",
        "name": name,
        "title": row["Titre"],
        "license_id": "" if dkan else "fr-lo",
        "license_title": "https://www.etalab.gouv.fr/licence-ouverte-open-licence" if dkan else "",
        "metadata_modified": "2014-05-26T00:00:00",
        "groups": [{"title": "Ville de Montpellier"}],
        "organization": None if dkan else {"title": "Ville de Montpellier"},
        "resources": [{"id": f"res-{row['ID']}", "url": f"{base}/files/{row['Identifiant']}.csv"}],
    }


def _ckan_search(packages: list[dict[str, Any]]) -> Any:
    def handle(seen: Seen) -> Reply:
        rows, start = int(seen.query["rows"]), int(seen.query["start"])
        result = {"count": len(packages), "results": packages[start : start + rows]}
        return Reply(200, json.dumps({"success": True, "result": result}).encode(), JSON)

    return handle


def table(path: Path) -> list[dict[str, Any]]:
    cursor = duckdb.connect().execute(f"SELECT * FROM read_parquet('{path}') ORDER BY id")
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, r, strict=True)) for r in cursor.fetchall()]


def test_ckan_catalogue(
    server: LocalServer, fetcher: HttpFetcher, raw: Path, tmp_path: Path,
    catalogue_2014: list[dict[str, str]],
) -> None:  # fmt: skip
    base = server.url("")
    packages = [_package(r, base, dkan=False) for r in catalogue_2014[:5]]
    server.routes["/api/3/action/package_search"] = _ckan_search(packages)
    pages = portal_catalog.fetch_catalog("ckan", base, raw, fetcher, page_size=2)
    assert len(pages) == 3
    assert [s.query["start"] for s in server.seen] == ["0", "2", "4"]
    out = tmp_path / "c.parquet"
    result = portal_catalog.to_parquet(pages, out, make_source(kind="ckan", url=base), "cat")
    assert result.rows == 5
    first = next(r for r in table(out) if r["id"] == packages[0]["id"])
    assert (
        first["title"] == catalogue_2014[0]["Titre"] == "Résultats des élections européennes 2014"
    )
    assert first["licence"] == "fr-lo" and first["resources"] == 1
    assert first["url"] == f"{base}/dataset/{packages[0]['name']}"
    assert first["organization"] == "Ville de Montpellier"


def test_dkan_catalogue_and_download(
    server: LocalServer, fetcher: HttpFetcher, raw: Path, tmp_path: Path, realdata: Path,
    catalogue_2014: list[dict[str, str]],
) -> None:  # fmt: skip
    base = server.url("")
    packages = [_package(r, base, dkan=True) for r in catalogue_2014[:3]]

    def listing(seen: Seen) -> Reply:
        limit, offset = int(seen.query["limit"]), int(seen.query["offset"])
        body = {"help": "", "success": True, "result": [packages[offset : offset + limit]]}
        return Reply(200, json.dumps(body).encode(), JSON)

    def show(seen: Seen) -> Reply:
        found = [p for p in packages if seen.query["id"] in (p["id"], p["name"])]
        if not found:
            body = {"help": "", "success": True, "error": {"__type": "Not Found Error"}}
            return Reply(404, json.dumps(body).encode(), JSON)
        return Reply(200, json.dumps({"success": True, "result": found}).encode(), JSON)

    server.routes["/api/3/action/current_package_list_with_resources"] = listing
    server.routes["/api/3/action/package_show"] = show
    pages = portal_catalog.fetch_catalog("dkan", base, raw, fetcher)
    out = tmp_path / "d.parquet"
    result = portal_catalog.to_parquet(pages, out, make_source(kind="dkan", url=base), "cat")
    assert result.rows == 3
    rows = table(out)
    assert rows[0]["licence"] == "https://www.etalab.gouv.fr/licence-ouverte-open-licence"
    assert rows[0]["organization"] == "Ville de Montpellier"

    europeennes = realdata / "tabular/VilleMTP_MTP_Europeenne2014.csv"
    server.routes["/files/VilleMTP_MTP_Europeenne2014.csv"] = static(
        europeennes.read_bytes(), "text/csv"
    )
    fetched = portal_catalog.download_resource(
        "dkan", base, "villemtp-mtp-europeenne2014", raw, fetcher, expected_kind="csv"
    )
    assert fetched.path.read_bytes() == europeennes.read_bytes()
    assert fetched.path.name == "VilleMTP_MTP_Europeenne2014.csv"
    with pytest.raises(DatasetError, match="'nope' not found"):
        portal_catalog.download_resource("dkan", base, "nope", raw, fetcher)


def _ods_dataset(index: int) -> dict[str, Any]:
    return {
        "dataset_id": f"jeu-{index}",
        "dataset_uid": f"da_{index:06d}",
        "metas": {"default": {
            "title": f"Jeu {index}", "license": "Licence Ouverte v2.0 (Etalab)",
            "modified": "2025-03-01T10:12:45+00:00", "records_count": index,
            "publisher": "Département de l'Hérault",
        }},
    }  # fmt: skip


def _ods(total: int) -> Any:
    def handle(seen: Seen) -> Reply:
        limit, offset = int(seen.query.get("limit", 10)), int(seen.query.get("offset", 0))
        if limit > 100 or offset + limit > 10_000:
            body = {"error_code": "InvalidRESTParameterError", "message": "limit/offset"}
            return Reply(400, json.dumps(body).encode(), JSON)
        results = [_ods_dataset(i) for i in range(offset, min(total, offset + limit))]
        return Reply(200, json.dumps({"total_count": total, "results": results}).encode(), JSON)

    return handle


def test_ods_pages_of_100(
    server: LocalServer, fetcher: HttpFetcher, raw: Path, tmp_path: Path
) -> None:
    base = server.url("")
    server.routes["/api/explore/v2.1/catalog/datasets"] = _ods(250)
    pages = portal_catalog.fetch_catalog("opendatasoft", base, raw, fetcher, page_size=500)
    assert len(pages) == 3
    assert [s.query.get("limit") for s in server.seen] == ["1", "100", "100", "100"]
    out = tmp_path / "o.parquet"
    result = portal_catalog.to_parquet(
        pages, out, make_source(kind="opendatasoft", url=base), "cat"
    )
    assert result.rows == 250
    assert dict(result.columns)["records_count"] == "BIGINT"
    first = table(out)[0]
    assert (first["id"], first["name"], first["records_count"]) == ("da_000000", "jeu-0", 0)
    assert first["url"] == f"{base}/explore/dataset/jeu-0/"


def test_ods_large_catalogue_uses_the_export(
    server: LocalServer, fetcher: HttpFetcher, raw: Path, tmp_path: Path
) -> None:
    base = server.url("")
    server.routes["/api/explore/v2.1/catalog/datasets"] = _ods(12_000)
    export = json.dumps([_ods_dataset(i) for i in range(12_000)]).encode()
    server.routes["/api/explore/v2.1/catalog/exports/json"] = static(export, "application/json")
    pages = portal_catalog.fetch_catalog("opendatasoft", base, raw, fetcher)
    assert [p.name for p in pages] == ["ods_catalog_export.json"]
    out = tmp_path / "o.parquet"
    result = portal_catalog.to_parquet(
        pages, out, make_source(kind="opendatasoft", url=base), "cat"
    )
    assert result.rows == 12_000


def test_ods_dataset_export_download(
    server: LocalServer, fetcher: HttpFetcher, raw: Path, realdata: Path
) -> None:
    base = server.url("")
    body = (realdata / "tabular/TAM_MMM_TpsReel_2018-10-12.csv").read_bytes()
    server.routes["/api/explore/v2.1/catalog/datasets/tam_mmm_tpsreel/exports/csv"] = static(
        body, "text/csv; charset=utf-8"
    )
    fetched = portal_catalog.download_resource(
        "opendatasoft", base, "tam_mmm_tpsreel", raw, fetcher
    )
    assert fetched.path.name == "tam_mmm_tpsreel.csv" and fetched.size == 169283
