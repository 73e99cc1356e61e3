"""Every file of ../shared/realdata through `opendata-pipeline scan --json`: read (rows, columns,
kind, encoding decision reported) or refused with a named reason and one French sentence — never
a traceback, never an empty or one-row success for a collection, never a value printed."""

from __future__ import annotations

import json

import pytest

from opendata_pipeline.cli.main import main
from opendata_pipeline_tests.shared_dir import SHARED

REALDATA = SHARED / "realdata"
FILES = sorted(p.relative_to(REALDATA).as_posix() for p in REALDATA.rglob("*") if p.is_file())
# What is not a table, and the kind `scan` names it by.
REFUSED = {
    "PROVENANCE.md": "text_document",
    "api-spec/fiware3m_openapi.yaml": "yaml_document",
    "parking/xml_2017-01-28/ParkingTpsReel_Description.xsd": "xml_schema",
    **{
        p: "text_document"
        for p in FILES
        if p.startswith("portal-responses/fiches_metadonnees_2014/") and p.endswith(".txt")
    },
}
# Documents holding a single record (one car park's state): one row is the right answer.
SINGLE_RECORD = ("parking/FR_MTP_", "parking/xml_2017-01-28/FR_MTP_", "parking/xml_2017-01-28/Park")


def test_every_real_file_is_listed() -> None:
    assert len(FILES) >= 49
    assert sum(kind == "text_document" for kind in REFUSED.values()) == 12


@pytest.mark.parametrize("relative", FILES)
def test_scan_reads_or_refuses_by_name(relative: str, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["scan", "--json", str(REALDATA / relative)])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    report = json.loads(out)
    assert report["kind"] != "internal_error", report["error"]
    if relative in REFUSED:
        assert code == 2
        assert report["kind"] == REFUSED[relative] and report["read"] is False
        assert report["error"].startswith(f"Fichier « {relative.rsplit('/', 1)[-1]} » non lu : ")
        assert err.strip() == report["error"]
        return
    assert code == 0, err
    read = report["input"]
    assert report["kind"] == read["kind"] in ("csv", "json", "ngsi", "xml", "geojson", "totem")
    assert read["rows"] >= (1 if relative.startswith(SINGLE_RECORD) else 2)
    assert read["columns"] and read["encoding"]
    if read["kind"] == "csv":
        assert read["delimiter"] and read["details"]["line_end"] in ("LF", "CRLF")
        assert 0 < read["details"]["encoding_confidence"] <= 1
    assert "@" not in out  # e-mails (and any other value) are never printed


def test_scan_reports_the_association_directory(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scan", str(REALDATA / "personal-data/VilleMTP_MTP_ListeAssoc_2011.csv")]) == 0
    out = capsys.readouterr().out
    assert "2452 lignes" in out and "encodage cp1252, séparateur ','" in out
    assert "fichier csv, encodage décidé par french (confiance 1.00), fins de ligne LF" in out
    assert "Mail_Asso" in out and "email" in out
    assert "04 67" not in out


def test_old_portal_catalogue_is_read_despite_its_layout(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A leading empty line, a header ending with a comma and a line of one space: 129 datasets."""
    path = REALDATA / "portal-responses/VilleMTP_MTP_Opendata_catalogue_2014.csv"
    assert main(["scan", "--json", str(path)]) == 0
    read = json.loads(capsys.readouterr().out)["input"]
    assert read["rows"] == 129 and len(read["columns"]) == 18
    assert read["warnings"] == ["ligne 3 ne contenant que des espaces ignorée(s)"]


def test_metadata_sheet_is_named_a_text_document(capsys: pytest.CaptureFixture[str]) -> None:
    path = REALDATA / "portal-responses/fiches_metadonnees_2014/VilleMTP_MTP_Comptage.README.txt"
    assert main(["scan", str(path)]) == 2
    err = capsys.readouterr().err
    assert "document texte" in err and "pas un tableau de données" in err
    assert "ragged" not in err
