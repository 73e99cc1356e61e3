"""Free text where a name is an owner's, a work's author or a person's after a cue: what goes,
what stays, through the command a steward runs. Invented names and numbers, no corpus value."""

from __future__ import annotations

import csv
from pathlib import Path

from opendata_pipeline_tests.anonymize.cli import run_cli, write_csv

Note = tuple[str, list[str], list[str]]  # a note, what must be gone, what must stay


def _wrong(tmp_path: Path, notes: list[Note]) -> set[str]:
    """The anonymized notes (a column of 40 cells, in auto mode) that leak or lose something."""
    rows = [[f"OBJ-{i:03d}", notes[i % len(notes)][0]] for i in range(40)]
    src = write_csv(tmp_path / "suivi.csv", ["Référence", "Observations"], rows)
    out = tmp_path / "out.csv"
    assert run_cli("anonymize", str(src), "--output", str(out)) == 0
    after = [row["Observations"] for row in csv.DictReader(out.open(encoding="utf-8"))]
    wrong = set()
    for i, text in enumerate(after):
        _, gone, kept = notes[i % len(notes)]
        if any(v in text for v in gone) or not all(v in text for v in kept):
            wrong.add(text)
    return wrong


def test_owners_emergency_contacts_and_authors(tmp_path: Path, opendata_home: Path) -> None:
    """« cahier scolaire de X » is X's exercise book (no school named after X), a lower-case
    name after « contact urgence : » is a person's; a singer after a quoted title and a title
    opening with an article are no private persons."""
    notes: list[Note] = [
        (
            "Cartable avec cahier scolaire de Lucie Ferrandiz, classe de CM2, École Jules Ferry",
            ["Ferrandiz"],
            ["École Jules Ferry"],
        ),
        (
            "Rentre seul. contact urgence : gaspard lebrec 06 11 22 33 44",
            ["lebrec", "06 11 22 33 44"],
            ["contact urgence"],
        ),
        ("Contact d'urgence : oriane vasseur-pic 06 98 76 54 32", ["vasseur-pic"], []),
        ("contact urgence : jade roubaud 06 98 76 54 32", ["roubaud"], []),
        ("Musique d'entrée : « Ne me quitte pas », Jacques Brel", [], ["Jacques Brel"]),
        ("Réservation : « La Petite Roque », à retirer à l'accueil", [], ["La Petite Roque"]),
    ]
    assert not _wrong(tmp_path, notes)


def test_organisation_lines_stay_and_a_labelled_iban_goes(
    tmp_path: Path, opendata_home: Path
) -> None:
    """A landline right after an organisation — « Secours populaire », a works council « CE »,
    a funeral home « PF », a landlord, one acting « par » for a person — is its own, so is a
    function mailbox after it (« contact@ », a number between); an account number after
    « RIB … : » earlier in the sentence goes even with a wrong key."""
    notes: list[Note] = [
        ("Pass'Sport + aide Secours populaire de Lunel (04 67 11 22 33)", [], ["04 67 11 22 33"]),
        ("Pass'Sport + aide CE Dassault Aviation (04 67 55 66 77)", [], ["04 67 55 66 77"]),
        (
            "Inhumation de M. Henri Castagnol par les Pompes funèbres Sabatier (04 67 30 40 50).",
            ["Castagnol"],
            ["04 67 30 40 50"],
        ),
        (
            "Merci de contacter le bailleur Garrigue Habitat au 04 67 88 99 00.",
            [],
            ["04 67 88 99 00"],
        ),
        ("Vu avec M. Castagnol du syndic, 04 67 44 55 66", ["Castagnol", "44 55 66"], []),
        ("PF Lemoine Castelnau (04 67 20 30 40)", [], ["PF Lemoine", "04 67 20 30 40"]),
        (
            "Orientée vers l'agence du logement, 04 67 01 02 03 – contact@agence-logement34.org ; "
            "copie à lucie.ferrandiz@orange.fr",
            ["lucie.ferrandiz"],
            ["contact@agence-logement34.org"],
        ),
        (
            "RIB transmis pour la caution : FR10 8144 7152 3104 2030 8250 747",
            ["8250 747"],
            ["RIB transmis"],
        ),
    ]
    assert not _wrong(tmp_path, notes)


def test_a_declarants_kinship_note_is_no_company_form(tmp_path: Path, opendata_home: Path) -> None:
    """« Valentin Roubaud (fils) » declares his father's death: « fils » in a kinship note is
    no « X et Fils » firm — the name goes; the funeral home and the « ciné-club » (a compound
    ending with an organisation word) stay."""
    declarants = [
        ("Valentin Roubaud (fils)", True),
        ("M. Anatole Percheron (fils)", True),
        ("CASTELLAN Jérémy (fils)", True),
        ("Pompes funèbres Marty et Fils", False),
        ("Ciné-club Louis Feuillade", False),
    ]
    rows = [[f"2024-{i:04d}", f"Défunt {i}", declarants[i % len(declarants)][0]] for i in range(40)]
    src = write_csv(tmp_path / "deces.csv", ["N° acte", "Défunt", "Déclarant"], rows)
    out = tmp_path / "out.csv"
    assert run_cli("anonymize", str(src), "--output", str(out)) == 0
    after = [row["Déclarant"] for row in csv.DictReader(out.open(encoding="utf-8"))]
    for i, value in enumerate(after):
        name, person = declarants[i % len(declarants)]
        assert (value == name) is not person, value


def test_associations_named_by_a_choir_a_magazine_or_an_exclamation_keep_their_lines(
    tmp_path: Path, opendata_home: Path
) -> None:
    """In a directory of associations, « Chœur X », « X Magazine », « Ah ! Les Beaux Jours »
    name no person: their line stays; a person's row loses hers."""
    names = [
        ("Chœur Polymnie Castelnau", False),
        ("Contact Lumière Magazine", False),
        ("Ah ! Les Beaux Jours", False),
        ("Lucie Ferrandiz", True),
    ]
    rows = [
        [names[i % len(names)][0], f"04 67 {10 + i:02d} 20 30", f"Domaine {i % 3}"]
        for i in range(40)
    ]
    src = write_csv(tmp_path / "assos.csv", ["NomAsso", "Tel_Asso", "Domaine"], rows)
    out = tmp_path / "out.csv"
    assert run_cli("anonymize", str(src), "--output", str(out)) == 0
    after = list(csv.DictReader(out.open(encoding="utf-8")))
    for i, row in enumerate(after):
        name, person = names[i % len(names)]
        assert (row["Tel_Asso"] == rows[i][1]) is not person, name


HONOURED = ["Germaine Tillion", "Jean Moulin", "Olympe de Gouges", "Louis Feuillade", "Marie Curie"]


def test_a_header_naming_public_figures_keeps_their_names(
    tmp_path: Path, opendata_home: Path
) -> None:
    """« Personnalité honorée » in a list of street names: public figures, kept like a place."""
    rows = [
        [f"DEN-{i:03d}", f"allée {HONOURED[i % 5]}", HONOURED[i % 5], f"{1990 + i}"]
        for i in range(30)
    ]
    header = ["Identifiant", "Dénomination", "Personnalité honorée", "Année"]
    src = write_csv(tmp_path / "voies.csv", header, rows)
    out = tmp_path / "out.csv"
    assert run_cli("anonymize", str(src), "--output", str(out)) == 0
    after = [row["Personnalité honorée"] for row in csv.DictReader(out.open(encoding="utf-8"))]
    assert after == [row[2] for row in rows]
