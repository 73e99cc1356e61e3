"""`scan` and `anonymize` subcommands, driven through argparse as the console script does."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from opendata_pipeline_tests.anonymize.cli import run_cli, write_csv

HEADER = "Nom;Courriel;Code;Commentaire;Montant\r\n"
ROWS = [
    "DUPONT Jean;jean.dupont@wanadoo.fr;01234;Rappeler au 06 12 34 56 78;12,50\r\n",
    "Association Les Amis du Lez;contact@amis-du-lez.fr;34172;Réunion au Collège Jean Moulin;3,00\r\n",
    "MARTIN Lucie;lucie.martin@gmail.com;00042;RAS;0\r\n",
]


@pytest.fixture
def latin1_csv(tmp_path: Path, opendata_home: Path) -> Path:
    path = tmp_path / "demandes.csv"
    path.write_bytes((HEADER + "".join(ROWS)).encode("cp1252"))
    return path


def test_anonymize_csv_to_utf8_comma_csv(
    latin1_csv: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.csv"
    assert run_cli("anonymize", str(latin1_csv), "--output", str(out)) == 0
    rows = list(csv.DictReader(out.read_text(encoding="utf-8").splitlines()))
    assert [r["Code"] for r in rows] == ["01234", "34172", "00042"]
    # Row linkage: the association's e-mail stays, the persons' go.
    assert [r["Courriel"] for r in rows] == ["[EMAIL]", "contact@amis-du-lez.fr", "[EMAIL]"]
    assert rows[0]["Commentaire"] == "Rappeler au [TEL]"
    assert rows[1]["Commentaire"] == "Réunion au Collège Jean Moulin"
    assert rows[1]["Nom"] == "Association Les Amis du Lez"
    assert rows[0]["Nom"] != "DUPONT Jean" and rows[2]["Nom"] != "MARTIN Lucie"
    err = capsys.readouterr().err
    assert "3 lignes lues" in err and "dupont" not in err.lower()
    assert "lignes où « Nom » est une personne physique" in err


def test_clean_csv_round_trip_keeps_every_value(
    tmp_path: Path, opendata_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "clean.csv"
    # Dates, amounts and placeholders come back as written, not as their typed forms.
    src.write_text(
        "Équipement,Commune,Code,Mise en service,Budget,Note\n"
        'Collège Jean Moulin,Saint-Jean-de-Védas,01234,18/04/2024,"1 250,50",NA\n'
        'Médiathèque Émile Zola,Montpellier,34172,03/01/2010,"12,00",N/A\n',
        encoding="utf-8",
    )
    out = tmp_path / "out.csv"
    assert run_cli("anonymize", str(src), "--output", str(out)) == 0
    assert out.read_text(encoding="utf-8") == src.read_text(encoding="utf-8")


def test_anonymize_to_parquet_with_policy(latin1_csv: Path, tmp_path: Path) -> None:
    policy = tmp_path / "policy.yaml"
    policy.write_text(
        "version: 1\ncolumns:\n  Nom: redact_natural_persons\n  Courriel: drop\n"
        "  Commentaire: mask_text\ndefault: keep\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.parquet"
    assert run_cli("anonymize", str(latin1_csv), "--output", str(out), "--policy", str(policy)) == 0
    data = pq.read_table(out).to_pydict()
    assert "Courriel" not in data
    assert data["Nom"] == ["Personne physique", "Association Les Amis du Lez", "Personne physique"]


@pytest.mark.parametrize(
    ("policy_text", "named"),
    [
        ("version: 1\npublic_columns: [Nom]\ncolumns:\n  Nom: redact\n", ["public_columns", "Nom"]),
        (
            "version: 1\ncolumns:\n  Nom: obliterate\n",
            ["action inconnue", "obliterate", "Nom", "keep"],
        ),
        ("version: 1\ncolumns:\n  Code: generalize:canton\n", ["canton", "Code", "pcs_group"]),
        ("version: 1\ndescriptio: Aides\n", ["clé inconnue", "descriptio", "description"]),
        ("version: 1\nquasi_identifiers: [Code]\nk: cinq\n", ["« k »", "entier"]),
        ("version: 1\ndefault: maybe\n", ["« default »", "auto ou keep"]),
        ("version: 1\nquasi_identifiers: [Code]\nk: 5\nmax_suppression: 5\n", ["max_suppression"]),
        ("version: 1\ncolumns: [Nom\n", ["YAML", "ligne"]),
    ],
)
def test_invalid_policy_is_one_french_sentence_naming_the_key_exit_2_nothing_written(
    latin1_csv: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    policy_text: str,
    named: list[str],
) -> None:
    policy = tmp_path / "policy.yaml"
    policy.write_text(policy_text, encoding="utf-8")
    out = tmp_path / "out.csv"
    assert run_cli("anonymize", str(latin1_csv), "--output", str(out), "--policy", str(policy)) == 2
    err = capsys.readouterr().err
    assert err.startswith("Politique invalide") and err.count("\n") == 1
    assert all(word in err for word in named), err
    assert "pydantic" not in err and "Traceback" not in err and "http" not in err
    assert not out.exists() and not list(tmp_path.glob(".out.csv*"))


def test_policy_description_is_accepted_and_shown(
    latin1_csv: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    policy = tmp_path / "policy.yaml"
    policy.write_text(
        "version: 1\ndescription: Demandes de subvention, extraction pour la CNIL.\n"
        "columns:\n  Commentaire: mask_text\ndefault: auto\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.csv"
    assert run_cli("anonymize", str(latin1_csv), "--output", str(out), "--policy", str(policy)) == 0
    assert "Politique : Demandes de subvention, extraction pour la CNIL." in capsys.readouterr().err
    assert len(out.read_text(encoding="utf-8").splitlines()) == 4


def test_running_from_any_directory_leaves_nothing_there(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """An 8-bit CSV (transcoded) with k-anonymity (a staged file, DuckDB work) run from a
    directory of its own, without OPENDATA_HOME: only the output appears, where it was asked."""
    monkeypatch.delenv("OPENDATA_HOME", raising=False)
    cwd, data = tmp_path / "cwd", tmp_path / "data"
    cwd.mkdir()
    data.mkdir()
    rows = [f"{i};{20 + i % 50};{'34172' if i % 3 else '34057'};Dossier {i}" for i in range(300)]
    src = data / "aides.csv"
    src.write_bytes(("N°;Âge;Code commune;Objet\r\n" + "\r\n".join(rows) + "\r\n").encode("cp1252"))
    policy = data / "policy.yaml"
    policy.write_text(
        "version: 1\ncolumns: {Objet: keep}\nquasi_identifiers: [Âge, Code commune]\nk: 5\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(cwd)
    out = data / "out.csv"
    assert run_cli("anonymize", str(src), "--output", str(out), "--policy", str(policy)) == 0
    assert list(cwd.iterdir()) == []
    assert sorted(p.name for p in data.iterdir()) == ["aides.csv", "out.csv", "policy.yaml"]
    assert "k-anonymat : k demandé 5" in capsys.readouterr().err


def test_scan_json_reports_kinds_never_values(
    latin1_csv: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_cli("scan", str(latin1_csv), "--json") == 0
    out = capsys.readouterr().out
    report = json.loads(out)
    kinds = {c["column"]: c["kind"] for c in report["columns"]}
    assert kinds["Courriel"] == "email"
    assert report["columns"][3]["findings"] == {"phone": 1}
    assert "Courriel" in report["personal_columns"] and "Code" not in report["personal_columns"]
    assert "dupont" not in out.lower() and "06 12" not in out


def test_scan_text_output_is_french(latin1_csv: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli("scan", str(latin1_csv)) == 0
    out = capsys.readouterr().out
    assert "Colonnes personnelles" in out and "dupont" not in out.lower()


def test_missing_input_and_bad_output_extension_exit_2(
    latin1_csv: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_cli("scan", str(tmp_path / "absent.csv")) == 2
    assert run_cli("anonymize", str(tmp_path / "absent.csv"), "--output", "x.csv") == 2
    assert run_cli("anonymize", str(latin1_csv), "--output", str(tmp_path / "out.xlsx")) == 2
    assert "introuvable" in capsys.readouterr().err


def test_a_late_value_breaking_its_column_type_is_anonymized_in_a_new_pass(
    tmp_path: Path, opendata_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The CSV is streamed: a value the sampled type cannot hold, far down the file, makes the
    anonymization start again with the column as text; every row and value comes out."""
    src = tmp_path / "late.csv"
    rows = [f"{i};{i * 3};Rappeler au 06 12 34 56 {i % 90 + 10}" for i in range(60_000)]
    rows[55_000] = "55000;non communiqué;RAS"
    src.write_text("Numéro;Montant;Commentaire\n" + "\n".join(rows) + "\n", encoding="utf-8")
    out = tmp_path / "out.parquet"
    assert run_cli("anonymize", str(src), "--output", str(out)) == 0
    table = pq.read_table(out)
    assert table.num_rows == 60_000 and table.schema.field("Montant").type == "string"
    amounts = table.column("Montant").to_pylist()
    assert amounts[55_000] == "non communiqué" and amounts[7] == "21"
    assert set(table.column("Commentaire").to_pylist()) == {"Rappeler au [TEL]", "RAS"}
    assert "60000 lignes lues" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.glob("*.*")) == ["late.csv", "out.parquet"]


def test_a_ragged_line_far_down_a_csv_fails_cleanly(
    tmp_path: Path, opendata_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "ragged.csv"
    rows = [f"{i};Dossier {i}" for i in range(400_000)] + ["jean.dupont@wanadoo.fr"]
    src.write_text("Numéro;Objet\n" + "\n".join(rows) + "\n", encoding="utf-8")
    out = tmp_path / "out.parquet"
    assert run_cli("anonymize", str(src), "--output", str(out)) == 2
    err = capsys.readouterr().err
    assert "file 'ragged.csv', line 400002: ragged row" in err and "dupont" not in err
    assert [p.name for p in tmp_path.glob("*.*")] == ["ragged.csv"]  # no partial output


@pytest.mark.parametrize("output", ["out.csv", "out.parquet"])
def test_dropping_the_row_subject_leaves_every_other_column_in_place(
    tmp_path: Path, output: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The dropped surname column is still read (the row subject) after the kept ones: the
    # columns after it once received their left neighbour's values (a birth date in clear
    # under "École"). A "Nom" beside a "Prénom" holds surnames, capitalised or not.
    monkeypatch.setenv("OPENDATA_PSEUDONYMIZATION_KEY", "test-key-for-the-drop-test-0001")
    header = ["N°", "Nom", "Prénom", "Né le", "École", "Portable", "Remarques"]
    first = ["Louise", "Gaspard", "Mathis", "Inès", "Noé", "Capucine"]
    last = [
        "Berthelot",
        "Kervella",
        "Ndiaye",
        "Rouquette",
        "Salvetat",
        "Vidal",
        "Audouy",
        "Bancel",
        "Cazalis",
        "Delmas",
        "Escande",
        "Fabre",
        "Gleizes",
        "Hébrard",
        "Icard",
        "Jullian",
        "Lacan",
        "Maurel",
        "Nougaret",
        "Pujol",
        "Quintana",
        "Roussel",
        "Soulier",
        "Teissier",
        "Valat",
        "Weber",
        "Xicluna",
        "Yvars",
        "Zanetti",
        "Brunel",
    ]
    rows = [
        [f"R{i}", last[i], first[i % 6], f"{1 + i % 27:02d}/03/2015", f"École n°{i % 3}",
         f"06 1{i % 10} 23 45 6{i % 10}", f"Repas sans porc n°{i}"]
        for i in range(30)
    ]  # fmt: skip
    src = write_csv(tmp_path / "cantine.csv", header, rows)
    policy = tmp_path / "policy.yaml"
    policy.write_text(
        "version: 1\ncolumns:\n  Nom: drop\n  Prénom: pseudonymize\n"
        "  Né le: 'generalize:year'\n  École: keep\n  Remarques: keep\ndefault: auto\n",
        encoding="utf-8",
    )
    out = tmp_path / output
    assert run_cli("anonymize", str(src), "--output", str(out), "--policy", str(policy)) == 0
    if output.endswith(".csv"):
        with out.open(encoding="utf-8", newline="") as handle:
            after = list(csv.DictReader(handle))
    else:
        after = pq.read_table(out).to_pylist()
    assert list(after[0]) == ["N°", "Prénom", "Né le", "École", "Portable", "Remarques"]
    for before, row in zip(rows, after, strict=True):
        assert row["N°"] == before[0] and row["École"] == before[4]
        assert row["Remarques"] == before[6] and str(row["Né le"]) == "2015"
        assert row["Portable"] == "[TEL]" and row["Prénom"] not in first


def test_capitalised_surnames_beside_first_names_are_redacted(tmp_path: Path) -> None:
    surnames = "Berthelot Kervella Rouquette Salvetat Audouy Bancel Cazalis Delmas Escande Gleizes"
    rows = [[s, "Louise", "Jardin partagé"] for s in surnames.split()] * 2
    src = write_csv(tmp_path / "inscrits.csv", ["Nom", "Prénom", "Activité"], rows)
    out = tmp_path / "out.csv"
    assert run_cli("anonymize", str(src), "--output", str(out)) == 0
    with out.open(encoding="utf-8", newline="") as handle:
        after = list(csv.DictReader(handle))
    assert all(row["Nom"] == "[NOM]" for row in after)
    assert all(row["Activité"] == "Jardin partagé" for row in after)
