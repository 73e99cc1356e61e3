"""Decisions that need the column as context: text birth dates, bare CAF numbers, mixed name
columns, natural vs. legal persons, and which scanned columns count as personal."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from opendata_pipeline.anonymize.detectors import header_kind
from opendata_pipeline.anonymize.detectors.person_name.persons import is_natural_person
from opendata_pipeline.anonymize.engine import anonymize_parquet
from opendata_pipeline.anonymize.generalize import (
    REDACTED,
    default_level,
    generalize_column,
    parse_date,
)
from opendata_pipeline.anonymize.policy import Policy
from opendata_pipeline.anonymize.scan import scan_parquet

TEXT_BIRTH_DATES = [
    "09/03/1956",
    "3 mars 1962",
    "1er Janvier 1970",
    "14-03-1982",
    "24.02.1964",
    "23/02/94",
    "1985-03-12",
    "27 Février 1941",
]


def _write(path: Path, columns: dict[str, list[object]]) -> Path:
    pq.write_table(pa.table(columns), path)
    return path


def _read(path: Path, column: str) -> list[object]:
    return pq.read_table(path).column(column).to_pylist()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("09/03/1956", (1956, 3)),
        ("3 mars 1962", (1962, 3)),
        ("1er Janvier 1970", (1970, 1)),
        ("7 Déc. 1990", (1990, 12)),
        ("14-03-1982", (1982, 3)),
        ("24.02.1964", (1964, 2)),
        ("23/02/94", (1994, 2)),
        ("1985-03-12 00:00:00", (1985, 3)),
        ("31/13/2000", None),
        ("31/02/1980", None),
        ("inconnue", None),
    ],
)
def test_french_dates_parse(text: str, expected: tuple[int, int] | None) -> None:
    assert parse_date(text) == expected


def test_year_of_text_dates_is_the_year_not_a_prefix() -> None:
    array = pa.array([*TEXT_BIRTH_DATES, None, ""])
    assert default_level(array, "birth_date") == "year"
    years = generalize_column(array, "year").array.to_pylist()
    assert years == ["1956", "1962", "1970", "1982", "1964", "1994", "1985", "1941", None, ""]
    assert generalize_column(array, "month").array.to_pylist()[:2] == ["1956-03", "1962-03"]


def test_impossible_or_unparsable_dates_are_redacted_and_counted() -> None:
    out = generalize_column(
        pa.array(["09/03/1956", "né vers 1950", "31/02/1980", "31/02/1980"]), "year"
    )
    assert out.array.to_pylist() == ["1956", REDACTED, REDACTED, REDACTED]
    assert out.unmapped == 3 and out.changed == 4


def test_policy_generalize_redacts_impossible_dates_without_refusing_the_file(
    tmp_path: Path,
) -> None:
    dates = ["09/03/1956", "vers 1950", "31/02/1980", "1979-02-30", "00/04/1988", "02/13/1975"]
    src = _write(tmp_path / "in.parquet", {"Date de naissance": dates})
    policy = Policy.model_validate({"columns": {"Date de naissance": {"generalize": "year"}}})
    report = anonymize_parquet(src, tmp_path / "out.parquet", policy)
    assert _read(tmp_path / "out.parquet", "Date de naissance") == ["1956"] + [REDACTED] * 5
    column = report.columns[0]
    assert column.cells_unmapped == 5 and column.cells_changed == 6
    assert "1950" not in json.dumps(report.to_dict())


@pytest.mark.parametrize("header", ["Né(e) le", "Date de naiss.", "Née le", "DATE_NAIS"])
def test_birth_date_headers(header: str) -> None:
    assert header_kind(header) == "birth_date"


def test_auto_mode_generalizes_text_birth_dates_and_redacts_bare_caf_numbers(
    tmp_path: Path,
) -> None:
    n = len(TEXT_BIRTH_DATES)
    src = _write(
        tmp_path / "in.parquet",
        {
            "Nom": [f"DUPONT{i}" for i in range(n)],
            "Date de naissance": TEXT_BIRTH_DATES,
            "N° allocataire": ["5971867 G", "82664338", "1234567", "7654321 A"] * (n // 4),
            "Quantité": ["12", "3", "4", "5"] * (n // 4),
        },
    )
    kinds = {c.column: c.kind for c in scan_parquet(src).columns}
    assert kinds["Date de naissance"] == "birth_date"
    assert kinds["N° allocataire"] == "caf"
    out = tmp_path / "out.parquet"
    anonymize_parquet(src, out, None)
    assert _read(out, "Date de naissance") == [
        "1956",
        "1962",
        "1970",
        "1982",
        "1964",
        "1994",
        "1985",
        "1941",
    ]
    assert set(_read(out, "N° allocataire")) == {"[ALLOCATAIRE]"}
    assert _read(out, "Quantité") == ["12", "3", "4", "5"] * (n // 4)


def test_a_birthplace_column_is_not_a_birth_date(tmp_path: Path) -> None:
    src = _write(tmp_path / "in.parquet", {"Lieu de naissance": ["Sète", "Lodève", "Agde"]})
    assert scan_parquet(src).columns[0].kind != "birth_date"


@pytest.mark.parametrize(
    "value",
    [
        "ASPTT Montpellier Basket",
        "UNITE POLICE SNPT",
        "COEUR DE LIVRES",
        "Radio Aviva 88 FM",
        "Loisirs et Culture",
        "MUC Judo Jujitsu",
        "Montpellier Pétanque St Martin",
        "Maïa",
        "Chez Fatou",
        "Café Joseph",
    ],
)
def test_legal_persons_in_a_name_column(value: str) -> None:
    assert not is_natural_person(value, name_column=True)


@pytest.mark.parametrize(
    "value",
    ["DUPONT Jean", "GIRARD", "SOW Achraf", "Mme Lucie ROUX", "Lucie R.", "TIPHAINE ROUVIÈRE"],
)
def test_natural_persons_in_a_name_column(value: str) -> None:
    assert is_natural_person(value, name_column=True)


def test_auto_mode_mixed_column_with_a_person_header(tmp_path: Path) -> None:
    values = [
        "Association Les Amis du Lez",
        "SOW Achraf",
        "ASPTT Montpellier Basket",
        "GLEIZES Mounir",
        "Collège Jean Moulin",
        "Comité de quartier Figuerolles",
    ] * 5
    src = _write(tmp_path / "in.parquet", {"Bénéficiaire": values, "Montant": ["10"] * 30})
    out = tmp_path / "out.parquet"
    anonymize_parquet(src, out, None)
    result = _read(out, "Bénéficiaire")[:6]
    assert result == [
        "Association Les Amis du Lez",
        "Personne physique",
        "ASPTT Montpellier Basket",
        "Personne physique",
        "Collège Jean Moulin",
        "Comité de quartier Figuerolles",
    ]


def test_scan_ignores_stray_weak_findings_and_addresses_of_places(tmp_path: Path) -> None:
    src = _write(
        tmp_path / "in.parquet",
        {
            "Enseigne": ["Chez Fatou", "Le Petit Zinc", "Boulangerie du Lez", "Tabac Presse"] * 25,
            "Libellé": ["Fête de quartier"] * 99 + ["Hommage à Jean Dupont"],
            "Adresse": ["12 rue des Lilas 34000 Montpellier", "3 avenue Jean Jaurès"] * 50,
            "Contact": ["04 67 12 34 56"] + [""] * 99,
        },
    )
    report = scan_parquet(src)
    personal = {c.column for c in report.columns if c.personal}
    assert personal == {"Contact"}


@pytest.mark.parametrize("text", ["\n Berg N'Diaye Collège ", "\t\n", " \u00a0\nJean DUPONT"])
def test_name_search_survives_whitespace_only_context(text: str) -> None:
    from opendata_pipeline.anonymize.detectors.person_name import find_names

    spans = find_names(text)  # used to raise IndexError on a whitespace-only tail
    assert all(text[a:b].strip() for a, b in spans)
