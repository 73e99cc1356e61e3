"""On a legal person's row, the person who files for it (a declarant, a manager) may leave
their own mobile in the phone column: it goes, the organisation's landline stays. Through the
command line, with invented rows."""

from __future__ import annotations

import csv
from pathlib import Path

from opendata_pipeline_tests.anonymize.cli import run_cli, write_csv

# Mostly legal persons, sole traders among them (their phone goes whatever it is).
SOLE_TRADERS = ["Paulette Castan", "ISSERT Yannick"]
COMPANIES = [
    *SOLE_TRADERS,
    "SARL Boulangerie Vidalou",
    "Association Les Amis du Lez",
    "SAS Garage des Cévennes",
    "EURL Fleurs de Garrigue",
    "SCI Les Terrasses",
]
DECLARANTS = ["PEYRUSSE Anouk", "Wanjiru Kerboul", "M. Soizic Issert", "TOURREIL, Maëlle", ""]
HEADER = ["Redevable", "Déclarant", "Téléphone", "Montant"]


def _rows() -> list[list[str]]:
    rows = []
    for i in range(42):
        company = COMPANIES[i % len(COMPANIES)]
        declarant = DECLARANTS[i % len(DECLARANTS)]
        phone = f"07 61 {i:02d} 22 18" if i % 2 else f"04 67 {i:02d} 22 18"
        rows.append([company, declarant, phone, f"{100 + i}"])
    return rows


def test_a_representatives_mobile_goes_the_organisations_landline_stays(
    tmp_path: Path, opendata_home: Path
) -> None:
    src = tmp_path / "tlpe.csv"
    with src.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(HEADER)
        writer.writerows(_rows())
    out = tmp_path / "out.csv"
    assert run_cli("anonymize", str(src), "--output", str(out)) == 0
    result = list(csv.DictReader(out.read_text(encoding="utf-8").splitlines()))
    for before, after in zip(_rows(), result, strict=True):
        mobile, declared = before[2].startswith("07"), bool(before[1])
        natural = before[0] in SOLE_TRADERS
        expected = "[TEL]" if natural or (mobile and declared) else before[2]
        assert after["Téléphone"] == expected, (before[1] != "", before[2][:2])
        assert after["Redevable"] == ("Personne physique" if natural else before[0])


def test_the_representative_an_organisations_cell_names_goes_the_organisation_stays(
    tmp_path: Path, opendata_home: Path
) -> None:
    """Applicants mixing persons and companies « represented by » someone: the person goes
    whole, the company stays and its representative's name goes."""
    applicants = [
        ("SCI Les Terrasses du Lez, représentée par Kilian Di Martino", "SCI Les Terrasses du Lez, représentée par [NOM]"),
        ("SAS Établissements Maurin Frères, représentée par Monsieur Marius Roumieu", "SAS Établissements Maurin Frères, représentée par Monsieur [NOM]"),
        ("Madame Julie Fabregat", "Personne physique"),
        ("SARL Boulangerie Vidalou", "SARL Boulangerie Vidalou"),
        ("M. et Mme Agopian", "Personne physique"),
        ("Association Les Amis du Lez", "Association Les Amis du Lez"),
    ]  # fmt: skip
    src = write_csv(
        tmp_path / "permis.csv",
        ["Pétitionnaire", "Surface"],
        [[applicants[i % len(applicants)][0], str(80 + i)] for i in range(30)],
    )
    out = tmp_path / "out.csv"
    assert run_cli("anonymize", str(src), "--output", str(out)) == 0
    result = list(csv.DictReader(out.read_text(encoding="utf-8").splitlines()))
    assert [r["Pétitionnaire"] for r in result] == [
        applicants[i % len(applicants)][1] for i in range(30)
    ]
