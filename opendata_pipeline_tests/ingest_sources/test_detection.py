"""Records found without a record_path, TOTEM budgets, GeoJSON and its CRS, on realistic
documents written for these tests (fixtures/, see fixtures/README.md): through `scan --json`
and through the pipeline (`geojson` source kind, a zipped CSV, a header without rows)."""

from __future__ import annotations

import io
import json
import shutil
import zipfile
from pathlib import Path
from typing import Any

import duckdb
import pytest
import yaml

from opendata_pipeline.cli.main import main
from opendata_pipeline.cli.run import run_pipeline
from opendata_pipeline.ingest import geojson
from opendata_pipeline.ingest.detect import Refused
from opendata_pipeline.ingest.kinds import make_source

FIXTURES = Path(__file__).parent / "fixtures"


def scan(name: str, capsys: pytest.CaptureFixture[str], path: Path | None = None) -> dict[str, Any]:
    code = main(["scan", "--json", str(path or FIXTURES / name)])
    out, err = capsys.readouterr()
    report: dict[str, Any] = json.loads(out)
    assert code == (2 if "error" in report else 0), err
    return report


def columns(report: dict[str, Any]) -> dict[str, str]:
    return {c["name"]: c["type"] for c in report["input"]["columns"]}


def test_totem_budget_lines(capsys: pytest.CaptureFixture[str]) -> None:
    report = scan("totem_budget_primitif_2024.xml", capsys)
    read = report["input"]
    assert report["kind"] == "totem" and read["rows"] == 14
    assert read["encoding"] == "iso-8859-1" and read["details"]["record_path"] == ["//LigneBudget"]
    types = columns(report)
    for code in ("Nature", "Fonction", "ContNat", "CodRD", "IdColl", "CodColl", "NatDec"):
        assert types[code] == "VARCHAR", code  # nomenclature codes keep their leading zeros
    assert types["MtPrev"] == types["MtSup_BudgetHorsRAR"] == "DOUBLE"
    assert (types["Exer"], types["ArtSpe"], types["DteDec"]) == ("BIGINT", "BOOLEAN", "DATE")


def test_totem_values(tmp_path: Path) -> None:
    from opendata_pipeline.ingest.readers import read_local_file

    out = tmp_path / "bp.parquet"
    read_local_file(FIXTURES / "totem_budget_primitif_2024.xml", out, "bp")
    con = duckdb.connect()
    rows = con.execute(
        f"SELECT Nature, Fonction, ContNat, MtPrev, Exer, LibellePoste FROM '{out}' "
        "WHERE Nature = '6064'"
    ).fetchall()
    assert rows == [("6064", "020", "011", 9500.0, 2024, "Trésorerie de Montpellier Municipale")]
    total = con.execute(f"SELECT sum(MtPrev) FROM '{out}' WHERE CodRD = 'R'").fetchall()
    assert total == [(1910000.0 + 628000.0 + 58200.0 + 97000.0,)]


def test_totem_annexes_with_an_explicit_path(tmp_path: Path) -> None:
    from opendata_pipeline.ingest import xml_reader

    source = make_source(kind="xml", url="x", record_path="//CONCOURS")
    out = tmp_path / "c.parquet"
    result = xml_reader.to_parquet([FIXTURES / "totem_budget_primitif_2024.xml"], out, source, "c")
    assert result.rows == 3 and dict(result.columns)["MtSubv"] == "DOUBLE"
    assert duckdb.sql(f"SELECT LibOrgaBenef FROM '{out}' WHERE MtSubv = 4500").fetchall() == [
        ("Comité des fêtes",)
    ]


def test_datex_measurements_one_row_per_measured_value(
    capsys: pytest.CaptureFixture[str],
) -> None:
    report = scan("datex2_mesures_trafic.xml", capsys)
    read = report["input"]
    assert read["rows"] == 15  # 5 sites × 3 measured values, each keeping its site
    assert read["details"]["record_path"] == [
        "d2LogicalModel/payloadPublication/siteMeasurements/measuredValue"
    ]
    types = columns(report)
    assert types["siteMeasurements_measurementSiteReference_id"] == "VARCHAR"
    assert types["measuredValue_basicData_vehicleFlow_vehicleFlowRate"] == "BIGINT"
    assert types["measuredValue_basicData_averageVehicleSpeed_speed"] == "DOUBLE"


def test_datex_situations_repeated_records_numbered(capsys: pytest.CaptureFixture[str]) -> None:
    report = scan("datex2_evenements_bison_fute.xml", capsys)
    assert report["input"]["rows"] == 4
    types = columns(report)
    assert types["situationRecord_1_type"] == types["situationRecord_2_type"] == "VARCHAR"
    assert types["situationRecord_1_groupOfLocations_locationForDisplay_latitude"] == "DOUBLE"


def test_nomenclature_accounts_nested_in_accounts(tmp_path: Path) -> None:
    from opendata_pipeline.ingest.readers import read_local_file

    out = tmp_path / "plan.parquet"
    result = read_local_file(FIXTURES / "plan_de_comptes_m57_extrait.xml", out, "plan")
    assert result.details["record_path"] == ["//Compte"] and result.rows == 35
    assert dict(result.columns)["Code"] == "VARCHAR"
    rows = duckdb.sql(f"SELECT Code, parent_Code FROM '{out}' WHERE Code IN ('6', '6064')")
    assert sorted(rows.fetchall()) == [("6", None), ("6064", "606")]


def test_api_wrapper_xml(capsys: pytest.CaptureFixture[str]) -> None:
    report = scan("reponse_api_communes.xml", capsys)
    assert report["input"]["rows"] == 6
    assert report["input"]["details"]["record_path"] == ["response/results/record"]
    assert columns(report)["code_insee"] == "VARCHAR" and columns(report)["population"] == "BIGINT"


def test_opendatasoft_answer(capsys: pytest.CaptureFixture[str]) -> None:
    report = scan("ods_qualite_air.json", capsys)
    assert report["input"]["rows"] == 4 and report["input"]["details"]["record_path"] == ["results"]
    assert columns(report)["valeur"] == "DOUBLE"


def test_records_three_levels_deep_keep_their_parents(tmp_path: Path) -> None:
    from opendata_pipeline.ingest.readers import read_local_file

    out = tmp_path / "c.parquet"
    result = read_local_file(FIXTURES / "insee_communes_imbriquees.json", out, "c")
    assert result.details["record_path"] == ["data.region.departements.*.communes"]
    assert duckdb.sql(
        f"SELECT departements_nom, nom, population FROM '{out}' WHERE code_insee = '34129'"
    ).fetchall() == [("Hérault", "Lattes", 16952)]
    assert result.rows == 7


def test_preamble_then_object_keyed_by_id(capsys: pytest.CaptureFixture[str]) -> None:
    report = scan("capteurs_velo_preambule.json", capsys)
    read = report["input"]
    assert read["rows"] == 4 and read["warnings"] == ["ligne 1 de texte ignorée(s) avant le JSON"]
    assert list(columns(report))[:2] == ["id", "nom"]


def test_ambiguous_document_lists_the_candidates(capsys: pytest.CaptureFixture[str]) -> None:
    report = scan("reseau_deux_listes.json", capsys)
    assert report["kind"] == "ambiguous_records"
    assert "indiquez record_path" in report["error"]
    assert "« arrets » (6 enregistrements" in report["error"]
    assert "« vehicules » (5 enregistrements" in report["error"]


def test_geojson_lambert93_without_crs_member(tmp_path: Path) -> None:
    from opendata_pipeline.ingest.readers import read_local_file

    out = tmp_path / "g.parquet"
    result = read_local_file(FIXTURES / "equipements_sportifs_lambert93.geojson", out, "g")
    assert result.kind == "geojson" and result.rows == 5
    assert result.details["crs"] == "EPSG:2154" and result.details["crs_from"] == "value ranges"
    assert result.details["geometry_types"] == {"Point": 4, "Polygon": 1}
    lon, lat, geometry = duckdb.sql(
        f"SELECT longitude, latitude, geometry FROM '{out}' WHERE nom LIKE 'Piscine Olympique%'"
    ).fetchall()[0]
    assert 3.87 < lon < 3.90 and 43.60 < lat < 43.62  # Antigone, Montpellier
    assert json.loads(geometry)["coordinates"] == [lon, lat]
    polygon = duckdb.sql(f"SELECT geometry, longitude FROM '{out}' WHERE feature_id = 5")
    shape, no_point = polygon.fetchall()[0]
    assert no_point is None and 3.8 < json.loads(shape)["coordinates"][0][0][0] < 3.9
    assert dict(result.columns)["code_insee"] == "VARCHAR"


def test_geojson_crs_member_and_option(tmp_path: Path) -> None:
    doc = {
        "type": "FeatureCollection",
        "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3943"}},
        "features": [
            {"type": "Feature", "properties": {"n": i}, "geometry": {"type": "Point",
             "coordinates": [1770000.0 + i, 2200000.0 + i]}}
            for i in range(3)
        ],
    }  # fmt: skip
    path = tmp_path / "cc43.json"
    path.write_text(json.dumps(doc), "utf-8")
    out = tmp_path / "o.parquet"
    result = geojson.to_parquet([path], out, make_source(kind="geojson", url="x"), "cc43")
    assert (result.details["crs"], result.details["crs_from"]) == ("EPSG:3943", "declared")
    lat = duckdb.sql(f"SELECT latitude FROM '{out}' WHERE n = 0").fetchall()[0][0]
    assert 42.99 < lat < 43.01  # CC43: false northing 2,200 km at latitude 43°
    forced = make_source(kind="geojson", url="x", options={"crs": "EPSG:2154"})
    assert geojson.to_parquet([path], out, forced, "cc43").details["crs_from"] == "option"
    empty = tmp_path / "empty.geojson"
    empty.write_text('{"type": "FeatureCollection", "features": []}', "utf-8")
    with pytest.raises(Refused, match="collection GeoJSON sans entité"):
        geojson.to_parquet([empty], out, make_source(kind="geojson", url="x"), "e")


def entry(dataset: str, kind: str, path: Path) -> str:
    """A catalogue entry reading a local file, its `nom` column declared not personal."""
    return yaml.safe_dump(
        {
            "id": dataset,
            "title": f"Jeu {dataset}",
            "description": "Un jeu de données de test lu depuis un fichier local.",
            "steward": {"name": "Service test", "email": "test@example.org"},
            "licence": "etalab-2.0",
            "source": {"kind": kind, "url": f"file://{path}"},
            "publication_basis": "L312-1-1-3",
            "record_subject": "asset",
            "issued": "2024-05-14",
            "secrets_review": {"by": "Service juridique", "date": "2026-11-02"},
            "anonymisation_review": {"by": "DPO", "date": "2026-11-02"},
            "personal_data": {
                "not_personal": {"nom": "nom d'un équipement ou d'une commune"},
                "default": "keep",
            },
        },
        allow_unicode=True,
    )


def test_pipeline_reads_geojson_and_a_zipped_csv_and_refuses_a_bare_header(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, opendata_home: Path
) -> None:
    catalog, data = tmp_path / "catalog", tmp_path / "data"
    catalog.mkdir()
    data.mkdir()
    shutil.copy(FIXTURES / "equipements_sportifs_lambert93.geojson", data / "equipements.geojson")
    with zipfile.ZipFile(data / "export.zip", "w") as archive:
        archive.writestr("export/communes.csv", "code;nom\n34129;Lattes\n34172;Montpellier\n")
    (data / "vide.csv").write_text("code;nom\n", "utf-8")
    entries = {
        "equipements": ("geojson", data / "equipements.geojson"),
        "communes": ("csv", data / "export.zip"),
        "entete-seul": ("csv", data / "vide.csv"),
    }
    for dataset, (kind, path) in entries.items():
        (catalog / f"{dataset}.yaml").write_text(entry(dataset, kind, path), "utf-8")
    monkeypatch.setenv("OPENDATA_CATALOG_DIR", str(catalog))
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "dagster_home"))
    out = io.StringIO()
    assert run_pipeline(partition="2026-11-28", out=out) == 1
    text = out.getvalue()
    assert "Traceback" not in text
    assert (
        "clean/entete-seul: dataset 'entete-seul', file 'vide.csv': une ligne d'en-tête "
        "(2 colonne(s) : code, nom) et aucune ligne de données" in text
    )
    published = opendata_home / "published"
    assert sorted(p.name for p in published.iterdir()) == ["communes", "equipements"]
    features = json.loads((published / "equipements/equipements.geojson").read_text("utf-8"))
    assert len(features["features"]) == 4  # the points; the park's polygon stays in Parquet
    assert json.loads((published / "communes/manifest.json").read_text("utf-8"))["rows"] == 2
