"""Rows about organisations (clubs, companies, tax payers) keep their contact details, the
persons representing them do not; authors of published works are kept. Through the command
line as a steward runs it."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import pyarrow as pa
import pytest

from opendata_pipeline.anonymize.detectors.person_name.persons import is_natural_person
from opendata_pipeline.anonymize.linkage import mailbox_names_row_person
from opendata_pipeline.anonymize.masking import mask_text
from opendata_pipeline_tests.anonymize.cli import run_cli, write_csv

CLUBS = [
    # club, president, contact (the club's own, or the president's mailbox and mobile)
    (
        "Cercle d'escrime de Lunel",
        "Mme Odile FERRAND",
        "accueil@escrime-lunel.fr / 04 67 11 22 01",
        True,
    ),
    ("Union cycliste Baillargues", "VASSEUR Hugo", "hugo.vasseur@free.fr / 06 71 22 33 02", False),
    ("Tennis de table Prades", "Inès Marchetti", "contact@ttprades.org / 04 67 11 22 03", True),
    ("Judo Club Grabels", "M. Karim Benali", "kbenali34@gmail.com / 07 61 22 33 04", False),
    ("Rugby Castries", "Paule DELORME", "secretariat@rugby-castries.fr / 04 67 11 22 05", True),
]
CLUB_HEADER = ["Club", "Président(e)", "Contact du club", "Montant attribué (€)"]


def _read(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(path.read_text(encoding="utf-8").splitlines()))


def _club_rows() -> list[list[str]]:
    return [[c, p, contact, f"{1000 + i},00"] for i, (c, p, contact, _) in enumerate(CLUBS * 4)]


def test_a_column_naming_organisations_is_the_row_subject(
    tmp_path: Path, opendata_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = write_csv(tmp_path / "subventions.csv", CLUB_HEADER, _club_rows())
    assert run_cli("scan", str(src), "--json") == 0
    report = json.loads(capsys.readouterr().out)
    kinds = {c["column"]: c["kind"] for c in report["columns"]}
    assert kinds["Club"] == "legal_persons"
    assert kinds["Contact du club"] == "contact"  # e-mail and phone in one cell
    assert report["subject"] == "Club"
    assert report["subject_columns"] == ["Contact du club"]


def test_an_organisations_contact_stays_its_representatives_mailbox_goes(
    tmp_path: Path, opendata_home: Path
) -> None:
    rows = _club_rows()
    src = write_csv(tmp_path / "subventions.csv", CLUB_HEADER, rows)
    out = tmp_path / "out.csv"
    assert run_cli("anonymize", str(src), "--output", str(out)) == 0
    own = {contact: club_own for *_, contact, club_own in CLUBS}
    for before, after in zip(rows, _read(out), strict=True):
        assert after["Club"] == before[0]
        assert after["Président(e)"] != before[1]
        if own[before[2]]:
            assert after["Contact du club"] == before[2]
        else:  # the president's own mailbox: the row's contact details are his
            assert before[2].split(" / ")[1] not in after["Contact du club"]


def test_a_mailbox_bearing_the_organisations_name_is_the_organisations() -> None:
    contacts = [pa.array(["pharmacierey@gmail.com", "srey@gmail.com", "rey@gmail.com"])]
    persons = [pa.array(["REY Sylvie", "REY Sylvie", "Sylvie"])]
    subject = pa.array(["Pharmacie Rey", "Boulangerie du Marché", "Boulangerie du Marché"])
    mine = mailbox_names_row_person(contacts, persons, subject)
    # "Sylvie" alone is a first name: too common inside mailbox names to decide
    assert mine.tolist() == [False, True, False]
    assert mailbox_names_row_person([], persons, subject).dtype == np.dtype(bool)


@pytest.mark.parametrize(
    ("value", "natural"),
    [
        ("Ange Azéma - entrepreneur individuel", True),
        ("Houcine CARPENTIER - entrepreneur individuel", True),
        ("Gilles LE CORNEC, micro-entrepreneur", True),
        ("Marc Dupont (EI)", True),
        ("SELARL Menuiserie Bouchet", False),
        ("Boulangerie Dupont EI", False),
    ],
)
def test_a_sole_trader_is_a_natural_person(value: str, natural: bool) -> None:
    assert is_natural_person(value, name_column=True) is natural


def test_tax_payers_mixing_companies_and_sole_traders_are_the_subject(
    tmp_path: Path, opendata_home: Path
) -> None:
    payers = [
        ("SARL Boulangerie du Peyrou", "04 67 20 30 01", "FR76 3000 6000 0112 3456 7890 189"),
        (
            "Ange Azéma - entrepreneur individuel",
            "06 20 30 40 02",
            "FR76 3000 6000 0112 3456 7890 189",
        ),
        ("SAS Garage des Aubes", "04 67 20 30 03", "FR76 3000 6000 0112 3456 7890 189"),
        (
            "Léa Fournier - entrepreneur individuel",
            "06 20 30 40 04",
            "FR76 3000 6000 0112 3456 7890 189",
        ),
        ("EURL Optique Comédie", "04 67 20 30 05", "FR76 3000 6000 0112 3456 7890 189"),
    ]
    declarants = ["Mme Claire Ribot", "M. Ange Azéma", "Paul VIDAL", "Léa Fournier", "NGUYEN Minh"]
    rows = [[p, d, tel, iban] for (p, tel, iban), d in zip(payers * 4, declarants * 4, strict=True)]
    header = ["Redevable", "Déclarant", "Téléphone", "IBAN (prélèvement)"]
    src = write_csv(tmp_path / "tlpe.csv", header, rows)
    out = tmp_path / "out.csv"
    assert run_cli("anonymize", str(src), "--output", str(out)) == 0
    for before, after in zip(rows, _read(out), strict=True):
        company = "entrepreneur" not in before[0]
        assert after["Redevable"] == (before[0] if company else "Personne physique")
        assert after["Déclarant"] != before[1]
        assert after["Téléphone"] == (before[2] if company else "[TEL]")
        assert after["IBAN (prélèvement)"] == "[IBAN]"  # a bank account goes, whoever holds it


def test_contacts_in_a_file_about_companies_only_are_kept(
    tmp_path: Path, opendata_home: Path
) -> None:
    companies = ["Colas Midi-Méditerranée", "Eiffage Route", "SADE SAS", "Enedis", "GRDF"]
    contacts = [
        "info@colas.fr",
        "04 67 10 20 30",
        "contact@sade.fr / 04 67 10 20 31",
        "",
        "x@grdf.fr",
    ]
    rows = [
        [f"AR-{i}", companies[i % 5], contacts[i % 5], "Réfection de chaussée"] for i in range(20)
    ]
    header = ["Référence", "Entreprise", "Contact chantier", "Nature des travaux"]
    src = write_csv(tmp_path / "travaux.csv", header, rows)
    out = tmp_path / "out.csv"
    assert run_cli("anonymize", str(src), "--output", str(out)) == 0
    assert [list(r.values()) for r in _read(out)] == rows


def test_authors_of_listed_works_are_kept(tmp_path: Path, opendata_home: Path) -> None:
    authors = [
        "Annie Ernaux",
        "Leïla Slimani",
        "Sorj Chalandon",
        "Maylis de Kerangal",
        "Éric Vuillard",
    ]
    readers = ["Julie Marchand", "BERTRAND Noé", "Mme Sarah Cohen", "Louis Perrin", "Amina Diallo"]
    rows = [
        [r, a, f"Titre {i}", f"978-2-07-0{i:05d}-1"]
        for i, (r, a) in enumerate(zip(readers * 4, authors * 4, strict=True))
    ]
    src = write_csv(tmp_path / "suggestions.csv", ["lecteur", "auteur", "titre", "isbn"], rows)
    out = tmp_path / "out.csv"
    assert run_cli("anonymize", str(src), "--output", str(out)) == 0
    for before, after in zip(rows, _read(out), strict=True):
        assert after["auteur"] == before[1]
        assert after["lecteur"] != before[0]


@pytest.mark.parametrize(
    ("text", "kept", "masked"),
    [
        ("Nous avons aussi acquis le dernier Gaël Faye.", "Gaël Faye", None),
        ("Pour ma fille Léa, fan de Simone de Beauvoir.", "Simone de Beauvoir", "Léa"),
        ("Sépulture proche de celle du romancier Joseph Delteil.", "Joseph Delteil", None),
        ("Signalé par le dernier locataire, Jean Martin.", None, "Jean Martin"),
    ],
)
def test_public_figures_named_by_their_work_are_kept(
    text: str, kept: str | None, masked: str | None
) -> None:
    out, _ = mask_text(text)
    if kept:
        assert kept in out
    if masked:
        assert masked not in out


def test_a_civility_makes_names_persons_under_a_place_header(
    tmp_path: Path, opendata_home: Path
) -> None:
    surnames = ["Roussel", "Joly", "Colombo", "Vidalenc", "Marchetti", "Aubert", "Pujol"]
    rows = []
    for i in range(21):
        civility = ("Mme", "M.")[i % 2]
        person = f"{('Occupant du 2e étage :', 'Logement du dessus,')[i % 2]} {civility} {surnames[i % 7]}"
        rows.append([f"D-{i}", person if i % 3 else "Salle Pierre Mendès"])
    src = write_csv(tmp_path / "plaintes.csv", ["N° dossier", "Lieu mis en cause"], rows)
    out = tmp_path / "out.csv"
    assert run_cli("anonymize", str(src), "--output", str(out)) == 0
    after = [r["Lieu mis en cause"] for r in _read(out)]
    assert not any(n in " ".join(after) for n in surnames)
    assert "Salle Pierre Mendès" in after


def test_contact_cells_with_an_address_follow_the_row_subject(
    tmp_path: Path, opendata_home: Path
) -> None:
    complainants = [
        ("Comité de quartier Figuerolles", "info@cq-figuerolles.org / 04 67 10 20 30"),
        ("Mme Josiane Arnal", "06 12 44 55 66 - 12 rue des Lilas - 34000 Montpellier"),
        ("Syndic Les Tilleuls", "contact@syndic-tilleuls.fr / 04 67 10 20 31"),
        ("Paul BRUNEL", "p.brunel@free.fr - 4 impasse des Pins, 34070 Montpellier"),
    ]
    rows = [[name, contact, f"Dossier {i}"] for i, (name, contact) in enumerate(complainants * 5)]
    header = ["Plaignant", "Coordonnées du plaignant", "Objet"]
    src = write_csv(tmp_path / "plaintes.csv", header, rows)
    out = tmp_path / "out.csv"
    assert run_cli("anonymize", str(src), "--output", str(out)) == 0
    for before, after in zip(rows, _read(out), strict=True):
        person = before[0].startswith(("Mme", "Paul"))
        assert (after["Coordonnées du plaignant"] == before[1]) is not person
        if person:
            assert "rue" not in after["Coordonnées du plaignant"]
            assert "impasse" not in after["Coordonnées du plaignant"]


def test_a_representatives_short_mailbox_beside_an_initial_or_a_civility_goes(
    tmp_path: Path, opendata_home: Path
) -> None:
    """« E. Martin » beside « ernestmartin@… », « M. Castagnol » beside « hugocast1990@… »
    (a first name, then the surname cut short): the president's own mailbox, it goes with his
    mobile; the club's own contact stays."""
    clubs = [
        ("Union cycliste Baillargues", "E. Martin", "ernestmartin@free.fr / 06 71 22 33 02"),
        ("Judo Club Grabels", "M. Castagnol", "hugocast1990@orange.fr / 07 61 22 33 04"),
        ("Rugby Castries", "Paule DELORME", "secretariat@rugby-castries.fr / 04 67 11 22 05"),
    ]
    rows = [[c, p, contact, f"{1000 + i},00"] for i, (c, p, contact) in enumerate(clubs * 5)]
    src = write_csv(tmp_path / "subventions.csv", CLUB_HEADER, rows)
    out = tmp_path / "out.csv"
    assert run_cli("anonymize", str(src), "--output", str(out)) == 0
    wrong = set()
    for before, after in zip(rows, _read(out), strict=True):
        mailbox = before[2].split("@")[0]
        if (mailbox == "secretariat") is (mailbox in after["Contact du club"]):
            continue
        wrong.add(before[1])
    assert not wrong


def test_a_company_named_by_a_first_name_and_an_organisation_word_stays(
    tmp_path: Path, opendata_home: Path
) -> None:
    """An employer after « par » whose name is a first name and a word naming a company
    (« Solène Engineering », « Marcel Group », « Garance Technologies ») stays; the person
    sharing the account in the same note goes."""
    employers = [
        "Garance Technologies",
        "Marcel Group",
        "Lucas Industries",
        "Alain Logistique",
        "Daniel Systèmes",
        "Solène Engineering",
        "Amandine Partners",
    ]
    rows = [
        [
            f"AB-{i:03d}",
            f"Prise en charge 50 % par {employers[i % len(employers)]}. "
            "Compte partagé avec Maëlle Tourreil.",
        ]
        for i in range(21)
    ]
    src = write_csv(tmp_path / "abonnements.csv", ["Abonnement", "Commentaire"], rows)
    out = tmp_path / "out.csv"
    assert run_cli("anonymize", str(src), "--output", str(out)) == 0
    with out.open(encoding="utf-8") as handle:
        for i, row in enumerate(csv.DictReader(handle)):
            assert f"par {employers[i % len(employers)]}." in row["Commentaire"], row
            assert "Tourreil" not in row["Commentaire"], row


def test_a_trade_named_after_its_owner_is_an_organisation(
    tmp_path: Path, opendata_home: Path
) -> None:
    """« Menuiserie Castagnol », « Tourreil Élagage », « Optique Kerboul »: a trade's name before
    or after a surname names a business, kept in a column mixing businesses and persons and in
    a note; the persons of the column go."""
    trades = [
        "Menuiserie Castagnol",
        "Plomberie Issert",
        "Tourreil Élagage",
        "Optique Kerboul",
        "Maçonnerie Rigaud",
        "Électricité Vernhes",
    ]
    persons = ["Maëlle Castagnol", "Wanjiru Tourreil"]
    rows = []
    for i in range(32):
        holder = trades[i % len(trades)] if i % 4 else persons[i % len(persons)]
        rows.append([f"E-{i:03d}", holder, f"Devis de {trades[i % len(trades)]} du 12/03/2024."])
    src = write_csv(tmp_path / "etals.csv", ["Emplacement", "Titulaire", "Remarques"], rows)
    out = tmp_path / "out.csv"
    assert run_cli("anonymize", str(src), "--output", str(out)) == 0
    with out.open(encoding="utf-8") as handle:
        for (_, holder, note), row in zip(rows, csv.DictReader(handle), strict=True):
            assert row["Remarques"] == note, row
            assert (row["Titulaire"] == holder) == (holder in trades), row
