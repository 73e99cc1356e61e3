"""Row linkage (a row's subject decides its contact details) and headers that fail closed,
through the command line as a steward runs it."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from opendata_pipeline_tests.anonymize.cli import run_cli, write_csv

# Beneficiaries mixing natural persons (every writing) and legal persons without a legal-form
# word; each row carries its subject's address, phone and e-mail.
SUBJECTS = [
    ("Paroisse Saint-Aurélien", True),
    ("KERBOUL Wanjiru", False),
    ("Syndic de copropriété Les Arbousiers", True),
    ("maëlle tourreil", False),
    ("Conseil de quartier Celleneuve", True),
    ("RIGAUD, Anouk", False),
    ("GAEC du Mas Rouge", True),
    ("Mme Soizic Issert", False),
    ("EHPAD Les Glycines", True),
    ("Yannick Peyrusse", False),
]
HEADER = ["Bénéficiaire", "Adresse", "Téléphone", "Courriel", "Montant"]


def _rows() -> list[list[str]]:
    rows = []
    for i, (name, _) in enumerate(SUBJECTS * 3):
        rows.append(
            [
                name,
                f"{10 + i} rue des Glycines",
                f"06 12 34 {10 + i:02d} 78",
                f"contact{i}@exemple-{i}.fr",
                f"M{100 + i}",
            ]
        )
    return rows


def _read(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(path.read_text(encoding="utf-8").splitlines()))


def test_scan_declares_the_row_subject_and_its_columns(
    tmp_path: Path, opendata_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = write_csv(tmp_path / "aides.csv", HEADER, _rows())
    assert run_cli("scan", str(src), "--json") == 0
    report = json.loads(capsys.readouterr().out)
    assert report["subject"] == "Bénéficiaire"
    assert report["subject_columns"] == ["Adresse", "Téléphone", "Courriel"]
    assert run_cli("scan", str(src)) == 0
    assert "Sujet des lignes : Bénéficiaire" in capsys.readouterr().out


def test_contact_details_follow_the_row_subject(
    tmp_path: Path, opendata_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = _rows()
    src = write_csv(tmp_path / "aides.csv", HEADER, rows)
    out = tmp_path / "out.csv"
    assert run_cli("anonymize", str(src), "--output", str(out)) == 0
    for before, after in zip(rows, _read(out), strict=True):
        legal = dict(SUBJECTS)[before[0]]
        if legal:
            assert [after[h] for h in HEADER[:4]] == before[:4]
        else:
            assert after["Bénéficiaire"] == "Personne physique"
            assert (after["Adresse"], after["Téléphone"], after["Courriel"]) == (
                "[ADRESSE]",
                "[TEL]",
                "[EMAIL]",
            )
        assert after["Montant"] == before[4]
    err = capsys.readouterr().err
    assert "lignes où « Bénéficiaire » est une personne physique" in err
    assert "kerboul" not in err.lower()


def test_policy_declares_the_subject(tmp_path: Path, opendata_home: Path) -> None:
    rows = _rows()
    src = write_csv(tmp_path / "aides.csv", HEADER, rows)
    policy = tmp_path / "policy.yaml"
    policy.write_text(
        "version: 1\n"
        "columns: {Bénéficiaire: redact_natural_persons}\n"
        "subject: Bénéficiaire\n"
        "subject_columns: [Téléphone]\n"
        "default: keep\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.csv"
    assert run_cli("anonymize", str(src), "--output", str(out), "--policy", str(policy)) == 0
    for before, after in zip(rows, _read(out), strict=True):
        legal = dict(SUBJECTS)[before[0]]
        assert after["Téléphone"] == (before[2] if legal else "[TEL]")
        assert after["Courriel"] == before[3]  # not declared linked, default keep


@pytest.mark.parametrize(
    ("header", "values", "tag"),
    [
        # wrong keys, typos: still social-security numbers, IBANs, phones, e-mails
        ("N° sécurité sociale", ["185057800608492", "2 55 08 2A 123 456 00"], "[NIR]"),
        ("nir", ["185057800608499", "185057800608491"], "[NIR]"),
        ("IBAN", ["FR76 3000 6000 0112 3456 7890 188", "FR7630006000011234567890180"], "[IBAN]"),
        ("Téléphone", ["06 12 34 56 7", "04 67 12 34 5"], "[TEL]"),
        ("Courriel", ["jean.dupont@wanadoo", "l.roux@gmail"], "[EMAIL]"),
    ],
)
def test_headers_naming_a_direct_identifier_fail_closed(
    tmp_path: Path, opendata_home: Path, header: str, values: list[str], tag: str
) -> None:
    src = write_csv(
        tmp_path / "in.csv", ["Dossier", header], [[f"D{i}", v] for i, v in enumerate(values * 5)]
    )
    out = tmp_path / "out.csv"
    assert run_cli("anonymize", str(src), "--output", str(out)) == 0
    assert {r[header] for r in _read(out)} == {tag}


def test_a_neutral_header_leaves_the_decision_to_value_validation(
    tmp_path: Path, opendata_home: Path
) -> None:
    # 15-digit references whose NIR key fails: not social-security numbers without a header
    # saying so.
    values = ["185057800608492", "285057800608493", "185057800608494"]
    src = write_csv(tmp_path / "in.csv", ["Référence", "Libellé"], [[v, "x"] for v in values * 5])
    out = tmp_path / "out.csv"
    assert run_cli("anonymize", str(src), "--output", str(out)) == 0
    assert [r["Référence"] for r in _read(out)] == values * 5
