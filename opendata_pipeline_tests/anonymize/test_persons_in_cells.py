"""Persons inside cells written for something else: a name glued to the placeholder before it
(two cells joined without a blank), an organisation's manager in its own cell, lists of
« NOM, Prénom ». Through the command line, invented names."""

from __future__ import annotations

import csv
from pathlib import Path

from opendata_pipeline_tests.anonymize.cli import run_cli, write_csv


def test_a_name_glued_to_the_word_before_it_goes(tmp_path: Path, opendata_home: Path) -> None:
    rows = [
        ("néantGaspard Vilanova (neveu)", "néant[NOM] (neveu)"),
        ("néantG. Fabregat (épouse)\nMme Noémie Orsini (fille)",
         "néant[NOM] (épouse)\nMme [NOM] (fille)"),
        ("aucunORSINI Gaspard (fils), Mme Roux (fille)", "aucun[NOM] (fils), Mme [NOM] (fille)"),
        ("Noémie Vilanova (fille)", "[NOM] (fille)"),
        ("néant", "néant"),
    ]  # fmt: skip
    notes = ["Concession trentenaire", "Présentation sous PowerPoint Jeudi"]
    src = write_csv(
        tmp_path / "concessions.csv",
        ["N°", "Ayants droit", "Observations"],
        [[str(i), rows[i % len(rows)][0], notes[i % 2]] for i in range(25)],
    )
    out = tmp_path / "out.csv"
    assert run_cli("anonymize", str(src), "--output", str(out)) == 0
    with out.open(encoding="utf-8", newline="") as handle:
        result = list(csv.DictReader(handle))
    assert [r["Ayants droit"] for r in result] == [rows[i % len(rows)][1] for i in range(25)]
    # a brand written in camel case stays
    assert [r["Observations"] for r in result] == [notes[i % 2] for i in range(25)]


def test_an_organisations_manager_goes_the_organisation_stays(
    tmp_path: Path, opendata_home: Path
) -> None:
    """Applicants naming their manager in parentheses (« (gérance : X) ») or « en la personne
    de » someone whose first name the lexicon lacks: the person goes, the organisation stays."""
    applicants = [
        ("GAEC des Oliviers (gérance : M. Gaspard Vilanova)", "GAEC des Oliviers (gérance : M. [NOM])"),
        ("SCI Les Pins (gérance : TCHAKAMIAN Zorvak)", "SCI Les Pins (gérance : [NOM])"),
        ("EHPAD Les Tilleuls (gérance : Anne-Laure Ferreira da Souza)", "EHPAD Les Tilleuls (gérance : [NOM])"),
        ("Paroisse Saint-Luc, en la personne de Zorvak Tchakamian", "Paroisse Saint-Luc, en la personne de [NOM]"),
        ("Madame Noémie Fabregat", "Personne physique"),
        ("SARL Boulangerie Orsini", "SARL Boulangerie Orsini"),
        ("Paroisse Saint-Luc", "Paroisse Saint-Luc"),
    ]  # fmt: skip
    src = write_csv(
        tmp_path / "permis.csv",
        ["Demandeur", "Surface"],
        [[applicants[i % len(applicants)][0], str(50 + i)] for i in range(28)],
    )
    out = tmp_path / "out.csv"
    assert run_cli("anonymize", str(src), "--output", str(out)) == 0
    with out.open(encoding="utf-8", newline="") as handle:
        result = [r["Demandeur"] for r in csv.DictReader(handle)]
    assert result == [applicants[i % len(applicants)][1] for i in range(28)]


def test_lists_of_surname_comma_first_name(tmp_path: Path, opendata_home: Path) -> None:
    """« NOM, Prénom » items: upper-case particles, a Breton « C'H », a first name the lexicon
    lacks when a date of death, a life span or a name found beside it says a person; the same
    signs after « Prénom Nom », a Breton maiden name."""
    cells = [
        ("VAN DER BROEK, Eulalie, décédé(e) le 3 décembre 1984", "[NOM], décédé(e) le 3 décembre 1984"),
        ("LE GUENNEC, Apolline ; KERC'HOZ, Zorvak (1930-1996)", "[NOM] ; [NOM] (1930-1996)"),
        ("Mme Roux, décédée le 4 février 1982 ; SALAGNAC, Zorvak", "Mme [NOM], décédée le 4 février 1982 ; [NOM]"),
        ("ORSINI, Zorvak † 26/08/2013", "[NOM] † 26/08/2013"),
        ("MONTPELLIER, Hérault ; NÎMES, Gard", "MONTPELLIER, Hérault ; NÎMES, Gard"),
        # « Prénom Nom » with a first name the lexicon lacks: a death after it, a list item
        ("Zorvak Tchakamian † 15/07/2013", "[NOM] † 15/07/2013"),
        ("Zorvak TCHAKAMIAN, Jean Roux (neveu)", "[NOM], [NOM] (neveu)"),
        ("Madame Noémie Vilanova née Le Goarnic'h (nièce)", "Madame [NOM] (nièce)"),
        ("transféré au CHU Lapeyronie, décédé le 3 mai", "transféré au CHU Lapeyronie, décédé le 3 mai"),
    ]  # fmt: skip
    src = write_csv(
        tmp_path / "concessions.csv",
        ["N°", "Défunts inhumés"],
        [[str(i), cells[i % len(cells)][0]] for i in range(27)],
    )
    out = tmp_path / "out.csv"
    assert run_cli("anonymize", str(src), "--output", str(out)) == 0
    with out.open(encoding="utf-8", newline="") as handle:
        result = [r["Défunts inhumés"] for r in csv.DictReader(handle)]
    assert result == [cells[i % len(cells)][1] for i in range(27)]


def test_a_relatives_label_before_a_name_is_no_company_form(
    tmp_path: Path, opendata_home: Path
) -> None:
    """« Fils : X » names a son, not a firm (« Vidal et Fils »): the referent and the phone in
    the next column go, whatever the relative."""
    relatives = ["Fils", "Fille", "Nièce", "Frères", "Fils", "Voisin"]
    names = ["Mme Solène Castanier", "Firmin Roumieu", "CABROL Ysaline", "M. Gaspard Teissier"]
    rows = [
        [
            f"{relatives[i % 6]} : {names[i % 4]}",
            f"06 {11 + i:02d} 4{i % 10} 58 {20 + i:02d}",
            str(i),
        ]
        for i in range(30)
    ]
    src = write_csv(tmp_path / "repas.csv", ["Référent", "Tél. référent", "Jours"], rows)
    out = tmp_path / "out.csv"
    assert run_cli("anonymize", str(src), "--output", str(out)) == 0
    text = out.read_text(encoding="utf-8")
    for name in ("Castanier", "Roumieu", "CABROL", "Teissier"):
        assert name not in text
    for row in rows:
        assert row[1] not in text
    with out.open(encoding="utf-8", newline="") as handle:
        assert [r["Jours"] for r in csv.DictReader(handle)] == [str(i) for i in range(30)]
