"""`schema_mapping`: `catalog check` names the entry, the field and the schema; the pipeline skips a
broken entry and runs the others; the mapping turns a real export into the official schema."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import duckdb
import pytest
import yaml

from opendata_pipeline.catalog.loader import BUNDLED_CATALOG_DIR, load_catalog
from opendata_pipeline.catalog.model import DatasetEntry
from opendata_pipeline.cli.main import main
from opendata_pipeline.cli.run import run_pipeline
from opendata_pipeline.convert.published import publish_files
from opendata_pipeline.convert.schema_mapping import write_mapped
from opendata_pipeline.errors import DatasetError

DELIBS = BUNDLED_CATALOG_DIR / "deliberations-conseil-municipal.yaml"


def _entry_data(**changes: object) -> dict[str, object]:
    data = yaml.safe_load(DELIBS.read_text("utf-8"))
    data.update(changes)
    return data


def _write(folder: Path, name: str, data: dict[str, object]) -> None:
    (folder / name).write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


@pytest.fixture
def broken_catalog(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The bundled car parks, plus three deliberation entries with a broken mapping."""
    folder = tmp_path / "catalog"
    folder.mkdir()
    shutil.copy(BUNDLED_CATALOG_DIR / "parkings-ouvrages.yaml", folder)
    base = _entry_data()
    mapping = dict(base["schema_mapping"])  # type: ignore[call-overload]
    missing = {k: v for k, v in mapping.items() if k != "DELIB_MATIERE_CODE"}
    _write(folder, "sans-matiere.yaml", {**base, "id": "delibs-sans-matiere",
                                         "schema_mapping": missing})  # fmt: skip
    typo = {**mapping, "DELIB_OBJET": "Titr"}
    _write(folder, "colonne.yaml", {**base, "id": "delibs-colonne", "schema_mapping": typo})
    outside = {**mapping, "ELU": "Elu(s)"}
    _write(folder, "hors-schema.yaml", {**base, "id": "delibs-hors", "schema_mapping": outside})
    monkeypatch.setenv("OPENDATA_CATALOG_DIR", str(folder))
    return folder


def test_catalog_check_names_entry_field_and_schema(
    broken_catalog: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["catalog", "check"]) == 1
    out = capsys.readouterr().out
    assert (
        "sans-matiere.yaml: schema_mapping.DELIB_MATIERE_CODE: required field of schema "
        "scdl/deliberations 2.1.5 is not mapped (entry 'delibs-sans-matiere')"
    ) in out
    assert (
        "colonne.yaml: schema_mapping.DELIB_OBJET: source column 'Titr' not found in "
        "VilleMTP_MTP_Delibs.csv (columns: Numéro de projet de délibération, Elu(s), Direction, "
        "Titre, Etat, Numéro Poseidon, Numéro de délibération, Date CM) (entry 'delibs-colonne')"
    ) in out
    assert "hors-schema.yaml: schema_mapping.ELU: not a field of schema scdl/deliberations" in out
    assert "1 valid entry" in out
    catalog = load_catalog()
    assert list(catalog.entries) == ["parkings-ouvrages"]


def test_the_pipeline_skips_the_broken_entry_and_runs_the_others(
    broken_catalog: Path, opendata_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DAGSTER_HOME", str(opendata_home.parent / "dagster_home"))
    out = io.StringIO()
    code = run_pipeline(partition="2026-11-28", out=out, datasets=["parkings-ouvrages"])
    text = out.getvalue()
    assert code == 1  # the catalogue has errors: the run says so
    assert "catalogue error (entry skipped): sans-matiere.yaml: schema_mapping." in text
    assert "[     ok] published/parkings-ouvrages" in text
    assert (opendata_home / "published/parkings-ouvrages/manifest.json").is_file()
    assert not (opendata_home / "published/delibs-sans-matiere").exists()


def test_a_mapping_needs_its_schema_and_one_form_per_field() -> None:
    with pytest.raises(ValueError, match="schema_mapping needs the schema"):
        DatasetEntry.model_validate(_entry_data(schema=None))
    for bad in ({"column": "Titre", "value": "x"}, {"from": "Direction"},
                {"value": "x", "format": "%d"}, {"column": "Titre", "default": "x"}):  # fmt: skip
        data = _entry_data()
        data["schema_mapping"] = {**data["schema_mapping"], "DELIB_OBJET": bad}  # type: ignore[dict-item]
        with pytest.raises(ValueError, match=r"schema_mapping\.DELIB_OBJET"):
            DatasetEntry.model_validate(data)


def _clean(tmp: Path, sql: str) -> Path:
    path = tmp / "clean.parquet"
    duckdb.execute(f"COPY ({sql}) TO '{path}' (FORMAT parquet)")
    return path


PARKING = {
    "id": "parkings-essai",
    "title": "Parkings",
    "description": "Parkings de test",
    "steward": {"name": "Mobilité", "email": "mobilite@example.org"},
    "licence": "etalab-2.0",
    "source": {"kind": "csv", "url": "file:///dev/null"},
    "personal_data": "none",
    "schema": "etalab/schema-stationnement",
    "schema_mapping": {
        "id": {"from": "code", "map": {"A": "34172-P-001", "B": "34172-P-002"}},
        "nom": "nom",
        "insee": {"value": "34172"},
        "type_usagers": {"value": "tous"},
        "gratuit": {"from": "payant", "map": {"oui": False, "non": True}},
        "nb_places": "places",
        "hauteur_max": "hauteur",
        "num_siret": {"value": "21340172202058"},
        "Xlong": "lon",
        "Ylat": "lat",
        "tarif_1h": "tarif",
    },
}


def test_types_formats_and_constants_follow_the_schema(tmp_path: Path) -> None:
    clean = _clean(
        tmp_path,
        "SELECT * FROM (VALUES ('A', 'Comédie', 'oui', '691', '190', 3.8797, 43.6085, '2,5'),"
        " ('B', 'Triangle', 'non', '434', 'N/A', 3.8818, 43.6092, NULL)) "
        "v(code, nom, payant, places, hauteur, lon, lat, tarif)",
    )
    entry = DatasetEntry.model_validate(PARKING)
    con = duckdb.connect()
    out = write_mapped(con, entry, clean, csv=tmp_path / "p.csv", parquet=tmp_path / "p.parquet")
    # '2,5' is not a number the schema accepts (decimal point): a type error on row 2, never
    # an empty cell published in silence
    assert [(e.code, e.field, e.rows) for e in out.errors] == [("type-error", "tarif_1h", (2,))]
    assert "format" not in out.errors[0].note and "convertible" in out.errors[0].note
    assert not (tmp_path / "p.csv").exists()  # nothing written
    mapping = {k: v for k, v in PARKING["schema_mapping"].items() if k != "tarif_1h"}  # type: ignore[attr-defined]
    fixed = DatasetEntry.model_validate({**PARKING, "schema_mapping": mapping})
    out = write_mapped(con, fixed, clean, csv=tmp_path / "p.csv", parquet=tmp_path / "p.parquet")
    assert out.errors == []
    lines = (tmp_path / "p.csv").read_text("utf-8").splitlines()
    header = lines[0].split(",")
    assert header[:4] == ["id", "nom", "insee", "adresse"] and len(header) == 30
    first = dict(zip(header, lines[1].split(","), strict=True))
    assert (first["id"], first["gratuit"], first["nb_places"], first["Xlong"]) == (
        "34172-P-001", "false", "691", "3.8797")  # fmt: skip
    described = duckdb.sql(f"DESCRIBE SELECT * FROM '{tmp_path / 'p.parquet'}'").fetchall()
    types = {str(r[0]): str(r[1]) for r in described}
    assert (types["gratuit"], types["nb_places"], types["Ylat"]) == ("BOOLEAN", "BIGINT", "DOUBLE")
    from opendata_pipeline.validate.table_schema import validate_table

    report = validate_table(tmp_path / "p.csv", "etalab/schema-stationnement", custom=True)
    assert report.valid and report.custom_errors == []


def test_a_text_date_that_misses_its_format_is_refused(tmp_path: Path, opendata_home: Path) -> None:
    clean = _clean(
        tmp_path,
        "SELECT * FROM (VALUES ('1', '25/11/2013', 'Objet', 'Direction A'),"
        " ('2', '2013-12-16', 'Objet', 'Direction A'), ('3', '16/12/2013', 'Objet', 'Direction B'))"
        " v(num, jour, titre, direction)",
    )
    mapping = {
        "DELIB_ID": "num",
        "DELIB_DATE": {"column": "jour", "format": "%d/%m/%Y"},
        "DELIB_OBJET": "titre",
        "COLL_NOM": {"value": "Ville de Montpellier"},
        "COLL_SIRET": {"value": "21340172202058"},
        "DELIB_MATIERE_CODE": {"from": "direction", "map": {"Direction A": "7.1"}},
        "DELIB_MATIERE_NOM": {"from": "direction", "map": {"Direction A": "finances locales/"},
                              "default": "finances locales/divers"},
    }  # fmt: skip
    entry = DatasetEntry.model_validate(_entry_data(schema_mapping=mapping))
    out = write_mapped(duckdb.connect(), entry, clean, csv=tmp_path / "d.csv")
    found = {(e.field, e.rows): e.note for e in out.errors}
    assert found == {
        ("DELIB_DATE", (3,)): "correspondance : valeur ne respectant pas le format %d/%m/%Y",
        ("DELIB_MATIERE_CODE", (4,)): "correspondance : valeur absente de la table de "
        "correspondance",
    }
    # the release is refused as a whole, naming the field and the row, never the value
    with pytest.raises(DatasetError, match=r"DELIB_DATE \(1, 1re ligne 3\)") as exc:
        publish_files(entry, clean, partition="2026-11-28", source_manifest={})
    assert "2013-12-16" not in str(exc.value) and "Direction B" not in str(exc.value)


def test_manifest_and_warehouse_name_the_schema(opendata_home: Path, tmp_path: Path) -> None:
    entry = DatasetEntry.model_validate(_entry_data())
    clean = _clean(
        tmp_path,
        'SELECT 464 AS "Numéro de délibération", DATE \'2013-11-25\' AS "Date CM", '
        "'Débat' AS \"Titre\", 'Direction Finances et Contrôle de Gestion' AS \"Direction\"",
    )
    release = publish_files(entry, clean, partition="2026-11-28", source_manifest={})
    schema = release.manifest["schema"]
    assert schema == {
        "name": "scdl/deliberations",
        "version": "2.1.5",
        "url": "https://gitlab.com/opendatafrance/scdl/deliberations/raw/v2.1.5/schema.json",
        "mapped": True,
    }
    assert [c["name"] for c in release.manifest["columns"]][:3] == [
        "COLL_NOM", "COLL_SIRET", "DELIB_ID"]  # fmt: skip
    text = release.file("csv").read_text("utf-8")
    assert "2013-11-25,7.1,finances locales/décisions budgétaires,Débat" in text
    assert json.loads((release.directory / "manifest.json").read_text("utf-8"))["rows"] == 1


def test_the_gate_reports_unconverted_values_per_field(tmp_path: Path, opendata_home: Path) -> None:
    from opendata_pipeline.validate.gate import run_gate
    from opendata_pipeline.validate.rules import RuleContext

    clean = _clean(
        tmp_path,
        "SELECT * FROM (VALUES (464, '25/11/2013', 'Débat', 'Direction du Protocole'),"
        " (465, '2013-12-16', 'Vente', 'Direction du Protocole'),"
        " (466, '16/12/2013', 'Avenant', 'Direction inconnue'))"
        ' v("Numéro de délibération", "Date CM", "Titre", "Direction")',
    )
    entry = DatasetEntry.model_validate(_entry_data())
    gate = run_gate(entry, clean, context=RuleContext(), out_dir=opendata_home / "reports" / "d",
                    release="r", data_docs=False)  # fmt: skip
    rules = gate.by_rule()
    assert rules["R-SCHEMA"].verdict == "FAIL" and rules["R-SCHEMA"].blocks
    assert (
        "DELIB_DATE : correspondance : valeur ne respectant pas le format %d/%m/%Y (1, "
        "ligne 3)" in rules["R-SCHEMA"].message_fr
    )
    doc = json.loads(gate.report.read_text("utf-8"))
    fields = {f["field"]: f for f in doc["schema_fields"]["fields"]}
    assert (fields["DELIB_DATE"]["invalid"], fields["DELIB_DATE"]["first_rows"]) == (1, [3])
    assert (fields["DELIB_MATIERE_CODE"]["invalid"], fields["DELIB_MATIERE_CODE"]["first_rows"]) == (
        1, [4])  # fmt: skip
    assert fields["DELIB_OBJET"]["invalid"] == 0 and fields["DELIB_OBJET"]["valid"] == 3
    # the mapping is part of the evidence bundle; no value of the data is
    bundle = json.loads((opendata_home / "reports/d/r/schema.json").read_text("utf-8"))
    assert bundle["schema_mapping"]["DELIB_DATE"] == {"column": "Date CM", "format": "%d/%m/%Y"}
    text = gate.report.read_text("utf-8")
    assert "2013-12-16" not in text and "Direction inconnue" not in text


def test_validate_command_maps_a_source_export(capsys: pytest.CaptureFixture[str]) -> None:
    from opendata_pipeline.catalog.loader import PACKAGE_DIR

    export = PACKAGE_DIR / "samples/VilleMTP_MTP_Delibs.csv"
    main(["validate", str(export), "--dataset", "deliberations-conseil-municipal", "--json"])
    rules = {r["rule"]: r for r in json.loads(capsys.readouterr().out)["rules"]}
    # the export's own columns are mapped before R-SCHEMA, as in the pipeline (the raw titles
    # still name private persons: that is R-ANON-FREE-TEXT's business, not the schema's)
    assert rules["R-SCHEMA"]["verdict"] == rules["R-SCHEMA-CUSTOM"]["verdict"] == "PASS"
    assert rules["R-SCHEMA"]["evidence"]["rows"] == 160
