"""CSV → typed Parquet on the real Montpellier files, plus the failure modes of bad input."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime
from pathlib import Path

import duckdb
import pytest

from opendata_pipeline.errors import DatasetError
from opendata_pipeline.ingest.csv_reader import SAMPLE_ROWS, clean_headers, csv_to_parquet
from opendata_pipeline.ingest.kinds import make_source


def _read(path: Path, sql: str) -> list[tuple[object, ...]]:
    return duckdb.sql(sql.replace("FROM T", f"FROM read_parquet('{path}')")).fetchall()


@pytest.fixture
def out(tmp_path: Path, opendata_home: Path) -> Path:
    return tmp_path / "out.parquet"


def test_budget_french_amounts(realdata: Path, out: Path) -> None:
    result = csv_to_parquet(
        realdata / "tabular/VilleMTP_MTP_BudgetPri_2014.csv", out, dataset="budget"
    )
    assert result.rows == 1448
    assert result.encoding == "cp1252" and result.delimiter == ";"
    types = dict(result.columns)
    assert types["BP"] == "DOUBLE" and types["Nature"] == "BIGINT" and types["Exercice"] == "BIGINT"
    first = _read(out, 'SELECT "Nature", "Fonction", "BP", "Libellé fonction" FROM T LIMIT 1')[0]
    assert first == (616, 20, 1063850.0, "ADMINISTRATION GENERALE DE LA COLLECTIVITE")
    # "-" placeholders and empty cells become NULL, not 0
    assert _read(out, 'SELECT count(*) FROM T WHERE "BP" IS NULL')[0][0] == 148
    assert _read(out, 'SELECT count(*) FROM T WHERE "Fonction" IS NULL')[0][0] > 0


def test_defibrillators_multiline_cells_and_coordinates(realdata: Path, out: Path) -> None:
    result = csv_to_parquet(realdata / "tabular/VilleMTP_MTP_Defibrillateurs.csv", out)
    assert result.rows == 167
    assert [n for n, _ in result.columns] == ["Id", "Nom", "Adresse", "Tel", "Coord_X", "Coord_Y"]
    row = _read(out, 'SELECT "Nom", "Tel", "Coord_X", "Coord_Y" FROM T WHERE "Id" = 1')[0]
    assert row == (
        "Maison de la Prévention Santé",
        "04 67 02 21 60",
        3.87952263361082,
        43.6071285339217,
    )
    # 40 records hold a line break inside a quoted cell (36 of them in the address)
    newline = " OR ".join(f'contains("{c}", chr(10))' for c in ("Nom", "Adresse", "Tel"))
    assert _read(out, f"SELECT count(*) FROM T WHERE {newline}")[0][0] == 40


def test_car_parks_two_digit_years_and_dbf_headers(realdata: Path, out: Path) -> None:
    result = csv_to_parquet(realdata / "parking/VilleMTP_MTP_ParkingOuv.csv", out)
    assert result.rows == 22
    assert dict(result.columns)["DATFC"] == "DATE"
    row = _read(out, 'SELECT "NOM", "NBRE_PLACE", "DATDC", "DATFC" FROM T WHERE "ID" = 3')[0]
    assert row == ("Pitot", 781, date(1991, 12, 16), date(2056, 12, 31))


def test_leading_zero_codes_stay_text(realdata: Path, out: Path) -> None:
    result = csv_to_parquet(realdata / "tabular/VilleMTP_MTP_Europeenne2014.csv", out)
    assert result.rows == 3275
    assert dict(result.columns)["Canton"] == "VARCHAR"
    assert _read(out, "SELECT count(*) FROM T WHERE \"Canton\" LIKE '0%'")[0][0] > 0
    assert "Circonscritpion" in dict(result.columns)  # the real header typo is kept


def test_na_markers_and_timestamps(realdata: Path, out: Path) -> None:
    result = csv_to_parquet(realdata / "tabular/VilleMTP_MTP_Comptage.csv", out)
    assert result.rows == 3314
    assert dict(result.columns)["DDEBUT"] == "DATE"
    raw = (realdata / "tabular/VilleMTP_MTP_Comptage.csv").read_text(encoding="cp1252")
    comments = [row[11].strip() for row in csv.reader(io.StringIO(raw))][1:]
    expected_nulls = sum(c in ("", "#N/A") for c in comments)
    assert comments.count("#N/A") == 2464
    assert _read(out, 'SELECT count(*) FROM T WHERE "COMMENTAIR" IS NULL')[0][0] == expected_nulls
    assert _read(out, "SELECT count(*) FROM T WHERE \"COMMENTAIR\" = '#N/A'")[0][0] == 0
    assert _read(out, 'SELECT "DDEBUT", "NOM" FROM T WHERE "OBJECTID" = 2220')[0] == (
        date(2011, 1, 8), "Voie non dénommée",
    )  # fmt: skip
    meters = out.with_name("meters.parquet")
    result = csv_to_parquet(realdata / "tabular/VilleMTP_MTP_Horodateurs_2011.csv", meters)
    assert dict(result.columns)["F05_DATE"] == "TIMESTAMP"
    assert _read(meters, 'SELECT "F05_DATE" FROM T WHERE "ID" = 1')[0][0] == datetime(
        2010, 5, 26, 13, 45
    )


def test_late_value_demotes_column_instead_of_losing_it(tmp_path: Path, out: Path) -> None:
    path = tmp_path / "late.csv"
    rows = [f"{i};{i * 2}" for i in range(SAMPLE_ROWS + 10)] + ["99999999;n/c"]
    path.write_text("id;valeur\n" + "\n".join(rows) + "\n", encoding="utf-8")
    result = csv_to_parquet(path, out)
    assert dict(result.columns) == {"id": "BIGINT", "valeur": "VARCHAR"}
    assert _read(out, "SELECT valeur FROM T WHERE id = 99999999")[0][0] == "n/c"
    assert _read(out, "SELECT valeur FROM T WHERE id = 3")[0][0] == "6"


def test_ragged_row_names_dataset_file_and_line(tmp_path: Path, out: Path) -> None:
    path = tmp_path / "ragged.csv"
    path.write_text("a;b;c\n1;2;3\nsecret@example.org;5\n", encoding="utf-8")
    with pytest.raises(DatasetError) as info:
        csv_to_parquet(path, out, dataset="demo")
    message = str(info.value)
    assert (
        message
        == "dataset 'demo', file 'ragged.csv', line 3: ragged row: expected 3 fields, found 2"
    )
    assert "secret" not in message
    assert not out.exists()


def test_undecodable_file_names_byte_and_line(realdata: Path, out: Path) -> None:
    source = make_source(kind="csv", url="x", encoding="utf-8")
    with pytest.raises(DatasetError) as info:
        csv_to_parquet(realdata / "tabular/VilleMTP_MTP_BudgetPri_2014.csv", out, source, "budget")
    assert "file 'VilleMTP_MTP_BudgetPri_2014.csv'" in str(info.value)
    assert "line" in str(info.value) and "utf-8" in str(info.value).lower()
    assert not out.exists()


def test_missing_file(tmp_path: Path, out: Path) -> None:
    with pytest.raises(
        DatasetError, match=re.escape("dataset 'x', file 'absent.csv': source file not found")
    ):
        csv_to_parquet(tmp_path / "absent.csv", out, dataset="x")


def test_explicit_options_override_sniffing(tmp_path: Path, out: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes("code|montant\n01|3,5\n".encode("cp850"))
    source = make_source(
        kind="csv", url="x", encoding="cp850", delimiter="|", text_columns=["montant"]
    )
    result = csv_to_parquet(path, out, source)
    assert dict(result.columns) == {"code": "VARCHAR", "montant": "VARCHAR"}
    assert _read(out, "SELECT * FROM T") == [("01", "3,5")]


def test_clean_headers() -> None:
    assert clean_headers(["\ufeff ID,N,6,0", "NOM,C,50", "", "NOM", "DATDC,D"]) == [
        "ID", "NOM", "column_3", "NOM_2", "DATDC",
    ]  # fmt: skip
