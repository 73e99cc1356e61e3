"""Encoding / dialect sniffing and French type inference, on the real files and on generated ones."""

from __future__ import annotations

from pathlib import Path

import pytest

from opendata_pipeline.ingest.french_types import BIGINT, DATE, DOUBLE, TEXT, TIMESTAMP, infer_type
from opendata_pipeline.ingest.sniff import sniff, sniff_encoding

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
    assert data.decode(sniff_encoding(data)) == FRENCH


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
