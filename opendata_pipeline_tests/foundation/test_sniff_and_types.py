"""Encoding / dialect sniffing and French type inference, on the real files and on generated ones."""

from __future__ import annotations

from pathlib import Path

import pytest

from opendata_pipeline.ingest.french_types import BIGINT, DATE, DOUBLE, TEXT, TIMESTAMP, infer_type
from opendata_pipeline.ingest.sniff import detect_encoding, line_ends, sniff

FRENCH = "Numéro;Libellé;Montant\n1;Crèche « Les Pâquerettes » été;1 234,50\n2;Près de l'hôtel de ville;12,00\n"


@pytest.mark.parametrize(
    ("relative", "encoding", "delimiter"),
    [
        ("tabular/VilleMTP_MTP_BudgetPri_2014.csv", "cp1252", ";"),
        ("tabular/VilleMTP_MTP_Delibs.csv", "utf-8", ";"),
        ("tabular/VilleMTP_MTP_Defibrillateurs.csv", "cp1252", ","),
        ("tabular/VilleMTP_MTP_Comptage.csv", "cp1252", ","),
        ("personal-data/Prenoms_dictionnaire.csv", "cp1252", ";"),
        ("tabular/MMM_MMM_GeolocCompteurs.csv", "utf-8", ","),
        ("parking/suivi_global_2025-12-28_to_2026-01-01.csv", "utf-8", ";"),
    ],
)
def test_real_files_are_sniffed(
    realdata: Path, relative: str, encoding: str, delimiter: str
) -> None:
    dialect = sniff(realdata / relative)
    assert (dialect.encoding, dialect.delimiter) == (encoding, delimiter)


@pytest.mark.parametrize(
    "encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252", "cp850", "mac_roman"]
)
def test_encodings_are_recognised(encoding: str) -> None:
    data = FRENCH.encode(encoding)
    assert data.decode(detect_encoding(data).encoding) == FRENCH


@pytest.mark.parametrize("delimiter", [";", ",", "\t", "|"])
def test_delimiters_are_recognised(tmp_path: Path, delimiter: str) -> None:
    path = tmp_path / "x.csv"
    path.write_text(
        "\n".join(delimiter.join(["a", "b", "c"]) for _ in range(5)) + "\n", encoding="utf-8"
    )
    assert sniff(path).delimiter == delimiter


def test_leading_blank_lines_are_skipped(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("\n ,,\nID,Nom\n1,a\n", encoding="utf-8")
    dialect = sniff(path)
    assert dialect.skip_rows == 2
    assert dialect.header == ["ID", "Nom"]


def test_title_lines_above_the_header_are_skipped(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text(
        "Export du 12/03/2024\nService des subventions\n\nNuméro;Libellé;Montant\n"
        + "".join(f"{i};Bénéficiaire {i};{i},50\n" for i in range(30)),
        encoding="utf-8",
    )
    dialect = sniff(path)
    assert (dialect.delimiter, dialect.skip_rows) == (";", 3)
    assert dialect.header == ["Numéro", "Libellé", "Montant"]
    single = tmp_path / "single.csv"  # a one-column file keeps its first line as header
    single.write_text("Commune\nLattes\nPérols\n", encoding="utf-8")
    assert (sniff(single).skip_rows, sniff(single).header) == (0, ["Commune"])


@pytest.mark.parametrize(
    ("header", "values", "sql_type", "pattern"),
    [
        ("Montant", [" 1 063 850,00    ", "200,00", "-"], DOUBLE, ","),
        ("Montant", ["1.234,56", "7,5"], DOUBLE, ","),
        ("Coord", ["3.8732", "43.6"], DOUBLE, "."),
        ("Nombre", ["12", "0", "-3", "1\u00a0200"], BIGINT, ""),
        ("Date", ["25/11/2013", "1/2/2014"], DATE, "%d/%m/%Y"),
        ("DATFC", ["31/12/56", "01/01/08"], DATE, "%d/%m/%y"),
        ("Quand", ["26/05/2010 13:45"], TIMESTAMP, "%d/%m/%Y %H:%M"),
        ("Canton", ["01", "12"], TEXT, ""),
        ("Valeur", ["007", "12"], TEXT, ""),
        ("Code postal", ["34000", "34070"], TEXT, ""),
        ("Libellé", ["Voirie", "12"], TEXT, ""),
        ("Vide", [None, "", "  "], TEXT, ""),
    ],
)
def test_type_inference(header: str, values: list[str | None], sql_type: str, pattern: str) -> None:
    inferred = infer_type(header, values)
    assert inferred.sql_type == sql_type
    assert inferred.pattern == pattern


@pytest.mark.parametrize(
    ("pieces", "expected"),
    [
        (["a\nb\n"], "LF"),
        (["a\r\nb\r\n"], "CRLF"),
        (["a\rb\r"], "CR"),
        (["a\nb\r\n"], "mixed"),
        (["a;b"], "none"),
        (["a\r\nb\r", "\nc\r\n"], "CRLF"),  # a CR/LF pair cut between head and tail samples
    ],
)
def test_line_ends(pieces: list[str], expected: str) -> None:
    assert line_ends(*pieces) == expected


def test_line_breaks_inside_quoted_cells_are_not_line_ends(tmp_path: Path) -> None:
    path = tmp_path / "excel.csv"
    path.write_bytes(
        b'id;adresse\r\n1;"12 rue Foch\nBat. B"\r\n2;"3 place de la Com\xc3\xa9die"\r\n'
    )
    assert sniff(path).line_end == "CRLF"


def test_encoding_decision_and_confidence() -> None:
    assert detect_encoding(FRENCH.encode("utf-8")).method == "utf-8"
    mac = detect_encoding(FRENCH.encode("mac_roman"))
    assert (mac.encoding, mac.method) == ("mac_roman", "french") and mac.confidence >= 0.8
    greek = ("Πόλη;Τιμή\n" + "".join(f"Αθήνα {i};{i}\n" for i in range(30))).encode("cp1253")
    guess = detect_encoding(greek)
    assert (guess.encoding, guess.method) == ("cp1253", "charset-normalizer")
    assert greek.decode(guess.encoding).startswith("Πόλη")
